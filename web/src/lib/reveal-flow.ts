/**
 * The reveal page's requests, in order: metadata on load (never consumes a view — link previewers
 * load pages too), and the reveal POST only when the person clicks. Crypto and API are injected so
 * tests drive every path without a server; the link key stays inside this closure and is only ever
 * passed to keyProofFor/openPush.
 */
import * as v from 'valibot';
import type { ApiClient } from '@zkpush/shared/api-client';
import { SecretId } from '@zkpush/shared/schemas';
import {
  afterMeta,
  afterOpen,
  fromFailure,
  type KeyStatus,
  type OpenResult,
  type RevealState,
} from './reveal-state.ts';

export interface RevealDeps {
  api: Pick<ApiClient, 'meta' | 'reveal'>;
  keyProofFor: (linkKey: Uint8Array) => string | Promise<string>;
  openPush: (linkKey: Uint8Array, envelope: string) => OpenResult | Promise<OpenResult>;
}

export interface RevealFlow {
  /** The state to show before any request: `loading`, or `damaged` if the id itself is not an id. */
  readonly initial: RevealState;
  /** GET the metadata. */
  load(): Promise<RevealState>;
  /** POST the reveal; only call after a person asked for it. */
  reveal(): Promise<RevealState>;
}

export function createRevealFlow(deps: RevealDeps, id: string, key: KeyStatus): RevealFlow {
  const idOk = v.safeParse(SecretId, id).success;
  // A double click must not send two reveals (each would use a view): share the one in flight.
  let inflight: Promise<RevealState> | undefined;
  const initial: RevealState = idOk ? { kind: 'loading' } : { kind: 'damaged', cause: 'bad_id' };

  return {
    initial,

    async load() {
      if (!idOk) return initial;
      return afterMeta(await deps.api.meta(id), key);
    },

    async reveal() {
      if (!idOk) return initial;
      if (key.kind !== 'ok')
        return key.kind === 'missing' ? { kind: 'incomplete' } : { kind: 'damaged', cause: 'malformed_key' };
      const linkKey = key.linkKey;
      if (!inflight) {
        const run = revealOnce(deps, id, linkKey);
        const clear = (): void => {
          if (inflight === run) inflight = undefined;
        };
        inflight = run;
        run.then(clear, clear);
      }
      return inflight;
    },
  };
}

async function revealOnce(deps: RevealDeps, id: string, linkKey: Uint8Array): Promise<RevealState> {
  try {
    const keyProof = await deps.keyProofFor(linkKey);
    const result = await deps.api.reveal(id, { keyProof });
    if (result.kind !== 'ok') return fromFailure(result, 'reveal');
    return afterOpen(await deps.openPush(linkKey, result.value.envelope), result.value);
  } catch {
    // Crypto and the api-client return tagged results; a throw here is a bug in this page, not
    // something the recipient did. Say so without details (they could include key material).
    return { kind: 'server_error', detail: 'unexpected error in the page', retry: 'reveal' };
  }
}
