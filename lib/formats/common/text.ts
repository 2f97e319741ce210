/**
 * Text clean-up every writer applies the same way: text from pages may hold lone surrogates, decomposed letters, hard
 * line wraps and control characters, none of which a file should carry.
 */

/** Unpaired UTF-16 surrogates: no UTF-8 form, so every writer replaces them with U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ANY_SURROGATE = /[\ud800-\udfff]/;

export function wellFormed(text: string): string {
  // The quick test first: the lookaround pattern costs several times more per character, on every field of 100k papers.
  return ANY_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\ufffd') : text;
}

const NOT_ASCII = /[^\x00-\x7f]/;

/** NFC, skipped for ASCII text (which NFC leaves as it is): most fields are ASCII, and normalize() is not free. */
export function nfc(text: string): string {
  return NOT_ASCII.test(text) ? text.normalize('NFC') : text;
}

/**
 * `\s+` → one space without touching the single spaces that need no change: a run of two or more, or one whitespace
 * character other than the space. Same result as `replace(/\s+/g, ' ')`, but text with single spaces only is not
 * rebuilt (a replace that matches nothing returns its input).
 */
export const SPACES_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/**
 * Characters that change how text is shown without being text: bidi embeddings, overrides and isolates (U+202E turns
 * `gpj.exe` around), marks, the zero-width space, word joiner and byte order mark. A file Dogear writes carries none of
 * them. Zero-width (non-)joiners stay between two non-ASCII letters, where scripts such as Persian and Devanagari need
 * them, and go elsewhere.
 */
const INVISIBLE = /[\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const STRAY_JOINER = /(?<![^\x00-\x7f\s])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f\s])/g;
const ANY_INVISIBLE = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/**
 * `text` without the characters of INVISIBLE (and stray joiners): the export-safe step every writer applies to page and
 * user text, through oneLine or directly for multi-line text (notes, abstracts).
 */
export function withoutInvisibles(text: string): string {
  return ANY_INVISIBLE.test(text) ? text.replace(INVISIBLE, '').replace(STRAY_JOINER, '') : text;
}

/**
 * One line of text: NFC, invisible controls dropped (withoutInvisibles), line breaks (including U+2028/U+2029), tabs
 * and other control characters become spaces, runs of white space collapse to one, and the ends are trimmed. Titles and
 * abstracts from pages carry hard line wraps that mean nothing.
 */
export function oneLine(text: string): string {
  // Lone surrogates, decomposed letters and invisible controls are all outside ASCII: one scan skips the three steps for
  // the ASCII text most fields are.
  const line = NOT_ASCII.test(text) ? withoutInvisibles(wellFormed(text).normalize('NFC')) : text;
  return line
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(SPACES_TO_COLLAPSE, ' ')
    .trim();
}
