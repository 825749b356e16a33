import { describe, expect, it } from 'vitest';
import type { ApiResult } from '@zkpush/shared/api-client';
import { sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import { KDF_FLOOR, newKdfParams } from '@zkpush/shared/kdf-params';
import { formatLink, parseLink } from '@zkpush/shared/link';
import { derivePassKey } from '@zkpush/shared/passphrase';
import { openPush } from '@zkpush/shared/push';
import type { CreateSecretRequest, CreateSecretResponse } from '@zkpush/shared/schemas';
import { uploadFiles, type UploadDeps, type UploadInput } from '@zkpush/shared/upload';
import type { DashboardEntry } from '#lib/dashboard/dashboard-store.ts';
import { createFilesPush, type FilesCreateDeps, type FilesCreateInput } from './files-create-flow.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const OWNER = 'B'.repeat(43);
const UPLOAD = 'U'.repeat(43);
const NOW = new Date('2026-11-21T14:05:00.000Z');

type Hook = (file: number, chunk: number) => ApiResult<null> | undefined;

function harness(options: { create?: ApiResult<CreateSecretResponse>; put?: Hook } = {}) {
  const sent: CreateSecretRequest[] = [];
  const remembered: DashboardEntry[] = [];
  const forgotten: string[] = [];
  const expired: string[] = [];
  const stored = new Set<string>();
  const puts: string[] = [];
  const statusCalls: number[] = [];
  const plansSeen: { fileKey: Uint8Array }[] = [];
  let closed = 0;
  let finalized = false;
  let chunks: number[] = [];
  const deps: FilesCreateDeps = {
    api: {
      create: async (body) => {
        sent.push(body);
        chunks = (body.files ?? []).map((f) => Math.ceil(f.paddedSize / 1_048_576));
        return (
          options.create ?? {
            kind: 'ok',
            value: {
              id: ID,
              ownerToken: OWNER,
              expiresAt: '2026-11-22T14:05:00.000Z',
              views: 1,
              upload: { token: UPLOAD },
            },
          }
        );
      },
      expire: async (id, token) => {
        expect(token).toBe(OWNER);
        expired.push(id);
        return { kind: 'ok', value: null };
      },
      uploadChunk: async (id, file, chunk, sealed, token) => {
        expect(token).toBe(UPLOAD);
        puts.push(`${file}/${chunk}`);
        const hooked = options.put?.(file, chunk);
        if (hooked) return hooked;
        stored.add(`${file}/${chunk}`);
        return { kind: 'ok', value: null };
      },
      uploadStatus: async () => {
        statusCalls.push(stored.size);
        const files = chunks.map((n, f) => {
          const got = Array.from({ length: n }, (_, c) => stored.has(`${f}/${c}`));
          const ranges: [number, number][] = [];
          got.forEach((g, c) => g && ranges.push([c, c + 1]));
          return { chunks: n, received: ranges };
        });
        return { kind: 'ok', value: { files, complete: false, idleExpiresAt: NOW.toISOString() } };
      },
      finalizeUpload: async () => {
        finalized = true;
        return { kind: 'ok', value: null };
      },
      meta: async () => ({ kind: 'error', status: 409, code: 'not_ready', message: 'uploading' }),
    },
    newKdfParams: () => newKdfParams(),
    derivePassKey: async (passphrase, kdf) => derivePassKey(passphrase, kdf),
    sealFiles,
    uploadFiles: (d, i) =>
      uploadFiles(
        { ...d, sleep: async () => undefined },
        { ...i, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } },
      ),
    startSealers: (plans) => {
      plansSeen.push(...plans.map((p) => p.keys));
      return {
        seal: async (file, chunk, plaintext) => sealChunk(plans[file]!.keys, plans[file]!.layout, chunk, plaintext),
        close: () => void closed++,
      };
    },
    formatLink,
    remember: (entry) => {
      remembered.push(entry);
      return { kind: 'ok' };
    },
    forget: (id) => void forgotten.push(id),
    now: () => NOW,
  };
  return {
    deps,
    puts,
    sent,
    remembered,
    forgotten,
    expired,
    stored,
    statusCalls,
    plansSeen,
    closed: () => closed,
    finalized: () => finalized,
  };
}

const files = [
  new File([new Uint8Array(2_000_000).fill(1)], 'quarterly-secret-plan.pdf', { type: 'application/pdf' }),
  new File([], 'empty.txt', { type: 'text/plain' }),
];
const input: FilesCreateInput = {
  files,
  message: 'the plans',
  views: 1,
  expiresIn: 3600,
  maxEnvelopeBytes: 65_536,
  origin: 'https://zk.example',
};

