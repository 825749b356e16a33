/**
 * /api/v1/me and /api/v1/tokens (docs/api.md "Sign-in and API tokens"):
 *   GET    /v1/me            who this request is (anonymous, a user, a token), and the CSRF token
 *   GET    /v1/tokens        the user's API tokens (`?all=1`: everyone's, admins only)
 *   POST   /v1/tokens        a new token: the secret is in this answer and nowhere else, ever
 *   DELETE /v1/tokens/:id    revoke (the owner, or an admin)
 * Tokens are managed by a signed-in person only: a token cannot list, mint or revoke tokens.
 */
import { Hono, type Context } from 'hono';
import { CreateTokenRequest, type ApiTokenInfo, type Me } from '@zkpush/shared/auth-schemas';
import type { TokenWithOwner } from '../db/auth-repo.ts';
import { ApiError } from '../http/api-error.ts';
import type { RateLimiter } from '../http/middleware/rate-limit.ts';
import { JSON_SHAPES } from '../http/middleware/json-shape.ts';
import { limitBody, readJson, requireJson } from '../http/middleware/request-body.ts';
import { refusalError } from '../http/refusals.ts';
import { LOGOUT_PATH, type Auth } from './auth-service.ts';
import { requirePrincipal } from './principal-middleware.ts';
import { principalOf } from './principal.ts';
import { scopesOf } from './tokens.ts';

const TOKEN_BODY_BYTES = 2048;
const TOKEN_ID = /^[A-Za-z0-9_-]{22}$/;
const iso = (ms: number): string => new Date(ms).toISOString();

function tokenInfo(token: TokenWithOwner): ApiTokenInfo {
  return {
    id: token.id,
    name: token.name,
    scopes: scopesOf(token.scopes),
    createdAt: iso(token.created_at),
    expiresAt: iso(token.expires_at),
    lastUsedAt: token.last_used_at === null ? null : iso(token.last_used_at),
    revokedAt: token.revoked_at === null ? null : iso(token.revoked_at),
    owner: { id: token.user_id, email: token.owner_email },
  };
}

/** A person (session or proxy), not a token: tokens never manage tokens. */
function requirePerson(c: Context) {
  const principal = requirePrincipal(c);
  if (principal.kind === 'token') {
    throw refusalError({ kind: 'forbidden_by_policy', message: 'API tokens cannot manage API tokens; sign in' });
  }
  return principal;
}

export function accountRoutes(auth: Auth, limiter: RateLimiter): Hono {
  const routes = new Hono();

  routes.get('/me', limiter.limit('meta'), (c) => {
    const principal = principalOf(c);
    let body: Me;
    if (principal.kind === 'anonymous') body = { kind: 'anonymous' };
    else if (principal.kind === 'token') {
      body = {
        kind: 'token',
        via: 'token',
        user: principal.user,
        token: { ...principal.token, scopes: [...principal.token.scopes] },
      };
    } else {
      body = {
        kind: 'user',
        via: principal.via,
        user: principal.user,
        csrfToken: principal.csrfToken,
        signOutPath: principal.via === 'session' ? LOGOUT_PATH : null,
      };
    }
    return c.json(body);
  });

  routes.get('/tokens', limiter.limit('meta'), async (c) => {
    const person = requirePerson(c);
    const all = c.req.query('all') === '1';
    if (all && person.user.role !== 'admin') {
      throw refusalError({ kind: 'forbidden_by_policy', message: "only admins may list everyone's tokens" });
    }
    const tokens = await auth.tokens.list(person.user.id, all);
    return c.json({ tokens: tokens.map(tokenInfo) });
  });

  routes.post('/tokens', requireJson, limiter.limit('meta'), limitBody(TOKEN_BODY_BYTES), async (c) => {
    const person = requirePerson(c);
    const request = await readJson(c, CreateTokenRequest, JSON_SHAPES.token);
    const result = await auth.tokens.create(person.user, request);
    if (result.kind !== 'ok') throw refusalError(result);
    return c.json({ token: result.token, info: tokenInfo(result.record) }, 201);
  });

  routes.delete('/tokens/:id', limiter.limit('meta'), async (c) => {
    const person = requirePerson(c);
    const id = c.req.param('id');
    if (!TOKEN_ID.test(id)) throw new ApiError('invalid_request', 'id must be a token id');
    const result = await auth.tokens.revoke(person.user, id);
    if (result.kind === 'not_found') throw new ApiError('not_found', 'no such API token');
    if (result.kind !== 'ok') throw refusalError(result);
    return c.body(null, 204);
  });

  return routes;
}
