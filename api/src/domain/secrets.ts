/**
 * The secret lifecycle: create, read metadata, and the creator's actions (expire, read the audit
 * trail). The key holder's actions — reveal and burn — are in key-holder.ts. Returns tagged results;
 * the HTTP layer maps them to status codes. Every check-then-write runs inside one BEGIN IMMEDIATE
 * transaction together with its audit events.
 */
import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { constantTimeEqual, proofHash } from '@zkpush/shared/crypto';
import type { GoneReason } from '@zkpush/shared/errors';
import { checkRange } from '@zkpush/shared/expiry';
import { KdfParams } from '@zkpush/shared/kdf-params';
import {
  OWNER_TOKEN_BYTES,
  PROOF_BYTES,
  SECRET_ID_BYTES,
  TRANSFER_TOKEN_BYTES,
  type CreateSecretRequest,
  type EventsPage,
  type PushFlags,
} from '@zkpush/shared/schemas';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { EventRecord, SecretRecord, SecretsRepo } from '../db/secrets-repo.ts';
import { auditEvent, eventsFit, lockForAuditCap, settleExpiry, type AuditContext } from './audit.ts';
import { decodeEnvelope } from './envelope.ts';
import { checkRoom, planFiles, type FilesPlan } from './file-limits.ts';
import { destroy, discardBlobs, type FileStorage } from './file-storage.ts';
import { decodeFixed } from './fixed-bytes.ts';
import { burn, reveal, type BurnResult, type RevealProofs, type RevealResult } from './key-holder.ts';
import { statusOf } from './lifecycle.ts';
import { resolveFlags, resolvePassphrase } from './push-options.ts';

export type Gone = { kind: 'gone'; reason: GoneReason };
export type NotFound = { kind: 'not_found' };

export type NotReady = { kind: 'not_ready' };

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
  | { kind: 'insufficient_storage'; message: string };

export type Meta = {
  id: string;
  views: number;
  viewsLeft: number;
  createdAt: number;
  expiresAt: number;
  flags: PushFlags;
  passphrase: { kdf: KdfParams; attemptsLeft: number } | null;
  /** File pushes: the padded size of each file; null for a text push. */
  files: { paddedSize: number }[] | null;
};
/** `not_ready`: a file push still uploading (nothing is shown or consumed until it is finalised). */
export type MetaResult = ({ kind: 'ok' } & Meta) | NotReady | Gone | NotFound;

export type ExpireResult = { kind: 'ok' } | { kind: 'forbidden' } | Gone | NotFound;

export type EventsQuery = { after: number; limit: number };
export type EventsResult =
  | { kind: 'ok'; record: SecretRecord; state: EventsPage['state']; events: EventRecord[]; nextCursor: number | null }
  | { kind: 'forbidden' }
  | NotFound;

export interface SecretsService {
  create(request: CreateSecretRequest, context: AuditContext): Promise<CreateResult>;
  getMeta(id: string): Promise<MetaResult>;
  /** Proofs are the raw 32-byte values; they are hashed here and compared in constant time. */
  reveal(id: string, proofs: RevealProofs, context: AuditContext): Promise<RevealResult>;
  burn(id: string, keyProof: Uint8Array, context: AuditContext): Promise<BurnResult>;
  expireByOwner(id: string, ownerToken: Uint8Array, context: AuditContext): Promise<ExpireResult>;
  events(id: string, ownerToken: Uint8Array, query: EventsQuery): Promise<EventsResult>;
}

export type ServiceConfig = Pick<
  Config,
  'views' | 'expiresIn' | 'maxEnvelopeBytes' | 'retentionMs' | 'flags' | 'passphrase' | 'audit' | 'files'
>;

export type ServiceDeps = { repo: SecretsRepo; clock: Clock; config: ServiceConfig; storage: FileStorage };

/** Results after which a push's blobs must go now: it was deleted or locked (perhaps by this call). */
export function endedNow(result: { kind: string; reason?: GoneReason }): boolean {
  return result.kind === 'gone' && (result.reason === 'deleted' || result.reason === 'locked');
}

/** Stored KDF JSON back into the wire shape; it was checked at create, so a mismatch is corruption. */
function storedKdf(json: string): KdfParams {
  const parsed = v.safeParse(KdfParams, JSON.parse(json));
  if (!parsed.success) throw new Error('stored passphrase KDF parameters are corrupt');
  return parsed.output;
}

