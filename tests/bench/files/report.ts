/**
 * The report of `pnpm bench:files` (bench.ts): the machine and command it ran on, the timings
 * of each round's four phases (phases.ts) with the app/bare ratios and their medians against
 * the ≤ 1.5× aim, the peak memory per phase, the server's VmHWM per size and the server's side of the
 * app phases from its request log — the Markdown block docs/performance.md "File pushes" shows.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { REPO_ROOT } from '../../support/server-process.ts';
import { CHROMIUM_PATH } from '../../support/chromium.ts';
import type { Measured } from './phases.ts';
import type { LogStats } from '../server/log-stats.ts';

export const MiB = 1024 * 1024;

/** (a) app upload, (b) app download, (c) bare upload, (d) bare download (phases.ts). */
export type Phase = 'a' | 'b' | 'c' | 'd';
export type RoundResult = {
  size: number;
  round: number;
  order: string;
  load: number;
  phases: Partial<Record<Phase, Measured & { server?: LogStats; pageMs?: number }>>;
};
/** The server's VmHWM (bytes) after all rounds of one size. */
export type SizeHwm = { size: number; server: number };

/** How the run was set up, as the report states it. */
export type ReportSetup = {
  sizes: readonly number[];
  rounds: number;
  baseline: boolean;
  /** The command line's arguments, as shown (without --doc, a path on the machine that ran it). */
  shownArgs: readonly string[];
  /** Browser.getVersion's product, e.g. Chrome/…. */
  chromium: string;
};

export const mib = (bytes: number): string => (bytes / MiB).toFixed(0);
export const secs = (ms: number): string => (ms / 1000).toFixed(1);
export const rate = (bytes: number, ms: number): string => (bytes / MiB / (ms / 1000)).toFixed(0);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function machine(setup: ReportSetup): string[] {
  const git = (a: string[]) => {
    try {
      return execFileSync('git', a, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  const dirty =
    git(['status', '--porcelain', '--', 'web', 'shared', 'api', 'tests/bench']) === ''
      ? ''
      : ' (with uncommitted changes)';
  const { sizes, rounds, shownArgs } = setup;
  const cpu = cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    // A run from an extracted copy of the tree (git archive) names its commit in ZKPUSH_BENCH_COMMIT.
    `- Commit: ${process.env['ZKPUSH_BENCH_COMMIT'] ?? git(['rev-parse', '--short', 'HEAD']) + dirty}`,
    `- CPU: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}; load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} (1/5/15 min)`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Linux ${release()}; Node ${process.version}; ${setup.chromium} (${CHROMIUM_PATH}, headless)`,
    `- Command: \`pnpm bench:files${shownArgs.length ? ' -- ' + shownArgs.join(' ') : ''}\` (sizes ${sizes.map(mib).join(', ')} MiB, ${rounds} round${rounds === 1 ? '' : 's'} each after a 16 MiB warm-up)`,
  ];
}

export function renderReport(results: readonly RoundResult[], hwm: readonly SizeHwm[], setup: ReportSetup): string {
  const lines = [...machine(setup), ''];
  lines.push(
    '| size | round | order | load (1 min) | (a) app upload | (c) bare upload | (a)/(c) | (b) app download | (d) bare download | (b)/(d) |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const cell = (r: RoundResult, p: Phase): string => {
    const m = r.phases[p];
    return m ? `${secs(m.ms)} s (${rate(r.size, m.ms)} MiB/s)` : '–';
  };
  const ratio = (r: RoundResult, x: Phase, y: Phase): number =>
    r.phases[x] && r.phases[y] ? r.phases[x].ms / r.phases[y].ms : NaN;
  for (const r of results) {
    lines.push(
      `| ${mib(r.size)} MiB | ${r.round} | ${r.order} | ${r.load.toFixed(1)} | ${cell(r, 'a')} | ${cell(r, 'c')} | ${ratio(r, 'a', 'c').toFixed(2)} | ${cell(r, 'b')} | ${cell(r, 'd')} | ${ratio(r, 'b', 'd').toFixed(2)} |`,
    );
  }
  lines.push('');
  const summary: string[] = [];
  for (const size of setup.sizes) {
    const rs = results.filter((r) => r.size === size);
    const up = median(rs.map((r) => ratio(r, 'a', 'c')));
    const down = median(rs.map((r) => ratio(r, 'b', 'd')));
    if (setup.baseline) {
      summary.push(
        `${mib(size)} MiB: upload ${up.toFixed(2)}× and download ${down.toFixed(2)}× the unencrypted time (median of ${rs.length}; aim ≤ 1.5×: ${up <= 1.5 ? 'met' : 'missed'} / ${down <= 1.5 ? 'met' : 'missed'})`,
      );
    }
  }
  if (summary.length) lines.push(`**${summary.join('; ')}.**`, '');

  lines.push(
    'Peak memory per phase (highest over the rounds; RSS summed over every Chromium process, so shared pages count more than once; RssAnon is the private part):',
    '',
    '| size | phase | Chromium RSS | Chromium RssAnon | processes | page JS heap | workers JS heap | server RSS |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const names: Record<Phase, string> = {
    a: '(a) app upload',
    b: '(b) app download',
    c: '(c) bare upload',
    d: '(d) bare download',
  };
  for (const size of setup.sizes) {
    for (const p of ['a', 'b', 'c', 'd'] as const) {
      const ms = results.filter((r) => r.size === size).flatMap((r) => (r.phases[p] ? [r.phases[p]] : []));
      if (ms.length === 0) continue;
      const max = (f: (m: Measured) => number) => Math.max(...ms.map(f));
      lines.push(
        `| ${mib(size)} MiB | ${names[p]} | ${mib(max((m) => m.peaks.browserRss))} MiB | ${mib(max((m) => m.peaks.browserAnon))} MiB | ${max((m) => m.peaks.processes)} | ${(max((m) => m.heap.page) / MiB).toFixed(1)} MiB | ${(max((m) => m.heap.workers) / MiB).toFixed(1)} MiB (${max((m) => m.heap.workerCount)}) | ${mib(max((m) => m.peaks.serverRss))} MiB |`,
      );
    }
  }
  lines.push('');
  lines.push(
    `Server VmHWM (the kernel's peak RSS of the server process since it started) after each size: ${hwm.map((h) => `${mib(h.size)} MiB → ${mib(h.server)} MiB`).join(', ')}.`,
    '',
  );
  lines.push(
    'Server side of the app phases (its request log, medians over the rounds):',
    '',
    '| size | chunk PUTs | PUT median ms | PUT total s (summed over requests) | finalise ms | blob GETs |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const size of setup.sizes) {
    const rs = results.filter((r) => r.size === size);
    const a = rs.flatMap((r) => (r.phases.a?.server ? [r.phases.a.server] : []));
    const b = rs.flatMap((r) => (r.phases.b?.server ? [r.phases.b.server] : []));
    if (a.length === 0) continue;
    lines.push(
      `| ${mib(size)} MiB | ${median(a.map((s) => s.put.count))} | ${median(a.map((s) => s.put.medianMs)).toFixed(1)} | ${secs(median(a.map((s) => s.put.sumMs)))} | ${median(a.map((s) => s.finalizeMs)).toFixed(0)} | ${median(b.map((s) => s.get.count))} |`,
    );
  }
  return lines.join('\n');
}
