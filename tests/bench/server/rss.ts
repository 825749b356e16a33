/**
 * A server process's resident set size (RSS), read from outside: idle from /proc (Linux), peak from
 * the `rss-peak <bytes>` lines tests/support/rss-sampler.ts writes to the child's stderr.
 */
import { readFileSync } from 'node:fs';
import type { ServerProcess } from '../../support/server-process.ts';

/** VmRSS in bytes after start-up has settled (1 s with no requests: lazy start-up work is done). */
export async function idleRss(server: ServerProcess): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const status = readFileSync(`/proc/${server.child.pid ?? 0}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error('no VmRSS in /proc/<pid>/status (Linux only)');
  return Number(kb) * 1024;
}

/** The highest RSS the sampler has reported so far. */
export function peakRss(server: ServerProcess): number {
  let peak = 0;
  for (const line of server.logs) {
    const m = /^err: rss-peak (\d+)$/.exec(line);
    if (m) peak = Math.max(peak, Number(m[1]));
  }
  return peak;
}
