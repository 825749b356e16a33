import { describe, expect, it } from 'vitest';
import {
  exportFileName,
  forgetPush,
  importDashboard,
  loadDashboard,
  mergeEntries,
  parseDashboard,
  rememberPush,
  saveDashboard,
  serialise,
  SET_ASIDE_KEY,
  STORAGE_KEY,
  type DashboardEntry,
  type StorageLike,
} from './dashboard-store.ts';

class MemoryStorage implements StorageLike {
  readonly data = new Map<string, string>();
  failWrites = false;
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failWrites) throw new DOMException('full', 'QuotaExceededError');
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

const entry = (n: number, extra: Partial<DashboardEntry> = {}): DashboardEntry => ({
  id: String.fromCharCode(65 + n).repeat(21) + 'A',
  ownerToken: 'Q'.repeat(43),
  createdAt: new Date(Date.UTC(2026, 10, 20 + n)).toISOString(),
  expiresAt: new Date(Date.UTC(2026, 10, 21 + n)).toISOString(),
  views: 1,
  hasPassphrase: false,
  ...extra,
});

describe('dashboard store', () => {
  it('starts empty, saves and loads back newest first', () => {
    const s = new MemoryStorage();
    expect(loadDashboard(s)).toEqual({ kind: 'ok', entries: [], skipped: 0 });
    expect(saveDashboard(s, [entry(0), entry(2, { label: 'prod DB for Alice' }), entry(1)])).toEqual({ kind: 'ok' });
    const loaded = loadDashboard(s);
    expect(loaded.kind).toBe('ok');
    expect(loaded.kind === 'ok' && loaded.entries.map((e) => e.id[0])).toEqual(['C', 'B', 'A']);
    expect(loaded.kind === 'ok' && loaded.entries[0]!.label).toBe('prod DB for Alice');
    expect(JSON.parse(s.data.get(STORAGE_KEY) ?? '')).toMatchObject({ v: 1 });
  });

  it('stores only the entry fields, even if the object carries more', () => {
    const s = new MemoryStorage();
    const leaky = { ...entry(0), link: 'https://zk.example/s/x#KEY', passphrase: 'pw', text: 'hunter2' };
    rememberPush(s, leaky);
    const raw = s.data.get(STORAGE_KEY) ?? '';
    for (const secret of ['#KEY', 'link', 'pw', 'hunter2']) expect(raw).not.toContain(secret);
  });

  it('skips invalid entries and keeps the rest', () => {
    const s = new MemoryStorage();
    s.data.set(
      STORAGE_KEY,
      JSON.stringify({
        v: 1,
        pushes: [entry(0), { ...entry(1), ownerToken: 'short' }, 'junk', { ...entry(2), views: 0 }],
      }),
    );
    expect(loadDashboard(s)).toEqual({ kind: 'ok', entries: [entry(0)], skipped: 3 });
  });

  it('keeps the file count of a file push, and nothing else about its files', () => {
    const files = entry(0, { files: 3 });
    const s = new MemoryStorage();
    rememberPush(s, { ...files, ...{ names: ['secret-plan.pdf'] } });
    expect(s.data.get(STORAGE_KEY)).not.toContain('secret-plan');
    expect(loadDashboard(s)).toEqual({ kind: 'ok', entries: [files], skipped: 0 });
    expect(parseDashboard(JSON.stringify({ v: 1, pushes: [entry(0, { files: 0 })] }))).toMatchObject({ skipped: 1 });
  });

  it('drops unknown fields when reading', () => {
    const parsed = parseDashboard(JSON.stringify({ v: 1, pushes: [{ ...entry(0), key: 'K' }] }));
    expect(parsed).toEqual({ kind: 'ok', entries: [entry(0)], skipped: 0 });
  });

  it('sets a damaged or newer list aside instead of overwriting it', () => {
    for (const raw of ['{not json', JSON.stringify({ v: 2, pushes: [] }), JSON.stringify([entry(0)])]) {
      const s = new MemoryStorage();
      s.data.set(STORAGE_KEY, raw);
      const loaded = loadDashboard(s);
      expect(loaded).toMatchObject({ kind: 'set_aside', entries: [] });
      expect(s.data.get(SET_ASIDE_KEY)).toBe(raw);
      expect(s.data.has(STORAGE_KEY)).toBe(false);
      // The next create starts a fresh list; the set-aside copy stays.
      rememberPush(s, entry(1));
      expect(loadDashboard(s)).toEqual({ kind: 'ok', entries: [entry(1)], skipped: 0 });
      expect(s.data.get(SET_ASIDE_KEY)).toBe(raw);
    }
  });

  it('reports unavailable storage instead of throwing', () => {
    const throwing: StorageLike = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    expect(loadDashboard(throwing)).toEqual({ kind: 'unavailable' });
    expect(loadDashboard(undefined)).toEqual({ kind: 'unavailable' });
    expect(rememberPush(throwing, entry(0))).toEqual({ kind: 'unavailable' });
    const full = new MemoryStorage();
    full.failWrites = true;
    expect(saveDashboard(full, [entry(0)])).toEqual({ kind: 'unavailable' });
  });

  it('remembers on top of what another tab stored meanwhile', () => {
    const s = new MemoryStorage();
    rememberPush(s, entry(0));
    rememberPush(s, entry(1));
    rememberPush(s, entry(1));
    expect(loadDashboard(s)).toMatchObject({ entries: [entry(1), entry(0)] });
  });

  it('forgets one id', () => {
    const s = new MemoryStorage();
    saveDashboard(s, [entry(0), entry(1)]);
    expect(forgetPush(s, entry(0).id)).toEqual({ kind: 'ok', entries: [entry(1)], skipped: 0 });
    expect(loadDashboard(s)).toMatchObject({ entries: [entry(1)] });
  });
});

