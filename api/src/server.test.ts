/**
 * The production server over real HTTP on a loopback port the OS picks, with a temp data directory.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { CreateSecretResponse } from '@zkpush/shared/schemas';
import { parseConfig, type Config } from './config/config.ts';
import { createMemoryLogger } from './logger.ts';
import { startServer, type RunningServer } from './server.ts';
import { fakeEnvelope, proofPair } from './testing/harness.ts';

const dirs: string[] = [];
function config(env: Record<string, string> = {}): Config {
  const dataDir = mkdtempSync(join(tmpdir(), 'zkpush-srv-'));
  dirs.push(dataDir);
  const parsed = parseConfig({
    ZKPUSH_PORT: '0',
    ZKPUSH_DATA_DIR: join(dataDir, 'data'),
    ZKPUSH_WEB_DIR: join(dataDir, 'no-web-build'),
    ...env,
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return parsed.config;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Raw HTTP/1.1 exchange: resolves with everything the server sent before the connection ended. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may reset the connection while we are still writing; what it sent first still counts.
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

/**
 * Opens a request whose body is still to come and resolves once the server has parsed its headers —
 * proven by Node's automatic `100 Continue` (RFC 9110 §10.1.1) — so it is certainly in flight.
 */
function openRequest(port: number, head: string) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('error', () => {});
  const ended = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  const inFlight = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) resolve();
    });
  });
  socket.write(head);
  return { socket, inFlight, ended };
}

describe('a running server', () => {
  let server: RunningServer;
  let cfg: Config;
  const logger = createMemoryLogger();
  beforeAll(async () => {
    // These tests are about atomicity under load, not rate limits (rate-limit tests live beside it).
    cfg = config({ ZKPUSH_RATE_LIMIT: 'off' });
    server = await startServer({ config: cfg, logger });
  });
  afterAll(async () => {
    await server.close();
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

  async function revealConcurrently(views: number, attempts: number): Promise<number[]> {
    const { id, keyProof } = await create(views);
    const responses = await Promise.all(
      Array.from({ length: attempts }, () =>
        fetch(`${server.url}/api/v1/secrets/${id}/reveal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ keyProof }),
        }).then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        }),
      ),
    );
    return responses.sort();
  }

  test('creates the data directory owner-only with the database inside', () => {
    expect(statSync(cfg.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cfg.dataDir, 'zkpush.sqlite')).isFile()).toBe(true);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  test('50 concurrent reveals of a 1-view secret: exactly one 200, the rest 410', async () => {
    const statuses = await revealConcurrently(1, 50);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(49);
  });

  test('50 concurrent reveals of a 3-view secret: exactly three 200', async () => {
    const statuses = await revealConcurrently(3, 50);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 410)).toHaveLength(47);
  });

  test('oversized headers get 431 from Node and the server keeps serving', async () => {
    const response = await rawRequest(
      server.port,
      `GET /api/v1/config HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect((await fetch(`${server.url}/api/v1/config`)).status).toBe(200);
  });

  test('pages without a web build answer 503 with instructions', async () => {
    const res = await fetch(`${server.url}/s/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('pnpm build');
  });

  test('logs are JSON lines and include the listen address', () => {
    for (const line of logger.lines)
      expect(() => v.parse(v.object({ msg: v.string() }), JSON.parse(line))).not.toThrow();
    expect(logger.lines.join('')).toContain(`"url":"${server.url}"`);
  });
});

describe('graceful shutdown', () => {
  test('lets an in-flight request finish, then refuses new connections', async () => {
    const server = await startServer({ config: config() });
    const body = JSON.stringify({ keyProof: proofPair().keyProof });
    const request = openRequest(
      server.port,
      `POST /api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA/reveal HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await request.inFlight;
    const closing = server.close();
    request.socket.end(body);
    await closing;
    // The in-flight request got its real answer (unknown id) rather than a dropped connection.
    expect(await request.ended).toMatch(/\r\n\r\nHTTP\/1\.1 404 Not Found\r\n/);
    await expect(fetch(`${server.url}/api/v1/config`)).rejects.toThrow();
  });

  test('cuts requests that outlive the grace period', async () => {
    const server = await startServer({ config: config(), shutdownGraceMs: 50 });
    const request = openRequest(
      server.port,
      'POST /api/v1/secrets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n',
    );
    await request.inFlight;
    // The body never comes; close() must still finish once the grace period is over.
    await server.close();
    expect(await request.ended).not.toMatch(/HTTP\/1\.1 [2-5]\d\d/);
  });

  test('close() is idempotent', async () => {
    const server = await startServer({ config: config() });
    await Promise.all([server.close(), server.close()]);
  });
});

test('start-up fails cleanly when the port is taken', async () => {
  const first = await startServer({ config: config() });
  try {
    await expect(startServer({ config: config({ ZKPUSH_PORT: String(first.port) }) })).rejects.toThrow(/EADDRINUSE/);
  } finally {
    await first.close();
  }
});
