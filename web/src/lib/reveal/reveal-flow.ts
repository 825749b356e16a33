/**
 * The reveal page's requests, in order: metadata on load (never consumes a view — link previewers
 * load pages too), and the reveal POST only when the person clicks (or at once, if the creator
 * turned the retrieval step off). A passphrase push first derives P in the worker, then sends
 * keyProof and passProof together. Crypto, worker and API are injected so tests drive every path
 * without a server; the link key and P stay inside this closure and are only ever passed to the
 * proof and open functions. P is wiped after each attempt.
 */
import * as v from 'valibot';
import type { ApiClient } from '@zkpush/shared/api-client';
import type { FileStreamPlan } from '@zkpush/shared/file-push';
import type { KdfParams } from '@zkpush/shared/kdf-params';
import type { FileEntry } from '@zkpush/shared/manifest';
import { SecretId, type PushFlags, type RevealResponse } from '@zkpush/shared/schemas';
import type { DeriveOutcome } from '#lib/workers/kdf/kdf-client.ts';
import { afterBurn, burnProblems, problemDetails } from './reveal-messages.ts';
import {
  afterMeta,
  afterOpen,
  afterUnlockFailure,
  fromFailure,
  type BurnOutcome,
  type KeyStatus,
  type OpenResult,
  type RevealState,
} from './reveal-state.ts';

export interface RevealDeps {
  api: Pick<ApiClient, 'meta' | 'reveal' | 'burn'>;
  keyProofFor: (linkKey: Uint8Array) => string | Promise<string>;
  /** May be async, like keyProofFor: the reveal page loads the crypto code with the first action. */
  proofsFor: (
    linkKey: Uint8Array,
    passKey: Uint8Array,
  ) => { keyProof: string; passProof: string } | Promise<{ keyProof: string; passProof: string }>;
  openPush: (linkKey: Uint8Array, envelope: string, passKey?: Uint8Array) => OpenResult | Promise<OpenResult>;
  derivePassKey: (
    passphrase: string,
    kdf: KdfParams,
    options: { onProgress?: (fraction: number) => void; signal?: AbortSignal },
  ) => Promise<DeriveOutcome>;
  /**
   * STREAM keys of a file push's files (shared/src/file-push.ts filePlans). May be async: the reveal
   * page loads the file code only when a push holds files (docs/performance.md "Light pages").
   */
  filePlans: (
    linkKey: Uint8Array,
    passKey: Uint8Array | undefined,
    files: readonly FileEntry[],
  ) => FileStreamPlan[] | Promise<FileStreamPlan[]>;
  /** Whether this page has a signed-in session for a recipient-bound push (recipient/, issue 12 §5). */
  signedIn?: () => boolean;
}

/** What downloading a revealed file push needs; the keys stay in the flow and the download code. */
type RevealedDownloads = { id: string; token: string; plans: FileStreamPlan[] };

interface UnlockOptions {
  onProgress?: (fraction: number) => void;
  /** Cancels the key derivation; the prompt comes back and nothing was sent. */
  signal?: AbortSignal;
}

export interface RevealFlow {
  /** The state to show before any request: `loading`, or `damaged` if the id itself is not an id. */
  readonly initial: RevealState;
  /** GET the metadata. */
  load(): Promise<RevealState>;
  /** POST the reveal of a push without a passphrase; only call after a person asked for it (or `auto`). */
  reveal(): Promise<RevealState>;
  /** Derive P from the passphrase, then POST the reveal with both proofs. */
  unlock(
    passphrase: string,
    from: Extract<RevealState, { kind: 'unlocking' }>,
    options?: UnlockOptions,
  ): Promise<RevealState>;
  /** "Delete now" after reading (proves the key with keyProof). */
  burn(): Promise<BurnOutcome>;
  /** After a file push was revealed: its download token and the files' keys. */
  downloads(): RevealedDownloads | undefined;
}

/** What the metadata said that later steps need (the KDF parameters were checked by afterMeta). */
type Known = { flags: PushFlags; kdf: KdfParams | undefined };

