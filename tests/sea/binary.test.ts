/**
 * Smoke test of the single executable (dist/zkpush, built by `pnpm build:sea`): copied alone into an
 * empty directory and run with an environment that has no Node, no NODE_OPTIONS and no node_modules
 * within reach, it must serve the embedded web app and the API, round-trip secrets with the web app's
 * code and with its own `push`/`open` (also with a passphrase, and files), and stop cleanly on SIGTERM.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createApiClient, type ApiClient } from '@zkpush/shared/api-client';
import { parseLink } from '@zkpush/shared/link';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import cliPkg from '../../cli/package.json' with { type: 'json' };
import { flagName, SERVE_OPTIONS } from 'zkpush/serve-options';
import { endAll } from 'zkpush/testing/spawn';
import { createPush, revealText } from './flow.ts';
import { run, startServe, type Served } from './processes.ts';
import { getEncoded } from '../support/encoded-get.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMANDS = ['push', 'open', 'meta', 'delete', 'events', 'serve'];
const BUILT = join(REPO_ROOT, 'dist', 'zkpush');

let dir: string;
let binary: string;
let dataDir: string;
let env: Record<string, string>;
let server: Served | undefined;
let client: ApiClient;

beforeAll(() => {
  if (!existsSync(BUILT)) throw new Error('dist/zkpush is missing: run `pnpm build:sea` (`pnpm test:sea` does)');
  dir = mkdtempSync(join(tmpdir(), 'zkpush-sea-'));
  mkdirSync(join(dir, 'bin'));
  binary = join(dir, 'bin', 'zkpush');
  copyFileSync(BUILT, binary);
  chmodSync(binary, 0o755);
  dataDir = join(dir, 'data');
  // Nothing from this workspace: no Node on PATH, HOME in the temp dir, NODE_OPTIONS set but ignored.
  env = { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', NODE_OPTIONS: '--require /nonexistent.js' };
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  endAll(); // Also a server that never said it was listening.
  rmSync(dir, { recursive: true, force: true });
});

const zkpush = (args: string[], input?: string) => run(binary, args, { env, cwd: join(dir, 'bin'), input });
const serve = () =>
  startServe(binary, ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
    env,
    cwd: join(dir, 'bin'),
  });

describe('the single executable', () => {
  test('--version prints the package version; --help lists the commands, and each has its own', async () => {
    expect(await zkpush(['--version'])).toEqual({ code: 0, stdout: `${cliPkg.version}\n`, stderr: '' });
    const help = await zkpush(['--help']);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) {
      expect(help.stdout).toContain(`\n  ${command} `);
      const own = await zkpush([command, '--help']);
      expect(own, command).toMatchObject({ code: 0, stdout: expect.stringContaining(`Usage: zkpush ${command} `) });
      expect(own.stderr).toBe('');
    }
  });

  test('serve --help lists every option with its environment variable', async () => {
    const help = await zkpush(['serve', '--help']);
    expect(help.code).toBe(0);
    for (const option of SERVE_OPTIONS) {
      expect(help.stdout).toContain(`--${flagName(option.env)} `);
      expect(help.stdout).toContain(`${option.env}, default ${option.default}`);
    }
  });

  test('serves the embedded web app and the API from an empty directory', async () => {
    server = await serve();
    client = createApiClient({ baseUrl: server.url });
    expect(server.logs.join('\n')).toContain('serving the web app embedded in this executable');

    // The pages and files come from inside the binary; follow the served HTML to its scripts.
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await home.text();
    // The create page is a page of its own (web/src/pages/), one script named in its HTML.
    const script = /\/_app\/immutable\/pages\/create-[\w-]+\.js/.exec(html)?.[0];
    expect(script).toMatch(/^\/_app\/immutable\/pages\//);
    const asset = await fetch(`${server.url}${script ?? ''}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const route = await fetch(`${server.url}/s/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(route.status).toBe(200);
    expect(route.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await route.text()).toMatch(/\/_app\/immutable\/pages\/reveal-[\w-]+\.js/);
    expect((await fetch(`${server.url}/_app/immutable/missing.js`)).status).toBe(404);

    // The only thing written to disk: the data directory, with the SQLite addon in its private cache.
    expect(readdirSync(join(dir, 'bin'))).toEqual(['zkpush']);
    const addons = readdirSync(join(dataDir, '.native'));
    expect(addons).toEqual([expect.stringMatching(/^better_sqlite3-[0-9a-f]{16}\.node$/)]);
    expect(statSync(join(dataDir, '.native')).mode & 0o777).toBe(0o700);
  });

  test('serves the embedded app brotli- or gzip-encoded, with the encoded length, on GET and HEAD', async () => {
    const url = server?.url ?? '';
    const html = (await getEncoded(`${url}/s/AAAAAAAAAAAAAAAAAAAAAA`, undefined)).body.toString('utf8');
    const script = /\/_app\/immutable\/pages\/reveal-[\w-]+\.js/.exec(html)?.[0] ?? '';
    expect(script).not.toBe('');
    const identity = await getEncoded(`${url}${script}`, undefined);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers['content-length']).toBe(String(identity.body.byteLength));
    for (const [accept, coding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const encoded = await getEncoded(`${url}${script}`, accept);
      expect(encoded.status).toBe(200);
      expect(encoded.headers['content-encoding']).toBe(coding);
      expect(encoded.headers['vary']).toBe('Accept-Encoding');
      expect(encoded.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(encoded.headers['content-length']).toBe(String(encoded.body.byteLength));
      expect(encoded.body.byteLength).toBeLessThan(identity.body.byteLength);
      const decoded = coding === 'br' ? brotliDecompressSync(encoded.body) : gunzipSync(encoded.body);
      expect(decoded.equals(identity.body)).toBe(true);
      const head = await getEncoded(`${url}${script}`, accept, 'HEAD');
      expect(head.headers['content-length']).toBe(String(encoded.body.byteLength));
      expect(head.body.byteLength).toBe(0);
    }
    // The page itself too, never cached.
    const page = await getEncoded(`${url}/s/AAAAAAAAAAAAAAAAAAAAAA`, 'br');
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(brotliDecompressSync(page.body).toString('utf8')).toBe(html);
  });

  test('probes, and /metrics on its own listener behind a token (prom-client bundled)', async () => {
    const token = randomBytes(24).toString('base64url');
    const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', join(dir, 'metrics-data')];
    const listen = ['--metrics-listen', '127.0.0.1:0'];
    const ops = await startServe(binary, [...args, ...listen], {
      env: { ...env, ZKPUSH_METRICS_TOKEN: token },
      cwd: join(dir, 'bin'),
    });
    try {
      expect(await (await fetch(`${ops.url}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${ops.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
      expect((await fetch(`${ops.url}/metrics`)).status).toBe(404);
      const listening = ops.logs.find((line) => line.includes('"msg":"listening"')) ?? '';
      const metricsUrl = /"metricsUrl":"([^"]+)"/.exec(listening)?.[1];
      expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(401);
      const scrape = await fetch(`${metricsUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(scrape.status).toBe(200);
      const text = await scrape.text();
      expect(text).toContain('zkpush_stored_bytes{kind="envelopes"} 0');
      expect(text).toContain('process_resident_memory_bytes');
      expect(ops.logs.join('\n')).not.toContain(token);
    } finally {
      expect(await ops.stop()).toBe(0);
    }
  });

  test('serves the operator’s brand: files read from disk at start-up, drawn into the embedded pages', async () => {
    // The executable embeds the web app, not the brand: ZKPUSH_BRAND_* files are read from the paths
    // given, once at start-up (api/src/branding/brand-assets.ts), exactly as by `node api/src/main.ts`.
    const brandDir = join(dir, 'brand');
    mkdirSync(brandDir);
    const logo = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
    writeFileSync(join(brandDir, 'logo.svg'), logo);
    writeFileSync(join(brandDir, 'site.css'), '.site-footer { letter-spacing: 0.5px; }\n');
    const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', join(dir, 'brand-data')];
    const branded = await startServe(binary, args, {
      env: {
        ...env,
        ZKPUSH_BRAND_NAME: 'Acme & Co',
        ZKPUSH_BRAND_LOGO: join(brandDir, 'logo.svg'),
        ZKPUSH_BRAND_CSS: join(brandDir, 'site.css'),
        ZKPUSH_BRAND_DISCLAIMER: 'Staff only',
        ZKPUSH_BRAND_ACCENT: '#0b5d1e',
        ZKPUSH_BRAND_ACCENT_DARK: '#6ee7a0',
      },
      cwd: join(dir, 'bin'),
    });
    try {
      for (const path of ['/', '/s/AAAAAAAAAAAAAAAAAAAAAA', '/dashboard']) {
        const html = await (await fetch(`${branded.url}${path}`)).text();
        expect(html, path).toContain('<span dir="auto">Acme &#38; Co</span>');
        expect(html, path).toContain('<p class="brand-disclaimer" dir="auto">Staff only</p>');
        const logoPath = /<img class="brand-logo" src="(\/brand\/[0-9a-f]{20}\.svg)"/.exec(html)?.[1] ?? '';
        expect(await (await fetch(`${branded.url}${logoPath}`)).text()).toBe(logo);
        const sheets = [...html.matchAll(/<link rel="stylesheet" href="(\/brand\/[0-9a-f]{20}\.css)"/g)];
        const css = await Promise.all(sheets.map(async ([, href]) => (await fetch(`${branded.url}${href}`)).text()));
        expect(css.join('\n')).toContain('--color-accent: #0b5d1e;');
        expect(css.join('\n')).toContain('.site-footer { letter-spacing: 0.5px; }');
      }
    } finally {
      expect(await branded.stop()).toBe(0);
    }
  });

  test('create and reveal over HTTP with the web app’s client and crypto', async () => {
    const push = await createPush(client, 'pushed like the browser does');
    expect(await revealText(client, push.id, push.linkKey)).toBe('pushed like the browser does');
    const again = await client.reveal(push.id, { keyProof: 'A'.repeat(43) });
    expect(again).toMatchObject({ kind: 'error', status: 410 });
  });

  test('its own push and open round-trip, and links cross with the web app’s code', async () => {
    const url = server?.url ?? '';
    const pushed = await zkpush(['push', '--server', url, '--views', '2', '--expires', '1h'], 'from the binary\n');
    expect(pushed.code).toBe(0);
    const link = pushed.stdout.trim();
    expect(link).toMatch(new RegExp(`^${url}/s/[A-Za-z0-9_-]+#[A-Za-z0-9_-]{43}$`));

    const opened = await zkpush(['open', '-'], link);
    expect(opened).toMatchObject({ code: 0, stdout: 'from the binary' });

    // The second view, with the shared code a browser runs.
    const parsed = parseLink(link);
    if (parsed.kind !== 'ok') throw new Error(parsed.message);
    expect(await revealText(client, parsed.id, parsed.linkKey)).toBe('from the binary');
    expect((await zkpush(['open', '-'], link)).code).toBe(4);

    // And a browser-made link opens in the binary.
    const fromWeb = await createPush(client, 'from the web app');
    expect(await zkpush(['open', '-'], fromWeb.link(url))).toMatchObject({ code: 0, stdout: 'from the web app' });

    // The creator reads the audit trail, with the owner token from stdin.
    const trail = await zkpush(['events', '--json', '--owner-token-file', '-', fromWeb.link(url)], fromWeb.ownerToken);
    expect(trail.code, trail.stderr).toBe(0);
    const parsedTrail = JSON.parse(trail.stdout) as { state: string; events: { type: string }[] };
    expect(parsedTrail.state).toBe('viewed');
    expect(parsedTrail.events.map((e) => e.type)).toEqual(['created', 'viewed', 'expired_by_views']);
  });

  test('a passphrase push round-trips: from a variable to push, from a file to open; a wrong one is exit 6', async () => {
    const url = server?.url ?? '';
    const withPassphrase = { env: { ...env, ZK_PASS: 'binary passphrase' }, cwd: join(dir, 'bin') };
    const pushed = await run(binary, ['push', '--server', url, '--passphrase-env', 'ZK_PASS'], {
      ...withPassphrase,
      input: 'locked in the binary\n',
    });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toContain('Locked with a passphrase');
    const link = pushed.stdout.trim();

    const wrong = await run(binary, ['open', '-', '--passphrase-env', 'WRONG'], {
      env: { ...env, WRONG: 'binary passphrase?' },
      input: link,
    });
    expect(wrong).toMatchObject({ code: 6, stdout: '', stderr: expect.stringContaining('4 attempts left') });

    writeFileSync(join(dir, 'passphrase.txt'), 'binary passphrase\n', { mode: 0o600 });
    const opened = await zkpush(['open', '-', '--passphrase-file', '../passphrase.txt'], link);
    expect(opened).toMatchObject({ code: 0, stdout: 'locked in the binary' });
    rmSync(join(dir, 'passphrase.txt'));
  });

  test('files round-trip through the binary: push -f (streamed, 3 chunks and an empty file), open -o, same bytes', async () => {
    const url = server?.url ?? '';
    const work = join(dir, 'files');
    mkdirSync(work);
    const files = { 'backup.bin': randomBytes(2 * 1024 * 1024 + 4321), empty: Buffer.alloc(0) };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(work, name), bytes);
    const inWork = { env, cwd: work };
    const pushed = await run(
      binary,
      ['push', '--server', url, '-f', 'backup.bin', '-f', 'empty', '--message', 'sea'],
      inWork,
    );
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toContain('2 files, 2 MiB');
    const link = pushed.stdout.trim();
    expect(link).toMatch(new RegExp(`^${url}/s/[A-Za-z0-9_-]+#[A-Za-z0-9_-]{43}$`));

    const opened = await run(binary, ['open', '-', '-o', 'received'], { ...inWork, input: link });
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stderr).toContain('Message from the sender:\n  sea\n');
    const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
    expect(readdirSync(join(work, 'received')).sort()).toEqual(['backup.bin', 'empty']);
    for (const [name, bytes] of Object.entries(files)) {
      expect(sha256(readFileSync(join(work, 'received', name))), name).toBe(sha256(bytes));
    }
    expect((await run(binary, ['open', '-', '-o', 'again'], { ...inWork, input: link })).code).toBe(4);
  });

  test('SIGTERM: exit code 0, database closed (WAL checkpointed away), no key in any log line', async () => {
    const running = server;
    if (running === undefined) throw new Error('server not started');
    const push = await createPush(client, 'survives a restart', 2);
    expect(await running.stop('SIGTERM')).toBe(0);
    server = undefined;
    const logs = running.logs.join('\n');
    expect(logs).toContain('"msg":"stopped"');
    expect(logs).not.toContain(Buffer.from(push.linkKey).toString('base64url'));
    expect(existsSync(join(dataDir, 'zkpush.sqlite-wal'))).toBe(false);

    // Restart on the same data directory: the addon is reused, the push is still there.
    const addon = join(dataDir, '.native', readdirSync(join(dataDir, '.native'))[0] ?? '');
    const before = statSync(addon);
    server = await serve();
    client = createApiClient({ baseUrl: server.url });
    expect(statSync(addon).ino).toBe(before.ino);
    expect(statSync(addon).mtimeMs).toBe(before.mtimeMs);
    expect(await revealText(client, push.id, push.linkKey)).toBe('survives a restart');
    expect(await server.stop('SIGINT')).toBe(0);
    server = undefined;
  });
});
