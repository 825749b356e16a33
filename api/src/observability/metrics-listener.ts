/**
 * ZKPUSH_METRICS_LISTEN: /metrics on an address of its own (say 127.0.0.1:9464, or an interface only
 * the monitoring network reaches), so the public listener never serves it. This listener answers
 * GET /metrics and 404 to everything else — no web app, no API, no probes.
 */
import { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { ApiError, errorResponse } from '../http/api-error.ts';
import { securityHeaders } from '../http/middleware/security-headers.ts';
import type { ListenAddress } from './metrics-config.ts';
import { metricsResponse, type MetricsEndpoint } from './metrics-endpoint.ts';

export interface MetricsListener {
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsListener(
  address: ListenAddress,
  endpoint: MetricsEndpoint,
): Promise<MetricsListener> {
  const app = new Hono();
  app.use('*', securityHeaders);
  app.get('/metrics', (c) => metricsResponse(c, endpoint));
  const nothing = new ApiError('not_found', 'this listener serves only GET /metrics', {
    headers: { 'Cache-Control': 'no-store' },
  });
  app.all('*', (c) => errorResponse(c, nothing));

  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: address.port, hostname: address.host }, () => {
      started.off('error', reject);
      if (started instanceof Server) resolve(started);
      else reject(new Error('expected an HTTP/1.1 server'));
    });
    started.once('error', reject);
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : address.port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Scrapers keep connections alive; nothing in flight here is worth waiting for.
        server.closeAllConnections();
      }),
  };
}
