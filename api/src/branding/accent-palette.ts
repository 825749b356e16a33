/**
 * From one accent colour per theme, the custom properties the web app's theme uses for it
 * (web/src/lib/styles/theme.css: --color-accent, -hover, -text, -soft, -soft-text, --color-focus),
 * each pair checked against WCAG AA (colour-contrast.ts). `checkAccent` says why a colour is refused;
 * `accentPalette` derives the rest so that every derived pair passes too.
 */
import {
  AA_NORMAL_TEXT,
  BLACK,
  contrastRatio,
  labelColourOn,
  mix,
  parseHexColour,
  toHex,
  WHITE,
  type Rgb,
} from './colour-contrast.ts';
import { THEME_SURFACES, type ThemeName } from './theme-surfaces.ts';

export type AccentPalette = Readonly<{
  accent: string;
  hover: string;
  text: string;
  soft: string;
  softText: string;
}>;

type Check = { kind: 'ok' } | { kind: 'refused'; reason: string };

const round = (ratio: number): string => ratio.toFixed(2);

/** Whether `colour` reads as link text on the theme's page and on its cards. */
export function checkAccent(colour: Rgb, theme: ThemeName): Check {
  const { bg, surface } = THEME_SURFACES[theme];
  for (const [what, against] of [
    ['page background', bg],
    ['card background', surface],
  ] as const) {
    const ratio = contrastRatio(colour, parseHexColour(against)!);
    if (ratio < AA_NORMAL_TEXT) {
      return {
        kind: 'refused',
        reason: `contrast ${round(ratio)}:1 against the ${theme} theme's ${what} ${against} is below WCAG AA ${AA_NORMAL_TEXT}:1`,
      };
    }
  }
  // A colour that reads on both surfaces also carries a white (light theme) or black (dark theme)
  // button label at AA: the surfaces are near-white and near-black. accent-palette.test.ts proves it
  // for a grid of colours, so the label needs no check of its own.
  return { kind: 'ok' };
}

/**
 * The palette for an accent that passed checkAccent. Hover moves away from the label colour (more
 * contrast for both the label and the page); the soft tint is the accent faded into the card, with its
 * text the accent darkened (light) or lightened (dark) until it reads on the tint.
 */
export function accentPalette(colour: Rgb, theme: ThemeName): AccentPalette {
  const label = labelColourOn(colour);
  const away = label === WHITE ? BLACK : WHITE;
  const surface = parseHexColour(THEME_SURFACES[theme].surface)!;
  const soft = mix(colour, surface, 0.85);
  const ink = theme === 'light' ? BLACK : WHITE;
  let softText = colour;
  for (let step = 1; step <= 10 && contrastRatio(softText, soft) < AA_NORMAL_TEXT; step += 1) {
    softText = mix(colour, ink, step / 10);
  }
  return {
    accent: toHex(colour),
    hover: toHex(mix(colour, away, 0.15)),
    text: toHex(label),
    soft: toHex(soft),
    softText: toHex(softText),
  };
}
