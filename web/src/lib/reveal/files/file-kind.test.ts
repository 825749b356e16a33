import { describe, expect, it } from 'vitest';
import { fileKind, fileKindText } from './file-kind.ts';

describe('fileKind', () => {
  it('names common media types in plain words', () => {
    expect(fileKind('application/pdf', 'a.bin')).toBe('Pdf');
    expect(fileKind('image/png', 'x')).toBe('Image');
    expect(fileKind('video/mp4', 'x')).toBe('Video');
    expect(fileKind('audio/ogg', 'x')).toBe('Audio');
    expect(fileKind('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'x')).toBe('Spreadsheet');
    expect(fileKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'x')).toBe('Document');
    expect(fileKind('application/zip', 'x')).toBe('Archive');
    expect(fileKind('text/plain', 'x')).toBe('Text');
  });

  it('falls back to the extension when the type is empty or generic', () => {
    expect(fileKind('', 'Report.PDF')).toBe('Pdf');
    expect(fileKind('application/octet-stream', 'keys.7z')).toBe('Archive');
    expect(fileKind('', 'no-extension')).toBeUndefined();
  });

  it('words the kind from the catalogue, never the media type', () => {
    expect(fileKindText('application/pdf', 'a.pdf')).toBe('PDF document');
    expect(fileKindText('application/x-unknown', 'blob')).toBe('unknown type');
  });
});
