/**
 * Sizes in words: "512 bytes", "3.4 MiB", "4 GiB" — binary units, as the server's limits are set
 * (ZKPUSH_MAX_FILE_BYTES=4GiB), three significant digits at most. One implementation for the web app's file rows and the CLI's
 * summaries and progress lines.
 */
const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} byte${Math.round(bytes) === 1 ? '' : 's'}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  // toFixed then Number drops trailing zeros: 4.00 → "4", 3.50 → "3.5".
  return `${Number(value.toFixed(digits)).toLocaleString('en-GB')} ${UNITS[unit]}`;
}

/** The exact count with thousands separators, for a file's size after reveal ("1,048,577 bytes"). */
export function exactBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-GB')} byte${bytes === 1 ? '' : 's'}`;
}
