/**
 * Everything under /api: v1 routes, then JSON 404 for any other /api path (never the SPA), and the
 * API's own headers — `Cache-Control: no-store` (metadata and ciphertext must never sit in a shared or
 * browser cache) and a CSP that lets a JSON response do nothing if it is ever rendered.
 */
import { Hono } from 'hono';
import type { ServerConfig } from '@zkpush/shared/schemas';
import type { Config } from '../config.ts';
import type { SecretsService } from '../domain/secrets.ts';
import { ApiError } from './api-error.ts';
import { secretsRoutes } from './secrets-routes.ts';

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function apiRoutes(deps: {
  config: Pick<Config, 'views' | 'expiresIn' | 'maxEnvelopeBytes'>;
  secrets: SecretsService;
}): Hono {
  const { config } = deps;
  const api = new Hono();

  api.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('Content-Security-Policy', API_CSP);
  });

  const serverConfig: ServerConfig = {
    apiVersion: 1,
    views: { ...config.views },
    expiresIn: { ...config.expiresIn },
    maxEnvelopeBytes: config.maxEnvelopeBytes,
  };
  api.get('/v1/config', (c) => c.json(serverConfig));
  api.all('/v1/config', () => {
    throw new ApiError('method_not_allowed', 'method not allowed; use GET', { headers: { Allow: 'GET, HEAD' } });
  });

  api.route('/v1/secrets', secretsRoutes({ secrets: deps.secrets, maxEnvelopeBytes: config.maxEnvelopeBytes }));

  api.all('*', () => {
    throw new ApiError('not_found', 'no such API endpoint');
  });
  return api;
}
