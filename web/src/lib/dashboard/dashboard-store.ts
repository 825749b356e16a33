/**
 * The creator dashboard's memory: the pushes this browser created, in localStorage under one key as
 * versioned JSON. Accounts are not needed because each entry carries the push's owner token, which
 * lets this browser read the audit trail and expire the push — never read the secret.
 *
 * What is stored is exactly `DashboardEntry`: never the link, its fragment key, the passphrase or the
 * plaintext. Everything read back (from storage or an imported file) is validated entry by entry;
 * unknown fields are dropped, invalid entries are skipped and counted, so one bad entry does not lose
 * the rest, and a damaged list is set aside (not silently overwritten).
 */
import * as v from 'valibot';
import { fixedBytes, OWNER_TOKEN_BYTES, SecretId } from '@zkpush/shared/schemas';
import { storeText } from './dashboard-messages.ts';

export const STORAGE_KEY = 'zkpush.dashboard';
/** Where an unreadable list is moved, so a bug or a newer version never destroys it silently. */
export const SET_ASIDE_KEY = 'zkpush.dashboard.unreadable';
const FORMAT = 'zkpush-dashboard';
const VERSION = 1;
export const MAX_LABEL_LENGTH = 100;
/** Largest import file accepted (bytes); thousands of entries fit. */
const MAX_IMPORT_BYTES = 1_048_576;

const IsoTime = v.pipe(v.string(), v.isoTimestamp());

/** One remembered push. `v.object` (not strict): unknown fields in old or foreign data are dropped. */
export const DashboardEntry = v.object({
  id: SecretId,
  ownerToken: fixedBytes(OWNER_TOKEN_BYTES, 'ownerToken'),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  views: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  /** Creator-only note ("prod DB for Alice"); never sent anywhere. */
  label: v.optional(v.pipe(v.string(), v.maxLength(MAX_LABEL_LENGTH))),
  hasPassphrase: v.boolean(),
  /** A file push: how many files (the names stay in the encrypted manifest, never here). */
  files: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
});
export type DashboardEntry = v.InferOutput<typeof DashboardEntry>;

/** Stored and exported shape; `format` and `exportedAt` appear in exports only. */
const Container = v.object({
  format: v.optional(v.literal(FORMAT)),
  v: v.literal(VERSION),
  pushes: v.array(v.unknown()),
});

/** The slice of the Web Storage API used here, so tests pass a Map-backed fake. */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

type Parsed = { kind: 'ok'; entries: DashboardEntry[]; skipped: number } | { kind: 'invalid'; message: string };

export type LoadResult =
  | { kind: 'ok'; entries: DashboardEntry[]; skipped: number }
  /** The stored list could not be read; it was moved to SET_ASIDE_KEY and the list starts empty. */
  | { kind: 'set_aside'; entries: []; message: string }
  /** Storage is disabled or throws (private mode, policy). */
  | { kind: 'unavailable' };

export type SaveResult = { kind: 'ok' } | { kind: 'unavailable' };

/** Newest first, one entry per id (the first one seen wins). */
function normalise(entries: readonly DashboardEntry[]): DashboardEntry[] {
  const seen = new Set<string>();
  const out = entries.filter((e) => !seen.has(e.id) && seen.add(e.id));
  return out.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** Parses stored or exported JSON text. */
export function parseDashboard(text: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', message: storeText.notJson };
  }
  const container = v.safeParse(Container, json);
  if (!container.success) {
    return { kind: 'invalid', message: storeText.wrongVersion(VERSION) };
  }
  const entries: DashboardEntry[] = [];
  let skipped = 0;
  for (const item of container.output.pushes) {
    const entry = v.safeParse(DashboardEntry, item);
    if (entry.success) entries.push(entry.output);
    else skipped++;
  }
  return { kind: 'ok', entries: normalise(entries), skipped };
}

export function loadDashboard(storage: StorageLike | undefined): LoadResult {
  let raw: string | null;
  try {
    if (!storage) return { kind: 'unavailable' };
    raw = storage.getItem(STORAGE_KEY);
  } catch {
    return { kind: 'unavailable' };
  }
  if (raw === null) return { kind: 'ok', entries: [], skipped: 0 };
  const parsed = parseDashboard(raw);
  if (parsed.kind === 'ok') return parsed;
  try {
    storage.setItem(SET_ASIDE_KEY, raw);
    storage.removeItem(STORAGE_KEY);
  } catch {
    return { kind: 'unavailable' };
  }
  return { kind: 'set_aside', entries: [], message: parsed.message };
}

