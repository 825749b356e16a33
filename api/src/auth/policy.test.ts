/** The create policy and role mapping as pure functions (routes: trusted-header.test.ts, tokens.test.ts). */
import { describe, expect, test } from 'vitest';
import { mayCreate, mayCreateThis } from './policy.ts';
import { ANONYMOUS, hasScope, principalUserId, type Principal } from './principal.ts';
import { decideRole, groupsFrom } from './role-mapping.ts';
import { safeReturnTo } from './login-flow.ts';

const user = (role: 'admin' | 'member') => ({ id: 'u', email: 'a@example.com', emailVerified: true, name: null, role });
const member: Principal = { kind: 'user', via: 'session', user: user('member'), csrfToken: 'c', sessionIdHash: 'h' };
const admin: Principal = { ...member, user: user('admin') };
const token = (scopes: ('create' | 'read-own-events' | 'delete-own')[]): Principal => ({
  kind: 'token',
  token: { id: 't', scopes },
  user: user('member'),
});
const config = { createPolicy: 'signed-in-or-token', filesAdminsOnly: true, memberExpiryMaxSeconds: 3600 } as const;

describe('who may create', () => {
  test('each policy against each kind of principal', () => {
    const kinds = (policy: 'anyone' | 'signed-in' | 'signed-in-or-token') =>
      [ANONYMOUS, member, token(['create']), token(['read-own-events'])].map(
        (p) => mayCreate(p, { ...config, createPolicy: policy }).kind,
      );
    expect(kinds('anyone')).toEqual(['ok', 'ok', 'ok', 'forbidden_by_policy']);
    expect(kinds('signed-in')).toEqual(['sign_in_required', 'ok', 'forbidden_by_policy', 'forbidden_by_policy']);
    expect(kinds('signed-in-or-token')).toEqual(['sign_in_required', 'ok', 'ok', 'forbidden_by_policy']);
  });

  test('role limits bind members and their tokens, never admins', () => {
    const files = { files: true, expiresIn: 60 };
    const long = { files: false, expiresIn: 7200 };
    expect(mayCreateThis(member, files, config).kind).toBe('forbidden_by_policy');
    expect(mayCreateThis(token(['create']), long, config).kind).toBe('forbidden_by_policy');
    expect(mayCreateThis(admin, files, config).kind).toBe('ok');
    expect(mayCreateThis(admin, long, config).kind).toBe('ok');
    expect(mayCreateThis(member, { files: false, expiresIn: 3600 }, config).kind).toBe('ok');
    expect(mayCreateThis(ANONYMOUS, files, config).kind).toBe('sign_in_required');
  });

  test('scopes and the acting user', () => {
    expect(hasScope(member, 'delete-own')).toBe(true);
    expect(hasScope(token(['create']), 'delete-own')).toBe(false);
    expect(hasScope(ANONYMOUS, 'create')).toBe(false);
    expect(principalUserId(token(['create']))).toBe('u');
    expect(principalUserId(ANONYMOUS)).toBeUndefined();
  });
});

describe('role mapping', () => {
  const limits = { allowedDomains: ['example.com'], adminGroups: ['ops'], memberGroups: [] };
  test('domains need a verified address; admin groups make admins', () => {
    expect(decideRole({ email: 'a@example.com', emailVerified: true, groups: [] }, limits)).toEqual({
      kind: 'ok',
      role: 'member',
    });
    expect(decideRole({ email: 'a@example.com', emailVerified: false, groups: ['ops'] }, limits).kind).toBe('refused');
    expect(decideRole({ email: 'a@evil.example.com', emailVerified: true, groups: [] }, limits).kind).toBe('refused');
    expect(decideRole({ email: 'a@EXAMPLE.com', emailVerified: true, groups: ['ops'] }, limits)).toEqual({
      kind: 'ok',
      role: 'admin',
    });
  });

  test('groups arrive as arrays or strings', () => {
    expect(groupsFrom(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(groupsFrom('a, b c')).toEqual(['a', 'b', 'c']);
    expect(groupsFrom(undefined)).toEqual([]);
  });
});

test('returnTo is a path on this server, never another host', () => {
  expect(safeReturnTo('/tokens')).toBe('/tokens');
  for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'tokens', '/a\r\nSet-Cookie: x']) {
    expect(safeReturnTo(bad)).toBe('/');
  }
  expect(safeReturnTo(undefined)).toBe('/');
});
