import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { THEME_SURFACES } from './theme-surfaces.ts';

const THEME_CSS = new URL('../../../web/src/lib/styles/theme.css', import.meta.url);

/** The value of `--name` in a block of CSS declarations. */
function customProperty(block: string, name: string): string | undefined {
  return new RegExp(`--${name}:\\s*(#[0-9a-f]{3,6})\\s*;`, 'i').exec(block)?.[1]?.toLowerCase();
}

describe('theme surfaces', () => {
  it('are the colours web/src/lib/styles/theme.css paints for each theme', () => {
    const css = readFileSync(THEME_CSS, 'utf8');
    const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
    expect(darkStart).toBeGreaterThan(0);
    const light = css.slice(0, darkStart);
    const dark = css.slice(darkStart);
    expect(customProperty(light, 'color-bg')).toBe(THEME_SURFACES.light.bg);
    expect(customProperty(light, 'color-surface')).toBe(THEME_SURFACES.light.surface);
    expect(customProperty(dark, 'color-bg')).toBe(THEME_SURFACES.dark.bg);
    expect(customProperty(dark, 'color-surface')).toBe(THEME_SURFACES.dark.surface);
  });
});
