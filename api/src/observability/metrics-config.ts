/**
 * The monitoring settings (settings.ts, group "Monitoring"): whether GET /metrics is served, the bearer
 * token it asks for and the separate address it may be served on (docs/self-hosting.md "Metrics").
 *
 * Off by default: the counters say nothing about any push, but how busy a server is and what it stores
 * is still the operator's to publish. Setting a token or a listen address turns it on — nobody sets
 * those to leave it off.
 */
import { isIP } from 'node:net';
import type { EnvReader } from '../config/env-reader.ts';
import { settingOf } from '../config/settings.ts';

export type ListenAddress = Readonly<{ host: string; port: number }>;

export type MetricsConfig = Readonly<{
  enabled: boolean;
  /** Bearer token GET /metrics requires; undefined: none. */
  token: string | undefined;
  /** When set, /metrics is served there only, not on the main listener. */
  listen: ListenAddress | undefined;
}>;

/** RFC 6750 §2.1 b64token: what a Bearer header can carry. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`; undefined when malformed. */
export function parseListenAddress(text: string): ListenAddress | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (match === null) return undefined;
  const v6 = match[1];
  const host = v6 ?? match[2] ?? '';
  const port = Number(match[3]);
  if (port > 65_535) return undefined;
  if (v6 !== undefined) return isIP(v6) === 6 ? { host, port } : undefined;
  return isIP(host) === 4 || HOST_NAME.test(host) ? { host, port } : undefined;
}

export function readMetricsConfig(read: EnvReader): MetricsConfig {
  const tokenSpec = settingOf('ZKPUSH_METRICS_TOKEN');
  const token = read.raw(tokenSpec.name);
  // Never echo the value: it is a secret.
  if (token !== undefined && (token.length < tokenSpec.minLength || !B64TOKEN.test(token))) {
    read.fail(
      `${tokenSpec.name} must be at least ${tokenSpec.minLength} characters of A-Z a-z 0-9 - . _ ~ + / (the value is not shown)`,
    );
  }
  const listenName = settingOf('ZKPUSH_METRICS_LISTEN').name;
  const listenText = read.raw(listenName);
  const listen = listenText === undefined ? undefined : parseListenAddress(listenText);
  if (listenText !== undefined && listen === undefined) {
    read.fail(`${listenName} must be host:port or [ipv6]:port, e.g. 127.0.0.1:9464 (got "${listenText}")`);
  }
  // The table's default is `false` (settings.test.ts checks that it and this agree).
  const on = read.boolean(settingOf('ZKPUSH_METRICS').name, false);
  return Object.freeze({
    enabled: on || token !== undefined || listen !== undefined,
    token,
    listen: listen === undefined ? undefined : Object.freeze(listen),
  });
}
