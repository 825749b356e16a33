/**
 * Checks shared by the e2e specs: nothing secret in traffic or logs, security headers present,
 * no foreign origins, a clean console.
 */
import { expect } from '@playwright/test';
import type { ConsoleEntry, RecordedResponse, Recording } from './fixtures.ts';

export interface Secrets {
  plaintext?: string;
  /** base64url link key K. */
  key?: string;
  /** The whole link, `<origin>/s/<id>#<K>`. */
  link?: string;
  /** Passphrases typed (right and wrong ones): none may reach the server in any form. */
  passphrases?: string[];
  /** Other values that must stay in the browser, e.g. a dashboard label. */
  other?: Record<string, string>;
}

/** Every spelling a value could take on the wire: raw, URL-encoded, JSON-escaped. */
function variants(value: string): string[] {
  const out = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  return [...out].filter((s) => s.length > 0);
}

function needles(secrets: Secrets): { name: string; value: string }[] {
  const list: { name: string; value: string }[] = [];
  if (secrets.plaintext) {
    for (const v of variants(secrets.plaintext)) list.push({ name: 'plaintext', value: v });
    // Long random words of the secret on their own catch partial or re-encoded leaks too.
    for (const word of secrets.plaintext.split(/\s+/)) {
      if (word.length >= 16) list.push({ name: 'plaintext fragment', value: word });
    }
  }
  if (secrets.key) {
    for (const v of variants(secrets.key)) list.push({ name: 'key', value: v });
    for (const v of variants(`#${secrets.key}`)) list.push({ name: 'fragment', value: v });
  }
  if (secrets.link) for (const v of variants(secrets.link)) list.push({ name: 'link', value: v });
  for (const passphrase of secrets.passphrases ?? []) {
    // Both normalisation forms: the page hashes NFC, but a bug could send what was typed.
    for (const form of new Set([passphrase, passphrase.normalize('NFC'), passphrase.normalize('NFD')])) {
      for (const v of variants(form)) list.push({ name: 'passphrase', value: v });
    }
  }
  for (const [name, value] of Object.entries(secrets.other ?? {})) {
    for (const v of variants(value)) list.push({ name, value: v });
  }
  return list;
}

/** Where, if anywhere, one of the secrets appears in recorded requests or server log lines. */
export function findLeaks(secrets: Secrets, recordings: readonly Recording[], logs: readonly string[]): string[] {
  const found: string[] = [];
  const list = needles(secrets);
  const check = (where: string, text: string | null | undefined) => {
    if (!text) return;
    for (const n of list) if (text.includes(n.value)) found.push(`${n.name} in ${where}`);
  };
  for (const rec of recordings) {
    for (const r of rec.requests) {
      const where = `${rec.name} ${r.method} ${r.url}`;
      check(`${where} (url)`, r.url);
      for (const [k, val] of Object.entries(r.headers)) check(`${where} (header ${k})`, `${k}: ${val}`);
      check(`${where} (body)`, r.postData);
    }
  }
  logs.forEach((line, i) => check(`server log line ${i + 1}`, line));
  return found;
}

export function expectNoLeaks(secrets: Secrets, recordings: readonly Recording[], logs: readonly string[]): void {
  // Guard against a vacuous pass: the recordings must actually hold traffic.
  expect(recordings.some((r) => r.requests.length > 0)).toBe(true);
  expect(findLeaks(secrets, recordings, logs)).toEqual([]);
}

/** Every request went to the server's origin (data:/blob: URLs never leave the browser). */
export function expectOnlyOrigin(origin: string, recordings: readonly Recording[]): void {
  const foreign = recordings
    .flatMap((rec) => rec.requests)
    .filter((r) => !/^(data|blob):/.test(r.url) && new URL(r.url).origin !== origin)
    .map((r) => `${r.method} ${r.url}`);
  expect(foreign).toEqual([]);
}

export function expectCsp(res: RecordedResponse): void {
  const csp = res.headers['content-security-policy'];
  expect(csp, `CSP header on ${res.url}`).toBeTruthy();
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'"]) {
    expect(csp, `${bad} in CSP of ${res.url}`).not.toContain(bad);
  }
  expect(csp).toMatch(/frame-ancestors 'none'/);
  expect(res.headers['referrer-policy'], `Referrer-Policy on ${res.url}`).toBe('no-referrer');
}

export function expectNoStore(res: RecordedResponse): void {
  expect(res.headers['cache-control'] ?? '', `Cache-Control on ${res.url}`).toMatch(/\bno-store\b/);
}

/**
 * No console errors (CSP violations are reported as errors), no uncaught exceptions. `allow.http`
 * lists statuses the test provokes on purpose (Chromium logs "Failed to load resource: … status of
 * 410" for them); `allow.failed` tolerates requests the test aborts. Warnings are checked by
 * security-headers.spec.ts on their own, so one noisy header does not fail every journey.
 */
export function expectCleanConsole(
  recordings: readonly Recording[],
  allow: { http?: number[]; failed?: boolean } = {},
) {
  const allowed = (e: ConsoleEntry) => {
    const m = /^Failed to load resource: the server responded with a status of (\d+)/.exec(e.text);
    if (m && allow.http?.includes(Number(m[1]))) return true;
    return allow.failed === true && /^Failed to load resource: net::ERR_/.test(e.text);
  };
  const errors = recordings.flatMap((r) => r.console).filter((e) => e.type === 'error' && !allowed(e));
  expect(errors.map((e) => `${e.context} ${e.type}: ${e.text} (${e.url})`)).toEqual([]);
  expect(recordings.flatMap((r) => r.pageErrors)).toEqual([]);
}
