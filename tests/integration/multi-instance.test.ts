/**
 * Issue 14 §2, for real: three zkpush processes on one PostgreSQL database and one shared blob
 * directory, behind Caddy load-balancing round robin with health checks on /readyz
 * (tests/support/cluster.ts). Everything goes through Caddy, as clients would; the X-Zkpush-Upstream
 * header Caddy adds says which instance answered. The promises checked are the ones that must hold
 * across instances: a 1-view push is revealed once, passphrase attempts are counted exactly, and
 * SIGKILLing an instance loses nothing that was acknowledged and serves nothing twice.
 *
 * Needs PostgreSQL (127.0.0.1:5432, or ZKPUSH_TEST_POSTGRES_URL) and /usr/bin/caddy: without either the
 * file is skipped with a message saying which is missing.
 */
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomBytes } from '@zkpush/shared/crypto';
import { createFileOpener } from '@zkpush/shared/file-opener';
import { plaintextChunks } from '@zkpush/shared/file-chunker';
import { sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import { newKdfParams } from '@zkpush/shared/kdf-params';
import { keyProofFor, openPush, proofsFor, sealText, sealTextWithPassKey } from '@zkpush/shared/push';
import { CreateSecretResponse, ErrorBody, RevealResponse, UploadStatus } from '@zkpush/shared/schemas';
import { FILE_CHUNK_BYTES } from '@zkpush/shared/wire-constants';
import { endAll } from 'zkpush/testing/spawn';
import { clusterUnavailable, startCluster, UPSTREAM_HEADER, type Cluster } from '../support/cluster.ts';

const PASSPHRASE_ATTEMPTS = 5;
const ENV = {
  ZKPUSH_RATE_CREATE: '100000/min',
  ZKPUSH_RATE_META: '100000/min',
  ZKPUSH_RATE_REVEAL: '100000/min',
  ZKPUSH_RATE_FAILURES: '100000/min',
  ZKPUSH_PASSPHRASE_ATTEMPTS: String(PASSPHRASE_ATTEMPTS),
};

const unavailable = await clusterUnavailable();
if (unavailable !== undefined) console.warn(`SKIPPED: multi-instance tests (PostgreSQL + Caddy): ${unavailable}.`);

let cluster: Cluster | undefined;
beforeAll(async () => {
  if (unavailable === undefined) cluster = await startCluster(3, ENV);
}, 180_000);
afterAll(async () => {
  await cluster?.stop();
  endAll();
}, 120_000);

function api(path: string): string {
  return `${cluster!.origin}/api/v1/secrets${path}`;
}

type Answer = { status: number; upstream: string | null; body: unknown };

/** One request through Caddy; a request the network refused comes back as status 0. */
async function call(method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  try {
    const res = await fetch(api(path), {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    return {
      status: res.status,
      upstream: res.headers.get(UPSTREAM_HEADER),
      body: text === '' ? null : JSON.parse(text),
    };
  } catch {
    return { status: 0, upstream: null, body: null };
  }
}

async function createText(text: string, views = 1) {
  const sealed = sealText(text);
  const created = await call('POST', '', { ...sealed.request, views });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  return { ...v.parse(CreateSecretResponse, created.body), linkKey: sealed.linkKey, upstream: created.upstream };
}

const reveal = (id: string, linkKey: Uint8Array) => call('POST', `/${id}/reveal`, { keyProof: keyProofFor(linkKey) });

describe.skipIf(unavailable !== undefined)('three instances on PostgreSQL behind Caddy', () => {
  test('a push created on one instance is revealed on another', async () => {
    const push = await createText('across instances');
    // Round robin: the next request goes to the next instance; asserted, not assumed.
    const revealed = await reveal(push.id, push.linkKey);
    expect(revealed.status).toBe(200);
    expect(push.upstream).not.toBeNull();
    expect(revealed.upstream).not.toBeNull();
    expect(revealed.upstream).not.toBe(push.upstream);
    const opened = openPush(push.linkKey, v.parse(RevealResponse, revealed.body).envelope);
    expect(opened).toEqual({ kind: 'ok', payload: { v: 1, kind: 'text', text: 'across instances' } });
  });

  test('50 concurrent reveals of a 1-view push over the three instances: exactly one 200', async () => {
    const push = await createText('only once');
    const answers = await Promise.all(Array.from({ length: 50 }, () => reveal(push.id, push.linkKey)));
    expect(new Set(answers.map((a) => a.upstream))).toEqual(new Set(cluster!.upstreams));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.map((a) => [a.status, v.parse(ErrorBody, a.body).error.code])).toEqual(
      Array<[number, string]>(49).fill([410, 'gone']),
    );
  });

  test('40 concurrent wrong passphrases: exactly the configured number judged, then locked', async () => {
    const linkKey = randomBytes(32);
    const passKey = randomBytes(32);
    const sealed = sealTextWithPassKey('guarded', passKey, newKdfParams());
    const created = await call('POST', '', { ...sealed.request, views: 3 });
    expect(created.status).toBe(201);
    const { id } = v.parse(CreateSecretResponse, created.body);
    const { keyProof } = proofsFor(sealed.linkKey, passKey);
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        call('POST', `/${id}/reveal`, { keyProof, passProof: proofsFor(linkKey, randomBytes(32)).passProof }),
      ),
    );
    expect(new Set(answers.map((a) => a.upstream))).toEqual(new Set(cluster!.upstreams));
    const errors = answers.map((a) => ({ status: a.status, error: v.parse(ErrorBody, a.body).error }));
    const judged = errors.filter((e) => e.error.code === 'wrong_passphrase');
    // Each judged attempt saw its own count (attempts-1 … 0): none counted twice, none skipped.
    expect(judged.map((e) => e.error.attemptsLeft).sort((a, b) => Number(b) - Number(a))).toEqual(
      Array.from({ length: PASSPHRASE_ATTEMPTS }, (_, i) => PASSPHRASE_ATTEMPTS - 1 - i),
    );
    expect(errors.filter((e) => e.error.code !== 'wrong_passphrase').map((e) => [e.status, e.error.code])).toEqual(
      Array<[number, string]>(40 - PASSPHRASE_ATTEMPTS).fill([410, 'gone']),
    );
    // Locked: even the right passphrase is refused now.
    expect((await call('POST', `/${id}/reveal`, proofsFor(sealed.linkKey, passKey))).status).toBe(410);
  });

  test('a multi-file upload spread over the instances, resumed after one is SIGKILLed, downloads intact', async () => {
    const c = cluster!;
    const files = [patternBytes(2 * FILE_CHUNK_BYTES + 1234, 1), patternBytes(FILE_CHUNK_BYTES + 99, 2)];
    const sealed = sealFiles(
      files.map((bytes, i) => ({ name: `f${i}.bin`, type: 'application/octet-stream', size: bytes.length })),
    );
    const created = await call('POST', '', sealed.request);
    expect(created.status).toBe(201);
    const push = v.parse(CreateSecretResponse, created.body);
    const uploadToken = push.upload!.token;
    const chunks: Uint8Array[][] = [];
    for (const [i, plan] of sealed.plans.entries()) {
      const sealedChunks: Uint8Array[] = [];
      for await (const { index, plaintext } of plaintextChunks(once(files[i]!), files[i]!.length, plan.layout)) {
        sealedChunks.push(sealChunk(plan.keys, plan.layout, index, plaintext));
      }
      chunks.push(sealedChunks);
    }
    const put = async (file: number, chunk: number) => {
      const res = await fetch(api(`/${push.id}/files/${file}/chunks/${chunk}`), {
        method: 'PUT',
        headers: { authorization: `Bearer ${uploadToken}`, 'content-type': 'application/octet-stream' },
        body: chunks[file]![chunk]!,
      });
      await res.arrayBuffer();
      return { status: res.status, upstream: res.headers.get(UPSTREAM_HEADER) };
    };

    // The first three chunks, one after the other: round robin puts them on three instances.
    const first = [await put(0, 0), await put(0, 1), await put(1, 0)];
    expect(first.map((r) => r.status)).toEqual([204, 204, 204]);
    expect(new Set(first.map((r) => r.upstream)).size).toBeGreaterThan(1);

    // One instance dies; the sender asks what arrived (any instance knows) and sends the rest.
    await c.kill(2);
    const status = await call('GET', `/${push.id}/upload`, undefined, uploadToken);
    expect(status.status).toBe(200);
    const received = v.parse(UploadStatus, status.body).files.map((f) => f.received);
    // Ranges are [start, end): chunks 0–1 of file 0 and chunk 0 of file 1.
    expect(received).toEqual([[[0, 2]], [[0, 1]]]);
    const rest = [await put(0, 2), await put(1, 1)];
    expect(rest.map((r) => r.status)).toEqual([204, 204]);
    expect(rest.every((r) => r.upstream !== c.upstreams[2])).toBe(true);
    expect((await call('POST', `/${push.id}/upload/finalize`, undefined, uploadToken)).status).toBe(204);

    const revealed = await call('POST', `/${push.id}/reveal`, { keyProof: keyProofFor(sealed.linkKey) });
    expect(revealed.status).toBe(200);
    const downloadToken = v.parse(RevealResponse, revealed.body).download!.token;
    for (const [i, plan] of sealed.plans.entries()) {
      const res = await fetch(api(`/${push.id}/files/${i}`), { headers: { authorization: `Bearer ${downloadToken}` } });
      expect(res.status).toBe(200);
      const opener = createFileOpener(plan.keys, plan.entry.size, plan.layout);
      const step = opener.push(new Uint8Array(await res.arrayBuffer()));
      if (step.kind !== 'ok') throw new Error(`file ${i} does not verify: ${JSON.stringify(step)}`);
      expect(opener.finish().kind).toBe('ok');
      expect(Buffer.concat(step.plaintext).equals(Buffer.from(files[i]!))).toBe(true);
    }

    await c.restart(2);
  });

  test('SIGKILL one instance during a mixed load: nothing served twice, nothing acknowledged lost', async () => {
    const c = cluster!;
    type Tracked = { id: string; linkKey: Uint8Array; served: number; uncertain: boolean };
    const acknowledged: Tracked[] = [];
    const servedAfterKill = new Set<string>();
    let killed = false;
    let failures = 0;
    const failureStatuses: string[] = [];
    const WORKERS = 6;
    const ROUNDS = 15;

    const worker = async (w: number): Promise<void> => {
      for (let round = 0; round < ROUNDS; round++) {
        if (w === 0 && round === 5) {
          await c.kill(1);
          killed = true;
        }
        const sealed = sealText(`load ${w}/${round}`);
        const created = await call('POST', '', { ...sealed.request, views: 1 });
        if (created.status !== 201) {
          failureStatuses.push(`${created.status} ${created.upstream} ${JSON.stringify(created.body)}`);
          failures++; // Lost in flight: never acknowledged, so nothing is owed.
          continue;
        }
        if (killed && created.upstream !== null) servedAfterKill.add(created.upstream);
        const push: Tracked = {
          id: v.parse(CreateSecretResponse, created.body).id,
          linkKey: sealed.linkKey,
          served: 0,
          uncertain: false,
        };
        acknowledged.push(push);
        // Reveal every other push now; the rest after the load.
        if (round % 2 === 1) continue;
        const revealed = await reveal(push.id, push.linkKey);
        if (revealed.status === 200) push.served++;
        else {
          // A reveal whose answer was lost with the instance may have consumed the push.
          push.uncertain = true;
          failureStatuses.push(`${revealed.status} ${revealed.upstream} ${JSON.stringify(revealed.body)}`);
          failures++;
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

    // Only requests in flight on the killed instance when it died may fail, each a 502 from Caddy (no
    // upstream named), never an error from a live instance.
    expect(failures).toBeLessThanOrEqual(WORKERS);
    expect(failureStatuses).toEqual(Array<string>(failures).fill('502 null null'));
    expect(acknowledged.length).toBeGreaterThanOrEqual(WORKERS * ROUNDS - WORKERS);
    // The two others kept serving.
    expect(servedAfterKill).toEqual(new Set([c.upstreams[0], c.upstreams[2]]));

    for (const push of acknowledged) {
      const again = await reveal(push.id, push.linkKey);
      if (again.status === 200) push.served++;
      else expect([again.status, v.parse(ErrorBody, again.body).error.code]).toEqual([410, 'gone']);
      // Served at most once; and exactly once unless an answer was lost with the killed instance.
      if (push.uncertain) expect(push.served).toBeLessThanOrEqual(1);
      else expect(push.served).toBe(1);
    }
    await c.restart(1);
  });
});

function patternBytes(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
