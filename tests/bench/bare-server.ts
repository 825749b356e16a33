/**
 * Baseline for the benchmark, preloaded into the production server's own process with
 * `node --import ./tests/bench/bare-server.ts api/src/main.ts`: a bare Hono app on @hono/node-server
 * (the same versions the API uses) that parses a JSON body and answers a small JSON object. Sharing the
 * process means both servers run on the same event loop, Node flags and machine state, so
 * "zkpush req/s ÷ bare req/s" isolates what zkpush itself costs per request.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.env['ZKPUSH_BENCH_BARE_PORT']);
if (!Number.isInteger(port) || port <= 0) {
  throw new Error('ZKPUSH_BENCH_BARE_PORT must name the port for the bare baseline server');
}

const app = new Hono();
app.post('/bench/noop', async (c) => {
  const body: unknown = await c.req.json();
  return c.json({ ok: typeof body === 'object' && body !== null });
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port });
