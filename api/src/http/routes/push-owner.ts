/**
 * Who acts as a push's owner on GET /secrets/:id/events and DELETE /secrets/:id (issue 12 §4): the
 * owner token in `Authorization: Bearer` (anonymous creators keep it; a signed-in browser that holds
 * one may still send it), else the signed-in creator — a session, a trusted proxy's user, or an API
 * token carrying the route's scope. The domain checks that the user is the push's recorded creator.
 */
import type { Context } from 'hono';
import type { TokenScope } from '@zkpush/shared/auth-schemas';
import { OWNER_TOKEN_BYTES } from '@zkpush/shared/schemas';
import { hasScope, resolvedOf } from '../../auth/principal.ts';
import { decodeFixed } from '../../domain/fixed-bytes.ts';
import type { Owner } from '../../domain/secrets/secrets-service.ts';
import { ApiError } from '../api-error.ts';
import { bearerToken } from '../bearer.ts';
import { FORBIDDEN, refusalError } from '../refusals.ts';

/** RFC 6750 §3.1: a malformed token is `invalid_token`. */
const INVALID_TOKEN = { 'WWW-Authenticate': 'Bearer realm="zkpush", error="invalid_token"' };

/** The owner token from `Authorization: Bearer`, decoded; 401 when missing or malformed. */
export function ownerToken(c: Context): Uint8Array {
  const token = bearerToken(c.req.header('authorization'));
  const decoded = decodeFixed(token, OWNER_TOKEN_BYTES, 'owner token');
  if (decoded.kind !== 'ok') throw new ApiError('unauthorized', decoded.message, { headers: INVALID_TOKEN });
  return decoded.bytes;
}

export function ownerOf(c: Context, scope: TokenScope): Owner {
  const { principal, refusal } = resolvedOf(c);
  if (principal.kind === 'token') {
    if (!hasScope(principal, scope)) {
      throw new ApiError('forbidden', `this API token lacks the ${scope} scope`);
    }
    return { kind: 'creator', userId: principal.user.id };
  }
  if (c.req.header('authorization') !== undefined || principal.kind === 'anonymous') {
    // A cookie-authenticated change without its CSRF token says so rather than "owner token missing".
    if (principal.kind === 'anonymous' && refusal !== undefined && c.req.header('authorization') === undefined) {
      throw refusalError(refusal);
    }
    return { kind: 'token', token: ownerToken(c) };
  }
  return { kind: 'creator', userId: principal.user.id };
}

/** What a 403 says: the owner token did not match, or the signed-in user is not the push's creator. */
export function forbiddenWording(owner: Owner): string {
  return owner.kind === 'token' ? FORBIDDEN.ownerToken : FORBIDDEN.notCreator;
}
