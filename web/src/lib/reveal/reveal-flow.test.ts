import { describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '@zkpush/shared/api-client';
import { newKdfParams } from '@zkpush/shared/kdf-params';
import type { RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import { filePlans } from '@zkpush/shared/file-push';
import { fileEntry } from '@zkpush/shared/manifest';
import type { DeriveOutcome } from '#lib/workers/kdf/kdf-client.ts';
import { createRevealFlow, type RevealDeps } from './reveal-flow.ts';
import type { KeyStatus, OpenResult, RevealState } from './reveal-state.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const KEY: KeyStatus = { kind: 'ok', linkKey: new Uint8Array(32).fill(7) };
const EXPIRES = '2026-11-22T14:05:00.000Z';

const meta: SecretMeta = {
  id: ID,
  views: 2,
  viewsLeft: 2,
  createdAt: '2026-11-21T14:05:00.000Z',
  expiresAt: EXPIRES,
  flags: { retrievalStep: true, deletableByViewer: true },
  passphrase: null,
  files: null,
};
const kdf = newKdfParams(undefined, new Uint8Array(16).fill(4));
const lockedMeta: SecretMeta = { ...meta, passphrase: { kdf, attemptsLeft: 5 } };

function deps(over: {
  meta?: ApiResult<SecretMeta>;
  reveal?: ApiResult<RevealResponse> | ApiResult<RevealResponse>[];
  burn?: ApiResult<null>;
  open?: OpenResult;
  derive?: DeriveOutcome;
}): RevealDeps & { calls: string[]; passKeys: Uint8Array[] } {
  const calls: string[] = [];
  const passKeys: Uint8Array[] = [];
  const reveals = Array.isArray(over.reveal) ? [...over.reveal] : undefined;
  return {
    calls,
    passKeys,
    api: {
      meta: async (id) => {
        calls.push(`meta ${id}`);
        return over.meta ?? { kind: 'ok', value: meta };
      },
      reveal: async (id, body) => {
        calls.push(`reveal ${id} ${body.keyProof}${body.passProof ? ` ${body.passProof}` : ''}`);
        const answer = reveals ? reveals.shift() : over.reveal;
        return (
          (answer && !Array.isArray(answer) ? answer : undefined) ?? {
            kind: 'ok',
            value: { envelope: 'ZW52', viewsLeft: 1, expiresAt: EXPIRES },
          }
        );
      },
      burn: async (id, body) => {
        calls.push(`burn ${id} ${body.keyProof}`);
        return over.burn ?? { kind: 'ok', value: null };
      },
    },
    keyProofFor: () => 'PROOF',
    proofsFor: (_k, p) => ({ keyProof: 'PROOF', passProof: `PASS${p[0]}` }),
    openPush: (_k, _e, passKey) => {
      if (passKey) calls.push(`open with P${passKey[0]}`);
      return over.open ?? { kind: 'ok', payload: { v: 1, kind: 'text', text: 'hunter2' } };
    },
    filePlans: (linkKey, passKey, files) => {
      calls.push(`plans K${linkKey[0]} P${passKey?.[0] ?? '-'} ${files.length}`);
      return filePlans(linkKey, passKey, { v: 1, kind: 'files', files: [...files] });
    },
    derivePassKey: async (passphrase, k, options) => {
      calls.push(`derive ${passphrase} m=${k.m}`);
      options.onProgress?.(1);
      if (over.derive) return over.derive;
      const passKey = new Uint8Array(32).fill(passphrase.length);
      passKeys.push(passKey);
      return { kind: 'ok', passKey };
    },
  };
}

const unlocking = (attemptsLeft = 5): Extract<RevealState, { kind: 'unlocking' }> => ({
  kind: 'unlocking',
  attemptsLeft,
  viewsLeft: 2,
  expiresAt: new Date(EXPIRES),
});

describe('createRevealFlow', () => {
  it('loads metadata without revealing, then reveals on request', async () => {
    const d = deps({});
    const flow = createRevealFlow(d, ID, KEY);
    expect(flow.initial).toEqual({ kind: 'loading' });
    expect(await flow.load()).toEqual({ kind: 'ready', auto: false, viewsLeft: 2, expiresAt: new Date(EXPIRES) });
    expect(d.calls).toEqual([`meta ${ID}`]);
    expect(await flow.reveal()).toEqual({
      kind: 'revealed',
      text: 'hunter2',
      viewsLeft: 1,
      expiresAt: new Date(EXPIRES),
      deletable: true,
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
    // Reloaded after revealing in this tab: said at once, without asking the server (issue 13 §4.8).
    expect(createRevealFlow(deps({}), ID, { kind: 'opened' }).initial).toEqual({ kind: 'opened' });
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

describe('createRevealFlow with a passphrase', () => {
  it('prompts, derives P, sends both proofs and opens with P — then wipes P', async () => {
    const d = deps({ meta: { kind: 'ok', value: lockedMeta } });
    const flow = createRevealFlow(d, ID, KEY);
    expect(await flow.load()).toMatchObject({ kind: 'passphrase', attemptsLeft: 5, wrong: false });
    const progress: number[] = [];
    const state = await flow.unlock('open sesame', unlocking(), { onProgress: (f) => progress.push(f) });
    expect(state).toMatchObject({ kind: 'revealed', text: 'hunter2' });
    expect(progress).toEqual([1]);
    expect(d.calls).toEqual([
      `meta ${ID}`,
      `derive open sesame m=${kdf.m}`,
      `reveal ${ID} PROOF PASS11`,
      'open with P11',
    ]);
    expect(d.passKeys[0]!.every((b) => b === 0)).toBe(true);
  });

  it('shows attempts left after a wrong passphrase, then reveals with the right one', async () => {
    const d = deps({
      meta: { kind: 'ok', value: lockedMeta },
      reveal: [
        { kind: 'error', status: 403, code: 'wrong_passphrase', message: 'x', attemptsLeft: 4 },
        { kind: 'ok', value: { envelope: 'ZW52', viewsLeft: 1, expiresAt: EXPIRES } },
      ],
    });
    const flow = createRevealFlow(d, ID, KEY);
    await flow.load();
    expect(await flow.unlock('wrong', unlocking())).toEqual({
      kind: 'passphrase',
      attemptsLeft: 4,
      wrong: true,
      viewsLeft: 2,
      expiresAt: new Date(EXPIRES),
    });
    expect(await flow.unlock('right one', unlocking(4))).toMatchObject({ kind: 'revealed' });
    expect(d.passKeys.every((p) => p.every((b) => b === 0))).toBe(true);
  });

  it('reports a push destroyed by too many guesses', async () => {
    const d = deps({
      meta: { kind: 'ok', value: lockedMeta },
      reveal: { kind: 'error', status: 410, code: 'gone', message: 'x', reason: 'locked' },
    });
    const flow = createRevealFlow(d, ID, KEY);
    await flow.load();
    expect(await flow.unlock('guess', unlocking(1))).toEqual({ kind: 'gone', reason: 'locked' });
  });

  it('sends nothing when the derivation is cancelled or fails', async () => {
    for (const [derive, expected] of [
      [{ kind: 'cancelled' }, { kind: 'passphrase', attemptsLeft: 3, wrong: false }],
      [{ kind: 'failed', message: 'oom' }, { kind: 'kdf_failed' }],
      [
        { kind: 'bad_kdf', problem: 'too_costly', message: 'x' },
        { kind: 'damaged', cause: 'bad_kdf' },
      ],
    ] as const) {
      const d = deps({ meta: { kind: 'ok', value: lockedMeta }, derive });
      const flow = createRevealFlow(d, ID, KEY);
      await flow.load();
      expect(await flow.unlock('x', unlocking(3))).toMatchObject(expected);
      expect(d.calls.filter((c) => c.startsWith('reveal'))).toEqual([]);
    }
  });

  it('never unlocks before the metadata is known', async () => {
    const d = deps({});
    expect(await createRevealFlow(d, ID, KEY).unlock('x', unlocking())).toMatchObject({ kind: 'server_error' });
    expect(d.calls).toEqual([]);
  });
});

describe('createRevealFlow burn', () => {
  it('proves the key and reaches the deleted state', async () => {
    const d = deps({});
    const flow = createRevealFlow(d, ID, KEY);
    expect(await flow.burn()).toEqual({ kind: 'deleted', state: { kind: 'deleted', already: undefined } });
    expect(d.calls).toEqual([`burn ${ID} PROOF`]);
  });

  it('does not send without a key', async () => {
    const d = deps({});
    expect(await createRevealFlow(d, ID, { kind: 'missing' }).burn()).toMatchObject({ kind: 'problem' });
    expect(d.calls).toEqual([]);
  });

  describe('a file push', () => {
    const files = [fileEntry('plan.pdf', 'application/pdf', 5000, new Uint8Array(19).fill(1))];
    const open: OpenResult = { kind: 'ok', payload: { kind: 'files', message: 'hi', files } };
    const download = { token: 'T'.repeat(43), expiresAt: '2026-11-21T15:05:00.000Z' };
    const fileMeta: SecretMeta = { ...meta, files: [{ paddedSize: 5120 }, { paddedSize: 512 }] };

    it('shows the count and padded total before, the manifest after, and keeps the keys out of the state', async () => {
      const d = deps({
        meta: { kind: 'ok', value: fileMeta },
        reveal: { kind: 'ok', value: { envelope: 'ZW52', viewsLeft: 1, expiresAt: EXPIRES, download } },
        open,
      });
      const flow = createRevealFlow(d, ID, KEY);
      expect(await flow.load()).toMatchObject({ kind: 'ready', filesSummary: { count: 2, paddedBytes: 5632 } });
      expect(flow.downloads()).toBeUndefined();
      const state = await flow.reveal();
      expect(state).toEqual({
        kind: 'revealed_files',
        message: 'hi',
        files: [{ name: 'plan.pdf', type: 'application/pdf', size: 5000 }],
        downloadUntil: new Date(download.expiresAt),
        viewsLeft: 1,
        expiresAt: new Date(EXPIRES),
        deletable: true,
      });
      expect(JSON.stringify(state)).not.toContain('noncePrefix');
      const downloads = flow.downloads();
      expect(downloads).toMatchObject({ id: ID, token: download.token });
      expect(downloads?.plans[0]?.keys.fileKey).toHaveLength(32);
      expect(d.calls).toContain('plans K7 P- 1');
    });

    it('derives the file keys with P before P is wiped', async () => {
      const d = deps({
        meta: { kind: 'ok', value: { ...fileMeta, passphrase: { kdf, attemptsLeft: 5 } } },
        reveal: { kind: 'ok', value: { envelope: 'ZW52', viewsLeft: 1, expiresAt: EXPIRES, download } },
        open,
      });
      const flow = createRevealFlow(d, ID, KEY);
      await flow.load();
      expect(await flow.unlock('right one', unlocking())).toMatchObject({ kind: 'revealed_files' });
      expect(d.calls).toContain('plans K7 P9 1');
      expect(d.passKeys[0]!.every((b) => b === 0)).toBe(true);
    });

    it('says when the sender is still uploading, without consuming anything', async () => {
      const d = deps({ meta: { kind: 'error', status: 409, code: 'not_ready', message: 'uploading' } });
      expect(await createRevealFlow(d, ID, KEY).load()).toEqual({ kind: 'not_ready', retry: 'meta' });
    });
  });
});
