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
  type CreateSecretRequest,
  type EventsPage,
  type PushFlags,
} from '@zkpush/shared/schemas';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { EventRecord, SecretRecord, SecretsRepo } from '../db/secrets-repo.ts';
import { auditEvent, eventsFit, lockForAuditCap, settleExpiry, type AuditContext } from './audit.ts';
import { decodeEnvelope } from './envelope.ts';
import { decodeFixed } from './fixed-bytes.ts';
import { burn, reveal, type BurnResult, type RevealProofs, type RevealResult } from './key-holder.ts';
import { statusOf } from './lifecycle.ts';
import { resolveFlags, resolvePassphrase } from './push-options.ts';

export type Gone = { kind: 'gone'; reason: GoneReason };
export type NotFound = { kind: 'not_found' };

export type CreateResult =
  | { kind: 'ok'; id: string; ownerToken: string; views: number; expiresAt: number }
  | { kind: 'invalid'; message: string }
  | { kind: 'too_large'; message: string };

export type Meta = {
  id: string;
  views: number;
  viewsLeft: number;
  createdAt: number;
  expiresAt: number;
  flags: PushFlags;
  passphrase: { kdf: KdfParams; attemptsLeft: number } | null;
};
export type MetaResult = ({ kind: 'ok' } & Meta) | Gone | NotFound;

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
  'views' | 'expiresIn' | 'maxEnvelopeBytes' | 'retentionMs' | 'flags' | 'passphrase' | 'audit'
>;

export type ServiceDeps = { repo: SecretsRepo; clock: Clock; config: ServiceConfig };

/** Stored KDF JSON back into the wire shape; it was checked at create, so a mismatch is corruption. */
function storedKdf(json: string): KdfParams {
  const parsed = v.safeParse(KdfParams, JSON.parse(json));
  if (!parsed.success) throw new Error('stored passphrase KDF parameters are corrupt');
  return parsed.output;
}

export function createSecretsService(deps: ServiceDeps): SecretsService {
  const { repo, clock, config } = deps;
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
      // One transaction: the row never exists without its `created` event.
      await repo.transaction((tx) => tx.insert(secret, [auditEvent('created', now, context)]));
      return { kind: 'ok', id, ownerToken: toBase64url(ownerToken), views, expiresAt };
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
      };
    },

    reveal: (id, proofs, context) => reveal({ repo, clock, config }, id, proofs, context),
    burn: (id, keyProof, context) => burn({ repo, clock, config }, id, keyProof, context),

    expireByOwner(id, ownerToken, context) {
      return repo.transaction(async (tx): Promise<ExpireResult> => {
        const now = clock.now();
        const owned = await ownedRecord(tx, id, ownerToken, now);
        if (owned.kind !== 'ok') return owned;
        const status = statusOf(owned.record, now, retention);
        if (status.kind !== 'active') return status;
        if (!eventsFit(owned.record, 1, true, maxEvents)) return lockForAuditCap(tx, id, now);
        await tx.end(id, 'deleted', now);
        await tx.appendEvents(id, [auditEvent('deleted_by_creator', now, context)]);
        return { kind: 'ok' };
      });
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
