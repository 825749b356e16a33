/**
 * The view and expiry choices offered by the create form. Presets come from shared/expiry and are
 * filtered by the bounds the server publishes at GET /api/v1/config, so the form never offers
 * something the server would reject; the server's default is always offered and pre-selected.
 */
import { DAY, EXPIRY_PRESETS, HOUR, MINUTE, VIEW_PRESETS } from '@zkpush/shared/expiry';
import { formatDuration, formatViews } from '#lib/i18n/intl-format.ts';
import type { ServerConfig } from '@zkpush/shared/schemas';
import type { Choice } from '#lib/ui/choice.ts';
import { viewsExpiryText } from './create-messages.ts';

export type Range = ServerConfig['views'];

// Labels are getters: read when shown, in the active language (catalogues load after import).
export const EXPIRY_UNITS = [
  {
    unit: 'minutes',
    get label() {
      return viewsExpiryText.minutes;
    },
    seconds: MINUTE,
  },
  {
    unit: 'hours',
    get label() {
      return viewsExpiryText.hours;
    },
    seconds: HOUR,
  },
  {
    unit: 'days',
    get label() {
      return viewsExpiryText.days;
    },
    seconds: DAY,
  },
] as const;

export type ExpiryUnit = (typeof EXPIRY_UNITS)[number]['unit'];

export function unitSeconds(unit: ExpiryUnit): number {
  return EXPIRY_UNITS.find((u) => u.unit === unit)?.seconds ?? MINUTE;
}

function inRange(value: number, range: Range): boolean {
  return value >= range.min && value <= range.max;
}

/** Presets inside the range, plus the server default if it isn't one of them, in ascending order. */
function withDefault(presets: readonly Choice[], range: Range, label: (n: number) => string): Choice[] {
  const choices = presets.filter((c) => inRange(c.value, range));
  if (!choices.some((c) => c.value === range.default) && inRange(range.default, range)) {
    choices.push({ value: range.default, label: label(range.default) });
  }
  return choices.sort((a, b) => a.value - b.value);
}

export function viewChoices(range: Range): Choice[] {
  return withDefault(
    VIEW_PRESETS.map((n) => ({ value: n, label: formatViews(n) })),
    range,
    formatViews,
  );
}

export function expiryChoices(range: Range): Choice[] {
  return withDefault(
    EXPIRY_PRESETS.map((p) => ({ value: p.seconds, label: formatDuration(p.seconds) })),
    range,
    formatDuration,
  );
}

/**
 * The largest unit in which `seconds` is a whole number — used to pre-fill the custom expiry
 * fields with something readable ("2 days", not "2880 minutes").
 */
export function splitDuration(seconds: number): { amount: number; unit: ExpiryUnit } {
  for (const u of [...EXPIRY_UNITS].reverse()) {
    if (seconds >= u.seconds && seconds % u.seconds === 0) return { amount: seconds / u.seconds, unit: u.unit };
  }
  return { amount: Math.max(1, Math.round(seconds / MINUTE)), unit: 'minutes' };
}
