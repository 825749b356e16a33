/**
 * Refuses state-changing API requests a browser sends on behalf of another site (issue 10 §5), before
 * any rate-limit budget is touched. A `text/plain` POST needs no CORS preflight, so any page a
 * recipient visits could otherwise spend that recipient's reveal budget from their own address.
 *
 * A request is a browser's when it carries `Sec-Fetch-Site` or `Origin`. Browsers send `Origin` on
 * every POST, PUT and DELETE, and `Sec-Fetch-Site` on every request; the CLI and scripts send neither
 * (Node's fetch adds only `Sec-Fetch-Mode: cors`, which is why that header proves nothing here). A
 * browser's request is refused with 403 `forbidden` unless `Sec-Fetch-Site` is `same-origin` or `none`
 * (when present) and `Origin` names this server: the host the request was sent to (its `Host`), or
 * ZKPUSH_PUBLIC_URL behind a proxy that rewrites `Host`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ALLOWED_SITES = new Set(['same-origin', 'none']);

/** The host the request was addressed to: `Host`, or the URL's host where there is none (tests). */
export function requestHost(c: Context): string {
  return (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
}

/** Whether `origin` (an Origin header) names the host this request was sent to, or the public URL. */
function isOwnOrigin(origin: string, host: string, publicOrigin: string | undefined): boolean {
  if (publicOrigin !== undefined && origin === publicOrigin) return true;
  let parsed: URL;
  let hostAsSent: URL;
  try {
    parsed = new URL(origin);
    // Read Host under the Origin's scheme, so `push.example:443` and `https://push.example` agree.
    hostAsSent = new URL(`${parsed.protocol}//${host}`);
  } catch {
    return false; // `null`, or not a URL
  }
  return parsed.origin === origin && parsed.host === hostAsSent.host;
}

export function refuseCrossSite(options: { publicOrigin: string | undefined }): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site')?.toLowerCase();
    const origin = c.req.header('origin');
    if (site === undefined && origin === undefined) return next();
    if (site !== undefined && !ALLOWED_SITES.has(site)) {
      throw new ApiError('forbidden', 'cross-site request refused');
    }
    if (origin === undefined) throw new ApiError('forbidden', 'a browser request without Origin is refused');
    // A browser may send `Origin: null` for its own page's request under `Referrer-Policy: no-referrer`
    // (which this app sets; whatwg/fetch#1022, WebKit). `Sec-Fetch-Site: same-origin` is set by the
    // browser alone and no page can forge it, so together they still mean this origin; a sandboxed
    // or foreign page sending `null` says `cross-site`.
    if (origin === 'null' && site === 'same-origin') return next();
    if (!isOwnOrigin(origin, requestHost(c), options.publicOrigin)) {
      throw new ApiError('forbidden', 'cross-origin request refused: Origin does not name this server');
    }
    await next();
  };
}
