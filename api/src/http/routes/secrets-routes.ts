/**
 * /api/v1/secrets routes: create, metadata, owner deletion, reveal and burn. They translate HTTP to the
 * domain service and its tagged results back to HTTP (refusals through http/refusals.ts). No SQL and
 * no business rules here — only parsing, rate limits, status codes and wire shapes.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { BurnRequest, CreateSecretRequest, PROOF_BYTES, RevealRequest } from '@zkpush/shared/schemas';
import type { CreateSecretResponse, RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import { MAX_MANIFEST_FILES } from '@zkpush/shared/manifest';
import { mayCreate, mayCreateThis, type CreateDecision } from '../../auth/policy.ts';
import { principalOf, principalUserId, resolvedOf } from '../../auth/principal.ts';
import type { AuthConfig } from '../../config/auth-config.ts';
import type { IpLogging } from '../../config/config.ts';
import type { AuditContext } from '../../domain/lifecycle/audit.ts';
import { decodeFixed } from '../../domain/fixed-bytes.ts';
import type { SecretsService } from '../../domain/secrets/secrets-service.ts';
import { ANONYMOUS_VIEWER, type Viewer } from '../../domain/secrets/recipient.ts';
import { ApiError } from '../api-error.ts';
import { auditContext, clientKey, type ClientResolver } from '../client.ts';
import { forbiddenWording, ownerOf } from './push-owner.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { JSON_SHAPES } from '../middleware/json-shape.ts';
import { limitBody, readJson, requireJson } from '../middleware/request-body.ts';
import { refusalError, type Refusal } from '../refusals.ts';
import { idParam, iso } from './route-helpers.ts';

type SecretsRoutesDeps = {
  secrets: SecretsService;
  /** Largest accepted envelope in decoded bytes; the create body limit is derived from it. */
  maxEnvelopeBytes: number;
  limiter: RateLimiter;
  client: ClientResolver;
  ipLogging: IpLogging;
  /** Who may create (auth/policy.ts); `defaultExpiresIn` is the expiry of a create that names none. */
  policy: Pick<AuthConfig, 'createPolicy' | 'filesAdminsOnly' | 'memberExpiryMaxSeconds'> & {
    defaultExpiresIn: number;
  };
  /** Sign-in is configured (ZKPUSH_AUTH is not none): only then can a push name its recipient. */
  signInEnabled: boolean;
};

/** A signed-in browser whose reveal lacked its CSRF token is told that, not "sign in" (like enforce). */
function signInRefusal<R extends Refusal>(c: Context, result: R): R | Refusal {
  const { refusal } = resolvedOf(c);
  return result.kind === 'sign_in_required' && refusal !== undefined ? refusal : result;
}

/** Who asks to open a push, for recipient-bound links (domain/secrets/recipient.ts). */
function viewerOf(c: Context): Viewer {
  const principal = principalOf(c);
  if (principal.kind === 'anonymous') return ANONYMOUS_VIEWER;
  const { user } = principal;
  return {
    kind: 'person',
    verifiedEmail: user.emailVerified && user.email !== null ? user.email.toLowerCase() : null,
    // The trail says who tried, and whether the provider vouched for that address.
    actor: user.email === null ? `user:${user.id}` : `${user.email}${user.emailVerified ? '' : ' (unverified)'}`,
    interactive: principal.kind === 'user',
  };
}

function enforce(decision: CreateDecision, c: Context): void {
  if (decision.kind === 'ok') return;
  // A signed-in browser whose request lacked its CSRF token is told that, not "sign in".
  const { refusal } = resolvedOf(c);
  if (decision.kind === 'sign_in_required' && refusal !== undefined) throw refusalError(refusal);
  throw refusalError(decision);
}

/**
 * Room for the JSON around the envelope: keys, keyProofHash, views, expiresIn, flags, passphrase
 * (4 KiB), and a file push's list of padded sizes — `{"paddedSize":9007199254740991},` per file at most.
 * json-shape.test.ts checks the largest valid create fits.
 */
const JSON_SLACK_BYTES = 4096 + MAX_MANIFEST_FILES * '{"paddedSize":9007199254740991},'.length;
/** Reveal and burn: at most `{"keyProof":"…43…","passProof":"…43…"}`, about 120 bytes. */
export const PROOF_BODY_BYTES = 1024;

/** The create body limit: the largest envelope in base64url (4/3 of its bytes) plus the JSON around it. */
export function createBodyLimit(maxEnvelopeBytes: number): number {
  return Math.ceil((maxEnvelopeBytes * 4) / 3) + JSON_SLACK_BYTES;
}

function proof(text: string, field: string): Uint8Array {
  const decoded = decodeFixed(text, PROOF_BYTES, field);
  if (decoded.kind !== 'ok') throw new ApiError('invalid_request', decoded.message);
  return decoded.bytes;
}

