/**
 * WCAG 2.2 contrast for the brand accent (ZKPUSH_BRAND_ACCENT, ZKPUSH_BRAND_ACCENT_DARK). The accent
 * is used two ways by the web app's theme (web/src/lib/styles/theme.css): as link and focus colour on
 * the page background, and as the background of primary buttons under their label. Both pairs must
 * reach AA for normal text, 4.5:1 (WCAG 2.2 SC 1.4.3; relative luminance and contrast ratio as
 * defined in its glossary). A colour that fails is refused at start-up, naming the variable and the
 * ratio it reached, so an operator never ships an unreadable brand.
 */

/** An sRGB colour as 0–255 channels. */
export type Rgb = Readonly<{ r: number; g: number; b: number }>;

export const AA_NORMAL_TEXT = 4.5;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#rgb` or `#rrggbb` (case-insensitive) → channels; undefined for anything else. */
export function parseHexColour(text: string): Rgb | undefined {
  const match = HEX.exec(text.trim());
  if (match === null) return undefined;
  const hex = match[1]!.length === 3 ? [...match[1]!].map((d) => d + d).join('') : match[1]!;
  return {
    r: Number.parseInt(hex.slice(0, 2), 16),
    g: Number.parseInt(hex.slice(2, 4), 16),
    b: Number.parseInt(hex.slice(4, 6), 16),
  };
}

export function toHex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance (WCAG 2.2 glossary, with the sRGB threshold 0.04045). */
export function relativeLuminance({ r, g, b }: Rgb): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** (L1 + 0.05) / (L2 + 0.05) with L1 the lighter; 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [high, low] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

/** Mixes `colour` toward `target` by `amount` (0–1), rounding each channel. */
export function mix(colour: Rgb, target: Rgb, amount: number): Rgb {
  const channel = (from: number, to: number): number => Math.round(from + (to - from) * amount);
  return { r: channel(colour.r, target.r), g: channel(colour.g, target.g), b: channel(colour.b, target.b) };
}

export const WHITE: Rgb = { r: 255, g: 255, b: 255 };
export const BLACK: Rgb = { r: 0, g: 0, b: 0 };

/** Of white and black, the label colour that reads better on `background`. */
export function labelColourOn(background: Rgb): Rgb {
  return contrastRatio(background, WHITE) >= contrastRatio(background, BLACK) ? WHITE : BLACK;
}
