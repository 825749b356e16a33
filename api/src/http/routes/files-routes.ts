/**
 * File-push transfer routes (docs/api.md "File pushes"), all authorised by a bearer token bound to
 * one push — the upload token from create, or a download token from a reveal — and so outside the
 * create/meta/reveal rate-limit budgets:
 *
 *   PUT  /:id/files/:index/chunks/:chunk   one sealed chunk, streamed to disk
 *   GET  /:id/upload                       what is stored, to resume an upload
 *   POST /:id/upload/finalize              ends the upload; the push becomes revealable
 *   GET  /:id/files/:index                 the blob, streamed, with Range support
 */
import { ServerResponse } from 'node:http';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { TRANSFER_TOKEN_BYTES, type UploadStatus } from '@zkpush/shared/schemas';
import type { IpLogging } from '../../config/config.ts';
import { decodeFixed } from '../../domain/fixed-bytes.ts';
import type { FilesService } from '../../domain/files/files-service.ts';
import { parseRange } from '../byte-range.ts';
import { ApiError } from '../api-error.ts';
import { bearerToken } from '../bearer.ts';
import { auditContext, type ClientResolver } from '../client.ts';
import { FORBIDDEN, refusalError } from '../refusals.ts';
import { idParam } from './route-helpers.ts';

type FilesRoutesDeps = { files: FilesService; client: ClientResolver; ipLogging: IpLogging };

const INVALID_TOKEN = { 'WWW-Authenticate': 'Bearer realm="zkpush", error="invalid_token"' };

function transferToken(c: Context, what: 'uploadToken' | 'downloadToken'): Uint8Array {
  const decoded = decodeFixed(bearerToken(c.req.header('authorization'), what), TRANSFER_TOKEN_BYTES, what);
  if (decoded.kind !== 'ok') throw new ApiError('unauthorized', decoded.message, { headers: INVALID_TOKEN });
  return decoded.bytes;
}

/** A file or chunk index from the path: a decimal integer below 2³². */
function indexParam(c: Context, name: 'index' | 'chunk'): number {
  const text = c.req.param(name) ?? '';
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value <= 0xffff_ffff)) throw new ApiError('invalid_request', `${name} must be a non-negative integer`);
  return value;
}

/**
 * A refused chunk PUT is answered before its body is read (or after reading only part of it). Node
 * then has to discard the rest, and a client that reuses the connection meanwhile finds it reset;
 * `Connection: close` (RFC 9112 §9.6) tells it to open a fresh one instead.
 */
const closeAfterRefusal: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status >= 400) c.res.headers.set('Connection', 'close');
};

/** The Node response under @hono/node-server (undefined under app.request in tests). */
function nodeResponse(env: unknown): ServerResponse | undefined {
  if (typeof env !== 'object' || env === null || !('outgoing' in env)) return undefined;
  return env.outgoing instanceof ServerResponse ? env.outgoing : undefined;
}

const UPLOAD = { forbidden: FORBIDDEN.uploadToken };

function declaredLength(c: Context): number | undefined {
  const header = c.req.header('content-length');
  // Node's HTTP parser has already refused a malformed Content-Length.
  return header === undefined ? undefined : Number(header);
}

export function filesRoutes(deps: FilesRoutesDeps): Hono {
  const { files } = deps;
  const context = (c: Context) => auditContext(c, deps.client(c), deps.ipLogging);
  const routes = new Hono();

  routes.put('/:id/files/:index/chunks/:chunk', closeAfterRefusal, async (c) => {
    const id = idParam(c);
    const file = indexParam(c, 'index');
    const chunk = indexParam(c, 'chunk');
    const token = transferToken(c, 'uploadToken');
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/octet-stream') {
      throw new ApiError('unsupported_media_type', 'Content-Type must be application/octet-stream');
    }
    const body = c.req.raw.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    const result = await files.putChunk(id, token, { file, chunk, declaredLength: declaredLength(c), body });
    if (result.kind !== 'ok') throw refusalError(result, UPLOAD);
    return c.body(null, 204);
  });

  routes.get('/:id/upload', async (c) => {
    const id = idParam(c);
    const result = await files.uploadStatus(id, transferToken(c, 'uploadToken'));
    if (result.kind !== 'ok') throw refusalError(result, UPLOAD);
    const body: UploadStatus = { files: result.files, complete: result.complete, idleExpiresAt: result.idleExpiresAt };
    return c.json(body);
  });

  routes.post('/:id/upload/finalize', async (c) => {
    const id = idParam(c);
    const result = await files.finalize(id, transferToken(c, 'uploadToken'), context(c));
    if (result.kind !== 'ok') throw refusalError(result, UPLOAD);
    return c.body(null, 204);
  });

  routes.get('/:id/files/:index', async (c) => {
    const id = idParam(c);
    const file = indexParam(c, 'index');
    const token = transferToken(c, 'downloadToken');
    // Deleted mid-download: drop the connection, so the client sees a transfer that did not end.
    const outgoing = nodeResponse(c.env);
    const request = {
      file,
      range: parseRange(c.req.header('range')),
      head: c.req.method === 'HEAD',
      ...(outgoing === undefined ? {} : { cutOff: () => void outgoing.destroy() }),
    };
    const result = await files.download(id, token, request, context(c));
    if (result.kind !== 'ok') throw refusalError(result, { forbidden: FORBIDDEN.downloadToken });
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(result.end - result.start),
      // No file name: the server does not know it (it is in the encrypted manifest).
      'Content-Disposition': 'attachment',
      'Accept-Ranges': 'bytes',
    };
    if (result.partial) headers['Content-Range'] = `bytes ${result.start}-${result.end - 1}/${result.size}`;
    return new Response(result.body, { status: result.partial ? 206 : 200, headers });
  });

  return routes;
}
