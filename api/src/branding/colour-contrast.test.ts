import { describe, expect, it } from 'vitest';
import {
  BLACK,
  contrastRatio,
  labelColourOn,
  mix,
  parseHexColour,
  relativeLuminance,
  toHex,
  WHITE,
} from './colour-contrast.ts';

describe('colour contrast (WCAG 2.2)', () => {
  it('parses #rgb and #rrggbb and refuses anything else', () => {
    expect(parseHexColour('#4F46E5')).toEqual({ r: 0x4f, g: 0x46, b: 0xe5 });
    expect(parseHexColour('#abc')).toEqual({ r: 0xaa, g: 0xbb, b: 0xcc });
    for (const bad of ['4f46e5', '#4f46e', 'red', 'rgb(1,2,3)', '#gggggg', '']) {
      expect(parseHexColour(bad)).toBeUndefined();
    }
  });

  it('matches the reference ratios', () => {
    expect(contrastRatio(WHITE, BLACK)).toBeCloseTo(21, 5);
    expect(contrastRatio(WHITE, WHITE)).toBe(1);
    // #767676 on white is the classic just-AA grey (4.54:1).
    expect(contrastRatio(parseHexColour('#767676')!, WHITE)).toBeCloseTo(4.54, 2);
    expect(relativeLuminance(parseHexColour('#808080')!)).toBeCloseTo(0.2159, 3);
  });

  it('is symmetric and picks the readable label colour', () => {
    const indigo = parseHexColour('#4f46e5')!;
    expect(contrastRatio(indigo, WHITE)).toBe(contrastRatio(WHITE, indigo));
    expect(labelColourOn(indigo)).toEqual(WHITE);
    expect(labelColourOn(parseHexColour('#fde047')!)).toEqual(BLACK);
  });

  it('mixes toward a target and writes hex back', () => {
    expect(toHex(mix(parseHexColour('#000000')!, WHITE, 0.5))).toBe('#808080');
    expect(toHex(parseHexColour('#0A0b0C')!)).toBe('#0a0b0c');
  });
});
