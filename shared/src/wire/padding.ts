/**
 * Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication with PURBs",
 * PETS 2019, Algorithm 1) over every safe integer, for lengths that outgrow the u32 payload frame:
 * file sizes (docs/wire-format.md §12). payload.ts keeps its u32-bounded `padme` for frames and
 * delegates here, so both give identical results where both are defined.
 *
 * With E = ⌊log2 n⌋ and S = ⌊log2 E⌋ + 1, n is rounded up to a multiple of 2^(E−S): only the top
 * S + 1 bits of the length survive, at an overhead below 2^−S of n (≤ 12%).
 */

/** ⌊log2 n⌋ for 1 ≤ n ≤ 2^53, exact (Math.log2 alone can be off by one next to a power of two). */
export function floorLog2(n: number): number {
  if (n < 2 ** 32) return 31 - Math.clz32(n);
  let e = Math.floor(Math.log2(n));
  if (2 ** e > n) e -= 1;
  else if (2 ** (e + 1) <= n) e += 1;
  return e;
}

/** Padmé(n) for 0 ≤ n ≤ Number.MAX_SAFE_INTEGER whose result is still safe; 0 and 1 stay as they are. */
export function padmeLength(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`padme: bad length ${n}`);
  if (n < 2) return n;
  const e = floorLog2(n);
  const s = floorLog2(e) + 1;
  const step = 2 ** (e - s);
  const padded = Math.ceil(n / step) * step;
  if (!Number.isSafeInteger(padded)) throw new RangeError(`padme: ${n} pads beyond the safe integers`);
  return padded;
}
