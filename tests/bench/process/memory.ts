/**
 * Resident memory of a process, or of a whole process tree (Chromium: browser, renderers, GPU,
 * network and storage services, utility processes), from Linux's /proc (proc(5)): VmRSS, its
 * anonymous part RssAnon, and VmHWM (the kernel's own peak RSS of one process).
 *
 * Summed RSS counts shared pages (the Chromium binary, shared memory between processes) once per
 * process, so it overstates what the tree really uses; RssAnon (private heap and stack, no file
 * mappings) is the better measure of "memory that grows with the file", and the report gives both.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type Rss = { rss: number; anon: number };

function statusField(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

function readStatus(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // gone between listing and reading
  }
}

/** VmRSS and RssAnon of one process, in bytes (zeros if it is gone). */
export function processRss(pid: number): Rss {
  const status = readStatus(pid);
  return status === undefined
    ? { rss: 0, anon: 0 }
    : { rss: statusField(status, 'VmRSS'), anon: statusField(status, 'RssAnon') };
}

/** VmHWM of one process (peak RSS since it started), in bytes. */
export function processHwm(pid: number): number {
  const status = readStatus(pid);
  return status === undefined ? 0 : statusField(status, 'VmHWM');
}

/** `root` and every process descended from it. */
export function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

export function treeRss(root: number, pids = processTree(root)): Rss & { processes: number } {
  let rss = 0;
  let anon = 0;
  for (const pid of pids) {
    const r = processRss(pid);
    rss += r.rss;
    anon += r.anon;
  }
  return { rss, anon, processes: pids.length };
}

export type Peaks = { browserRss: number; browserAnon: number; serverRss: number; pageHeap: number; processes: number };

/**
 * Samples the browser's process tree and the server's RSS every `intervalMs` (plus anything the
 * caller feeds in with `heap`), keeping the highest values since the last `reset`.
 */
export class PeakSampler {
  #peaks: Peaks = PeakSampler.#zero();
  #timer: NodeJS.Timeout | undefined;
  #tree: number[] = [];
  #samples = 0;

  readonly #browserPid: number;
  readonly #serverPid: number;
  readonly #intervalMs: number;

  constructor(browserPid: number, serverPid: number, intervalMs = 100) {
    this.#browserPid = browserPid;
    this.#serverPid = serverPid;
    this.#intervalMs = intervalMs;
  }

  static #zero(): Peaks {
    return { browserRss: 0, browserAnon: 0, serverRss: 0, pageHeap: 0, processes: 0 };
  }

  sample(): void {
    // Listing /proc is the expensive part: refresh the tree every tenth sample (new renderers).
    if (this.#samples++ % 10 === 0) this.#tree = processTree(this.#browserPid);
    const b = treeRss(this.#browserPid, this.#tree);
    const s = processRss(this.#serverPid);
    const p = this.#peaks;
    p.browserRss = Math.max(p.browserRss, b.rss);
    p.browserAnon = Math.max(p.browserAnon, b.anon);
    p.processes = Math.max(p.processes, b.processes);
    p.serverRss = Math.max(p.serverRss, s.rss);
  }

  heap(bytes: number): void {
    this.#peaks.pageHeap = Math.max(this.#peaks.pageHeap, bytes);
  }

  start(): void {
    this.#timer ??= setInterval(() => this.sample(), this.#intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The peaks since the last reset (sampled once more now), and a fresh start. */
  take(): Peaks {
    this.#samples = 0;
    this.sample();
    const out = this.#peaks;
    this.#peaks = PeakSampler.#zero();
    return out;
  }
}
