/**
 * CPU time (user + system, all threads) a process has used so far, in microseconds, from Linux's
 * /proc/<pid>/stat (proc(5): fields 14 utime and 15 stime, in clock ticks). NaN where /proc is not
 * available, so the benchmark still runs elsewhere and reports the column as unknown.
 *
 * Throughput on a shared machine moves with whatever else runs; the CPU a request costs the server
 * moves much less, which makes it the steadier of the two comparisons with the bare route.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100; // USER_HZ on every mainstream Linux build
    }
  }
  return ticksPerSecond;
}

export function processCpuMicros(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return NaN;
  }
  // The command name (field 2) is in parentheses and may contain spaces; count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / clockTicks();
}
