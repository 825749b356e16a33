/**
 * Words for the admin team view (team/ and the /team route; issue 12 §4), from the `sender`
 * catalogue (keys `team_*`), so they follow the language picker.
 */
import { t as common } from '#lib/i18n/recipient.ts';
import { m, t, texts } from '#lib/i18n/sender.ts';

export const teamPageText = texts(
  {
    title: 'team_page_title',
    heading: 'team_page_heading',
    lede: 'team_page_lede',
    loading: 'team_loading',
    notAdminHeading: 'team_not_admin_heading',
    notAdminBody: 'team_not_admin_body',
    signInHeading: 'team_sign_in_heading',
    signInBody: 'team_sign_in_body',
    signIn: 'team_sign_in',
    filterHeading: 'team_filter_heading',
    creatorLabel: 'team_creator_label',
    creatorPlaceholder: 'team_creator_placeholder',
    stateLabel: 'team_state_label',
    stateAll: 'team_state_all',
    stateActive: 'team_state_active',
    stateEnded: 'team_state_ended',
    apply: 'team_apply',
    pushesHeading: 'team_pushes_heading',
  },
  {
    get retry(): string {
      return common('ui_retry');
    },
    failed: (message: string): string => m().team_failed({ message }),
  },
);

export const teamStatsText = texts(
  {
    heading: 'team_stats_heading',
    storage: 'team_stats_storage',
    failedAttempts: 'team_stats_failed',
    perDay: 'team_stats_per_day',
    day: 'team_stats_day',
  },
  {
    series: {
      get created(): string {
        return t('team_stats_created');
      },
      get opened(): string {
        return t('team_stats_opened');
      },
      get expired(): string {
        return t('team_stats_expired');
      },
    },
    storageDetail: (envelopes: string, files: string): string => m().team_stats_storage_detail({ envelopes, files }),
    scale: (max: string): string => m().team_stats_scale({ max }),
  },
);

/** The account menu's link to the team view (admins only). */
export const teamMenuText = texts({ link: 'team_menu_link' });
