/**
 * Paths as they may appear in logs. Query strings are never passed in (Hono's `c.req.path` has none),
 * and secret ids are replaced by `:id`: an id alone cannot decrypt anything, but a log reader should
 * not be able to follow individual secrets through the logs either.
 */
const SECRET_API = /^(\/api\/v\d+\/secrets\/)[^/]+/;
// The only page under /s/ is /s/<id>: whatever follows it (a mangled link, a key pasted after a slash)
// is dropped with the id.
const SECRET_PAGE = /^\/+s\/.+$/s;

export function redactPath(path: string): string {
  const clipped = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return clipped.replace(SECRET_API, '$1:id').replace(SECRET_PAGE, '/s/:id');
}
