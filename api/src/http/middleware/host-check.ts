/**
 * 421 Misdirected Request (RFC 9110 §15.5.20) for a request whose `Host` this server does not answer
 * (net/allowed-hosts.ts, ZKPUSH_ALLOWED_HOSTS): the defence against DNS rebinding, before any route,
 * page or budget is touched.
 */
import type { MiddlewareHandler } from 'hono';
import { isAllowedHost, type AllowedHosts } from '../../net/allowed-hosts.ts';
import { ApiError } from '../api-error.ts';
import { requestHost } from './cross-site.ts';

export function refuseOtherHosts(allowed: AllowedHosts): MiddlewareHandler {
  return async (c, next) => {
    // The name is not echoed: it is the requester's input.
    if (!isAllowedHost(requestHost(c), allowed)) {
      throw new ApiError(
        'misdirected_request',
        'this server does not answer to the host name in this request; its operator can allow it with ZKPUSH_ALLOWED_HOSTS',
      );
    }
    await next();
  };
}
