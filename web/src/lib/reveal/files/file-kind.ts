/**
 * A file's kind in words a recipient knows ("PDF document", "Image") instead of its media type
 * ("application/pdf"), which the manifest carries as the sender's browser reported it (issue 13
 * §4.9). Decided from the media type, then the name's extension; unknown kinds say so.
 */
import { t } from '#lib/i18n/recipient.ts';
import { revealedFileRowText } from '#lib/reveal/reveal-messages.ts';

// Here, not in reveal-messages.ts: this module loads with the files code, not with every reveal page.
const KIND_KEYS = {
  Image: 'reveal_kind_image',
  Video: 'reveal_kind_video',
  Audio: 'reveal_kind_audio',
  Pdf: 'reveal_kind_pdf',
  Text: 'reveal_kind_text',
  Archive: 'reveal_kind_archive',
  Document: 'reveal_kind_document',
  Spreadsheet: 'reveal_kind_spreadsheet',
  Presentation: 'reveal_kind_presentation',
} as const;
type Kind = keyof typeof KIND_KEYS;

const BY_EXTENSION: Readonly<Record<string, Kind>> = {
  pdf: 'Pdf',
  txt: 'Text',
  md: 'Text',
  csv: 'Spreadsheet',
  xls: 'Spreadsheet',
  xlsx: 'Spreadsheet',
  ods: 'Spreadsheet',
  numbers: 'Spreadsheet',
  doc: 'Document',
  docx: 'Document',
  odt: 'Document',
  rtf: 'Document',
  pages: 'Document',
  ppt: 'Presentation',
  pptx: 'Presentation',
  odp: 'Presentation',
  key: 'Presentation',
  zip: 'Archive',
  '7z': 'Archive',
  rar: 'Archive',
  gz: 'Archive',
  tgz: 'Archive',
  tar: 'Archive',
  xz: 'Archive',
  bz2: 'Archive',
};

/** The kind's key, or undefined when neither the type nor the name tells. */
export function fileKind(type: string, name: string): Kind | undefined {
  const t = type.toLowerCase();
  const top = t.split('/')[0];
  if (top === 'image') return 'Image';
  if (top === 'video') return 'Video';
  if (top === 'audio') return 'Audio';
  if (t === 'application/pdf') return 'Pdf';
  if (/spreadsheet|excel|csv/.test(t)) return 'Spreadsheet';
  if (/presentation|powerpoint/.test(t)) return 'Presentation';
  if (/wordprocessing|msword|opendocument\.text|rtf/.test(t)) return 'Document';
  if (/zip|compressed|x-tar|gzip|x-7z|x-rar|x-xz|x-bzip/.test(t)) return 'Archive';
  if (top === 'text') return 'Text';
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === undefined ? undefined : BY_EXTENSION[ext];
}

/** "PDF document", "Image", … or "unknown type", in the active language. */
export function fileKindText(type: string, name: string): string {
  const kind = fileKind(type, name);
  return kind === undefined ? revealedFileRowText.unknownType : t(KIND_KEYS[kind]);
}
