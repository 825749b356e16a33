/**
 * What a stored row means right now. Expiry is decided here, on every read, from the clock — the
 * sweeper only reclaims storage later, so an expired-but-unswept row is already `gone/expired`.
 *
 * Tombstones: once a secret ends (viewed, expired, deleted) its row keeps only counters and hashes so
 * the id answers `gone` with the reason — a recipient must be able to tell "someone opened this
 * already" from "never existed". After the retention period the row is purged and the id is
 * `not_found`, like any id that never existed.
 */
import type { GoneReason } from '@zkpush/shared/errors';
import type { SecretRecord } from '../../db/schema.ts';

/** A push that ended (its tombstone answers with the reason). */
export type Gone = { kind: 'gone'; reason: GoneReason };
/** No such push, or its tombstone's retention has ended. */
export type NotFound = { kind: 'not_found' };
/** A file push still uploading: nothing is shown or consumed until it is finalised. */
export type NotReady = { kind: 'not_ready' };

type Status = { kind: 'active'; record: SecretRecord } | Gone | NotFound;

export function statusOf(record: SecretRecord | undefined, now: number, retentionMs: number): Status {
  if (record === undefined) return { kind: 'not_found' };
  let reason: GoneReason;
  let endedAt: number;
  if (record.state === 'active') {
    // expires_at is exclusive: a secret is revealable strictly before it.
    if (now < record.expires_at) return { kind: 'active', record };
    reason = 'expired';
    endedAt = record.expires_at;
  } else {
    reason = record.state;
    endedAt = record.ended_at ?? record.expires_at;
  }
  if (now >= endedAt + retentionMs) return { kind: 'not_found' };
  return { kind: 'gone', reason };
}