describe('createFilesPush', () => {
  it('declares padded sizes only, uploads every chunk, finalises and hands back the link', async () => {
    const h = harness();
    const outcome = await createFilesPush(h.deps, input);
    expect(outcome).toMatchObject({ kind: 'created', id: ID, files: 2, hasPassphrase: false, remembered: true });
    expect(h.sent[0]!.files).toEqual([{ paddedSize: 2_031_616 }, { paddedSize: 512 }]);
    // Names and the message only inside the envelope: not anywhere in the request or the dashboard.
    for (const text of [JSON.stringify(h.sent), JSON.stringify(h.remembered)]) {
      for (const secret of ['quarterly', 'empty.txt', 'the plans', 'application/pdf'])
        expect(text).not.toContain(secret);
    }
    expect(h.remembered[0]).toMatchObject({ id: ID, ownerToken: OWNER, files: 2 });
    expect(h.stored.size).toBe(3);
    expect(h.finalized()).toBe(true);
    expect(h.closed()).toBe(1);
    // The link opens the manifest; the file keys were wiped after the upload.
    if (outcome.kind !== 'created') return;
    const link = parseLink(outcome.link);
    if (link.kind !== 'ok') throw new Error('bad link');
    const opened = openPush(link.linkKey, h.sent[0]!.envelope);
    expect(opened).toMatchObject({ kind: 'ok', payload: { kind: 'files', message: 'the plans' } });
    expect(h.plansSeen.every((k) => k.fileKey.every((b) => b === 0))).toBe(true);
  });

  it('a cancelled upload expires the push and forgets it', async () => {
    const controller = new AbortController();
    const h = harness({
      put: (file, chunk) => {
        if (chunk === 1) controller.abort();
        return undefined;
      },
    });
    const outcome = await createFilesPush(h.deps, { ...input, signal: controller.signal });
    expect(outcome).toEqual({ kind: 'cancelled', expired: true });
    expect(h.expired).toEqual([ID]);
    expect(h.forgotten).toEqual([ID]);
    expect(h.finalized()).toBe(false);
  });

  it('offers to resume after the connection dropped, and resuming sends only what is missing', async () => {
    let down = true;
    const h = harness({
      put: (file, chunk) => (down && chunk === 1 ? { kind: 'network', message: 'offline' } : undefined),
    });
    const first = await createFilesPush(h.deps, input);
    expect(first.kind).toBe('interrupted');
    if (first.kind !== 'interrupted') return;
    expect(h.expired).toEqual([]);
    down = false;
    const statusBefore = h.statusCalls.length;
    const again = await first.resume();
    expect(again).toMatchObject({ kind: 'created', id: ID });
    expect(h.statusCalls.length).toBe(statusBefore + 1);
    expect(h.puts.filter((p) => p === '0/0')).toHaveLength(1);
    expect(h.puts.filter((p) => p === '1/0')).toHaveLength(1);
    expect(h.finalized()).toBe(true);
  });

  it('a resume shares what the first upload sealed, so a changed file is never re-sealed under a used nonce', async () => {
    let down = true;
    const h = harness({
      put: (file, chunk) => (down && chunk === 1 ? { kind: 'network', message: 'offline' } : undefined),
    });
    const seen: unknown[] = [];
    const upload = h.deps.uploadFiles;
    const deps = {
      ...h.deps,
      uploadFiles: (d: UploadDeps, i: UploadInput) => (seen.push(i.sealedChunks), upload(d, i)),
    };
    const first = await createFilesPush(deps, input);
    if (first.kind !== 'interrupted') throw new Error(`expected interrupted, got ${first.kind}`);
    down = false;
    expect(await first.resume()).toMatchObject({ kind: 'created' });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBeDefined();
    expect(seen[1]).toBe(seen[0]);
  });

  it('explains refusals at create and during the upload, expiring what cannot be finished', async () => {
    const full = harness({
      create: { kind: 'error', status: 507, code: 'insufficient_storage', message: 'disk reserve' },
    });
    expect(await createFilesPush(full.deps, input)).toMatchObject({
      kind: 'problem',
      problem: { message: expect.stringContaining('no space') },
    });
    const owed = harness({
      create: { kind: 'error', status: 429, code: 'rate_limited', message: 'held', limit: 'pending_uploads' },
    });
    expect(await createFilesPush(owed.deps, input)).toMatchObject({
      kind: 'problem',
      problem: { message: expect.stringContaining('Uploads started from your address have not finished'), retry: true },
    });
    const busy = harness({
      create: { kind: 'error', status: 429, code: 'rate_limited', message: 'slow', limit: 'requests', retryAfter: 5 },
    });
    expect(await createFilesPush(busy.deps, input)).toMatchObject({
      kind: 'problem',
      problem: { message: expect.stringContaining('Try again in 5 seconds.') },
    });
    const gone = harness({ put: () => ({ kind: 'error', status: 410, code: 'gone', message: 'gone' }) });
    expect(await createFilesPush(gone.deps, input)).toMatchObject({
      kind: 'problem',
      problem: { message: 'The link was deleted or expired before the upload finished.' },
    });
    expect(gone.expired).toEqual([ID]);
  });

  it('with a passphrase seals under P and says so', async () => {
    const h = harness();
    const outcome = await createFilesPush(
      { ...h.deps, newKdfParams: () => newKdfParams(KDF_FLOOR) },
      { ...input, passphrase: 'long enough passphrase' },
    );
    expect(outcome).toMatchObject({ kind: 'created', hasPassphrase: true });
    expect(h.sent[0]!.passphrase).toBeDefined();
  });
});
