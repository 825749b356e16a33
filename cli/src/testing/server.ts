/**
 * The real API server (api/src/server.ts `startServer`) for CLI tests: SQLite in a temp directory,
 * a loopback port the OS picks, no web build (pages would answer 503; the CLI never asks for them).
 * `webPush`/`webOpen` (and their passphrase forms, and `webPushFiles`/`webOpenFiles` for file
 * pushes) do what the web app does with the same shared code, for cross-compat tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, type ApiClient, type ApiResult } from '@zkpush/shared/api-client';
import { formatLink, parseLink } from '@zkpush/shared/link';
import { KDF_FLOOR, newKdfParams, type KdfCost } from '@zkpush/shared/kdf-params';
import { derivePassKey } from '@zkpush/shared/passphrase';
import { keyProofFor, openPush, proofsFor, sealText, sealTextWithPassKey } from '@zkpush/shared/push';
import { parseConfig } from '@zkpush/api/config';
import { startServer } from '@zkpush/api/server';

export interface TestServer {
  /** Origin, e.g. http://127.0.0.1:41234. */
  url: string;
  /** The shared client the web app uses, for cross-checks. */
  client: ApiClient;
  /** ZKPUSH_DATA_DIR: file pushes keep their blobs in blobs/<id>/<index> under it. */
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'zkpush-cli-'));
  const dataDir = join(dir, 'data');
  const parsed = parseConfig({
    ZKPUSH_HOST: '127.0.0.1',
    ZKPUSH_PORT: '0',
    ZKPUSH_DATA_DIR: dataDir,
    ZKPUSH_WEB_DIR: join(dir, 'no-web-build'),
    ...env,
  });
  if (parsed.kind !== 'ok') throw new Error(`test config invalid: ${parsed.errors.join('; ')}`);
  const server = await startServer({ config: parsed.config });
  return {
    url: server.url,
    client: createApiClient({ baseUrl: server.url }),
    dataDir,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Narrows an ApiResult to its value or fails the test with the whole result. */
export function ok<T>(result: ApiResult<T>): T {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

/** What the web app does on its create page: seal in "the browser", create, format the link. */
export async function webPush(server: TestServer, text: string, options: { views?: number } = {}) {
  const sealed = sealText(text);
  const created = ok(await server.client.create({ ...sealed.request, ...options }));
  return { link: formatLink(server.url, created.id, sealed.linkKey), ...created };
}

/** What the web app does on its reveal page: parse the link, reveal with keyProof, open. */
export async function webOpen(server: TestServer, link: string): Promise<string> {
  const parsed = parseLink(link);
  if (parsed.kind !== 'ok') throw new Error(parsed.message);
  const revealed = ok(await server.client.reveal(parsed.id, { keyProof: keyProofFor(parsed.linkKey) }));
  const opened = openPush(parsed.linkKey, revealed.envelope);
  if (opened.kind !== 'ok') throw new Error(`cannot open: ${opened.kind}`);
  if (opened.payload.kind !== 'text') throw new Error('expected a text push');
  return opened.payload.text;
}

/**
 * A passphrase push the way the web app's create page makes one: its worker derives P with
 * derivePassKey, the page seals with sealTextWithPassKey (fresh K) and sends the passphrase lock.
 */
export async function webPushLocked(
  server: TestServer,
  text: string,
  passphrase: string,
  options: { views?: number; cost?: KdfCost } = {},
) {
  const kdf = newKdfParams(options.cost ?? KDF_FLOOR);
  const derived = await derivePassKey(passphrase, kdf);
  if (derived.kind !== 'ok') throw new Error(derived.message);
  const sealed = sealTextWithPassKey(text, derived.passKey, kdf);
  const views = options.views === undefined ? {} : { views: options.views };
  const created = ok(await server.client.create({ ...sealed.request, ...views }));
  return { link: formatLink(server.url, created.id, sealed.linkKey), ...created };
}

/** The web app's reveal page for a passphrase push: metadata, P in its worker, both proofs, openPush with P. */
export async function webOpenLocked(server: TestServer, link: string, passphrase: string): Promise<string> {
  const parsed = parseLink(link);
  if (parsed.kind !== 'ok') throw new Error(parsed.message);
  const lock = ok(await server.client.meta(parsed.id)).passphrase;
  if (lock === null) throw new Error('expected a passphrase push');
  const derived = await derivePassKey(passphrase, lock.kdf);
  if (derived.kind !== 'ok') throw new Error(derived.message);
  const revealed = ok(await server.client.reveal(parsed.id, proofsFor(parsed.linkKey, derived.passKey)));
  const opened = openPush(parsed.linkKey, revealed.envelope, derived.passKey);
  if (opened.kind !== 'ok') throw new Error(`cannot open: ${opened.kind}`);
  if (opened.payload.kind !== 'text') throw new Error('expected a text push');
  return opened.payload.text;
}

/** The id and key of a link, for assertions. */
export const LINK_PATTERN = /^http:\/\/127\.0\.0\.1:\d+\/s\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/;
