/**
 * What the server counts, as plain calls: the observers (observed-repo.ts, observed-services.ts), the
 * sweeper and the HTTP middleware report here, and only prometheus-metrics.ts knows prom-client. Every
 * argument is a label from a closed list or a number — never an id, token, address, user agent or
 * anything a push holds (docs/security.md; observability/metrics-leak.test.ts scrapes for them).
 */

/** How a push ended other than by its views (those are counted as reveals). */
export type EndReason = 'expired' | 'deleted' | 'locked';
/** A proof that did not match: the link key's, or the passphrase's (which used up an attempt). */
export type FailedAttempt = 'wrong_key' | 'wrong_passphrase';

export interface MetricsSink {
  /** `route` is the matched route pattern (`/api/v1/secrets/:id`), never the request's path. */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  pushCreated(kind: 'text' | 'files'): void;
  /** One view used (a reveal that returned the envelope). */
  pushRevealed(): void;
  pushesEnded(reason: EndReason, count: number): void;
  failedAttempt(kind: FailedAttempt): void;
  /** One stored chunk of a file upload; `uploadFinalized` when an upload completes. */
  chunkStored(): void;
  uploadFinalized(): void;
  sweep(outcome: 'ok' | 'failed', seconds: number): void;
  /** One SQLite group commit (db/sqlite/group-commit.ts) and the jobs it committed. */
  groupCommit(jobs: number): void;
}

const ignore = (): void => undefined;

/** Counts nothing: the default everywhere metrics are not wired (tests, embedding). */
export const NOOP_METRICS: MetricsSink = Object.freeze({
  httpRequest: ignore,
  pushCreated: ignore,
  pushRevealed: ignore,
  pushesEnded: ignore,
  failedAttempt: ignore,
  chunkStored: ignore,
  uploadFinalized: ignore,
  sweep: ignore,
  groupCommit: ignore,
});
