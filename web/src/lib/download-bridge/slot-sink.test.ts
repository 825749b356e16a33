import { describe, expect, it } from 'vitest';
import type { ToSlot } from './download-protocol.ts';
import { createSlotSink } from './slot-sink.ts';

function port() {
  const posted: { message: ToSlot; transfer: Transferable[] }[] = [];
  return {
    posted,
    postMessage: (message: ToSlot, transfer: Transferable[]) => void posted.push({ message, transfer }),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createSlotSink', () => {
  it('posts only as far as the credit goes, transferring each chunk, and waits for more', async () => {
    const p = port();
    const sink = createSlotSink(p);
    sink.grant(2);
    const a = new Uint8Array(8).fill(1);
    await sink.write(a);
    await sink.write(new Uint8Array(8).fill(2));
    let third = false;
    const waiting = Promise.resolve(sink.write(new Uint8Array(8).fill(3))).then(() => (third = true));
    await tick();
    expect(p.posted).toHaveLength(2);
    expect(third).toBe(false);
    sink.grant(1);
    await waiting;
    expect(p.posted.map((x) => x.message.type === 'chunk' && x.message.bytes[0])).toEqual([1, 2, 3]);
    expect(p.posted[0]!.transfer).toEqual([a.buffer]);
    // Part of a larger buffer: a copy is moved, the rest is untouched.
    const big = new Uint8Array(16).fill(4);
    sink.grant(1);
    await sink.write(big.subarray(0, 4));
    expect(big.byteLength).toBe(16);
  });

  it('fails a waiting write, and every later one, once the stream ended', async () => {
    const sink = createSlotSink(port());
    const waiting = sink.write(new Uint8Array(1));
    sink.end('the browser stopped reading');
    await expect(waiting).rejects.toThrow('the browser stopped reading');
    sink.grant(5);
    await expect(sink.write(new Uint8Array(1))).rejects.toThrow('the browser stopped reading');
  });
});
