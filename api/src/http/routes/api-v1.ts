/**
 * Everything under /api: the v1 routes (secrets, their audit trail, their files), 405 with the `Allow`
 * header Hono's method-not-allowed middleware derives from those routes when a path exists but not
 * for this method, JSON 404 for any other /api path (never the SPA), 403 for state-changing requests a
 * browser sends from another site (middleware/cross-site.ts), and the API's own headers — `Cache-Control: no-store` (metadata and ciphertext must never sit in a shared or
 * browser cache) and a CSP that lets a JSON response do nothing if it is ever rendered.
 */
import { Hono } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { PublicBrand, ServerConfig } from '@zkpush/shared/schemas';
import { FILE_CHUNK_BYTES } from '@zkpush/shared/wire-constants';
import { accountRoutes } from '../../auth/account-routes.ts';
import { authInfo, type Auth } from '../../auth/auth-service.ts';
import type { Config } from '../../config/config.ts';
import type { FilesService } from '../../domain/files/files-service.ts';
import type { SecretsService } from '../../domain/secrets/secrets-service.ts';
import { ApiError, errorResponse, methodNotAllowedError } from '../api-error.ts';
import type { ClientResolver } from '../client.ts';
import { refuseCrossSite } from '../middleware/cross-site.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { eventsRoute } from './events-route.ts';
import { filesRoutes } from './files-routes.ts';
import { pushListRoutes } from './push-list-routes.ts';
import type { PushListing } from '../../domain/pushes/push-listing.ts';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import { secretsRoutes } from './secrets-routes.ts';

/** What "my pushes" and the admin team view read (push-list-routes.ts). */
export type PushListDeps = { listing: PushListing; repo: Pick<SecretsRepo, 'storageUsage'> };

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export type ApiConfig = Pick<
  Config,
  | 'views'
  | 'expiresIn'
  | 'maxEnvelopeBytes'
  | 'flags'
  | 'passphrase'
  | 'audit'
  | 'retentionMs'
  | 'files'
  | 'publicUrl'
  | 'instance'
  | 'auth'
>;

/** The public, read-only view of the configuration (shared ServerConfig). */
function serverConfig(config: ApiConfig, brand: PublicBrand): ServerConfig {
  const flag = (policy: Config['flags']['retrievalStep']) => ({
    default: policy.default,
    changeable: policy.changeable,
  });
  return {
    apiVersion: 1,
    views: { ...config.views },
    expiresIn: { ...config.expiresIn },
    maxEnvelopeBytes: config.maxEnvelopeBytes,
    flags: { retrievalStep: flag(config.flags.retrievalStep), deletableByViewer: flag(config.flags.deletableByViewer) },
    passphrase: { allowed: config.passphrase.allowed, maxAttempts: config.passphrase.maxAttempts },
    audit: {
      ipLogging: config.audit.ipLogging,
      retentionSeconds: Math.floor(config.retentionMs / 1000),
      maxEventsPerPush: config.audit.maxEventsPerPush,
    },
    files: {
      allowed: config.files.allowed,
      maxFiles: config.files.maxFiles,
      maxFileBytes: config.files.maxFileBytes,
      maxPushBytes: config.files.maxPushBytes,
      chunkBytes: FILE_CHUNK_BYTES,
      downloadWindowSeconds: config.files.downloadWindowSeconds,
      uploadIdleSeconds: config.files.uploadIdleSeconds,
    },
    brand,
    instance: { create: config.instance.create, dashboard: config.instance.dashboard },
    auth: authInfo(config.auth),
  };
}

export function apiRoutes(deps: {
  config: ApiConfig;
  secrets: SecretsService;
  files: FilesService;
  limiter: RateLimiter;
  client: ClientResolver;
  /** The brand's public view (branding/brand-assets.ts). */
  brand: PublicBrand;
  /** Sign-in; absent when ZKPUSH_AUTH is none. */
  auth?: Auth;
  pushes?: PushListDeps;
}): Hono {
  const { config } = deps;
  const api = new Hono();

  api.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('Content-Security-Policy', API_CSP);
  });
  // Before every route, so before any rate-limit budget is touched.
  api.use('*', refuseCrossSite({ publicOrigin: config.publicUrl }));
  // Who the request is, before any route or rate limit reads it (auth/principal-middleware.ts).
  if (deps.auth?.middleware !== undefined) api.use('*', deps.auth.middleware);
  api.use(
    '*',
    methodNotAllowed({ app: api, onMethodNotAllowed: (c, allow) => errorResponse(c, methodNotAllowedError(allow)) }),
  );

  const publicConfig = serverConfig(config, deps.brand);
  api.get('/v1/config', (c) => c.json(publicConfig));

  // A retrieval-only gateway (ZKPUSH_CREATE_ENABLED=false) refuses every new push, text or files,
  // before any body is read or budget spent; revealing, burning and the creators' own routes stay.
  api.use('/v1/secrets', async (c, next) => {
    if (c.req.method === 'POST' && !config.instance.create) {
      return errorResponse(
        c,
        new ApiError('creation_disabled', 'this server only opens links; creating is turned off'),
      );
    }
    await next();
  });

  const { secrets, limiter, client } = deps;
  const ipLogging = config.audit.ipLogging;
  api.route(
    '/v1/secrets',
    secretsRoutes({
      secrets,
      maxEnvelopeBytes: config.maxEnvelopeBytes,
      limiter,
      client,
      ipLogging,
      policy: { ...config.auth, defaultExpiresIn: config.expiresIn.default },
      signInEnabled: deps.auth !== undefined,
    }),
  );
  if (deps.auth !== undefined) api.route('/v1', accountRoutes(deps.auth, limiter));
  if (deps.auth !== undefined && deps.pushes !== undefined) {
    api.route('/v1', pushListRoutes({ ...deps.pushes, secrets, limiter, client, ipLogging }));
  }
  api.route('/v1/secrets', eventsRoute({ secrets, limiter }));
  api.route('/v1/secrets', filesRoutes({ files: deps.files, client, ipLogging }));

  // Returned, not thrown: the method-not-allowed middleware turns this 404 into a 405 when the path
  // has routes for other methods (it leaves thrown errors alone).
  api.all('*', (c) => errorResponse(c, new ApiError('not_found', 'no such API endpoint')));
  return api;
}
