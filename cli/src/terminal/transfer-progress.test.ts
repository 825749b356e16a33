import { describe, expect, test } from 'vitest';
import { fakeContext } from '../testing/context.ts';
import { transferProgress } from './transfer-progress.ts';

const MiB = 1024 ** 2;
// eslint-disable-next-line no-control-regex -- stripping the escape sequences the display is made of
const CONTROLS = /\u001b\[[0-9]*[A-Z]/g;

describe('transfer progress', () => {
  test('writes nothing when stderr is not a terminal, or with --quiet', () => {
    for (const [stderrTTY, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const ctx = fakeContext({ stderrTTY });
      const p = transferProgress(ctx, { quiet, verb: 'Uploading', names: ['a'] });
      p.update([{ done: 1, total: 2 }]);
      p.fail(0);
      p.done();
      expect(ctx.stderrText()).toBe('');
    }
  });

  test('on a terminal: a line per file and one overall with speed and time left, redrawn, then erased', () => {
    let now = 0;
    const ctx = fakeContext({ stderrTTY: true, stderrColumns: 100 });
    const clock = { ...ctx, now: () => now };
    const p = transferProgress(clock, { quiet: false, verb: 'Uploading', names: ['big.iso', 'notes\u001b[2J.txt'] });
    p.update([
      { done: 0, total: 10 * MiB },
      { done: 0, total: 512 },
    ]);
    now = 2000;
    p.update([
      { done: 4 * MiB, total: 10 * MiB },
      { done: 0, total: 512 },
    ]);
    // Throttled: a moment later nothing is redrawn…
    now = 2050;
    const before = ctx.stderrText().length;
    p.update([
      { done: 5 * MiB, total: 10 * MiB },
      { done: 0, total: 512 },
    ]);
    expect(ctx.stderrText().length).toBe(before);
    // …but a change of phase is.
    p.update(
      [
        { done: 10 * MiB, total: 10 * MiB, complete: true },
        { done: 512, total: 512, complete: true },
      ],
      'Finishing',
    );
    p.done();
    const out = ctx.stderrText();
    expect(out).toContain('big.iso');
    expect(out).toContain(' 40%   4 MiB of 10 MiB');
    expect(out).toContain('Uploading 2 files: 39% of 10 MiB · 2 MiB/s · about 3 seconds left');
    expect(out).toContain('Finishing 2 files: 100%');
    expect(out).toContain('done   512 bytes');
    // The sender's file name cannot drive the terminal.
    expect(out).not.toContain('\u001b[2J');
    expect(out).toContain('notes\\u001b[2J.txt');
    // Redrawn in place (cursor up over the three lines), erased at the end.
    expect(out).toContain('\r\u001b[2A');
    expect(out.endsWith('\r\u001b[2A\u001b[J')).toBe(true);
    for (const line of out.split(/\r|\n/)) expect(line.replace(CONTROLS, '').length).toBeLessThan(100);
  });

  test('lines are cut to the width of the terminal', () => {
    const ctx = fakeContext({ stderrTTY: true, stderrColumns: 30 });
    const p = transferProgress(ctx, { quiet: false, verb: 'Downloading', names: ['x'.repeat(80)] });
    p.update([{ done: 1, total: 3 }]);
    for (const line of ctx.stderrText().split(/\r|\n/)) {
      expect(line.replace(CONTROLS, '').length).toBeLessThanOrEqual(29);
    }
  });
});
