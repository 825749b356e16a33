/**
 * HTTP Range for blob downloads (RFC 9110 §14). One range per request — what a resumed download
 * needs (`bytes=N-`) plus `bytes=N-M` and the suffix form `bytes=-N`. A Range in another unit is
 * ignored, as §14.2 requires; a `bytes` Range that is malformed, lists several ranges, or cannot be
 * satisfied by the blob's size is refused with 416 (§14.2 lets a server reject an invalid
 * ranges-specifier; multipart/byteranges is not offered).
 */

export type RangeRequest =
  | { kind: 'all' }
  | { kind: 'range'; first: number; last: number | undefined }
  | { kind: 'suffix'; length: number }
  | { kind: 'invalid' };

type ResolvedRange =
  | { kind: 'full'; start: number; end: number }
  /** [start, end): `end` is exclusive here; Content-Range says end − 1. */
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/** At most 15 digits, so every accepted position is a safe integer. */
const POSITION = '(\\d{1,15})';
const RANGE = new RegExp(`^${POSITION}-${POSITION}?$`);
const SUFFIX = new RegExp(`^-${POSITION}$`);

export function parseRange(header: string | undefined): RangeRequest {
  if (header === undefined) return { kind: 'all' };
  const eq = header.indexOf('=');
  const unit = (eq < 0 ? header : header.slice(0, eq)).trim().toLowerCase();
  if (unit !== 'bytes') return { kind: 'all' };
  const spec = header.slice(eq + 1).trim();
  const range = RANGE.exec(spec);
  if (range !== null) {
    return { kind: 'range', first: Number(range[1]), last: range[2] === undefined ? undefined : Number(range[2]) };
  }
  const suffix = SUFFIX.exec(spec);
  if (suffix !== null) return { kind: 'suffix', length: Number(suffix[1]) };
  return { kind: 'invalid' };
}

export function resolveRange(request: RangeRequest, size: number): ResolvedRange {
  switch (request.kind) {
    case 'all':
      return { kind: 'full', start: 0, end: size };
    case 'invalid':
      return { kind: 'unsatisfiable' };
    case 'range': {
      const { first, last } = request;
      if (first >= size || (last !== undefined && last < first)) return { kind: 'unsatisfiable' };
      return { kind: 'partial', start: first, end: last === undefined ? size : Math.min(last + 1, size) };
    }
    case 'suffix':
      if (request.length === 0) return { kind: 'unsatisfiable' };
      return { kind: 'partial', start: Math.max(0, size - request.length), end: size };
  }
}
