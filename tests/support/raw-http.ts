/**
 * Sends exact bytes over a TCP socket and reads whatever comes back until the server closes the
 * connection (or a timeout): for requests `fetch` refuses to produce — oversized headers, lying
 * Content-Length, truncated bodies.
 */
import { connect } from 'node:net';

export interface RawResponse {
  /** 0 when the server closed the connection without an HTTP answer. */
  status: number;
  head: string;
  body: string;
  /** True if we gave up waiting (the server neither answered nor closed). */
  timedOut: boolean;
}

export function rawRequest(
  port: number,
  chunks: readonly (string | Uint8Array)[],
  options: { timeoutMs?: number; endAfterWrite?: boolean } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const received: Uint8Array[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, options.timeoutMs ?? 5_000);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      if (options.endAfterWrite) socket.end();
    });
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // A server may reset the connection right after answering an oversized request.
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') {
        clearTimeout(timer);
        reject(e);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(received).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const body = split < 0 ? '' : text.slice(split + 4);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: m ? Number(m[1]) : 0, head, body, timedOut });
    });
  });
}

/** A complete HTTP/1.1 request with `Connection: close`, so the server closes after answering. */
export function httpRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Uint8Array = '',
): (string | Uint8Array)[] {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (
    !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding')
  ) {
    lines.push(`Content-Length: ${bytes.length}`);
  }
  return [lines.join('\r\n') + '\r\n\r\n', bytes];
}
