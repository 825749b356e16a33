/**
 * Progress of a file upload or download on stderr — one line per file and one overall, with speed
 * and time left — redrawn in place, at most ten times a second, and erased when done. Only for a
 * person watching: when stderr is not a terminal (scripts, CI logs) or with --quiet nothing at all
 * is written. Lines are cut to the terminal's width so they never wrap (which would break redrawing).
 */
import { formatBytes } from '@zkpush/shared/byte-format';
import { createRateMeter, describeRate } from '@zkpush/shared/transfer-rate';
import type { Context } from '../runtime/context.ts';
import { terminalMessages as m } from './messages.ts';
import { printable } from './terminal-text.ts';

/** Bytes of one file done so far; `complete` once it is through (an empty file has no bytes to count). */
export type FileTransfer = { done: number; total: number; complete?: boolean };

interface TransferProgress {
  /** Bytes done per file (in manifest order); `status` replaces the overall line's verb, e.g. "Reconnecting". */
  update(files: readonly FileTransfer[], status?: string): void;
  /** Marks a file as failed, so its line says so until the display is erased. */
  fail(file: number): void;
  /** Erases the display. */
  done(): void;
}

const REDRAW_MS = 100;
const NONE: TransferProgress = { update: () => {}, fail: () => {}, done: () => {} };
// ECMA-48: CR, cursor up n (CUU), erase line (EL 2), erase below (ED 0).
const up = (n: number): string => (n > 0 ? `\u001b[${n}A` : '');
const ERASE_LINE = '\u001b[2K';
const ERASE_BELOW = '\u001b[J';

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

const percent = (t: FileTransfer): number => (t.total === 0 ? 100 : Math.floor((t.done / t.total) * 100));

export function transferProgress(
  ctx: Pick<Context, 'stderr' | 'now'>,
  options: { quiet: boolean; verb: string; names: readonly string[] },
): TransferProgress {
  if (options.quiet || !ctx.stderr.isTTY) return NONE;
  const names = options.names.map((n) => printable(n));
  const nameWidth = Math.min(32, Math.max(1, ...names.map((n) => n.length)));
  const failed = new Set<number>();
  const meter = createRateMeter(() => ctx.now());
  let drawn = 0;
  let last = -Infinity;
  let latest: readonly FileTransfer[] = names.map(() => ({ done: 0, total: 0 }));
  let latestStatus: string | undefined;

  function fileLine(i: number, t: FileTransfer): string {
    const name = cut(names[i]!, nameWidth).padEnd(nameWidth);
    if (failed.has(i)) return m.fileFailed(name);
    if (t.complete) return m.fileDone(name, formatBytes(t.total));
    if (t.done === 0) return m.fileWaiting(name);
    return m.fileProgress(name, String(percent(t)).padStart(3), formatBytes(t.done), formatBytes(t.total));
  }

  function draw(): void {
    const done = latest.reduce((n, t) => n + t.done, 0);
    const total = latest.reduce((n, t) => n + t.total, 0);
    meter.sample(done, total);
    // A pty without a size reports 0 columns: take 80 then.
    const columns = ctx.stderr.columns || 80;
    const width = Math.max(20, columns - 1);
    const what = m.overall(
      latestStatus ?? options.verb,
      m.fileCount(names.length),
      percent({ done, total }),
      formatBytes(total),
    );
    const overall = [what, describeRate(meter)].filter(Boolean).join(' · ');
    const lines = [...latest.map((t, i) => fileLine(i, t)), overall].map((l) => ERASE_LINE + cut(l, width));
    ctx.stderr.write(`\r${up(drawn - 1)}${lines.join('\n')}`);
    drawn = lines.length;
  }

  return {
    update(files, status) {
      latest = files;
      const changed = status !== latestStatus;
      latestStatus = status;
      const now = ctx.now();
      if (!changed && now - last < REDRAW_MS) return;
      last = now;
      draw();
    },
    fail(file) {
      failed.add(file);
      draw();
    },
    done() {
      if (drawn > 0) ctx.stderr.write(`\r${up(drawn - 1)}${ERASE_BELOW}`);
      drawn = 0;
    },
  };
}
