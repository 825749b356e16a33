/**
 * The production server over real connections (issue 10 §6, §7):
 * - a client that resets its TCP connection right after sending a request keeps its address: the
 *   server takes it when the connection is accepted, so the audit trail records it (with
 *   ZKPUSH_IP_LOGGING=full) and the request draws on that address's rate-limit budget, not the shared
 *   `unknown` one;
 * - a request under a host name the server does not answer (a DNS-rebinding page) gets 421, while
 *   `127.0.0.1:PORT` and `localhost:PORT` — what `zkpush serve` on loopback is reached by — work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { CreateSecretResponse, EventsPage } from '@zkpush/shared/schemas';
import { parseConfig } from './config/config.ts';
import { startServer, type RunningServer } from './server.ts';
import { fakeEnvelope, proofPair } from './testing/harness.ts';

let dir: string;
let server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-peer-'));
  const parsed = parseConfig({
    ZKPUSH_PORT: '0',
    ZKPUSH_DATA_DIR: join(dir, 'data'),
    ZKPUSH_WEB_DIR: join(dir, 'no-web-build'),
    ZKPUSH_IP_LOGGING: 'full',
    ZKPUSH_RATE_REVEAL: '2/hour',
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  server = await startServer({ config: parsed.config });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function create(views: number) {
  const { keyProof, keyProofHash } = proofPair();
  const res = await fetch(`${server.url}/api/v1/secrets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ envelope: toBase64url(fakeEnvelope()), keyProofHash, views }),
  });
  expect(res.status).toBe(201);
  return { ...v.parse(CreateSecretResponse, await res.json()), keyProof };
}

async function events(id: string, ownerToken: string): Promise<EventsPage> {
  const res = await fetch(`${server.url}/api/v1/secrets/${id}/events`, {
    headers: { authorization: `Bearer ${ownerToken}` },
  });
  return v.parse(EventsPage, await res.json());
}

/** Writes one whole request, then resets the connection (RST) without waiting for any answer. */
/** One raw request with the given Host; resolves with the status line's code. */
function statusFor(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.end(`GET /api/v1/config HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1])));
  });
}

test('answers its loopback names and refuses a rebinding host name with 421', async () => {
  expect(await statusFor(`127.0.0.1:${server.port}`)).toBe(200);
  expect(await statusFor(`localhost:${server.port}`)).toBe(200);
  expect(await statusFor(`rebind.attacker.example:${server.port}`)).toBe(421);
});

function sendAndReset(path: string, body: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      const head =
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
      socket.write(head + body, () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    socket.on('error', () => {});
  });
}

test('a burn sent on a connection reset at once is recorded with its address and counted against it', async () => {
  const burned = await create(1);
  await sendAndReset(`/api/v1/secrets/${burned.id}/burn`, JSON.stringify({ keyProof: burned.keyProof }));

  let page = await events(burned.id, burned.ownerToken);
  for (let i = 0; i < 200 && page.state === 'active'; i++) {
    await new Promise((r) => setTimeout(r, 10));
    page = await events(burned.id, burned.ownerToken);
  }
  expect(page.state).toBe('deleted');
  expect(page.events.find((e) => e.type === 'deleted_by_viewer')?.ip).toBe('127.0.0.1');

  // The burn took one of 127.0.0.1's two reveal tokens: one reveal left, then 429.
  const push = await create(2);
  const reveal = () =>
    fetch(`${server.url}/api/v1/secrets/${push.id}/reveal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keyProof: push.keyProof }),
    });
  expect((await reveal()).status).toBe(200);
  expect((await reveal()).status).toBe(429);
});
