import { describe, expect, it } from 'vitest';
import { GONE_REASONS } from '@zkpush/shared/errors';
import { afterOpen, fromFailure } from './reveal-state.ts';

const response = { envelope: 'ZW52', viewsLeft: 0, expiresAt: '2026-11-22T14:05:00.000Z' };

describe('fromFailure', () => {
  it('keeps the gone reason', () => {
    for (const reason of GONE_REASONS) {
      expect(fromFailure({ kind: 'error', status: 410, code: 'gone', message: 'x', reason }, 'meta')).toEqual({
        kind: 'gone',
        reason,
      });
    }
  });

  it('separates not found, network, server trouble and rate limits', () => {
    expect(fromFailure({ kind: 'error', status: 404, code: 'not_found', message: 'x' }, 'meta')).toEqual({
      kind: 'not_found',
    });
    expect(fromFailure({ kind: 'network', message: 'x' }, 'reveal')).toEqual({ kind: 'network', retry: 'reveal' });
    expect(fromFailure({ kind: 'bad_response', status: 502, message: 'x' }, 'meta')).toEqual({
      kind: 'server_error',
      detail: 'HTTP 502',
      retry: 'meta',
    });
    expect(fromFailure({ kind: 'error', status: 503, code: 'service_unavailable', message: 'x' }, 'meta')).toEqual({
      kind: 'server_error',
      detail: 'service_unavailable',
      retry: 'meta',
    });
    expect(
      fromFailure({ kind: 'error', status: 429, code: 'rate_limited', message: 'x', retryAfter: 5 }, 'reveal'),
    ).toEqual({ kind: 'rate_limited', retryAfter: 5, retry: 'reveal' });
  });

  it('reads invalid_request on the metadata call as a damaged link', () => {
    const err = { kind: 'error', status: 400, code: 'invalid_request', message: 'x' } as const;
    expect(fromFailure(err, 'meta')).toEqual({ kind: 'damaged', cause: 'bad_id' });
    expect(fromFailure(err, 'reveal')).toMatchObject({ kind: 'server_error' });
  });

  it('never decides by message text', () => {
    const a = fromFailure(
      { kind: 'error', status: 410, code: 'gone', message: 'not found', reason: 'expired' },
      'meta',
    );
    expect(a).toEqual({ kind: 'gone', reason: 'expired' });
  });
});

describe('afterOpen', () => {
  it('reveals text payloads', () => {
    expect(afterOpen({ kind: 'ok', payload: { kind: 'text', text: 'pw' } }, response)).toEqual({
      kind: 'revealed',
      text: 'pw',
      viewsLeft: 0,
      expiresAt: new Date(response.expiresAt),
    });
  });

  it('treats unknown payload kinds and versions as "needs a newer version"', () => {
    expect(afterOpen({ kind: 'ok', payload: { kind: 'file' } }, response)).toEqual({
      kind: 'damaged',
      cause: 'unsupported',
    });
    expect(afterOpen({ kind: 'unsupported_version' }, response)).toEqual({ kind: 'damaged', cause: 'unsupported' });
  });

  it('reports a failed decryption after the server accepted the proof as corrupt data', () => {
    expect(afterOpen({ kind: 'wrong_key' }, response)).toEqual({ kind: 'damaged', cause: 'corrupt' });
    expect(afterOpen({ kind: 'corrupt', message: 'x' }, response)).toEqual({ kind: 'damaged', cause: 'corrupt' });
  });
});
