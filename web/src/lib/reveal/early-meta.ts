/**
 * The reveal page's metadata request, started before any module of the page has loaded. The reveal
 * shell (web/src/pages/reveal.html) carries a tiny inline script, allowed by its hash in the
 * page's CSP, that reads the push id from the path — never the fragment, which holds the key — and
 * starts `GET /api/v1/secrets/<id>` with the API client's own request options, leaving the pending
 * response on `window` under EARLY_META_GLOBAL. The page's API client takes it from there through
 * `withEarlyMeta`: the first metadata request for that exact URL is answered by the response already
 * on its way, and then validated like any other (shared/src/transfer/api-client.ts). Everything else
 * (a retry, another request) goes to the network as usual.
 */
import type { FetchLike } from '@zkpush/shared/api-client';

/** The global the inline script writes; keep in step with web/src/pages/reveal.html. */
export const EARLY_META_GLOBAL = '__zkpushEarlyMeta';

type Early = { url: string; response: Promise<Response> };

function isEarly(value: unknown): value is Early {
  if (typeof value !== 'object' || value === null) return false;
  const url: unknown = Reflect.get(value, 'url');
  const response: unknown = Reflect.get(value, 'response');
  return typeof url === 'string' && response instanceof Promise;
}

/** Takes the early request off the global (once) and wraps `base` so it answers the matching GET. */
export function withEarlyMeta(base: FetchLike, scope: object = globalThis): FetchLike {
  const found: unknown = Reflect.get(scope, EARLY_META_GLOBAL);
  Reflect.deleteProperty(scope, EARLY_META_GLOBAL);
  let early = isEarly(found) ? found : undefined;
  return (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (early !== undefined && method === 'GET' && input === early.url) {
      const { response } = early;
      early = undefined;
      return response;
    }
    return base(input, init);
  };
}
