/**
 * One JSON line per request: method, path (ids redacted, never a query string), status, duration.
 * Deliberately nothing else — no headers (Authorization carries owner tokens), no bodies (they carry
 * ciphertext and proofs), no client addresses.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.ts';
import { redactPath } from '../redact-path.ts';

export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      logger.info('request', {
        method: c.req.method,
        path: redactPath(c.req.path),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  };
}
