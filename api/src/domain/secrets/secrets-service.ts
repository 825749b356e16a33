/**
 * The secret lifecycle: create (create-push.ts), read metadata, and the creator's actions (expire,
 * read the audit trail). The key holder's actions — reveal and burn — are in key-holder.ts. Returns
 * tagged results; the HTTP layer maps them to status codes. Every check-then-write runs inside one
 * BEGIN IMMEDIATE transaction together with its audit events.
 */
import * as v from 'valibot';
import { KdfParams } from '@zkpush/shared/kdf-params';
import type { CreateSecretRequest, EventsPage, PushFlags } from '@zkpush/shared/schemas';
import type { EventRecord, SecretRecord } from '../../db/schema.ts';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import {
  auditCap,
  auditEvent,
  eventsFit,
  lockForAuditCap,
  settleExpiry,
  type AuditContext,
} from '../lifecycle/audit.ts';
import { isStorageFull } from '../storage-full.ts';
import { createClientTagger, type ClientTagger } from '../files/client-reservations.ts';
import { createPush, type CreateResult, type Creator } from './create-push.ts';
import { destroy, discardBlobs, endedNow } from '../files/file-storage.ts';
import { burn, reveal, type BurnResult, type RevealProofs, type RevealResult } from './key-holder.ts';
import { statusOf, type Gone, type NotFound, type NotReady } from '../lifecycle/lifecycle.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { matchesStoredHash } from '../stored-hash.ts';
import { ANONYMOUS_VIEWER, type Viewer } from './recipient.ts';

type Meta = {
  id: string;
  views: number;
  viewsLeft: number;
  createdAt: number;
  expiresAt: number;
  flags: PushFlags;
  passphrase: { kdf: KdfParams; attemptsLeft: number } | null;
  /** File pushes: the padded size of each file; null for a text push. */
  files: { paddedSize: number }[] | null;
  /** Recipient-bound (issue 12 §5): a sign-in is needed to open it; who is not said. */
  signInRequired: boolean;
};
/** `not_ready`: a file push still uploading (nothing is shown or consumed until it is finalised). */
type MetaResult = ({ kind: 'ok' } & Meta) | NotReady | Gone | NotFound;

type ExpireResult = { kind: 'ok' } | { kind: 'forbidden' } | Gone | NotFound;

/**
 * Who acts as the push's owner (issue 12 §4): the owner token (anonymous creators keep it), the signed-in
 * creator (session or token with the scope; `userId` must equal the recorded creator), or an admin (any
 * push; `actor` — the admin's email or id — goes in the audit trail).
 */
export type Owner =
  { kind: 'token'; token: Uint8Array } | { kind: 'creator'; userId: string } | { kind: 'admin'; actor: string };

export type EventsQuery = { after: number; limit: number };
type EventsResult =
  | {
      kind: 'ok';
      record: SecretRecord;
      state: EventsPage['state'];
      events: EventRecord[];
      nextCursor: number | null;
      /** When the push's last open download window closes; undefined when none is open. */
      downloadsOpenUntil: number | undefined;
      /**
       * Wrong keys ever sent, and how many of them have no row in the trail (only the first and latest
       * few keep one: lifecycle/audit.ts); undefined when there were none.
       */
      failedKeyAttempts: { count: number; omitted: number } | undefined;
    }
  | { kind: 'forbidden' }
  | NotFound;

export interface SecretsService {
  /** `client` is the requester's key as the rate limiter has it (http/client.ts clientKey). */
  create(request: CreateSecretRequest, context: AuditContext, client: string, creator?: Creator): Promise<CreateResult>;
  getMeta(id: string): Promise<MetaResult>;
  /** Proofs are the raw 32-byte values; they are hashed here and compared in constant time. */
  /** `viewer` is who asks (recipient-bound pushes, recipient.ts); anonymous by default. */
  reveal(id: string, proofs: RevealProofs, context: AuditContext, viewer?: Viewer): Promise<RevealResult>;
  burn(id: string, keyProof: Uint8Array, context: AuditContext, viewer?: Viewer): Promise<BurnResult>;
  expireByOwner(id: string, owner: Owner, context: AuditContext): Promise<ExpireResult>;
  events(id: string, owner: Owner, query: EventsQuery): Promise<EventsResult>;
}

type SecretsServiceDeps = ServiceDeps & {
  /** Tags open uploads with their client; by default under a key made for this service (this process). */
  clientTag?: ClientTagger;
};

function isOwner(owner: Owner, record: SecretRecord): boolean {
  if (owner.kind === 'admin') return true;
  if (owner.kind === 'creator') return record.creator_user_id !== null && record.creator_user_id === owner.userId;
  return matchesStoredHash(owner.token, record.owner_token_hash);
}

/** The deletion event: an admin's names the admin; the creator's (by token or session) needs no name. */
function deletionEvent(owner: Owner, now: number, context: AuditContext) {
  if (owner.kind !== 'admin') return auditEvent('deleted_by_creator', now, context);
  return { ...auditEvent('deleted_by_admin', now, context), actor: owner.actor };
}

/** Stored KDF JSON back into the wire shape; it was checked at create, so a mismatch is corruption. */
function storedKdf(json: string): KdfParams {
  const parsed = v.safeParse(KdfParams, JSON.parse(json));
  if (!parsed.success) throw new Error('stored passphrase KDF parameters are corrupt');
  return parsed.output;
}

