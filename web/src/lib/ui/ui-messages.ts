/**
 * Words of the generic components in ui/ — the few labels they carry themselves (everything else they
 * show comes in through their props) — and of the site shell around every page (routes/+layout.svelte).
 * Plain strings and small functions, one object per component, so the file can become a translation
 * catalogue.
 */

/** The header, navigation and footer of every page. */
export const siteText = {
  skip: 'Skip to content',
  home: 'zkpush — create a new secret',
  name: 'zkpush',
  tagline: 'End-to-end encrypted: the server never sees your secret.',
  nav: 'Main',
  newSecret: 'New secret',
  dashboard: 'Dashboard',
  footer:
    'Secrets are encrypted in your browser (XChaCha20-Poly1305). The key is the part of the link after the #, which browsers never send to the server.',
  createNew: 'Create a new secret',
};

export const choiceGroupText = {
  custom: 'Custom…',
};

export const confirmActionText = {
  cancel: 'Cancel',
};

export const copyButtonText = {
  copied: 'Copied',
  copiedHint: 'Copied to the clipboard.',
  /** The fallback when the clipboard refused: the text is selected, `shortcut` is Ctrl+C or ⌘C. */
  selectedHint: (shortcut: string): string => `Selected — press ${shortcut} to copy.`,
};

export const kdfProgressText = {
  cancel: 'Cancel',
};

export const noticeText = {
  retry: 'Try again',
  createNew: 'Create a new secret',
};

export const passphraseInputText = {
  show: 'Show',
  hide: 'Hide',
};
