/**
 * What a holder of the link key can do: reveal (use a view) and burn (destroy the push, if its creator
 * allowed that). Both prove the key with keyProof first; a wrong one changes nothing but the audit
 * trail (`failed_key`, counted and kept bounded: lifecycle/audit.ts) and never counts against the
 * passphrase or the audit cap — anyone who knows the id can send one.
 *
 * Passphrase attempts (docs/security.md "Passphrases"): after a right keyProof, a push with a
 * passphrase needs passProof. A wrong one uses up an attempt and is answered with the attempts left;
 * the one that uses the last attempt destroys the push (`locked`) in the same statement sequence. All
 * of it — read, compare, count, destroy, record — is one BEGIN IMMEDIATE transaction, so concurrent
 * guesses are serialised and can never use more attempts than the push has. A *missing* passProof is
 * not a guess (nothing about the passphrase is tested): it is answered `wrong_passphrase` without
 * using an attempt, so a client that does not know about passphrases cannot destroy a push.
 * Attempts are never given back, not even by a right passphrase: the limit is per push, not per streak.
 */
import { randomBytes } from 'node:crypto';
import { toBase64url } from '@zkpush/shared/base64url';
import { proofHash } from '@zkpush/shared/crypto';
import { TRANSFER_TOKEN_BYTES } from '@zkpush/shared/schemas';
import type { FilePushRecord } from '../../db/files-repo.ts';
import type { SecretRecord } from '../../db/schema.ts';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import {
  auditCap,
  auditEvent,
  eventsFit,
  lockForAuditCap,
  recordFailedKey,
  settleExpiry,
  type AuditContext,
} from '../lifecycle/audit.ts';
import { destroy } from '../files/file-storage.ts';
import { statusOf, type Gone, type NotFound, type NotReady } from '../lifecycle/lifecycle.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { matchesStoredHash } from '../stored-hash.ts';
import { checkRecipient, type Viewer } from './recipient.ts';

export type RevealProofs = { keyProof: Uint8Array; passProof?: Uint8Array | undefined };

/** A file push's download window: the token (returned once, stored as SHA-256) and its end (ms). */
type DownloadGrant = { token: string; expiresAt: number };

export type RevealResult =
  | { kind: 'ok'; envelope: Uint8Array; viewsLeft: number; expiresAt: number; download?: DownloadGrant }
  | { kind: 'wrong_key' }
  | RecipientRefusal
  /** `counted` is false when passProof was missing (no attempt used). */
  | { kind: 'wrong_passphrase'; attemptsLeft: number; counted: boolean }
  | NotReady
  | Gone
  | NotFound;

/** A recipient-bound push asked for by nobody signed in, or by the wrong person (recipient.ts). */
type RecipientRefusal = { kind: 'sign_in_required'; message: string } | { kind: 'recipient_mismatch' };

export type BurnResult =
  { kind: 'ok' } | { kind: 'wrong_key' } | { kind: 'not_deletable' } | RecipientRefusal | Gone | NotFound;

type KeyCheck<R extends SecretRecord> =
  { kind: 'ok'; record: R } | { kind: 'wrong_key' } | RecipientRefusal | Gone | NotFound;

/**
 * Shared first half, on the row the caller read in this transaction: the push must be active — or,
 * with `inWindow`, ended but still holding files under an open download window (burn) — and the
 * keyProof right (a wrong one is recorded).
 */
async function checkKey<R extends SecretRecord>(
  deps: ServiceDeps,
  tx: SecretsRepo,
  id: string,
  record: R | undefined,
  keyProof: Uint8Array,
  context: AuditContext,
  now: number,
  viewer: Viewer,
  inWindow = false,
): Promise<KeyCheck<R>> {
  if (record === undefined) return { kind: 'not_found' };
  const status = statusOf(record, now, deps.config.retentionMs);
  if (status.kind !== 'active') {
    // Expiry is enforced on read: drop the ciphertext now instead of waiting for the sweeper.
    await settleExpiry(tx, record, now);
    if (!inWindow) return status;
  }
  // The recipient first (issue 12 §5): the wrong person learns nothing about the key and uses no view.
  const recipient = checkRecipient(record.recipient, viewer);
  if (recipient.kind === 'sign_in_required') return recipient;
  if (recipient.kind === 'mismatch' && viewer.kind === 'person') {
    // Recorded with who tried while the trail has room (never locking the push: a signed-in user
    // who is not the recipient must not be able to destroy it by trying).
    const fileCount = (await tx.files.findPush(id))?.file_count ?? 0;
    if (eventsFit(record, 1, false, auditCap(deps.config.audit.maxEventsPerPush, record, fileCount))) {
      await tx.appendEvents(id, [{ ...auditEvent('recipient_mismatch', now, context), actor: viewer.actor }]);
    }
    return { kind: 'recipient_mismatch' };
  }
  if (matchesStoredHash(keyProof, record.key_proof_hash)) return { kind: 'ok', record };
  await recordFailedKey(tx, id, now, context);
  return { kind: 'wrong_key' };
}

