/**
 * The requests the server benchmarks send (`pnpm bench`, `pnpm bench:synchronous`): 1 KiB text
 * secrets sealed for real, and one-view pushes created before the clock starts so that a timed run
 * of reveals measures reveals only. Shared so both benchmarks measure the same work.
 */
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { keyProofFor, sealText } from '@zkpush/shared/push';
import type { ServerProcess } from '../../support/server-process.ts';
import type { PreparedRequest } from './load.ts';

/** Length of each benchmark secret's text. */
export const SECRET_BYTES = 1024;

/** A 1 KiB printable secret (base64url of random bytes), different every time. */
export function secret(): string {
  return toBase64url(randomBytes((SECRET_BYTES * 3) / 4));
}

export const postJson = (path: string, body: Buffer): PreparedRequest => ({ method: 'POST', path, body });

/** The body of a create of a fresh 1-view secret. */
export const createBody = (): Buffer => Buffer.from(JSON.stringify({ ...sealText(secret()).request, views: 1 }));

/** Creates one-view pushes (untimed, 8 at a time) and returns the reveal request for each, in order. */
export async function preCreate(server: Pick<ServerProcess, 'url'>, count: number): Promise<PreparedRequest[]> {
  const out: PreparedRequest[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < count; i = next++) {
        const sealed = sealText(secret());
        const res = await fetch(`${server.url}/api/v1/secrets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...sealed.request, views: 1 }),
        });
        const json: unknown = await res.json();
        if (res.status !== 201 || typeof json !== 'object' || json === null || !('id' in json)) {
          throw new Error(`pre-create failed: HTTP ${res.status} ${JSON.stringify(json)}`);
        }
        const body = Buffer.from(JSON.stringify({ keyProof: keyProofFor(sealed.linkKey) }));
        out[i] = postJson(`/api/v1/secrets/${String(json.id)}/reveal`, body);
      }
    }),
  );
  return out;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
