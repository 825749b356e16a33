/**
 * POST /api/v1/secrets (docs/api.md): every check of a new push, then the row, its `created` event and
 * — for a file push — its files in one BEGIN IMMEDIATE transaction, inside which the room the push
 * takes is checked and taken at once: for a file push first the client's own reservations
 * (files/client-reservations.ts, 429), then for every push the storage quota and disk reserve
 * (storage-room.ts, 507).
 */
import { randomBytes } from 'node:crypto';
import { toBase64url } from '@zkpush/shared/base64url';
import { proofHash } from '@zkpush/shared/crypto';
import { checkRange } from '@zkpush/shared/expiry';
import {
  OWNER_TOKEN_BYTES,
  PROOF_BYTES,
  SECRET_ID_BYTES,
  TRANSFER_TOKEN_BYTES,
  type CreateSecretRequest,
} from '@zkpush/shared/schemas';
import { auditEvent, type AuditContext } from '../lifecycle/audit.ts';
import { checkClientReservations, type ClientTagger } from '../files/client-reservations.ts';
import { decodeEnvelope } from './envelope.ts';
import { planFiles, type FilesPlan } from '../files/file-limits.ts';
import { checkRoom, ENVELOPE_DISK_FACTOR } from '../storage-room.ts';
import { decodeFixed } from '../fixed-bytes.ts';
import { resolveFlags, resolvePassphrase } from './push-options.ts';
import type { ServiceDeps } from '../service-deps.ts';

export type CreateResult =
  | {
      kind: 'ok';
      id: string;
      ownerToken: string;
      views: number;
      expiresAt: number;
      /** File pushes: the token that authorises the chunk uploads and finalise. */
      uploadToken?: string;
    }
  | { kind: 'invalid'; message: string }
  | { kind: 'too_large'; message: string }
  | { kind: 'insufficient_storage'; message: string }
  /** The client's reserved-but-unsent file bytes would pass its cap (files/client-reservations.ts). */
  | { kind: 'rate_limited'; message: string; retryAfterSeconds: number };

/** What a file push adds to a create, decided before the transaction. */
type FilesPart = { plan: FilesPlan; uploadToken: Uint8Array; clientTag: Uint8Array };

/**
 * Who creates the push (issue 12 §4): the signed-in user or token's user, recorded so they can manage
 * it from any browser; undefined for an anonymous create (the owner token stays the only capability).
 */
export type Creator = { userId: string | undefined };

/** `client` is the requester's key as the rate limiter has it (http/client.ts clientKey). */
export async function createPush(
  deps: ServiceDeps,
  tagClient: ClientTagger,
  request: CreateSecretRequest,
  context: AuditContext,
  client: string,
  creator: Creator = { userId: undefined },
): Promise<CreateResult> {
  const { repo, clock, config, storage } = deps;
  const views = request.views ?? config.views.default;
  const viewsOk = checkRange('views', views, config.views);
  if (viewsOk.kind !== 'ok') return { kind: 'invalid', message: viewsOk.message };
  const expiresIn = request.expiresIn ?? config.expiresIn.default;
  const expiryOk = checkRange('expiresIn', expiresIn, config.expiresIn);
  if (expiryOk.kind !== 'ok') return { kind: 'invalid', message: expiryOk.message };
  const flags = resolveFlags(request.flags, config.flags);
  if (flags.kind !== 'ok') return flags;
  const lock = resolvePassphrase(request.passphrase, config.passphrase);
  if (lock.kind !== 'ok') return lock;
  const envelope = decodeEnvelope(request.envelope, config.maxEnvelopeBytes);
  if (envelope.kind !== 'ok') return envelope;
  const keyProofHash = decodeFixed(request.keyProofHash, PROOF_BYTES, 'keyProofHash');
  if (keyProofHash.kind !== 'ok') return keyProofHash;
  let files: FilesPart | undefined;
  if (request.files !== undefined) {
    const plan = planFiles(request.files, config.files);
    if (plan.kind !== 'ok') return plan;
    files = {
      plan,
      uploadToken: randomBytes(TRANSFER_TOKEN_BYTES),
      clientTag: tagClient(client),
    };
  }

  // statfs (cached for a moment, blobs/free-space.ts) outside the transaction — it is async I/O; the
  // figure is read, compared and debited inside it (checkRoom), where creates take turns.
  await storage.blobs.space.refresh();
  const id = toBase64url(randomBytes(SECRET_ID_BYTES));
  const ownerToken = randomBytes(OWNER_TOKEN_BYTES);
  const now = clock.now();
  const expiresAt = now + expiresIn * 1000;
  const { passphrase } = lock;
  const secret = {
    id,
    envelope: envelope.bytes,
    key_proof_hash: keyProofHash.bytes,
    owner_token_hash: proofHash(ownerToken),
    views,
    created_at: now,
    expires_at: expiresAt,
    retrieval_step: flags.flags.retrievalStep ? 1 : 0,
    deletable_by_viewer: flags.flags.deletableByViewer ? 1 : 0,
    pass_kdf: passphrase?.kdf ?? null,
    pass_proof_hash: passphrase?.proofHash ?? null,
    pass_attempts_left: passphrase?.attempts ?? null,
    creator_user_id: creator.userId ?? null,
    // Lower-cased by the shared Recipient schema; the route refuses it when sign-in is off.
    recipient: request.recipient ?? null,
  };
  const need = {
    envelopeBytes: envelope.bytes.length,
    paddedFileBytes: files?.plan.paddedBytes ?? 0,
    blobBytes: files?.plan.blobBytes ?? 0,
  };
  // One transaction: the row never exists without its `created` event (nor a file push without
  // its files), and the room the push takes is checked and taken at once.
  const room = await repo.transaction(async (tx) => {
    if (files !== undefined) {
      // The client's own reservations first: when they are the reason, 429 says so, not 507.
      const { plan } = files;
      const reserved = await checkClientReservations(tx.files, files.clientTag, plan.paddedBytes, config.files, now);
      if (reserved.kind !== 'ok') return reserved;
    }
    // The room this envelope will take is debited in the same synchronous step that reads what is
    // left, before checkRoom's first await: creates whose transactions run side by side (PostgreSQL;
    // SQLite's group commit) each see what the others took, so none overshoots the reserve. Until the
    // next statfs the debit stands (its file blobs are pending uploads, debited chunk by chunk).
    const { space } = storage.blobs;
    const available = space.available();
    const envelopeDisk = need.envelopeBytes * ENVELOPE_DISK_FACTOR;
    space.debit(envelopeDisk);
    const checked = await checkRoom(tx, need, available, config.files);
    if (checked.kind !== 'ok') {
      space.credit(envelopeDisk);
      return checked;
    }
    await tx.insert(secret, [auditEvent('created', now, context)]);
    if (files !== undefined) {
      // Until its first chunk an upload has the (shorter) start timeout; each stored chunk then
      // moves the deadline to now + the idle timeout (files/file-upload.ts).
      const startBy = now + config.files.uploadStartSeconds * 1000;
      await tx.files.insertPush(id, proofHash(files.uploadToken), startBy, files.plan.files, files.clientTag);
    }
    return { kind: 'ok' } as const;
  });
  if (room.kind !== 'ok') return room;
  return {
    kind: 'ok',
    id,
    ownerToken: toBase64url(ownerToken),
    views,
    expiresAt,
    ...(files === undefined ? {} : { uploadToken: toBase64url(files.uploadToken) }),
  };
}
