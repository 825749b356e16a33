import { describe, expect, it } from 'vitest';
import { GONE_REASONS } from '@zkpush/shared/errors';
import { newKdfParams } from '@zkpush/shared/kdf-params';
import { fileEntry } from '@zkpush/shared/manifest';
import type { SecretMeta } from '@zkpush/shared/schemas';
import { afterBurn } from './reveal-messages.ts';
import { afterMeta, afterOpen, afterUnlockFailure, forgetsKey, fromFailure, type KeyStatus } from './reveal-state.ts';

const response = { envelope: 'ZW52', viewsLeft: 0, expiresAt: '2026-11-22T14:05:00.000Z' };

describe('fromFailure', () => {
  it('tells "sign in" and "meant for someone else" apart from every other refusal, keeping the key', () => {
    const signIn = fromFailure({ kind: 'error', status: 401, code: 'sign_in_required', message: 'x' }, 'reveal');
    const mismatch = fromFailure({ kind: 'error', status: 403, code: 'recipient_mismatch', message: 'x' }, 'reveal');
    expect(signIn).toEqual({ kind: 'recipient', refused: false });
    expect(mismatch).toEqual({ kind: 'recipient', refused: true });
    expect(forgetsKey(signIn)).toBe(false);
    expect(forgetsKey(mismatch)).toBe(false);
  });

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
      deletable: false,
    });
  });

  it('offers "Delete now" only when allowed and views remain', () => {
    const ok = { kind: 'ok', payload: { kind: 'text', text: 'pw' } } as const;
    expect(afterOpen(ok, { ...response, viewsLeft: 2 }, true)).toMatchObject({ deletable: true });
    expect(afterOpen(ok, { ...response, viewsLeft: 0 }, true)).toMatchObject({ deletable: false });
    expect(afterOpen(ok, { ...response, viewsLeft: 2 }, false)).toMatchObject({ deletable: false });
  });

  it('offers "Delete now" for a file push even after its last view: the files stay for the window', () => {
    const entry = fileEntry('a.pdf', 'application/pdf', 1, new Uint8Array(19).fill(1));
    const files = { kind: 'ok', payload: { kind: 'files', files: [entry] } } as const;
    const download = { token: 'T', expiresAt: response.expiresAt };
    expect(afterOpen(files, { ...response, viewsLeft: 0, download }, true)).toMatchObject({
      kind: 'revealed_files',
      deletable: true,
    });
    expect(afterOpen(files, { ...response, viewsLeft: 0, download }, false)).toMatchObject({ deletable: false });
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

const KEY: KeyStatus = { kind: 'ok', linkKey: new Uint8Array(32) };
const kdf = newKdfParams(undefined, new Uint8Array(16));
const meta: SecretMeta = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  views: 3,
  viewsLeft: 3,
  createdAt: '2026-11-21T14:05:00.000Z',
  expiresAt: response.expiresAt,
  flags: { retrievalStep: true, deletableByViewer: true },
  passphrase: null,
  files: null,
};
const shown = { viewsLeft: 3, expiresAt: new Date(response.expiresAt) };

describe('afterMeta', () => {
  it('waits for a click by default and reveals on load when the retrieval step is off', () => {
    expect(afterMeta({ kind: 'ok', value: meta }, KEY)).toEqual({ kind: 'ready', auto: false, ...shown });
    const noStep = { ...meta, flags: { retrievalStep: false, deletableByViewer: true } };
    expect(afterMeta({ kind: 'ok', value: noStep }, KEY)).toEqual({ kind: 'ready', auto: true, ...shown });
  });

  it('asks for the passphrase first, even without the retrieval step', () => {
    const locked = {
      ...meta,
      flags: { retrievalStep: false, deletableByViewer: true },
      passphrase: { kdf, attemptsLeft: 5 },
    };
    expect(afterMeta({ kind: 'ok', value: locked }, KEY)).toEqual({
      kind: 'passphrase',
      attemptsLeft: 5,
      wrong: false,
      ...shown,
    });
  });

  it('refuses KDF parameters outside the accepted bounds before any prompt', () => {
    for (const [bad, problem] of [
      [{ ...kdf, m: 1024 }, 'too_weak'],
      [{ ...kdf, m: 4_194_304 }, 'too_costly'],
      [{ ...kdf, alg: 'scrypt' }, 'unsupported'],
      [{ ...kdf, salt: 'AAAA' }, 'malformed'],
    ] as const) {
      const value = { ...meta, passphrase: { kdf: bad, attemptsLeft: 5 } };
      expect(afterMeta({ kind: 'ok', value }, KEY)).toEqual({ kind: 'damaged', cause: 'bad_kdf', kdfProblem: problem });
    }
  });

  it('asks a recipient-bound push to sign in first, and shows the prompt once signed in (issue 12 §5)', () => {
    const bound = { ...meta, signInRequired: true };
    expect(afterMeta({ kind: 'ok', value: bound }, KEY)).toEqual({ kind: 'recipient', refused: false });
    expect(afterMeta({ kind: 'ok', value: bound }, KEY, true)).toEqual({ kind: 'ready', auto: false, ...shown });
    // A broken link says so before asking anyone to sign in.
    expect(afterMeta({ kind: 'ok', value: bound }, { kind: 'missing' })).toEqual({ kind: 'incomplete' });
  });

  it('still says a link is incomplete before looking at the passphrase', () => {
    const locked = { ...meta, passphrase: { kdf: { ...kdf, m: 1 }, attemptsLeft: 5 } };
    expect(afterMeta({ kind: 'ok', value: locked }, { kind: 'missing' })).toEqual({ kind: 'incomplete' });
  });
});

describe('afterUnlockFailure', () => {
  const from = { kind: 'unlocking', attemptsLeft: 5, ...shown } as const;
  const wrong = (attemptsLeft?: number) =>
    ({
      kind: 'error',
      status: 403,
      code: 'wrong_passphrase',
      message: 'x',
      ...(attemptsLeft === undefined ? {} : { attemptsLeft }),
    }) as const;

  it('brings the prompt back with the server’s count', () => {
    expect(afterUnlockFailure(wrong(4), from)).toEqual({ kind: 'passphrase', attemptsLeft: 4, wrong: true, ...shown });
    expect(afterUnlockFailure(wrong(), from)).toMatchObject({ kind: 'passphrase', attemptsLeft: 4 });
  });

  it('treats no attempts left, and gone/locked, as destroyed', () => {
    expect(afterUnlockFailure(wrong(0), from)).toEqual({ kind: 'gone', reason: 'locked' });
    expect(
      afterUnlockFailure({ kind: 'error', status: 410, code: 'gone', message: 'x', reason: 'locked' }, from),
    ).toEqual({ kind: 'gone', reason: 'locked' });
  });

  it('keeps a wrong link and a network failure apart from a wrong passphrase', () => {
    expect(afterUnlockFailure({ kind: 'error', status: 403, code: 'wrong_key', message: 'x' }, from)).toEqual({
      kind: 'damaged',
      cause: 'wrong_key',
    });
    expect(afterUnlockFailure({ kind: 'network', message: 'x' }, from)).toEqual({ kind: 'network', retry: 'meta' });
  });
});

describe('forgetsKey', () => {
  const error = (status: number, code: 'gone' | 'not_found' | 'wrong_key' | 'not_ready' | 'rate_limited') =>
    ({ kind: 'error', status, code, message: 'x' }) as const;
  const unlocking = { kind: 'unlocking', attemptsLeft: 1, ...shown } as const;
  const wrongPassphrase = (attemptsLeft: number) =>
    ({ kind: 'error', status: 403, code: 'wrong_passphrase', message: 'x', attemptsLeft }) as const;

  it('drops the key once the link can never be used again: gone for any reason, not found, deleted', () => {
    for (const reason of GONE_REASONS)
      expect(forgetsKey(fromFailure({ ...error(410, 'gone'), reason }, 'meta'))).toBe(true);
    expect(forgetsKey(fromFailure(error(404, 'not_found'), 'meta'))).toBe(true);
    // Locked by this very attempt (the server's count reached 0).
    const locked = afterUnlockFailure(wrongPassphrase(0), unlocking);
    expect(locked).toEqual({ kind: 'gone', reason: 'locked' });
    expect(forgetsKey(locked)).toBe(true);
    const burned = afterBurn({ kind: 'ok', value: null });
    expect(burned.kind === 'deleted' && forgetsKey(burned.state)).toBe(true);
  });

  it('drops it after a reveal, which used it', () => {
    const opened = afterOpen({ kind: 'ok', payload: { kind: 'text', text: 'pw' } }, response);
    expect(forgetsKey(opened)).toBe(true);
  });

  it('keeps it wherever the recipient may retry or report the link: wrong key, network, not ready and the rest', () => {
    expect(forgetsKey(fromFailure(error(403, 'wrong_key'), 'reveal'))).toBe(false);
    expect(forgetsKey(fromFailure({ kind: 'network', message: 'x' }, 'meta'))).toBe(false);
    expect(forgetsKey(fromFailure({ kind: 'network', message: 'x' }, 'reveal'))).toBe(false);
    expect(forgetsKey(fromFailure(error(409, 'not_ready'), 'meta'))).toBe(false);
    expect(forgetsKey(fromFailure(error(429, 'rate_limited'), 'reveal'))).toBe(false);
    expect(forgetsKey(fromFailure({ kind: 'bad_response', status: 502, message: 'x' }, 'meta'))).toBe(false);
    expect(forgetsKey(afterUnlockFailure(wrongPassphrase(2), unlocking))).toBe(false);
    for (const state of [
      { kind: 'loading' },
      { kind: 'incomplete' },
      { kind: 'damaged', cause: 'malformed_key' },
      { kind: 'damaged', cause: 'corrupt' },
      { kind: 'kdf_failed' },
      { kind: 'ready', auto: false, ...shown },
    ] as const) {
      expect(forgetsKey(state), state.kind).toBe(false);
    }
  });
});

describe('afterBurn', () => {
  it('deletes, or reports that it was already gone', () => {
    expect(afterBurn({ kind: 'ok', value: null })).toEqual({
      kind: 'deleted',
      state: { kind: 'deleted', already: undefined },
    });
    expect(afterBurn({ kind: 'error', status: 410, code: 'gone', message: 'x', reason: 'expired' })).toEqual({
      kind: 'deleted',
      state: { kind: 'deleted', already: 'expired' },
    });
  });

  it('keeps the secret on screen when deleting failed', () => {
    expect(afterBurn({ kind: 'network', message: 'x' })).toMatchObject({ kind: 'problem' });
    expect(afterBurn({ kind: 'error', status: 403, code: 'forbidden', message: 'x' })).toMatchObject({
      kind: 'problem',
      message: expect.stringContaining('did not allow'),
    });
  });
});

describe('file pushes', () => {
  const files = [{ name: 'a.txt', type: 'text/plain', size: 3, chunkSize: 1_048_576, chunks: 1, noncePrefix: 'x' }];
  const download = { token: 'T'.repeat(43), expiresAt: '2026-11-21T15:05:00.000Z' };

  it('opens a manifest into the file list, with the download window', () => {
    expect(
      afterOpen({ kind: 'ok', payload: { kind: 'files', files } }, { ...response, viewsLeft: 1, download }, true),
    ).toEqual({
      kind: 'revealed_files',
      message: undefined,
      files: [{ name: 'a.txt', type: 'text/plain', size: 3 }],
      downloadUntil: new Date(download.expiresAt),
      viewsLeft: 1,
      expiresAt: new Date(response.expiresAt),
      deletable: true,
    });
  });

  it('refuses a manifest the server sent without a download token', () => {
    expect(afterOpen({ kind: 'ok', payload: { kind: 'files', files } }, response)).toMatchObject({
      kind: 'server_error',
      detail: 'no download token',
    });
  });

  it('maps not_ready on either request to its own state', () => {
    const notReady = { kind: 'error', status: 409, code: 'not_ready', message: 'x' } as const;
    expect(fromFailure(notReady, 'meta')).toEqual({ kind: 'not_ready', retry: 'meta' });
    expect(fromFailure(notReady, 'reveal')).toEqual({ kind: 'not_ready', retry: 'reveal' });
  });
});
