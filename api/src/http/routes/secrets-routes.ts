/**
 * /api/v1/secrets routes: create, metadata, owner deletion, reveal and burn. They translate HTTP to the
 * domain service and its tagged results back to HTTP (refusals through http/refusals.ts). No SQL and
 * no business rules here — only parsing, rate limits, status codes and wire shapes.
 */
import { Hono, type Context } from 'hono';
import { BurnRequest, CreateSecretRequest, PROOF_BYTES, RevealRequest } from '@zkpush/shared/schemas';
import type { CreateSecretResponse, RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import type { IpLogging } from '../../config/config.ts';
import type { AuditContext } from '../../domain/lifecycle/audit.ts';
import { decodeFixed } from '../../domain/fixed-bytes.ts';
import type { SecretsService } from '../../domain/secrets/secrets-service.ts';
import { ApiError } from '../api-error.ts';
import { auditContext, clientKey, type ClientResolver } from '../client.ts';
import { ownerToken } from './events-route.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { limitBody, readJson, requireJson } from '../middleware/request-body.ts';
import { FORBIDDEN, refusalError } from '../refusals.ts';
import { idParam, iso } from './route-helpers.ts';

type SecretsRoutesDeps = {
  secrets: SecretsService;
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

export function secretsRoutes(deps: SecretsRoutesDeps): Hono {
  const { secrets, limiter } = deps;
  // Base64url inflates by 4/3; the limit applies before any parsing.
  const createLimit = Math.ceil((deps.maxEnvelopeBytes * 4) / 3) + JSON_SLACK_BYTES;
  const context = (c: Context): AuditContext => auditContext(c, deps.client(c), deps.ipLogging);
  const routes = new Hono();

  routes.post('/', limiter.limit('create'), requireJson, limitBody(createLimit), async (c) => {
    const request = await readJson(c, CreateSecretRequest);
    const result = await secrets.create(request, context(c), clientKey(deps.client(c)));
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
    };
    return c.json(body);
  });

  routes.delete('/:id', limiter.limit('meta'), async (c) => {
    const id = idParam(c);
    const result = await secrets.expireByOwner(id, ownerToken(c), context(c));
    if (result.kind !== 'ok') throw refusalError(result, { forbidden: FORBIDDEN.ownerToken });
    return c.body(null, 204);
  });

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
    if (result.kind !== 'ok') throw refusalError(result, { wrongKeySpared: 'no view was used' });
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

  routes.post('/:id/burn', limiter.limit('reveal'), requireJson, limitBody(SMALL_BODY_BYTES), async (c) => {
    const id = idParam(c);
    const request = await readJson(c, BurnRequest);
    const keyProof = proof(request.keyProof, 'keyProof');
    const reservation = limiter.reserveFailure(c);
    const result = await secrets.burn(id, keyProof, context(c));
    if (result.kind !== 'wrong_key') reservation.refund();
    if (result.kind !== 'ok') throw refusalError(result, { wrongKeySpared: 'nothing was deleted' });
    return c.body(null, 204);
  });

  return routes;
}
