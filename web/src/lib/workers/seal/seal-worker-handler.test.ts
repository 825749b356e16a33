import { describe, expect, it } from 'vitest';
import { sealFiles } from '@zkpush/shared/file-push';
import { openChunk } from '@zkpush/shared/file-stream';
import type { SealResponse } from './seal-protocol.ts';
import { createSealHandler } from './seal-worker-handler.ts';

function run() {
  const posts: { message: SealResponse; transfer: ArrayBuffer[] }[] = [];
  const handle = createSealHandler((message, transfer) => posts.push({ message, transfer }));
  return { posts, handle };
}

describe('createSealHandler', () => {
  const { plans } = sealFiles([{ name: 'a', type: '', size: 600 }]);
  const plan = plans[0]!;
  const init = {
    type: 'init',
    files: [{ fileKey: plan.keys.fileKey, noncePrefix: plan.keys.noncePrefix, paddedSize: plan.layout.paddedSize }],
  };

  it('seals with the keys from init, wipes the plaintext and transfers the result', () => {
    const { posts, handle } = run();
    handle(init);
    const plaintext = new Uint8Array(plan.layout.paddedSize).fill(5);
    handle({ type: 'seal', id: 4, file: 0, chunk: 0, plaintext });
    expect(posts).toHaveLength(1);
    const [answer] = posts;
    expect(answer!.message.type).toBe('sealed');
    if (answer!.message.type !== 'sealed') return;
    expect(openChunk(plan.keys, plan.layout, 0, answer!.message.sealed)).toEqual(
      new Uint8Array(plan.layout.paddedSize).fill(5),
    );
    expect(answer!.transfer).toEqual([answer!.message.sealed.buffer]);
    expect(plaintext.every((b) => b === 0)).toBe(true);
  });

  it('answers failures by job id, without secrets in the message', () => {
    const { posts, handle } = run();
    handle({ type: 'seal', id: 1, file: 0, chunk: 0, plaintext: new Uint8Array(1) });
    handle(init);
    handle({ type: 'seal', id: 2, file: 3, chunk: 0, plaintext: new Uint8Array(1) });
    handle({ type: 'seal', id: 3, file: 0, chunk: 0, plaintext: new Uint8Array(1) });
    handle({ type: 'seal', id: 'x' });
    handle({ type: 'init', files: [{ ...init.files[0], paddedSize: 513 }] });
    expect(posts.map((p) => p.message)).toEqual([
      { type: 'failed', id: 1, message: 'no keys for file 0' },
      { type: 'failed', id: 2, message: 'no keys for file 3' },
      { type: 'failed', id: 3, message: 'chunk 0 must hold 608 bytes, not 1' },
      { type: 'failed', id: 0, message: 'invalid request to the sealing worker' },
      { type: 'failed', id: 0, message: 'not a padded size' },
    ]);
  });
});
