/**
 * The sign-in and token screens' words follow the active language (issue 13 §1): every property reads
 * the `sender` catalogue, and dates and lifetimes come from Intl in that language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { activateLocale } from '#lib/i18n/catalogue.ts';
import { accountMenuText, signInRequiredText, tokensPageText } from './account-messages.ts';

afterEach(async () => {
  await activateLocale('en');
});

describe('account and token words', () => {
  it('are English in English and switch with the language', async () => {
    expect(accountMenuText.signIn).toBe('Sign in');
    expect(accountMenuText.signedInAs('alice@example.com')).toBe('Signed in as alice@example.com');
    expect(tokensPageText.scopes['read-own-events']).toBe('Read the audit trail of its own secrets');
    expect(tokensPageText.expiryChoice(365)).toBe('1 year');
    expect(tokensPageText.date(null)).toBe('never');
    await activateLocale('de');
    expect(accountMenuText.signIn).toBe('Anmelden');
    expect(signInRequiredText.button).toBe('Anmelden');
    expect(accountMenuText.signedInAs('alice@example.com')).toBe('Angemeldet als alice@example.com');
    expect(tokensPageText.columns.lastUsed).toBe('Zuletzt verwendet');
    expect(tokensPageText.revokeConfirm('CI')).toBe(
      '„CI“ widerrufen? Skripte, die es verwenden, funktionieren sofort nicht mehr.',
    );
    expect(tokensPageText.expiryChoice(30)).toBe('30 Tage');
    expect(tokensPageText.date(null)).toBe('nie');
    expect(tokensPageText.date('2026-12-07T21:05:00Z')).toMatch(/2026/);
  });
});
