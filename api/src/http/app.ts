/**
 * The Hono application: probes and metrics (observability/ops-routes.ts), API under /api, the SPA
 * everywhere else, security headers on everything, 421 for host names this server does not answer
 * (middleware/host-check.ts) and one error handler. Pure wiring — `createApp` opens nothing and starts nothing, so tests drive it with
 * `app.request()` on an in-memory database and a fake clock.
 */
import { Hono } from 'hono';
import { authRoutes } from '../auth/auth-routes.ts';
import type { Auth } from '../auth/auth-service.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import type { FilesService } from '../domain/files/files-service.ts';
import type { SecretsService } from '../domain/secrets/secrets-service.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { createErrorHandler, errorResponse, methodNotAllowedError } from './api-error.ts';
import { apiRoutes, type ApiConfig, type PushListDeps } from './routes/api-v1.ts';
import { createClientResolver } from './client.ts';
import { createRateLimiter } from './middleware/rate-limit.ts';
import { refuseOtherHosts } from './middleware/host-check.ts';
import { requestLog } from './middleware/request-log.ts';
import { trustedProxies } from '../net/client-ip.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { NOT_BUILT_SPA, type Spa } from './spa/spa.ts';
import { httpMetrics } from '../observability/http-metrics.ts';
import { NOOP_METRICS, type MetricsSink } from '../observability/metrics-sink.ts';
import { mountOps, type Ops } from '../observability/ops-routes.ts';
import { BRAND_PATH_PREFIX, loadBrand, type LoadedBrand } from '../branding/brand-assets.ts';
import { brandRoute } from '../branding/brand-route.ts';
import type { RateBucketsFactory } from '../rate-limit/rate-buckets.ts';

type AppConfig = ApiConfig & Pick<Config, 'trustedProxies' | 'rateLimit' | 'allowedHosts' | 'brand' | 'auth'>;

interface AppDeps {
  config: AppConfig;
  secrets: SecretsService;
  files: FilesService;
  /** Drives the rate limiter's buckets; the same clock as the domain's in tests. */
  clock?: Clock;
  logger?: Logger;
  /** The built web app; without it every page answers 503 "run pnpm build". */
  spa?: Spa;
  /** /readyz's checks and /metrics (observability/ops-routes.ts); /healthz is always there. */
  ops?: Ops;
  /** Where request counts and latencies go; nowhere by default. */
  metrics?: MetricsSink;
  /** The brand's files and public view; loaded from `config.brand` unless given. */
  brand?: LoadedBrand;
  /** Sign-in (auth/auth-service.ts); required unless ZKPUSH_AUTH is none. */
  auth?: Auth;
  /** "My pushes" and the admin team view; mounted with sign-in. */
  pushes?: PushListDeps;
  /** Rate-limit buckets shared by instances (PostgreSQL); this process's memory without it. */
  rateBuckets?: RateBucketsFactory;
}

export function createApp(deps: AppDeps): Hono {
  const logger = deps.logger ?? silentLogger;
  const spa = deps.spa ?? NOT_BUILT_SPA;
  const brand = deps.brand ?? loadBrand(deps.config.brand, deps.config.instance);
  const app = new Hono();

  const hostCheck = refuseOtherHosts(deps.config.allowedHosts);
  app.use('*', securityHeaders);
  // Probes and /metrics first: not logged, not counted, never rate-limited.
  mountOps(app, deps.ops ?? {}, hostCheck);
  app.use('*', requestLog(logger));
  app.use('*', httpMetrics(deps.metrics ?? NOOP_METRICS));
  app.use('*', hostCheck);

  const { auth } = deps;
  if (auth === undefined && deps.config.auth.mode !== 'none') {
    throw new Error(`ZKPUSH_AUTH=${deps.config.auth.mode} needs the auth service`);
  }
  const client = createClientResolver(trustedProxies(deps.config.trustedProxies));
  const limiter = createRateLimiter({
    limits: deps.config.rateLimit,
    clock: deps.clock ?? systemClock,
    client,
    ...(deps.rateBuckets === undefined ? {} : { buckets: deps.rateBuckets }),
  });
  const { secrets, files, config } = deps;
  app.route(
    '/api',
    apiRoutes({
      config,
      secrets,
      files,
      limiter,
      client,
      brand: brand.public,
      ...(auth === undefined ? {} : { auth }),
      ...(deps.pushes === undefined ? {} : { pushes: deps.pushes }),
    }),
  );
  if (auth !== undefined) app.route('/auth', authRoutes(auth, { publicOrigin: config.publicUrl, limiter }));
  app.get(`${BRAND_PATH_PREFIX}*`, brandRoute(brand));
  // ZKPUSH_DASHBOARD_ENABLED=false: the creator's dashboard page is not served at all (its API stays:
  // `zkpush events` and the owner token still read a push's trail).
  if (!config.instance.dashboard) {
    app.get('/dashboard', (c) => c.text('Not found\n', 404, { 'Cache-Control': 'no-store' }));
  }
  app.get('*', (c) => spa.serve(c));

  // Reached only by non-GET requests outside /api: pages are read-only.
  app.notFound((c) => errorResponse(c, methodNotAllowedError(['GET', 'HEAD'])));
  app.onError(createErrorHandler(logger));
  return app;
}
