/**
 * Test-side access to the server, outside any browser (so it never shows up in a context's recorded
 * traffic): creating pushes directly with the shared crypto and client, and reading a push's
 * metadata to prove what a page did or did not consume.
 */
import { createApiClient } from '@zkpush/shared/api-client';
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { KDF_FLOOR, type KdfCost } from '@zkpush/shared/kdf-params';
import { formatLink } from '@zkpush/shared/link';
import { sealText, sealTextWithPassphrase } from '@zkpush/shared/push';
import type { EventsPage, PushFlagsInput } from '@zkpush/shared/schemas';

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

export interface CreatedPassphrasePush extends CreatedPush {
  passphrase: string;
  ownerToken: string;
  expiresAt: string;
}

/**
 * A passphrase push made outside the browser (Argon2id runs here, in the test process). `cost`
 * defaults to KDF_FLOOR, the cheapest cost a client accepts, so specs that only need *a* passphrase
 * push do not spend the default's second per attempt; the reveal page runs whatever cost the push
 * carries, exactly as for a push made by the web form.
 */
export async function createPassphraseViaApi(
  origin: string,
  text: string,
  passphrase: string,
  options: { cost?: KdfCost; views?: number; flags?: PushFlagsInput } = {},
): Promise<CreatedPassphrasePush> {
  const sealed = await sealTextWithPassphrase(text, passphrase, { cost: options.cost ?? KDF_FLOOR });
  const res = await createApiClient({ baseUrl: origin }).create({
    ...sealed.request,
    views: options.views ?? 1,
    ...(options.flags ? { flags: options.flags } : {}),
  });
  if (res.kind !== 'ok') throw new Error(`create failed: ${JSON.stringify(res)}`);
  return {
    id: res.value.id,
    key: toBase64url(sealed.linkKey),
    link: formatLink(origin, res.value.id, sealed.linkKey),
    text,
    passphrase,
    ownerToken: res.value.ownerToken,
    expiresAt: res.value.expiresAt,
  };
}

/** The audit trail's event types, oldest first (first page), read with the owner token. */
export async function eventTypesOf(
  origin: string,
  id: string,
  ownerToken: string,
): Promise<EventsPage['events'][number]['type'][]> {
  const res = await createApiClient({ baseUrl: origin }).events(id, ownerToken);
  if (res.kind !== 'ok') throw new Error(`events failed: ${JSON.stringify(res)}`);
  return res.value.events.map((e) => e.type);
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

/** Wrong passphrases the server still tolerates for a push (undefined: no passphrase, or ended). */
export async function attemptsLeftOf(origin: string, id: string): Promise<number | undefined> {
  const res = await createApiClient({ baseUrl: origin }).meta(id);
  return res.kind === 'ok' ? res.value.passphrase?.attemptsLeft : undefined;
}

/**
 * A dashboard export file (web/src/lib/dashboard/dashboard-store.ts format) listing a push made outside the
 * browser, so a spec can show it on a dashboard without creating it through the form.
 */
export function dashboardFile(
  push: CreatedPassphrasePush,
  label: string,
): { name: string; mimeType: string; buffer: Buffer } {
  const entry = {
    id: push.id,
    ownerToken: push.ownerToken,
    createdAt: new Date().toISOString(),
    expiresAt: push.expiresAt,
    views: 1,
    hasPassphrase: true,
    label,
  };
  const json = JSON.stringify({ format: 'zkpush-dashboard', v: 1, pushes: [entry] });
  return { name: 'zkpush-dashboard.json', mimeType: 'application/json', buffer: Buffer.from(json) };
}
