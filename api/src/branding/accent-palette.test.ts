import { describe, expect, it } from 'vitest';
import { accentPalette, checkAccent } from './accent-palette.ts';
import { AA_NORMAL_TEXT, contrastRatio, parseHexColour } from './colour-contrast.ts';
import { THEME_SURFACES, type ThemeName } from './theme-surfaces.ts';

const hex = (text: string) => parseHexColour(text)!;

describe('accent palette', () => {
  it("accepts zkpush's own accents and refuses unreadable ones with the ratio", () => {
    expect(checkAccent(hex('#4f46e5'), 'light')).toEqual({ kind: 'ok' });
    expect(checkAccent(hex('#818cf8'), 'dark')).toEqual({ kind: 'ok' });
    const yellow = checkAccent(hex('#ffd400'), 'light');
    expect(yellow.kind).toBe('refused');
    expect(yellow.kind === 'refused' && yellow.reason).toMatch(
      /light theme's page background #f4f5f8 is below WCAG AA 4\.5:1/,
    );
    expect(checkAccent(hex('#1e3a8a'), 'dark').kind).toBe('refused');
  });

  it('derives pairs that all meet AA for every accepted colour', () => {
    const themes: ThemeName[] = ['light', 'dark'];
    let accepted = 0;
    for (let r = 0; r < 256; r += 51) {
      for (let g = 0; g < 256; g += 51) {
        for (let b = 0; b < 256; b += 51) {
          for (const theme of themes) {
            const colour = { r, g, b };
            if (checkAccent(colour, theme).kind !== 'ok') continue;
            accepted += 1;
            const p = accentPalette(colour, theme);
            const surface = hex(THEME_SURFACES[theme].surface);
            expect(contrastRatio(hex(p.accent), hex(p.text))).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
            expect(contrastRatio(hex(p.hover), hex(p.text))).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
            expect(contrastRatio(hex(p.hover), surface)).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
            expect(contrastRatio(hex(p.softText), hex(p.soft))).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
          }
        }
      }
    }
    expect(accepted).toBeGreaterThan(20);
  });
});
