import { describe, expect, it } from 'vitest';
import type { ApiResult } from '@zkpush/shared/api-client';
import { formatLink, parseLink } from '@zkpush/shared/link';
import { openPush, sealText } from '@zkpush/shared/push';
import type { CreateSecretRequest, CreateSecretResponse } from '@zkpush/shared/schemas';
import { createPush, type CreateDeps } from './create-flow.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const OWNER = 'B'.repeat(43);

function deps(answer?: ApiResult<CreateSecretResponse>): CreateDeps & { sent: CreateSecretRequest[] } {
  const sent: CreateSecretRequest[] = [];
  return {
    sent,
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
    formatLink,
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
});
