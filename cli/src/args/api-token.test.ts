import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXIT } from '../runtime/exit-codes.ts';
import { fakeContext } from '../testing/context.ts';
import { contextWithApiToken, resolveApiToken, withApiToken } from './api-token.ts';

const TOKEN = `zkpush.${'a'.repeat(43)}`;

const ctxWith = (env: Record<string, string>, cwd = '/') => fakeContext({ env, cwd });

describe('the API token', () => {
  test('comes from --token-file (trimmed), --token, else ZKPUSH_TOKEN; none is fine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkpush-token-'));
    try {
      writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
      expect(await resolveApiToken({ 'token-file': 'token' }, ctxWith({}, dir))).toEqual({ kind: 'ok', value: TOKEN });
      expect(await resolveApiToken({ token: TOKEN }, ctxWith({}))).toEqual({ kind: 'ok', value: TOKEN });
      expect(await resolveApiToken({}, ctxWith({ ZKPUSH_TOKEN: TOKEN }))).toEqual({ kind: 'ok', value: TOKEN });
      expect(await resolveApiToken({}, ctxWith({}))).toEqual({ kind: 'ok', value: undefined });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a malformed token or two sources fail before any request, never echoing the token', async () => {
    const bad = await resolveApiToken({ token: 'zkpush.secret-but-short' }, ctxWith({}));
    expect(bad.kind === 'fail' && bad.failure.exit).toBe(EXIT.signInRequired);
    expect(JSON.stringify(bad)).not.toContain('secret-but-short');
    const twice = await resolveApiToken({ token: TOKEN, 'token-file': 'x' }, ctxWith({}));
    expect(twice.kind === 'fail' && twice.failure.exit).toBe(EXIT.usage);
  });

  test('is sent as a bearer token only where no other credential is', async () => {
    const seen: (string | null)[] = [];
    const fetch = withApiToken((_url, init) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return Promise.resolve(new Response('{}'));
    }, TOKEN);
    await fetch('http://x/api/v1/config');
    await fetch('http://x/api/v1/secrets/id', { headers: { authorization: 'Bearer owner' } });
    expect(seen).toEqual([`Bearer ${TOKEN}`, 'Bearer owner']);
    const ctx = ctxWith({});
    expect(contextWithApiToken(ctx, undefined)).toBe(ctx);
    expect(contextWithApiToken(ctx, TOKEN).fetch).not.toBe(ctx.fetch);
  });
});
