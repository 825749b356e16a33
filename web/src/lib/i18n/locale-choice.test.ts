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

  it('gives Taiwan, Hong Kong and Macau traditional Chinese, the rest simplified (issue 13 §1)', () => {
    for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-TW', 'zh-Hant-HK', 'zh-hant-mo', 'zh-Hant-CN']) {
      expect(matchLocale([tag]), tag).toBe('zh-Hant');
    }
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-HK', 'ZH-cn']) {
      expect(matchLocale([tag]), tag).toBe('zh-Hans');
    }
  });

  it('keeps Brazilian and European Portuguese apart', () => {
    expect(matchLocale(['pt-BR'])).toBe('pt-BR');
    expect(matchLocale(['pt-br'])).toBe('pt-BR');
    expect(matchLocale(['pt-PT'])).toBe('pt');
    expect(matchLocale(['pt'])).toBe('pt');
    expect(matchLocale(['pt-AO'])).toBe('pt');
  });

  it('skips tags that are not well formed and goes on down the list', () => {
    expect(matchLocale(['--', '_', 'fa-IR'])).toBe('fa');
    expect(matchLocale(['ur-PK', 'en'])).toBe('ur');
  });

  it('opens a link in the nearest language when its tag is regional', () => {
    expect(initialLocale({ linkLocale: 'zh-TW', stored: 'de', preferred: ['en'] })).toBe('zh-Hant');
    expect(initialLocale({ linkLocale: 'pt-br', preferred: ['en'] })).toBe('pt-BR');
    expect(initialLocale({ linkLocale: 'fa', preferred: ['en'] })).toBe('fa');
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
