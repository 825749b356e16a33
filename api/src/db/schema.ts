/**
 * Row types for kysely. They mirror the latest migration; the migrations themselves are frozen and
 * typed against `Kysely<any>` because they must keep describing the schema as it was.
 */
import type { Generated, Selectable } from 'kysely';
import type { AuditEventType } from '@zkpush/shared/schemas';

export type SecretState = 'active' | 'viewed' | 'expired' | 'deleted' | 'locked';
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
  /**
   * 0002: rows in secret_events for this push (the per-push audit cap is checked against it); since
   * 0005 every row but the `failed_key` ones, which are counted apart.
   */
  event_count: Generated<number>;
  /**
   * 0005: wrong key proofs this push was ever sent. Only the first and latest few have a row in
   * secret_events (domain/lifecycle/audit.ts); they never count towards the cap.
   */
  failed_key_count: Generated<number>;
  /** 0009: the user who created the push (session or API token); NULL for an anonymous create. */
  creator_user_id: string | null;
  /** 0009: recipient-bound link — `alice@example.com` or `@example.com`, lower-cased; NULL for anyone. */
  recipient: string | null;
}

interface SecretEventsTable {
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
  /** 0009: who (email, else user id) did this when it was a signed-in person other than the owner token. */
  actor: Generated<string | null>;
}

/** 0003: a push with files; the row exists exactly as long as its blobs may (docs/api.md "File pushes"). */
export interface FilePushesTable {
  secret_id: string;
  /** Files in the push (rows in secret_files). */
  file_count: number;
  /** SHA-256 of the upload token while the upload is open; NULL once finalised. */
  upload_token_hash: Uint8Array | null;
  /** The upload is abandoned if no chunk arrives before this (ms); NULL once finalised. */
  upload_idle_at: number | null;
  /**
   * 0004: HMAC of the creating client's address under a per-process key, while the upload is open
   * (NULL once finalised, and for rows from before 0004): the per-client cap on reserved bytes.
   */
  client_tag: Generated<Uint8Array | null>;
}

/** 0003: one file of a file push. */
export interface SecretFilesTable {
  secret_id: string;
  /** Position in the manifest, from 0. */
  idx: number;
  /** Padmé-padded plaintext size as declared at create (shared blobLayout checks it). */
  padded_size: number;
  chunks: number;
  /** Bitmap of stored chunks: bit i is byte ⌊i/8⌋, bit i mod 8 (least significant first). */
  received: Uint8Array;
  received_count: number;
}

/** 0003: one reveal's download window. */
export interface DownloadGrantsTable {
  /** SHA-256 of the download token; the token itself is returned once and never stored. */
  token_hash: Uint8Array;
  secret_id: string;
  /** Unix epoch ms; the token is refused from this instant on. */
  expires_at: number;
  /** Bitmap of the files this grant has started downloading (bit order as `received`). */
  started: Uint8Array;
}

export interface Database {
  secrets: SecretsTable;
  secret_events: SecretEventsTable;
  file_pushes: FilePushesTable;
  secret_files: SecretFilesTable;
  download_grants: DownloadGrantsTable;
  storage_usage: StorageUsageTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  oidc_logins: OidcLoginsTable;
}

/** 0008: a person who signed in (OpenID Connect) or was named by a trusted proxy. */
export interface UsersTable {
  /** 16 random bytes, base64url. */
  id: string;
  /** The issuer URL, or `trusted-header`. */
  issuer: string;
  /** The provider's `sub` (or the proxy's user header). */
  subject: string;
  email: string | null;
  /** 0/1: the provider says the email is verified (a trusted proxy's email counts as verified). */
  email_verified: number;
  name: string | null;
  /** `admin` or `member`, recomputed from the groups at every sign-in. */
  role: string;
  created_at: number;
  last_seen_at: number;
}

/** 0008: a browser session; the cookie holds a secret whose SHA-256 (hex) is `id_hash`. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: number;
  /** Idle timeout counts from here. */
  last_seen_at: number;
  /** Absolute end (created_at + ZKPUSH_SESSION_MAX_AGE). */
  expires_at: number;
  id_token: string | null;
}

/** 0008: an API token; the token itself is shown once and only its SHA-256 (hex) is kept. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** Space-separated scopes. */
  scopes: string;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** 0008: an authorization request in flight (state, PKCE verifier, nonce), used once. */
export interface OidcLoginsTable {
  state_hash: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  expires_at: number;
}

/** 0006: one row (id 1), kept exact by triggers: what the storage quota counts. */
interface StorageUsageTable {
  id: number;
  /** Sum of the lengths of all stored envelopes (NULL once a push ends, so ended pushes count 0). */
  envelope_bytes: number;
  /** Sum of `secret_files.padded_size`: the files of every push still holding blobs. */
  file_bytes: number;
}

/** A row without its envelope (metadata reads never load ciphertext). */
export type SecretRecord = Omit<Selectable<SecretsTable>, 'envelope'>;
/** Everything a create decides; state, views_left and the counters start out fixed. */
export type NewSecret = Omit<
  SecretRecord,
  'state' | 'ended_at' | 'views_left' | 'event_count' | 'failed_key_count' | 'creator_user_id' | 'recipient'
> & {
  envelope: Uint8Array;
  /** 0009: absent for an anonymous push open to anyone. */
  creator_user_id?: string | null;
  recipient?: string | null;
};
export type EventRecord = Selectable<SecretEventsTable>;
export type NewEvent = Omit<EventRecord, 'seq' | 'secret_id' | 'actor'> & { actor?: string | null };
/** The row with its envelope: only the reveal path reads both (in one statement). */
export type SecretWithEnvelope = SecretRecord & Pick<Selectable<SecretsTable>, 'envelope'>;
