/**
 * Test wiring for the API: the real app, repo, domain and sweeper on an in-memory SQLite database
 * (or a file, for storage tests) with a fake clock — or, in the `api-pg` project
 * (ZKPUSH_TEST_DATABASE=postgres, test-database.ts), on a scratch PostgreSQL database through the
 * PostgreSQL repo. Only imported by *.test.ts files.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { expect } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { proofHash } from '@zkpush/shared/crypto';
import { KDF_DEFAULT_COST, newKdfParams } from '@zkpush/shared/kdf-params';
import { CreateSecretResponse, ErrorBody, type PushFlagsInput } from '@zkpush/shared/schemas';
import { WIRE_VERSION } from '@zkpush/shared/wire-constants';
import { createAuth, type Auth } from '../auth/auth-service.ts';
import type { OidcClient } from '../auth/oidc-client.ts';
import { createAuthRepo, type AuthRepo } from '../db/auth-repo.ts';
import { createApp } from '../http/app.ts';
import { trustedProxies } from '../net/client-ip.ts';
import { defaultConfig, type Config } from '../config/config.ts';
import { migrateToLatest } from '../db/migrations/migrate.ts';
import { MEMORY, openDatabase, type OpenDatabase } from '../db/sqlite/open-database.ts';
import { createPushListingRepo } from '../db/push-listing-repo.ts';
import { createPushListing } from '../domain/pushes/push-listing.ts';
import { createSecretsRepo, type SecretsRepo } from '../db/secrets-repo.ts';
import type { Engine } from '../db/open-store.ts';
import { createPostgresSecretsRepo } from '../db/postgres/postgres-secrets-repo.ts';
import { postgresRateBuckets, sharedClientKeys } from '../db/postgres/postgres-rate-buckets.ts';
import type { RateBucketsFactory } from '../rate-limit/rate-buckets.ts';
import { openTestPostgres, TEST_ENGINE } from './test-database.ts';
import type { GroupCommitOptions } from '../db/sqlite/group-commit.ts';
import { createClientTagger } from '../domain/files/client-reservations.ts';
import { createFileJanitor, type FileJanitor } from '../domain/files/file-janitor.ts';
import type { FileStorage } from '../domain/files/file-storage.ts';
import { createFilesService } from '../domain/files/files-service.ts';
import { createSecretsService } from '../domain/secrets/secrets-service.ts';
import { createBlobStore } from '../blobs/blob-store.ts';
import { createTransferRegistry } from '../blobs/transfer-registry.ts';
import type { Spa } from '../http/spa/spa.ts';
import { createMemoryLogger } from '../logger.ts';
import { createSweeper, type Sweeper } from '../domain/lifecycle/sweeper.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';
import type { MetricsSink } from '../observability/metrics-sink.ts';
import { observeRepo } from '../observability/observed-repo.ts';
import { observeFiles, observeSecrets } from '../observability/observed-services.ts';
import type { Ops } from '../observability/ops-routes.ts';

export interface TestApp {
  app: Hono;
  clock: FakeClock;
  config: Config;
  repo: SecretsRepo;
  sweeper: Sweeper;
  /** The kysely handle under the repo (either engine), for tests that look at rows directly. */
  database: Pick<OpenDatabase, 'db' | 'close'>;
  /** The SQLite database itself, for tests of SQLite's own machinery; undefined on PostgreSQL. */
  sqlite: OpenDatabase | undefined;
  engine: Engine;
  /** Blobs live under `<dataDir>/blobs`, a temp directory removed by close(). */
  dataDir: string;
  storage: FileStorage;
  janitor: FileJanitor;
  logLines: string[];
  authRepo: AuthRepo;
  /** Present unless ZKPUSH_AUTH is none. */
  auth: Auth | undefined;
  close(): Promise<void>;
}

