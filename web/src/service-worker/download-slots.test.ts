import { describe, expect, it } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { PULL_WINDOW, type DownloadJob, type FromSlot } from '#lib/download-bridge/download-protocol.ts';
import { createDownloadSlots, SLOT_TTL_MS, type PortLike } from './download-slots.ts';
import { PAGE_SILENCE_MS } from './page-stream.ts';

const ORIGIN = 'https://zk.example';

class FakePort implements PortLike {
  readonly got: FromSlot[] = [];
  closed = false;
  private readonly listeners = new Map<string, ((e: MessageEvent<unknown>) => void)[]>();
  postMessage(m: FromSlot): void {
    this.got.push(m);
  }
  addEventListener(type: string, l: (e: MessageEvent<unknown>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  start(): void {}
  close(): void {
    this.closed = true;
  }
  send(data: unknown): void {
    for (const l of this.listeners.get('message') ?? []) l(new MessageEvent('message', { data }));
  }
  vanish(): void {
    for (const l of this.listeners.get('close') ?? []) l(new MessageEvent('close'));
  }
}

function setup() {
  const timers: { ms: number; run: () => void }[] = [];
  let n = 0;
  const slots = createDownloadSlots({
    newSlotId: () => toBase64url(new Uint8Array(16).fill(++n)),
    schedule: (ms, run) => {
      timers.push({ ms, run });
      return () => undefined;
    },
  });
  return { slots, timers };
}

const JOB: DownloadJob = { size: 6, name: '../q3 plan ✓.pdf' };

function prepare(slots: ReturnType<typeof setup>['slots'], job: DownloadJob = JOB) {
  const port = new FakePort();
  slots.onMessage({ type: 'prepare', job }, [port]);
  const ready = port.got[0];
  if (ready?.type !== 'ready') throw new Error('not ready');
  return { port, url: ORIGIN + ready.url };
}

describe('download slots', () => {
  it('streams what the page sends as an attachment, once, closed only after `done`', async () => {
    const { slots } = setup();
    const { port, url } = prepare(slots);
    const handled = slots.onFetch({ method: 'GET', url }, ORIGIN)!;
    expect(handled.response.headers.get('content-disposition')).toBe(
      `attachment; filename="_q3 plan _.pdf"; filename*=UTF-8''_q3%20plan%20%E2%9C%93.pdf`,
    );
    expect(handled.response.headers.get('content-length')).toBe('6');
    expect(handled.response.headers.get('cache-control')).toBe('no-store');
    expect(port.got.slice(1)).toEqual([{ type: 'started' }, { type: 'pull', chunks: PULL_WINDOW }]);
    port.send({ type: 'chunk', bytes: new Uint8Array([1, 2, 3]) });
    port.send({ type: 'chunk', bytes: new Uint8Array([4, 5, 6]) });
    port.send({ type: 'done' });
    expect([...new Uint8Array(await handled.response.arrayBuffer())]).toEqual([1, 2, 3, 4, 5, 6]);
    await handled.done;
    expect(port.got.at(-1)).toEqual({ type: 'finished', kind: 'ok' });
    expect(port.closed).toBe(true);
    // One-shot: the same URL now answers 404, and the slot is gone.
    expect(slots.onFetch({ method: 'GET', url }, ORIGIN)!.response.status).toBe(404);
    expect(slots.pending).toBe(0);
  });

  it('errors the body when the page reports failure, sends nonsense, or goes away', async () => {
    const { slots, timers } = setup();
    for (const end of [
      (p: FakePort) => p.send({ type: 'failed' }),
      (p: FakePort) => p.send({ type: 'chunk', bytes: 'not bytes' }),
      (p: FakePort) => p.vanish(),
      () =>
        timers
          .filter((t) => t.ms === PAGE_SILENCE_MS)
          .at(-1)!
          .run(),
    ]) {
      const { port, url } = prepare(slots);
      const handled = slots.onFetch({ method: 'GET', url }, ORIGIN)!;
      port.send({ type: 'chunk', bytes: new Uint8Array([1, 2, 3, 4, 5, 6]) });
      end(port);
      await expect(handled.response.arrayBuffer()).rejects.toThrow();
      await handled.done;
      expect(port.got.at(-1)).toMatchObject({ type: 'finished', kind: 'error' });
      expect(port.closed).toBe(true);
    }
  });

  it('leaves every other request alone', () => {
    const { slots } = setup();
    expect(slots.onFetch({ method: 'GET', url: `${ORIGIN}/api/v1/config` }, ORIGIN)).toBeUndefined();
    expect(slots.onFetch({ method: 'GET', url: `${ORIGIN}/s/AAAAAAAAAAAAAAAAAAAAAA` }, ORIGIN)).toBeUndefined();
    expect(
      slots.onFetch({ method: 'GET', url: `https://other.example/_app/zkpush-download/x` }, ORIGIN),
    ).toBeUndefined();
  });

  it('drops an unopened slot after its time, or when the page cancels it or goes away', () => {
    const s = setup();
    const a = prepare(s.slots);
    expect(s.timers[0]!.ms).toBe(SLOT_TTL_MS);
    s.timers[0]!.run();
    expect(a.port.got.at(-1)).toEqual({ type: 'finished', kind: 'expired' });
    const b = prepare(s.slots);
    b.port.send({ type: 'cancel' });
    expect(b.port.got.at(-1)).toEqual({ type: 'finished', kind: 'cancelled' });
    expect(s.slots.onFetch({ method: 'GET', url: b.url }, ORIGIN)!.response.status).toBe(404);
    const c = prepare(s.slots);
    c.port.vanish();
    expect(s.slots.pending).toBe(0);
  });

  it('ignores malformed messages, and jobs carrying more than a size and a name', () => {
    const { slots } = setup();
    const port = new FakePort();
    slots.onMessage({ type: 'prepare', job: { id: 'AAAAAAAAAAAAAAAAAAAAAA' } }, [port]);
    slots.onMessage({ type: 'prepare', job: { ...JOB, fileKey: new Uint8Array(32) } }, [port]);
    slots.onMessage('hello', [port]);
    expect(port.got).toEqual([]);
    expect(slots.pending).toBe(0);
  });
});
