/**
 * Closed-loop HTTP/1.1 load generator: `connections` keep-alive sockets, each sending its next request
 * as soon as the previous answer is fully read, until `requests` have been sent. Requests are prepared
 * (bodies serialised) before the clock starts so the generator measures the server, not JSON.stringify.
 */
import { Agent, request } from 'node:http';

export interface PreparedRequest {
  method: string;
  path: string;
  body?: Buffer;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Responses whose status was not the expected one, by status (0 = transport error). */
  unexpected: Record<number, number>;
}

function once(agent: Agent, base: URL, req: PreparedRequest): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = {};
    if (req.body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = req.body.length;
    }
    const r = request(
      { agent, host: base.hostname, port: base.port, method: req.method, path: req.path, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    r.on('error', () => resolve(0));
    r.end(req.body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

export async function runLoad(options: {
  url: string;
  connections: number;
  requests: readonly PreparedRequest[];
  expectStatus: number;
  /** Stop sending at this performance.now() instant even if requests are left (a timed run). */
  until?: number;
}): Promise<LoadResult> {
  const base = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies = new Float64Array(options.requests.length);
  let sent = 0;
  const unexpected: Record<number, number> = {};
  let next = 0;

  const worker = async () => {
    const until = options.until ?? Infinity;
    for (let i = next++; i < options.requests.length && performance.now() < until; i = next++) {
      const t0 = performance.now();
      const status = await once(agent, base, options.requests[i]!);
      latencies[sent++] = performance.now() - t0;
      if (status !== options.expectStatus) unexpected[status] = (unexpected[status] ?? 0) + 1;
    }
  };

  const start = performance.now();
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();

  const sorted = latencies.slice(0, sent).sort();
  return {
    requests: sent,
    seconds,
    rps: sent / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    unexpected,
  };
}
