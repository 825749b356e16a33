/**
 * 0008: sign-in (issue 12 §1–§3) — users, server-side sessions, API tokens and the sign-in attempts in
 * flight. FROZEN — once released, never edit a migration; add a new one.
 *
 * Engine-neutral on purpose (a PostgreSQL engine is being added): only kysely's schema builder, text
 * for ids and hashes (hex SHA-256, never the secret itself), bigint for Unix epoch milliseconds and
 * integer 0/1 for booleans. Nothing here can hold a key, a link or a push's content.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const migration0008: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (col) => col.primaryKey())
      // The provider's issuer URL, or `trusted-header` for users named by an authenticating proxy.
      .addColumn('issuer', 'text', (col) => col.notNull())
      .addColumn('subject', 'text', (col) => col.notNull())
      .addColumn('email', 'text')
      .addColumn('email_verified', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('name', 'text')
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
      .addUniqueConstraint('users_issuer_subject', ['issuer', 'subject'])
      .execute();
    await db.schema
      .createTable('sessions')
      // SHA-256 of the cookie's secret, hex: a database leak yields no usable session.
      .addColumn('id_hash', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      // Kept only for RP-initiated logout's id_token_hint; deleted with the session.
      .addColumn('id_token', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (col) => col.notNull())
      // SHA-256 of the whole token string, hex.
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      // Space-separated TOKEN_SCOPES.
      .addColumn('scopes', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
    await db.schema
      .createTable('oidc_logins')
      // SHA-256 of the `state` parameter, hex; the row is taken (deleted) by the one callback that uses it.
      .addColumn('state_hash', 'text', (col) => col.primaryKey())
      .addColumn('code_verifier', 'text', (col) => col.notNull())
      .addColumn('nonce', 'text', (col) => col.notNull())
      .addColumn('return_to', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .execute();
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('oidc_logins').execute();
    await db.schema.dropTable('api_tokens').execute();
    await db.schema.dropTable('sessions').execute();
    await db.schema.dropTable('users').execute();
  },
});
