import { describe, expect, it } from 'vitest';
import {
  applyDocumentLocale,
  initialLocale,
  LOCALE_STORAGE_KEY,
  rememberLocale,
  storedLocale,
} from './locale-choice.ts';
import { isRtl, matchLocale } from './locales.ts';

describe('choosing the page language', () => {
  it('prefers the link, then the remembered choice, then the browser, then English', () => {
    expect(initialLocale({ linkLocale: 'de', stored: 'en', preferred: ['en'] })).toBe('de');
    expect(initialLocale({ linkLocale: 'xx', stored: 'de', preferred: ['en'] })).toBe('de');
    // 'tlh' (Klingon): a tag no catalogue will ever have, so the test holds as languages are added.
    expect(initialLocale({ preferred: ['tlh-US', 'de-AT', 'en'] })).toBe('de');
    expect(initialLocale({ preferred: ['tlh'] })).toBe('en');
  });

  it('matches regional tags to the language', () => {
    expect(matchLocale(['de-CH'])).toBe('de');
    expect(matchLocale(['EN-us'])).toBe('en');
    expect(matchLocale(['tlh'])).toBeUndefined();
  });

  it('gives Norwegian browsers Bokmål: no and nn as well as nb', () => {
    expect(initialLocale({ preferred: ['nb-NO', 'en'] })).toBe('nb');
    expect(initialLocale({ preferred: ['no', 'en'] })).toBe('nb');
    expect(initialLocale({ preferred: ['no-NO'] })).toBe('nb');
    expect(initialLocale({ preferred: ['nn-NO', 'en'] })).toBe('nb');
    expect(initialLocale({ preferred: ['tlh', 'nn'] })).toBe('nb');
  });

  it('remembers only a supported tag, and survives blocked storage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    rememberLocale(storage, 'de');
    expect(store.get(LOCALE_STORAGE_KEY)).toBe('de');
    expect(storedLocale(storage)).toBe('de');
    store.set(LOCALE_STORAGE_KEY, 'evil<script>');
    expect(storedLocale(storage)).toBeUndefined();
    const blocked = {
      getItem: (): string => {
        throw new Error('SecurityError');
      },
      setItem: (): void => {
        throw new Error('SecurityError');
      },
    };
    expect(storedLocale(blocked)).toBeUndefined();
    expect(() => rememberLocale(blocked, 'de')).not.toThrow();
  });

  it('sets lang and writing direction on the document element', () => {
    const root = { lang: '', dir: '' } as HTMLElement;
    applyDocumentLocale(root, 'de');
    expect([root.lang, root.dir]).toEqual(['de', 'ltr']);
    expect(isRtl('ar')).toBe(true);
    expect(isRtl('fa-IR')).toBe(true);
    expect(isRtl('ja')).toBe(false);
  });
});
