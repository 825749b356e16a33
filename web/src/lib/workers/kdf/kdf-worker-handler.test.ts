import { describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { newKdfParams, type KdfParams } from '@zkpush/shared/kdf-params';
import type { PassKeyResult } from '@zkpush/shared/passphrase';
import { KdfResponse } from './kdf-protocol.ts';
import { handleKdfRequest, WORKER_ASYNC_TICK_MS } from './kdf-worker-handler.ts';

const kdf: KdfParams = newKdfParams(undefined, new Uint8Array(16).fill(1));

function recorder(): {
  posts: { message: unknown; transfer: ArrayBuffer[] }[];
  post: (m: unknown, t: ArrayBuffer[]) => void;
} {
  const posts: { message: unknown; transfer: ArrayBuffer[] }[] = [];
  return { posts, post: (message, transfer) => posts.push({ message, transfer }) };
}

describe('handleKdfRequest', () => {
  it('forwards progress and answers with P, transferring its buffer', async () => {
    const r = recorder();
    const derive = vi.fn(
      async (_p: string, _k: KdfParams, o: { onProgress?: (f: number) => void }): Promise<PassKeyResult> => {
        o.onProgress?.(0.5);
        o.onProgress?.(1);
        return { kind: 'ok', passKey: new Uint8Array(32).fill(9) };
      },
    );
    await handleKdfRequest({ type: 'derive', id: 7, passphrase: 'correct horse', kdf }, { derive, post: r.post });
    expect(derive).toHaveBeenCalledWith(
      'correct horse',
      kdf,
      expect.objectContaining({ asyncTick: WORKER_ASYNC_TICK_MS }),
    );
    expect(r.posts.map((p) => p.message)).toEqual([
      { type: 'progress', id: 7, fraction: 0.5 },
      { type: 'progress', id: 7, fraction: 1 },
      { type: 'done', id: 7, passKey: new Uint8Array(32).fill(9) },
    ]);
    const done = r.posts[2]!;
    expect(done.transfer).toHaveLength(1);
    expect(done.transfer[0]!.byteLength).toBe(32);
  });

  it('sends P in its own buffer, and wipes the original', async () => {
    const r = recorder();
    const backing = new Uint8Array(64).fill(5);
    await handleKdfRequest(
      { type: 'derive', id: 1, passphrase: 'x', kdf },
      { derive: async () => ({ kind: 'ok', passKey: backing.subarray(0, 32) }), post: r.post },
    );
    expect(r.posts[0]!.transfer[0]!.byteLength).toBe(32);
    expect(backing.subarray(0, 32).every((b) => b === 0)).toBe(true);
  });

  it('passes on refused parameters and failures without the passphrase', async () => {
    const r = recorder();
    await handleKdfRequest(
      { type: 'derive', id: 2, passphrase: 'my secret words', kdf },
      { derive: async () => ({ kind: 'bad_kdf', problem: 'too_weak', message: 'cost too low' }), post: r.post },
    );
    await handleKdfRequest(
      { type: 'derive', id: 3, passphrase: 'my secret words', kdf },
      {
        derive: () => Promise.reject(new RangeError('out of memory')),
        post: r.post,
      },
    );
    await handleKdfRequest({ type: 'derive', id: 4, passphrase: '' }, { derive: vi.fn(), post: r.post });
    expect(r.posts.map((p) => p.message)).toEqual([
      { type: 'bad_kdf', id: 2, problem: 'too_weak', message: 'cost too low' },
      { type: 'failed', id: 3, message: 'out of memory' },
      { type: 'failed', id: 0, message: 'invalid request to the passphrase worker' },
    ]);
    expect(JSON.stringify(r.posts)).not.toContain('my secret words');
  });

  it('derives the real P (the same as derivePassKey on the main thread)', async () => {
    const { derivePassKey } = await import('@zkpush/shared/passphrase');
    const r = recorder();
    await handleKdfRequest(
      { type: 'derive', id: 5, passphrase: 'pässword', kdf },
      { derive: derivePassKey, post: r.post },
    );
    const last = r.posts.at(-1)?.message;
    const parsed = v.parse(KdfResponse, last);
    const direct = await derivePassKey('pässword', kdf);
    expect(parsed.type).toBe('done');
    expect(direct.kind).toBe('ok');
    if (parsed.type === 'done' && direct.kind === 'ok') expect(parsed.passKey).toEqual(direct.passKey);
    const fractions = r.posts.map((p) => v.parse(KdfResponse, p.message)).filter((m) => m.type === 'progress');
    expect(fractions.at(-1)).toMatchObject({ fraction: 1 });
  });
});
