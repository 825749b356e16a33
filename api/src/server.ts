/**
 * Production wiring: data directory, the store (SQLite file with its WAL checkpoint worker, or
 * PostgreSQL: db/open-store.ts) and its migrations, sweeper, SPA assets and the HTTP listener (@hono/node-server on Node's http module, so Node's own limits apply — e.g. headers over
 * 16 KiB get 431 before any of our code runs). `close()` is the graceful shutdown used on SIGTERM.
 */
import { mkdirSync, statSync } from 'node:fs';
import { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createAuth } from './auth/auth-service.ts';
import { createAuthRepo } from './db/auth-repo.ts';
import { createApp } from './http/app.ts';
import { trustedProxies } from './net/client-ip.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config/config.ts';
import { openStore } from './db/open-store.ts';
import { createPushListingRepo } from './db/push-listing-repo.ts';
import { createPushListing } from './domain/pushes/push-listing.ts';
import { createClientTagger } from './domain/files/client-reservations.ts';
import { createFileJanitor } from './domain/files/file-janitor.ts';
import { createFilesService } from './domain/files/files-service.ts';
import { createSecretsService } from './domain/secrets/secrets-service.ts';
import { createBlobStore } from './blobs/blob-store.ts';
import { createTransferRegistry } from './blobs/transfer-registry.ts';
import { loadSpa } from './http/spa/spa.ts';
import { loadBrand } from './branding/brand-assets.ts';
import { brandHtml } from './branding/brand-html.ts';
import { rememberPeer } from './net/connection-peer.ts';
import { createFsAssetSource, type AssetSource } from './http/spa/static-assets.ts';
import { silentLogger, type Logger } from './logger.ts';
import { createSweeper } from './domain/lifecycle/sweeper.ts';
import { observeRepo } from './observability/observed-repo.ts';
import { observeFiles, observeSecrets } from './observability/observed-services.ts';
import { createServerObservability } from './observability/server-observability.ts';
import type { MetricsListener } from './observability/metrics-listener.ts';
import type { MetricsSink } from './observability/metrics-sink.ts';

/** How long in-flight requests may run after shutdown starts before their connections are cut. */
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export interface StartServerOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  shutdownGraceMs?: number;
  /** Where the SPA comes from; the files under `config.webDir` unless given (the single executable embeds them). */
  assets?: AssetSource;
  /** better-sqlite3's native addon, when not loaded from node_modules (see db/sqlite/native-binding.ts). */
  nativeBinding?: string;
}

