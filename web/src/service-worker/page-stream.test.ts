/**
 * The worker's side of a page-fed download: the credit bounds what the page may send ahead of the
 * download, the body closes only after `done` with exactly the file's bytes, and every way the page
 * can fail or vanish errors it.
 */
import { describe, expect, it } from 'vitest';
import { PULL_WINDOW, type FromSlot } from '#lib/download-bridge/download-protocol.ts';
import { createPageStream, PAGE_SILENCE_MS } from './page-stream.ts';

function setup(size: number) {
  const got: FromSlot[] = [];
  const timers: { ms: number; run: () => void; live: boolean }[] = [];
  const stream = createPageStream(size, {
    post: (m) => got.push(m),
    schedule: (ms, run) => {
      const t = { ms, run, live: true };
      timers.push(t);
      return () => void (t.live = false);
    },
  });
  const credit = () => got.filter((m) => m.type === 'pull').reduce((n, m) => n + (m.type === 'pull' ? m.chunks : 0), 0);
  const chunk = (n: number, fill = 1) => stream.onMessage({ type: 'chunk', bytes: new Uint8Array(n).fill(fill) });
  const silence = () => timers.filter((t) => t.live).forEach((t) => t.run());
  return { got, stream, credit, chunk, silence, timers, reader: stream.readable.getReader() };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createPageStream', () => {
  it('grants a window of chunks, one more per chunk the download takes, and closes after `done`', async () => {
    const s = setup(10);
    expect(s.credit()).toBe(PULL_WINDOW);
    for (let i = 0; i < PULL_WINDOW; i++) s.chunk(2, i);
    // Nothing was read yet: no more credit.
    await tick();
    expect(s.credit()).toBe(PULL_WINDOW);
    expect((await s.reader.read()).value).toEqual(new Uint8Array(2).fill(0));
    expect(s.credit()).toBe(PULL_WINDOW + 1);
    s.chunk(2, 9);
    s.stream.onMessage({ type: 'done' });
    const rest: number[] = [];
    for (let r = await s.reader.read(); !r.done; r = await s.reader.read()) rest.push(...r.value);
    expect(rest).toEqual([1, 1, 2, 2, 3, 3, 9, 9]);
    expect(await s.stream.done).toBe('ok');
    expect(s.got.at(-1)).toEqual({ type: 'finished', kind: 'ok' });
  });

  it('a page that reports failure errors the body — even with every byte sent', async () => {
    const s = setup(4);
    s.chunk(4);
    s.stream.onMessage({ type: 'failed' });
    await expect(s.reader.read()).rejects.toThrow('the page reported a failure');
    expect(await s.stream.done).toBe('error');
  });

  it('a page that goes away, or stops answering, errors the body; keepalives hold it open', async () => {
    const closed = setup(4);
    closed.stream.onClose();
    await expect(closed.reader.read()).rejects.toThrow('the page went away');

    const silent = setup(4);
    expect(silent.timers[0]!.ms).toBe(PAGE_SILENCE_MS);
    silent.stream.onMessage({ type: 'keepalive' });
    // The keepalive replaced the first deadline with a new one.
    expect(silent.timers.filter((t) => t.live)).toHaveLength(1);
    silent.silence();
    await expect(silent.reader.read()).rejects.toThrow('the page stopped answering');
    expect(silent.got.at(-1)).toEqual({ type: 'finished', kind: 'error', detail: 'the page stopped answering' });
  });

  it('refuses a chunk beyond the credit, bytes beyond the size, and `done` before the last byte', async () => {
    const greedy = setup(100);
    for (let i = 0; i < PULL_WINDOW; i++) greedy.chunk(1);
    greedy.chunk(1);
    expect(await greedy.stream.done).toBe('error');
    await expect(greedy.reader.read()).rejects.toThrow('a chunk beyond the credit');

    const long = setup(3);
    long.chunk(4);
    await expect(long.reader.read()).rejects.toThrow('more bytes than the file has');

    const short = setup(3);
    short.chunk(2);
    short.stream.onMessage({ type: 'done' });
    await expect(short.reader.read()).rejects.toThrow('the file ended short');
  });

  it('tells the page when the browser stops reading', async () => {
    const s = setup(4);
    await s.reader.cancel();
    expect(await s.stream.done).toBe('sink_failed');
    expect(s.got.at(-1)).toEqual({ type: 'finished', kind: 'sink_failed' });
  });

  it('an empty file closes on `done` alone', async () => {
    const s = setup(0);
    s.stream.onMessage({ type: 'done' });
    expect((await s.reader.read()).done).toBe(true);
    expect(await s.stream.done).toBe('ok');
  });
});
