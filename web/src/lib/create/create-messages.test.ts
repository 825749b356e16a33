import { describe, expect, it } from 'vitest';
import { cancelledUpload, createProblem, deleteOutcome, describeLink } from './create-messages.ts';

const utc = { timeZone: 'UTC' };

describe('describeLink', () => {
  const now = new Date('2026-11-21T14:05:00.250Z');

  it('says what a one-view link does', () => {
    expect(describeLink(1, new Date('2026-11-22T14:05:00Z'), now, utc)).toBe(
      "Opens once, then it's gone. Expires in 1 day (Sun 22 Nov, 14:05).",
    );
  });

  it('counts several views', () => {
    expect(describeLink(3, new Date('2026-11-21T15:05:00Z'), now, utc)).toBe(
      "Opens 3 times, then it's gone. Expires in 1 hour (Sat 21 Nov, 15:05).",
    );
  });

  it('says how many files a file push holds', () => {
    expect(describeLink(1, new Date('2026-11-21T15:05:00Z'), now, { ...utc, files: 3 })).toBe(
      "Holds 3 files. Opens once, then it's gone. Expires in 1 hour (Sat 21 Nov, 15:05).",
    );
  });

  it('reminds that the passphrase travels separately', () => {
    expect(describeLink(1, new Date('2026-11-21T15:05:00Z'), now, { ...utc, passphrase: true })).toBe(
      "Opens once, then it's gone. Expires in 1 hour (Sat 21 Nov, 15:05). Needs the passphrase you set — send it through a different channel.",
    );
  });
});

describe('createProblem', () => {
  it('tells network, bad answers and refusals apart', () => {
    const network = createProblem({ kind: 'network', message: 'Failed to fetch' });
    const bad = createProblem({ kind: 'bad_response', status: 502, message: 'HTTP 502' });
    const tooBig = createProblem({ kind: 'error', status: 413, code: 'payload_too_large', message: 'x' });
    const limited = createProblem({
      kind: 'error',
      status: 429,
      code: 'rate_limited',
      message: 'x',
      retryAfter: 30,
    });
    const internal = createProblem({ kind: 'error', status: 500, code: 'internal_error', message: 'x' });
    expect(network).toEqual({ message: "Can't reach the server — check your connection and try again.", retry: true });
    expect(bad.message).toContain('HTTP 502');
    expect(tooBig.retry).toBe(false);
    expect(limited.message).toBe('Too many secrets in a short time. Try again in 30 seconds.');
    expect(internal.message).toContain('internal_error');
    const messages = new Set([network, bad, tooBig, limited, internal].map((p) => p.message));
    expect(messages.size).toBe(5);
  });

  it('says a retrieval-only gateway does not create, without offering a retry', () => {
    const p = createProblem({ kind: 'error', status: 403, code: 'creation_disabled', message: 'x' });
    expect(p).toEqual({
      message:
        "This server only opens links: creating secrets is turned off here. Use your organisation's main zkpush server.",
      retry: false,
    });
  });

  it('shows the server explanation for invalid requests', () => {
    const p = createProblem({
      kind: 'error',
      status: 400,
      code: 'invalid_request',
      message: 'views must be between 1 and 10',
    });
    expect(p).toEqual({ message: 'The server refused these options: views must be between 1 and 10', retry: false });
  });
});

describe('deleteOutcome', () => {
  it('confirms a deletion and explains an already-gone secret', () => {
    expect(deleteOutcome({ kind: 'ok', value: null })).toEqual({
      kind: 'deleted',
      message: 'Deleted. The link no longer opens anything.',
    });
    expect(
      deleteOutcome({ kind: 'error', status: 410, code: 'gone', message: 'x', reason: 'viewed' }).message,
    ).toContain('already viewed');
    expect(deleteOutcome({ kind: 'error', status: 404, code: 'not_found', message: 'x' }).kind).toBe('deleted');
  });

  it('reports failures as problems', () => {
    expect(deleteOutcome({ kind: 'network', message: 'x' })).toEqual({
      kind: 'problem',
      message: "Can't reach the server — check your connection and try again.",
    });
    expect(deleteOutcome({ kind: 'error', status: 403, code: 'forbidden', message: 'x' })).toEqual({
      kind: 'problem',
      message: "The server did not accept this browser's owner token for this secret.",
    });
    expect(
      deleteOutcome({ kind: 'error', status: 410, code: 'gone', message: 'x', reason: 'locked' }).message,
    ).toContain('too many wrong passphrases');
  });
});

describe('cancelledUpload', () => {
  it('says nothing once the server confirmed the push is gone', () => {
    expect(cancelledUpload(true)).toBeUndefined();
  });

  it('says the push expires on its own when the server could not confirm', () => {
    expect(cancelledUpload(false)).toEqual({
      message: 'Cancelled. The server could not confirm it deleted what was sent; it expires on its own.',
      retry: false,
    });
  });
});
