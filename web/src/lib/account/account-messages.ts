/**
 * Words for signing in and out and for API tokens (account/, the /tokens route, the sign-in notice on
 * the create page). Plain strings and small functions, one object per component, so the file can become
 * a translation catalogue.
 */
import type { TokenScope } from '@zkpush/shared/auth-schemas';
import { t } from '#lib/i18n/sender.ts';

export const accountMenuText = {
  signIn: 'Sign in',
  signOut: 'Sign out',
  tokens: 'API tokens',
  /** `who`: the email, else the name, else "signed in". */
  signedInAs: (who: string): string => `Signed in as ${who}`,
  signedIn: 'signed in',
  /** After the name, for an administrator: " (admin)" joined by a no-break space. */
  adminSuffix: '\u00a0(admin)',
  signOutFailed: 'Could not sign out. Reload the page and try again.',
};

export const signInRequiredText = {
  heading: 'Sign in to share a secret',
  body: 'On this server only signed-in people create secrets. Anyone with a link can still open it without signing in.',
  button: 'Sign in',
  noSignIn: 'Signing in happens at the proxy in front of this server: reload the page once you are signed in there.',
};

export const tokensPageText = {
  title: 'zkpush — API tokens',
  heading: 'API tokens',
  lede: 'Tokens let scripts and CI jobs use zkpush as you. A token is shown once: copy it into your secret store. The server keeps only a hash of it.',
  signInFirst: 'Sign in to manage your API tokens.',
  loading: 'Loading…',
  loadFailed: "Can't load your tokens.",
  retry: 'Try again',
  createHeading: 'New token',
  nameLabel: 'Name',
  namePlaceholder: 'CI deploy job',
  scopesLegend: 'What it may do',
  scopes: {
    create: 'Create secrets',
    'read-own-events': 'Read the audit trail of its own secrets',
    'delete-own': 'Delete its own secrets',
  } satisfies Readonly<Record<TokenScope, string>>,
  expiryLabel: 'Expires in',
  expiryChoices: [
    { days: 7, label: '7 days' },
    { days: 30, label: '30 days' },
    { days: 90, label: '90 days' },
    { days: 365, label: '1 year' },
  ],
  create: 'Create token',
  creating: 'Creating…',
  createdHeading: 'Your new token',
  createdHint: 'Copy it now: it will not be shown again. Use it with zkpush --token-file FILE or ZKPUSH_TOKEN.',
  done: 'Done',
  listHeading: 'Your tokens',
  allHeading: 'Everyone’s tokens',
  showAll: 'Show everyone’s tokens',
  none: 'No tokens yet.',
  columns: { name: 'Name', scopes: 'Scopes', owner: 'Owner', expires: 'Expires', lastUsed: 'Last used', state: '' },
  never: 'never',
  revoked: 'revoked',
  expired: 'expired',
  revoke: 'Revoke',
  revokeConfirm: (name: string): string => `Revoke “${name}”? Scripts using it stop working at once.`,
  failed: (why: string): string => `The server refused: ${why}`,
  // The create page's sentence, from the catalogue (issue 13 §1). The rest of this module moves into
  // the `sender` catalogue in a follow-up; until then it is English in every language.
  get unreachable(): string {
    return t('create_problem_network');
  },
};
