/**
 * Build step after both Vite builds (web's `build` script): puts the reveal page
 * (vite.reveal.config.ts, output in .svelte-kit/output/reveal) into web/build. Its files go under
 * build/_app/immutable/reveal/, and its HTML becomes build/s/200.html — the shell the server sends for
 * every `/s/<id>` (api/src/http/spa/spa.ts: a route's nearest 200.html) — with a CSP <meta> tag:
 * SvelteKit's policy from build/200.html (the directives are written once, in vite.config.ts) with
 * script-src allowing 'self' and the SHA-256 of each of the shell's own inline scripts, nothing else.
 *
 * Usage: node web/scripts/reveal-shell.ts [BUILD_DIR] [REVEAL_OUT_DIR]
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;
const META_CSP = /<meta http-equiv="content-security-policy" content="([^"]*)">/;

/** 'sha256-…' of each inline (src-less, attribute-less) script, as CSP hashes them (its exact text). */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map(
    ([, body]) =>
      `'sha256-${createHash('sha256')
        .update(body ?? '', 'utf8')
        .digest('base64')}'`,
  );
}

/** SvelteKit's policy with script-src replaced by 'self' plus `hashes`. */
export function shellCsp(kitPolicy: string, hashes: readonly string[]): string {
  const directives = kitPolicy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map((d) => (d.split(/\s+/)[0] === 'script-src' ? ["script-src 'self'", ...hashes].join(' ') : d));
  if (!directives.some((d) => d.startsWith('script-src '))) directives.push(["script-src 'self'", ...hashes].join(' '));
  return directives.join('; ');
}

/** The reveal shell: `html` with its CSP <meta> inserted right after <meta charset>, before any script. */
export function revealShell(html: string, kitPolicy: string): string {
  const csp = shellCsp(kitPolicy, inlineScriptHashes(html));
  if (/[<>"&]/.test(csp)) throw new Error(`CSP would need escaping in an attribute: ${csp}`);
  const charset = '<meta charset="utf-8" />';
  if (!html.includes(charset)) throw new Error('reveal.html has no <meta charset="utf-8" />');
  return html.replace(charset, `${charset}\n    <meta http-equiv="content-security-policy" content="${csp}" />`);
}

export function writeRevealShell(buildDir: string, revealDir: string): string {
  const kitShell = readFileSync(join(buildDir, '200.html'), 'utf8');
  const kitPolicy = META_CSP.exec(kitShell)?.[1];
  if (kitPolicy === undefined) throw new Error(`${buildDir}/200.html has no CSP <meta> tag to start from`);
  const appDir = join(revealDir, '_app');
  if (!existsSync(appDir)) throw new Error(`${revealDir} has no _app/: run vite build -c vite.reveal.config.ts`);
  cpSync(appDir, join(buildDir, '_app'), { recursive: true });
  const shell = revealShell(readFileSync(join(revealDir, 'reveal.html'), 'utf8'), kitPolicy);
  mkdirSync(join(buildDir, 's'), { recursive: true });
  const out = join(buildDir, 's', '200.html');
  writeFileSync(out, shell);
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const web = fileURLToPath(new URL('..', import.meta.url));
  const buildDir = resolve(process.argv[2] ?? join(web, 'build'));
  const revealDir = resolve(process.argv[3] ?? join(web, '.svelte-kit/output/reveal'));
  console.warn(`reveal-shell: wrote ${writeRevealShell(buildDir, revealDir)}`);
}
