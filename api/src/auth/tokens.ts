/**
 * API tokens for scripts and CI (issue 12 §3): named, scoped, with an expiry; the secret is returned
 * once at creation and only its SHA-256 is stored (secret-token.ts). Only a signed-in person creates
 * tokens (a token cannot mint tokens); a token's owner or an admin revokes it. A token acts for its
 * user with that user's *current* role, so demoting someone demotes their tokens too.
 */
import type { CreateTokenRequest, Role, TokenScope } from '@zkpush/shared/auth-schemas';
import { TOKEN_SCOPES } from '@zkpush/shared/auth-schemas';
import type { Clock } from '../clock.ts';
import type { AuthRepo, TokenWithOwner, UserRecord } from '../db/auth-repo.ts';
import { newApiToken, newId, sha256Hex } from './secret-token.ts';

/** last_used_at is written at most this often per token (a busy CI job must not turn reads into writes). */
const LAST_USED_RESOLUTION_MS = 60_000;

export type TokenCreated = { kind: 'ok'; token: string; record: TokenWithOwner } | { kind: 'invalid'; message: string };
export type TokenRevoked = { kind: 'ok' } | { kind: 'not_found' } | { kind: 'forbidden_by_policy'; message: string };
export type TokenAuthenticated =
  { kind: 'ok'; id: string; scopes: TokenScope[]; user: UserRecord } | { kind: 'token_invalid'; message: string };

export interface Tokens {
  create(owner: { id: string; email: string | null }, request: CreateTokenRequest): Promise<TokenCreated>;
  /** The actor's tokens; with `all`, every user's (admins only — the route checks the role). */
  list(userId: string, all: boolean): Promise<TokenWithOwner[]>;
  revoke(actor: { id: string; role: Role }, tokenId: string): Promise<TokenRevoked>;
  authenticate(secret: string): Promise<TokenAuthenticated>;
}

export function scopesOf(text: string): TokenScope[] {
  return TOKEN_SCOPES.filter((scope) => text.split(' ').includes(scope));
}

export function createTokens(deps: { repo: AuthRepo; clock: Clock; maxExpirySeconds: number }): Tokens {
  const { repo, clock } = deps;
  return {
    async create(owner, request) {
      if (request.expiresIn > deps.maxExpirySeconds) {
        return {
          kind: 'invalid',
          message: `expiresIn must be at most ${deps.maxExpirySeconds} seconds on this server`,
        };
      }
      const token = newApiToken();
      const now = clock.now();
      const record = {
        id: newId(),
        user_id: owner.id,
        name: request.name,
        token_hash: sha256Hex(token),
        scopes: TOKEN_SCOPES.filter((scope) => request.scopes.includes(scope)).join(' '),
        created_at: now,
        expires_at: now + request.expiresIn * 1000,
        last_used_at: null,
        revoked_at: null,
      };
      await repo.insertToken(record);
      return { kind: 'ok', token, record: { ...record, owner_email: owner.email } };
    },

    list: (userId, all) => repo.listTokens(all ? undefined : userId),

    async revoke(actor, tokenId) {
      const token = await repo.findToken(tokenId);
      if (token === undefined) return { kind: 'not_found' };
      if (token.user_id !== actor.id && actor.role !== 'admin') {
        return { kind: 'forbidden_by_policy', message: "only admins may revoke another user's token" };
      }
      await repo.revokeToken(tokenId, clock.now());
      return { kind: 'ok' };
    },

    async authenticate(secret) {
      const found = await repo.findTokenByHash(sha256Hex(secret));
      const now = clock.now();
      if (found === undefined) return { kind: 'token_invalid', message: 'this API token is unknown' };
      if (found.token.revoked_at !== null) return { kind: 'token_invalid', message: 'this API token was revoked' };
      if (found.token.expires_at <= now) return { kind: 'token_invalid', message: 'this API token has expired' };
      await repo.touchToken(found.token.id, now, LAST_USED_RESOLUTION_MS);
      return { kind: 'ok', id: found.token.id, scopes: scopesOf(found.token.scopes), user: found.user };
    },
  };
}
