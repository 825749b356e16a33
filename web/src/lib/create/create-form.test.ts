import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '@zkpush/shared/expiry';
import {
  checkForm,
  checkText,
  initialValues,
  limitsOf,
  pushSettings,
  type CreateFormValues,
  type Limits,
} from './create-form.ts';
import { maxSecretSize } from './text-limit.ts';
import { CUSTOM } from '#lib/ui/choice.ts';

const limits: Limits = {
  views: { min: 1, max: 100, default: 1 },
  expiresIn: { min: 5 * MINUTE, max: 30 * DAY, default: DAY },
  maxSecretSize: 10,
  passphraseAllowed: true,
  recipientAllowed: true,
};
const flags = {
  retrievalStep: { default: true, changeable: true },
  deletableByViewer: { default: false, changeable: false },
};

const base = (over: Partial<CreateFormValues> = {}): CreateFormValues => ({
  ...initialValues({ ...limits, flags }),
  text: 'hunter2',
  ...over,
});

describe('initialValues', () => {
  it('pre-selects the server defaults and pre-fills the custom fields readably', () => {
    expect(initialValues({ ...limits, flags })).toEqual({
      text: '',
      message: '',
      views: '1',
      viewsCustom: 1,
      expiry: String(DAY),
      expiryCustomAmount: 1,
      expiryCustomUnit: 'days',
      passphrase: '',
      label: '',
      recipient: '',
      flags: { retrievalStep: true, deletableByViewer: false },
    });
  });
});

describe('limitsOf', () => {
  it('takes the ranges and passphrase policy from the config, and sizes the text for its envelope', () => {
    const config = { ...limits, maxEnvelopeBytes: 4096, passphrase: { allowed: false, maxAttempts: 5 } };
    expect(limitsOf(config)).toEqual({
      views: limits.views,
      expiresIn: limits.expiresIn,
      maxSecretSize: maxSecretSize(4096),
      passphraseAllowed: false,
      recipientAllowed: false,
    });
  });

  it('offers a recipient only where the server signs people in (issue 12 §5)', () => {
    const config = { ...limits, maxEnvelopeBytes: 4096, passphrase: { allowed: true, maxAttempts: 5 } };
    const auth = (mode: 'none' | 'oidc' | 'trusted-header') => ({
      mode,
      createPolicy: 'anyone' as const,
      signInPath: null,
      filesAdminsOnly: false,
      memberExpiryMax: DAY,
      tokenMaxExpiry: DAY,
    });
    expect(limitsOf({ ...config, auth: auth('none') }).recipientAllowed).toBe(false);
    expect(limitsOf({ ...config, auth: auth('oidc') }).recipientAllowed).toBe(true);
    expect(limitsOf({ ...config, auth: auth('trusted-header') }).recipientAllowed).toBe(true);
  });
});

describe('recipient', () => {
  it('sends an email or @domain the way the server stores it: trimmed and lower-cased', () => {
    expect(checkForm(base({ recipient: '  Bob@Example.COM ' }), limits)).toMatchObject({
      recipient: 'bob@example.com',
    });
    expect(checkForm(base({ recipient: '@Example.com' }), limits)).toMatchObject({ recipient: '@example.com' });
    expect(checkForm(base({ recipient: '   ' }), limits)).not.toHaveProperty('recipient');
  });

  it('refuses what the server would refuse, with its own message', () => {
    for (const bad of ['bob', 'bob@example', 'a@b@example.com', 'bob @example.com', `${'a'.repeat(320)}@example.com`]) {
      const check = checkForm(base({ recipient: bad }), limits);
      expect(check.kind, bad).toBe('invalid');
      expect(check.kind === 'invalid' ? check.errors.recipient : undefined).toMatch(/alice@example\.com/);
    }
  });

  it('is ignored where the server does not sign people in', () => {
    const check = checkForm(base({ recipient: 'not an address' }), { ...limits, recipientAllowed: false });
    expect(check).toMatchObject({ kind: 'ok' });
    expect(check).not.toHaveProperty('recipient');
  });
});

