/**
 * The one way the API reports failure: `{ "error": { "code", "message", "reason"?, "attemptsLeft"?, "limit"? } }` with the status
 * from the closed code list in shared/src/errors.ts. Handlers throw ApiError (the HTTP layer is an
 * edge); `createErrorHandler` is Hono's single `onError` and turns anything else into a 500 whose body
 * reveals nothing about the failure.
 */
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ERROR_STATUS, type ErrorCode, type GoneReason, type RateLimitKind } from '@zkpush/shared/errors';
import type { ErrorBody } from '@zkpush/shared/schemas';
import { errorFields, type Logger } from '../logger.ts';
import { redactPath } from './redact-path.ts';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly reason: GoneReason | undefined;
  readonly attemptsLeft: number | undefined;
  readonly limit: RateLimitKind | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      reason?: GoneReason;
      attemptsLeft?: number;
      limit?: RateLimitKind;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.reason = options.reason;
    this.attemptsLeft = options.attemptsLeft;
    this.limit = options.limit;
    this.headers = options.headers ?? {};
  }
}

export function errorResponse(c: Context, err: ApiError): Response {
  const body: ErrorBody = {
    error: {
      code: err.code,
      message: err.message,
      ...(err.reason === undefined ? {} : { reason: err.reason }),
      ...(err.attemptsLeft === undefined ? {} : { attemptsLeft: err.attemptsLeft }),
      ...(err.limit === undefined ? {} : { limit: err.limit }),
    },
  };
  return c.json(body, ERROR_STATUS[err.code], { ...err.headers });
}

/** Statuses Hono's own middleware may raise, mapped onto our codes. */
const FROM_HTTP_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function createErrorHandler(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof HTTPException) {
      const code = FROM_HTTP_STATUS[err.status];
      if (code !== undefined) return errorResponse(c, new ApiError(code, defaultMessage(code)));
    }
    // Never echo the error: it may quote input. Log it (without the body or headers) instead.
    logger.error('unhandled error', { method: c.req.method, path: redactPath(c.req.path), ...errorFields(err) });
    return errorResponse(c, new ApiError('internal_error', 'internal error'));
  };
}

function defaultMessage(code: ErrorCode): string {
  return code.replaceAll('_', ' ');
}

/** 405 with the methods this path answers to (docs/api.md: every 405 carries `Allow`). */
export function methodNotAllowedError(allow: readonly string[]): ApiError {
  const methods = allow.join(', ');
  return new ApiError('method_not_allowed', `method not allowed; use ${methods}`, { headers: { Allow: methods } });
}
