/**
 * Summarises a V8 `.cpuprofile` (written by `node --cpu-prof`) as self time per function and per
 * package, so a benchmark run can say where the server's CPU went without opening DevTools.
 * Usage: `node tests/bench/process/profile-summary.ts <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';

const CallFrame = v.object({ functionName: v.string(), url: v.string(), lineNumber: v.number() });
const Profile = v.object({
  nodes: v.array(v.object({ id: v.number(), callFrame: CallFrame, children: v.optional(v.array(v.number())) })),
  samples: v.array(v.number()),
  timeDeltas: v.array(v.number()),
});

export interface ProfileSummary {
  totalMs: number;
  functions: { name: string; ms: number; share: number }[];
  groups: { name: string; ms: number; share: number }[];
  /** Time in samples whose stack passes through the group at least once (callees included). */
  inclusive: { name: string; ms: number; share: number }[];
}

/** Which bucket a script URL belongs to: a package name, a zkpush module, node internals or V8. */
function groupOf(url: string, fn: string): string {
  if (url === '') return fn === '(garbage collector)' || fn === '(program)' || fn === '(idle)' ? fn : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
  if (pkg) return pkg[1]!;
  // Modules in sub-folders too (api/src/http/…, tests/bench/server/…).
  const own = /\/(api|shared|web|tests)\/src\/(.+)$/.exec(url) ?? /\/(tests)\/bench\/(.+)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url;
}

export function summarizeProfile(path: string, top = 25): ProfileSummary {
  const parsed = v.parse(Profile, JSON.parse(readFileSync(path, 'utf8')));
  const byId = new Map(parsed.nodes.map((n) => [n.id, n.callFrame]));
  const parent = new Map<number, number>();
  for (const n of parsed.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fnMs = new Map<string, number>();
  const groupMs = new Map<string, number>();
  const inclusiveMs = new Map<string, number>();
  let total = 0;
  parsed.samples.forEach((id, i) => {
    const ms = (parsed.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(id);
    if (!frame) return;
    total += ms;
    const file = frame.url.split('/').slice(-2).join('/');
    const name = `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
    fnMs.set(name, (fnMs.get(name) ?? 0) + ms);
    const group = groupOf(frame.url, frame.functionName);
    groupMs.set(group, (groupMs.get(group) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at);
      if (f && f.url !== '') seen.add(groupOf(f.url, f.functionName));
    }
    for (const g of seen) inclusiveMs.set(g, (inclusiveMs.get(g) ?? 0) + ms);
  });
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: total > 0 ? ms / total : 0 }));
  return { totalMs: total, functions: rank(fnMs), groups: rank(groupMs), inclusive: rank(inclusiveMs) };
}

export function formatSummary(s: ProfileSummary): string {
  const row = (x: { name: string; ms: number; share: number }) =>
    `${(x.share * 100).toFixed(1).padStart(5)}%  ${x.ms.toFixed(0).padStart(7)} ms  ${x.name}`;
  return [
    `total sampled: ${s.totalMs.toFixed(0)} ms`,
    'self time by package/module:',
    ...s.groups.map(row),
    'inclusive time by package/module (callees included):',
    ...s.inclusive.map(row),
    'self time by function:',
    ...s.functions.map(row),
  ].join('\n');
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node tests/bench/process/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(formatSummary(summarizeProfile(file, Number(process.argv[3] ?? 25))));
}