describe('checkForm', () => {
  it('accepts presets', () => {
    expect(checkForm(base({ views: '3', expiry: String(HOUR) }), limits)).toEqual({
      kind: 'ok',
      views: 3,
      expiresIn: HOUR,
    });
  });

  it('converts a custom expiry to seconds', () => {
    const r = checkForm(base({ expiry: CUSTOM, expiryCustomAmount: 90, expiryCustomUnit: 'minutes' }), limits);
    expect(r).toEqual({ kind: 'ok', views: 1, expiresIn: 90 * MINUTE });
  });

  it('explains an out-of-range custom expiry in human units', () => {
    const r = checkForm(base({ expiry: CUSTOM, expiryCustomAmount: 31, expiryCustomUnit: 'days' }), limits);
    expect(r).toEqual({ kind: 'invalid', errors: { expiry: 'Expiry must be between 5 minutes and 30 days.' } });
    const low = checkForm(base({ expiry: CUSTOM, expiryCustomAmount: 2, expiryCustomUnit: 'minutes' }), limits);
    expect(low.kind).toBe('invalid');
  });

  it('rejects empty, fractional and zero custom amounts', () => {
    for (const amount of [null, 1.5, 0, -3]) {
      const r = checkForm(base({ expiry: CUSTOM, expiryCustomAmount: amount, expiryCustomUnit: 'hours' }), limits);
      expect(r).toEqual({ kind: 'invalid', errors: { expiry: 'Enter a whole number of hours.' } });
    }
  });

  it('checks custom views against the range', () => {
    expect(checkForm(base({ views: CUSTOM, viewsCustom: 100 }), limits)).toMatchObject({ kind: 'ok', views: 100 });
    expect(checkForm(base({ views: CUSTOM, viewsCustom: 101 }), limits)).toEqual({
      kind: 'invalid',
      errors: { views: 'Views must be between 1 and 100.' },
    });
    expect(checkForm(base({ views: CUSTOM, viewsCustom: null }), limits)).toEqual({
      kind: 'invalid',
      errors: { views: 'Enter a whole number of views.' },
    });
  });

  it('reports every problem at once', () => {
    const r = checkForm(
      base({ text: '', views: CUSTOM, viewsCustom: 0, expiry: CUSTOM, expiryCustomAmount: null }),
      limits,
    );
    expect(r.kind === 'invalid' && Object.keys(r.errors).sort()).toEqual(['expiry', 'text', 'views']);
  });
});

describe('checkText', () => {
  it('requires text and enforces the byte limit', () => {
    expect(checkText('', 10)).toBe('Type or paste the secret first.');
    expect(checkText('0123456789', 10)).toBeUndefined();
    expect(checkText('01234567890', 10)).toBe('The secret is too long by 1 character.');
    expect(checkText('ééééééé', 10)).toBe('The secret is too long by 4 characters.');
  });
});

describe('passphrase and label', () => {
  it('passes a passphrase and a trimmed label through', () => {
    expect(checkForm(base({ passphrase: ' open sesame ', label: '  prod DB for Alice ' }), limits)).toEqual({
      kind: 'ok',
      views: 1,
      expiresIn: DAY,
      passphrase: ' open sesame ',
      label: 'prod DB for Alice',
    });
  });

  it('ignores the passphrase when the server does not allow one', () => {
    expect(checkForm(base({ passphrase: 'x' }), { ...limits, passphraseAllowed: false })).toEqual({
      kind: 'ok',
      views: 1,
      expiresIn: DAY,
    });
  });

  it('refuses the secret itself as passphrase, and overlong values', () => {
    expect(checkForm(base({ passphrase: 'hunter2' }), limits)).toEqual({
      kind: 'invalid',
      errors: { passphrase: 'The passphrase must not be the secret itself.' },
    });
    expect(checkForm(base({ passphrase: 'x'.repeat(1025) }), limits)).toMatchObject({
      errors: { passphrase: expect.stringContaining('at most') },
    });
    expect(checkForm(base({ label: 'x'.repeat(101) }), limits)).toMatchObject({
      errors: { label: 'A label can be at most 100 characters.' },
    });
  });

  it('in files mode needs no text: the files and the optional message are checked elsewhere', () => {
    expect(checkForm(base({ text: '' }), limits, 'files')).toEqual({ kind: 'ok', views: 1, expiresIn: DAY });
    expect(checkForm(base({ text: '', message: 'pw', passphrase: 'pw' }), limits, 'files')).toMatchObject({
      errors: { passphrase: 'The passphrase must not be the secret itself.' },
    });
  });
});

describe('pushSettings', () => {
  const config = { flags, maxEnvelopeBytes: 4096 };
  const origin = 'https://push.example';

  it('sends the checked lifecycle and only the flags creators may change', () => {
    const ok = { kind: 'ok', views: 3, expiresIn: HOUR } as const;
    expect(pushSettings(ok, { retrievalStep: false, deletableByViewer: true }, config, origin)).toEqual({
      views: 3,
      expiresIn: HOUR,
      maxEnvelopeBytes: 4096,
      origin,
      flags: { retrievalStep: false },
    });
  });

  it('adds the passphrase and label when the form has them', () => {
    const ok = { kind: 'ok', views: 1, expiresIn: DAY, passphrase: 'open sesame', label: 'prod DB' } as const;
    expect(pushSettings(ok, initialValues({ ...limits, flags }).flags, config, origin)).toMatchObject({
      passphrase: 'open sesame',
      label: 'prod DB',
    });
  });

  it('adds the recipient when the form names one', () => {
    const ok = { kind: 'ok', views: 1, expiresIn: DAY, recipient: '@example.com' } as const;
    expect(pushSettings(ok, initialValues({ ...limits, flags }).flags, config, origin)).toMatchObject({
      recipient: '@example.com',
    });
  });

  it('sends no flags when the server fixes them all', () => {
    const fixed = { ...flags, retrievalStep: { default: true, changeable: false } };
    const settings = pushSettings(
      { kind: 'ok', views: 1, expiresIn: DAY },
      initialValues({ ...limits, flags }).flags,
      {
        ...config,
        flags: fixed,
      },
      origin,
    );
    expect(settings.flags).toBeUndefined();
  });
});
