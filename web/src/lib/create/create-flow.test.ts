import { describe, expect, it } from 'vitest';
import type { ApiResult } from '@zkpush/shared/api-client';
import { newKdfParams } from '@zkpush/shared/kdf-params';
import { formatLink, parseLink } from '@zkpush/shared/link';
import { derivePassKey } from '@zkpush/shared/passphrase';
import { openPush, proofsFor, sealText, sealTextWithPassKey } from '@zkpush/shared/push';
import type { CreateSecretRequest, CreateSecretResponse } from '@zkpush/shared/schemas';
import { createPush, type CreateDeps } from './create-flow.ts';
import type { DashboardEntry } from '#lib/dashboard/dashboard-store.ts';
import type { DeriveOutcome } from '#lib/workers/kdf/kdf-client.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const OWNER = 'B'.repeat(43);

const NOW = new Date('2026-11-21T14:05:00.000Z');

function deps(
  answer?: ApiResult<CreateSecretResponse>,
  derive?: DeriveOutcome,
): CreateDeps & { sent: CreateSecretRequest[]; remembered: DashboardEntry[]; passKeys: Uint8Array[] } {
  const sent: CreateSecretRequest[] = [];
  const remembered: DashboardEntry[] = [];
  const passKeys: Uint8Array[] = [];
  return {
    sent,
    remembered,
    passKeys,
    api: {
      create: async (body) => {
        sent.push(body);
        return (
          answer ?? {
            kind: 'ok',
            value: { id: ID, ownerToken: OWNER, expiresAt: '2026-11-22T14:05:00.000Z', views: body.views ?? 1 },
          }
        );
      },
    },
    sealText,
    sealTextWithPassKey,
    newKdfParams: () => newKdfParams(),
    derivePassKey: async (passphrase, kdf, options) => {
      if (derive) return derive;
      options.onProgress?.(1);
      const out = await derivePassKey(passphrase, kdf);
      if (out.kind === 'ok') passKeys.push(out.passKey.slice());
      return out;
    },
    formatLink,
    remember: (entry) => {
      remembered.push(entry);
      return { kind: 'ok' };
    },
    now: () => NOW,
  };
}

const input = { text: 'hunter2', views: 2, expiresIn: 3600, maxEnvelopeBytes: 65_536, origin: 'https://zk.example' };

describe('createPush', () => {
  it('sends only the envelope, the proof hash and the options; the key lands in the link alone', async () => {
    const d = deps();
    const out = await createPush(d, input);
    expect(out.kind).toBe('created');
    if (out.kind !== 'created') return;
    expect(d.sent).toHaveLength(1);
    const body = d.sent[0]!;
    expect(Object.keys(body).sort()).toEqual(['envelope', 'expiresIn', 'keyProofHash', 'views']);
    expect(body).toMatchObject({ views: 2, expiresIn: 3600 });

    const parsed = parseLink(out.link);
    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    expect(parsed.origin).toBe('https://zk.example');
    expect(parsed.id).toBe(ID);
    const fragment = out.link.split('#')[1]!;
    expect(JSON.stringify(body)).not.toContain(fragment);
    expect(JSON.stringify(body)).not.toContain('hunter2');
    // The link opens what was sent.
    expect(openPush(parsed.linkKey, body.envelope)).toEqual({
      kind: 'ok',
      payload: { v: 1, kind: 'text', text: 'hunter2' },
    });
  });

  it('explains a refusal without leaking a link', async () => {
    const out = await createPush(deps({ kind: 'network', message: 'Failed to fetch' }), input);
    expect(out).toEqual({
      kind: 'problem',
      problem: { message: "Can't reach the server — check your connection and try again.", retry: true },
    });
  });

  it('refuses a text too large for the server before sending anything', async () => {
    const d = deps();
    const out = await createPush(d, { ...input, text: 'x'.repeat(1000), maxEnvelopeBytes: 600 });
    expect(out.kind).toBe('problem');
    expect(d.sent).toEqual([]);
  });

  it('remembers the id and owner token — never the link, key or text', async () => {
    const d = deps();
    const out = await createPush(d, { ...input, label: 'prod DB for Alice' });
    expect(out).toMatchObject({ kind: 'created', remembered: true, hasPassphrase: false });
    expect(d.remembered).toEqual([
      {
        id: ID,
        ownerToken: OWNER,
        createdAt: NOW.toISOString(),
        expiresAt: '2026-11-22T14:05:00.000Z',
        views: 2,
        hasPassphrase: false,
        label: 'prod DB for Alice',
      },
    ]);
    if (out.kind !== 'created') return;
    const stored = JSON.stringify(d.remembered);
    expect(stored).not.toContain(out.link.split('#')[1]!);
    expect(stored).not.toContain('hunter2');
    // The label never reaches the server.
    expect(JSON.stringify(d.sent)).not.toContain('Alice');
  });

  it('says so when the dashboard could not be saved', async () => {
    const d = deps();
    d.remember = () => ({ kind: 'unavailable' });
    expect(await createPush(d, input)).toMatchObject({ kind: 'created', remembered: false });
  });

  it('sends the lifecycle flags it is given', async () => {
    const d = deps();
    await createPush(d, { ...input, flags: { retrievalStep: false } });
    expect(d.sent[0]!.flags).toEqual({ retrievalStep: false });
  });

  it('sends the recipient it is given, and none otherwise (issue 12 §5)', async () => {
    const d = deps();
    await createPush(d, { ...input, recipient: 'bob@example.com' });
    await createPush(d, input);
    expect(d.sent[0]!.recipient).toBe('bob@example.com');
    expect(d.sent[1]).not.toHaveProperty('recipient');
  });
});