export function createRevealFlow(deps: RevealDeps, id: string, key: KeyStatus): RevealFlow {
  const idOk = v.safeParse(SecretId, id).success;
  // A double click must not send two reveals (each would use a view): share the one in flight.
  let inflight: Promise<RevealState> | undefined;
  let known: Known | undefined;
  let revealedFiles: RevealedDownloads | undefined;
  const keep = (d: RevealedDownloads | undefined): void => {
    if (d) revealedFiles = d;
  };
  // Reloaded after revealing here: say so before any request (whatever the server says now, this
  // person opened it, and no key is left to use).
  const initial: RevealState = !idOk
    ? { kind: 'damaged', cause: 'bad_id' }
    : key.kind === 'opened'
      ? { kind: 'opened' }
      : { kind: 'loading' };
  const keyState = (): RevealState =>
    key.kind === 'malformed' ? { kind: 'damaged', cause: 'malformed_key' } : { kind: 'incomplete' };

  function once(run: () => Promise<RevealState>): Promise<RevealState> {
    if (!inflight) {
      const p = run();
      const clear = (): void => {
        if (inflight === p) inflight = undefined;
      };
      inflight = p;
      p.then(clear, clear);
    }
    return inflight;
  }

  return {
    initial,

    async load() {
      if (!idOk) return initial;
      const result = await deps.api.meta(id);
      if (result.kind === 'ok') known = { flags: result.value.flags, kdf: result.value.passphrase?.kdf };
      return afterMeta(result, key, deps.signedIn?.() ?? false);
    },

    async reveal() {
      if (!idOk) return initial;
      if (key.kind !== 'ok') return keyState();
      const linkKey = key.linkKey;
      return once(() => revealOnce(deps, id, linkKey, known?.flags.deletableByViewer ?? false, keep));
    },

    async unlock(passphrase, from, options = {}) {
      if (!idOk) return initial;
      if (key.kind !== 'ok') return keyState();
      const linkKey = key.linkKey;
      const kdf = known?.kdf;
      if (!kdf) return { kind: 'server_error', detail: problemDetails.noPassphraseSettings, retry: 'meta' };
      const deletable = known?.flags.deletableByViewer ?? false;
      return once(() => unlockOnce(deps, { id, linkKey, kdf, passphrase, from, options, deletable, keep }));
    },

    downloads: () => revealedFiles,

    async burn() {
      if (!idOk || key.kind !== 'ok') return { kind: 'problem', message: burnProblems.noKey };
      try {
        return afterBurn(await deps.api.burn(id, { keyProof: await deps.keyProofFor(key.linkKey) }));
      } catch {
        return { kind: 'problem', message: burnProblems.pageError };
      }
    },
  };
}

/**
 * Opens the envelope and, for a file push, derives its files' keys while P is still at hand (the
 * caller wipes P right after) and hands them to `keep`, outside any reactive state.
 */
async function openAndKeep(
  deps: RevealDeps,
  input: { id: string; linkKey: Uint8Array; passKey?: Uint8Array; deletable: boolean },
  response: RevealResponse,
  keep: (d: RevealedDownloads) => void,
): Promise<RevealState> {
  const opened = await deps.openPush(input.linkKey, response.envelope, input.passKey);
  const state = afterOpen(opened, response, input.deletable);
  if (state.kind === 'revealed_files' && opened.kind === 'ok' && opened.payload.files && response.download) {
    const plans = await deps.filePlans(input.linkKey, input.passKey, opened.payload.files);
    keep({ id: input.id, token: response.download.token, plans });
  }
  return state;
}

async function revealOnce(
  deps: RevealDeps,
  id: string,
  linkKey: Uint8Array,
  deletable: boolean,
  keep: (d: RevealedDownloads) => void,
): Promise<RevealState> {
  try {
    const keyProof = await deps.keyProofFor(linkKey);
    const result = await deps.api.reveal(id, { keyProof });
    if (result.kind !== 'ok') return fromFailure(result, 'reveal');
    return await openAndKeep(deps, { id, linkKey, deletable }, result.value, keep);
  } catch {
    // Crypto and the api-client return tagged results; a throw here is a bug in this page, not
    // something the recipient did. Say so without details (they could include key material).
    return { kind: 'server_error', detail: problemDetails.pageError, retry: 'reveal' };
  }
}

type UnlockInput = {
  id: string;
  linkKey: Uint8Array;
  kdf: KdfParams;
  passphrase: string;
  from: Extract<RevealState, { kind: 'unlocking' }>;
  options: UnlockOptions;
  deletable: boolean;
  keep: (d: RevealedDownloads) => void;
};

async function unlockOnce(deps: RevealDeps, input: UnlockInput): Promise<RevealState> {
  const { from } = input;
  const derived = await deps.derivePassKey(input.passphrase, input.kdf, input.options);
  switch (derived.kind) {
    case 'cancelled':
      return {
        kind: 'passphrase',
        attemptsLeft: from.attemptsLeft,
        wrong: false,
        viewsLeft: from.viewsLeft,
        expiresAt: from.expiresAt,
        ...(from.filesSummary ? { filesSummary: from.filesSummary } : {}),
      };
    case 'bad_kdf':
      return { kind: 'damaged', cause: 'bad_kdf', kdfProblem: derived.problem };
    case 'failed':
      return { kind: 'kdf_failed' };
    case 'ok':
      break;
  }
  const passKey = derived.passKey;
  try {
    const result = await deps.api.reveal(input.id, await deps.proofsFor(input.linkKey, passKey));
    if (result.kind !== 'ok') return afterUnlockFailure(result, from);
    const opening = { id: input.id, linkKey: input.linkKey, passKey, deletable: input.deletable };
    return await openAndKeep(deps, opening, result.value, input.keep);
  } catch {
    return { kind: 'server_error', detail: problemDetails.pageError, retry: 'meta' };
  } finally {
    passKey.fill(0);
  }
}
