/**
 * `node tests/bench/files/aead-speed.ts [--rounds N] [--mib N]`: XChaCha20-Poly1305 on file chunks
 * (1 MiB, FILE_CHUNK_BYTES) in this Node, noble (the reference, @zkpush/shared/chunk-aead) against
 * libsodium's WebAssembly build (@zkpush/shared/sodium-aead), in alternating rounds so both see the
 * same machine; prints the median MiB/s of each. One core: the cipher alone, without the
 * transfer around it (that is `pnpm bench:files`). docs/performance.md "File crypto in WebAssembly".
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { NOBLE_AEAD, type ChunkAead } from '@zkpush/shared/chunk-aead';
import { loadSodiumAead } from '@zkpush/shared/sodium-aead';
import { FILE_CHUNK_BYTES } from '@zkpush/shared/wire-constants';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, mib: { type: 'string', default: '64' } },
});
const ROUNDS = Number(args.rounds);
const CHUNKS = Number(args.mib) * (2 ** 20 / FILE_CHUNK_BYTES);

const key = new Uint8Array(32).map((_, i) => i);
const nonce = new Uint8Array(24).map((_, i) => 100 + i);
const aad = Uint8Array.of(1);
const plain = new Uint8Array(FILE_CHUNK_BYTES).map((_, i) => (i * 7919) & 0xff);

function mibPerSecond(op: () => void): number {
  const start = performance.now();
  for (let i = 0; i < CHUNKS; i++) op();
  return (CHUNKS * FILE_CHUNK_BYTES) / 2 ** 20 / ((performance.now() - start) / 1000);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const ciphers: ChunkAead[] = [NOBLE_AEAD, await loadSodiumAead()];
const sealed = NOBLE_AEAD.seal(key, nonce, aad, plain);
for (const c of ciphers) {
  // Both must agree before their speed means anything.
  if (!Buffer.from(c.seal(key, nonce, aad, plain)).equals(sealed)) throw new Error(`${c.name} disagrees`);
}
const results = new Map(ciphers.map((c) => [c.name, { seal: [] as number[], open: [] as number[] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const c of round % 2 === 0 ? ciphers : [...ciphers].reverse()) {
    const r = results.get(c.name)!;
    r.seal.push(mibPerSecond(() => c.seal(key, nonce, aad, plain)));
    r.open.push(mibPerSecond(() => c.open(key, nonce, aad, sealed)));
  }
}
console.log(`${ROUNDS} rounds of ${CHUNKS} × 1 MiB; Node ${process.version}; load ${loadavg()[0]!.toFixed(1)}`);
for (const [name, r] of results) {
  console.log(
    `${name.padEnd(9)} seal ${median(r.seal).toFixed(0).padStart(4)} MiB/s  open ${median(r.open).toFixed(0).padStart(4)} MiB/s`,
  );
}
