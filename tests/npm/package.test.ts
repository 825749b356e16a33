/**
 * The `zkpush` npm package as it would be published: `pnpm --filter zkpush pack` (which runs the
 * package's prepack step, scripts/build-npm.ts) into a temp directory, then the tarball's file list and
 * manifest, then the extracted package run with the Node running the tests and nothing of the
 * workspace within reach: `--version`, a `serve` of its own web app and API, `push`/`open` round trips
 * against it. Nothing is downloaded: `serve` gets the workspace's installed better-sqlite3 through a
 * node_modules symlink — an installed package finds its dependency the same way (ES module imports
 * ignore NODE_PATH) — and the client copy has no node_modules at all. Needs web/build (`pnpm build`;
 * `pnpm test:npm` and `pnpm test:sea` build it first).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient, type ApiClient } from '@zkpush/shared/api-client';
import { parseLink } from '@zkpush/shared/link';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { endAll } from 'zkpush/testing/spawn';
import apiPkg from '../../api/package.json' with { type: 'json' };
import cliPkg from '../../cli/package.json' with { type: 'json' };
import { createPush, revealText } from '../sea/flow.ts';
import { run, startServe, type Served } from '../sea/processes.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_BUILD = join(REPO_ROOT, 'web', 'build');
/** Every path the package may hold (under the tarball's `package/`). */
const ALLOWED =
  /^(package\.json|README\.md|LICENSE|dist\/zkpush\.mjs|dist\/chunks\/[\w-]+\.mjs|dist\/THIRD-PARTY-LICENSES\.txt|dist\/web\/.+)$/;

let dir: string;
let tarball: string;
let files: string[];
/** The extracted package, with node_modules/better-sqlite3 linked in, for `serve`. */
let pkgDir: string;
/** A second copy without node_modules, for the client commands. */
let clientDir: string;
let env: Record<string, string>;
let server: Served | undefined;
let client: ApiClient;

/** pnpm as the test runner was started (npm_execpath), else from PATH. */
function pnpm(args: string[]): string {
  const execPath = process.env['npm_execpath'];
  const [command, prefix] =
    execPath === undefined
      ? ['pnpm', []]
      : /\.[cm]?js$/.test(execPath)
        ? [process.execPath, [execPath]]
        : [execPath, []];
  // Killed (SIGKILL) if it is still running after 2 minutes, within the hook's own timeout.
  return execFileSync(command, [...prefix, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: 'pipe',
    timeout: 110_000,
    killSignal: 'SIGKILL',
  });
}

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