export function secretsRoutes(deps: SecretsRoutesDeps): Hono {
  const { secrets, limiter } = deps;
  // The limit applies before any parsing.
  const createLimit = createBodyLimit(deps.maxEnvelopeBytes);
  const context = (c: Context): AuditContext => auditContext(c, deps.client(c), deps.ipLogging);
  const routes = new Hono();

  // The policy is asked before the rate limit and the body: a refused creator spends nothing.
  const mayCreateHere: MiddlewareHandler = async (c, next) => {
    enforce(mayCreate(principalOf(c), deps.policy), c);
    await next();
  };

  routes.post('/', requireJson, mayCreateHere, limiter.limit('create'), limitBody(createLimit), async (c) => {
    const request = await readJson(c, CreateSecretRequest, JSON_SHAPES.create);
    if (request.recipient !== undefined && !deps.signInEnabled) {
      throw new ApiError('invalid_request', 'recipient needs sign-in, which this server does not offer');
    }
    const expiresIn = request.expiresIn ?? deps.policy.defaultExpiresIn;
    enforce(mayCreateThis(principalOf(c), { files: request.files !== undefined, expiresIn }, deps.policy), c);
    const creator = { userId: principalUserId(principalOf(c)) };
    const result = await secrets.create(request, context(c), clientKey(deps.client(c)), creator);
    if (result.kind !== 'ok') throw refusalError(result);
    const body: CreateSecretResponse = {
      id: result.id,
      ownerToken: result.ownerToken,
      expiresAt: iso(result.expiresAt),
      views: result.views,
      ...(result.uploadToken === undefined ? {} : { upload: { token: result.uploadToken } }),
    };
    return c.json(body, 201);
  });

  routes.get('/:id', limiter.limit('meta'), async (c) => {
    const result = await secrets.getMeta(idParam(c));
    if (result.kind !== 'ok') throw refusalError(result);
    const body: SecretMeta = {
      id: result.id,
      views: result.views,
      viewsLeft: result.viewsLeft,
      createdAt: iso(result.createdAt),
      expiresAt: iso(result.expiresAt),
      flags: result.flags,
      passphrase: result.passphrase,
      files: result.files,
      ...(result.signInRequired ? { signInRequired: true } : {}),
    };
    return c.json(body);
  });

  routes.delete('/:id', limiter.limit('meta'), async (c) => {
    const id = idParam(c);
    const owner = ownerOf(c, 'delete-own');
    const result = await secrets.expireByOwner(id, owner, context(c));
    if (result.kind !== 'ok') throw refusalError(result, { forbidden: forbiddenWording(owner) });
    return c.body(null, 204);
  });

  routes.post('/:id/reveal', requireJson, limiter.limit('reveal'), limitBody(PROOF_BODY_BYTES), async (c) => {
    const id = idParam(c);
    const request = await readJson(c, RevealRequest, JSON_SHAPES.proof);
    const proofs = {
      keyProof: proof(request.keyProof, 'keyProof'),
      passProof: request.passProof === undefined ? undefined : proof(request.passProof, 'passProof'),
    };
    const reservation = await limiter.reserveFailure(c);
    const result = await secrets.reveal(id, proofs, context(c), viewerOf(c));
    const failed = result.kind === 'wrong_key' || (result.kind === 'wrong_passphrase' && result.counted);
    if (!failed) await reservation.refund();
    if (result.kind !== 'ok') throw refusalError(signInRefusal(c, result), { wrongKeySpared: 'no view was used' });
    const { download } = result;
    const body: RevealResponse = {
      envelope: Buffer.from(result.envelope.buffer, result.envelope.byteOffset, result.envelope.byteLength).toString(
        'base64url',
      ),
      viewsLeft: result.viewsLeft,
      expiresAt: iso(result.expiresAt),
      ...(download === undefined ? {} : { download: { token: download.token, expiresAt: iso(download.expiresAt) } }),
    };
    return c.json(body);
  });

  routes.post('/:id/burn', requireJson, limiter.limit('reveal'), limitBody(PROOF_BODY_BYTES), async (c) => {
    const id = idParam(c);
    const request = await readJson(c, BurnRequest, JSON_SHAPES.proof);
    const keyProof = proof(request.keyProof, 'keyProof');
    const reservation = await limiter.reserveFailure(c);
    const result = await secrets.burn(id, keyProof, context(c), viewerOf(c));
    if (result.kind !== 'wrong_key') await reservation.refund();
    if (result.kind !== 'ok') {
      throw refusalError(signInRefusal(c, result), { wrongKeySpared: 'nothing was deleted' });
    }
    return c.body(null, 204);
  });

  return routes;
}
