import { describe, expect, test } from 'vitest';
import { decodeUtf8, readAll, stripOneNewline } from './io.ts';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

describe('readAll', () => {
  test('joins string and byte chunks', async () => {
    const result = await readAll(chunks('ab', new Uint8Array([0x63]), ''), 10);
    expect(result).toEqual({ kind: 'ok', bytes: new TextEncoder().encode('abc') });
  });

  test('exactly the cap is fine; one byte more is too large', async () => {
    expect((await readAll(chunks('12345'), 5)).kind).toBe('ok');
    expect(await readAll(chunks('123', '456'), 5)).toEqual({ kind: 'too_large', maxBytes: 5 });
  });

  test('stops reading once over the cap (an endless pipe cannot fill memory)', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled++;
        yield new Uint8Array(1024);
      }
    }
    expect(await readAll(endless(), 4096)).toEqual({ kind: 'too_large', maxBytes: 4096 });
    expect(pulled).toBe(5);
  });
});

describe('decodeUtf8', () => {
  test('decodes UTF-8 and keeps a byte-order mark', () => {
    expect(decodeUtf8(new TextEncoder().encode('pässwörd 🔑'))).toBe('pässwörd 🔑');
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
  });

  test('refuses invalid UTF-8 instead of replacing it', () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xff, 0x62]))).toBeNull();
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBeNull(); // an encoded surrogate
  });
});

describe('stripOneNewline', () => {
  test.each([
    ['secret\n', 'secret'],
    ['secret\r\n', 'secret'],
    ['secret\n\n', 'secret\n'],
    ['secret', 'secret'],
    ['secret\r', 'secret\r'],
    ['\n', ''],
    ['', ''],
  ])('%j → %j', (input, output) => {
    expect(stripOneNewline(input)).toBe(output);
  });
});
