/**
 * The per-client cap on reserved-but-unsent file bytes (ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT, docs/api.md
 * "POST /api/v1/secrets"). A file push reserves quota and disk for its declared size at create, before
 * a byte arrives; without a cap, a handful of creates from one address could hold the whole storage
 * quota until the upload start timeout and answer everyone else 507. So a create is refused with 429
 * when the padded bytes its client has declared in open uploads and not yet sent, plus this push's,
 * would exceed the cap. Bytes count as sent once their chunk is stored, so a client that actually
 * uploads gets its room back as it goes.
 *
 * The client is the address the rate limiter uses (http/client.ts clientKey: the resolved client IP,
 * IPv6 by /64). It is stored on the open upload's row only as HMAC-SHA256 under a key created per
 * process and kept in memory: the create transaction can sum one client's reservations atomically
 * (BEGIN IMMEDIATE — two creates can never both pass), the database never holds an address, and the
 * tag is cleared when the upload ends (finalise, abandon, deletion). A restart makes a new key, so the
 * server forgets who reserved what: older reservations still count towards the storage quota and
 * still end at their deadlines, but no longer towards any client's cap.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { FILE_CHUNK_BYTES } from '@zkpush/shared/wire-constants';
import type { FileLimits } from '../../config/config.ts';
import type { FilesRepo, ReservedFile } from '../../db/files-repo.ts';
import { hasBit } from '../../db/chunk-bitmap.ts';

/** Turns a client key into the tag stored on its open uploads. */
export type ClientTagger = (client: string) => Uint8Array;

type ReservationResult = { kind: 'ok' } | { kind: 'rate_limited'; message: string; retryAfterSeconds: number };

export function createClientTagger(key: Uint8Array = randomBytes(32)): ClientTagger {
  return (client) => new Uint8Array(createHmac('sha256', key).update(client).digest());
}

/** Padded bytes of the file not stored yet: every chunk holds C bytes of it, the last one the rest. */
export function unsentBytes(file: Pick<ReservedFile, 'padded_size' | 'chunks' | 'received' | 'received_count'>) {
  const lastStored = hasBit(file.received, file.chunks - 1);
  const lastBytes = file.padded_size - (file.chunks - 1) * FILE_CHUNK_BYTES;
  const stored = (file.received_count - (lastStored ? 1 : 0)) * FILE_CHUNK_BYTES + (lastStored ? lastBytes : 0);
  return file.padded_size - stored;
}

/**
 * Run inside the create transaction. Retry-After is when the client's earliest reservation would be
 * abandoned if it stays idle — room may come back sooner as its uploads progress — and at most the
 * upload start timeout, the longest a reservation nobody uses can hold its room.
 */
export async function checkClientReservations(
  files: FilesRepo,
  clientTag: Uint8Array,
  paddedBytes: number,
  limits: FileLimits,
  now: number,
): Promise<ReservationResult> {
  const reserved = await files.reservedFiles(clientTag);
  const pending = reserved.reduce((sum, file) => sum + unsentBytes(file), 0);
  const cap = limits.maxPendingBytesPerClient;
  if (pending + paddedBytes <= cap) return { kind: 'ok' };
  const earliest = Math.min(...reserved.map((file) => file.upload_idle_at));
  const retryAfterSeconds = Math.max(1, Math.min(limits.uploadStartSeconds, Math.ceil((earliest - now) / 1000)));
  return {
    kind: 'rate_limited',
    retryAfterSeconds,
    message:
      `uploads from your address already hold ${pending} bytes (padded) that have not been sent yet; ` +
      `with these ${paddedBytes} that would exceed ${cap}. Finish or delete those uploads, ` +
      `or try again in ${retryAfterSeconds} s`,
  };
}
