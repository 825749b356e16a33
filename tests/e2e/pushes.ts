/**
 * Test-side access to the server, outside any browser (so it never shows up in a context's recorded
 * traffic): creating pushes directly with the shared crypto and client, and reading a push's
 * metadata to prove what a page did or did not consume.
 */
import { createApiClient } from '@zkpush/shared/api-client';
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { formatLink } from '@zkpush/shared/link';
import { sealText } from '@zkpush/shared/push';

export interface CreatedPush {
  id: string;
  /** base64url K, as in the fragment. */
  key: string;
  link: string;
  text: string;
}

/** A printable secret nobody could guess or find by accident in unrelated traffic. */
export function randomSecret(label = 'secret'): string {
  return `${label} ${toBase64url(randomBytes(18))} ünïcødé ✓`;
}

export async function createViaApi(origin: string, text: string, views = 1): Promise<CreatedPush> {
  const sealed = sealText(text);
  const res = await createApiClient({ baseUrl: origin }).create({ ...sealed.request, views });
  if (res.kind !== 'ok') throw new Error(`create failed: ${JSON.stringify(res)}`);
  return {
    id: res.value.id,
    key: toBase64url(sealed.linkKey),
    link: formatLink(origin, res.value.id, sealed.linkKey),
    text,
  };
}

export type MetaView =
  | { status: 200; viewsLeft: number; views: number; seconds: number }
  | { status: number; code?: string; reason?: string };

/** GET the metadata (never consumes) and boil it down to what the tests compare. */
export async function metaOf(origin: string, id: string): Promise<MetaView> {
  const res = await createApiClient({ baseUrl: origin }).meta(id);
  if (res.kind === 'ok') {
    const m = res.value;
    return {
      status: 200,
      viewsLeft: m.viewsLeft,
      views: m.views,
      seconds: (Date.parse(m.expiresAt) - Date.parse(m.createdAt)) / 1000,
    };
  }
  if (res.kind === 'error')
    return { status: res.status, code: res.code, ...(res.reason ? { reason: res.reason } : {}) };
  throw new Error(`meta failed: ${JSON.stringify(res)}`);
}

/** Parses a link the page displayed: `<origin>/s/<22-char id>#<43-char key>`. */
export function splitLink(origin: string, link: string): { id: string; key: string } {
  const escaped = origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^${escaped}/s/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$`).exec(link);
  if (!m) throw new Error(`not a share link for ${origin}: ${link.length} characters`);
  return { id: m[1]!, key: m[2]! };
}
