/**
 * `pnpm bench:bodies` — what one JSON request body can cost the server (issue 10 §3): hostile bodies
 * (deep nesting, huge key or item counts, a giant key) next to normal creates, each sent to the
 * production server (`node api/src/main.ts`, rate limits off) as fast as it answers.
 *
 * Per body: its size, the status it got, the server's CPU time per request (user + system, all
 * threads, from /proc — the event-loop time the body takes from every other client, and steadier than
 * wall time on a shared machine) and the median response time seen by the client.
 *
 * Options: --seconds N (1.5: how long each body is repeated, at least --min-reps times), --min-reps N
 * (5), --block NAME (docs/performance.md block, json-bodies), --doc PATH (another copy of that file),
 * --no-write.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { sealText, checkTextSize } from '@zkpush/shared/push';
import { CreateSecretResponse } from '@zkpush/shared/schemas';
import { startServerProcess } from '../../support/server-process.ts';
import { writeDocBlock } from '../doc-block.ts';
import { processCpuMicros } from '../process/cpu.ts';

const { values: args } = parseArgs({
  // `pnpm run bench:bodies -- --no-write` hands the `--` on.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seconds: { type: 'string', default: '1.5' },
    'min-reps': { type: 'string', default: '5' },
    block: { type: 'string', default: 'json-bodies' },
    doc: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const MIN_REPS = Number(args['min-reps']);

/** The server's defaults: ZKPUSH_MAX_TEXT_BYTES and the create body limit derived from it. */
const MAX_ENVELOPE = 1_048_576;
const CREATE_LIMIT = Math.ceil((MAX_ENVELOPE * 4) / 3) + 4096;
/** Hostile bodies fill the create limit (a little under it, so no case is a plain 413). */
const HOSTILE_BYTES = CREATE_LIMIT - 64;

type Case = { name: string; path: 'create' | 'reveal'; body: string; maxReps?: number };

/** Largest text whose envelope fits `envelopeBytes`, by bisection on the real padding. */
function textFilling(envelopeBytes: number): string {
  let low = 0;
  let high = envelopeBytes;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (checkTextSize('x'.repeat(mid), envelopeBytes).kind === 'ok') low = mid;
    else high = mid - 1;
  }
  return 'x'.repeat(low);
}

function repeatTo(open: string, unit: string, close: string, bytes: number): string {
  const count = Math.floor((bytes - open.length - close.length) / unit.length);
  return open + unit.repeat(count) + close;
}

function manyKeys(bytes: number): string {
  const parts: string[] = [];
  let length = 2;
  for (let i = 0; ; i++) {
    const part = `"k${i}":0`;
    if (length + part.length + 1 > bytes) break;
    parts.push(part);
    length += part.length + 1;
  }
  return `{${parts.join(',')}}`;
}

const small = sealText('a normal secret of about a kilobyte. '.repeat(28)).request;
const proofHash = small.keyProofHash;
const nestedArrays = '['.repeat(HOSTILE_BYTES / 2) + ']'.repeat(HOSTILE_BYTES / 2);
const objectDepth = Math.floor((HOSTILE_BYTES - 1) / 6);
const nestedObjects = '{"a":'.repeat(objectDepth) + '0' + '}'.repeat(objectDepth);
const filesHead = `{"envelope":"AAAA","keyProofHash":"${proofHash}","files":[`;

const CASES: Case[] = [
  { name: 'normal create, 1 KiB text', path: 'create', body: JSON.stringify(small) },
  {
    name: 'largest create, 1 MiB envelope',
    path: 'create',
    body: JSON.stringify(sealText(textFilling(MAX_ENVELOPE)).request),
    // Each one is stored: keep the data directory small.
    maxReps: 40,
  },
  { name: 'nested arrays', path: 'create', body: nestedArrays },
  { name: 'nested objects', path: 'create', body: nestedObjects },
  { name: 'many unknown keys', path: 'create', body: manyKeys(HOSTILE_BYTES) },
  { name: 'many empty arrays', path: 'create', body: repeatTo('[', '[],', '[]]', HOSTILE_BYTES) },
  { name: 'many files', path: 'create', body: repeatTo(filesHead, '{},', '{}]}', HOSTILE_BYTES) },
  { name: 'one giant key', path: 'create', body: `{"${'k'.repeat(HOSTILE_BYTES - 8)}":0}` },
  { name: 'nested arrays to reveal', path: 'reveal', body: nestedArrays },
  { name: 'nested arrays to reveal, 1 KiB', path: 'reveal', body: '['.repeat(512) + ']'.repeat(512) },
];

type Row = { name: string; bytes: number; status: string; reps: number; cpuMs: number; medianMs: number };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

const server = await startServerProcess({
  env: { ZKPUSH_RATE_LIMIT: 'off', ZKPUSH_LOG_LEVEL: 'warn' },
  maxLogLines: 200,
});
const pid = server.child.pid;
if (pid === undefined) throw new Error('the server process has no pid');

// A real push id for the reveal cases: they fail on the body, never on the id.
const created = await fetch(`${server.url}/api/v1/secrets`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(small),
});
const { id } = v.parse(CreateSecretResponse, await created.json());

async function send(c: Case): Promise<{ status: number; ms: number }> {
  const url = c.path === 'create' ? `${server.url}/api/v1/secrets` : `${server.url}/api/v1/secrets/${id}/reveal`;
  const start = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: c.body });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - start };
}

const rows: Row[] = [];
try {
  for (const c of CASES) {
    for (let i = 0; i < 2; i++) await send(c); // warm-up
    const statuses = new Set<number>();
    const times: number[] = [];
    const cpu0 = processCpuMicros(pid);
    const start = performance.now();
    while (
      times.length < MIN_REPS ||
      (performance.now() - start < SECONDS * 1000 && times.length < (c.maxReps ?? 5000))
    ) {
      const { status, ms } = await send(c);
      statuses.add(status);
      times.push(ms);
    }
    const cpuMs = (processCpuMicros(pid) - cpu0) / 1000 / times.length;
    const row = {
      name: c.name,
      bytes: c.body.length,
      status: [...statuses].join(', '),
      reps: times.length,
      cpuMs,
      medianMs: median(times),
    };
    rows.push(row);
    console.log(
      `[bodies] ${row.name.padEnd(34)} ${String(row.bytes).padStart(8)} B  ${row.status.padEnd(5)}` +
        ` ${row.cpuMs.toFixed(2).padStart(8)} ms CPU  ${row.medianMs.toFixed(2).padStart(8)} ms median  (${row.reps}×)`,
    );
  }
} finally {
  await server.stop();
}

const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' / ');
const table = [
  '| body | bytes | status | server CPU per request (ms) | median response (ms) | requests |',
  '| ---- | ----: | ------ | --------------------------: | -------------------: | -------: |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.bytes.toLocaleString('en')} | ${r.status} | ${r.cpuMs.toFixed(2)} | ${r.medianMs.toFixed(2)} | ${r.reps} |`,
  ),
].join('\n');
const markdown = `${table}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${process.platform}, Node ${process.version}, load average ${load} (1/5/15 min).`;
console.log(`\n${markdown}`);
if (!args['no-write']) writeDocBlock(args.block, markdown, args.doc);