/** Exactly the entry's own fields, whatever else the object carries (a link must never slip in). */
function fieldsOf(e: DashboardEntry): DashboardEntry {
  const { id, ownerToken, createdAt, expiresAt, views, label, hasPassphrase, files } = e;
  return {
    id,
    ownerToken,
    createdAt,
    expiresAt,
    views,
    ...(label === undefined ? {} : { label }),
    hasPassphrase,
    ...(files === undefined ? {} : { files }),
  };
}

/** The JSON written to storage (compact) or to an export file (indented, with `format`). */
export function serialise(entries: readonly DashboardEntry[], extra: { exportedAt?: Date } = {}): string {
  const pushes = normalise(entries).map(fieldsOf);
  const container = extra.exportedAt
    ? { format: FORMAT, v: VERSION, exportedAt: extra.exportedAt.toISOString(), pushes }
    : { v: VERSION, pushes };
  return JSON.stringify(container, null, extra.exportedAt ? 2 : undefined);
}

export function saveDashboard(storage: StorageLike | undefined, entries: readonly DashboardEntry[]): SaveResult {
  try {
    if (!storage) return { kind: 'unavailable' };
    storage.setItem(STORAGE_KEY, serialise(entries));
    return { kind: 'ok' };
  } catch {
    // QuotaExceededError or storage disabled.
    return { kind: 'unavailable' };
  }
}

type MergeResult = { entries: DashboardEntry[]; added: number; unchanged: number };

/**
 * Merge by id: new ids are added; for a known id the existing entry stays (its owner token is the
 * one this browser received), only gaining a label it did not have.
 */
export function mergeEntries(existing: readonly DashboardEntry[], incoming: readonly DashboardEntry[]): MergeResult {
  const byId = new Map(existing.map((e) => [e.id, e]));
  let added = 0;
  let unchanged = 0;
  for (const entry of incoming) {
    const known = byId.get(entry.id);
    if (!known) {
      byId.set(entry.id, entry);
      added++;
    } else {
      if (known.label === undefined && entry.label !== undefined) byId.set(entry.id, { ...known, label: entry.label });
      unchanged++;
    }
  }
  return { entries: normalise([...byId.values()]), added, unchanged };
}

/** Adds one entry (after a create) to whatever is stored now, so other tabs' additions are kept. */
export function rememberPush(storage: StorageLike | undefined, entry: DashboardEntry): SaveResult {
  const current = loadDashboard(storage);
  if (current.kind === 'unavailable') return current;
  return saveDashboard(storage, mergeEntries(current.entries, [entry]).entries);
}

/** Removes one id ("Forget"); the push itself keeps living on the server. */
export function forgetPush(storage: StorageLike | undefined, id: string): LoadResult {
  const current = loadDashboard(storage);
  if (current.kind === 'unavailable') return current;
  const entries = current.entries.filter((e) => e.id !== id);
  return saveDashboard(storage, entries).kind === 'ok' ? { kind: 'ok', entries, skipped: 0 } : { kind: 'unavailable' };
}

/** File name for an export: `zkpush-dashboard-2026-11-22.json`. */
export function exportFileName(now: Date): string {
  return `${FORMAT}-${now.toISOString().slice(0, 10)}.json`;
}

/** `localStorage`, or undefined where merely touching it throws (storage blocked by policy). */
export function browserStorage(): StorageLike | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

type ImportResult = { kind: 'ok'; entries: DashboardEntry[]; message: string } | { kind: 'refused'; message: string };

/** Reads an exported file's text and merges it into the stored list. */
export function importDashboard(storage: StorageLike | undefined, text: string): ImportResult {
  if (text.length > MAX_IMPORT_BYTES) return { kind: 'refused', message: storeText.importTooLarge };
  const parsed = parseDashboard(text);
  if (parsed.kind === 'invalid') return { kind: 'refused', message: storeText.importInvalid(parsed.message) };
  const current = loadDashboard(storage);
  if (current.kind === 'unavailable') {
    return { kind: 'refused', message: storeText.importUnavailable };
  }
  const merged = mergeEntries(current.entries, parsed.entries);
  if (saveDashboard(storage, merged.entries).kind !== 'ok') {
    return { kind: 'refused', message: storeText.importNotSaved };
  }
  const parts = [storeText.imported(merged.added)];
  if (merged.unchanged > 0) parts.push(storeText.alreadyHere(merged.unchanged));
  if (parsed.skipped > 0) parts.push(storeText.skipped(parsed.skipped));
  return { kind: 'ok', entries: merged.entries, message: storeText.sentence(parts) };
}
