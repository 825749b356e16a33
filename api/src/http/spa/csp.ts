/**
 * Content-Security-Policy for the SPA's HTML. SvelteKit (`csp: { mode: 'hash' }`) writes the policy
 * with hashes of its inline scripts into a <meta http-equiv> tag at build time. We lift that policy
 * into the HTTP header, where directives a meta tag cannot carry also work (CSP Level 3 §3.3:
 * frame-ancestors is ignored in meta), and add the lock-down directives below. Keywords that re-open
 * script injection are removed whatever the build says.
 */
export const FORBIDDEN_SOURCES: readonly string[] = [
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'wasm-unsafe-eval'",
  "'unsafe-hashes'",
];

/** Always set, overriding anything the build chose. */
export const ENFORCED_DIRECTIVES: Readonly<Record<string, string>> = {
  'frame-ancestors': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'object-src': "'none'",
};

/** Used when a page carries no policy of its own: breaks inline scripts rather than allowing them. */
const FALLBACK_POLICY = "default-src 'self'";

const META_TAG = /<meta\b[^>]*>/gi;
const HTTP_EQUIV_CSP = /\bhttp-equiv\s*=\s*(["']?)content-security-policy\1/i;
const CONTENT_ATTR = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
  lt: '<',
  gt: '>',
};

/** The content of the page's CSP <meta> tag, entity-decoded, or undefined if there is none. */
export function extractMetaCsp(html: string): string | undefined {
  for (const [tag] of html.matchAll(META_TAG)) {
    if (!HTTP_EQUIV_CSP.test(tag)) continue;
    const match = CONTENT_ATTR.exec(tag);
    const raw = match?.[1] ?? match?.[2];
    if (raw !== undefined)
      return raw.replace(/&(amp|quot|apos|#39|#x27|lt|gt);/gi, (_, e: string) => ENTITIES[e.toLowerCase()] ?? _);
  }
  return undefined;
}

type HardenedCsp = { header: string; removed: string[] };

/** Builds the header value from a page's policy: forbidden keywords dropped, enforced directives set. */
export function hardenCsp(policy: string | undefined): HardenedCsp {
  const directives = new Map<string, string[]>();
  const removed: string[] = [];
  for (const part of (policy ?? FALLBACK_POLICY).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '' || directives.has(name.toLowerCase())) continue;
    const kept = sources.filter((source) => {
      const forbidden = FORBIDDEN_SOURCES.includes(source.toLowerCase());
      if (forbidden) removed.push(`${name} ${source}`);
      return !forbidden;
    });
    // A list emptied by the filter already means 'none' (CSP3 §2.3.1); spell it out for readers.
    directives.set(name.toLowerCase(), kept.length > 0 || sources.length === 0 ? kept : ["'none'"]);
  }
  for (const [name, value] of Object.entries(ENFORCED_DIRECTIVES)) directives.set(name, [value]);
  const header = [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
  return { header, removed };
}
