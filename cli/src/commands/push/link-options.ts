/**
 * `--lang` and `--recipient` (issue 13 §1, issue 12 §5), the same for text and file pushes. The
 * language only changes the printed link (`<origin>/<lang>/s/<id>#<key>`, docs/wire-format.md §3):
 * the CLI checks its form (isLinkLang), the server and web app decide which languages exist. The
 * recipient goes in the create request as given; the server validates it (shared Recipient schema,
 * its 400 message is shown), and a server whose config says it has no sign-in is refused earlier
 * (common.ts checkRecipientAllowed).
 */
import { isLinkLang } from '@zkpush/shared/link';
import type { Parsed } from '../../args/parse.ts';
import { EXIT, fail } from '../../runtime/exit-codes.ts';
import { pushMessages as m } from './messages.ts';

export const LINK_OPTIONS = {
  lang: { type: 'string' },
  recipient: { type: 'string' },
} as const;

export interface LinkOptions {
  lang?: string;
  recipient?: string;
}

export function parseLinkOptions(values: { lang?: string; recipient?: string }): Parsed<LinkOptions> {
  const { lang, recipient } = values;
  if (lang !== undefined && !isLinkLang(lang)) {
    return { kind: 'fail', failure: fail(EXIT.usage, m.langInvalid(lang)) };
  }
  if (recipient !== undefined && recipient.trim() === '') {
    return { kind: 'fail', failure: fail(EXIT.usage, m.recipientEmpty) };
  }
  return {
    kind: 'ok',
    value: { ...(lang === undefined ? {} : { lang }), ...(recipient === undefined ? {} : { recipient }) },
  };
}
