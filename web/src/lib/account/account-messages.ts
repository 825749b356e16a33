/**
 * Words for signing in and out and for API tokens (account/, the /tokens route, the sign-in notice on
 * the create page). One object per component; every property reads the active `sender` catalogue
 * (web/messages/sender/<locale>.json, keys `account_*` and `tokens_*`), so it follows the language
 * picker. Dates and lifetimes are worded by Intl (#lib/i18n/intl-format.ts).
 */
import type { TokenScope } from '@zkpush/shared/auth-schemas';
import { formatDateTime, formatDays } from '#lib/i18n/intl-format.ts';
import { m, t, texts } from '#lib/i18n/sender.ts';

export const accountMenuText = texts(
  {
    signIn: 'account_sign_in',
    signOut: 'account_sign_out',
    tokens: 'account_tokens',
    signedIn: 'account_signed_in',
    /** After the name, for an administrator: " (admin)" joined by a no-break space. */
    adminSuffix: 'account_admin_suffix',
    signOutFailed: 'account_sign_out_failed',
  },
  {
    /** `who`: the email, else the name, else `signedIn`. */
    signedInAs: (who: string): string => m().account_signed_in_as({ who }),
  },
);

export const signInRequiredText = texts({
  heading: 'account_gate_heading',
  body: 'account_gate_body',
  button: 'account_sign_in',
  noSignIn: 'account_gate_no_sign_in',
});

/** The lifetimes offered for a new token, in days (the server's maximum trims the list). */
export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365] as const;

export const tokensPageText = texts(
  {
    title: 'tokens_page_title',
    heading: 'tokens_page_heading',
    lede: 'tokens_page_lede',
    signInFirst: 'tokens_sign_in_first',
    loading: 'tokens_loading',
    createHeading: 'tokens_create_heading',
    nameLabel: 'tokens_name_label',
    namePlaceholder: 'tokens_name_placeholder',
    scopesLegend: 'tokens_scopes_legend',
    expiryLabel: 'tokens_expiry_label',
    create: 'tokens_create',
    creating: 'tokens_creating',
    createdHeading: 'tokens_created_heading',
    createdHint: 'tokens_created_hint',
    done: 'tokens_done',
    listHeading: 'tokens_list_heading',
    allHeading: 'tokens_all_heading',
    showAll: 'tokens_show_all',
    none: 'tokens_none',
    never: 'tokens_never',
    revoked: 'tokens_revoked',
    expired: 'tokens_expired',
    revoke: 'tokens_revoke',
    // The create page's sentence for an unreachable server.
    unreachable: 'create_problem_network',
  },
  {
    scopes: texts({
      create: 'tokens_scope_create',
      'read-own-events': 'tokens_scope_read_own_events',
      'delete-own': 'tokens_scope_delete_own',
    }) satisfies Readonly<Record<TokenScope, string>>,
    columns: texts({
      name: 'tokens_col_name',
      scopes: 'tokens_col_scopes',
      owner: 'tokens_col_owner',
      expires: 'tokens_col_expires',
      lastUsed: 'tokens_col_last_used',
      state: 'tokens_col_state',
    }),
    /** "30 days", "1 year". */
    expiryChoice: (days: number): string => formatDays(days),
    /** An expiry or last use; `null` (never used) says so. */
    date: (iso: string | null): string => (iso === null ? t('tokens_never') : formatDateTime(new Date(iso))),
    revokeConfirm: (name: string): string => m().tokens_revoke_confirm({ name }),
    /** `why`: the server's message (technical, in English). */
    failed: (why: string): string => m().tokens_failed({ why }),
  },
);
