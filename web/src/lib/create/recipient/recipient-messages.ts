/** Words for the create form's "Only this person may open it" field (issue 12 §5; keys `create_recipient_*`). */
import { texts } from '#lib/i18n/sender.ts';

export const recipientFieldText = texts({
  label: 'create_recipient_label',
  optional: 'create_optional',
  help: 'create_recipient_help',
  invalid: 'create_recipient_invalid',
});
