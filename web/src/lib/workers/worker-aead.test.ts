import { describe, expect, it } from 'vitest';
import { NOBLE_AEAD } from '@zkpush/shared/chunk-aead';
import { whenReady, workerAead } from './worker-aead.ts';

describe('workerAead', () => {
  it('is libsodium where WebAssembly loads (Node here)', async () => {
    expect((await workerAead()).name).toBe('libsodium');
  });

  it('falls back to noble when libsodium cannot be instantiated (no WebAssembly, or a CSP refusal)', async () => {
    const refused = () => Promise.reject(new WebAssembly.CompileError("'wasm-unsafe-eval' is not allowed"));
    expect(await workerAead(refused)).toBe(NOBLE_AEAD);
  });
});

describe('whenReady', () => {
  it('holds messages until the handler exists, then hands them over in arrival order', async () => {
    const seen: unknown[] = [];
    let ready!: (h: (data: unknown) => void) => void;
    const listener = whenReady(new Promise((resolve) => (ready = resolve)));
    for (const data of [1, 2, 3]) listener(new MessageEvent('message', { data }));
    await Promise.resolve();
    expect(seen).toEqual([]);
    ready((data) => seen.push(data));
    listener(new MessageEvent('message', { data: 4 }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});
