/**
 * Every migration, imported explicitly (no directory scan) so the set survives bundling into a single
 * executable. Names sort in application order; append new entries, never rename or reorder.
 *
 * A migration that opens its own transaction must roll back in its `catch` only while one is still
 * open: after SQLITE_FULL (and I/O errors) SQLite has already rolled it back, and a bare ROLLBACK then
 * throws "cannot rollback - no transaction is active", which replaces the real error. 0002–0006
 * (frozen) do that; it is harmless to the data — the migration fails either way and SQLite undid it —
 * but on a full disk the start-up log names the failed ROLLBACK instead of the full disk.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import { migration0001 } from './0001-create-secrets.ts';
import { migration0002 } from './0002-passphrase-flags-audit.ts';
import { migration0003 } from './0003-file-pushes.ts';
import { migration0004 } from './0004-upload-client-tag.ts';
import { migration0005 } from './0005-bounded-failed-keys.ts';
import { migration0006 } from './0006-storage-usage.ts';
import { migration0008 } from './0008-auth.ts';
import { migration0009 } from './0009-push-creator.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-create-secrets': migration0001,
  '0002-passphrase-flags-audit': migration0002,
  '0003-file-pushes': migration0003,
  '0004-upload-client-tag': migration0004,
  '0005-bounded-failed-keys': migration0005,
  '0006-storage-usage': migration0006,
  '0008-auth': migration0008,
  '0009-push-creator': migration0009,
});

export const bundledMigrations: MigrationProvider = Object.freeze({
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
});
