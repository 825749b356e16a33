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
import type { KdfParams } from '@zkpush/shared/kdf-params';
import { SecretId, type PushFlags } from '@zkpush/shared/schemas';
import type { DeriveOutcome } from './kdf-client.ts';
import {
  afterBurn,
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
  proofsFor: (linkKey: Uint8Array, passKey: Uint8Array) => { keyProof: string; passProof: string };
  openPush: (linkKey: Uint8Array, envelope: string, passKey?: Uint8Array) => OpenResult | Promise<OpenResult>;
  derivePassKey: (
    passphrase: string,
    kdf: KdfParams,
    options: { onProgress?: (fraction: number) => void; signal?: AbortSignal },
  ) => Promise<DeriveOutcome>;
}

export interface UnlockOptions {
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
}

/** What the metadata said that later steps need (the KDF parameters were checked by afterMeta). */
type Known = { flags: PushFlags; kdf: KdfParams | undefined };

export function createRevealFlow(deps: RevealDeps, id: string, key: KeyStatus): RevealFlow {
  const idOk = v.safeParse(SecretId, id).success;
  // A double click must not send two reveals (each would use a view): share the one in flight.
  let inflight: Promise<RevealState> | undefined;
  let known: Known | undefined;
  const initial: RevealState = idOk ? { kind: 'loading' } : { kind: 'damaged', cause: 'bad_id' };
  const keyState = (): RevealState =>
    key.kind === 'missing' ? { kind: 'incomplete' } : { kind: 'damaged', cause: 'malformed_key' };

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
      return afterMeta(result, key);
    },

    async reveal() {
      if (!idOk) return initial;
      if (key.kind !== 'ok') return keyState();
      const linkKey = key.linkKey;
      return once(() => revealOnce(deps, id, linkKey, known?.flags.deletableByViewer ?? false));
    },

    async unlock(passphrase, from, options = {}) {
      if (!idOk) return initial;
      if (key.kind !== 'ok') return keyState();
      const linkKey = key.linkKey;
      const kdf = known?.kdf;
      if (!kdf) return { kind: 'server_error', detail: 'no passphrase settings loaded', retry: 'meta' };
      const deletable = known?.flags.deletableByViewer ?? false;
      return once(() => unlockOnce(deps, { id, linkKey, kdf, passphrase, from, options, deletable }));
    },

    async burn() {
      if (!idOk || key.kind !== 'ok') return { kind: 'problem', message: 'This link has no usable key.' };
      try {
        return afterBurn(await deps.api.burn(id, { keyProof: await deps.keyProofFor(key.linkKey) }));
      } catch {
        return { kind: 'problem', message: 'Unexpected error in the page. Reload and try again.' };
      }
    },
  };
}

async function revealOnce(deps: RevealDeps, id: string, linkKey: Uint8Array, deletable: boolean): Promise<RevealState> {
  try {
    const keyProof = await deps.keyProofFor(linkKey);
    const result = await deps.api.reveal(id, { keyProof });
    if (result.kind !== 'ok') return fromFailure(result, 'reveal');
    return afterOpen(await deps.openPush(linkKey, result.value.envelope), result.value, deletable);
  } catch {
    // Crypto and the api-client return tagged results; a throw here is a bug in this page, not
    // something the recipient did. Say so without details (they could include key material).
    return { kind: 'server_error', detail: 'unexpected error in the page', retry: 'reveal' };
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
    const result = await deps.api.reveal(input.id, deps.proofsFor(input.linkKey, passKey));
    if (result.kind !== 'ok') return afterUnlockFailure(result, from);
    return afterOpen(await deps.openPush(input.linkKey, result.value.envelope, passKey), result.value, input.deletable);
  } catch {
    return { kind: 'server_error', detail: 'unexpected error in the page', retry: 'meta' };
  } finally {
    passKey.fill(0);
  }
}
