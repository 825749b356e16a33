/** `zkpush delete` in-process against the real server. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runDelete } from './delete.ts';
import { EXIT } from '../../runtime/exit-codes.ts';
import { fakeContext, type FakeOptions } from '../../testing/context.ts';
import { startTestServer, webPush, type TestServer } from '../../testing/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

async function del(args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext(options);
  const code = await runDelete(args, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText() };
}

describe('zkpush delete', () => {
  test('with the token from ZKPUSH_OWNER_TOKEN and a link: the push is gone (deleted)', async () => {
    const p = await webPush(srv, 'x');
    const result = await del([p.link], { env: { ZKPUSH_OWNER_TOKEN: p.ownerToken } });
    expect(result).toEqual({ code: EXIT.ok, stdout: '', stderr: expect.stringMatching(/^Deleted/) });
    expect(await srv.client.meta(p.id)).toMatchObject({ kind: 'error', code: 'gone', reason: 'deleted' });
    // Deleting again: it is already gone.
    const again = await del([p.link], { env: { ZKPUSH_OWNER_TOKEN: p.ownerToken } });
    expect(again).toMatchObject({ code: EXIT.gone, stderr: expect.stringMatching(/^zkpush: deleted/) });
  });

  test('with --owner-token and a bare id on --server', async () => {
    const p = await webPush(srv, 'x');
    expect((await del([p.id, '--owner-token', p.ownerToken, '--server', srv.url, '-q'])).code).toBe(EXIT.ok);
  });

  test('a wrong token is refused (exit 10) and the push stays', async () => {
    const p = await webPush(srv, 'x');
    const other = await webPush(srv, 'y');
    const result = await del([p.link], { env: { ZKPUSH_OWNER_TOKEN: other.ownerToken } });
    expect(result).toMatchObject({ code: EXIT.unauthorized, stderr: expect.stringContaining('wrong owner token') });
    expect(result.stderr).not.toContain(other.ownerToken);
    expect(await srv.client.meta(p.id)).toMatchObject({ kind: 'ok' });
  });

  test('a malformed token is refused before any request; a missing one is a usage error', async () => {
    const p = await webPush(srv, 'x');
    expect(await del([p.link, '--owner-token', 'short'])).toMatchObject({
      code: EXIT.unauthorized,
      stderr: 'zkpush: the owner token must be 43 base64url characters\n',
    });
    expect(await del([p.link], { env: { ZKPUSH_OWNER_TOKEN: '' } })).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining('set ZKPUSH_OWNER_TOKEN'),
    });
    expect((await del([], { env: { ZKPUSH_OWNER_TOKEN: p.ownerToken } })).code).toBe(EXIT.usage);
  });

  test('unknown id: not found', async () => {
    const token = (await webPush(srv, 'x')).ownerToken;
    const result = await del(['AAAAAAAAAAAAAAAAAAAAAA', '-s', srv.url], { env: { ZKPUSH_OWNER_TOKEN: token } });
    expect(result.code).toBe(EXIT.notFound);
  });
});
