/**
 * `zkpush events` without --json: the push's state as aligned "field  value" lines (like `meta`),
 * a blank line, then one row per event, oldest first. Addresses, user agents and referrers are
 * chosen by others, so every cell passes through `printable`; a referrer is cut to REFERRER_WIDTH
 * characters so one long value cannot stretch the table (--json keeps everything whole).
 */
import type { AuditEvent } from '@zkpush/shared/schemas';
import type { Trail } from './trail.ts';
import { timeLeft } from '../../terminal/summary.ts';
import { printable } from '../../terminal/terminal-text.ts';
import { terminalMessages as t } from '../../terminal/messages.ts';
import { eventsMessages as m } from './messages.ts';

const REFERRER_WIDTH = 60;

const HEADINGS = m.headings;

const cell = (value: string | null): string => (value === null ? '-' : printable(value));

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function row(event: AuditEvent): string[] {
  return [event.at, event.type, cell(event.ip), cut(cell(event.referrer), REFERRER_WIDTH), cell(event.userAgent)];
}

function describeState(trail: Trail, now: number): string {
  const expires =
    trail.state === 'active' ? t.expiresIn(trail.expiresAt, timeLeft(trail.expiresAt, now)) : trail.expiresAt;
  const rows: [string, string][] = [
    [t.labels.id, trail.id],
    [m.state, trail.state],
    [t.labels.viewsLeft, t.viewsOf(trail.viewsLeft, trail.views)],
    [t.labels.created, trail.createdAt],
    [t.labels.expires, expires],
  ];
  const wrong = trail.failedKeyAttempts;
  if (wrong) rows.push([m.wrongKeys, m.wrongKeysCount(wrong.count, wrong.omitted)]);
  return rows.map(([k, v]) => `${k.padEnd(11)}${v}\n`).join('');
}

export function formatTrail(trail: Trail, now: number): string {
  const head = describeState(trail, now);
  if (trail.events.length === 0) return `${head}\n${m.noEvents}\n`;
  const rows = [[...HEADINGS], ...trail.events.map(row)];
  const widths = HEADINGS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const lines = rows.map((r) => line(r).trimEnd());
  return `${head}\n${lines.join('\n')}\n`;
}
