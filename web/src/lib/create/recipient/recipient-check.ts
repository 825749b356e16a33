/**
 * The create form's check of "Only this person may open it" (issue 12 §5), with the very schema the
 * server applies (`Recipient`, shared/src/wire/schemas.ts): trimmed and lower-cased, an email address
 * or `@` and a domain. Empty means anyone holding the link.
 */
import * as v from 'valibot';
import { Recipient } from '@zkpush/shared/schemas';
import { recipientFieldText } from './recipient-messages.ts';

export function checkRecipient(value: string): { value?: string } | { error: string } {
  if (value.trim() === '') return {};
  const parsed = v.safeParse(Recipient, value);
  return parsed.success ? { value: parsed.output } : { error: recipientFieldText.invalid };
}
