import { describe, expect, test } from 'vitest';
import { describeNetworkError, timeoutFetch } from './client.ts';

const withCode = (code: string): Error =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code }) });

describe('describeNetworkError', () => {
  test('explains the cause code Node hides behind "fetch failed"', () => {
    expect(describeNetworkError(withCode('ECONNREFUSED'), 1000)).toBe('connection refused (is the server running?)');
    expect(describeNetworkError(withCode('ENOTFOUND'), 1000)).toBe('host not found');
    expect(describeNetworkError(withCode('EWHATEVER'), 1000)).toBe('EWHATEVER');
  });

  test('timeouts and aborts', () => {
    expect(describeNetworkError(new DOMException('t', 'TimeoutError'), 60_000)).toBe('no answer within 60 seconds');
  });
});

describe('timeoutFetch', () => {
  test('passes an abort signal and rethrows failures with a readable message', async () => {
    let signal: AbortSignal | null | undefined;
    const failing = timeoutFetch(5000, (_input, init) => {
      signal = init?.signal;
      return Promise.reject(withCode('ECONNREFUSED'));
    });
    await expect(failing('http://127.0.0.1:1/api/v1/config')).rejects.toThrow('connection refused');
    expect(signal).toBeInstanceOf(AbortSignal);
  });

  test('a request that never answers fails when the signal fires', async () => {
    const hanging = timeoutFetch(1, (_input, init) => {
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    });
    await expect(hanging('http://127.0.0.1:1/')).rejects.toThrow('no answer within 0 seconds');
  });

  test("the caller's own signal still aborts the request", async () => {
    let seen: AbortSignal | null | undefined;
    const wrapped = timeoutFetch(60_000, (_input, init) => {
      seen = init?.signal;
      return Promise.resolve(new Response('{}'));
    });
    const cancel = new AbortController();
    await wrapped('http://127.0.0.1:1/', { signal: cancel.signal });
    expect(seen?.aborted).toBe(false);
    cancel.abort();
    expect(seen?.aborted).toBe(true);
  });

  /** A body that sends `pieces` pieces `everyMs` apart, then ends (or, with `stall`, never does). */
  function trickle(pieces: number, everyMs: number, stall = false): ReadableStream<Uint8Array> {
    let sent = 0;
    return new ReadableStream({
      async pull(controller) {
        if (sent === pieces) {
          if (!stall) controller.close();
          return new Promise(() => {});
        }
        await new Promise((resolve) => setTimeout(resolve, everyMs));
        sent++;
        controller.enqueue(new Uint8Array(1));
      },
    });
  }

  test('a body still flowing is not cut off, however long it takes; a stalled one fails', async () => {
    const flowing = timeoutFetch(500, () => Promise.resolve(new Response(trickle(15, 50))));
    // 15 × 50 ms is longer than the timeout, but bytes keep coming.
    expect((await (await flowing('http://x/')).arrayBuffer()).byteLength).toBe(15);

    const stalled = timeoutFetch(100, (_input, init) => {
      const body = trickle(2, 10, true);
      init?.signal?.addEventListener('abort', () => void body.cancel().catch(() => undefined));
      return Promise.resolve(new Response(body));
    });
    await expect((await stalled('http://x/')).arrayBuffer()).rejects.toThrow();
  });

  test('bodiless statuses pass through', async () => {
    const wrapped = timeoutFetch(1000, () => Promise.resolve(new Response(null, { status: 204 })));
    expect((await wrapped('http://x/')).status).toBe(204);
  });
});
