/** The sign-in settings: the rules between them, the derived redirect URL, the secret file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConfig } from './config.ts';

const OIDC = {
  ZKPUSH_AUTH: 'oidc',
  ZKPUSH_OIDC_ISSUER: 'https://id.example.com/realms/staff',
  ZKPUSH_OIDC_CLIENT_ID: 'zkpush',
};

function errors(env: Record<string, string>): string {
  const result = parseConfig(env);
  return result.kind === 'invalid' ? result.errors.join('\n') : '';
}

describe('sign-in settings', () => {
  test('oidc derives the redirect URL from ZKPUSH_PUBLIC_URL and sets secure cookies behind https', () => {
    const result = parseConfig({ ...OIDC, ZKPUSH_PUBLIC_URL: 'https://push.example.com' });
    if (result.kind !== 'ok') throw new Error(result.errors.join('; '));
    expect(result.config.auth.oidc).toEqual({
      issuer: 'https://id.example.com/realms/staff',
      clientId: 'zkpush',
      clientSecret: undefined,
      scopes: ['openid', 'email', 'profile'],
      redirectUrl: 'https://push.example.com/auth/callback',
    });
    expect(result.config.auth.secureCookies).toBe(true);
  });

  test('oidc without an issuer, client id or redirect URL names each missing variable', () => {
    const text = errors({ ZKPUSH_AUTH: 'oidc', ZKPUSH_OIDC_SCOPES: 'email' });
    for (const name of ['ZKPUSH_OIDC_ISSUER', 'ZKPUSH_OIDC_CLIENT_ID', 'ZKPUSH_OIDC_REDIRECT_URL', 'openid']) {
      expect(text).toContain(name);
    }
  });

  test('trusted-header needs trusted proxies; a create policy needs a way to sign in', () => {
    expect(errors({ ZKPUSH_AUTH: 'trusted-header' })).toContain('ZKPUSH_TRUSTED_PROXIES');
    expect(errors({ ZKPUSH_CREATE_POLICY: 'signed-in' })).toContain('ZKPUSH_AUTH');
    expect(errors({ ZKPUSH_SESSION_IDLE_TIMEOUT: '2d', ZKPUSH_SESSION_MAX_AGE: '1d' })).toContain(
      'ZKPUSH_SESSION_IDLE_TIMEOUT',
    );
    expect(errors({ ...OIDC, ZKPUSH_OIDC_ISSUER: 'not a url', ZKPUSH_PUBLIC_URL: 'https://p.example' })).toContain(
      '"not a url"',
    );
  });

  test('the client secret comes from its file, trimmed; both forms at once is an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkpush-secret-'));
    try {
      const file = join(dir, 'secret');
      writeFileSync(file, 's3cret\n');
      const env = { ...OIDC, ZKPUSH_PUBLIC_URL: 'https://p.example', ZKPUSH_OIDC_CLIENT_SECRET_FILE: file };
      const result = parseConfig(env);
      expect(result.kind === 'ok' && result.config.auth.oidc?.clientSecret).toBe('s3cret');
      expect(errors({ ...env, ZKPUSH_OIDC_CLIENT_SECRET: 'x' })).toContain('set only one');
      // The message names the file, never a secret.
      expect(errors({ ...env, ZKPUSH_OIDC_CLIENT_SECRET_FILE: join(dir, 'missing') })).toContain('ENOENT');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('lists take commas or spaces; domains lose a leading @', () => {
    const result = parseConfig({
      ...OIDC,
      ZKPUSH_PUBLIC_URL: 'https://p.example',
      ZKPUSH_AUTH_ALLOWED_DOMAINS: '@Example.com, corp.example',
    });
    expect(result.kind === 'ok' && result.config.auth.allowedDomains).toEqual(['example.com', 'corp.example']);
  });
});
