/** `zkpush serve` in-process: flags and environment, help, and a real server stopped by a fake signal. */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBase64url } from '@zkpush/shared/base64url';
import { sealText } from '@zkpush/shared/push';
import type { Config } from '@zkpush/api/config';
import type { RunningServer, StartServerOptions } from '@zkpush/api/server';
import { afterAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../runtime/exit-codes.ts';
import { main } from '../../main.ts';
import { flagName, SERVE_OPTIONS } from './options.ts';
import { SERVE_HELP } from './messages.ts';
import { runServe, systemServeDeps, type ServeDeps } from './serve.ts';
import { fakeContext } from '../../testing/context.ts';

const root = mkdtempSync(join(tmpdir(), 'zkpush-serve-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const dataDir = (): string => join(root, `data-${++dirs}`);

/** Real server, fake process: signals come from an emitter, exit is recorded instead of ending the test. */
function testDeps(overrides: Partial<ServeDeps> = {}) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  let resolveReady: (server: RunningServer) => void = () => {};
  const ready = new Promise<RunningServer>((resolve) => (resolveReady = resolve));
  const deps: ServeDeps = {
    ...systemServeDeps(),
    signals,
    exit: (code) => void exits.push(code),
    onReady: (server) => resolveReady(server),
    ...overrides,
  };
  return { deps, signals, exits, ready };
}

/** A startServer that only records the options it was given. */
function recordingStart(): { start: ServeDeps['startServer']; seen: StartServerOptions[] } {
  const seen: StartServerOptions[] = [];
  const start = (options: StartServerOptions): Promise<RunningServer> => {
    seen.push(options);
    return Promise.resolve({ url: 'http://127.0.0.1:1', port: 1, close: () => Promise.resolve() });
  };
  return { start, seen };
}

describe('help and usage', () => {
  test('--help lists every option with its variable and default, on stdout', async () => {
    for (const argv of [
      ['serve', '--help'],
      ['serve', '-h'],
      ['help', 'serve'],
    ]) {
      const ctx = fakeContext();
      expect(await main(argv, ctx)).toBe(EXIT.ok);
      expect(ctx.stdoutText()).toBe(SERVE_HELP);
    }
    for (const option of SERVE_OPTIONS) {
      expect(SERVE_HELP).toContain(`--${flagName(option.env)} `);
      expect(SERVE_HELP).toContain(`${option.env}, default ${option.default}`);
    }
  });

  test('the main help names the command', async () => {
    const ctx = fakeContext();
    await main(['--help'], ctx);
    expect(ctx.stdoutText()).toMatch(/^ {2}serve /m);
  });

  test('unknown flags and arguments are usage errors', async () => {
    const { deps } = testDeps();
    const bogus = fakeContext();
    expect(await runServe(['--bogus'], bogus, deps)).toBe(EXIT.usage);
    expect(bogus.stderrText()).toContain('--bogus');
    const extra = fakeContext();
    expect(await runServe(['now'], extra, deps)).toBe(EXIT.usage);
    expect(extra.stderrText()).toContain('serve takes no arguments');
  });
});

describe('configuration', () => {
  test('a flag wins over its variable; variables without a flag still apply', async () => {
    const { start, seen } = recordingStart();
    const { deps, signals, ready } = testDeps({ startServer: start });
    const ctx = fakeContext({ env: { ZKPUSH_VIEWS_MAX: '5', ZKPUSH_EXPIRY_MAX: '2d', ZKPUSH_LOG_LEVEL: 'silent' } });
    const done = runServe(['--views-max', '7', '--port', '0', '--data-dir', dataDir()], ctx, deps);
    await ready;
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(EXIT.ok);
    const config: Config | undefined = seen[0]?.config;
    expect(config?.views.max).toBe(7);
    expect(config?.expiresIn.max).toBe(2 * 24 * 3600);
    expect(config?.port).toBe(0);
  });

  test('a bad value stops start-up naming the flag it came from (exit 2), or just the variable', async () => {
    const { start, seen } = recordingStart();
    const { deps } = testDeps({ startServer: start });
    const byFlag = fakeContext({ env: { ZKPUSH_PORT: '8080' } });
    expect(await runServe(['--port', '70000', '--views-default', '0'], byFlag, deps)).toBe(EXIT.usage);
    expect(byFlag.stderrText()).toContain('invalid configuration: --port (ZKPUSH_PORT) must be an integer');
    expect(byFlag.stderrText()).toContain('--views-default (ZKPUSH_VIEWS_DEFAULT)');
    const byEnv = fakeContext({ env: { ZKPUSH_PORT: 'eighty' } });
    expect(await runServe([], byEnv, deps)).toBe(EXIT.usage);
    expect(byEnv.stderrText()).toMatch(/invalid configuration: ZKPUSH_PORT must/);
    expect(seen).toEqual([]);
  });

  test('outside a single executable the web app comes from the web directory and SQLite from node_modules', async () => {
    const { start, seen } = recordingStart();
    const { deps, signals, ready } = testDeps({ startServer: start });
    const done = runServe(['--data-dir', dataDir(), '--log-level', 'silent'], fakeContext(), deps);
    await ready;
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(EXIT.ok);
    expect(seen[0]?.assets).toBeUndefined();
    expect(seen[0]?.nativeBinding).toBeUndefined();
  });

  test('the embedded web app is used unless a web directory is given', async () => {
    const embeddedAssets = { get: () => Promise.resolve(undefined), list: () => Promise.resolve([]) };
    const embedded = { assets: () => embeddedAssets, nativeBinding: (dir: string) => join(dir, 'addon.node') };
    for (const [args, env, expected] of [
      [[], {}, embeddedAssets],
      [['--web-dir', root], {}, undefined],
      [[], { ZKPUSH_WEB_DIR: root }, undefined],
    ] as const) {
      const { start, seen } = recordingStart();
      const { deps, signals, ready } = testDeps({ startServer: start, embedded });
      const dir = dataDir();
      const done = runServe([...args, '--data-dir', dir, '--log-level', 'silent'], fakeContext({ env }), deps);
      await ready;
      signals.emit('SIGINT', 'SIGINT');
      expect(await done).toBe(EXIT.ok);
      expect(seen[0]?.assets).toBe(expected);
      expect(seen[0]?.nativeBinding).toBe(join(dir, 'addon.node'));
    }
  });

  test('systemServeDeps carries the installation’s web directory', () => {
    expect(systemServeDeps({ webDir: '/opt/zkpush/dist/web' }).installedWebDir).toBe('/opt/zkpush/dist/web');
    expect(systemServeDeps().installedWebDir).toBeUndefined();
  });

  test('the npm package serves the web app it ships, unless ZKPUSH_WEB_DIR or --web-dir says otherwise', async () => {
    const shipped = join(root, 'package', 'dist', 'web');
    const other = join(root, 'other-web');
    for (const [args, env, expected] of [
      [[], {}, shipped],
      [[], { ZKPUSH_WEB_DIR: '  ' }, shipped],
      [['--web-dir', other], {}, other],
      [[], { ZKPUSH_WEB_DIR: other }, other],
    ] as const) {
      const { start, seen } = recordingStart();
      const { deps, signals, ready } = testDeps({ startServer: start, installedWebDir: shipped });
      const done = runServe([...args, '--data-dir', dataDir(), '--log-level', 'silent'], fakeContext({ env }), deps);
      await ready;
      signals.emit('SIGTERM', 'SIGTERM');
      expect(await done).toBe(EXIT.ok);
      expect(seen[0]?.config.webDir).toBe(expected);
      expect(seen[0]?.assets).toBeUndefined();
    }
  });

  test('a server that cannot start is exit 1 with the reason logged', async () => {
    const { deps } = testDeps({ startServer: () => Promise.reject(new Error('listen EADDRINUSE')) });
    const ctx = fakeContext();
    expect(await runServe(['--data-dir', dataDir()], ctx, deps)).toBe(EXIT.other);
    expect(ctx.stdoutText()).toMatch(/"msg":"start-up failed".*EADDRINUSE/);
  });
});

describe('the real server', () => {
  test('serves, lets an in-flight request finish after SIGTERM, closes the database, exits 0', async () => {
    const dir = dataDir();
    const { deps, signals, exits, ready } = testDeps();
    const ctx = fakeContext({ env: { ZKPUSH_HOST: '127.0.0.1' } });
    const done = runServe(['--port', '0', '--data-dir', dir, '--views-max', '9'], ctx, deps);
    const server = await ready;

    const config = await fetch(`${server.url}/api/v1/config`).then((res) => res.json());
    expect(config).toMatchObject({ views: { max: 9 } });

    // A create whose body is still on its way when SIGTERM arrives. `Expect: 100-continue` makes the
    // server confirm it has the request before the body is sent, so the request is in flight for sure.
    const sealed = sealText('in flight');
    const body = JSON.stringify({ ...sealed.request, views: 1 });
    const req = request(`${server.url}/api/v1/secrets`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });
    await new Promise<void>((resolve) => req.once('continue', () => resolve()));
    signals.emit('SIGTERM', 'SIGTERM');
    expect(ctx.stdoutText()).toContain('"msg":"shutting down"');
    req.end(body);

    const answer = await response;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.text)).toMatchObject({ views: 1 });
    expect(await done).toBe(EXIT.ok);
    expect(exits).toEqual([]);
    expect(ctx.stdoutText()).toContain('"msg":"stopped"');
    // Closed cleanly: SQLite checkpointed the WAL into the database file and removed it.
    expect(existsSync(join(dir, 'zkpush.sqlite'))).toBe(true);
    expect(existsSync(join(dir, 'zkpush.sqlite-wal'))).toBe(false);
    await expect(fetch(`${server.url}/api/v1/config`)).rejects.toThrow();
    expect(ctx.stdoutText()).not.toContain(toBase64url(sealed.linkKey));
  });

  test('a second signal during shutdown exits at once with status 1', async () => {
    let finish: () => void = () => {};
    const slowClose = new Promise<void>((resolve) => (finish = resolve));
    const { deps, signals, exits, ready } = testDeps({
      startServer: () => Promise.resolve({ url: 'http://127.0.0.1:1', port: 1, close: () => slowClose }),
    });
    const done = runServe(['--data-dir', dataDir(), '--log-level', 'silent'], fakeContext(), deps);
    await ready;
    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([EXIT.other]);
    finish();
    expect(await done).toBe(EXIT.ok);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });
});