export function reveal(
  deps: ServiceDeps,
  id: string,
  proofs: RevealProofs,
  context: AuditContext,
  viewer: Viewer,
): Promise<RevealResult> {
  return deps.repo.transaction(async (tx): Promise<RevealResult> => {
    const now = deps.clock.now();
    // Row and envelope in one read; the envelope leaves only if every check below passes.
    const row = await tx.findWithEnvelope(id);
    const push = row === undefined ? undefined : await tx.files.findPush(id);
    // A file push still uploading answers not_ready before any proof is looked at: nothing is used,
    // counted or recorded, whoever asks.
    if (push?.upload_token_hash != null && row?.state === 'active' && now < row.expires_at)
      return { kind: 'not_ready' };
    const checked = await checkKey(deps, tx, id, row, proofs.keyProof, context, now, viewer);
    if (checked.kind !== 'ok') return checked;
    const { record } = checked;
    const cap = auditCap(deps.config.audit.maxEventsPerPush, record, push?.file_count ?? 0);

    if (record.pass_proof_hash !== null && record.pass_attempts_left !== null) {
      const attemptsLeft = record.pass_attempts_left;
      if (proofs.passProof === undefined) return { kind: 'wrong_passphrase', attemptsLeft, counted: false };
      if (!matchesStoredHash(proofs.passProof, record.pass_proof_hash)) {
        const locks = attemptsLeft <= 1;
        const events = [auditEvent('failed_passphrase', now, context), ...(locks ? [auditEvent('locked', now)] : [])];
        if (!eventsFit(record, events.length, locks, cap)) return lockForAuditCap(tx, id, now);
        const changed = locks ? await destroy(tx, id, 'locked', now) : await tx.spendPassphraseAttempt(id);
        if (!changed) throw new Error('invariant violated: an active passphrase push could not count an attempt');
        await tx.appendEvents(id, events);
        return { kind: 'wrong_passphrase', attemptsLeft: attemptsLeft - 1, counted: true };
      }
    }

    const last = record.views_left <= 1;
    const events = [auditEvent('viewed', now, context), ...(last ? [auditEvent('expired_by_views', now)] : [])];
    // A file push's reveal also books room for the `download_started` of each of its files, so the
    // downloads it grants can always be recorded (files/file-download.ts).
    const booked = push === undefined ? 0 : push.file_count;
    if (!eventsFit(record, events.length + booked, last, cap)) return lockForAuditCap(tx, id, now);
    const { envelope } = record;
    // consumeView counts and appends the events in the same transaction as the view it uses.
    if (envelope === null || !(await tx.consumeView(id, now, events))) {
      throw new Error('invariant violated: an active secret could not be consumed');
    }
    const revealed = { kind: 'ok', envelope, viewsLeft: record.views_left - 1, expiresAt: record.expires_at } as const;
    if (push === undefined) return revealed;
    return { ...revealed, download: await grantDownload(deps, tx, push, now) };
  });
}

/** The download window of one reveal, stored in the reveal's transaction (so: one view, one grant). */
async function grantDownload(
  deps: ServiceDeps,
  tx: SecretsRepo,
  push: FilePushRecord,
  now: number,
): Promise<DownloadGrant> {
  const token = randomBytes(TRANSFER_TOKEN_BYTES);
  const expiresAt = now + deps.config.files.downloadWindowSeconds * 1000;
  await tx.files.insertGrant(proofHash(token), push.secret_id, expiresAt, push.file_count);
  return { token: toBase64url(token), expiresAt };
}

/**
 * Viewer deletion needs keyProof only, not the passphrase: destroying is not reading, and someone who
 * holds the link but not the passphrase could destroy the push anyway by spending its attempts.
 *
 * A file push that ended (last view, or its time) keeps its files while a download window is open
 * (files/file-storage.ts); the key holder may still delete them early then (issue 13 §4 item 10), like
 * the creator can (secrets-service.ts closeDownloads): files, file rows and grants go now, the
 * tombstone keeps the reason it ended, and `deleted_by_viewer` is recorded — never refused for lack
 * of room, like the end it follows. Once the window has closed the answer is `gone`, as before.
 */
export function burn(
  deps: ServiceDeps,
  id: string,
  keyProof: Uint8Array,
  context: AuditContext,
  viewer: Viewer,
): Promise<BurnResult> {
  return deps.repo.transaction(async (tx): Promise<BurnResult> => {
    const now = deps.clock.now();
    const record = await tx.find(id);
    const live = record?.state === 'active' && now < record.expires_at;
    const inWindow = record !== undefined && !live && (await tx.files.openGrantsUntil(id, now)) !== undefined;
    const checked = await checkKey(deps, tx, id, record, keyProof, context, now, viewer, inWindow);
    if (checked.kind !== 'ok') return checked;
    if (checked.record.deletable_by_viewer !== 1) return { kind: 'not_deletable' };
    if (inWindow) {
      if (!(await tx.files.release(id))) throw new Error('invariant violated: an open download window without files');
      await tx.appendEvents(id, [auditEvent('deleted_by_viewer', now, context)]);
      return { kind: 'ok' };
    }
    const fileCount = (await tx.files.findPush(id))?.file_count ?? 0;
    const cap = auditCap(deps.config.audit.maxEventsPerPush, checked.record, fileCount);
    if (!eventsFit(checked.record, 1, true, cap)) return lockForAuditCap(tx, id, now);
    await destroy(tx, id, 'deleted', now);
    await tx.appendEvents(id, [auditEvent('deleted_by_viewer', now, context)]);
    return { kind: 'ok' };
  });
}
