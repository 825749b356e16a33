/**
 * Words of the generic components in ui/: the few labels they carry themselves (everything else they
 * show comes in through their props). Plain strings and small functions, one object per component,
 * so the file can become a translation catalogue.
 */

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
