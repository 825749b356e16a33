/**
 * JSON request bodies, checked in the cheapest order: media type (415), size before any parsing (413,
 * Hono's bodyLimit, which trusts Content-Length and counts streamed bytes otherwise), JSON syntax
 * (400), then the shared valibot schema (400 naming the offending field).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { ApiError } from './api-error.ts';

/** RFC 8259 §11: application/json; parameters such as charset are tolerated and ignored. */
export const requireJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError('unsupported_media_type', 'Content-Type must be application/json');
  }
  await next();
};

export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError('payload_too_large', `request body is larger than ${maxBytes} bytes`);
    },
  });
}

export async function readJson<T>(c: Context, schema: v.GenericSchema<unknown, T>): Promise<T> {
  const text = await c.req.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_request', 'request body is not valid JSON');
  }
  const parsed = v.safeParse(schema, data);
  if (!parsed.success) throw new ApiError('invalid_request', describeIssues(parsed.issues));
  return parsed.output;
}

/** Human message naming each offending field, e.g. `views must be an integer; unknown field "extra"`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const messages = issues.map((issue) => {
    const path = v.getDotPath(issue);
    if (path === null) return 'request body must be a JSON object';
    if (issue.type === 'strict_object' && issue.expected === 'never') return `unknown field "${path}"`;
    if (issue.type === 'strict_object' && issue.input === undefined) return `${path} is required`;
    return issue.message.startsWith(path) ? issue.message : `${path}: ${issue.message}`;
  });
  return [...new Set(messages)].join('; ');
}

/** For a single value (a path parameter): the shared schemas' messages already name the field. */
export function validateValue<T>(schema: v.GenericSchema<unknown, T>, value: unknown): T {
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) throw new ApiError('invalid_request', parsed.issues.map((i) => i.message).join('; '));
  return parsed.output;
}
