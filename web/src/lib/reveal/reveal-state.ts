/**
 * States of the reveal page and the pure transitions between them. Every outcome the recipient can
 * meet has its own state, decided from the api-client's result `kind`, the error `code` and the
 * `gone` reason — never from message text — so "already viewed", "wrong link" and "network down"
 * can never be confused.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import type { GoneReason } from '@zkpush/shared/errors';
import { checkKdfParams, type KdfProblem } from '@zkpush/shared/kdf-params';
import type { FileEntry } from '@zkpush/shared/manifest';
import type { RevealResponse, SecretMeta } from '@zkpush/shared/schemas';

/** What the URL fragment held (see parseFragment in shared/src/link.ts). */
export type KeyStatus =
  | { kind: 'ok'; linkKey: Uint8Array }
  | { kind: 'missing' }
  | { kind: 'malformed' }
  /**
   * No fragment, but this tab's history entry says the secret was revealed here before (a reload after
   * revealing: the page had removed the key from the address bar). See RevealPage.svelte markOpened.
   */
  | { kind: 'opened' };

/**
 * The result of openPush (shared/src/push.ts), restated structurally so this module stays pure: a
 * text payload has `text`, a file push's manifest (kind `files`) has `files` and maybe `message`.
 */
export type OpenResult =
  | { kind: 'ok'; payload: { kind: string; text?: string; message?: string; files?: readonly FileEntry[] } }
  | { kind: 'wrong_key' }
  | { kind: 'corrupt'; message: string }
  | { kind: 'unsupported_version' };

/** Which request a Retry button repeats. */
type Phase = 'meta' | 'reveal';

/**
 * Why a link cannot work: the id in the path is not an id (`bad_id`), the fragment is not a key
 * (`malformed_key`), the server says the key is not this secret's (`wrong_key`, no view used), the
 * data did not decrypt after the server released it (`corrupt`, a view was used), it was made
 * by a newer zkpush (`unsupported`), or the passphrase KDF parameters the server returned are
 * outside what this client runs (`bad_kdf`, shared/src/kdf-params.ts; nothing was tried).
 */
type DamageCause = 'bad_id' | 'malformed_key' | 'wrong_key' | 'corrupt' | 'unsupported' | 'bad_kdf';

/** What the metadata says of a file push's files: how many, and their padded sizes added up. */
export type FilesSummary = { count: number; paddedBytes: number };

type Shown = { viewsLeft: number; expiresAt: Date; filesSummary?: FilesSummary };

/** A file of a revealed file push, as its manifest describes it (names exist only here). */
export type RevealedFile = Pick<FileEntry, 'name' | 'type' | 'size'>;

export type RevealState =
  | { kind: 'loading' }
  /** `auto`: the creator turned the retrieval step off, so the page reveals without a click. */
  | ({ kind: 'ready'; auto: boolean } & Shown)
  | ({ kind: 'revealing' } & Shown)
  /** Passphrase prompt; `wrong` after a refused guess (attemptsLeft is then the server's new count). */
  | ({ kind: 'passphrase'; attemptsLeft: number; wrong: boolean } & Shown)
  /** Argon2id in the worker, then the reveal request. */
  | ({ kind: 'unlocking'; attemptsLeft: number } & Shown)
  /** `deletable`: the recipient may destroy what is left (flags.deletableByViewer, views remain). */
  | ({ kind: 'revealed'; text: string; deletable: boolean } & Shown)
  /**
   * A file push after reveal: the manifest's message and files, downloadable until `downloadUntil`;
   * `deletable` whenever flags.deletableByViewer, since the files outlive the last view.
   */
  | ({
      kind: 'revealed_files';
      message: string | undefined;
      files: RevealedFile[];
      downloadUntil: Date;
      deletable: boolean;
    } & Shown)
  /** The sender is still uploading the files: nothing was consumed, try again later. */
  | { kind: 'not_ready'; retry: Phase }
  /** The recipient pressed "Delete now"; `already` when the server said it was gone anyway. */
  | { kind: 'deleted'; already: GoneReason | undefined }
  | { kind: 'incomplete' }
  /** Reloaded after revealing in this tab: the key was removed from the address bar (issue 13 §4.8). */
  | { kind: 'opened' }
  | { kind: 'damaged'; cause: DamageCause; kdfProblem?: KdfProblem }
  /** This browser could not run Argon2id (worker blocked, out of memory). Nothing was sent. */
  | { kind: 'kdf_failed' }
  | { kind: 'gone'; reason: GoneReason | undefined }
  | { kind: 'not_found' }
  | { kind: 'network'; retry: Phase }
  | { kind: 'server_error'; detail: string; retry: Phase }
  | { kind: 'rate_limited'; retryAfter: number | undefined; retry: Phase }
  /**
   * A recipient-bound push (issue 12 §5): only a particular signed-in person may open it. `refused`
   * false: this page has no session yet (or the server said it ended) — sign in to continue; true:
   * signed in as someone else (`recipient_mismatch`). Either way nothing was used.
   */
  | { kind: 'recipient'; refused: boolean };

type Failure = Exclude<ApiResult<unknown>, { kind: 'ok' }>;

/**
 * Whether the page drops the link's key (the `#…` fragment) from the address bar in this state, so it
 * does not linger in the history entry or get copied along with the URL. After a reveal the key has
 * done its job (the flow keeps K in memory for "Delete now"); when the server says the link can never
 * work again — gone (viewed, expired, deleted, locked), not found, or deleted by this recipient — it
 * is worth nothing. It stays wherever the recipient may retry or report the link as it is: a wrong
 * key, a damaged or incomplete link, network and server errors, not ready, rate limited, a failed KDF.
 */
