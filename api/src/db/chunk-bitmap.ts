/**
 * The bitmaps stored in `secret_files.received` and `download_grants.started` (migration 0003): bit i
 * is bit (i mod 8) of byte ⌊i/8⌋, least significant first. Pure functions on copies, so a row read
 * inside a transaction is never changed in place.
 */

export function emptyBitmap(bits: number): Uint8Array {
  return new Uint8Array(Math.ceil(bits / 8));
}

export function hasBit(map: Uint8Array, bit: number): boolean {
  return ((map[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
}

/** A copy of `map` with `bit` set or cleared. */
export function withBit(map: Uint8Array, bit: number, on: boolean): Uint8Array {
  if (bit < 0 || bit >= map.length * 8) throw new RangeError(`bit ${bit} is outside the bitmap`);
  const copy = new Uint8Array(map);
  const mask = 1 << (bit & 7);
  copy[bit >> 3] = on ? copy[bit >> 3]! | mask : copy[bit >> 3]! & ~mask;
  return copy;
}

/** The set bits below `bits` as half-open ranges [start, end), ascending and disjoint (UploadStatus). */
export function setRanges(map: Uint8Array, bits: number): [number, number][] {
  const ranges: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= bits; i++) {
    const on = i < bits && hasBit(map, i);
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      ranges.push([start, i]);
      start = -1;
    }
  }
  return ranges;
}
