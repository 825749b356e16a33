/**
 * What the server's own request log (api/src/http/request-log.ts: one JSON line per request with its
 * route, status and duration in ms) says about one benchmark phase: how many chunk PUTs and blob
 * GETs it served and how long they took server-side, and how long finalise took (it fsyncs the blobs).
 * A profile of where an upload's time goes starts here.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';

export type RouteStats = { count: number; medianMs: number; sumMs: number };
export type LogStats = { put: RouteStats; get: RouteStats; finalizeMs: number };

/** The log file's current length: take it before a phase, pass it to `statsSince` after. */
export function logMark(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function readFrom(path: string, offset: number): string {
  const end = logMark(path);
  if (end <= offset) return '';
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(end - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function stats(ms: number[]): RouteStats {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    count: ms.length,
    medianMs: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN,
    sumMs: ms.reduce((a, b) => a + b, 0),
  };
}

export function statsSince(path: string, offset: number): LogStats {
  const put: number[] = [];
  const get: number[] = [];
  let finalizeMs = 0;
  for (const line of readFrom(path, offset).split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof entry !== 'object' || entry === null) continue;
    const msg: unknown = Reflect.get(entry, 'msg');
    const path: unknown = Reflect.get(entry, 'path');
    const method: unknown = Reflect.get(entry, 'method');
    const ms = Number(Reflect.get(entry, 'ms'));
    if (msg !== 'request' || typeof path !== 'string' || !Number.isFinite(ms)) continue;
    if (method === 'PUT' && /\/chunks\/\d+$/.test(path)) put.push(ms);
    else if (method === 'GET' && /\/files\/\d+$/.test(path)) get.push(ms);
    else if (method === 'POST' && path.endsWith('/upload/finalize')) finalizeMs += ms;
  }
  return { put: stats(put), get: stats(get), finalizeMs };
}
