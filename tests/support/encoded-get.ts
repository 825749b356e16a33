/**
 * A GET (or HEAD) that returns the bytes as they crossed the wire: `fetch` decodes brotli and gzip
 * itself, node:http does not. For checking Content-Encoding and Content-Length against the body, and
 * for counting transferred bytes (tests/sea, tests/bench/page-bytes.ts).
 */
import { request } from 'node:http';

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body exactly as received (still encoded). */
  readonly body: Buffer;
}

export function getEncoded(url: string, acceptEncoding: string | undefined, method = 'GET'): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
