/**
 * JSON request bodies, checked in the cheapest order: media type (415), size before any parsing (413:
 * the declared Content-Length, or the streamed bytes counted by Hono's bodyLimit when there is none),
 * JSON syntax (400), then the shared valibot schema (400 naming the offending field).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { ApiError } from '../api-error.ts';

/** RFC 8259 §11: application/json; parameters such as charset are tolerated and ignored. */
export const requireJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError('unsupported_media_type', 'Content-Type must be application/json');
  }
  await next();
};

export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new ApiError('payload_too_large', `request body is larger than ${maxBytes} bytes`);
  };
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    // With a Content-Length (and no Transfer-Encoding) the decision is the one Hono's bodyLimit makes,
    // taken from the header alone: Node's HTTP parser delivers exactly that many bytes and refuses a
    // request that declares both. Going through bodyLimit here would turn @hono/node-server's
    // lightweight request into a full web Request with a body stream (it reads `req.raw.body`), and
    // readJson would then read the body through that stream instead of the socket's buffer.
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number.parseInt(length, 10) > maxBytes) tooLarge();
    await next();
  };
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
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
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
