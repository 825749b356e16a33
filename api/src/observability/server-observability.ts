/**
 * Builds what startServer (server.ts) needs for health and metrics from the configuration: the metrics
 * sink (prom-client when ZKPUSH_METRICS is on, otherwise one that counts nothing), /readyz's checks,
 * the routes' settings and, with ZKPUSH_METRICS_LISTEN, the separate listener. The store passes what
 * only it knows: how to ask its database, what it stores, and its connection pool if it has one.
 */
import type { Kysely } from 'kysely';
import type { MigrationProvider } from 'kysely/migration';
import type { Config } from '../config/config.ts';
import { pendingMigrations, pingDatabase } from '../db/db-status.ts';
import { startMetricsListener, type MetricsListener } from './metrics-listener.ts';
import { NOOP_METRICS, type MetricsSink } from './metrics-sink.ts';
import type { Ops } from './ops-routes.ts';
import { createPrometheusMetrics, type MetricsSources } from './prometheus-metrics.ts';
import { createReadiness, type Readiness } from './readiness.ts';

export interface ServerObservability {
  readonly sink: MetricsSink;
  readonly readiness: Readiness;
  readonly ops: Ops;
  /** Starts the separate /metrics listener when one is configured. */
  listen(): Promise<MetricsListener | undefined>;
}

export function createServerObservability<DB>(deps: {
  config: Pick<Config, 'metrics' | 'files'>;
  db: Kysely<DB>;
  freeBytes: () => Promise<number>;
  /** The store's migrations, when not SQLite's bundled list (db/migrations/index.ts). */
  migrations?: MigrationProvider;
  /** Scrape-time gauges: stored bytes, and the connection pool of a store that has one. */
  sources?: MetricsSources;
}): ServerObservability {
  const { metrics } = deps.config;
  const readiness = createReadiness({
    ping: () => pingDatabase(deps.db),
    pendingMigrations: () => pendingMigrations(deps.db, deps.migrations),
    freeBytes: deps.freeBytes,
    diskReserveBytes: deps.config.files.diskReserveBytes,
  });
  if (!metrics.enabled) {
    return { sink: NOOP_METRICS, readiness, ops: { readiness }, listen: () => Promise.resolve(undefined) };
  }
  const prometheus = createPrometheusMetrics(deps.sources);
  const endpoint = { scrape: prometheus.scrape, contentType: prometheus.contentType, token: metrics.token };
  const { listen } = metrics;
  return {
    sink: prometheus.sink,
    readiness,
    ops: { readiness, metrics: { ...endpoint, onMainListener: listen === undefined } },
    listen: () => (listen === undefined ? Promise.resolve(undefined) : startMetricsListener(listen, endpoint)),
  };
}
