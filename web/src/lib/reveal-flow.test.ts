import { describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '@zkpush/shared/api-client';
import type { RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import { createRevealFlow, type RevealDeps } from './reveal-flow.ts';
import type { KeyStatus, OpenResult } from './reveal-state.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const KEY: KeyStatus = { kind: 'ok', linkKey: new Uint8Array(32).fill(7) };
const EXPIRES = '2026-11-22T14:05:00.000Z';

const meta: SecretMeta = {
  id: ID,
  views: 2,
  viewsLeft: 2,
  createdAt: '2026-11-21T14:05:00.000Z',
  expiresAt: EXPIRES,
  flags: {},
};

function deps(over: {
  meta?: ApiResult<SecretMeta>;
  reveal?: ApiResult<RevealResponse>;
  open?: OpenResult;
}): RevealDeps & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    api: {
      meta: async (id) => {
        calls.push(`meta ${id}`);
        return over.meta ?? { kind: 'ok', value: meta };
      },
      reveal: async (id, body) => {
        calls.push(`reveal ${id} ${body.keyProof}`);
        return over.reveal ?? { kind: 'ok', value: { envelope: 'ZW52', viewsLeft: 1, expiresAt: EXPIRES } };
      },
    },
    keyProofFor: () => 'PROOF',
    openPush: () => over.open ?? { kind: 'ok', payload: { v: 1, kind: 'text', text: 'hunter2' } },
  };
}

describe('createRevealFlow', () => {
  it('loads metadata without revealing, then reveals on request', async () => {
    const d = deps({});
    const flow = createRevealFlow(d, ID, KEY);
    expect(flow.initial).toEqual({ kind: 'loading' });
    expect(await flow.load()).toEqual({ kind: 'ready', viewsLeft: 2, expiresAt: new Date(EXPIRES) });
    expect(d.calls).toEqual([`meta ${ID}`]);
    expect(await flow.reveal()).toEqual({
      kind: 'revealed',
      text: 'hunter2',
      viewsLeft: 1,
      expiresAt: new Date(EXPIRES),
    });
    expect(d.calls).toEqual([`meta ${ID}`, `reveal ${ID} PROOF`]);
  });

  it('never sends a request for an id that is not an id', async () => {
    const d = deps({});
    const flow = createRevealFlow(d, 'short', KEY);
    expect(flow.initial).toEqual({ kind: 'damaged', cause: 'bad_id' });
    expect(await flow.load()).toEqual({ kind: 'damaged', cause: 'bad_id' });
    expect(await flow.reveal()).toEqual({ kind: 'damaged', cause: 'bad_id' });
    expect(d.calls).toEqual([]);
  });

  it('checks the metadata even without a key, so a gone secret says so', async () => {
    const gone = deps({ meta: { kind: 'error', status: 410, code: 'gone', message: 'x', reason: 'viewed' } });
    expect(await createRevealFlow(gone, ID, { kind: 'missing' }).load()).toEqual({ kind: 'gone', reason: 'viewed' });
    expect(await createRevealFlow(deps({}), ID, { kind: 'missing' }).load()).toEqual({ kind: 'incomplete' });
    expect(await createRevealFlow(deps({}), ID, { kind: 'malformed' }).load()).toEqual({
      kind: 'damaged',
      cause: 'malformed_key',
    });
  });

  it('never reveals without a usable key', async () => {
    const d = deps({});
    expect(await createRevealFlow(d, ID, { kind: 'missing' }).reveal()).toEqual({ kind: 'incomplete' });
    expect(d.calls).toEqual([]);
  });

  it('sends one reveal for a double click', async () => {
    const d = deps({});
    const spy = vi.spyOn(d.api, 'reveal');
    const flow = createRevealFlow(d, ID, KEY);
    const [a, b] = await Promise.all([flow.reveal(), flow.reveal()]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(a).toEqual(b);
    // ...but a later, separate click (e.g. Retry) sends again.
    await flow.reveal();
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('maps a refused key, a network failure and a decryption failure to different states', async () => {
    const wrong = deps({ reveal: { kind: 'error', status: 403, code: 'wrong_key', message: 'x' } });
    expect(await createRevealFlow(wrong, ID, KEY).reveal()).toEqual({ kind: 'damaged', cause: 'wrong_key' });
    const offline = deps({ reveal: { kind: 'network', message: 'Failed to fetch' } });
    expect(await createRevealFlow(offline, ID, KEY).reveal()).toEqual({ kind: 'network', retry: 'reveal' });
    const corrupt = deps({ open: { kind: 'corrupt', message: 'bad frame' } });
    expect(await createRevealFlow(corrupt, ID, KEY).reveal()).toEqual({ kind: 'damaged', cause: 'corrupt' });
  });

  it('turns an unexpected throw into an error state without details', async () => {
    const d = deps({});
    d.openPush = () => {
      throw new Error('secret key material');
    };
    const state = await createRevealFlow(d, ID, KEY).reveal();
    expect(state).toEqual({ kind: 'server_error', detail: 'unexpected error in the page', retry: 'reveal' });
  });
});
