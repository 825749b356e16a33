/**
 * Picks which precompressed copy of an app file to send (web/scripts/precompress.ts writes `.br` and
 * `.gz` beside each text asset at build time), per the request's Accept-Encoding (RFC 9110 §12.5.3).
 * Among the copies that exist and the client accepts (q > 0) the highest q wins, brotli before gzip
 * on a tie. The unencoded file is the answer when the client accepts neither — even after
 * `identity;q=0`, since sending it beats a 406 for a client that asked oddly.
 */

export type Coding = 'br' | 'gzip';

/** File suffix of each coding's copy, in order of preference. */
export const CODING_SUFFIX: Readonly<Record<Coding, string>> = Object.freeze({ br: '.br', gzip: '.gz' });
/** Every coding the build may hold a copy in, in order of preference. */
export const CODINGS: readonly Coding[] = Object.freeze(['br', 'gzip']);

/** Accept-Encoding → q-value per coding (lower-cased); `*` stands for every coding not listed. */
export function parseAcceptEncoding(header: string | undefined): Map<string, number> {
  const accepted = new Map<string, number>();
  if (header === undefined) return accepted;
  for (const element of header.split(',')) {
    const [name = '', ...params] = element.split(';').map((part) => part.trim());
    if (name === '') continue;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*([01](?:\.\d{0,3})?)$/i.exec(param);
      if (match?.[1] !== undefined) q = Math.min(1, Number(match[1]));
      else if (/^q\s*=/i.test(param)) q = 0; // a malformed weight accepts nothing rather than everything
    }
    const coding = name.toLowerCase();
    // A coding listed twice keeps its first weight.
    if (!accepted.has(coding)) accepted.set(coding, q);
  }
  return accepted;
}

/**
 * The codings worth trying for this request, best first: accepted (q > 0), highest q first, brotli
 * before gzip on a tie. The caller sends the first whose copy exists, else the file as it is.
 */
export function acceptedCodings(header: string | undefined): Coding[] {
  const accepted = parseAcceptEncoding(header);
  const wildcard = accepted.get('*') ?? 0;
  // `x-gzip` is gzip's old alias (RFC 9110 §8.4.1.3).
  const weight = (coding: Coding): number =>
    accepted.get(coding) ?? (coding === 'gzip' ? accepted.get('x-gzip') : undefined) ?? wildcard;
  return CODINGS.filter((coding) => weight(coding) > 0).sort((a, b) => weight(b) - weight(a));
}
