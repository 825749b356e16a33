/**
 * State and validation of the create form, and what a valid one sends, kept out of the components so
 * every rule is unit-tested.
 * Ranges come from the server's config; the server re-checks everything (it is the authority), the
 * form only saves a round trip and explains the limits in words.
 */
import type { PushFlags, ServerConfig } from '@zkpush/shared/schemas';
import type { PushSettings } from './create-flow.ts';
import { splitDuration, unitSeconds, type ExpiryUnit, type Range } from './create-options.ts';
import { MAX_LABEL_LENGTH } from '#lib/dashboard/dashboard-store.ts';
import { MAX_PASSPHRASE_LENGTH } from '#lib/workers/kdf/kdf-protocol.ts';
import { flagsToSend, initialFlags } from './lifecycle-options.ts';
import { maxSecretSize, secretSize } from './text-limit.ts';
import { CUSTOM } from '#lib/ui/choice.ts';
import { formErrors } from './create-messages.ts';
import { checkRecipient } from './recipient/recipient-check.ts';

/** Raw form values as the inputs hold them: radio groups bind strings, number inputs number | null. */
export interface CreateFormValues {
  text: string;
  /** Files mode: the optional note sent with the files (its size counts in the manifest, file-selection.ts). */
  message: string;
  /** A preset's value as a string, or CUSTOM. */
  views: string;
  viewsCustom: number | null;
  expiry: string;
  expiryCustomAmount: number | null;
  expiryCustomUnit: ExpiryUnit;
  /** Empty: no passphrase. */
  passphrase: string;
  /** Creator-only dashboard label; empty: none. Stays in this browser. */
  label: string;
  /** Who alone may open it (issue 12 §5): an email or `@domain`; empty: anyone with the link. */
  recipient: string;
  flags: PushFlags;
}

export interface Limits {
  views: Range;
  expiresIn: Range;
  /** Largest secretSize() whose envelope fits the server's size limit. */
  maxSecretSize: number;
  /** ServerConfig.passphrase.allowed; when false the passphrase field is hidden and ignored. */
  passphraseAllowed: boolean;
  /** The server signs people in, so a push may name its recipient; otherwise the field is hidden and ignored. */
  recipientAllowed: boolean;
}

/** The form's limits from the server's config (GET /api/v1/config). */
export function limitsOf(
  config: Pick<ServerConfig, 'views' | 'expiresIn' | 'maxEnvelopeBytes' | 'passphrase' | 'auth'>,
): Limits {
  return {
    views: config.views,
    expiresIn: config.expiresIn,
    maxSecretSize: maxSecretSize(config.maxEnvelopeBytes),
    passphraseAllowed: config.passphrase.allowed,
    recipientAllowed: config.auth !== undefined && config.auth.mode !== 'none',
  };
}

export interface FieldErrors {
  text?: string;
  views?: string;
  expiry?: string;
  passphrase?: string;
  label?: string;
  recipient?: string;
}

type FormCheck =
  | { kind: 'ok'; views: number; expiresIn: number; passphrase?: string; label?: string; recipient?: string }
  | { kind: 'invalid'; errors: FieldErrors };

export function initialValues(config: Pick<ServerConfig, 'views' | 'expiresIn' | 'flags'>): CreateFormValues {
  const custom = splitDuration(config.expiresIn.default);
  return {
    text: '',
    message: '',
    views: String(config.views.default),
    viewsCustom: config.views.default,
    expiry: String(config.expiresIn.default),
    expiryCustomAmount: custom.amount,
    expiryCustomUnit: custom.unit,
    passphrase: '',
    label: '',
    recipient: '',
    flags: initialFlags(config),
  };
}

/** The passphrase to use (undefined: none), or why it cannot be used. */
function checkPassphrase(values: CreateFormValues, allowed: boolean): { value?: string } | { error: string } {
  const passphrase = values.passphrase;
  if (!allowed || passphrase.length === 0) return {};
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) {
    return { error: formErrors.passphraseTooLong(MAX_PASSPHRASE_LENGTH) };
  }
  // Sending the passphrase along with the link it protects would be pointless; typing the secret
  // itself into this field is the likeliest way to end up doing so.
  if (passphrase === values.text) return { error: formErrors.passphraseIsSecret };
  return { value: passphrase };
}

