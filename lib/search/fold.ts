/**
 * Folding: the one rule for what search treats as equal. Case, accents and the TeX characters `$ { } \` are ignored and
 * whitespace runs count as one space, so "muller" finds "Müller" and "bert" finds "{BERT}". Applied to the query and to
 * the papers alike.
 *
 * Three spellings of the same rule, each tested equal to `fold` (tests/unit/search/fold.test.ts):
 *
 * - `fold`: the reference, plain and slow;
 * - `foldText`: the fast path buildIndex runs over every paper;
 * - `foldWithOffsets`: the folded text plus, for each folded character, where it came from, so a match found in folded
 *   text can be highlighted in the text as stored (match reasons, for the few rows on screen).
 */

/** Lowercase, accents removed, TeX math markers and braces dropped, whitespace collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[${}\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Text fold() changes beyond its case: anything but printable ASCII and the separators buildIndex puts between fields
 * (`\x01`, `\x02`), a TeX character (`$ { } \\`), a run of spaces, or a space at either end.
 */
const MORE_THAN_CASE = /[^\x01\x02\x20-\x23\x25-\x5b\x5d-\x7a\x7c\x7e]| {2}|^ | $/;
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
const TEX_CHARACTERS = /[${}\\]/g;
/**
 * fold()'s `\s+` → one space, without touching the single spaces that need no change: a run of two or more, or one
 * whitespace character other than the space. Each maximal run becomes one space either way.
 */
const SPACES_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/**
 * Runs already decomposed. Names and accented words repeat across a library ("Müller", "é"), and a Map lookup costs a
 * fraction of normalize(); bounded so a library of unique CJK titles cannot grow it without limit.
 */
const decomposed = new Map<string, string>();
const DECOMPOSED_LIMIT = 50_000;

/** NFKD without marks, for a run of non-ASCII characters. */
function decomposeRun(run: string): string {
  const known = decomposed.get(run);
  if (known !== undefined) return known;
  const result = run.normalize('NFKD').replace(/\p{M}/gu, '');
  if (decomposed.size >= DECOMPOSED_LIMIT) decomposed.clear();
  decomposed.set(run, result);
  return result;
}

/**
 * fold() with fast paths, equal to it for every input:
 *
 * - most titles and names need nothing but lowercasing (printable ASCII, no TeX character, single spaces);
 * - NFKD and mark removal are applied to the non-ASCII runs only. That equals applying them to the whole text:
 *   decomposition is per character, and the reordering of combining marks never crosses an ASCII character (canonical
 *   combining class 0), so it stays inside a run. A mostly-ASCII author list with one "Müller" then costs one short
 *   normalize call, not one over the whole paper. The remaining steps (lowercase, TeX characters, whitespace) run on
 *   the whole text, in fold()'s order.
 */
export function foldText(text: string): string {
  if (!MORE_THAN_CASE.test(text)) return text.toLowerCase();
  // Each replace matches only what changes, so text without that problem is not copied again (V8 returns the
  // subject of a replace that matched nothing): at 100k papers the copies, not the scans, are the cost (GC).
  return text
    .replace(NON_ASCII_RUN, decomposeRun)
    .toLowerCase()
    .replace(TEX_CHARACTERS, ' ')
    .replace(SPACES_TO_COLLAPSE, ' ')
    .trim();
}

/** Folded text that remembers where each of its UTF-16 units came from in the text it was folded from. */
export interface FoldedText {
  /** fold(original) */
  readonly text: string;
  /**
   * For unit `i` of `text`: the start and end (exclusive) in the original of the character it came from. Absent when
   * unit `i` is the original's unit `i` (text that only needed lowercasing, most titles and names).
   */
  readonly starts: Int32Array | undefined;
  readonly ends: Int32Array | undefined;
}

/**
 * fold() keeping offsets, for highlighting. The text is foldText's; the offsets come from a walk that decomposes one
 * code point at a time, which gives the same characters as NFKD of the whole text once the marks are gone (the
 * reordering NFKD does only moves marks; checked over all code points, and by the tests). One original character may
 * give several units ("ﬁ" → "fi", a Hangul syllable → its jamo) or none (a combining accent); a run of whitespace and
 * TeX characters gives one space that spans the run. Lowercasing is left out of the walk: after decomposition it
 * changes no character's length and turns nothing into a space or back.
 */
export function foldWithOffsets(original: string): FoldedText {
  const text = foldText(original);
  if (!MORE_THAN_CASE.test(original)) return { text, starts: undefined, ends: undefined };
  const stripped = original.replace(NON_ASCII_RUN, decomposeRun);
  const from = new Int32Array(stripped.length);
  const to = new Int32Array(stripped.length);
  let unit = 0;
  for (let position = 0; position < original.length;) {
    if (original.charCodeAt(position) < 0x80) {
      from[unit] = position;
      to[unit] = position + 1;
      unit += 1;
      position += 1;
      continue;
    }
    const width = (original.codePointAt(position) ?? 0) > 0xffff ? 2 : 1;
    const units = decomposeRun(original.slice(position, position + width)).length;
    for (let k = 0; k < units; k += 1, unit += 1) {
      from[unit] = position;
      to[unit] = position + width;
    }
    position += width;
  }
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  let kept = 0;
  for (let at = 0; at < stripped.length; at += 1) {
    if (!isBlank(stripped.charCodeAt(at))) {
      starts[kept] = from[at]!;
      ends[kept] = to[at]!;
      kept += 1;
      continue;
    }
    let last = at;
    while (last + 1 < stripped.length && isBlank(stripped.charCodeAt(last + 1))) last += 1;
    // Trimmed at either end, one space inside.
    if (kept > 0 && last + 1 < stripped.length) {
      starts[kept] = from[at]!;
      ends[kept] = to[last]!;
      kept += 1;
    }
    at = last;
  }
  // Should a future Unicode version break the walk's assumptions (the tests would fail), every unit spans the whole
  // original: a highlight too wide rather than a wrong one.
  if (unit !== stripped.length || kept !== text.length) {
    starts.fill(0);
    ends.fill(original.length);
  }
  return { text, starts, ends };
}

/** Whether a UTF-16 unit becomes part of a single space in fold(): whitespace or a TeX character. */
function isBlank(code: number): boolean {
  if (code < 0x80)
    return (
      code === 0x20 ||
      (code >= 0x09 && code <= 0x0d) ||
      code === 0x24 ||
      code === 0x7b ||
      code === 0x7d ||
      code === 0x5c
    );
  return /\s/.test(String.fromCharCode(code));
}

/** The original text's span behind the folded units `[start, end)` (end > start). */
export function originalSpan(folded: FoldedText, start: number, end: number): [number, number] {
  if (folded.starts === undefined || folded.ends === undefined) return [start, end];
  return [folded.starts[start]!, folded.ends[end - 1]!];
}
