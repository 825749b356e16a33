/**
 * What a push listed by the server (GET /api/v1/my/pushes, the admin team view) shows on its card:
 * its state label and whether it has ended, and its title — the label the creator typed in this
 * browser (local dashboard records, matched by push id: the server never gets a label), else
 * "Untitled, created …". As on the local dashboard, an active push past its expiry is already shown
 * as expired: the server's sweeper may not have run yet.
 */
import type { PushSummary } from '@zkpush/shared/push-list-schemas';
import type { DashboardEntry } from './dashboard-store.ts';
import { serverPushText, stateLabels } from './dashboard-messages.ts';

export type SummaryState = 'active' | 'viewed' | 'expired' | 'deleted' | 'locked';

export interface SummaryStatus {
  state: SummaryState;
  label: string;
  ended: boolean;
}

const LABELS = (state: SummaryState): string => (state === 'deleted' ? serverPushText.deleted : stateLabels[state]);

export function summaryStatus(push: Pick<PushSummary, 'state' | 'expiresAt'>, now: Date): SummaryStatus {
  const state: SummaryState =
    push.state === 'active' && Date.parse(push.expiresAt) <= now.getTime() ? 'expired' : push.state;
  return { state, label: LABELS(state), ended: state !== 'active' };
}

/** Labels typed in this browser, by push id (only entries that have one). */
export function localLabels(entries: readonly Pick<DashboardEntry, 'id' | 'label'>[]): ReadonlyMap<string, string> {
  return new Map(entries.flatMap((e) => (e.label === undefined ? [] : [[e.id, e.label] as const])));
}

/** Pages of one list merged: newest first as the server sent them, each id once. */
export function mergePages<T extends { id: string }>(current: readonly T[], next: readonly T[]): T[] {
  const seen = new Set(current.map((p) => p.id));
  return [...current, ...next.filter((p) => !seen.has(p.id))];
}
