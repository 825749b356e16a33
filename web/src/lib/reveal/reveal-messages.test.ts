import { describe, expect, it } from 'vitest';
import { GONE_REASONS } from '@zkpush/shared/errors';
import {
  attemptsLeftText,
  beforeReveal,
  filesSummary,
  noticeFor,
  remainingAfterFilesReveal,
  remainingAfterReveal,
} from './reveal-messages.ts';

type Problem = Parameters<typeof noticeFor>[0];

const problems: Problem[] = [
  { kind: 'incomplete' },
  { kind: 'damaged', cause: 'bad_id' },
  { kind: 'damaged', cause: 'wrong_key' },
  { kind: 'damaged', cause: 'corrupt' },
  { kind: 'damaged', cause: 'unsupported' },
  { kind: 'damaged', cause: 'bad_kdf', kdfProblem: 'too_weak' },
  { kind: 'kdf_failed' },
  { kind: 'deleted', already: undefined },
  ...GONE_REASONS.map((reason): Problem => ({ kind: 'gone', reason })),
  { kind: 'gone', reason: undefined },
  { kind: 'not_found' },
  { kind: 'network', retry: 'meta' },
  { kind: 'server_error', detail: 'HTTP 502', retry: 'meta' },
  { kind: 'rate_limited', retryAfter: 3, retry: 'reveal' },
];

describe('noticeFor', () => {
  it('gives every distinct situation its own heading', () => {
    const headings = problems.map((p) => noticeFor(p).heading);
    expect(new Set(headings).size).toBe(headings.length);
  });

  it('never makes "already viewed", "wrong link" and "network down" look alike', () => {
    const viewed = noticeFor({ kind: 'gone', reason: 'viewed' });
    const wrong = noticeFor({ kind: 'damaged', cause: 'wrong_key' });
    const offline = noticeFor({ kind: 'network', retry: 'reveal' });
    expect(viewed.heading).toBe('This secret has already been viewed');
    expect(wrong.heading).toBe("This link's key doesn't match");
    expect(offline.heading).toBe("Can't reach the server");
    expect(offline.action).toBe('retry');
    expect(viewed.action).toBe('create');
  });

  it('explains a missing fragment', () => {
    const n = noticeFor({ kind: 'incomplete' });
    expect(n.heading).toBe('This link is incomplete');
    expect(n.body.join(' ')).toContain('after the #');
  });

  it('offers retry only where trying again can help', () => {
    const retryable = problems.filter((p) => noticeFor(p).action === 'retry').map((p) => p.kind);
    expect(new Set(retryable)).toEqual(new Set(['damaged', 'network', 'server_error', 'rate_limited', 'kdf_failed']));
  });

  it('names the passphrase states plainly', () => {
    expect(noticeFor({ kind: 'gone', reason: 'locked' }).heading).toBe('Destroyed after too many wrong passphrases');
    expect(noticeFor({ kind: 'damaged', cause: 'bad_kdf' }).heading).toBe(
      "This link's security parameters are invalid",
    );
    expect(noticeFor({ kind: 'deleted', already: undefined }).heading).toBe('Deleted');
    expect(noticeFor({ kind: 'deleted', already: 'viewed' }).body.join(' ')).toContain('nothing left to delete');
  });
});

describe('a deleted secret', () => {
  it('does not blame the sender: a recipient allowed to delete it gets the same answer from the server', () => {
    const n = noticeFor({ kind: 'gone', reason: 'deleted' });
    expect(n.heading).toBe('This secret was deleted');
    expect(n.heading).not.toMatch(/sender/);
    expect(n.body.join(' ')).toMatch(/by the sender, or by a recipient/);
  });
});

describe('view sentences', () => {
  const now = new Date('2026-11-21T14:05:00Z');
  const later = new Date('2026-11-22T14:05:00Z');
  const utc = { timeZone: 'UTC' };

  it('announces the last view', () => {
    expect(remainingAfterReveal(0, later, now, utc)).toBe(
      'This was the last view — the secret has been destroyed on the server.',
    );
  });

  it('counts the views left', () => {
    expect(remainingAfterReveal(2, later, now, utc)).toBe(
      '2 more views allowed until Sun 22 Nov, 14:05 (in 1 day). Anyone with the link can use them.',
    );
    expect(remainingAfterReveal(1, later, now, utc)).toMatch(/^1 more view allowed/);
  });

  it('describes files by count and padded total, and the download window after reveal', () => {
    expect(filesSummary({ count: 3, paddedBytes: 43_000_000 })).toBe('It holds 3 files, about 43 MB in total.');
    expect(filesSummary({ count: 1, paddedBytes: 512 })).toBe('It holds 1 file, about 512 bytes.');
    const window = new Date('2026-11-21T15:05:00Z');
    expect(remainingAfterFilesReveal(0, later, window, now, utc)).toBe(
      'This was the last view. Your downloads work until Sat 21 Nov, 15:05 (in 1 hour); then the files are deleted from the server.',
    );
    expect(remainingAfterFilesReveal(1, later, window, now, utc)).toMatch(
      /^1 more view allowed .* Your downloads work until Sat 21 Nov, 15:05 \(in 1 hour\)\.$/,
    );
    expect(noticeFor({ kind: 'not_ready', retry: 'meta' })).toMatchObject({
      heading: 'The files are still being uploaded',
      action: 'retry',
    });
  });

  it('stops counting at expiry, after reveal too (issue 13 §4.6), and says one view is "it"', () => {
    expect(remainingAfterReveal(1, later, now, utc)).toMatch(/Anyone with the link can use it\.$/);
    expect(remainingAfterReveal(2, now, later, utc)).toBe(
      'It has now expired: the link no longer opens, for you or anyone else.',
    );
    expect(remainingAfterFilesReveal(2, later, now, later, utc)).toBe(
      'The download window for this reveal has closed. The files can no longer be downloaded from this page.',
    );
  });

  it('tells a recipient who reloads after revealing what happened, not "incomplete" (issue 13 §4.8)', () => {
    expect(noticeFor({ kind: 'opened' }).heading).toBe('You have already opened this');
  });

  it('does not claim nobody opened an expired push', () => {
    expect(noticeFor({ kind: 'gone', reason: 'expired' }).body.join(' ')).not.toMatch(/nobody/i);
  });

  it('warns before the last view is used', () => {
    expect(beforeReveal(1, later, now, utc)).toBe(
      'It can be viewed once: after you reveal it, it is destroyed on the server. It expires in 1 day (Sun 22 Nov, 14:05).',
    );
    expect(beforeReveal(3, later, now, utc)).toMatch(/^It can still be viewed 3 times; revealing it uses one view\./);
  });
});

describe('attemptsLeftText', () => {
  it('warns before the last attempt', () => {
    expect(attemptsLeftText(5)).toBe('5 attempts left — the secret is destroyed after that.');
    expect(attemptsLeftText(1)).toBe('1 attempt left — a wrong passphrase now destroys the secret.');
  });
});
