/**
 * The repository's Caddyfile, as it is, in front of a real zkpush server (`zkpush serve` from the CLI,
 * under Node): Debian's caddy with certificates from its internal CA (`local_certs`, the global form of
 * `tls internal`) on https://localhost:<free port>, everything on loopback, state in a temp directory.
 * Create and reveal run over HTTPS through it, with the shared client and crypto and with the CLI.
 *
 * The client connects from 127.0.0.2, Caddy from 127.0.0.1, and the server runs with
 * ZKPUSH_TRUSTED_PROXIES=127.0.0.1: so the address in the audit trail shows whether the server took the
 * client address from X-Forwarded-For (through the trusted proxy) or from the TCP peer (direct).
 *
 * This caddy listens on nothing but its one loopback port (no port-80 redirect listener, no admin
 * endpoint), so a system caddy.service on :80/:443 — Debian's package starts one — does not disturb it.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient, type ApiClient } from '@zkpush/shared/api-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { endAll, endChild, spawnChild } from 'zkpush/testing/spawn';
import { freePort } from '../support/server-process.ts';
import { createPush, ok, revealText } from '../sea/flow.ts';
import { run, startServe, waitForLine, type Served } from '../sea/processes.ts';
import { nodeFetch } from './node-fetch.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CADDY = '/usr/bin/caddy';
const CLIENT_ADDRESS = '127.0.0.2';
const DIRECT_ADDRESS = '127.0.0.3';
const FORGED = '203.0.113.9';
const installed = existsSync(CADDY);
if (!installed) {
  // `pnpm test` installs it first where it can (scripts/ensure-test-deps.ts), so this is a machine
  // without root or apt-get: say what is missing and how to get it.
  console.warn(
    `Caddy HTTPS e2e skipped: ${CADDY} is missing. Install Debian's caddy package ` +
      '("sudo apt-get install caddy"; pnpm test does that itself as root or with passwordless sudo).',
  );
}

let dir: string;
let zkpush: Served;
/** Set once beforeAll has it: afterAll checks its exit code only then. */
let zkpushStarted = false;
let caddy: ChildProcess | undefined;
let origin: string;
let rootCa: string;
let viaCaddy: ApiClient;

beforeAll(async () => {
  if (!installed) return;
  dir = mkdtempSync(join(tmpdir(), 'zkpush-caddy-'));
  zkpush = await startServe(
    process.execPath,
    [
      join(REPO_ROOT, 'cli', 'bin', 'zkpush.js'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      join(dir, 'data'),
      '--trusted-proxies',
      '127.0.0.1',
      '--ip-logging',
      'full',
    ],
    { env: { PATH: process.env['PATH'] ?? '', ZKPUSH_HOST: '127.0.0.1' }, cwd: REPO_ROOT },
  );
  zkpushStarted = true;

  const port = await freePort();
  const storage = join(dir, 'caddy');
  // Global options only for the test (loopback binding, no admin endpoint, no trust-store changes, no
  // port-80 redirect listener), then the real Caddyfile.
  const caddyfile = join(dir, 'Caddyfile');
  writeFileSync(
    caddyfile,
    [
      '{',
      '\tadmin off',
      '\tdefault_bind 127.0.0.1',
      '\tauto_https disable_redirects',
      '\tlocal_certs',
      '\tskip_install_trust',
      `\tstorage file_system ${storage}`,
      '}',
      `import ${join(REPO_ROOT, 'Caddyfile')}`,
      '',
    ].join('\n'),
  );
  caddy = spawnChild(CADDY, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
    cwd: dir,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: dir,
      XDG_DATA_HOME: dir,
      XDG_CONFIG_HOME: dir,
      ZKPUSH_DOMAIN: `localhost:${port}`,
      ZKPUSH_UPSTREAM: `127.0.0.1:${zkpush.port}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(caddy, (line) => line.includes('certificate obtained successfully'), 'its certificate was issued');
  origin = `https://localhost:${port}`;
  rootCa = readFileSync(join(storage, 'pki', 'authorities', 'local', 'root.crt'), 'utf8');
  viaCaddy = createApiClient({ baseUrl: origin, fetch: nodeFetch({ ca: rootCa, localAddress: CLIENT_ADDRESS }) });
});

afterAll(async () => {
  if (caddy !== undefined) await endChild(caddy);
  if (zkpushStarted) expect(await zkpush.stop()).toBe(0);
  endAll(); // Whatever beforeAll started and could not hand over (a server that never said it listens).
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!installed)('zkpush behind the Caddyfile, over HTTPS', () => {
  test('create and reveal with the web app’s client and crypto', async () => {
    const config = ok(await viaCaddy.config());
    expect(config.apiVersion).toBe(1);
    const push = await createPush(viaCaddy, 'through caddy');
    expect(ok(await viaCaddy.meta(push.id))).toMatchObject({ viewsLeft: 1 });
    expect(await revealText(viaCaddy, push.id, push.linkKey)).toBe('through caddy');
    expect(await viaCaddy.meta(push.id)).toMatchObject({ kind: 'error', status: 410, reason: 'viewed' });
  });

  test('HSTS is added, the Server header removed, responses compressed, zkpush’s own headers kept', async () => {
    const res = await nodeFetch({ ca: rootCa, headers: { 'accept-encoding': 'gzip' } })(`${origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(res.headers.get('server')).toBeNull();
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('the CLI pushes and opens over HTTPS, trusting Caddy’s CA through NODE_EXTRA_CA_CERTS', async () => {
    const caFile = join(dir, 'root.crt');
    writeFileSync(caFile, rootCa);
    const env = { PATH: process.env['PATH'] ?? '', NODE_EXTRA_CA_CERTS: caFile };
    const bin = join(REPO_ROOT, 'cli', 'bin', 'zkpush.js');
    const pushed = await run(process.execPath, [bin, 'push', '--server', origin], { env, input: 'cli over tls' });
    expect(pushed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^https:\/\/localhost:\d+\/s\//) });
    const opened = await run(process.execPath, [bin, 'open', '-'], { env, input: pushed.stdout });
    expect(opened).toMatchObject({ code: 0, stdout: 'cli over tls' });
  });

  test('the server takes the client address from X-Forwarded-For only from the trusted proxy', async () => {
    // Through Caddy, with a forged header: Caddy replaces it, the server trusts Caddy's.
    const forging = { ca: rootCa, localAddress: CLIENT_ADDRESS, headers: { 'x-forwarded-for': FORGED } };
    const proxied = createApiClient({ baseUrl: origin, fetch: nodeFetch(forging) });
    const viaProxy = await createPush(proxied, 'who am i');
    const events = await viaCaddy.events(viaProxy.id, viaProxy.ownerToken);
    expect(ok(events).events[0]).toMatchObject({ type: 'created', ip: CLIENT_ADDRESS });

    // Straight to zkpush from an untrusted peer, same forged header: ignored, the peer counts.
    const direct = createApiClient({
      baseUrl: zkpush.url,
      fetch: nodeFetch({ localAddress: DIRECT_ADDRESS, headers: { 'x-forwarded-for': FORGED } }),
    });
    const directPush = await createPush(direct, 'who am i');
    const directEvents = ok(await direct.events(directPush.id, directPush.ownerToken));
    expect(directEvents.events[0]).toMatchObject({ type: 'created', ip: DIRECT_ADDRESS });
  });
});
