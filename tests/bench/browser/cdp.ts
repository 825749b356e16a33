/**
 * A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe` (the browser reads
 * NUL-terminated JSON commands on fd 3 and writes answers and events on fd 4), with flat sessions
 * (Target.attachToTarget { flatten: true }: one pipe, a sessionId per target).
 *
 * The file-push benchmark drives Chromium through this instead of Playwright because Playwright
 * enables the Network domain (and more) on every page, worker and service worker it attaches to,
 * which costs the browser itself: docs/performance.md "File pushes" has the measurements. Here
 * nothing is enabled unless the caller sends the `*.enable` itself.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Params = { [key: string]: Json | undefined };
type Message = {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
  sessionId?: string;
};
type Listener = (params: unknown, sessionId: string | undefined) => void;

/** ZKPUSH_BENCH_CDP_DEBUG=1 logs every command and answer to stderr. */
const DEBUG = process.env['ZKPUSH_BENCH_CDP_DEBUG'] === '1';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

export class CdpError extends Error {
  constructor(method: string, error: unknown) {
    super(
      `${method}: ${isRecord(error) && typeof error['message'] === 'string' ? error['message'] : JSON.stringify(error)}`,
    );
    this.name = 'CdpError';
  }
}

export interface CdpSession {
  readonly id: string | undefined;
  send(method: string, params?: Params): Promise<Record<string, unknown>>;
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void;
}

export class CdpConnection {
  #nextId = 1;
  readonly #pending = new Map<
    number,
    {
      method: string;
      sessionId: string | undefined;
      resolve: (r: Record<string, unknown>) => void;
      reject: (e: Error) => void;
    }
  >();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #out: Writable;
  #buffer = '';
  #closed = false;
  /** Characters received from the browser so far (what instrumentation costs the pipe). */
  receivedChars = 0;

  constructor(child: ChildProcess) {
    const out = child.stdio[3];
    const input = child.stdio[4];
    if (!isWritable(out) || !isReadable(input)) throw new Error('the browser was not started with pipes on fd 3 and 4');
    this.#out = out;
    input.setEncoding('utf8');
    input.on('data', (text: string) => this.#receive(text));
    input.on('close', () => this.#close(new Error('the browser closed the DevTools pipe')));
    out.on('error', () => undefined);
  }

  #receive(text: string): void {
    this.receivedChars += text.length;
    this.#buffer += text;
    for (let end = this.#buffer.indexOf('\0'); end >= 0; end = this.#buffer.indexOf('\0')) {
      const raw = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 1);
      const msg: unknown = JSON.parse(raw);
      if (isRecord(msg)) this.#dispatch(msg);
    }
  }

  #dispatch(msg: Message): void {
    if (typeof msg.id === 'number') {
      const call = this.#pending.get(msg.id);
      if (!call) return;
      this.#pending.delete(msg.id);
      if (DEBUG) console.error(`cdp ← ${msg.id} ${call.method}${msg.error === undefined ? '' : ' error'}`);
      if (msg.error !== undefined) call.reject(new CdpError(call.method, msg.error));
      else call.resolve(isRecord(msg.result) ? msg.result : {});
      return;
    }
    if (typeof msg.method !== 'string') return;
    if (msg.method === 'Target.detachedFromTarget' && isRecord(msg.params)) {
      // A target that went away (a terminated worker) answers nothing more.
      const gone = msg.params['sessionId'];
      for (const [id, call] of this.#pending) {
        if (call.sessionId !== gone) continue;
        this.#pending.delete(id);
        call.reject(new Error(`${call.method}: the target went away`));
      }
    }
    for (const key of [`${msg.sessionId ?? ''}:${msg.method}`, `*:${msg.method}`]) {
      for (const listener of this.#listeners.get(key) ?? []) listener(msg.params, msg.sessionId);
    }
  }

  #close(error: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
  }

  send(method: string, params: Params = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.#closed) return Promise.reject(new Error(`${method}: the DevTools pipe is closed`));
    const id = this.#nextId++;
    if (DEBUG) console.error(`cdp → ${id} ${method} ${sessionId ?? 'browser'}`);
    const message = JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) });
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { method, sessionId, resolve, reject });
      this.#out.write(message + '\0');
    });
  }

  /** Events of one session (`sessionId`), of the browser (undefined) or of every session ('*'). */
  on(method: string, sessionId: string | undefined, listener: Listener): () => void {
    const key = `${sessionId ?? ''}:${method}`;
    let set = this.#listeners.get(key);
    if (!set) this.#listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  session(sessionId: string | undefined): CdpSession {
    return {
      id: sessionId,
      send: (method, params) => this.send(method, params, sessionId),
      on: (method, listener) => this.on(method, sessionId, (p) => listener(isRecord(p) ? p : {})),
    };
  }
}

function isWritable(s: unknown): s is Writable {
  return isRecord(s) && typeof s['write'] === 'function';
}
function isReadable(s: unknown): s is Readable {
  return isRecord(s) && typeof s['on'] === 'function' && typeof s['setEncoding'] === 'function';
}

/** A string field of a CDP result, or an error naming what was missing. */
export function str(result: Record<string, unknown>, key: string): string {
  const value = result[key];
  if (typeof value !== 'string') throw new Error(`CDP result has no string ${key}: ${JSON.stringify(result)}`);
  return value;
}

/**
 * Runtime.evaluate of `expression` (awaiting a promise) in the session's page, returning the value
 * by JSON; a thrown exception becomes an Error with the page's message.
 */
export async function evaluate(session: CdpSession, expression: string): Promise<unknown> {
  const r = await session.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  const exception = r['exceptionDetails'];
  if (exception !== undefined) {
    const ex = isRecord(exception) ? exception : {};
    const obj = isRecord(ex['exception']) ? ex['exception'] : {};
    throw new Error(`in the page: ${String(obj['description'] ?? ex['text'] ?? JSON.stringify(exception))}`);
  }
  const result = isRecord(r['result']) ? r['result'] : {};
  return result['value'];
}
