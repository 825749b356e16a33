/**
 * Typed readers for `ZKPUSH_*` environment variables. Each reader records a message that names the
 * variable, the accepted form and the offending value, then returns the default so parsing can go on
 * and report every bad variable at once instead of one per restart.
 */
import { isIP } from 'node:net';
import { parseDuration } from '@zkpush/shared/expiry';
import type { Rate } from '../rate-limit/token-bucket.ts';

export type Env = Readonly<Record<string, string | undefined>>;
type Bounds = Readonly<{ min: number; max: number }>;

export interface EnvReader {
  readonly errors: string[];
  /** The trimmed value, or undefined when unset or blank (blank counts as unset, as in .env files). */
  raw(name: string): string | undefined;
  integer(name: string, fallback: number, bounds: Bounds): number;
  /** A byte size: bare bytes or a number with KiB, MiB, GiB, TiB (also KB/MB/GB/TB = powers of 1000). */
  bytes(name: string, fallback: string, bounds: Bounds): number;
  /** A duration ("90s", "30m", "24h", "7d", "1h30m" or bare seconds), returned in whole seconds. */
  duration(name: string, fallback: string, bounds: Bounds): number;
  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T;
  /** true/false, also 1/0, yes/no, on/off (case-insensitive). */
  boolean(name: string, fallback: boolean): boolean;
  /** A rate "N/sec", "N/min" or "N/hour" with 1 ≤ N ≤ `maxLimit`. */
  rate(name: string, fallback: string, maxLimit: number): Rate;
  /** A comma-separated list; each item goes through `parse` (undefined = invalid, named in the message). */
  list<T>(name: string, parse: (item: string) => T | undefined, expected: string): T[];
  host(name: string, fallback: string): string;
  origin(name: string): string | undefined;
  fail(message: string): void;
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];
const RATE = /^(\d{1,9}) *\/ *(sec|min|hour)$/i;
const PERIOD_SECONDS: Readonly<Record<string, number>> = { sec: 1, min: 60, hour: 3600 };

/** "30/min" → { limit: 30, periodSeconds: 60 }; undefined if malformed. */
function parseRate(text: string): Rate | undefined {
  const match = RATE.exec(text.trim());
  const period = PERIOD_SECONDS[match?.[2]?.toLowerCase() ?? ''];
  if (match === null || period === undefined) return undefined;
  return { limit: Number(match[1]), periodSeconds: period };
}

const BYTE_SIZE = /^(\d{1,15}(?:\.\d{1,3})?) *([kmgt]i?b|b)?$/i;
const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** "4GiB" → 4294967296, "512 MiB", "1.5GB", "1048576"; undefined if malformed or not a whole byte count. */
function parseByteSize(text: string): number | undefined {
  const match = BYTE_SIZE.exec(text.trim());
  if (match === null) return undefined;
  const unit = UNIT_BYTES[(match[2] ?? 'b').toLowerCase()];
  if (unit === undefined) return undefined;
  const value = Number(match[1]) * unit;
  return Number.isSafeInteger(value) ? value : undefined;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function createEnvReader(env: Env): EnvReader {
  const errors: string[] = [];
  const raw = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const fail = (message: string): void => void errors.push(message);

  return {
    errors,
    raw,
    fail,
    integer(name, fallback, { min, max }) {
      const text = raw(name);
      if (text === undefined) return fallback;
      const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
      if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
      fail(`${name} must be an integer between ${min} and ${max} (got "${text}")`);
      return fallback;
    },
    bytes(name, fallback, { min, max }) {
      const text = raw(name) ?? fallback;
      const value = parseByteSize(text);
      if (value !== undefined && value >= min && value <= max) return value;
      fail(`${name} must be a size between ${min} and ${max} bytes, such as 512MiB or 4GiB (got "${text}")`);
      return parseByteSize(fallback) ?? min;
    },
    duration(name, fallback, { min, max }) {
      const text = raw(name) ?? fallback;
      const parsed = parseDuration(text);
      if (parsed.kind === 'invalid') {
        fail(`${name} must be a duration such as 90s, 30m, 24h or 7d (got "${text}")`);
      } else if (parsed.seconds < min || parsed.seconds > max) {
        fail(`${name} must be between ${min} and ${max} seconds (got "${text}" = ${parsed.seconds}s)`);
      } else {
        return parsed.seconds;
      }
      const usable = parseDuration(fallback);
      return usable.kind === 'ok' ? usable.seconds : 0;
    },
    oneOf(name, fallback, allowed) {
      const text = raw(name);
      if (text === undefined) return fallback;
      const match = allowed.find((candidate) => candidate === text.toLowerCase());
      if (match !== undefined) return match;
      fail(`${name} must be one of ${allowed.join(', ')} (got "${text}")`);
      return fallback;
    },
    boolean(name, fallback) {
      const text = raw(name);
      if (text === undefined) return fallback;
      if (TRUE.includes(text.toLowerCase())) return true;
      if (FALSE.includes(text.toLowerCase())) return false;
      fail(`${name} must be true or false (got "${text}")`);
      return fallback;
    },
    rate(name, fallback, maxLimit) {
      const text = raw(name) ?? fallback;
      const rate = parseRate(text);
      if (rate !== undefined && rate.limit >= 1 && rate.limit <= maxLimit) return rate;
      fail(
        `${name} must be a rate N/sec, N/min or N/hour with N between 1 and ${maxLimit}, e.g. 30/min (got "${text}")`,
      );
      return parseRate(fallback) ?? { limit: 1, periodSeconds: 1 };
    },
    list(name, parse, expected) {
      const text = raw(name);
      if (text === undefined) return [];
      const items = text.split(',').map((item) => item.trim());
      const parsed = items.map((item) => (item === '' ? undefined : parse(item)));
      const bad = items.filter((_, i) => parsed[i] === undefined);
      if (bad.length > 0) {
        fail(`${name} must be a comma-separated list of ${expected} (bad: ${bad.map((b) => `"${b}"`).join(', ')})`);
        return [];
      }
      return parsed.filter((item) => item !== undefined);
    },
    host(name, fallback) {
      const text = raw(name) ?? fallback;
      if (isIP(text) !== 0 || HOSTNAME.test(text)) return text;
      fail(`${name} must be an IP address or host name such as 127.0.0.1, ::1 or localhost (got "${text}")`);
      return fallback;
    },
    origin(name) {
      const text = raw(name);
      if (text === undefined) return undefined;
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      const plain =
        url !== undefined &&
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        url.username === '' &&
        url.password === '' &&
        url.pathname === '/' &&
        url.search === '' &&
        url.hash === '';
      if (url !== undefined && plain) return url.origin;
      fail(
        `${name} must be an http(s) origin without path, query or credentials, e.g. https://push.example.com (got "${text}")`,
      );
      return undefined;
    },
  };
}
