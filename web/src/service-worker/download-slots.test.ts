import { describe, expect, it } from 'vitest';
import type { ApiResult, Download } from '@zkpush/shared/api-client';
import { toBase64url } from '@zkpush/shared/base64url';
import { plaintextChunks } from '@zkpush/shared/file-chunker';
import { sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import type { DownloadJob, FromSlot } from '#lib/download-protocol.ts';
import { createDownloadSlots, SLOT_TTL_MS, type PortLike } from './download-slots.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const TOKEN = 'D'.repeat(42) + 'A';
const ORIGIN = 'https://zk.example';

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

class FakePort implements PortLike {
  readonly got: FromSlot[] = [];
  closed = false;
  private listener: ((e: MessageEvent<unknown>) => void) | undefined;
  postMessage(m: FromSlot): void {
    this.got.push(m);
  }
  addEventListener(_type: 'message', l: (e: MessageEvent<unknown>) => void): void {
    this.listener = l;
  }
  start(): void {}
  close(): void {
    this.closed = true;
  }
  send(data: unknown): void {
    this.listener?.(new MessageEvent('message', { data }));
  }
}

async function sealed(size: number) {
  const bytes = new Uint8Array(size).map((_, i) => (i * 5) % 251);
  const { plans } = sealFiles([{ name: 'f', type: '', size }]);
  const plan = plans[0]!;
  const parts: Uint8Array[] = [];
  async function* one(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  for await (const c of plaintextChunks(one(), size, plan.layout))
    parts.push(sealChunk(plan.keys, plan.layout, c.index, c.plaintext));
  const blob = concat(parts);
  const job: DownloadJob = {
    id: ID,
    file: 0,
    token: TOKEN,
    size,
    fileKey: new Uint8Array(plan.keys.fileKey),
    noncePrefix: new Uint8Array(plan.keys.noncePrefix),
    name: '../q3 plan ✓.pdf',
  };
  return { bytes, blob, job };
}

function setup(blob: Uint8Array<ArrayBuffer>) {
  const timers: (() => void)[] = [];
  let n = 0;
  const downloads: number[] = [];
  const slots = createDownloadSlots({
    api: {
      async download(id, file, token, offset = 0): Promise<ApiResult<Download>> {
        downloads.push(offset);
        const body = new Blob([blob.subarray(offset)]).stream();
        return { kind: 'ok', value: { body, start: offset, length: blob.length - offset } };
      },
    },
    newSlotId: () => toBase64url(new Uint8Array(16).fill(++n)),
    schedule: (ms, run) => {
      expect(ms).toBe(SLOT_TTL_MS);
      timers.push(run);
      return () => undefined;
    },
  });
  return { slots, timers, downloads };
}

function prepare(slots: ReturnType<typeof setup>['slots'], job: DownloadJob): { port: FakePort; url: string } {
  const port = new FakePort();
  slots.onMessage({ type: 'prepare', job }, [port]);
  const ready = port.got[0];
  if (ready?.type !== 'ready') throw new Error('not ready');
  return { port, url: ORIGIN + ready.url };
}

describe('download slots', () => {
  it('streams the verified file as an attachment, once, and drops the keys', async () => {
    const f = await sealed(2_500_000);
    const { slots } = setup(f.blob);
    const { port, url } = prepare(slots, f.job);
    expect(url).not.toContain(TOKEN);
    const handled = slots.onFetch({ method: 'GET', url }, ORIGIN)!;
    expect(handled.response.headers.get('content-disposition')).toBe(
      `attachment; filename="_q3 plan _.pdf"; filename*=UTF-8''_q3%20plan%20%E2%9C%93.pdf`,
    );
    expect(handled.response.headers.get('content-length')).toBe('2500000');
    expect(handled.response.headers.get('cache-control')).toBe('no-store');
    const body = new Uint8Array(await handled.response.arrayBuffer());
    await handled.done;
    expect(same(body, f.bytes)).toBe(true);
    expect(port.got.at(-1)).toEqual({ type: 'finished', kind: 'ok' });
    expect(port.got.filter((m) => m.type === 'progress').at(-1)).toEqual({ type: 'progress', bytes: 2_500_000 });
    expect(f.job.fileKey.every((b) => b === 0)).toBe(true);
    expect(port.closed).toBe(true);
    // One-shot: the same URL now answers 404, and the slot is gone.
    expect(slots.onFetch({ method: 'GET', url }, ORIGIN)!.response.status).toBe(404);
    expect(slots.pending).toBe(0);
  });

  it('errors the body of a damaged file, so the browser never sees it complete', async () => {
    const f = await sealed(1_200_000);
    const damaged = f.blob.slice();
    damaged[1_048_576 + 16 + 7]! ^= 1;
    const { slots } = setup(damaged);
    const { port, url } = prepare(slots, f.job);
    const handled = slots.onFetch({ method: 'GET', url }, ORIGIN)!;
    await expect(handled.response.arrayBuffer()).rejects.toThrow();
    await handled.done;
    expect(port.got.at(-1)).toEqual({ type: 'finished', kind: 'corrupt', detail: 'auth_failed' });
  });

  it('leaves every other request alone', async () => {
    const { slots } = setup(new Uint8Array(0));
    expect(slots.onFetch({ method: 'GET', url: `${ORIGIN}/api/v1/config` }, ORIGIN)).toBeUndefined();
    expect(slots.onFetch({ method: 'GET', url: `${ORIGIN}/s/${ID}` }, ORIGIN)).toBeUndefined();
    expect(
      slots.onFetch({ method: 'GET', url: `https://other.example/_app/zkpush-download/x` }, ORIGIN),
    ).toBeUndefined();
  });

  it('drops an unopened slot after its time, or when the page cancels it', async () => {
    const f = await sealed(10);
    const s = setup(f.blob);
    const a = prepare(s.slots, f.job);
    s.timers[0]!();
    expect(a.port.got.at(-1)).toEqual({ type: 'finished', kind: 'expired' });
    expect(f.job.fileKey.every((b) => b === 0)).toBe(true);
    const g = await sealed(10);
    const b = prepare(s.slots, g.job);
    b.port.send({ type: 'cancel' });
    expect(b.port.got.at(-1)).toEqual({ type: 'finished', kind: 'cancelled' });
    expect(s.slots.onFetch({ method: 'GET', url: b.url }, ORIGIN)!.response.status).toBe(404);
    expect(s.downloads).toEqual([]);
  });

  it('ignores malformed messages', () => {
    const { slots } = setup(new Uint8Array(0));
    const port = new FakePort();
    slots.onMessage({ type: 'prepare', job: { id: ID } }, [port]);
    slots.onMessage('hello', [port]);
    expect(port.got).toEqual([]);
    expect(slots.pending).toBe(0);
  });
});
