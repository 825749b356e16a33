/**
 * Row types for kysely. They mirror the latest migration; the migrations themselves are frozen and
 * typed against `Kysely<any>` because they must keep describing the schema as it was.
 */
import type { Generated } from 'kysely';
import type { AuditEventType } from '@zkpush/shared/schemas';

export const SECRET_STATES = ['active', 'viewed', 'expired', 'deleted', 'locked'] as const;
export type SecretState = (typeof SECRET_STATES)[number];
/** States after which the envelope is gone for good (a "tombstone" row). */
export type EndedState = Exclude<SecretState, 'active'>;

export interface SecretsTable {
  /** 16 random bytes, unpadded base64url (22 chars). */
  id: string;
  /** version ‖ nonce ‖ ciphertext ‖ tag. NULL once the secret is viewed, expired, deleted or locked. */
  envelope: Uint8Array | null;
  /** SHA-256(keyProof) as sent by the creator; the server never sees the key itself. */
  key_proof_hash: Uint8Array;
  /** SHA-256(ownerToken); the token itself is returned once and never stored. */
  owner_token_hash: Uint8Array;
  views: number;
  views_left: number;
  /** Unix epoch milliseconds. */
  created_at: number;
  expires_at: number;
  state: SecretState;
  /** When the secret stopped being revealable (ms); NULL while active. Drives tombstone retention. */
  ended_at: number | null;
  /** 0002: lifecycle flags, 0/1 (SQLite has no boolean). Defaults describe rows from before 0002. */
  retrieval_step: Generated<number>;
  deletable_by_viewer: Generated<number>;
  /** 0002: the public Argon2id parameters as JSON (shared KdfParams); NULL without a passphrase or once ended. */
  pass_kdf: string | null;
  /** 0002: SHA-256(passProof); NULL without a passphrase, and cleared when the push ends. */
  pass_proof_hash: Uint8Array | null;
  /** 0002: wrong passphrases still tolerated; the push is destroyed ('locked') when it reaches 0. */
  pass_attempts_left: number | null;
  /** 0002: rows in secret_events for this push (the per-push audit cap is checked against it). */
  event_count: Generated<number>;
}

export interface SecretEventsTable {
  /** Generated (AUTOINCREMENT: never reused), so it doubles as the pagination cursor. */
  seq: Generated<number>;
  secret_id: string;
  type: AuditEventType;
  /** Unix epoch milliseconds. */
  at: number;
  /** Full, truncated (CIDR) or NULL per ZKPUSH_IP_LOGGING at the time of the event. */
  ip: string | null;
  user_agent: string | null;
  referrer: string | null;
}

export interface Database {
  secrets: SecretsTable;
  secret_events: SecretEventsTable;
}
