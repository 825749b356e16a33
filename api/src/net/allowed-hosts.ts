/**
 * Which `Host` a request may name (ZKPUSH_ALLOWED_HOSTS, issue 10 §7). A DNS-rebinding page makes the
 * browser send requests to this server under the attacker's own host name — the browser then treats
 * the server as same-origin with the attacker's page — so a server that answers only the names it
 * knows cannot be driven that way.
 *
 * Always accepted, whatever the setting: IP-address hosts (`127.0.0.1:8080`, `[::1]`) and `localhost`.
 * No rebinding page can be served under them: a page whose origin is an address or `localhost` is on
 * that machine already. So `zkpush serve` on loopback keeps answering `127.0.0.1:PORT` and
 * `localhost:PORT`, and a LAN or container user reaching the server by its address keeps working.
 *
 * Every other name must be listed: by default the host of ZKPUSH_PUBLIC_URL and ZKPUSH_HOST when it is
 * a name; an explicit ZKPUSH_ALLOWED_HOSTS replaces those. An entry without a port matches any port;
 * `*` turns the check off (for a proxy that already refuses unknown hosts, or many names).
 */
import { isIP } from 'node:net';

export type AllowedHost = Readonly<{ name: string; port: number | undefined }>;
export type AllowedHosts = Readonly<{ any: boolean; hosts: readonly AllowedHost[] }>;

// Labels of letters, digits, `-` and `_`: DNS names never hold `_`, but container and Compose service
// names (`my_app`) do, and a server reached by one must be able to list it.
const NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** `push.example.org` or `push.example.org:8443`, as a Host header names them; undefined if malformed. */
export function parseAllowedHost(text: string): AllowedHost | '*' | undefined {
  if (text === '*') return '*';
  const match = /^([^:]+?)\.?(?::(\d{1,5}))?$/.exec(text.trim().toLowerCase());
  const name = match?.[1] ?? '';
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!NAME.test(name) || isIP(name) !== 0) return undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { name, port };
}

/** The setting's value: `*` anywhere means any host. */
export function allowedHosts(entries: readonly (AllowedHost | '*')[]): AllowedHosts {
  const any = entries.includes('*');
  const hosts = entries.filter((entry) => entry !== '*').map((entry) => Object.freeze({ ...entry }));
  return Object.freeze({ any, hosts: Object.freeze(hosts) });
}

/** The default: the public URL's host name and the listen host, when they are names. */
export function defaultAllowedHosts(publicUrl: string | undefined, listenHost: string): AllowedHosts {
  const names = [publicUrl === undefined ? undefined : new URL(publicUrl).hostname, listenHost];
  const entries = names.flatMap((name) => {
    const parsed = name === undefined ? undefined : parseAllowedHost(name);
    return parsed === undefined || parsed === '*' || parsed.name === 'localhost' ? [] : [parsed];
  });
  return allowedHosts(entries);
}

/** Splits a Host value into its name (lower case, brackets kept for IPv6) and port. */
function splitHost(host: string): { name: string; port: number | undefined } {
  const text = host.trim().toLowerCase();
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(text);
  if (match === null) return { name: text, port: undefined };
  const name = (match[1] ?? '').replace(/\.$/, '');
  return { name, port: match[2] === undefined ? undefined : Number(match[2]) };
}

/** Whether a request naming `host` (its Host header) may be answered. */
export function isAllowedHost(host: string, allowed: AllowedHosts): boolean {
  if (allowed.any) return true;
  const { name, port } = splitHost(host);
  if (name === 'localhost') return true;
  if (isIP(name) !== 0 || (name.startsWith('[') && isIP(name.slice(1, -1)) === 6)) return true;
  return allowed.hosts.some((entry) => entry.name === name && (entry.port === undefined || entry.port === port));
}