export function forgetsKey(state: RevealState): boolean {
  switch (state.kind) {
    case 'revealed':
    case 'revealed_files':
    case 'gone':
    case 'not_found':
    case 'deleted':
    case 'opened':
      return true;
    default:
      return false;
  }
}

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
        case 'not_ready':
          return { kind: 'not_ready', retry: phase };
        case 'sign_in_required':
        case 'recipient_mismatch':
          return { kind: 'recipient', refused: result.code !== 'sign_in_required' };
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
 * to a secret that is already gone says so (the more useful news) instead of "incomplete". A
 * passphrase push whose KDF parameters fail checkKdfParams is refused before any prompt: the server
 * (or whoever altered the response) must not choose a cost that makes guessing cheap or hangs the tab.
 */
export function afterMeta(result: ApiResult<SecretMeta>, key: KeyStatus, signedIn = false): RevealState {
  if (result.kind !== 'ok') return fromFailure(result, 'meta');
  if (key.kind === 'missing') return { kind: 'incomplete' };
  if (key.kind === 'opened') return { kind: 'opened' };
  if (key.kind === 'malformed') return { kind: 'damaged', cause: 'malformed_key' };
  const meta = result.value;
  // A recipient-bound push: the page signs in first (the prompt follows, so nothing is used before).
  if (meta.signInRequired && !signedIn) return { kind: 'recipient', refused: false };
  const shown: Shown = {
    viewsLeft: meta.viewsLeft,
    expiresAt: new Date(meta.expiresAt),
    ...(meta.files
      ? {
          filesSummary: { count: meta.files.length, paddedBytes: meta.files.reduce((n, f) => n + f.paddedSize, 0) },
        }
      : {}),
  };
  if (meta.passphrase) {
    const checked = checkKdfParams(meta.passphrase.kdf);
    if (checked.kind !== 'ok') return { kind: 'damaged', cause: 'bad_kdf', kdfProblem: checked.problem };
    if (meta.passphrase.attemptsLeft <= 0) return { kind: 'gone', reason: 'locked' };
    return { kind: 'passphrase', attemptsLeft: meta.passphrase.attemptsLeft, wrong: false, ...shown };
  }
  return { kind: 'ready', auto: !meta.flags.retrievalStep, ...shown };
}

/**
 * After a reveal with a passphrase failed. A wrong passphrase brings the prompt back with the
 * server's count (never a "wrong link" or network message); none left means destroyed. Anything
 * else maps as on the metadata request, so Retry re-reads the metadata and the current count.
 */
export function afterUnlockFailure(
  result: Exclude<ApiResult<unknown>, { kind: 'ok' }>,
  before: Extract<RevealState, { kind: 'unlocking' }>,
): RevealState {
  if (result.kind === 'error' && result.code === 'wrong_passphrase') {
    const attemptsLeft = result.attemptsLeft ?? Math.max(0, before.attemptsLeft - 1);
    if (attemptsLeft <= 0) return { kind: 'gone', reason: 'locked' };
    return {
      kind: 'passphrase',
      attemptsLeft,
      wrong: true,
      viewsLeft: before.viewsLeft,
      expiresAt: before.expiresAt,
      ...(before.filesSummary ? { filesSummary: before.filesSummary } : {}),
    };
  }
  return fromFailure(result, 'meta');
}

/** After the envelope came back and openPush ran (a view has been used by now). */
export function afterOpen(opened: OpenResult, response: RevealResponse, deletableByViewer = false): RevealState {
  switch (opened.kind) {
    case 'ok':
      if (opened.payload.kind === 'files' && opened.payload.files) {
        // A manifest without a download window cannot be used: the server left out its half.
        if (!response.download) return { kind: 'server_error', detail: 'no download token', retry: 'meta' };
        return {
          kind: 'revealed_files',
          message: opened.payload.message,
          files: opened.payload.files.map((f) => ({ name: f.name, type: f.type, size: f.size })),
          downloadUntil: new Date(response.download.expiresAt),
          viewsLeft: response.viewsLeft,
          expiresAt: new Date(response.expiresAt),
          // The files stay on the server for the download window even after the last view, and the
          // recipient may delete them early (issue 13 §4 item 10; docs/api.md "Burn").
          deletable: deletableByViewer,
        };
      }
      if (opened.payload.kind !== 'text' || typeof opened.payload.text !== 'string') {
        return { kind: 'damaged', cause: 'unsupported' };
      }
      return {
        kind: 'revealed',
        text: opened.payload.text,
        viewsLeft: response.viewsLeft,
        expiresAt: new Date(response.expiresAt),
        // Nothing is left to delete after the last view.
        deletable: deletableByViewer && response.viewsLeft > 0,
      };
    case 'unsupported_version':
      return { kind: 'damaged', cause: 'unsupported' };
    case 'wrong_key':
    case 'corrupt':
      // The server accepted the key proof, so the key is right for this id: the data is damaged.
      return { kind: 'damaged', cause: 'corrupt' };
  }
}

/** After POST /secrets/:id/burn ("Delete now"); a failure keeps the secret on screen with a message. */
export type BurnOutcome = { kind: 'deleted'; state: RevealState } | { kind: 'problem'; message: string };
