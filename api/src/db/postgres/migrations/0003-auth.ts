/**
 * PostgreSQL 0003 = SQLite 0008 (sign-in: users, sessions, API tokens, sign-ins in flight). FROZEN.
 *
 * SQLite's 0008 was written engine-neutral on purpose — kysely's schema builder only, text ids and
 * hashes, bigint epoch milliseconds (open-postgres.ts parses int8 to numbers), integer 0/1 booleans —
 * so PostgreSQL applies the very same steps; postgres/schema-parity.test.ts proves the two schemas
 * stay alike.
 */
import type { Migration } from 'kysely/migration';
import { migration0008 } from '../../migrations/0008-auth.ts';

export const pgMigration0003: Migration = migration0008;
