/**
 * Words of the generic components in ui/ — the few labels they carry themselves (everything else they
 * show comes in through their props) — and of the site shell around every page (routes/+layout.svelte).
 * One object per component; each property reads the active catalogue (web/messages/<locale>.json,
 * keys `ui_*`), so a template that shows it re-renders when the language changes.
 */
import { m, texts } from '#lib/i18n/recipient.ts';

/** The header, navigation and footer of every page. */
export const siteText = texts(
  {
    skip: 'ui_site_skip',
    home: 'ui_site_home',
    tagline: 'ui_site_tagline',
    nav: 'ui_site_nav',
    newSecret: 'ui_site_new_secret',
    dashboard: 'ui_site_dashboard',
    footer: 'ui_site_footer',
    createNew: 'ui_site_create_new',
    // The operator's footer links (ZKPUSH_BRAND_IMPRINT_URL, _PRIVACY_URL, _SUPPORT_URL).
    imprint: 'ui_site_imprint',
    privacy: 'ui_site_privacy',
    support: 'ui_site_support',
  },
  /** The product name is not translated. */
  { name: 'zkpush' },
);

export const choiceGroupText = texts({ custom: 'ui_custom' });

export const confirmActionText = texts({ cancel: 'ui_cancel' });

export const copyButtonText = texts(
  { copied: 'ui_copied', copiedHint: 'ui_copied_hint' },
  {
    /** The fallback when the clipboard refused: the text is selected, `shortcut` is Ctrl+C or ⌘C. */
    selectedHint: (shortcut: string): string => m().ui_selected_hint({ shortcut }),
  },
);

export const kdfProgressText = texts({ cancel: 'ui_cancel' });

export const noticeText = texts({ retry: 'ui_retry', createNew: 'ui_site_create_new' });

export const passphraseInputText = texts({ show: 'ui_show', hide: 'ui_hide' });

export const languagePickerText = texts({ label: 'ui_language_label' });
