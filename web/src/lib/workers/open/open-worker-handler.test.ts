import { describe, expect, it } from 'vitest';
import { sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import type { OpenResponse } from './open-protocol.ts';
import { createOpenHandler } from './open-worker-handler.ts';

function run() {
  const posts: { message: OpenResponse; transfer: ArrayBuffer[] }[] = [];
  const handle = createOpenHandler((message, transfer) => posts.push({ message, transfer }));
  return { posts, handle };
}

describe('createOpenHandler', () => {
  const plan = sealFiles([{ name: 'a', type: '', size: 600 }]).plans[0]!;
  const init = {
    type: 'init',
    fileKey: plan.keys.fileKey,
    noncePrefix: plan.keys.noncePrefix,
    paddedSize: plan.layout.paddedSize,
  };
  const plain = new Uint8Array(plan.layout.paddedSize).fill(5);
  const sealed = () => sealChunk(plan.keys, plan.layout, 0, plain);

  it('opens with the keys from init and transfers the plaintext; a forged chunk is only `forged`', () => {
    const { posts, handle } = run();
    handle(init);
    handle({ type: 'open', id: 4, chunk: 0, ciphertext: sealed() });
    const damaged = sealed();
    damaged[3]! ^= 1;
    handle({ type: 'open', id: 5, chunk: 0, ciphertext: damaged });
    const [opened, forged] = posts;
    expect(opened!.message).toEqual({ type: 'opened', id: 4, plaintext: plain });
    if (opened!.message.type !== 'opened') return;
    expect(opened!.transfer).toEqual([opened!.message.plaintext.buffer]);
    expect(forged).toEqual({ message: { type: 'forged', id: 5 }, transfer: [] });
  });

  it('answers failures by job id, without secrets in the message', () => {
    const { posts, handle } = run();
    handle({ type: 'open', id: 1, chunk: 0, ciphertext: sealed() });
    handle(init);
    handle({ type: 'open', id: 2, chunk: 1, ciphertext: sealed() });
    handle({ type: 'open', id: 'x' });
    handle({ ...init, paddedSize: 513 });
    handle({ type: 'open', id: 3, chunk: 0, ciphertext: sealed() });
    expect(posts.map((p) => p.message)).toEqual([
      { type: 'failed', id: 1, message: 'no keys' },
      { type: 'failed', id: 2, message: 'no chunk 1' },
      { type: 'failed', id: 0, message: 'invalid request to the opening worker' },
      { type: 'failed', id: 0, message: 'not a padded size' },
      { type: 'failed', id: 3, message: 'no keys' },
    ]);
  });
});
