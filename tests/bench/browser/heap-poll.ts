/**
 * JavaScript heap sizes during a benchmark phase: the page's (Performance.getMetrics, JSHeapUsedSize)
 * and the sum over its workers — the sealing workers while uploading (auto-attached to the page), the
 * download service worker while downloading (found with Target.getTargets) — from
 * Runtime.getHeapUsage on a session attached to each (attaching enables no domain). Polled every
 * `intervalMs`; the highest values are kept.
 */
import type { CdpConnection, CdpSession } from './cdp.ts';

/** A command to a target that may be going away (a worker being terminated) may never be answered. */
function within<T>(p: Promise<T>, ms = 2000): Promise<T | undefined> {
  return Promise.race([
    p.catch(() => undefined),
    new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref()),
  ]);
}

export type HeapPeaks = { page: number; workers: number; workerCount: number };

export class HeapPoll {
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  #offAttach: (() => void) | undefined;
  readonly #workers = new Map<string, CdpSession>();
  readonly peaks: HeapPeaks = { page: 0, workers: 0, workerCount: 0 };

  readonly #cdp: CdpConnection;
  readonly #page: CdpSession;
  readonly #contextId: string;

  private constructor(cdp: CdpConnection, page: CdpSession, contextId: string) {
    this.#cdp = cdp;
    this.#page = page;
    this.#contextId = contextId;
  }

  static async start(cdp: CdpConnection, page: CdpSession, contextId: string, intervalMs = 500): Promise<HeapPoll> {
    const poll = new HeapPoll(cdp, page, contextId);
    await page.send('Performance.enable');
    // Dedicated workers (the sealing pool) are not browser-level targets: the page's auto-attach
    // hands them over as they start. No domain is enabled on them, and none waits for a debugger.
    poll.#offAttach = page.on('Target.attachedToTarget', (p) => {
      const info = p['targetInfo'];
      const sessionId = p['sessionId'];
      if (typeof sessionId === 'string' && typeof info === 'object' && info !== null) {
        poll.#workers.set(String(Reflect.get(info, 'targetId')), cdp.session(sessionId));
      }
    });
    await page.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
    await poll.#tick();
    poll.#timer = setInterval(() => void poll.#tick(), intervalMs);
    return poll;
  }

  async #tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const metrics = await within(this.#page.send('Performance.getMetrics'));
      const list = Array.isArray(metrics?.['metrics']) ? metrics['metrics'] : [];
      for (const m of list) {
        if (typeof m === 'object' && m !== null && 'name' in m && m.name === 'JSHeapUsedSize' && 'value' in m) {
          this.peaks.page = Math.max(this.peaks.page, Number(m.value));
        }
      }
      await this.#attachWorkers();
      let sum = 0;
      for (const [id, session] of this.#workers) {
        const r = await within(session.send('Runtime.getHeapUsage'));
        if (r === undefined) this.#workers.delete(id);
        else sum += Number(r['usedSize'] ?? 0);
      }
      this.peaks.workers = Math.max(this.peaks.workers, sum);
      this.peaks.workerCount = Math.max(this.peaks.workerCount, this.#workers.size);
    } finally {
      this.#busy = false;
    }
  }

  async #attachWorkers(): Promise<void> {
    const root = this.#cdp.session(undefined);
    const r = await within(root.send('Target.getTargets'));
    const infos = Array.isArray(r?.['targetInfos']) ? r['targetInfos'] : [];
    for (const info of infos) {
      if (typeof info !== 'object' || info === null) continue;
      const targetId: unknown = Reflect.get(info, 'targetId');
      const type: unknown = Reflect.get(info, 'type');
      const browserContextId: unknown = Reflect.get(info, 'browserContextId');
      if (typeof targetId !== 'string' || browserContextId !== this.#contextId) continue;
      if (type !== 'service_worker' || this.#workers.has(targetId)) continue;
      const attached = await within(root.send('Target.attachToTarget', { targetId, flatten: true }));
      if (typeof attached?.['sessionId'] === 'string') {
        this.#workers.set(targetId, this.#cdp.session(attached['sessionId']));
      }
    }
  }

  async stop(): Promise<HeapPeaks> {
    clearInterval(this.#timer);
    while (this.#busy) await new Promise((r) => setTimeout(r, 20));
    await this.#tick();
    this.#offAttach?.();
    await within(this.#page.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false }));
    await within(this.#page.send('Performance.disable'));
    for (const s of this.#workers.values()) {
      if (s.id !== undefined) await within(this.#cdp.send('Target.detachFromTarget', { sessionId: s.id }));
    }
    return { ...this.peaks };
  }
}
