/**
 * The HTTP side: the shared api-client (which validates every response) over a fetch that gives up
 * after a timeout and explains network failures in words a person can act on. Node's fetch only says
 * "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND, …) hides in `cause`.
 */
import { createApiClient, type ApiClient, type FetchLike } from '@zkpush/shared/api-client';

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is the server running?)',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host name',
};

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  if ('code' in err && typeof err.code === 'string') return err.code;
  if ('cause' in err) return codeOf(err.cause);
  return undefined;
}

/** One short phrase for a failed fetch. Never includes the URL (the api-client adds no fragment, but be sure). */
export function describeNetworkError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no answer within ${Math.round(timeoutMs / 1000)} seconds`;
  }
  const code = codeOf(err);
  if (code !== undefined) return NETWORK_CODES[code] ?? code;
  return err instanceof Error ? err.message : 'request failed';
}

/** Wraps fetch with a whole-request timeout; failures reject with a readable message. */
export function timeoutFetch(timeoutMs: number, base: FetchLike = (input, init) => fetch(input, init)): FetchLike {
  return async (input, init) => {
    try {
      return await base(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new Error(describeNetworkError(err, timeoutMs), { cause: err });
    }
  };
}

export function createClient(origin: string, fetch: FetchLike): ApiClient {
  return createApiClient({ baseUrl: origin, fetch });
}
