/** `zkpush meta` in-process against the real server. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../runtime/exit-codes.ts';
import { runMeta } from './meta.ts';
import { fakeContext, type FakeOptions } from '../../testing/context.ts';
import { ok, startTestServer, webOpen, webPush, type TestServer } from '../../testing/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

async function meta(args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext(options);
  const code = await runMeta(args, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText() };
}

describe('zkpush meta', () => {
  test('for a link: a table on stdout, and no view used', async () => {
    const p = await webPush(srv, 'x', { views: 3 });
    const result = await meta([p.link]);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain(`id         ${p.id}\nviews left 3 of 3\n`);
    expect(result.stdout).toMatch(/^expires {4}\S+ \(in 1 day\)$/m);
    expect(result.stderr).toBe('');
    expect(ok(await srv.client.meta(p.id)).viewsLeft).toBe(3);
  });

  test('--json is the server’s metadata object; a bare id uses ZKPUSH_SERVER', async () => {
    const p = await webPush(srv, 'x');
    const result = await meta(['--json', p.id], { env: { ZKPUSH_SERVER: srv.url } });
    expect(JSON.parse(result.stdout)).toEqual(ok(await srv.client.meta(p.id)));
  });

  test('a link without its key works too (metadata needs no key)', async () => {
    const p = await webPush(srv, 'x');
    expect((await meta([p.link.split('#')[0]!])).code).toBe(EXIT.ok);
  });

  test('gone and not found', async () => {
    const p = await webPush(srv, 'x');
    await webOpen(srv, p.link);
    expect(await meta([p.link])).toMatchObject({
      code: EXIT.gone,
      stdout: '',
      stderr: expect.stringMatching(/^zkpush: already viewed/),
    });
    expect(await meta(['AAAAAAAAAAAAAAAAAAAAAA', '-s', srv.url])).toMatchObject({ code: EXIT.notFound });
  });

  test('usage errors', async () => {
    expect(await meta([])).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining('meta needs a link or an id'),
    });
    expect(await meta(['nonsense'])).toMatchObject({ code: EXIT.usage });
  });
});
