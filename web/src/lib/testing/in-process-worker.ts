/**
 * A pool worker (worker-pool.ts) that runs the real worker handler in-process: requests are
 * structured-cloned with their transfers (so moved buffers detach, as with a real worker), answers
 * arrive on a later task. `hold` keeps requests unanswered; `emit` fakes a worker event.
 */
import type { PoolWorkerLike } from '#lib/workers/worker-pool.ts';

type Handler = (post: (message: unknown) => void) => (data: unknown) => void;

export class InProcessWorker<Request> implements PoolWorkerLike<Request> {
  readonly requests: Request[] = [];
  /** How many buffers each request transferred. */
  readonly transfers: number[] = [];
  terminated = false;
  hold = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<unknown>) => void)[]>();
  private readonly handle: (data: unknown) => void;

  constructor(handler: Handler) {
    this.handle = handler((message) => setTimeout(() => this.emit('message', message), 0));
  }

  postMessage(message: Request, transfer: Transferable[]): void {
    this.requests.push(message);
    this.transfers.push(transfer.length);
    if (!this.hold) this.handle(structuredClone(message, { transfer }));
  }
  addEventListener(type: string, listener: (event: MessageEvent<unknown>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(type: string, data?: unknown): void {
    if (this.terminated) return;
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data }));
  }
}
