/**
 * `pnpm dev`: the API (`node --watch api/src/main.ts` on 127.0.0.1:8080, data in ./data) and the
 * SvelteKit dev server (`vite dev`, which proxies /api to the API — see web/vite.config.ts) side by
 * side, both reloading on change. Ctrl-C (or SIGTERM) stops both; if either exits, the other is
 * stopped and we exit with the first one's status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const webDir = join(root, 'web');
const API_PORT = process.env['ZKPUSH_PORT'] ?? '8080';
// The server creates it (owner-only) on first start.
const dataDir = join(root, 'data');

// web's own Vite, whatever version web/package.json pins (its bin is not in the package's exports).
const vitePkg = createRequire(join(webDir, 'package.json')).resolve('vite/package.json');
const viteBin = join(dirname(vitePkg), 'bin', 'vite.js');

function start(
  name: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void = () => {},
): ChildProcess {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['inherit', 'pipe', 'pipe'] });
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      out.write(`[${name}] ${line}\n`);
      onLine(line);
    });
  }
  return child;
}

// `node --watch` keeps waiting for file changes after the API crashes, which is what you want while
// editing. A failure before the API ever listened (port taken, bad ZKPUSH_* variable) will not be
// fixed by editing code, so that one ends `pnpm dev`.
let apiListened = false;
function watchApi(line: string): void {
  if (line.includes('"msg":"listening"')) apiListened = true;
  else if (!apiListened && line.startsWith('Failed running')) {
    process.stderr.write('[dev] the API failed to start; stopping\n');
    stopAll(1);
  }
}

const children = [
  start(
    'api',
    ['--watch', 'api/src/main.ts'],
    root,
    {
      ...process.env,
      ZKPUSH_HOST: '127.0.0.1',
      ZKPUSH_PORT: API_PORT,
      ZKPUSH_DATA_DIR: dataDir,
      ZKPUSH_LOG_LEVEL: process.env['ZKPUSH_LOG_LEVEL'] ?? 'debug',
    },
    watchApi,
  ),
  start('web', [viteBin, 'dev', '--host', '127.0.0.1', '--strictPort'], webDir, {
    ...process.env,
    ZKPUSH_API_URL: `http://127.0.0.1:${API_PORT}`,
  }),
];

let exitCode: number | undefined;
function stopAll(code: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  exitCode ??= code;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
}

for (const child of children) {
  child.on('exit', (code, signal) => {
    stopAll(code ?? (signal ? 1 : 0));
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode ?? 0);
  });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => stopAll(0, signal));
}
