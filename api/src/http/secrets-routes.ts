/**
 * /api/v1/secrets routes: translate HTTP to the domain service and its tagged results back to HTTP.
 * No SQL and no business rules here — only parsing, status codes and wire shapes.
 */
import { Hono, type Context } from 'hono';
import {
  CreateSecretRequest,
  OWNER_TOKEN_BYTES,
  PROOF_BYTES,
  RevealRequest,
  SECRET_ID_BYTES,
  SecretId,
} from '@zkpush/shared/schemas';
import type { CreateSecretResponse, RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import { decodeFixed } from '../domain/fixed-bytes.ts';
import type { SecretsService } from '../domain/secrets.ts';
import { ApiError, goneError, notFoundError } from './api-error.ts';
import { bearerToken } from './bearer.ts';
import { limitBody, readJson, requireJson, validateValue } from './request-body.ts';

export type SecretsRoutesDeps = {
  secrets: SecretsService;
  /** Largest accepted envelope in decoded bytes; the create body limit is derived from it. */
  maxEnvelopeBytes: number;
};

/** Room for the JSON around the envelope: keys, keyProofHash, views, expiresIn, flags, whitespace. */
const JSON_SLACK_BYTES = 4096;
/** Reveal and other small bodies. */
const SMALL_BODY_BYTES = 1024;

const iso = (ms: number): string => new Date(ms).toISOString();

function idParam(c: Context): string {
  const id = validateValue(SecretId, c.req.param('id'));
  const decoded = decodeFixed(id, SECRET_ID_BYTES, 'id');
  if (decoded.kind !== 'ok') throw new ApiError('invalid_request', decoded.message);
  return id;
}

const notAllowed = (allow: string) => (): never => {
  throw new ApiError('method_not_allowed', `method not allowed; use ${allow}`, { headers: { Allow: allow } });
};

export function secretsRoutes(deps: SecretsRoutesDeps): Hono {
  const { secrets } = deps;
  // Base64url inflates by 4/3; the limit applies before any parsing.
  const createLimit = Math.ceil((deps.maxEnvelopeBytes * 4) / 3) + JSON_SLACK_BYTES;
  const routes = new Hono();

  routes.post('/', requireJson, limitBody(createLimit), async (c) => {
    const request = await readJson(c, CreateSecretRequest);
    const result = await secrets.create(request);
    if (result.kind === 'too_large') throw new ApiError('payload_too_large', result.message);
    if (result.kind === 'invalid') throw new ApiError('invalid_request', result.message);
    const body: CreateSecretResponse = {
      id: result.id,
      ownerToken: result.ownerToken,
      expiresAt: iso(result.expiresAt),
      views: result.views,
    };
    return c.json(body, 201);
  });
  routes.all('/', notAllowed('POST'));

  routes.get('/:id', async (c) => {
    const result = await secrets.getMeta(idParam(c));
    if (result.kind === 'not_found') throw notFoundError();
    if (result.kind === 'gone') throw goneError(result.reason);
    const body: SecretMeta = {
      id: result.id,
      views: result.views,
      viewsLeft: result.viewsLeft,
      createdAt: iso(result.createdAt),
      expiresAt: iso(result.expiresAt),
      flags: {},
    };
    return c.json(body);
  });

  routes.delete('/:id', async (c) => {
    const id = idParam(c);
    const token = bearerToken(c.req.header('authorization'));
    const decoded = decodeFixed(token, OWNER_TOKEN_BYTES, 'owner token');
    if (decoded.kind !== 'ok') throw new ApiError('unauthorized', decoded.message, { headers: INVALID_TOKEN });
    const result = await secrets.expireByOwner(id, decoded.bytes);
    if (result.kind === 'not_found') throw notFoundError();
    if (result.kind === 'forbidden') throw new ApiError('forbidden', 'the owner token does not match this secret');
    if (result.kind === 'gone') throw goneError(result.reason);
    return c.body(null, 204);
  });
  routes.all('/:id', notAllowed('GET, HEAD, DELETE'));

  routes.post('/:id/reveal', requireJson, limitBody(SMALL_BODY_BYTES), async (c) => {
    const id = idParam(c);
    const { keyProof } = await readJson(c, RevealRequest);
    const proof = decodeFixed(keyProof, PROOF_BYTES, 'keyProof');
    if (proof.kind !== 'ok') throw new ApiError('invalid_request', proof.message);
    const result = await secrets.reveal(id, proof.bytes);
    if (result.kind === 'not_found') throw notFoundError();
    if (result.kind === 'gone') throw goneError(result.reason);
    if (result.kind === 'wrong_key') {
      throw new ApiError('wrong_key', 'the key in this link does not match this secret; no view was used');
    }
    const body: RevealResponse = {
      envelope: Buffer.from(result.envelope.buffer, result.envelope.byteOffset, result.envelope.byteLength).toString(
        'base64url',
      ),
      viewsLeft: result.viewsLeft,
      expiresAt: iso(result.expiresAt),
    };
    return c.json(body);
  });
  routes.all('/:id/reveal', notAllowed('POST'));

  return routes;
}

/** RFC 6750 §3.1: a malformed token is `invalid_token`. */
const INVALID_TOKEN = { 'WWW-Authenticate': 'Bearer realm="zkpush", error="invalid_token"' };
