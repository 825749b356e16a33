/**
 * Browser downloads as the browser's own download manager reports them (Browser.downloadWillBegin
 * and Browser.downloadProgress, enabled per context by Browser.setDownloadBehavior with
 * eventsEnabled): the moment a download is complete on disk, or that it failed.
 */
import type { CdpSession } from '../browser/cdp.ts';

export type Finished = { state: 'completed' | 'canceled'; receivedBytes: number; at: number; guid: string };
export type Started = { guid: string; suggestedFilename: string; finished: Promise<Finished> };

export class DownloadWatch {
  readonly #waiting: ((s: Started) => void)[] = [];
  readonly #ends = new Map<string, (f: Finished) => void>();
  readonly #off: (() => void)[];

  constructor(root: CdpSession) {
    this.#off = [
      root.on('Browser.downloadWillBegin', (p) => {
        const guid = String(p['guid']);
        const finished = new Promise<Finished>((resolve) => this.#ends.set(guid, resolve));
        this.#waiting.shift()?.({ guid, suggestedFilename: String(p['suggestedFilename']), finished });
      }),
      root.on('Browser.downloadProgress', (p) => {
        const state = p['state'];
        if (state !== 'completed' && state !== 'canceled') return;
        const guid = String(p['guid']);
        this.#ends.get(guid)?.({ state, receivedBytes: Number(p['receivedBytes']), at: performance.now(), guid });
        this.#ends.delete(guid);
      }),
    ];
  }

  /** The next download to begin (call before triggering it). */
  next(): Promise<Started> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  close(): void {
    for (const off of this.#off) off();
  }
}
