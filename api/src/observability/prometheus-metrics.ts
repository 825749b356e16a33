/**
 * The Prometheus side of MetricsSink (metrics-sink.ts): prom-client counters, histograms and gauges in
 * a registry of this server's own (never prom-client's global one, so that two servers in one process
 * — tests, the CLI — do not share counts), plus prom-client's default process metrics (CPU, memory,
 * event-loop lag, GC, open file descriptors). docs/self-hosting.md "Metrics" lists every series.
 *
 * Label values come from closed lists only (metrics-sink.ts): route patterns, methods, status codes,
 * reasons. Gauges that need the database are read when scraped, not kept up to date by every request.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricsSink } from './metrics-sink.ts';

/** What a connection pool reports (the PostgreSQL store's `pg.Pool`: totalCount, idleCount, waitingCount). */
export type PoolStats = Readonly<{ total: number; idle: number; waiting: number }>;

export interface MetricsSources {
  /** What the storage quota counts (SecretsRepo.storageUsage): one row, no scan. */
  storageUsage?: () => Promise<{ envelopeBytes: number; fileBytes: number }>;
  /** The database connection pool, when the store has one. */
  dbPool?: () => PoolStats;
}

export interface PrometheusMetrics {
  readonly sink: MetricsSink;
  readonly contentType: string;
  /** The text exposition of every series. */
  scrape(): Promise<string>;
}

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Seconds; a chunk PUT of 8 MiB on a slow link takes seconds, a reveal a millisecond. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Group commit holds at most 64 jobs (db/sqlite/group-commit.ts DEFAULT_MAX_JOBS). */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64];

export function createPrometheusMetrics(sources: MetricsSources = {}): PrometheusMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'zkpush_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code (probes and /metrics excluded)',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'zkpush_http_request_duration_seconds',
    help: 'Time from a request reaching the app to its response headers, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const created = new Counter({
    name: 'zkpush_pushes_created_total',
    help: 'Pushes created, by kind (text or files)',
    labelNames: ['kind'] as const,
    registers,
  });
  const revealed = new Counter({
    name: 'zkpush_pushes_revealed_total',
    help: 'Views used: reveals that returned the envelope',
    registers,
  });
  const ended = new Counter({
    name: 'zkpush_pushes_ended_total',
    help: 'Pushes ended other than by their last view, by reason (expired, deleted, locked)',
    labelNames: ['reason'] as const,
    registers,
  });
  const failed = new Counter({
    name: 'zkpush_failed_attempts_total',
    help: 'Proofs that did not match, by kind (wrong_key, wrong_passphrase: an attempt used)',
    labelNames: ['kind'] as const,
    registers,
  });
  const chunks = new Counter({ name: 'zkpush_file_chunks_stored_total', help: 'File chunks stored', registers });
  const uploads = new Counter({
    name: 'zkpush_file_uploads_finalized_total',
    help: 'File pushes whose upload was finalised',
    registers,
  });
  const sweeps = new Counter({
    name: 'zkpush_sweeps_total',
    help: 'Sweeper passes, by outcome (ok, failed)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const sweepTime = new Histogram({
    name: 'zkpush_sweep_duration_seconds',
    help: 'How long one sweeper pass took',
    buckets: [0.001, 0.01, 0.1, 0.5, 1, 5, 30, 120],
    registers,
  });
  const batches = new Histogram({
    name: 'zkpush_db_group_commit_jobs',
    help: 'Write transactions committed together by one SQLite COMMIT (group commit)',
    buckets: BATCH_BUCKETS,
    registers,
  });
  const { storageUsage, dbPool } = sources;
  if (storageUsage !== undefined) {
    new Gauge({
      name: 'zkpush_stored_bytes',
      help: 'Bytes the storage quota counts: envelopes, and padded files of pushes holding blobs',
      labelNames: ['kind'] as const,
      registers,
      async collect() {
        const usage = await storageUsage();
        this.set({ kind: 'envelopes' }, usage.envelopeBytes);
        this.set({ kind: 'files' }, usage.fileBytes);
      },
    });
  }
  if (dbPool !== undefined) {
    new Gauge({
      name: 'zkpush_db_pool_connections',
      help: 'Database pool connections, by state (total, idle, waiting: requests queued for one)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const stats = dbPool();
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
  }

  const sink: MetricsSink = {
    httpRequest(method, route, status, seconds) {
      const m = METHODS.has(method) ? method : 'OTHER';
      requests.inc({ method: m, route, status: String(status) });
      latency.observe({ method: m, route }, seconds);
    },
    pushCreated: (kind) => created.inc({ kind }),
    pushRevealed: () => revealed.inc(),
    pushesEnded: (reason, count) => ended.inc({ reason }, count),
    failedAttempt: (kind) => failed.inc({ kind }),
    chunkStored: () => chunks.inc(),
    uploadFinalized: () => uploads.inc(),
    sweep(outcome, seconds) {
      sweeps.inc({ outcome });
      sweepTime.observe(seconds);
    },
    groupCommit: (jobs) => batches.observe(jobs),
  };
  return { sink, contentType: registry.contentType, scrape: () => registry.metrics() };
}
