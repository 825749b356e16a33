/**
 * GET /metrics: the Prometheus text exposition, behind an optional bearer token (ZKPUSH_METRICS_TOKEN)
 * compared in constant time — both sides hashed with SHA-256 first, so neither the time nor a length
 * check says how much of a guess was right. A wrong or missing token is 401 `unauthorized`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { ApiError, errorResponse } from '../http/api-error.ts';

export interface MetricsEndpoint {
  scrape(): Promise<string>;
  contentType: string;
  token: string | undefined;
}

const BEARER = /^Bearer +(\S+) *$/i;
const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Whether the Authorization header carries `token`; always true when no token is set. */
export function hasMetricsToken(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const sent = header === undefined ? undefined : BEARER.exec(header)?.[1];
  // Hash even when nothing usable was sent, so the answer takes the same time either way.
  return timingSafeEqual(sha256(sent ?? ''), sha256(token)) && sent !== undefined;
}

export async function metricsResponse(c: Context, endpoint: MetricsEndpoint): Promise<Response> {
  if (!hasMetricsToken(c.req.header('Authorization'), endpoint.token)) {
    return errorResponse(
      c,
      new ApiError('unauthorized', 'Authorization: Bearer <ZKPUSH_METRICS_TOKEN> is required', {
        headers: { 'WWW-Authenticate': 'Bearer realm="zkpush-metrics"', 'Cache-Control': 'no-store' },
      }),
    );
  }
  const body = await endpoint.scrape();
  return c.body(body, 200, { 'Content-Type': endpoint.contentType, 'Cache-Control': 'no-store' });
}
