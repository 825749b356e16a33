/**
 * GET /api/v1/my/pushes — the signed-in creator's pushes from any browser — and the admin team view:
 * GET /api/v1/admin/pushes, GET|DELETE /api/v1/admin/pushes/:id(/events), GET /api/v1/admin/stats
 * (issue 12 §4, docs/api.md "My pushes and the team view"). Metadata only; an admin's expiry is
 * recorded on the push as `deleted_by_admin` with the admin's identity.
 */
import { Hono, type Context } from 'hono';
import type { AdminStats, PushList } from '@zkpush/shared/push-list-schemas';
import { hasScope, resolvedOf, type Principal } from '../../auth/principal.ts';
import type { IpLogging } from '../../config/config.ts';
import type { PushEntry, PushListing } from '../../domain/pushes/push-listing.ts';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import type { SecretsService } from '../../domain/secrets/secrets-service.ts';
import { ApiError } from '../api-error.ts';
import { auditContext, type ClientResolver } from '../client.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { refusalError } from '../refusals.ts';
import { eventsPage, eventsQuery } from './events-route.ts';
import { idParam, iso } from './route-helpers.ts';

type Deps = {
  listing: PushListing;
  secrets: SecretsService;
  repo: Pick<SecretsRepo, 'storageUsage'>;
  limiter: RateLimiter;
  client: ClientResolver;
  ipLogging: IpLogging;
};

/** The principal, or the refusal that explains why there is none (sign in, or CSRF). */
function signedIn(c: Context): Exclude<Principal, { kind: 'anonymous' }> {
  const { principal, refusal } = resolvedOf(c);
  if (principal.kind !== 'anonymous') return principal;
  throw refusalError(refusal ?? { kind: 'sign_in_required', message: 'sign in to see the pushes you created' });
}

/** Admins act through their session (or trusted proxy), never through an API token. */
function admin(c: Context): string {
  const principal = signedIn(c);
  if (principal.kind !== 'user' || principal.user.role !== 'admin') {
    throw refusalError({ kind: 'forbidden_by_policy', message: 'only an admin, signed in, may do this' });
  }
  return principal.user.email ?? `user:${principal.user.id}`;
}

function stateParam(c: Context): 'active' | 'ended' | undefined {
  const state = c.req.query('state');
  if (state === undefined || state === 'active' || state === 'ended') return state;
  throw new ApiError('invalid_request', 'state must be active or ended');
}

function wire(p: PushEntry, withCreator: boolean): PushList['pushes'][number] {
  return {
    id: p.id,
    state: p.state,
    views: p.views,
    viewsLeft: p.viewsLeft,
    createdAt: iso(p.createdAt),
    expiresAt: iso(p.expiresAt),
    endedAt: p.endedAt === null ? null : iso(p.endedAt),
    kind: p.kind,
    recipientBound: p.recipientBound,
    ...(withCreator ? { creatorEmail: p.creatorEmail } : {}),
  };
}

export function pushListRoutes(deps: Deps): Hono {
  const { listing, limiter } = deps;
  const routes = new Hono();

  async function list(c: Context, query: Parameters<PushListing['list']>[0], withCreator: boolean) {
    const result = await listing.list(query);
    if (result.kind !== 'ok') throw refusalError(result);
    const body: PushList = { pushes: result.pushes.map((p) => wire(p, withCreator)), nextCursor: result.nextCursor };
    return c.json(body);
  }

  routes.get('/my/pushes', limiter.limit('meta'), async (c) => {
    const principal = signedIn(c);
    if (!hasScope(principal, 'read-own-events')) {
      throw new ApiError('forbidden', 'this API token lacks the read-own-events scope');
    }
    const query = { creatorId: principal.user.id, state: stateParam(c), cursor: c.req.query('cursor') };
    return list(c, query, false);
  });

  routes.get('/admin/pushes', limiter.limit('meta'), async (c) => {
    admin(c);
    const creator = c.req.query('creator');
    if (creator !== undefined && (creator.length === 0 || creator.length > 320)) {
      throw new ApiError('invalid_request', 'creator must be an email address');
    }
    return list(
      c,
      { creatorId: undefined, creatorEmail: creator, state: stateParam(c), cursor: c.req.query('cursor') },
      true,
    );
  });

  routes.get('/admin/pushes/:id/events', limiter.limit('meta'), async (c) => {
    const actor = admin(c);
    const result = await deps.secrets.events(idParam(c), { kind: 'admin', actor }, eventsQuery(c));
    if (result.kind !== 'ok') throw refusalError(result);
    return c.json(eventsPage(result));
  });

  routes.delete('/admin/pushes/:id', limiter.limit('meta'), async (c) => {
    const actor = admin(c);
    const context = auditContext(c, deps.client(c), deps.ipLogging);
    const result = await deps.secrets.expireByOwner(idParam(c), { kind: 'admin', actor }, context);
    if (result.kind !== 'ok') throw refusalError(result);
    return c.body(null, 204);
  });

  routes.get('/admin/stats', limiter.limit('meta'), async (c) => {
    admin(c);
    const [stats, storage] = await Promise.all([listing.stats(), deps.repo.storageUsage()]);
    const body: AdminStats = { days: stats.days, storage, failedAttempts: stats.failedAttempts };
    return c.json(body);
  });

  return routes;
}
