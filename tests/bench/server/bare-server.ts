/**
 * Baseline for the benchmarks, preloaded into the production server's own process with
 * `node --import ./tests/bench/server/bare-server.ts api/src/main.ts`: a bare Hono app on @hono/node-server
 * (the same versions the API uses). Sharing the process means both servers run on the same event
 * loop, Node flags and machine state, so "zkpush ÷ bare" isolates what zkpush itself costs.
 *
 *   POST /bench/noop                 parses a JSON body, answers a small JSON object (server/bench.ts)
 *   PUT  /bench/blobs/:name/:offset  writes the raw body into a file at that offset (files/bench.ts)
 *   GET  /bench/blobs/:name          streams the file back as a download
 *   GET  /bench/page                 an empty same-origin page for the browser baseline to run in
 *   GET  /bench/static/:name         files the benchmark wrote into ZKPUSH_BENCH_BARE_STATIC
 *
 * The blob routes do what the real chunk PUT and blob GET do to the disk — positional writes as the
 * body arrives, pull reads of the same piece size (api/src/files/blob-store.ts) — in the same data
 * directory, with no token, database, validation or crypto.
 */
import { constants, mkdirSync } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { READ_PIECE_BYTES } from '@zkpush/api/blob-store';

const port = Number(process.env['ZKPUSH_BENCH_BARE_PORT']);
if (!Number.isInteger(port) || port <= 0) {
  throw new Error('ZKPUSH_BENCH_BARE_PORT must name the port for the bare baseline server');
}

const app = new Hono();
app.post('/bench/noop', async (c) => {
  const body: unknown = await c.req.json();
  return c.json({ ok: typeof body === 'object' && body !== null });
});

const dataDir = process.env['ZKPUSH_DATA_DIR'];
const blobsDir = dataDir === undefined ? undefined : join(dataDir, 'bench-blobs');
if (blobsDir !== undefined) mkdirSync(blobsDir, { recursive: true, mode: 0o700 });
const staticDir = process.env['ZKPUSH_BENCH_BARE_STATIC'];
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function blobPath(c: Context): string | undefined {
  const name = c.req.param('name') ?? '';
  return blobsDir !== undefined && NAME.test(name) && !name.startsWith('.') ? join(blobsDir, name) : undefined;
}

app.get('/bench/page', (c) => c.html('<!doctype html><meta charset="utf-8"><title>bench</title><body></body>'));

app.get('/bench/static/:name', async (c) => {
  const name = c.req.param('name');
  if (staticDir === undefined || !NAME.test(name) || name.startsWith('.')) return c.notFound();
  const type = name.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8';
  return c.body(await readFile(join(staticDir, name)), 200, { 'Content-Type': type });
});

app.put('/bench/blobs/:name/:offset', async (c) => {
  const path = blobPath(c);
  const offset = Number(c.req.param('offset'));
  if (path === undefined || !Number.isSafeInteger(offset) || offset < 0) return c.text('bad request', 400);
  const body = c.req.raw.body;
  const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  let written = 0;
  try {
    if (body !== null) {
      for await (const piece of body) {
        let at = 0;
        while (at < piece.length) {
          const { bytesWritten } = await handle.write(piece, at, piece.length - at, offset + written);
          at += bytesWritten;
          written += bytesWritten;
        }
      }
    }
  } finally {
    await handle.close();
  }
  return c.body(null, 204);
});

app.get('/bench/blobs/:name', async (c) => {
  const path = blobPath(c);
  if (path === undefined) return c.notFound();
  const { size } = await stat(path);
  const handle = await open(path, constants.O_RDONLY);
  let position = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const want = Math.min(READ_PIECE_BYTES, size - position);
        if (want <= 0) {
          controller.close();
          await handle.close();
          return;
        }
        const buffer = new Uint8Array(want);
        const { bytesRead } = await handle.read(buffer, 0, want, position);
        position += bytesRead;
        controller.enqueue(bytesRead === want ? buffer : buffer.subarray(0, bytesRead));
        if (bytesRead === 0 || position >= size) {
          controller.close();
          await handle.close();
        }
      },
      async cancel() {
        await handle.close();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename="${c.req.param('name')}"`,
      'Cache-Control': 'no-store',
    },
  });
});

app.delete('/bench/blobs/:name', async (c) => {
  const path = blobPath(c);
  if (path === undefined) return c.notFound();
  await rm(path, { force: true });
  return c.body(null, 204);
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port });
