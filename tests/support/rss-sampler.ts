/**
 * Preload for a server child process (`node --import tests/support/rss-sampler.ts api/src/main.ts`):
 * samples `process.memoryUsage().rss` every 20 ms and writes the highest value seen so far to stderr
 * as `rss-peak <bytes>` whenever it grows by at least 1 MiB, so a test can read the server's peak
 * resident memory from the outside without a timing assertion.
 */
const STEP = 1024 * 1024;
let reported = 0;
let peak = 0;
const sample = (): void => {
  peak = Math.max(peak, process.memoryUsage().rss);
  if (peak >= reported + STEP) {
    reported = peak;
    process.stderr.write(`rss-peak ${peak}\n`);
  }
};
sample();
setInterval(sample, 20).unref();
