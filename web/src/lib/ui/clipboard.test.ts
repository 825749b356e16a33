import { describe, expect, it } from 'vitest';
import { copyShortcut, copyText } from './clipboard.ts';

function field() {
  const calls: string[] = [];
  return { calls, focus: () => calls.push('focus'), select: () => calls.push('select') };
}

describe('copyText', () => {
  it('writes through the Clipboard API', async () => {
    const written: string[] = [];
    const f = field();
    const outcome = await copyText('link', f, { writeText: async (t) => void written.push(t) });
    expect(outcome).toBe('copied');
    expect(written).toEqual(['link']);
    expect(f.calls).toEqual([]);
  });

  it('selects the text when the API refuses', async () => {
    const f = field();
    const outcome = await copyText('link', f, {
      writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')),
    });
    expect(outcome).toBe('selected');
    expect(f.calls).toEqual(['focus', 'select']);
  });

  it('selects the text when there is no Clipboard API', async () => {
    const f = field();
    expect(await copyText('link', f, undefined)).toBe('selected');
    expect(f.calls).toEqual(['focus', 'select']);
  });
});

describe('copyShortcut', () => {
  it('names the platform shortcut', () => {
    expect(copyShortcut('MacIntel')).toBe('⌘C');
    expect(copyShortcut('Linux x86_64')).toBe('Ctrl+C');
  });
});
