import { afterEach, describe, expect, it } from 'vitest';
import { activateLocale, locale } from './catalogue.ts';
import { m, t, texts } from './recipient.ts';
import * as sender from './sender.ts';

afterEach(async () => {
  await activateLocale('en');
});

describe('the active catalogue', () => {
  it('switches language in place, and message objects read the new one', async () => {
    const headings = texts(
      { checking: 'reveal_heading_checking' },
      { title: (h: string) => m().reveal_title({ heading: h }) },
    );
    expect(headings.checking).toBe('Checking the link…');
    await activateLocale('de');
    expect(locale()).toBe('de');
    expect(headings.checking).toBe('Link wird geprüft…');
    expect(t('ui_retry')).toBe('Erneut versuchen');
    expect(headings.title('x')).toBe('x — zkpush');
  });

  it('chooses plural forms through Intl.PluralRules', async () => {
    expect(m().reveal_attempts_left({ count: 1 })).toMatch(/^1 attempt left/);
    expect(m().reveal_attempts_left({ count: 5 })).toMatch(/^5 attempts left/);
    await activateLocale('de');
    expect(sender.m().dash_store_imported({ count: 1 })).toBe('1 Link importiert');
    expect(sender.m().dash_store_imported({ count: 3 })).toBe('3 Links importiert');
  });
});
