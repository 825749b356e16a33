/**
 * The HTTP side: the shared api-client (which validates every response) over a fetch that gives up
 * after a timeout and explains network failures in words a person can act on. Node's fetch only says
 * "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND, …) hides in `cause`.
 */
import { createApiClient, type ApiClient, type FetchLike } from '@zkpush/shared/api-client';
import { runtimeMessages as m } from './messages.ts';

const NETWORK_CODES: Readonly<Record<string, string>> = m.network;

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  if ('code' in err && typeof err.code === 'string') return err.code;
  if ('cause' in err) return codeOf(err.cause);
  return undefined;
}

/** One short phrase for a failed fetch. Never includes the URL (the api-client adds no fragment, but be sure). */
export function describeNetworkError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return m.noAnswerWithin(Math.round(timeoutMs / 1000));
  }
  const code = codeOf(err);
  if (code !== undefined) return NETWORK_CODES[code] ?? code;
  return err instanceof Error ? err.message : m.requestFailed;
}

/** Statuses a Response cannot be constructed with a body for (Fetch standard). */
const NULL_BODY_STATUS: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps fetch with an idle timeout: the request fails when `timeoutMs` pass without progress — no
 * response headers yet, or no bytes of the body since the last ones. A whole-request limit would cut
 * off a multi-gigabyte download that is still flowing; a stalled one still fails within `timeoutMs`.
 * The caller's own signal (a cancelled upload) still aborts the request. Failures reject with a
 * readable message. The timer never keeps the process alive on its own (it is unref'd).
 */
export function timeoutFetch(timeoutMs: number, base: FetchLike = (input, init) => fetch(input, init)): FetchLike {
  return async (input, init) => {
    const idle = new AbortController();
    // Set once the body is being passed on: a stall then errors it here, whatever the fetch does.
    let body: TransformStreamDefaultController<Uint8Array> | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = (): void => clearTimeout(timer);
    const restart = (): void => {
      stop();
      timer = setTimeout(() => {
        const reason = new DOMException('no progress', 'TimeoutError');
        idle.abort(reason);
        body?.error(new Error(describeNetworkError(reason, timeoutMs), { cause: reason }));
      }, timeoutMs);
      timer.unref?.();
    };
    restart();
    const signal = init?.signal ? AbortSignal.any([init.signal, idle.signal]) : idle.signal;
    let res: Response;
    try {
      res = await base(input, { ...init, signal });
    } catch (err) {
      stop();
      throw new Error(describeNetworkError(err, timeoutMs), { cause: err });
    }
    if (res.body === null || NULL_BODY_STATUS.has(res.status)) {
      stop();
      return res;
    }
    restart();
    const passed = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        start(controller) {
          body = controller;
        },
        transform(chunk, controller) {
          restart();
          controller.enqueue(chunk);
        },
        flush: stop,
        cancel: stop,
      }),
    );
    return new Response(passed, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

export function createClient(origin: string, fetch: FetchLike): ApiClient {
  return createApiClient({ baseUrl: origin, fetch });
}
