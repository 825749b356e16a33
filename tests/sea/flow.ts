/**
 * Create and reveal exactly as the web app does — the shared api-client and crypto — for the release
 * tests, which run them against the single executable and through Caddy.
 */
import type { ApiClient, ApiResult } from '@zkpush/shared/api-client';
import { formatLink } from '@zkpush/shared/link';
import { keyProofFor, openPush, sealText } from '@zkpush/shared/push';

export function ok<T>(result: ApiResult<T>): T {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

export interface CreatedPush {
  readonly id: string;
  readonly ownerToken: string;
  readonly linkKey: Uint8Array;
  /** The link a browser would show, for this origin. */
  link(origin: string): string;
}

export async function createPush(client: ApiClient, text: string, views = 1): Promise<CreatedPush> {
  const sealed = sealText(text);
  const created = ok(await client.create({ ...sealed.request, views }));
  return {
    id: created.id,
    ownerToken: created.ownerToken,
    linkKey: sealed.linkKey,
    link: (origin) => formatLink(origin, created.id, sealed.linkKey),
  };
}

/** Reveals (uses one view) and decrypts; throws unless it is a text push that opens. */
export async function revealText(client: ApiClient, id: string, linkKey: Uint8Array): Promise<string> {
  const revealed = ok(await client.reveal(id, { keyProof: keyProofFor(linkKey) }));
  const opened = openPush(linkKey, revealed.envelope);
  if (opened.kind !== 'ok' || opened.payload.kind !== 'text') throw new Error(`did not open: ${opened.kind}`);
  return opened.payload.text;
}