export function createSecretsService(deps: ServiceDeps): SecretsService {
  const { repo, clock, config, storage } = deps;
  const retention = config.retentionMs;
  const maxEvents = config.audit.maxEventsPerPush;

  /** Owner-token actions: not_found (also after retention) before the token check, then 403. */
  async function ownedRecord(tx: SecretsRepo, id: string, ownerToken: Uint8Array, now: number) {
    const record = await tx.find(id);
    if (record === undefined || statusOf(record, now, retention).kind === 'not_found')
      return { kind: 'not_found' } as const;
    if (!constantTimeEqual(proofHash(ownerToken), record.owner_token_hash)) return { kind: 'forbidden' } as const;
    await settleExpiry(tx, record, now);
    return { kind: 'ok', record } as const;
  }

  return {
    async create(request, context) {
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
      let plan: FilesPlan | undefined;
      if (request.files !== undefined) {
        const planned = planFiles(request.files, config.files);
        if (planned.kind !== 'ok') return planned;
        plan = planned;
      }
      // statfs outside the transaction (it is async I/O); the comparison happens inside (checkRoom).
      const freeBytes = plan === undefined ? 0 : await storage.blobs.freeBytes();

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
      };
      const uploadToken = plan === undefined ? undefined : randomBytes(TRANSFER_TOKEN_BYTES);
      // One transaction: the row never exists without its `created` event (nor a file push without
      // its files), and the room a file push takes is checked and taken at once.
      const room = await repo.transaction(async (tx) => {
        if (plan !== undefined) {
          const checked = await checkRoom(tx.files, plan, freeBytes, config.files);
          if (checked.kind !== 'ok') return checked;
        }
        await tx.insert(secret, [auditEvent('created', now, context)]);
        if (plan !== undefined && uploadToken !== undefined) {
          const idleAt = now + config.files.uploadIdleSeconds * 1000;
          await tx.files.insertPush(id, proofHash(uploadToken), idleAt, plan.files);
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
        ...(uploadToken === undefined ? {} : { uploadToken: toBase64url(uploadToken) }),
      };
    },

    async getMeta(id) {
      const now = clock.now();
      let record = await repo.find(id);
      if (record !== undefined && record.state === 'active' && now >= record.expires_at) {
        // Expired but not swept: end it (with its event) now; re-read in case a reveal got there first.
        record = await repo.transaction(async (tx) => {
          const fresh = await tx.find(id);
          if (fresh !== undefined) await settleExpiry(tx, fresh, now);
          return fresh;
        });
      }
      const status = statusOf(record, now, retention);
      if (status.kind !== 'active') return status;
      const r = status.record;
      const push = await repo.files.findPush(id);
      if (push !== undefined && push.upload_token_hash !== null) return { kind: 'not_ready' };
      const files =
        push === undefined ? null : (await repo.files.listFiles(id)).map((f) => ({ paddedSize: f.padded_size }));
      return {
        kind: 'ok',
        id: r.id,
        views: r.views,
        viewsLeft: r.views_left,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        flags: { retrievalStep: r.retrieval_step === 1, deletableByViewer: r.deletable_by_viewer === 1 },
        passphrase:
          r.pass_kdf === null || r.pass_attempts_left === null
            ? null
            : { kdf: storedKdf(r.pass_kdf), attemptsLeft: r.pass_attempts_left },
        files,
      };
    },

    async reveal(id, proofs, context) {
      const result = await reveal(deps, id, proofs, context);
      const locked = result.kind === 'wrong_passphrase' && result.counted && result.attemptsLeft === 0;
      if (locked || endedNow(result)) await discardBlobs(storage, id);
      return result;
    },

    async burn(id, keyProof, context) {
      const result = await burn(deps, id, keyProof, context);
      if (result.kind === 'ok' || endedNow(result)) await discardBlobs(storage, id);
      return result;
    },

    async expireByOwner(id, ownerToken, context) {
      const result = await repo.transaction(async (tx): Promise<ExpireResult> => {
        const now = clock.now();
        const owned = await ownedRecord(tx, id, ownerToken, now);
        if (owned.kind !== 'ok') return owned;
        const status = statusOf(owned.record, now, retention);
        if (status.kind !== 'active') return status;
        if (!eventsFit(owned.record, 1, true, maxEvents)) return lockForAuditCap(tx, id, now);
        await destroy(tx, id, 'deleted', now);
        await tx.appendEvents(id, [auditEvent('deleted_by_creator', now, context)]);
        return { kind: 'ok' };
      });
      if (result.kind === 'ok' || endedNow(result)) await discardBlobs(storage, id);
      return result;
    },

    events(id, ownerToken, query) {
      return repo.transaction(async (tx): Promise<EventsResult> => {
        const now = clock.now();
        const owned = await ownedRecord(tx, id, ownerToken, now);
        if (owned.kind !== 'ok') return owned;
        const record = (await tx.find(id)) ?? owned.record;
        const status = statusOf(record, now, retention);
        if (status.kind === 'not_found') return status;
        const rows = await tx.listEvents(id, query.after, query.limit + 1);
        const events = rows.slice(0, query.limit);
        const more = rows.length > query.limit;
        const state = status.kind === 'active' ? 'active' : status.reason;
        return { kind: 'ok', record, state, events, nextCursor: more ? (events.at(-1)?.seq ?? null) : null };
      });
    },
  };
}
