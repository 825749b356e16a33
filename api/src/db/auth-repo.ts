/**
 * All SQL for sign-in (migration 0008): users, sessions, API tokens and sign-in attempts in flight.
 * Only kysely's query builder — no SQLite-specific SQL — so the PostgreSQL engine can run it unchanged
 * (`onConflict … doUpdateSet` and `returning` exist on both). Secrets never reach this module: sessions,
 * tokens and states arrive as their SHA-256 (hex), computed by api/src/auth/secret-token.ts.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database, UsersTable } from './schema.ts';

export type UserRecord = Selectable<UsersTable>;
export type TokenRecord = Selectable<ApiTokensTable>;
/** A token with its owner, as an admin's list shows it. */
export type TokenWithOwner = TokenRecord & { owner_email: string | null };
export type SessionWithUser = Readonly<{
  idHash: string;
  lastSeenAt: number;
  expiresAt: number;
  idToken: string | null;
  user: UserRecord;
}>;
export type TokenWithUser = Readonly<{ token: TokenRecord; user: UserRecord }>;
export type PendingLogin = Readonly<{ codeVerifier: string; nonce: string; returnTo: string; expiresAt: number }>;

export type UserUpsert = Readonly<{
  /** Used only when the (issuer, subject) pair is new. */
  newId: string;
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  role: string;
  now: number;
}>;

export interface AuthRepo {
  /** Creates the user or refreshes what the provider says about them (email, name, role); returns the row. */
  upsertUser(user: UserUpsert): Promise<UserRecord>;
  findUser(id: string): Promise<UserRecord | undefined>;

  insertSession(session: {
    idHash: string;
    userId: string;
    now: number;
    expiresAt: number;
    idToken: string | null;
  }): Promise<void>;
  findSession(idHash: string): Promise<SessionWithUser | undefined>;
  /** Moves the idle timeout on; false if the session is gone. */
  touchSession(idHash: string, now: number): Promise<boolean>;
  /** Ends the session; returns its ID token (for RP-initiated logout) or undefined if it did not exist. */
  deleteSession(idHash: string): Promise<{ idToken: string | null } | undefined>;
  /** Ends every session of a user (revocation), returns how many. */
  deleteUserSessions(userId: string): Promise<number>;
  /** Deletes sessions past their absolute end or idle since before `idleBefore`; returns how many. */
  purgeSessions(now: number, idleBefore: number): Promise<number>;

  insertLogin(stateHash: string, login: PendingLogin): Promise<void>;
  /** Takes (deletes and returns) a pending login, so a state can be used once. */
  takeLogin(stateHash: string): Promise<PendingLogin | undefined>;
  purgeLogins(now: number): Promise<number>;

  insertToken(token: TokenRecord): Promise<void>;
  findTokenByHash(tokenHash: string): Promise<TokenWithUser | undefined>;
  findToken(id: string): Promise<TokenRecord | undefined>;
  /** Records a use; at most one write per token per `minIntervalMs`. */
  touchToken(id: string, now: number, minIntervalMs: number): Promise<void>;
  /** A user's tokens, or every user's when `userId` is undefined; newest first. */
  listTokens(userId: string | undefined): Promise<TokenWithOwner[]>;
  /** Revokes a token not yet revoked; false if it was unknown or already revoked. */
  revokeToken(id: string, now: number): Promise<boolean>;
}

const fromRow = (row: TokenRecord & { owner_email?: string | null }): TokenWithOwner => ({
  id: row.id,
  user_id: row.user_id,
  name: row.name,
  token_hash: row.token_hash,
  scopes: row.scopes,
  created_at: Number(row.created_at),
  expires_at: Number(row.expires_at),
  last_used_at: row.last_used_at === null ? null : Number(row.last_used_at),
  revoked_at: row.revoked_at === null ? null : Number(row.revoked_at),
  owner_email: row.owner_email ?? null,
});

/** PostgreSQL returns bigint columns as strings; every time leaves this module as a number. */
const userFromRow = (row: UserRecord): UserRecord => ({
  ...row,
  email_verified: Number(row.email_verified),
  created_at: Number(row.created_at),
  last_seen_at: Number(row.last_seen_at),
});

