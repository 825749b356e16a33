/**
 * States of the reveal page and the pure transitions between them. Every outcome the recipient can
 * meet has its own state, decided from the api-client's result `kind`, the error `code` and the
 * `gone` reason — never from message text — so "already viewed", "wrong link" and "network down"
 * can never be confused.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import type { GoneReason } from '@zkpush/shared/errors';
import type { RevealResponse, SecretMeta } from '@zkpush/shared/schemas';

/** What the URL fragment held (see parseFragment in shared/src/link.ts). */
export type KeyStatus = { kind: 'ok'; linkKey: Uint8Array } | { kind: 'missing' } | { kind: 'malformed' };

/** The result of openPush (shared/src/push.ts), restated structurally so this module stays pure. */
export type OpenResult =
  | { kind: 'ok'; payload: { kind: string; text?: string } }
  | { kind: 'wrong_key' }
  | { kind: 'corrupt'; message: string }
  | { kind: 'unsupported_version' };

/** Which request a Retry button repeats. */
export type Phase = 'meta' | 'reveal';

/**
 * Why a link cannot work: the id in the path is not an id (`bad_id`), the fragment is not a key
 * (`malformed_key`), the server says the key is not this secret's (`wrong_key`, no view used), the
 * data did not decrypt after the server released it (`corrupt`, a view was used), or it was made
 * by a newer zkpush (`unsupported`).
 */
export type DamageCause = 'bad_id' | 'malformed_key' | 'wrong_key' | 'corrupt' | 'unsupported';

export type RevealState =
  | { kind: 'loading' }
  | { kind: 'ready'; viewsLeft: number; expiresAt: Date }
  | { kind: 'revealing'; viewsLeft: number; expiresAt: Date }
  | { kind: 'revealed'; text: string; viewsLeft: number; expiresAt: Date }
  | { kind: 'incomplete' }
  | { kind: 'damaged'; cause: DamageCause }
  | { kind: 'gone'; reason: GoneReason | undefined }
  | { kind: 'not_found' }
  | { kind: 'network'; retry: Phase }
  | { kind: 'server_error'; detail: string; retry: Phase }
  | { kind: 'rate_limited'; retryAfter: number | undefined; retry: Phase };

type Failure = Exclude<ApiResult<unknown>, { kind: 'ok' }>;

/** Maps a failed API call to the state the recipient sees. */
export function fromFailure(result: Failure, phase: Phase): RevealState {
  switch (result.kind) {
    case 'network':
      return { kind: 'network', retry: phase };
    case 'bad_response':
      return { kind: 'server_error', detail: `HTTP ${result.status}`, retry: phase };
    case 'error':
      switch (result.code) {
        case 'gone':
          return { kind: 'gone', reason: result.reason };
        case 'not_found':
          return { kind: 'not_found' };
        case 'wrong_key':
          return { kind: 'damaged', cause: 'wrong_key' };
        case 'rate_limited':
          return { kind: 'rate_limited', retryAfter: result.retryAfter, retry: phase };
        case 'invalid_request':
          // On the metadata request only the id can be invalid: the link's path is damaged.
          if (phase === 'meta') return { kind: 'damaged', cause: 'bad_id' };
          return { kind: 'server_error', detail: result.code, retry: phase };
        default:
          return { kind: 'server_error', detail: result.code, retry: phase };
      }
  }
}

/**
 * After GET /secrets/:id. The metadata request is made even without a usable key, so that a link
 * to a secret that is already gone says so (the more useful news) instead of "incomplete".
 */
export function afterMeta(result: ApiResult<SecretMeta>, key: KeyStatus): RevealState {
  if (result.kind !== 'ok') return fromFailure(result, 'meta');
  if (key.kind === 'missing') return { kind: 'incomplete' };
  if (key.kind === 'malformed') return { kind: 'damaged', cause: 'malformed_key' };
  return { kind: 'ready', viewsLeft: result.value.viewsLeft, expiresAt: new Date(result.value.expiresAt) };
}

/** After the envelope came back and openPush ran (a view has been used by now). */
export function afterOpen(opened: OpenResult, response: RevealResponse): RevealState {
  switch (opened.kind) {
    case 'ok':
      if (opened.payload.kind !== 'text' || typeof opened.payload.text !== 'string') {
        return { kind: 'damaged', cause: 'unsupported' };
      }
      return {
        kind: 'revealed',
        text: opened.payload.text,
        viewsLeft: response.viewsLeft,
        expiresAt: new Date(response.expiresAt),
      };
    case 'unsupported_version':
      return { kind: 'damaged', cause: 'unsupported' };
    case 'wrong_key':
    case 'corrupt':
      // The server accepted the key proof, so the key is right for this id: the data is damaged.
      return { kind: 'damaged', cause: 'corrupt' };
  }
}
