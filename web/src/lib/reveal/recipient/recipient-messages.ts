/**
 * Words for a recipient-bound link (issue 12 §5): the "sign in to continue" card, the refusal when the
 * signed-in person is not the one the link names, and the `/signed-in` page the sign-in window ends on.
 * Keys `reveal_recipient_*` and `reveal_signed_in_*` in the recipient catalogue; each property reads the
 * active language.
 */
import { m, texts } from '#lib/i18n/recipient.ts';

export const recipientGateText = texts(
  {
    heading: 'reveal_recipient_heading',
    body: 'reveal_recipient_body',
    how: 'reveal_recipient_how',
    signIn: 'reveal_recipient_sign_in',
    checking: 'reveal_recipient_checking',
    waiting: 'reveal_recipient_waiting',
    elsewhere: 'reveal_recipient_elsewhere',
    mismatchHeading: 'reveal_recipient_mismatch_heading',
    mismatchHint: 'reveal_recipient_mismatch_hint',
  },
  {
    /** `who`: the signed-in person's email (else name). */
    mismatch: (who: string): string => m().reveal_recipient_mismatch({ who }),
  },
);

export const signedInPageText = texts(
  {
    heading: 'reveal_signed_in_heading',
    body: 'reveal_signed_in_body',
  },
  {
    title: (): string => m().reveal_title({ heading: m().reveal_signed_in_heading({}) }),
  },
);
