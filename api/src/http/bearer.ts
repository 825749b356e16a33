/**
 * `Authorization: Bearer <token>` (RFC 6750 §2.1). A missing or malformed header is 401 with a
 * WWW-Authenticate challenge (RFC 6750 §3); whether the token is *right* is the domain's business.
 */
import { ApiError } from './api-error.ts';

/** RFC 6750 b64token, which includes base64url. The scheme name is case-insensitive (RFC 9110 §11.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export function bearerToken(header: string | undefined, what = 'ownerToken'): string {
  if (header === undefined || header.trim() === '') {
    throw new ApiError('unauthorized', `Authorization: Bearer <${what}> is required`, {
      headers: { 'WWW-Authenticate': 'Bearer realm="zkpush"' },
    });
  }
  const match = BEARER.exec(header);
  if (match === null) {
    throw new ApiError('unauthorized', `Authorization must be "Bearer <${what}>"`, {
      headers: { 'WWW-Authenticate': 'Bearer realm="zkpush", error="invalid_request"' },
    });
  }
  return match[1]!;
}