describe('mergeEntries', () => {
  it('adds new ids, keeps known ones and fills in a missing label', () => {
    const existing = [entry(0), entry(1, { label: 'mine' })];
    const incoming = [
      entry(0, { label: 'imported', ownerToken: 'U'.repeat(43) }),
      entry(1, { label: 'theirs' }),
      entry(2),
    ];
    const out = mergeEntries(existing, incoming);
    expect(out.added).toBe(1);
    expect(out.unchanged).toBe(2);
    expect(out.entries).toEqual([entry(2), entry(1, { label: 'mine' }), entry(0, { label: 'imported' })]);
  });
});

describe('export and import', () => {
  it('round-trips through the export format', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const text = serialise([entry(0, { label: 'x' }), entry(1, { hasPassphrase: true })], { exportedAt: now });
    expect(JSON.parse(text)).toMatchObject({ format: 'zkpush-dashboard', v: 1, exportedAt: now.toISOString() });
    expect(parseDashboard(text)).toEqual({
      kind: 'ok',
      entries: [entry(1, { hasPassphrase: true }), entry(0, { label: 'x' })],
      skipped: 0,
    });
    expect(exportFileName(now)).toBe('zkpush-dashboard-2026-11-22.json');
  });

  it('explains files it cannot use', () => {
    expect(parseDashboard('hello')).toEqual({ kind: 'invalid', message: 'it is not JSON' });
    expect(parseDashboard('{"format":"other","v":1,"pushes":[]}')).toMatchObject({ kind: 'invalid' });
    expect(parseDashboard('{"v":1}')).toMatchObject({ kind: 'invalid' });
  });
});

describe('importDashboard', () => {
  it('merges a file into the stored list and says what happened', () => {
    const s = new MemoryStorage();
    saveDashboard(s, [entry(0)]);
    const file = JSON.stringify({
      format: 'zkpush-dashboard',
      v: 1,
      pushes: [entry(0), entry(1), entry(2), { id: 'x' }],
    });
    const out = importDashboard(s, file);
    expect(out).toMatchObject({
      kind: 'ok',
      message: 'Imported 2 links; 1 was already here; 1 entry was invalid and skipped.',
    });
    expect(loadDashboard(s)).toMatchObject({ entries: [entry(2), entry(1), entry(0)] });
  });

  it('refuses what it cannot read, leaving the list alone', () => {
    const s = new MemoryStorage();
    saveDashboard(s, [entry(0)]);
    expect(importDashboard(s, '{}')).toMatchObject({ kind: 'refused' });
    expect(importDashboard(s, 'x'.repeat(1_048_577))).toMatchObject({ kind: 'refused' });
    expect(importDashboard(undefined, serialise([entry(1)]))).toMatchObject({ kind: 'refused' });
    expect(loadDashboard(s)).toMatchObject({ entries: [entry(0)] });
  });
});
