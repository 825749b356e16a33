/**
 * Creating a push from the browser: seal locally, send only the envelope and the key-proof hash,
 * build the link with the key in its fragment. The key exists in this function and in the returned
 * link string, which the page shows and nowhere else keeps — no storage, no logs, no requests.
 */
import type { ApiClient } from '@zkpush/shared/api-client';
import type { SealedPush, SealOptions } from '@zkpush/shared/push';
import { createProblem, type Problem } from './create-messages.ts';

export interface CreateDeps {
  api: Pick<ApiClient, 'create'>;
  sealText: (text: string, options: SealOptions) => SealedPush;
  formatLink: (origin: string, id: string, linkKey: Uint8Array) => string;
}

export interface CreateInput {
  text: string;
  views: number;
  expiresIn: number;
  maxEnvelopeBytes: number;
  /** `location.origin`: the link points back at the server that stored the push. */
  origin: string;
}

export type CreateOutcome =
  | { kind: 'created'; link: string; id: string; ownerToken: string; views: number; expiresAt: Date }
  | { kind: 'problem'; problem: Problem };

export async function createPush(deps: CreateDeps, input: CreateInput): Promise<CreateOutcome> {
  let sealed: SealedPush;
  try {
    sealed = deps.sealText(input.text, { maxEnvelopeBytes: input.maxEnvelopeBytes });
  } catch {
    // EnvelopeTooLargeError; the form checks the size first, so this is a last line of defence.
    return {
      kind: 'problem',
      problem: { message: 'The secret is too large for this server. Shorten it and try again.', retry: false },
    };
  }
  const result = await deps.api.create({
    envelope: sealed.request.envelope,
    keyProofHash: sealed.request.keyProofHash,
    views: input.views,
    expiresIn: input.expiresIn,
  });
  if (result.kind !== 'ok') return { kind: 'problem', problem: createProblem(result) };
  return {
    kind: 'created',
    link: deps.formatLink(input.origin, result.value.id, sealed.linkKey),
    id: result.value.id,
    ownerToken: result.value.ownerToken,
    views: result.value.views,
    expiresAt: new Date(result.value.expiresAt),
  };
}
