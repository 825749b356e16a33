import { Hono } from 'hono';
import { expect, test } from 'vitest';
import { createErrorHandler } from '../api-error.ts';
import { limitBody } from './request-body.ts';
import { silentLogger } from '../../logger.ts';

function app(maxBytes: number): Hono {
  const a = new Hono();
  a.post('/', limitBody(maxBytes), async (c) => c.text(await c.req.text()));
  a.onError(createErrorHandler(silentLogger));
  return a;
}

/** A body without Content-Length: the bytes arrive as a stream and must be counted. */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
      controller.close();
    },
  });
}

test('with Content-Length: at the limit passes with the body intact, one byte over is 413', async () => {
  const ok = await app(10).request('/', { method: 'POST', body: '0123456789', headers: { 'content-length': '10' } });
  expect(ok.status).toBe(200);
  expect(await ok.text()).toBe('0123456789');
  const over = await app(10).request('/', { method: 'POST', body: '0123456789A', headers: { 'content-length': '11' } });
  expect(over.status).toBe(413);
  expect(await over.json()).toMatchObject({ error: { code: 'payload_too_large' } });
});

test('without Content-Length the streamed bytes are counted', async () => {
  const init = (text: string): RequestInit => ({ method: 'POST', body: streamed(text), duplex: 'half' });
  const ok = await app(10).request('/', init('0123456789'));
  expect(ok.status).toBe(200);
  expect(await ok.text()).toBe('0123456789');
  const over = await app(10).request('/', init('0123456789A'));
  expect(over.status).toBe(413);
});