export function createSecretsService(deps: SecretsServiceDeps): SecretsService {
  const { repo, clock, config, storage } = deps;
  const tagClient = deps.clientTag ?? createClientTagger();
  const retention = config.retentionMs;
  const maxEvents = config.audit.maxEventsPerPush;

  /** Owner actions: not_found (also after retention) before the owner check, then 403. */
  async function ownedRecord(tx: SecretsRepo, id: string, owner: Owner, now: number) {
    const record = await tx.find(id);
    if (record === undefined || statusOf(record, now, retention).kind === 'not_found')
      return { kind: 'not_found' } as const;
    if (!isOwner(owner, record)) return { kind: 'forbidden' } as const;
    await settleExpiry(tx, record, now);
    return { kind: 'ok', record } as const;
  }

  /**
   * DELETE on a push that already ended by its last view or by time but still holds its files (for
   * download windows its reveals opened, or an upload cut off by expiry): the creator can still close
   * them — every grant revoked and the blobs released here, unlinked after the commit — recorded as
   * `deleted_by_creator` (always, like downloads after the end: lifecycle/audit.ts). The push keeps the state it
   * ended in, so its `gone` answer still says why. A push holding nothing answers 410 as before.
   */
  async function closeDownloads(
    tx: SecretsRepo,
    id: string,
    gone: Gone,
    now: number,
    owner: Owner,
    context: AuditContext,
  ) {
    if (!(await tx.files.release(id))) return gone;
    await tx.appendEvents(id, [deletionEvent(owner, now, context)]);
    return { kind: 'ok' } as const;
  }

  return {
    create: (request, context, client, creator) => createPush(deps, tagClient, request, context, client, creator),

    async getMeta(id) {
      const now = clock.now();
      let record = await repo.find(id);
      if (record !== undefined && record.state === 'active' && now >= record.expires_at) {
        // Expired but not swept: end it (with its event) now; re-read in case a reveal got there first.
        const stale = record;
        record = await repo
          .transaction(async (tx) => {
            const fresh = await tx.find(id);
            if (fresh !== undefined) await settleExpiry(tx, fresh, now);
            return fresh;
          })
          // A full disk cannot turn a read into an error: the answer (expired) is the same without
          // the write, and the sweeper settles the row once there is room.
          .catch((err: unknown) => {
            if (isStorageFull(err)) return stale;
            throw err;
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
        signInRequired: r.recipient !== null,
      };
    },

    async reveal(id, proofs, context, viewer = ANONYMOUS_VIEWER) {
      const result = await reveal(deps, id, proofs, context, viewer);
      const locked = result.kind === 'wrong_passphrase' && result.counted && result.attemptsLeft === 0;
      if (locked || endedNow(result)) await discardBlobs(storage, id);
      return result;
    },

    async burn(id, keyProof, context, viewer = ANONYMOUS_VIEWER) {
      const result = await burn(deps, id, keyProof, context, viewer);
      if (result.kind === 'ok' || endedNow(result)) await discardBlobs(storage, id);
      return result;
    },

    async expireByOwner(id, owner, context) {
      const result = await repo.transaction(async (tx): Promise<ExpireResult> => {
        const now = clock.now();
        const owned = await ownedRecord(tx, id, owner, now);
        if (owned.kind !== 'ok') return owned;
        const status = statusOf(owned.record, now, retention);
        if (status.kind === 'gone') return closeDownloads(tx, id, status, now, owner, context);
        if (status.kind !== 'active') return status;
        const fileCount = (await tx.files.findPush(id))?.file_count ?? 0;
        if (!eventsFit(owned.record, 1, true, auditCap(maxEvents, owned.record, fileCount)))
          return lockForAuditCap(tx, id, now);
        await destroy(tx, id, 'deleted', now);
        await tx.appendEvents(id, [deletionEvent(owner, now, context)]);
        return { kind: 'ok' };
      });
      if (result.kind === 'ok' || endedNow(result)) await discardBlobs(storage, id);
      return result;
    },

    events(id, owner, query) {
      return repo.transaction(async (tx): Promise<EventsResult> => {
        const now = clock.now();
        const owned = await ownedRecord(tx, id, owner, now);
        if (owned.kind !== 'ok') return owned;
        const record = (await tx.find(id)) ?? owned.record;
        const status = statusOf(record, now, retention);
        if (status.kind === 'not_found') return status;
        const rows = await tx.listEvents(id, query.after, query.limit + 1);
        const events = rows.slice(0, query.limit);
        const more = rows.length > query.limit;
        const state = status.kind === 'active' ? 'active' : status.reason;
        const downloadsOpenUntil = await tx.files.openGrantsUntil(id, now);
        const nextCursor = more ? (events.at(-1)?.seq ?? null) : null;
        // Every admin action is itself audited (issue 12 §4): the read goes in the trail it read, while
        // the trail has room (a read never locks or ends a push).
        if (owner.kind === 'admin') {
          const fileCount = (await tx.files.findPush(id))?.file_count ?? 0;
          if (eventsFit(record, 1, false, auditCap(maxEvents, record, fileCount))) {
            await tx.appendEvents(id, [{ ...auditEvent('audit_read_by_admin', now), actor: owner.actor }]);
          }
        }
        const count = record.failed_key_count;
        const failedKeyAttempts =
          count === 0 ? undefined : { count, omitted: Math.max(0, count - (await tx.countFailedKeyEvents(id))) };
        return { kind: 'ok', record, state, events, nextCursor, downloadsOpenUntil, failedKeyAttempts };
      });
    },
  };
}
