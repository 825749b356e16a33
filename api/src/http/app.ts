/**
 * The Hono application: API under /api, the SPA everywhere else, security headers on everything, 421
 * for host names this server does not answer (middleware/host-check.ts) and one error handler. Pure wiring — `createApp` opens nothing and starts nothing, so tests drive it with
 * `app.request()` on an in-memory database and a fake clock.
 */
import { Hono } from 'hono';
import { systemClock, type Clock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import type { FilesService } from '../domain/files/files-service.ts';
import type { SecretsService } from '../domain/secrets/secrets-service.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { createErrorHandler, errorResponse, methodNotAllowedError } from './api-error.ts';
import { apiRoutes, type ApiConfig } from './routes/api-v1.ts';
import { createClientResolver } from './client.ts';
import { createRateLimiter } from './middleware/rate-limit.ts';
import { refuseOtherHosts } from './middleware/host-check.ts';
import { requestLog } from './middleware/request-log.ts';
import { trustedProxies } from '../net/client-ip.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { NOT_BUILT_SPA, type Spa } from './spa/spa.ts';
import type { RateBucketsFactory } from '../rate-limit/rate-buckets.ts';

type AppConfig = ApiConfig & Pick<Config, 'trustedProxies' | 'rateLimit' | 'allowedHosts'>;

interface AppDeps {
  config: AppConfig;
  secrets: SecretsService;
  files: FilesService;
  /** Drives the rate limiter's buckets; the same clock as the domain's in tests. */
  clock?: Clock;
  logger?: Logger;
  /** The built web app; without it every page answers 503 "run pnpm build". */
  spa?: Spa;
  /** Rate-limit buckets shared by instances (PostgreSQL); this process's memory without it. */
  rateBuckets?: RateBucketsFactory;
}

export function createApp(deps: AppDeps): Hono {
  const logger = deps.logger ?? silentLogger;
  const spa = deps.spa ?? NOT_BUILT_SPA;
  const app = new Hono();

  app.use('*', requestLog(logger));
  app.use('*', securityHeaders);
  app.use('*', refuseOtherHosts(deps.config.allowedHosts));

  const client = createClientResolver(trustedProxies(deps.config.trustedProxies));
  const limiter = createRateLimiter({
    limits: deps.config.rateLimit,
    clock: deps.clock ?? systemClock,
    client,
    ...(deps.rateBuckets === undefined ? {} : { buckets: deps.rateBuckets }),
  });
  app.route('/api', apiRoutes({ config: deps.config, secrets: deps.secrets, files: deps.files, limiter, client }));
  app.get('*', (c) => spa.serve(c));

  // Reached only by non-GET requests outside /api: pages are read-only.
  app.notFound((c) => errorResponse(c, methodNotAllowedError(['GET', 'HEAD'])));
  app.onError(createErrorHandler(logger));
  return app;
}
