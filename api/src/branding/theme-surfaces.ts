/**
 * The page colours the brand accent is drawn on, as web/src/lib/styles/theme.css defines them for each
 * theme: the page background and the card surface (links and buttons sit on both). Kept here so the
 * server can refuse an unreadable accent at start-up; theme-surfaces.test.ts proves they match the
 * stylesheet, so a theme change cannot silently weaken the check.
 */
export type ThemeName = 'light' | 'dark';

export const THEME_SURFACES: Readonly<Record<ThemeName, Readonly<{ bg: string; surface: string }>>> = {
  light: { bg: '#f4f5f8', surface: '#ffffff' },
  dark: { bg: '#0f1115', surface: '#181b22' },
};