export interface RunningServer {
  /** Where this process listens, e.g. http://127.0.0.1:41234 (wildcard hosts become loopback). */
  readonly url: string;
  readonly port: number;
  /** The separate /metrics listener (ZKPUSH_METRICS_LISTEN), when there is one. */
  readonly metricsUrl?: string | undefined;
  /** Stops accepting, lets in-flight requests finish (bounded), stops the sweeper, closes the DB. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const graceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;

  prepareDataDir(config.dataDir, logger);
  // SQLite in the data directory, or PostgreSQL (ZKPUSH_DATABASE_URL); blobs stay in the data directory.
  // The sink exists once the store does (it reads the store's pool and usage); group commits before
  // that — the migrations' — are not traffic.
  let groupCommitSink: MetricsSink | undefined;
  const store = await openStore(config, {
    logger,
    nativeBinding: options.nativeBinding,
    onGroupCommit: (jobs) => groupCommitSink?.groupCommit(jobs),
  });
  let server: Server;
  let sweeper: ReturnType<typeof createSweeper>;
  let metricsListener: MetricsListener | undefined;
  const blobs = createBlobStore({ dataDir: config.dataDir });
  // Read at scrape time, which comes only after the server listens (the repo exists by then).
  let usage: () => Promise<{ envelopeBytes: number; fileBytes: number }> = () =>
    Promise.resolve({ envelopeBytes: 0, fileBytes: 0 });
  let observability: ReturnType<typeof createServerObservability>;
  try {
    observability = createServerObservability({
      config,
      db: store.db,
      migrations: store.migrations,
      freeBytes: () => blobs.freeBytes(),
      sources: { storageUsage: () => usage(), ...(store.pool === undefined ? {} : { dbPool: store.pool }) },
    });
    const { sink } = observability;
    groupCommitSink = sink;
    const { checkpointer, exclusive, rateBuckets, uploadClientTagKey } = store;
    if (store.applied.length > 0)
      logger.info('database migrated', { engine: store.engine, applied: store.applied.join(', ') });
    const repo = observeRepo(store.repo, sink);
    usage = () => repo.storageUsage();
    const storage = { blobs, transfers: createTransferRegistry() };
    const secrets = observeSecrets(
      createSecretsService({
        repo,
        clock,
        config,
        storage,
        // Several instances must tag a client alike for its upload cap to hold across them.
        ...(uploadClientTagKey === undefined ? {} : { clientTag: createClientTagger(uploadClientTagKey) }),
      }),
      sink,
    );
    const files = observeFiles(createFilesService({ repo, clock, config, storage }), sink);
    const janitor = createFileJanitor({ repo, storage, logger });
    const auth =
      config.auth.mode === 'none'
        ? undefined
        : createAuth({
            config: config.auth,
            repo: createAuthRepo(store.db),
            clock,
            trustedProxies: trustedProxies(config.trustedProxies),
          });
    sweeper = createSweeper({
      repo,
      clock,
      logger,
      intervalMs: config.sweepIntervalMs,
      retentionMs: config.retentionMs,
      janitor,
      ...(checkpointer === undefined ? {} : { checkpointer }),
      ...(exclusive === undefined ? {} : { exclusive }),
      // Ended sessions are purged every tick, not only when someone signs in (issue 12 §1).
      ...(auth === undefined ? {} : { sessions: auth.sessions }),
      onPass: (outcome, seconds) => sink.sweep(outcome, seconds),
    });
    // Before listening: whatever a crash left under blobs/ that no push claims goes first.
    const leftovers = await janitor.removeLeftovers();
    if (leftovers > 0) logger.info('removed leftover blob directories', { count: leftovers });
    await sweeper.sweepOnce();
    if (auth !== undefined) {
      logger.info('sign-in enabled', {
        mode: config.auth.mode,
        createPolicy: config.auth.createPolicy,
        ...(config.auth.oidc === undefined ? {} : { issuer: config.auth.oidc.issuer }),
      });
    }
    const brand = loadBrand(config.brand, config.instance);
    const spa = await loadSpa(options.assets ?? createFsAssetSource(config.webDir), logger, {
      transformHtml: brandHtml(brand),
    });
    const app = createApp({
      config,
      secrets,
      files,
      clock,
      logger,
      spa,
      brand,
      ops: observability.ops,
      metrics: sink,
      ...(auth === undefined ? {} : { auth }),
      ...(auth === undefined
        ? {}
        : { pushes: { listing: createPushListing({ repo: createPushListingRepo(store.db), clock }), repo } }),
      ...(rateBuckets === undefined ? {} : { rateBuckets }),
    });
    // The metrics listener first: if its address is taken, the server does not start at all.
    metricsListener = await observability.listen();
    server = await listen(app.fetch, config);
  } catch (err) {
    await metricsListener?.close();
    await store.close();
    throw err;
  }
  sweeper.start();

  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${urlHost(config.host)}:${port}`;
  const metricsUrl = metricsListener?.url;
  logger.info('listening', {
    url,
    publicUrl: config.publicUrl,
    dataDir: config.dataDir,
    webDir: config.webDir,
    engine: store.engine,
    ...(metricsUrl === undefined ? {} : { metricsUrl }),
  });
  const openMetricsListener = metricsListener;

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    // /readyz says 503 from now on, so a load balancer stops sending new work here.
    observability.readiness.drain();
    await stopHttp(server, graceMs, logger);
    await openMetricsListener?.close();
    await sweeper.stop();
    await store.close();
    logger.info('stopped');
  };
  return { url, port, metricsUrl, close: () => (closing ??= close()) };
}

function prepareDataDir(dir: string, logger: Logger): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Group/other access is the operator's choice on an existing directory; flag it, don't change it.
  if ((statSync(dir).mode & 0o077) !== 0) logger.warn('data directory is accessible to other users', { dir });
}

function listen(fetch: (request: Request) => Response | Promise<Response>, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, () => {
      server.off('error', reject);
      if (server instanceof Server) resolve(server);
      else reject(new Error('expected an HTTP/1.1 server'));
    });
    // The peer's address while the connection surely has one (a reset loses it).
    server.on('connection', rememberPeer);
    server.once('error', reject);
  });
}

async function stopHttp(server: Server, graceMs: number, logger: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // close() stops accepting and (Node ≥ 19) drops idle keep-alive connections; busy ones finish.
  server.closeIdleConnections();
  // A busy keep-alive connection becomes idle once its response is sent, and close() would then wait
  // out keepAliveTimeout (5 s) for it; keep dropping the connections that fall idle.
  const dropIdle = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  if ((await Promise.race([closed, deadline])) === 'timeout') {
    logger.warn('in-flight requests did not finish in time; closing their connections', { graceMs });
    server.closeAllConnections();
    await closed;
  }
  clearTimeout(timer);
  clearInterval(dropIdle);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
