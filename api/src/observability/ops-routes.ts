/**
 * The operator's endpoints (docs/api.md "Probes and metrics"): GET /healthz (the process answers),
 * GET /readyz (it can serve: readiness.ts) and GET /metrics (Prometheus text, metrics-endpoint.ts).
 *
 * They are mounted before the request log, the request metrics and every rate limit, so a probe every
 * second is neither logged nor counted as traffic and can never be refused for being frequent. They
 * answer any Host: probes name the instance by its address (Kubernetes: the pod IP, Caddy: the
 * upstream), and IP-address hosts are always answered anyway (net/allowed-hosts.ts). /metrics keeps
 * the host check, because its counts are the operator's to publish.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { ApiError, errorResponse } from '../http/api-error.ts';
import { metricsResponse, type MetricsEndpoint } from './metrics-endpoint.ts';
import type { Readiness } from './readiness.ts';

export interface Ops {
  /** Absent: there is nothing to check, so /readyz answers like /healthz (tests of other routes). */
  readiness?: Readiness;
  /** Absent or `onMainListener: false`: /metrics on the main listener is 404. */
  metrics?: MetricsEndpoint & { onMainListener: boolean };
}

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

async function readyz(c: Context, readiness: Readiness | undefined): Promise<Response> {
  if (readiness === undefined) return c.json({ status: 'ready', checks: {} }, 200, NO_STORE);
  const report = await readiness.check();
  if (report.ready) return c.json({ status: 'ready', checks: report.checks }, 200, NO_STORE);
  const failed = Object.entries(report.checks)
    .filter(([, outcome]) => outcome !== 'ok')
    .map(([name]) => name);
  const why = report.draining ? 'shutting down' : `failed: ${failed.join(', ')}`;
  const body = {
    status: report.draining ? 'draining' : 'unready',
    checks: report.checks,
    error: { code: 'service_unavailable', message: `not ready (${why})` },
  } as const;
  return c.json(body, 503, NO_STORE);
}

/**
 * Mounts the three routes on `app`; call it before any other middleware. `hostCheck` guards /metrics
 * (middleware/host-check.ts).
 */
export function mountOps(app: Hono, ops: Ops, hostCheck: MiddlewareHandler): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, NO_STORE));
  app.get('/readyz', (c) => readyz(c, ops.readiness));
  const { metrics } = ops;
  if (metrics?.onMainListener === true) {
    app.get('/metrics', hostCheck, (c) => metricsResponse(c, metrics));
  } else {
    // Not the web app's index.html: a scraper pointed here must see that nothing is served.
    const notHere = new ApiError('not_found', 'metrics are not served here', { headers: NO_STORE });
    app.get('/metrics', (c) => errorResponse(c, notHere));
  }
}
