import { describe, expect, it } from 'vitest';
import { idleRows, isDamaged, percent, runningFraction, settledRow, summarize, type Row } from './download-rows.ts';

describe('rows', () => {
  it('start idle, one per file', () => {
    expect(idleRows(2)).toEqual([{ kind: 'idle' }, { kind: 'idle' }]);
    expect(idleRows(0)).toEqual([]);
  });

  it('settle as done or as ended with the outcome', () => {
    expect(settledRow({ outcome: { kind: 'ok' }, via: 'worker' })).toEqual({ kind: 'done' });
    expect(settledRow({ outcome: { kind: 'network' } })).toEqual({ kind: 'ended', outcome: { kind: 'network' } });
  });

  it('only a corrupt file counts as damaged', () => {
    expect(isDamaged({ kind: 'ended', outcome: { kind: 'corrupt' } })).toBe(true);
    expect(isDamaged({ kind: 'ended', outcome: { kind: 'cancelled' } })).toBe(false);
    expect(isDamaged({ kind: 'done' })).toBe(false);
  });

  it('percent rounds down; an empty file has no fraction while running', () => {
    expect(percent(0.999)).toBe('99%');
    expect(percent(1)).toBe('100%');
    expect(runningFraction(50, 200)).toBe(0.25);
    expect(runningFraction(0, 0)).toBe(0);
  });
});

describe('summarize', () => {
  const sizes = [1000, 3000];

  it('before any download: the count and exact total', () => {
    expect(summarize(idleRows(2), sizes)).toEqual({
      busy: false,
      allDone: false,
      damaged: false,
      doneBytes: 0,
      total: 4000,
      overall: 0,
      label: '2 files · 4 kB',
    });
    expect(summarize(idleRows(1), [1]).label).toBe('1 file · 1 byte');
  });

  it('while one runs: done files plus the running bytes', () => {
    const rows: Row[] = [{ kind: 'done' }, { kind: 'running', bytes: 1000 }];
    expect(summarize(rows, sizes)).toMatchObject({ busy: true, doneBytes: 2000, overall: 0.5 });
    expect(summarize(rows, sizes).label).toBe('Downloading · 50%');
  });

  it('between downloads: how many are done', () => {
    const rows: Row[] = [{ kind: 'done' }, { kind: 'ended', outcome: { kind: 'corrupt' } }];
    expect(summarize(rows, sizes)).toMatchObject({ busy: false, damaged: true, label: '1 of 2 files downloaded' });
  });

  it('all done, also when every file is empty', () => {
    expect(summarize([{ kind: 'done' }, { kind: 'done' }], sizes)).toMatchObject({
      allDone: true,
      overall: 1,
      label: 'All files downloaded',
    });
    expect(summarize([{ kind: 'done' }], [0]).overall).toBe(1);
    expect(summarize(idleRows(1), [0]).overall).toBe(0);
  });
});