export function createAuthRepo(db: Kysely<Database>): AuthRepo {
  return {
    async upsertUser(user) {
      const row = await db
        .insertInto('users')
        .values({
          id: user.newId,
          issuer: user.issuer,
          subject: user.subject,
          email: user.email,
          email_verified: user.emailVerified ? 1 : 0,
          name: user.name,
          role: user.role,
          created_at: user.now,
          last_seen_at: user.now,
        })
        .onConflict((oc) =>
          oc.columns(['issuer', 'subject']).doUpdateSet({
            email: user.email,
            email_verified: user.emailVerified ? 1 : 0,
            name: user.name,
            role: user.role,
            last_seen_at: user.now,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return userFromRow(row);
    },

    async findUser(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : userFromRow(row);
    },

    async insertSession(session) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: session.idHash,
          user_id: session.userId,
          created_at: session.now,
          last_seen_at: session.now,
          expires_at: session.expiresAt,
          id_token: session.idToken,
        })
        .execute();
    },

    async findSession(idHash) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select([
          'sessions.id_hash as session_id_hash',
          'sessions.last_seen_at as session_last_seen_at',
          'sessions.expires_at as session_expires_at',
          'sessions.id_token as session_id_token',
        ])
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const { session_id_hash, session_last_seen_at, session_expires_at, session_id_token, ...user } = row;
      return {
        idHash: session_id_hash,
        lastSeenAt: Number(session_last_seen_at),
        expiresAt: Number(session_expires_at),
        idToken: session_id_token,
        user: userFromRow(user),
      };
    },

    async touchSession(idHash, now) {
      const result = await db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async deleteSession(idHash) {
      const row = await db
        .deleteFrom('sessions')
        .where('id_hash', '=', idHash)
        .returning('id_token')
        .executeTakeFirst();
      return row === undefined ? undefined : { idToken: row.id_token };
    },

    async deleteUserSessions(userId) {
      const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async purgeSessions(now, idleBefore) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async insertLogin(stateHash, login) {
      await db
        .insertInto('oidc_logins')
        .values({
          state_hash: stateHash,
          code_verifier: login.codeVerifier,
          nonce: login.nonce,
          return_to: login.returnTo,
          expires_at: login.expiresAt,
        })
        .execute();
    },

    async takeLogin(stateHash) {
      const row = await db
        .deleteFrom('oidc_logins')
        .where('state_hash', '=', stateHash)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        codeVerifier: row.code_verifier,
        nonce: row.nonce,
        returnTo: row.return_to,
        expiresAt: Number(row.expires_at),
      };
    },

    async purgeLogins(now) {
      const result = await db.deleteFrom('oidc_logins').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async insertToken(token) {
      await db.insertInto('api_tokens').values(token).execute();
    },

    async findTokenByHash(tokenHash) {
      // One statement per request that carries a token: the token and its user together.
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select([
          'api_tokens.id as token_id',
          'api_tokens.name as token_name',
          'api_tokens.token_hash as token_token_hash',
          'api_tokens.scopes as token_scopes',
          'api_tokens.created_at as token_created_at',
          'api_tokens.expires_at as token_expires_at',
          'api_tokens.last_used_at as token_last_used_at',
          'api_tokens.revoked_at as token_revoked_at',
        ])
        .where('api_tokens.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const {
        token_id,
        token_name,
        token_token_hash,
        token_scopes,
        token_created_at,
        token_expires_at,
        token_last_used_at,
        token_revoked_at,
        ...user
      } = row;
      const token = fromRow({
        id: token_id,
        user_id: user.id,
        name: token_name,
        token_hash: token_token_hash,
        scopes: token_scopes,
        created_at: token_created_at,
        expires_at: token_expires_at,
        last_used_at: token_last_used_at,
        revoked_at: token_revoked_at,
      });
      return { token, user: userFromRow(user) };
    },

    async findToken(id) {
      const token = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return token === undefined ? undefined : fromRow(token);
    },

    async touchToken(id, now, minIntervalMs) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - minIntervalMs)]))
        .execute();
    },

    async listTokens(userId) {
      let query = db
        .selectFrom('api_tokens')
        .leftJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('api_tokens')
        .select('users.email as owner_email');
      if (userId !== undefined) query = query.where('api_tokens.user_id', '=', userId);
      const rows = await query.orderBy('api_tokens.created_at', 'desc').orderBy('api_tokens.id').execute();
      return rows.map(fromRow);
    },

    async revokeToken(id, now) {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
