/**
 * Bounds what a JSON body may cost before JSON.parse and the schema see it (issue 10 §3). A body can be
 * small enough for its route and still expensive: 1.4 MB of nested arrays, of unknown keys or of file
 * entries cost JSON.parse and valibot from 30 ms to almost 2 s of event-loop time before their 400.
 * One linear pass over the text counts nesting depth and entries (object members and array items) and
 * measures keys; the first limit crossed refuses the body with a 400 at once, usually after a few bytes.
 *
 * The pass does not check JSON syntax (JSON.parse does that next): it only has to be right about the
 * brackets, colons and commas outside strings, and it skips strings with indexOf, so the one long
 * string a valid create carries (the envelope) costs about a memchr.
 */
import { MAX_MANIFEST_FILES } from '@zkpush/shared/manifest';

export type JsonShape = Readonly<{
  /** Deepest nesting of objects and arrays; the top-level value is depth 1. */
  maxDepth: number;
  /** Most object members plus array items in the whole body. */
  maxEntries: number;
  /** Longest object key, in UTF-16 code units as written (escapes unexpanded). */
  maxKeyLength: number;
}>;

/** Longer than any key of the shared request schemas (the longest is `deletableByViewer`). */
const MAX_KEY_LENGTH = 64;

/**
 * The limits of each request schema (shared/src/wire/schemas.ts), with the deepest and widest valid
 * body inside them (json-shape.test.ts builds both):
 * - create: the top object, `passphrase`→`kdf` and `files`→file entry: depth 3; at most 7 + 2 (flags)
 *   + 2 (passphrase) + 6 (kdf) top and nested members, and per file one array item and one member.
 * - reveal and burn: one flat object of at most two members.
 */
export const JSON_SHAPES = Object.freeze({
  create: Object.freeze({ maxDepth: 3, maxEntries: 2 * MAX_MANIFEST_FILES + 64, maxKeyLength: MAX_KEY_LENGTH }),
  proof: Object.freeze({ maxDepth: 1, maxEntries: 8, maxKeyLength: MAX_KEY_LENGTH }),
  /** POST /api/v1/tokens: name, expiresIn and a scopes array of at most the three scopes (and room). */
  token: Object.freeze({ maxDepth: 2, maxEntries: 16, maxKeyLength: MAX_KEY_LENGTH }),
} satisfies Record<string, JsonShape>);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Index just past the string whose opening quote is at `open` (text.length if it never closes). */
function skipString(text: string, open: number): number {
  let at = open + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return text.length;
    // A quote preceded by an odd number of backslashes is escaped.
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** Undefined when `text` stays within `shape`, else a message for the 400 naming the limit crossed. */
export function jsonShapeProblem(text: string, shape: JsonShape): string | undefined {
  // One flag per open container (true = array); never deeper than maxDepth + 1.
  const arrays: boolean[] = [];
  let entries = 0;
  let lastKeyLength = 0;
  const tooMany = `request body has more than ${shape.maxEntries} members and items`;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = skipString(text, i);
      lastKeyLength = end - i - 2;
      i = end - 1;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      const isArray = code === OPEN_ARRAY;
      arrays.push(isArray);
      if (arrays.length > shape.maxDepth) return `request body nests deeper than ${shape.maxDepth} levels`;
      // An array counts its first item here (an empty one too: an upper bound is enough) and the rest
      // at their commas.
      if (isArray && ++entries > shape.maxEntries) return tooMany;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      arrays.pop();
    } else if (code === COLON) {
      if (lastKeyLength > shape.maxKeyLength) {
        return `request body has a key longer than ${shape.maxKeyLength} characters`;
      }
      if (++entries > shape.maxEntries) return tooMany;
    } else if (code === COMMA && arrays.at(-1) === true) {
      if (++entries > shape.maxEntries) return tooMany;
    }
  }
  return undefined;
}
