/**
 * The secret lifecycle: create, read metadata, reveal (consume a view), owner expiry. Returns tagged
 * results; the HTTP layer maps them to status codes. Every check-then-write runs inside one
 * BEGIN IMMEDIATE transaction, so concurrent reveals of a 1-view secret yield exactly one envelope.
 */
import { randomBytes } from 'node:crypto';
import { toBase64url } from '@zkpush/shared/base64url';
import { constantTimeEqual, proofHash } from '@zkpush/shared/crypto';
import type { GoneReason } from '@zkpush/shared/errors';
import { checkRange } from '@zkpush/shared/expiry';
import { OWNER_TOKEN_BYTES, PROOF_BYTES, SECRET_ID_BYTES, type CreateSecretRequest } from '@zkpush/shared/schemas';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { SecretsRepo } from '../db/secrets-repo.ts';
import { decodeEnvelope } from './envelope.ts';
import { decodeFixed } from './fixed-bytes.ts';
import { isExpiredButActive, statusOf } from './lifecycle.ts';

type Gone = { kind: 'gone'; reason: GoneReason };
type NotFound = { kind: 'not_found' };

export type CreateResult =
  | { kind: 'ok'; id: string; ownerToken: string; views: number; expiresAt: number }
  | { kind: 'invalid'; message: string }
  | { kind: 'too_large'; message: string };

export type MetaResult =
  { kind: 'ok'; id: string; views: number; viewsLeft: number; createdAt: number; expiresAt: number } | Gone | NotFound;

export type RevealResult =
  { kind: 'ok'; envelope: Uint8Array; viewsLeft: number; expiresAt: number } | { kind: 'wrong_key' } | Gone | NotFound;

export type ExpireResult = { kind: 'ok' } | { kind: 'forbidden' } | Gone | NotFound;

export interface SecretsService {
  create(request: CreateSecretRequest): Promise<CreateResult>;
  getMeta(id: string): Promise<MetaResult>;
  /** `keyProof` is the raw 32-byte proof; it is hashed here and compared in constant time. */
  reveal(id: string, keyProof: Uint8Array): Promise<RevealResult>;
  expireByOwner(id: string, ownerToken: Uint8Array): Promise<ExpireResult>;
}

export function createSecretsService(deps: {
  repo: SecretsRepo;
  clock: Clock;
  config: Pick<Config, 'views' | 'expiresIn' | 'maxEnvelopeBytes' | 'tombstoneRetentionMs'>;
}): SecretsService {
  const { repo, clock, config } = deps;
  const retention = config.tombstoneRetentionMs;

  return {
    async create(request) {
      const views = request.views ?? config.views.default;
      const viewsOk = checkRange('views', views, config.views);
      if (viewsOk.kind !== 'ok') return { kind: 'invalid', message: viewsOk.message };
      const expiresIn = request.expiresIn ?? config.expiresIn.default;
      const expiryOk = checkRange('expiresIn', expiresIn, config.expiresIn);
      if (expiryOk.kind !== 'ok') return { kind: 'invalid', message: expiryOk.message };
      const envelope = decodeEnvelope(request.envelope, config.maxEnvelopeBytes);
      if (envelope.kind !== 'ok') return envelope;
      const keyProofHash = decodeFixed(request.keyProofHash, PROOF_BYTES, 'keyProofHash');
      if (keyProofHash.kind !== 'ok') return keyProofHash;

      const id = toBase64url(randomBytes(SECRET_ID_BYTES));
      const ownerToken = randomBytes(OWNER_TOKEN_BYTES);
      const now = clock.now();
      const expiresAt = now + expiresIn * 1000;
      await repo.insert({
        id,
        envelope: envelope.bytes,
        key_proof_hash: keyProofHash.bytes,
        owner_token_hash: proofHash(ownerToken),
        views,
        created_at: now,
        expires_at: expiresAt,
      });
      return { kind: 'ok', id, ownerToken: toBase64url(ownerToken), views, expiresAt };
    },

    async getMeta(id) {
      const status = statusOf(await repo.find(id), clock.now(), retention);
      if (status.kind !== 'active') return status;
      const { record } = status;
      return {
        kind: 'ok',
        id: record.id,
        views: record.views,
        viewsLeft: record.views_left,
        createdAt: record.created_at,
        expiresAt: record.expires_at,
      };
    },

    reveal(id, keyProof) {
      const presented = proofHash(keyProof);
      return repo.transaction(async (tx): Promise<RevealResult> => {
        const now = clock.now();
        const record = await tx.find(id);
        const status = statusOf(record, now, retention);
        if (status.kind !== 'active') {
          // Expiry is enforced on read: drop the ciphertext now instead of waiting for the sweeper.
          if (record !== undefined && isExpiredButActive(record, now)) await tx.end(id, 'expired', record.expires_at);
          return status;
        }
        // A wrong proof changes nothing: no view is used, so a typo'd link cannot burn the secret.
        if (!constantTimeEqual(presented, status.record.key_proof_hash)) return { kind: 'wrong_key' };
        const envelope = await tx.readEnvelope(id);
        if (envelope === undefined || !(await tx.consumeView(id, now))) {
          throw new Error('invariant violated: an active secret could not be consumed');
        }
        return { kind: 'ok', envelope, viewsLeft: status.record.views_left - 1, expiresAt: status.record.expires_at };
      });
    },

    expireByOwner(id, ownerToken) {
      const presented = proofHash(ownerToken);
      return repo.transaction(async (tx): Promise<ExpireResult> => {
        const now = clock.now();
        const record = await tx.find(id);
        const status = statusOf(record, now, retention);
        if (status.kind === 'not_found' || record === undefined) return { kind: 'not_found' };
        if (!constantTimeEqual(presented, record.owner_token_hash)) return { kind: 'forbidden' };
        if (status.kind === 'gone') {
          if (isExpiredButActive(record, now)) await tx.end(id, 'expired', record.expires_at);
          return status;
        }
        await tx.end(id, 'deleted', now);
        return { kind: 'ok' };
      });
    },
  };
}