describe('createPush with a passphrase', () => {
  it('derives P, seals under K and P, and sends the KDF parameters and passProof hash only', async () => {
    const d = deps();
    const progress: number[] = [];
    const out = await createPush(d, { ...input, passphrase: 'open sesame', onProgress: (f) => progress.push(f) });
    expect(out).toMatchObject({ kind: 'created', hasPassphrase: true });
    expect(progress).toEqual([1]);
    const body = d.sent[0]!;
    expect(Object.keys(body).sort()).toEqual(['envelope', 'expiresIn', 'keyProofHash', 'passphrase', 'views']);
    expect(Object.keys(body.passphrase ?? {}).sort()).toEqual(['kdf', 'passProofHash']);
    expect(JSON.stringify(body)).not.toContain('open sesame');
    expect(d.remembered[0]).toMatchObject({ hasPassphrase: true });
    expect(JSON.stringify(d.remembered)).not.toContain('open sesame');

    if (out.kind !== 'created') return;
    const parsed = parseLink(out.link);
    if (parsed.kind !== 'ok') throw new Error('bad link');
    const passKey = d.passKeys[0]!;
    // Opens with K and P, not with K alone; the proofs match what the server will check.
    expect(openPush(parsed.linkKey, body.envelope)).toEqual({ kind: 'wrong_key' });
    expect(openPush(parsed.linkKey, body.envelope, passKey)).toMatchObject({
      kind: 'ok',
      payload: { text: 'hunter2' },
    });
    expect(proofsFor(parsed.linkKey, passKey).passProof).toHaveLength(43);
  });

  it('stops without sending anything when cancelled or when the worker fails', async () => {
    const cancelled = deps(undefined, { kind: 'cancelled' });
    expect(await createPush(cancelled, { ...input, passphrase: 'x' })).toEqual({ kind: 'cancelled' });
    expect(cancelled.sent).toEqual([]);
    const failed = deps(undefined, { kind: 'failed', message: 'oom' });
    expect(await createPush(failed, { ...input, passphrase: 'x' })).toMatchObject({ kind: 'problem' });
    expect(failed.sent).toEqual([]);
    expect(failed.remembered).toEqual([]);
  });

  it('wipes P after sealing', async () => {
    const d = deps(undefined, { kind: 'ok', passKey: new Uint8Array(32).fill(7) });
    let seen: Uint8Array | undefined;
    d.sealTextWithPassKey = (text, passKey, kdf, options) => {
      seen = passKey;
      return sealTextWithPassKey(text, passKey, kdf, options);
    };
    await createPush(d, { ...input, passphrase: 'x' });
    expect(seen?.every((b) => b === 0)).toBe(true);
  });
});
