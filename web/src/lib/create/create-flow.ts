/**
 * Creating a push from the browser: seal locally, send only the envelope and the proof hashes,
 * build the link with the key in its fragment. The key exists in this function and in the returned
 * link string, which the page shows and nowhere else keeps — no storage, no logs, no requests.
 *
 * With a passphrase, P is derived first (in the worker: kdf-client.ts), then the text is sealed here
 * on the main thread under K ‖ P (sealing is fast; only Argon2id is slow), and P is wiped. The
 * dashboard entry remembered afterwards holds the id and owner token only (dashboard-store.ts).
 */
import type { ApiClient } from '@zkpush/shared/api-client';
import type { KdfParams } from '@zkpush/shared/kdf-params';
import type { SealedPassphrasePush, SealedPush, SealOptions } from '@zkpush/shared/push';
import type { CreateSecretRequest, CreateSecretResponse, PushFlagsInput } from '@zkpush/shared/schemas';
import { createProblem, KDF_FAILED, TOO_LARGE, type Problem } from './create-messages.ts';
import type { DashboardEntry, SaveResult } from '#lib/dashboard/dashboard-store.ts';
import type { DeriveOutcome } from '#lib/workers/kdf/kdf-client.ts';

export interface CreateDeps {
  api: Pick<ApiClient, 'create'>;
  sealText: (text: string, options: SealOptions) => SealedPush;
  sealTextWithPassKey: (
    text: string,
    passKey: Uint8Array,
    kdf: KdfParams,
    options: SealOptions,
  ) => SealedPassphrasePush;
  /** Fresh public KDF parameters (random salt, default cost). */
  newKdfParams: () => KdfParams;
  derivePassKey: (
    passphrase: string,
    kdf: KdfParams,
    options: { onProgress?: (fraction: number) => void; signal?: AbortSignal },
  ) => Promise<DeriveOutcome>;
  formatLink: (origin: string, id: string, linkKey: Uint8Array) => string;
  /** Adds the push to this browser's dashboard list. */
  remember: (entry: DashboardEntry) => SaveResult;
  now: () => Date;
}

/** What the create page sends with any push, text or files: its lifecycle, options and link origin. */
export interface PushSettings {
  views: number;
  expiresIn: number;
  maxEnvelopeBytes: number;
  /** `location.origin`: the link points back at the server that stored the push. */
  origin: string;
  passphrase?: string;
  flags?: PushFlagsInput;
  /** Dashboard label; stays in this browser. */
  label?: string;
  /** Only someone signed in as this email (or at this `@domain`) may open it (issue 12 §5). */
  recipient?: string;
}

interface CreateInput extends PushSettings {
  text: string;
  onProgress?: (fraction: number) => void;
  /** Cancels the key derivation (nothing has been sent by then). */
  signal?: AbortSignal;
}

export type Created = {
  kind: 'created';
  link: string;
  id: string;
  ownerToken: string;
  views: number;
  expiresAt: Date;
  hasPassphrase: boolean;
  /** Whether the dashboard entry could be saved (storage may be disabled). */
  remembered: boolean;
  /** A file push: how many files it holds. */
  files?: number;
};

type CreateOutcome = Created | { kind: 'problem'; problem: Problem } | { kind: 'cancelled' };

type Sealed = {
  linkKey: Uint8Array;
  request: SealedPush['request'] & Partial<Pick<SealedPassphrasePush['request'], 'passphrase'>>;
};

/** P and its public parameters, derived in the worker for a new push. */
type DerivedForCreate = { kind: 'ok'; passKey: Uint8Array; kdf: KdfParams };

/**
 * Fresh KDF parameters and P for a passphrase chosen on the create page (text or files). The caller
 * wipes `passKey` once it has sealed with it.
 */
export async function deriveForCreate(
  deps: Pick<CreateDeps, 'newKdfParams' | 'derivePassKey'>,
  passphrase: string,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal },
): Promise<DerivedForCreate | { kind: 'cancelled' } | { kind: 'problem'; problem: Problem }> {
  const kdf = deps.newKdfParams();
  const derived = await deps.derivePassKey(passphrase, kdf, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  switch (derived.kind) {
    case 'cancelled':
      return derived;
    case 'ok':
      return { kind: 'ok', passKey: derived.passKey, kdf };
    default:
      return {
        kind: 'problem',
        problem: KDF_FAILED,
      };
  }
}

async function seal(deps: CreateDeps, input: CreateInput): Promise<Sealed | Exclude<CreateOutcome, Created>> {
  const options = { maxEnvelopeBytes: input.maxEnvelopeBytes };
  if (!input.passphrase) {
    try {
      return deps.sealText(input.text, options);
    } catch {
      // EnvelopeTooLargeError; the form checks the size first, so this is a last line of defence.
      return { kind: 'problem', problem: TOO_LARGE };
    }
  }
  const derived = await deriveForCreate(deps, input.passphrase, {
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (derived.kind !== 'ok') return derived;
  try {
    return deps.sealTextWithPassKey(input.text, derived.passKey, derived.kdf, options);
  } catch {
    return { kind: 'problem', problem: TOO_LARGE };
  } finally {
    derived.passKey.fill(0);
  }
}

/** The lifecycle part of a create request, as the creator chose it. */
export function lifecycleRequest(
  input: PushSettings,
): Pick<CreateSecretRequest, 'views' | 'expiresIn' | 'flags' | 'recipient'> {
  return {
    views: input.views,
    expiresIn: input.expiresIn,
    ...(input.flags ? { flags: input.flags } : {}),
    ...(input.recipient !== undefined ? { recipient: input.recipient } : {}),
  };
}

/**
 * After the server stored a push: adds it to the dashboard (id and owner token, never the key) and
 * builds the link. `files` is set for a file push.
 */
export function rememberCreated(
  deps: Pick<CreateDeps, 'formatLink' | 'remember' | 'now'>,
  input: PushSettings,
  created: Pick<CreateSecretResponse, 'id' | 'ownerToken' | 'views' | 'expiresAt'>,
  sealed: { linkKey: Uint8Array; hasPassphrase: boolean; files?: number },
): Created {
  const { id, ownerToken, views, expiresAt } = created;
  const { hasPassphrase, files } = sealed;
  const saved = deps.remember({
    id,
    ownerToken,
    createdAt: deps.now().toISOString(),
    expiresAt,
    views,
    hasPassphrase,
    ...(files === undefined ? {} : { files }),
    ...(input.label ? { label: input.label } : {}),
  });
  return {
    kind: 'created',
    link: deps.formatLink(input.origin, id, sealed.linkKey),
    id,
    ownerToken,
    views,
    expiresAt: new Date(expiresAt),
    hasPassphrase,
    remembered: saved.kind === 'ok',
    ...(files === undefined ? {} : { files }),
  };
}

export async function createPush(deps: CreateDeps, input: CreateInput): Promise<CreateOutcome> {
  const sealed = await seal(deps, input);
  if ('kind' in sealed) return sealed;
  const result = await deps.api.create({
    envelope: sealed.request.envelope,
    keyProofHash: sealed.request.keyProofHash,
    ...lifecycleRequest(input),
    ...(sealed.request.passphrase ? { passphrase: sealed.request.passphrase } : {}),
  });
  if (result.kind !== 'ok') return { kind: 'problem', problem: createProblem(result) };
  const hasPassphrase = sealed.request.passphrase !== undefined;
  return rememberCreated(deps, input, result.value, { linkKey: sealed.linkKey, hasPassphrase });
}
