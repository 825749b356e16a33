/**
 * Counts every request the app answers and how long it took, labelled with the route *pattern* Hono
 * matched (`/api/v1/secrets/:id/reveal`, `*` for the web app) — never the path itself, which holds push
 * ids. Probes and /metrics are answered before this middleware (ops-routes.ts), so they are not
 * counted as traffic.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { MetricsSink } from './metrics-sink.ts';

export function httpMetrics(sink: MetricsSink): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      // After next(), the route index is the handler that answered (or the middleware that refused).
      sink.httpRequest(c.req.method, routePath(c), c.res.status, (performance.now() - started) / 1000);
    }
  };
}