beforeAll(() => {
  if (!existsSync(join(WEB_BUILD, 'index.html'))) {
    throw new Error('web/build is missing: run `pnpm build` (`pnpm test:npm` does)');
  }
  dir = mkdtempSync(join(tmpdir(), 'zkpush-npm-'));
  pnpm(['--filter', 'zkpush', 'pack', '--pack-destination', join(dir, 'packed')]);
  tarball = join(dir, 'packed', `zkpush-${cliPkg.version}.tgz`);
  files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();

  mkdirSync(join(dir, 'extracted'));
  execFileSync('tar', ['-xzf', tarball, '-C', join(dir, 'extracted')]);
  pkgDir = join(dir, 'extracted', 'package');
  clientDir = join(dir, 'client');
  cpSync(pkgDir, clientDir, { recursive: true });
  const sqlite = realpathSync(join(REPO_ROOT, 'cli', 'node_modules', 'better-sqlite3'));
  mkdirSync(join(pkgDir, 'node_modules'));
  symlinkSync(sqlite, join(pkgDir, 'node_modules', 'better-sqlite3'), 'dir');
  // Nothing from the workspace: no Node on PATH (the tests name it), HOME in the temp dir.
  env = { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' };
}, 120_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  endAll(); // Also a server that never said it was listening.
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const zkpush = (args: string[], input?: string, cwd = dir) =>
  run(process.execPath, [join(clientDir, 'dist', 'zkpush.mjs'), ...args], { env, cwd, input });

describe('the packed zkpush npm package', () => {
  test('holds the bundle, the web app and the licences, and nothing else', () => {
    expect(files.every((file) => file.startsWith('package/'))).toBe(true);
    const paths = files.map((file) => file.slice('package/'.length));
    expect(paths.filter((path) => !ALLOWED.test(path))).toEqual([]);
    // No sources, tests, environment files, databases or dependencies, whatever the patterns allow.
    expect(paths.filter((path) => /\.ts$|\.test\.|(^|\/)\.env|\.sqlite|node_modules|(^|\/)data\//.test(path))).toEqual(
      [],
    );
    expect(paths).toContain('dist/zkpush.mjs');
    expect(paths).toContain('README.md');
    expect(paths.filter((path) => path.startsWith('dist/chunks/')).length).toBeGreaterThan(0);
    // The web app exactly as built.
    const web = paths.filter((path) => path.startsWith('dist/web/')).map((path) => path.slice('dist/web/'.length));
    expect(web).toEqual(listFiles(WEB_BUILD));
    const licences = readFileSync(join(pkgDir, 'dist', 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    for (const name of ['hono', '@hono/node-server', 'kysely', 'valibot', '@noble/ciphers', '@noble/hashes']) {
      expect(licences).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
    }
    // zkpush's own licence, the same text as the repository's.
    expect(readFileSync(join(pkgDir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'));
  });

  test('its manifest: public, the bundle as bin, better-sqlite3 as the one dependency, no workspace: specifiers', () => {
    const text = readFileSync(join(pkgDir, 'package.json'), 'utf8');
    expect(text).not.toContain('workspace:');
    const manifest: unknown = JSON.parse(text);
    expect(manifest).not.toHaveProperty('private');
    expect(manifest).toMatchObject({
      name: 'zkpush',
      version: cliPkg.version,
      type: 'module',
      bin: { zkpush: './dist/zkpush.mjs' },
      engines: cliPkg.engines,
      license: cliPkg.license,
    });
    expect(manifest).toHaveProperty('dependencies', { 'better-sqlite3': apiPkg.dependencies['better-sqlite3'] });
    // The prepack step is for the workspace only; pnpm leaves publish-lifecycle scripts out.
    expect(manifest).not.toHaveProperty('scripts.prepack');
    const bin = join(pkgDir, 'dist', 'zkpush.mjs');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).toBe(0o111);
  });

  test('--version and --help run without any node_modules, also through the bin’s #! line', async () => {
    expect(await zkpush(['--version'])).toEqual({ code: 0, stdout: `${cliPkg.version}\n`, stderr: '' });
    const help = await zkpush(['--help']);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: zkpush <command>') });
    // As the installed `zkpush` command runs: the file itself, with this Node as the `node` on PATH.
    const nodeDir = join(dir, 'node-bin');
    mkdirSync(nodeDir);
    symlinkSync(process.execPath, join(nodeDir, 'node'));
    const direct = await run(join(clientDir, 'dist', 'zkpush.mjs'), ['--version'], {
      env: { ...env, PATH: `${nodeDir}:/usr/bin:/bin` },
      cwd: dir,
    });
    expect(direct).toEqual({ code: 0, stdout: `${cliPkg.version}\n`, stderr: '' });
  });

  test('serve runs from the package: its own web app, the API, better-sqlite3 from node_modules', async () => {
    const dataDir = join(dir, 'data');
    server = await startServe(
      process.execPath,
      [join(pkgDir, 'dist', 'zkpush.mjs'), 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir],
      { env, cwd: dir },
    );
    client = createApiClient({ baseUrl: server.url });
    const listening = server.logs.find((line) => line.includes('"msg":"listening"')) ?? '';
    expect(listening).toContain(`"webDir":${JSON.stringify(join(pkgDir, 'dist', 'web'))}`);

    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await home.text();
    // The create page is a page of its own (web/src/pages/), one script named in its HTML.
    const script = /\/_app\/immutable\/pages\/create-[\w-]+\.js/.exec(html)?.[0];
    expect(script).toMatch(/^\/_app\/immutable\/pages\//);
    expect((await fetch(`${server.url}${script ?? ''}`)).status).toBe(200);
    expect((await fetch(`${server.url}/s/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(200);

    // The database is where it was asked to be; no addon was extracted (that is the executable's way).
    expect(existsSync(join(dataDir, 'zkpush.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, '.native'))).toBe(false);
  });

  test('push and open from the package round-trip, and links cross with the web app’s code', async () => {
    const url = server?.url ?? '';
    const pushed = await zkpush(['push', '--server', url, '--views', '2', '--expires', '1h'], 'from npm\n');
    expect(pushed.code, pushed.stderr).toBe(0);
    const link = pushed.stdout.trim();
    expect(link).toMatch(new RegExp(`^${url}/s/[A-Za-z0-9_-]+#[A-Za-z0-9_-]{43}$`));
    expect(await zkpush(['open', '-'], link)).toMatchObject({ code: 0, stdout: 'from npm' });

    const parsed = parseLink(link);
    if (parsed.kind !== 'ok') throw new Error(parsed.message);
    expect(await revealText(client, parsed.id, parsed.linkKey)).toBe('from npm');
    expect((await zkpush(['open', '-'], link)).code).toBe(4);

    const fromWeb = await createPush(client, 'from the web app');
    expect(await zkpush(['open', '-'], fromWeb.link(url))).toMatchObject({ code: 0, stdout: 'from the web app' });
  });

  test('files round-trip: push -f, open -o, same bytes', async () => {
    const url = server?.url ?? '';
    const work = join(dir, 'files');
    mkdirSync(work);
    const bytes = randomBytes(1024 * 1024 + 777);
    writeFileSync(join(work, 'report.bin'), bytes);
    const pushed = await zkpush(['push', '--server', url, '-f', 'report.bin'], undefined, work);
    expect(pushed.code, pushed.stderr).toBe(0);
    const opened = await zkpush(['open', '-', '-o', 'received'], pushed.stdout.trim(), work);
    expect(opened.code, opened.stderr).toBe(0);
    expect(readFileSync(join(work, 'received', 'report.bin')).equals(bytes)).toBe(true);
  });

  test('SIGTERM stops the server with status 0', async () => {
    const running = server;
    if (running === undefined) throw new Error('server not started');
    expect(await running.stop('SIGTERM')).toBe(0);
    server = undefined;
    expect(running.logs.join('\n')).toContain('"msg":"stopped"');
  });
});
