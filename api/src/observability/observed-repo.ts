/**
 * Counts pushes ending by time, by deletion and by lock where it happens — in the repository — and
 * only once the transaction that ended them has committed: every path that ends a push (a reveal or
 * a read settling an expiry, the sweeper, a passphrase's last attempt, the audit cap, a creator's or
 * viewer's delete) goes through `end` or `expireDue`, so no domain module has to remember to count.
 * A transaction that throws (and is rolled back) counts nothing.
 *
 * Engine-neutral: it wraps the SecretsRepo interface, whatever store implements it.
 */
import type { SecretsRepo } from '../db/secrets-repo.ts';
import type { EndReason, MetricsSink } from './metrics-sink.ts';

type Ended = { reason: EndReason; count: number };

const isEndReason = (state: string): state is EndReason =>
  state === 'expired' || state === 'deleted' || state === 'locked';

/** `repo` bound to `ended`: what it ends is noted there, to be reported by the caller at the right time. */
function noting(repo: SecretsRepo, ended: Ended[]): SecretsRepo {
  return {
    ...repo,
    async end(id, state, endedAt) {
      const changed = await repo.end(id, state, endedAt);
      if (changed && isEndReason(state)) ended.push({ reason: state, count: 1 });
      return changed;
    },
    async expireDue(now, limit, maxBytes) {
      const result = await repo.expireDue(now, limit, maxBytes);
      if (result.ended > 0) ended.push({ reason: 'expired', count: result.ended });
      return result;
    },
  };
}

function report(sink: MetricsSink, ended: readonly Ended[]): void {
  for (const { reason, count } of ended) sink.pushesEnded(reason, count);
}

export function observeRepo(repo: SecretsRepo, sink: MetricsSink): SecretsRepo {
  /** Runs `step` on a noting repo and reports what it ended once `step` has resolved. */
  async function counted<T>(step: (noted: SecretsRepo) => Promise<T>): Promise<T> {
    const ended: Ended[] = [];
    const value = await step(noting(repo, ended));
    report(sink, ended);
    return value;
  }
  return {
    ...repo,
    // Outside a transaction each statement commits on its own.
    end: (id, state, endedAt) => counted((noted) => noted.end(id, state, endedAt)),
    expireDue: (now, limit, maxBytes) => counted((noted) => noted.expireDue(now, limit, maxBytes)),
    async transaction(fn) {
      const ended: Ended[] = [];
      // Resolves only after the COMMIT (group commit included); a rejection means nothing was kept.
      const value = await repo.transaction((tx) => fn(noting(tx, ended)));
      report(sink, ended);
      return value;
    },
  };
}
