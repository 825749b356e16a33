/**
 * Recipient-bound links (issue 12 §5): a push may name who may open it — `alice@example.com`, or any
 * address `@example.com` — and then reveal and burn need a signed-in person (browser session or a
 * trusted proxy's user, not an API token) whose email the provider verified and which matches,
 * case-insensitively; a domain matches exactly (`@example.com` does not admit `x@sub.example.com`).
 * The key still travels only in the link: this narrows who may use it, never what the server reads.
 */

/** Who is asking to open a push, as far as the recipient check cares. */
export type Viewer =
  | { kind: 'anonymous' }
  | {
      kind: 'person';
      /** The verified email, lower-cased; null when there is none or the provider did not verify it. */
      verifiedEmail: string | null;
      /** What the audit trail records of a refused attempt: the email (verified or not), else `user:<id>`. */
      actor: string;
      /** A browser session or trusted proxy (true) or an API token (false: never a recipient). */
      interactive: boolean;
    };

export const ANONYMOUS_VIEWER: Viewer = Object.freeze({ kind: 'anonymous' });

export type RecipientCheck = { kind: 'ok' } | { kind: 'sign_in_required'; message: string } | { kind: 'mismatch' };

export function matchesRecipient(recipient: string, email: string): boolean {
  const address = email.toLowerCase();
  if (recipient.startsWith('@')) return address.slice(address.lastIndexOf('@')) === recipient;
  return address === recipient;
}

export function checkRecipient(recipient: string | null, viewer: Viewer): RecipientCheck {
  if (recipient === null) return { kind: 'ok' };
  if (viewer.kind === 'anonymous') {
    return { kind: 'sign_in_required', message: 'only a named person may open this link; sign in to open it' };
  }
  const { verifiedEmail } = viewer;
  if (viewer.interactive && verifiedEmail !== null && matchesRecipient(recipient, verifiedEmail)) return { kind: 'ok' };
  return { kind: 'mismatch' };
}
