/**
 * The production entry point as operators run it (`node api/src/main.ts`): configuration errors name
 * the variable, each request is one JSON log line without query strings or bodies, SIGTERM is a clean
 * exit.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { expect, test } from 'vitest';
import { REPO_ROOT, startServerProcess } from '../support/server-process.ts';

test("README command 1 runs the server from the checkout's root, so its data is in ./data", () => {
  // ZKPUSH_DATA_DIR defaults to ./data of the working directory; `pnpm --filter … run start` would run
  // it in api/ and put the database in api/data instead of where the README says.
  const pkg = v.parse(
    v.object({ scripts: v.object({ start: v.string() }) }),
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')),
  );
  expect(pkg.scripts.start).toBe('pnpm run build && node api/src/main.ts');
});

/** Starting Node on a busy 2-core machine can take many seconds: a timeout is a failure, not a wait. */
const SLOW_START = { timeout: 90_000 };

test('a bad variable exits 1 and names it', SLOW_START, () => {
  const r = spawnSync(process.execPath, ['api/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ZKPUSH_PORT: 'eighty', ZKPUSH_VIEWS_MAX: '0' },
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  expect(r.status).toBe(1);
  const out = r.stdout + r.stderr;
  expect(out).toContain('ZKPUSH_PORT');
  expect(out).toContain('ZKPUSH_VIEWS_MAX');
});

test('logs one JSON line per request, without query string or body, and exits 0 on SIGTERM', SLOW_START, async () => {
  const server = await startServerProcess();
  let code: number | null;
  try {
    const marker = 'querycanary';
    const res = await fetch(`${server.url}/api/v1/config?${marker}=1`);
    expect(res.status).toBe(200);
    const bad = await fetch(`${server.url}/api/v1/secrets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ envelope: 'bodycanary' }),
    });
    expect(bad.status).toBe(400);
    // The log line may be written just after the response; wait for it without sleeping blindly.
    await expect.poll(() => server.logs.filter((l) => l.includes('/api/v1/secrets')).length).toBeGreaterThan(0);

    const requestLines = server.logs
      .filter((l) => l.startsWith('out: {'))
      .map((l): unknown => JSON.parse(l.slice(5)))
      .filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null && 'status' in o);
    expect(requestLines).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/v1/config', status: 200 }),
    );
    expect(requestLines).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/api/v1/secrets', status: 400 }),
    );
    for (const line of requestLines) expect(typeof line['ms']).toBe('number');
    const all = server.logs.join('\n');
    expect(all).not.toContain(marker);
    expect(all).not.toContain('bodycanary');
  } finally {
    code = await server.stop();
  }
  expect(code).toBe(0);
});
