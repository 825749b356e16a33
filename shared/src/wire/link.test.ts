import { describe, expect, it } from 'vitest';
import { toBase64url } from './base64url.ts';
import { formatLink, isSecretId, LINK_KEY_CHARS, parseFragment, parseLink } from './link.ts';

const K = Uint8Array.from({ length: 32 }, (_, i) => i);
const KEY = toBase64url(K); // AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8
const ID = 'AAECAwQFBgcICQoLDA0ODw'; // 16 bytes 00..0f

describe('formatLink', () => {
  it('puts the id in the path and K in the fragment', () => {
    expect(formatLink('https://push.example', ID, K)).toBe(`https://push.example/s/${ID}#${KEY}`);
    expect(KEY).toHaveLength(LINK_KEY_CHARS);
  });

  it('tolerates a trailing slash on the origin', () => {
    expect(formatLink('http://127.0.0.1:8080/', ID, K)).toBe(`http://127.0.0.1:8080/s/${ID}#${KEY}`);
  });

  it('refuses a bad id or key (programming errors)', () => {
    expect(() => formatLink('https://x', 'short', K)).toThrow(RangeError);
    expect(() => formatLink('https://x', ID, new Uint8Array(16))).toThrow(RangeError);
  });
});

describe('parseFragment', () => {
  it('accepts the key with or without "#"', () => {
    expect(parseFragment(`#${KEY}`)).toEqual({ kind: 'ok', linkKey: K });
    expect(parseFragment(KEY)).toEqual({ kind: 'ok', linkKey: K });
  });

  it('reports a missing fragment', () => {
    expect(parseFragment('')).toEqual({ kind: 'missing' });
    expect(parseFragment('#')).toEqual({ kind: 'missing' });
  });

  it.each([
    ['too short', KEY.slice(0, 42)],
    ['too long', KEY + 'A'],
    ['padded', KEY + '='],
    ['standard alphabet +', '+' + KEY.slice(1)],
    ['standard alphabet /', '/' + KEY.slice(1)],
    ['percent-encoded', '%41' + KEY.slice(3)],
    ['whitespace', ' ' + KEY.slice(1)],
    ['extra params', `${KEY}&utm_source=x`],
    ['query-like', `${KEY}?x`],
    ['key=value form', `k=${KEY.slice(2)}`],
    ['non-canonical trailing bits', KEY.slice(0, 42) + 'i'], // 'i' = 100010: the low 2 bits fall past byte 32
    ['non-ASCII', 'é' + KEY.slice(1)],
  ])('rejects %s', (_what, fragment) => {
    const r = parseFragment(`#${fragment}`);
    expect(r.kind).toBe('malformed');
    if (r.kind === 'malformed') expect(r.message).not.toContain(KEY.slice(0, 10));
  });
});

describe('parseLink', () => {
  it('round-trips formatLink', () => {
    const link = formatLink('https://push.example:8443', ID, K);
    expect(parseLink(link)).toEqual({ kind: 'ok', origin: 'https://push.example:8443', id: ID, linkKey: K });
  });

  it('carries the recipient language outside the fragment, and old links keep working', () => {
    const link = formatLink('https://push.example', ID, K, 'pt-BR');
    expect(link).toBe(`https://push.example/pt-BR/s/${ID}#${KEY}`);
    expect(parseLink(link)).toEqual({ kind: 'ok', origin: 'https://push.example', id: ID, linkKey: K, lang: 'pt-BR' });
    expect(parseLink(`https://push.example/s/${ID}#${KEY}`)).not.toHaveProperty('lang');
    expect(() => formatLink('https://push.example', ID, K, '../x')).toThrow(RangeError);
    for (const bad of [`/x/s/${ID}`, `/de/de/s/${ID}`, `/DE_de/s/${ID}`, `/de/s/${ID}/x`]) {
      expect(parseLink(`https://push.example${bad}#${KEY}`).kind).toBe('invalid');
    }
  });

  it('accepts http (local deployments) and surrounding whitespace', () => {
    expect(parseLink(`  http://127.0.0.1:8080/s/${ID}#${KEY}\n`)).toMatchObject({ kind: 'ok', id: ID });
  });

  it.each([
    ['not a URL', 'not a url'],
    ['a relative path', `/s/${ID}#${KEY}`],
    ['another scheme', `ftp://push.example/s/${ID}#${KEY}`],
    ['javascript:', `javascript:alert(1)//s/${ID}#${KEY}`],
    ['credentials', `https://user:pw@push.example/s/${ID}#${KEY}`],
    ['a missing fragment', `https://push.example/s/${ID}`],
    ['an empty fragment', `https://push.example/s/${ID}#`],
    ['a short key', `https://push.example/s/${ID}#${KEY.slice(1)}`],
    ['a padded key', `https://push.example/s/${ID}#${KEY}=`],
    ['extra fragment params', `https://push.example/s/${ID}#${KEY}&x=1`],
    ['a query string', `https://push.example/s/${ID}?ref=mail#${KEY}`],
    ['the wrong path', `https://push.example/x/${ID}#${KEY}`],
    ['a trailing path segment', `https://push.example/s/${ID}/more#${KEY}`],
    ['no id', `https://push.example/s/#${KEY}`],
    ['a short id', `https://push.example/s/${ID.slice(1)}#${KEY}`],
    ['a non-canonical id', `https://push.example/s/${ID.slice(0, 21)}x#${KEY}`],
    ['an id with +', `https://push.example/s/+${ID.slice(1)}#${KEY}`],
  ])('rejects %s without echoing the key', (_what, url) => {
    const r = parseLink(url);
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.message).not.toContain(KEY.slice(0, 10));
  });
});

describe('isSecretId', () => {
  it('accepts exactly 22 canonical base64url characters', () => {
    expect(isSecretId(ID)).toBe(true);
    expect(isSecretId(ID + 'A')).toBe(false);
    expect(isSecretId(ID.slice(0, 21) + 'B')).toBe(false); // 'B' sets a bit past 128
  });
});