export interface TestAppOptions {
  config?: Partial<Config>;
  /** A SQLite file (storage tests): always SQLite, whatever ZKPUSH_TEST_DATABASE says. */
  file?: string;
  spa?: Spa;
  /** Stands in for statfs, to test the disk reserve without filling a disk. */
  freeBytes?: () => Promise<number>;
  /**
   * PostgreSQL only: another instance on the database of the test file's current app (its rows are
   * kept), for tests of several instances racing on one database.
   */
  joinDatabase?: boolean;
  /** The repo's group commit settings (db/sqlite/group-commit.ts): batch size, a COMMIT hook. */
  groupCommit?: GroupCommitOptions;
  /** Counts through the same observers and middleware as the server (observability/); none by default. */
  metrics?: MetricsSink;
  /** /readyz's checks and /metrics, built from the test's database and storage. */
  ops?: (parts: { database: Pick<OpenDatabase, 'db' | 'close'>; storage: FileStorage; repo: SecretsRepo }) => Ops;
  /** An OpenID Connect client other than the one built from config.auth.oidc. */
  oidcClient?: OidcClient;
}

/**
 * Rate limiting is off unless a test turns it on (`config: { rateLimit: { ...RATE_LIMIT_ON, ... } }`):
 * tests that make many requests in one fake instant are not about rate limits.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zkpush-app-'));
  const config = defaultConfig({
    rateLimit: { ...defaultConfig().rateLimit, enabled: false },
    dataDir,
    // Tests must not depend on how full the machine's disk is; disk tests inject freeBytes.
    files: { ...defaultConfig().files, diskReserveBytes: 0 },
    ...options.config,
  });
  const clock = createFakeClock();
  const logger = createMemoryLogger('debug');
  const { database, sqlite, repo: plainRepo, engine, rateBuckets, uploadClientTagKey } = await openTestStore(options);
  const { metrics } = options;
  const repo = metrics === undefined ? plainRepo : observeRepo(plainRepo, metrics);
  // Free space read on every create (maxAge 0): disk tests change what freeBytes returns between requests.
  const blobs = createBlobStore({
    dataDir,
    freeSpaceMaxAgeMs: 0,
    ...(options.freeBytes ? { freeBytes: options.freeBytes } : {}),
  });
  const storage: FileStorage = { blobs, transfers: createTransferRegistry() };
  const plainSecrets = createSecretsService({
    repo,
    clock,
    config,
    storage,
    ...(uploadClientTagKey === undefined ? {} : { clientTag: createClientTagger(uploadClientTagKey) }),
  });
  const plainFiles = createFilesService({ repo, clock, config, storage });
  const secrets = metrics === undefined ? plainSecrets : observeSecrets(plainSecrets, metrics);
  const files = metrics === undefined ? plainFiles : observeFiles(plainFiles, metrics);
  const janitor = createFileJanitor({ repo, storage, logger });
  const authRepo = createAuthRepo(database.db);
  const auth =
    config.auth.mode === 'none'
      ? undefined
      : createAuth({
          config: config.auth,
          repo: authRepo,
          clock,
          trustedProxies: trustedProxies(config.trustedProxies),
          ...(options.oidcClient === undefined ? {} : { oidcClient: options.oidcClient }),
        });
  const sweeper = createSweeper({
    repo,
    clock,
    logger,
    intervalMs: config.sweepIntervalMs,
    retentionMs: config.retentionMs,
    janitor,
    ...(auth === undefined ? {} : { sessions: auth.sessions }),
    ...(metrics === undefined
      ? {}
      : { onPass: (outcome: 'ok' | 'failed', seconds: number) => metrics.sweep(outcome, seconds) }),
  });
  const app = createApp({
    config,
    secrets,
    files,
    clock,
    logger,
    ...(options.spa ? { spa: options.spa } : {}),
    ...(metrics === undefined ? {} : { metrics }),
    ...(options.ops === undefined ? {} : { ops: options.ops({ database, storage, repo }) }),
    ...(auth === undefined ? {} : { auth }),
    ...(auth === undefined
      ? {}
      : { pushes: { listing: createPushListing({ repo: createPushListingRepo(database.db), clock }), repo } }),
    ...(rateBuckets === undefined ? {} : { rateBuckets }),
  });
  const close = async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    app,
    clock,
    config,
    repo,
    sweeper,
    database,
    sqlite,
    engine,
    dataDir,
    storage,
    janitor,
    logLines: logger.lines,
    authRepo,
    auth,
    close,
  };
}

async function openTestStore(options: TestAppOptions): Promise<{
  database: Pick<OpenDatabase, 'db' | 'close'>;
  sqlite?: OpenDatabase;
  repo: SecretsRepo;
  engine: Engine;
  rateBuckets?: RateBucketsFactory;
  uploadClientTagKey?: Uint8Array;
}> {
  if (options.joinDatabase === true && TEST_ENGINE !== 'postgres') throw new Error('joinDatabase needs PostgreSQL');
  if (TEST_ENGINE === 'postgres' && options.file === undefined && options.groupCommit === undefined) {
    const database = await openTestPostgres({ join: options.joinDatabase === true });
    const keys = await sharedClientKeys(database.db);
    return {
      database,
      repo: createPostgresSecretsRepo(database.db),
      engine: 'postgres',
      rateBuckets: postgresRateBuckets(database.db, keys.rateBuckets),
      uploadClientTagKey: keys.uploadClientTag,
    };
  }
  const database = openDatabase(options.file ?? MEMORY);
  await migrateToLatest(database.db);
  const repo = createSecretsRepo(database.db, options.groupCommit ? { groupCommit: options.groupCommit } : {});
  return { database, sqlite: database, repo, engine: 'sqlite' };
}

/** A well-formed v1 envelope of `size` bytes: version byte, then random bytes (the server can't tell). */
export function fakeEnvelope(size = 600): Uint8Array {
  const bytes = new Uint8Array(randomBytes(size));
  bytes[0] = WIRE_VERSION;
  return bytes;
}

