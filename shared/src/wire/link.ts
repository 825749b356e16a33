/**
 * Share links: `<origin>/s/<id>#<base64url(K)>`. The key rides in the fragment, which browsers never
 * send to the server (RFC 3986 §3.5) nor put in Referer headers. Parse errors describe the shape of
 * the problem only — never the key or the URL, which must not reach a log or an error report.
 */
import { encodedLength, fromBase64url, toBase64url } from './base64url.ts';
import { SECRET_ID_BYTES } from './schemas.ts';
import { LINK_KEY_BYTES } from './wire-constants.ts';

/** 43: unpadded base64url of 32 bytes. */
export const LINK_KEY_CHARS = encodedLength(LINK_KEY_BYTES);
/** 22: unpadded base64url of the 128-bit id. */
export const SECRET_ID_CHARS = encodedLength(SECRET_ID_BYTES);

type ParsedFragment =
  { kind: 'ok'; linkKey: Uint8Array } | { kind: 'missing' } | { kind: 'malformed'; message: string };

type ParsedLink =
  | {
      kind: 'ok';
      origin: string;
      id: string;
      linkKey: Uint8Array;
      /** The recipient's page language, when the link carries one (`/<lang>/s/<id>`). */
      lang?: string;
    }
  | { kind: 'invalid'; message: string };

/** True for a canonical 22-character id (16 bytes, no stray trailing bits). */
export function isSecretId(id: string): boolean {
  return id.length === SECRET_ID_CHARS && fromBase64url(id)?.length === SECRET_ID_BYTES;
}

/** Builds a share link. Throws on a bad id or key: those are programming errors, not user input. */
export function formatLink(origin: string, id: string, linkKey: Uint8Array, lang?: string): string {
  if (!isSecretId(id)) throw new RangeError(`secret id must be ${SECRET_ID_CHARS} base64url characters`);
  if (linkKey.length !== LINK_KEY_BYTES) throw new RangeError(`link key must be ${LINK_KEY_BYTES} bytes`);
  if (lang !== undefined && !isLinkLang(lang))
    throw new RangeError('link language must be a BCP 47 tag like de or pt-BR');
  const prefix = lang === undefined ? '' : `/${lang}`;
  return `${origin.replace(/\/+$/, '')}${prefix}/s/${id}#${toBase64url(linkKey)}`;
}

/**
 * The optional language segment of a link (docs/wire-format.md §3): a BCP 47 language tag — 2–3
 * letter language, then subtags — chosen by the sender for the recipient's page. It is outside the
 * fragment, so the server sees it (it is not secret), and it changes nothing about the push.
 */
const LINK_LANG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export function isLinkLang(lang: string): boolean {
  return LINK_LANG.test(lang);
}

/** `/s/<id>` or `/<lang>/s/<id>` → the language (if any) and the id segment, else undefined. */
export function splitLinkPath(pathname: string): { lang?: string; id: string } | undefined {
  const m = /^(?:\/([^/]+))?\/s\/([^/]*)$/.exec(pathname);
  if (!m) return undefined;
  if (m[1] !== undefined && !isLinkLang(m[1])) return undefined;
  return m[1] === undefined ? { id: m[2]! } : { lang: m[1], id: m[2]! };
}

/**
 * Reads K from `location.hash` (with or without the leading `#`). Exactly 43 canonical base64url
 * characters: no padding, no `+`/`/`, no extra `&param` — a link that was altered is refused, not
 * repaired.
 */
export function parseFragment(hash: string): ParsedFragment {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.length === 0) return { kind: 'missing' };
  if (/[&?#]/.test(text)) return { kind: 'malformed', message: 'the key in the link has extra parameters' };
  if (text.length !== LINK_KEY_CHARS) {
    return {
      kind: 'malformed',
      message: `the key in the link is ${text.length} characters long; it should be ${LINK_KEY_CHARS}`,
    };
  }
  const linkKey = fromBase64url(text);
  if (!linkKey) return { kind: 'malformed', message: 'the key in the link is not valid base64url' };
  return { kind: 'ok', linkKey };
}

const invalid = (message: string): ParsedLink => ({ kind: 'invalid', message });

/** Parses a full share link (as pasted into the CLI or the web app's "open link" box). */
export function parseLink(url: string): ParsedLink {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return invalid('not a URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return invalid('the link must be an http(s) URL');
  if (u.username || u.password) return invalid('the link must not contain credentials');
  const path = splitLinkPath(u.pathname);
  if (!path) return invalid('the link path must be /s/<id> or /<lang>/s/<id>');
  const id = path.id;
  if (!isSecretId(id)) return invalid(`the id in the link must be ${SECRET_ID_CHARS} base64url characters`);
  if (u.search) return invalid('the link must not have a query string');
  const fragment = parseFragment(u.hash);
  if (fragment.kind === 'missing') return invalid('the link has no key after "#"');
  if (fragment.kind === 'malformed') return invalid(fragment.message);
  const lang = path.lang === undefined ? {} : { lang: path.lang };
  return { kind: 'ok', origin: u.origin, id, linkKey: fragment.linkKey, ...lang };
}
