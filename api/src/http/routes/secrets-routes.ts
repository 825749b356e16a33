/**
 * /api/v1/secrets routes: translate HTTP to the domain service and its tagged results back to HTTP.
 * No SQL and no business rules here — only parsing, rate limits, status codes and wire shapes.
 */
import { Hono, type Context } from 'hono';
import { BurnRequest, CreateSecretRequest, PROOF_BYTES, RevealRequest } from '@zkpush/shared/schemas';
import type { CreateSecretResponse, RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import type { IpLogging } from '../../config/config.ts';
import type { AuditContext } from '../../domain/lifecycle/audit.ts';
import { decodeFixed } from '../../domain/fixed-bytes.ts';
import type { FilesService } from '../../domain/files/files-service.ts';
import type { SecretsService } from '../../domain/secrets/secrets-service.ts';
import { ApiError, goneError, notFoundError } from '../api-error.ts';
import { auditContext, clientKey, type ClientResolver } from '../client.ts';
import { eventsRoute, ownerToken } from './events-route.ts';
import { filesRoutes } from './files-routes.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { limitBody, readJson, requireJson } from '../middleware/request-body.ts';
import { idParam, iso, notAllowed } from './route-helpers.ts';

export type SecretsRoutesDeps = {
  secrets: SecretsService;
  files: FilesService;
  /** Largest accepted envelope in decoded bytes; the create body limit is derived from it. */
  maxEnvelopeBytes: number;
  limiter: RateLimiter;
  client: ClientResolver;
  ipLogging: IpLogging;
};

/** Room for the JSON around the envelope: keys, keyProofHash, views, expiresIn, flags, passphrase. */
const JSON_SLACK_BYTES = 4096;
/** Reveal, burn and other small bodies. */
const SMALL_BODY_BYTES = 1024;

function proof(text: string, field: string): Uint8Array {
  const decoded = decodeFixed(text, PROOF_BYTES, field);
  if (decoded.kind !== 'ok') throw new ApiError('invalid_request', decoded.message);
  return decoded.bytes;
}

const wrongKey = (what: string) =>
  new ApiError('wrong_key', `the key in this link does not match this secret; ${what}`);

const notReadyError = () =>
  new ApiError('not_ready', 'the sender is still uploading the files of this push; nothing was used, try again later');

function wrongPassphrase(attemptsLeft: number, counted: boolean): ApiError {
  let message: string;
  if (!counted) message = 'this secret is protected by a passphrase; send passProof (no attempt was used)';
  else if (attemptsLeft === 0) message = 'wrong passphrase; no attempts left, so the secret has been destroyed';
  else message = `wrong passphrase; ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left`;
  return new ApiError('wrong_passphrase', message, { attemptsLeft });
}

export function secretsRoutes(deps: SecretsRoutesDeps): Hono {
  const { secrets, limiter } = deps;
  // Base64url inflates by 4/3; the limit applies before any parsing.
  const createLimit = Math.ceil((deps.maxEnvelopeBytes * 4) / 3) + JSON_SLACK_BYTES;
  const context = (c: Context): AuditContext => auditContext(c, deps.client(c), deps.ipLogging);
  const routes = new Hono();

  routes.post('/', limiter.limit('create'), requireJson, limitBody(createLimit), async (c) => {
    const request = await readJson(c, CreateSecretRequest);
    const result = await secrets.create(request, context(c), clientKey(deps.client(c)));
    if (result.kind === 'too_large') throw new ApiError('payload_too_large', result.message);
    if (result.kind === 'invalid') throw new ApiError('invalid_request', result.message);
    if (result.kind === 'insufficient_storage') throw new ApiError('insufficient_storage', result.message);
    if (result.kind === 'rate_limited') {
      // This client's own unsent uploads are the limit, not the server's room (docs/api.md).
      throw new ApiError('rate_limited', result.message, {
        limit: 'pending_uploads',
        headers: { 'Retry-After': String(result.retryAfterSeconds) },
      });
    }
    const body: CreateSecretResponse = {
      id: result.id,
      ownerToken: result.ownerToken,
      expiresAt: iso(result.expiresAt),
      views: result.views,
      ...(result.uploadToken === undefined ? {} : { upload: { token: result.uploadToken } }),
    };
    return c.json(body, 201);
  });
  routes.all('/', notAllowed('POST'));

  routes.get('/:id', limiter.limit('meta'), async (c) => {
    const result = await secrets.getMeta(idParam(c));
    if (result.kind === 'not_found') throw notFoundError();
    if (result.kind === 'gone') throw goneError(result.reason);
    if (result.kind === 'not_ready') throw notReadyError();
    const body: SecretMeta = {
      id: result.id,
      views: result.views,
      viewsLeft: result.viewsLeft,
      createdAt: iso(result.createdAt),
      expiresAt: iso(result.expiresAt),
      flags: result.flags,
      passphrase: result.passphrase,
      files: result.files,
    };
    return c.json(body);
  });

  routes.delete('/:id', limiter.limit('meta'), async (c) => {
    const id = idParam(c);
    const result = await secrets.expireByOwner(id, ownerToken(c), context(c));
    if (result.kind === 'not_found') throw notFoundError();
    if (result.kind === 'forbidden') throw new ApiError('forbidden', 'the owner token does not match this secret');
    if (result.kind === 'gone') throw goneError(result.reason);
    return c.body(null, 204);
  });
  routes.all('/:id', notAllowed('GET, HEAD, DELETE'));

  routes.post('/:id/reveal', limiter.limit('reveal'), requireJson, limitBody(SMALL_BODY_BYTES), async (c) => {
    const id = idParam(c);
    const request = await readJson(c, RevealRequest);
    const proofs = {
      keyProof: proof(request.keyProof, 'keyProof'),
      passProof: request.passProof === undefined ? undefined : proof(request.passProof, 'passProof'),
    };
    const reservation = limiter.reserveFailure(c);
    const result = await secrets.reveal(id, proofs, context(c));
    const failed = result.kind === 'wrong_key' || (result.kind === 'wrong_passphrase' && result.counted);
    if (!failed) reservation.refund();
    if (result.kind === 'not_found') throw notFoundError();
    if (result.kind === 'gone') throw goneError(result.reason);
    if (result.kind === 'wrong_key') throw wrongKey('no view was used');
    if (result.kind === 'wrong_passphrase') throw wrongPassphrase(result.attemptsLeft, result.counted);
    if (result.kind === 'not_ready') throw notReadyError();
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
  routes.all('/:id/reveal', notAllowed('POST'));

  routes.post('/:id/burn', limiter.limit('reveal'), requireJson, limitBody(SMALL_BODY_BYTES), async (c) => {
    const id = idParam(c);
    const request = await readJson(c, BurnRequest);
    const keyProof = proof(request.keyProof, 'keyProof');
    const reservation = limiter.reserveFailure(c);
    const result = await secrets.burn(id, keyProof, context(c));
    if (result.kind !== 'wrong_key') reservation.refund();
    if (result.kind === 'not_found') throw notFoundError();
    if (result.kind === 'gone') throw goneError(result.reason);
    if (result.kind === 'wrong_key') throw wrongKey('nothing was deleted');
    if (result.kind === 'not_deletable') {
      throw new ApiError('forbidden', 'the creator of this secret did not allow recipients to delete it');
    }
    return c.body(null, 204);
  });
  routes.all('/:id/burn', notAllowed('POST'));

  routes.route('/', eventsRoute({ secrets, limiter }));
  routes.route('/', filesRoutes({ files: deps.files, client: deps.client, ipLogging: deps.ipLogging }));

  return routes;
}