/** A random keyProof and the hash the creator would upload. */
export function proofPair(): { keyProof: string; keyProofHash: string } {
  const proof = new Uint8Array(randomBytes(32));
  return { keyProof: toBase64url(proof), keyProofHash: toBase64url(proofHash(proof)) };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * The bindings @hono/node-server passes to the app, reduced to what getConnInfo reads: lets a test say
 * which TCP peer a request comes from (`app.request(path, init, fromPeer('203.0.113.9'))`).
 */
export function fromPeer(remoteAddress: string): { incoming: { socket: { remoteAddress: string } } } {
  return { incoming: { socket: { remoteAddress } } };
}

export function postJson(
  app: Hono,
  path: string,
  body: unknown,
  options: { peer?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const init = { method: 'POST', headers: { ...JSON_HEADERS, ...options.headers }, body: JSON.stringify(body) };
  return Promise.resolve(app.request(path, init, options.peer === undefined ? undefined : fromPeer(options.peer)));
}

export interface CreatedSecret {
  id: string;
  ownerToken: string;
  keyProof: string;
  /** Set when created with `passphrase: true`: the right passProof (random; no Argon2id needed here). */
  passProof?: string;
  envelope: string;
  expiresAt: string;
}

/** KDF metadata that passes the shared bounds check (the server never runs Argon2id). */
export const TEST_KDF = Object.freeze({ ...newKdfParams(KDF_DEFAULT_COST, new Uint8Array(16).fill(7)) });

type CreateOptions = {
  views?: number;
  expiresIn?: number;
  envelope?: Uint8Array;
  flags?: PushFlagsInput;
  /** Lock the push with a random passProof (returned as `passProof`). */
  passphrase?: boolean;
  peer?: string;
  headers?: Record<string, string>;
};

/** Creates a secret through the API and returns what a client would hold afterwards. */
export async function createSecret(app: Hono, options: CreateOptions = {}): Promise<CreatedSecret> {
  const { keyProof, keyProofHash } = proofPair();
  const pass = options.passphrase === true ? proofPair() : undefined;
  const envelope = toBase64url(options.envelope ?? fakeEnvelope());
  const res = await postJson(
    app,
    '/api/v1/secrets',
    {
      envelope,
      keyProofHash,
      ...(options.views === undefined ? {} : { views: options.views }),
      ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
      ...(options.flags === undefined ? {} : { flags: options.flags }),
      ...(pass === undefined ? {} : { passphrase: { kdf: TEST_KDF, passProofHash: pass.keyProofHash } }),
    },
    { ...(options.peer === undefined ? {} : { peer: options.peer }), headers: options.headers ?? {} },
  );
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  const { id, ownerToken, expiresAt } = v.parse(CreateSecretResponse, await res.json());
  return { id, ownerToken, keyProof, envelope, expiresAt, ...(pass === undefined ? {} : { passProof: pass.keyProof }) };
}

/** Asserts the status and returns the parsed `{ error }` object of an error response. */
export async function expectError(res: Response, status: number): Promise<ErrorBody['error']> {
  expect(res.status).toBe(status);
  return v.parse(ErrorBody, await res.json()).error;
}
