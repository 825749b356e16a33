/** File contents of the frozen file-push vectors, described in the JSON instead of stored as hex. */
export type Content = { utf8: string } | { pattern: number; size: number };

/** {"utf8": text} → its UTF-8 bytes; {"pattern": p, "size": n} → byte i = (i · 31 + p) mod 251. */
export function fileContent(content: Content): Uint8Array {
  if ('utf8' in content) return new TextEncoder().encode(content.utf8);
  const out = new Uint8Array(content.size);
  for (let i = 0; i < content.size; i++) out[i] = (i * 31 + content.pattern) % 251;
  return out;
}