function checkLabel(label: string): { value?: string } | { error: string } {
  const trimmed = label.trim();
  if (trimmed.length === 0) return {};
  if (trimmed.length > MAX_LABEL_LENGTH) return { error: formErrors.labelTooLong(MAX_LABEL_LENGTH) };
  return { value: trimmed };
}

function checkViews(values: CreateFormValues, range: Range): { value: number } | { error: string } {
  const raw = values.views === CUSTOM ? values.viewsCustom : Number(values.views);
  if (raw === null || !Number.isInteger(raw)) return { error: formErrors.viewsNotWhole };
  if (raw < range.min || raw > range.max) {
    return { error: formErrors.viewsOutOfRange(range.min, range.max) };
  }
  return { value: raw };
}

function checkExpiry(values: CreateFormValues, range: Range): { value: number } | { error: string } {
  let seconds: number;
  if (values.expiry === CUSTOM) {
    const amount = values.expiryCustomAmount;
    if (amount === null || !Number.isInteger(amount) || amount < 1) {
      return { error: formErrors.expiryNotWhole(values.expiryCustomUnit) };
    }
    seconds = amount * unitSeconds(values.expiryCustomUnit);
  } else {
    seconds = Number(values.expiry);
  }
  if (!Number.isSafeInteger(seconds) || seconds < range.min || seconds > range.max) {
    return { error: formErrors.expiryOutOfRange(range.min, range.max) };
  }
  return { value: seconds };
}

export function checkText(text: string, maxSize: number): string | undefined {
  if (text.length === 0) return formErrors.textEmpty;
  const size = secretSize(text);
  if (size > maxSize) {
    const over = size - maxSize;
    return formErrors.textTooLong(over);
  }
  return undefined;
}

/** `text`: a text secret (required); `files`: a file push, whose files are checked by file-selection.ts. */
export type CreateMode = 'text' | 'files';

export function checkForm(values: CreateFormValues, limits: Limits, mode: CreateMode = 'text'): FormCheck {
  const errors: FieldErrors = {};
  const text = mode === 'text' ? checkText(values.text, limits.maxSecretSize) : undefined;
  if (text) errors.text = text;
  const views = checkViews(values, limits.views);
  if ('error' in views) errors.views = views.error;
  const expiry = checkExpiry(values, limits.expiresIn);
  if ('error' in expiry) errors.expiry = expiry.error;
  const passphrase = checkPassphrase(
    mode === 'text' ? values : { ...values, text: values.message },
    limits.passphraseAllowed,
  );
  if ('error' in passphrase) errors.passphrase = passphrase.error;
  const label = checkLabel(values.label);
  if ('error' in label) errors.label = label.error;
  const recipient = limits.recipientAllowed ? checkRecipient(values.recipient) : {};
  if ('error' in recipient) errors.recipient = recipient.error;
  if ('value' in views && 'value' in expiry && Object.keys(errors).length === 0) {
    return {
      kind: 'ok',
      views: views.value,
      expiresIn: expiry.value,
      ...('value' in passphrase && passphrase.value !== undefined ? { passphrase: passphrase.value } : {}),
      ...('value' in label && label.value !== undefined ? { label: label.value } : {}),
      ...('value' in recipient && recipient.value !== undefined ? { recipient: recipient.value } : {}),
    };
  }
  return { kind: 'invalid', errors };
}

/**
 * What a valid form sends with its push, text or files: the checked lifecycle, passphrase and label,
 * the flags creators may change (lifecycle-options.ts), and the origin the link points back to.
 */
export function pushSettings(
  ok: Extract<FormCheck, { kind: 'ok' }>,
  flags: PushFlags,
  config: Pick<ServerConfig, 'flags' | 'maxEnvelopeBytes'>,
  origin: string,
): PushSettings {
  return {
    views: ok.views,
    expiresIn: ok.expiresIn,
    maxEnvelopeBytes: config.maxEnvelopeBytes,
    origin,
    flags: flagsToSend(flags, config),
    ...(ok.passphrase !== undefined ? { passphrase: ok.passphrase } : {}),
    ...(ok.label !== undefined ? { label: ok.label } : {}),
    ...(ok.recipient !== undefined ? { recipient: ok.recipient } : {}),
  };
}
