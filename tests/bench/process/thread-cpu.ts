/**
 * Where a benchmark phase's CPU time went, thread by thread, from Linux's /proc (proc(5):
 * /proc/<pid>/task/<tid>/stat fields 14–15, utime + stime in clock ticks; `comm` is the thread's
 * name). Chromium names its threads (CrRendererMain, DedicatedWorker thread, ServiceWorker thread,
 * Chrome_ChildIOThread, ThreadPoolForeg…) and its processes carry `--type=` (renderer, gpu-process,
 * utility with a service name), so the grouping reads as "the service worker's thread in the
 * renderer", "the network service", "the server's main thread".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { processTree } from './memory.ts';

const TICK_MS = 10; // USER_HZ = 100 on every mainstream Linux build (cpu.ts reads it properly)

function processKind(pid: number, label: string): string {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return `${label}?`;
  }
  const type = /--type=(\S+)/.exec(cmdline)?.[1];
  if (type === undefined) return label;
  const service = /--utility-sub-type=(?:[\w.]+\.mojom\.)?(\w+)/.exec(cmdline)?.[1];
  return `${label} ${type}${service ? ` ${service}` : ''}`;
}

type Thread = { tid: string; comm: string; ticks: number };

function threads(pid: number): Thread[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: Thread[] = [];
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Thread names that end in a counter (ThreadPoolForegroundWorker3) are grouped.
      out.push({ tid, comm: comm.replace(/\d+$/, ''), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/**
 * Follows every thread of `browserPid`'s process tree and of `serverPid` while it runs, sampling
 * every `intervalMs`, so threads that end within the phase (the sealing workers, a closed
 * context's renderer) still count up to their last sample.
 */
export class ThreadCpu {
  readonly #browserPid: number;
  readonly #serverPid: number;
  readonly #first = new Map<string, number>();
  readonly #last = new Map<string, { key: string; ticks: number }>();
  readonly #kinds = new Map<number, string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(browserPid: number, serverPid: number) {
    this.#browserPid = browserPid;
    this.#serverPid = serverPid;
  }

  #sample(initial: boolean): void {
    const pids = [
      ...processTree(this.#browserPid).map((pid) => [pid, 'chromium'] as const),
      [this.#serverPid, 'server'] as const,
    ];
    for (const [pid, label] of pids) {
      let kind = this.#kinds.get(pid);
      if (kind === undefined) this.#kinds.set(pid, (kind = label === 'server' ? 'server' : processKind(pid, label)));
      for (const t of threads(pid)) {
        const id = `${pid}/${t.tid}`;
        // A thread first seen after the start was born during the phase: it counts from zero.
        if (!this.#first.has(id)) this.#first.set(id, initial ? t.ticks : 0);
        this.#last.set(id, { key: `${kind} · ${t.comm}`, ticks: t.ticks });
      }
    }
  }

  start(intervalMs = 250): void {
    this.#first.clear();
    this.#last.clear();
    this.#sample(true);
    this.#timer = setInterval(() => this.#sample(false), intervalMs);
  }

  /** CPU ms per group since `start`, largest first, groups under `minMs` left out. */
  stop(minMs = 100): { key: string; ms: number }[] {
    clearInterval(this.#timer);
    this.#sample(false);
    const sums = new Map<string, number>();
    for (const [id, { key, ticks }] of this.#last) {
      sums.set(key, (sums.get(key) ?? 0) + (ticks - (this.#first.get(id) ?? 0)) * TICK_MS);
    }
    return [...sums]
      .map(([key, ms]) => ({ key, ms }))
      .filter((g) => g.ms >= minMs)
      .sort((a, b) => b.ms - a.ms);
  }
}
