/**
 * The Hono application: API under /api, the SPA everywhere else, security headers on everything and
 * one error handler. Pure wiring — `createApp` opens nothing and starts nothing, so tests drive it with
 * `app.request()` on an in-memory database and a fake clock.
 */
import { Hono } from 'hono';
import type { Config } from './config.ts';
import type { SecretsService } from './domain/secrets.ts';
import { silentLogger, type Logger } from './logger.ts';
import { ApiError, createErrorHandler, errorResponse } from './http/api-error.ts';
import { apiRoutes } from './http/api-v1.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import { NOT_BUILT_SPA, type Spa } from './http/spa.ts';

export interface AppDeps {
  config: Pick<Config, 'views' | 'expiresIn' | 'maxEnvelopeBytes'>;
  secrets: SecretsService;
  logger?: Logger;
  /** The built web app; without it every page answers 503 "run pnpm build". */
  spa?: Spa;
}

export function createApp(deps: AppDeps): Hono {
  const logger = deps.logger ?? silentLogger;
  const spa = deps.spa ?? NOT_BUILT_SPA;
  const app = new Hono();

  app.use('*', requestLog(logger));
  app.use('*', securityHeaders);

  app.route('/api', apiRoutes({ config: deps.config, secrets: deps.secrets }));
  app.get('*', (c) => spa.serve(c));

  // Reached only by non-GET requests outside /api: pages are read-only.
  app.notFound((c) =>
    errorResponse(
      c,
      new ApiError('method_not_allowed', 'method not allowed; use GET', { headers: { Allow: 'GET, HEAD' } }),
    ),
  );
  app.onError(createErrorHandler(logger));
  return app;
}
