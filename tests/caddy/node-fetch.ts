/**
 * A fetch over node:http/node:https that can trust one extra CA (Caddy's local root) and pick its
 * source address. Node's built-in fetch can do neither without the undici package, and the source
 * address is what lets the test tell a client (127.0.0.2) from the proxy (127.0.0.1) on one machine.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchLike } from '@zkpush/shared/api-client';

export interface NodeFetchOptions {
  /** PEM of the CA that signed the server's certificate (https only). */
  ca?: string;
  /** Local address to connect from, e.g. 127.0.0.2 (any 127/8 address is loopback on Linux). */
  localAddress?: string;
  /** Extra request headers on every request (e.g. a forged X-Forwarded-For). */
  headers?: Readonly<Record<string, string>>;
}

export function nodeFetch(options: NodeFetchOptions = {}): FetchLike {
  return (input, init = {}) =>
    new Promise((resolve, reject) => {
      const headers = { ...Object.fromEntries(new Headers(init.headers)), ...options.headers };
      const body = typeof init.body === 'string' ? init.body : undefined;
      const request = new URL(input).protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(
        input,
        { method: init.method ?? 'GET', headers, ca: options.ca, localAddress: options.localAddress, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const item of Array.isArray(value) ? value : [value ?? '']) responseHeaders.append(name, item);
            }
            const status = res.statusCode ?? 0;
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(payload, { status, headers: responseHeaders }));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}
