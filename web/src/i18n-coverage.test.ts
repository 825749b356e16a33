/**
 * No English words outside the catalogues (issue 13 §1): component markup carries no literal text or
 * text attributes, and no module outside the *-messages.ts files holds a sentence. Technical details
 * that are interpolated into a translated frame ("The download failed: {reason}") are listed in
 * TECHNICAL_DETAILS below; moving them into the catalogues is follow-up work, and a new entry here needs
 * a reason. The built-bundle form of this check is described in ARCHITECTURE.md (Languages).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.dirname(fileURLToPath(import.meta.url));

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'paraglide' || entry.name === 'testing' ? [] : files(full, ext);
    return ext.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Worker and service-worker diagnostics shown only inside a translated sentence's `{detail}`/`{reason}`. */
const TECHNICAL_DETAILS = new Set([
  'download stopped: ${detail}',
  'the page stopped answering',
  'a chunk beyond the credit',
  'more bytes than the file has',
  'the file ended short',
  'the page reported a failure',
  'the page went away',
  'no download token',
  'the download ended',
  'unexpected message from ${one}',
  'unreadable message from ${one}',
  'the ${what} workers were stopped',
  'invalid request to the opening worker',
  'invalid request to the sealing worker',
  'invalid request to the passphrase worker',
  'not a padded size',
  'no keys for file ${msg.file}',
  'sealing failed',
  'key derivation failed',
  'could not start the worker',
  'unexpected message from the passphrase worker',
  'the passphrase worker stopped',
  'unreadable worker message',
  // account-client.ts: the account API's answer failed its schema (shown inside the account page's frame).
  'unexpected answer',
]);

/** Markup with scripts, styles, comments and `{…}` expressions removed. */
function markupOf(text: string): string {
  let out = text.replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  for (let before = ''; before !== out;) {
    before = out;
    out = out.replace(/\{[^{}]*\}/g, '');
  }
  return out;
}

describe('user-facing words come from the catalogues', () => {
  it('components have no literal text or text attributes', () => {
    const found = files(src, /\.svelte$/).flatMap((file) => {
      const markup = markupOf(readFileSync(file, 'utf8'));
      const texts = [...markup.matchAll(/>([^<>]*)</g)].map((m) => m[1]!.trim()).filter((t) => /\p{L}{2,}/u.test(t));
      const attrs = [
        ...markup.matchAll(/\b(?:aria-label|aria-description|title|placeholder|alt)="([^"]*\p{L}{2,}[^"]*)"/gu),
      ];
      return [...texts, ...attrs.map((m) => m[0])].map((t) => `${path.relative(src, file)}: ${t}`);
    });
    expect(found).toEqual([]);
  });

  it('modules outside *-messages.ts hold no sentences', () => {
    const found = files(src, /\.ts$/)
      .filter((file) => !file.endsWith('-messages.ts'))
      .flatMap((file) => {
        const code = readFileSync(file, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/(^|[^:])\/\/.*$/gm, '$1');
        return [...code.matchAll(/'([^'\n]*)'|`([^`\n]*)`|"([^"\n]*)"/g)]
          .map((m) => m[1] ?? m[2] ?? m[3] ?? '')
          .filter((s) => /\p{L}{3,} \p{L}{3,}/u.test(s) && !TECHNICAL_DETAILS.has(s))
          .map((s) => `${path.relative(src, file)}: ${s}`);
      });
    expect(found).toEqual([]);
  });
});
