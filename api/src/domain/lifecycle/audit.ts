/**
 * The audit trail's write rules, shared by every action of the lifecycle.
 *
 * Events are written by the same transaction as the change they describe, so the trail can neither
 * miss a change nor describe one that was rolled back. *Who* did something (IP, user agent, referrer,
 * as the HTTP layer prepared them under ZKPUSH_IP_LOGGING) is attached to the event of the request's
 * own action — created, viewed, failed_key, failed_passphrase, deleted_by_* — and not to the
 * consequences it triggers (expired_by_views, locked, expired_by_time), which are the server's doing.
 *
 * The per-push cap (ZKPUSH_AUDIT_MAX_EVENTS) fails closed: an action whose events do not fit is
 * refused and the push is destroyed as `locked`, with one final `locked` event. One slot is always
 * kept free for that final event, so a push that stays active holds at most cap − 1 events and the
 * trail of every push ends by saying how it ended. Ending actions (the last view, a deletion, the lock
 * after the last wrong passphrase) may use that last slot themselves.
 */
import type { AuditEventType } from '@zkpush/shared/schemas';
import type { NewEvent, SecretRecord } from '../../db/schema.ts';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import { destroy } from '../files/file-storage.ts';

export type AuditContext = Readonly<{ ip: string | null; userAgent: string | null; referrer: string | null }>;

const NO_CONTEXT: AuditContext = Object.freeze({ ip: null, userAgent: null, referrer: null });

export function auditEvent(type: AuditEventType, at: number, context: AuditContext = NO_CONTEXT): NewEvent {
  return { type, at, ip: context.ip, user_agent: context.userAgent, referrer: context.referrer };
}

/** Whether `count` more events fit, keeping the last slot free unless the action ends the push. */
export function eventsFit(record: Pick<SecretRecord, 'event_count'>, count: number, endsPush: boolean, max: number) {
  return record.event_count + count <= max - (endsPush ? 0 : 1);
}

/**
 * The fail-closed path: the push is destroyed (envelope and passphrase verifier gone, state 'locked',
 * a file push's blobs released and its download grants revoked) and the reason recorded — written even if an operator has since lowered the cap below this push's
 * count, because an end without its event would be worse than one row over the cap.
 */
export async function lockForAuditCap(
  tx: SecretsRepo,
  id: string,
  now: number,
): Promise<{ kind: 'gone'; reason: 'locked' }> {
  await destroy(tx, id, 'locked', now);
  await tx.appendEvents(id, [auditEvent('locked', now)]);
  return { kind: 'gone', reason: 'locked' };
}

/**
 * An active row whose expiry has passed but that no sweep has ended yet: end it now, dated at its
 * expiry, with its `expired_by_time` event. Expiry is never refused for lack of room.
 */
export async function settleExpiry(tx: SecretsRepo, record: SecretRecord, now: number): Promise<void> {
  if (record.state !== 'active' || now < record.expires_at) return;
  if (await tx.end(record.id, 'expired', record.expires_at)) {
    await tx.appendEvents(record.id, [auditEvent('expired_by_time', record.expires_at)]);
  }
}
