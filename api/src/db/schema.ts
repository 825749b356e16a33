/**
 * Row types for kysely. They mirror the latest migration; the migrations themselves are frozen and
 * typed against `Kysely<any>` because they must keep describing the schema as it was.
 */
export const SECRET_STATES = ['active', 'viewed', 'expired', 'deleted'] as const;
export type SecretState = (typeof SECRET_STATES)[number];
/** States after which the envelope is gone for good (a "tombstone" row). */
export type EndedState = Exclude<SecretState, 'active'>;

export interface SecretsTable {
  /** 16 random bytes, unpadded base64url (22 chars). */
  id: string;
  /** version ‖ nonce ‖ ciphertext ‖ tag. NULL once the secret is viewed, expired or deleted. */
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
}

export interface Database {
  secrets: SecretsTable;
}
