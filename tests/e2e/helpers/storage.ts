/**
 * Everything a page can keep on the client, read back for a spec to search: localStorage,
 * sessionStorage, every IndexedDB database with all its records, Cache Storage, cookies (from
 * `document.cookie` and from the browser itself via storageState, which also lists IndexedDB), and
 * whether a service worker is registered. The security rule checked with it: no link key, fragment,
 * passphrase or plaintext is ever stored (docs/security.md).
 */
import { expect } from '@playwright/test';
import type { Recording } from './fixtures.ts';

export interface StoredState {
  local: [string, string][];
  session: [string, string][];
  /** Database name → store name → every record (keys and values). */
  indexedDb: Record<string, Record<string, unknown[]>>;
  cacheNames: string[];
  serviceWorkers: number;
  cookie: string;
}

/**
 * Runs in the page: reads every client-side store of the current origin. A string, because this
 * package is type-checked without the DOM library (like the other specs' page.evaluate calls).
 */
const READ_STORES = `(async () => {
  const request = (req) => new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const indexedDb = {};
  for (const info of await indexedDB.databases()) {
    if (!info.name) continue;
    const db = await request(indexedDB.open(info.name));
    const stores = {};
    for (const name of Array.from(db.objectStoreNames)) {
      const store = db.transaction(name, 'readonly').objectStore(name);
      stores[name] = [...(await request(store.getAllKeys())), ...(await request(store.getAll()))];
    }
    db.close();
    indexedDb[info.name] = stores;
  }
  const registrations = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistrations() : [];
  return {
    local: Object.entries(localStorage),
    session: Object.entries(sessionStorage),
    indexedDb,
    cacheNames: 'caches' in globalThis ? await caches.keys() : [],
    serviceWorkers: registrations.length,
    cookie: document.cookie,
  };
})()`;

export async function readStoredState(rec: Recording): Promise<StoredState> {
  return rec.page.evaluate<StoredState>(READ_STORES);
}

/** The page's stores and the browser's own storageState (cookies, origins, IndexedDB), as text to search. */
export async function storedText(rec: Recording): Promise<string> {
  const inPage = await readStoredState(rec);
  const browser = await rec.context.storageState({ indexedDB: true });
  return `${JSON.stringify(inPage)}\n${JSON.stringify(browser)}`;
}

/** None of `values` appears anywhere in the context's storage (raw or JSON-escaped). */
export async function expectNotStored(recs: readonly Recording[], values: Record<string, string | undefined>) {
  for (const rec of recs) {
    const text = await storedText(rec);
    for (const [name, value] of Object.entries(values)) {
      if (!value) continue;
      for (const spelling of new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])) {
        expect(text.includes(spelling), `${name} in ${rec.name}'s storage`).toBe(false);
      }
    }
  }
}
