/**
 * Why a paper matched: which of its fields hold the query's terms, and where, so a result row can show the author, tag
 * or note passage that made it match even when the row does not otherwise show it.
 *
 * runQuery stays a bare filter over folded columns (the keystroke path); this runs afterwards, per row, only for the
 * rows being rendered, so its cost (folding one paper's fields with offsets) is paid a few dozen times per keystroke at
 * most, not 100,000 times.
 */
import type { Paper } from '../paper/model.ts';
import { foldText, foldWithOffsets, originalSpan } from './fold.ts';
import type { ParsedQuery } from './parse.ts';
import { paperYear } from '../paper/dates.ts';

export type MatchField = 'title' | 'authors' | 'tags' | 'note' | 'key' | 'year';

/** Half-open UTF-16 offsets `[start, end)`. */
export type MatchRange = [start: number, end: number];

export interface MatchReason {
  field: MatchField;
  /**
   * The text to show, as stored (not folded): the title, one author's name, one tag, the key, the year; for the note, a
   * snippet: a window around the first match, whitespace shown as spaces, with `…` where it was cut.
   */
  text: string;
  /** Where the terms matched inside `text`: ascending, not overlapping; the whole year for a `y:` term. */
  ranges: MatchRange[];
  /** For authors and tags: the position of that name or tag in the paper's list. */
  item?: number;
}

export interface ReasonOptions {
  /** Characters of note shown around the first match, not counting the `…`. @default 120 */
  snippetLength?: number;
}

const SNIPPET_LENGTH = 120;
/** Share of the snippet put before the match, so the match reads in context. */
const SNIPPET_LEAD = 1 / 3;
/** How far a snippet's edge may move to land on a word boundary. */
const SNAP = 16;

/** Whether `query` has a term a field can match (not only unreadable ones): then results can say why they matched. */
export function hasReasonTerms(query: ParsedQuery): boolean {
  return (
    query.words.length + query.title.length + query.authors.length + query.tags.length + query.note.length > 0 ||
    query.years !== undefined
  );
}

/**
 * The fields of `paper` that match the terms of `query`, in the order title, authors, tags, note, key, year, each with
 * the matched spans. A free word is looked for in every field it is searched in (title, authors, tags, note, key), a
 * prefixed term in its own field: `tag:` only at the start of a tag or of one of its `/`-parts, as runQuery tests it.
 * Matching is on folded text, as runQuery's, so `schmidhuber` highlights "Schmidhüber" and `bert` the "BERT" of
 * "{BERT}".
 *
 * @example
 *   matchReasons(paper, parseQuery('a:jurgen'));
 *   // [{field: 'authors', item: 0, text: 'Jürgen Schmidhuber', ranges: [[0, 6]]}]
 */
export function matchReasons(paper: Paper, query: ParsedQuery, options: ReasonOptions = {}): MatchReason[] {
  const reasons: MatchReason[] = [];
  const add = (field: MatchField, text: string, ranges: MatchRange[], item?: number): void => {
    if (ranges.length === 0) return;
    reasons.push(item === undefined ? { field, text, ranges } : { field, text, ranges, item });
  };
  const { words } = query;
  add('title', paper.title, spans(paper.title, [...words, ...query.title], false));
  const authorTerms = [...words, ...query.authors];
  paper.authors.forEach((name, item) => add('authors', name, spans(name, authorTerms, false), item));
  (paper.tags ?? []).forEach((tag, item) => {
    add('tags', tag, mergeRanges([...spans(tag, words, false), ...spans(tag, query.tags, true)]), item);
  });
  if (paper.note !== undefined) {
    const ranges = spans(paper.note, [...words, ...query.note], false);
    if (ranges.length > 0) {
      const snippet = snippetOf(paper.note, ranges, options.snippetLength ?? SNIPPET_LENGTH);
      add('note', snippet.text, snippet.ranges);
    }
  }
  add('key', paper.key, spans(paper.key, words, false));
  const year = query.years === undefined ? undefined : paperYear(paper);
  if (year !== undefined && query.years !== undefined && year >= query.years.from && year <= query.years.to) {
    add('year', String(year), [[0, String(year).length]]);
  }
  return reasons;
}

/**
 * Where the folded `terms` occur in `text`, as merged ranges of `text`. With `tagPrefix`, only occurrences at the start
 * of the text or right after a `/` count.
 */
function spans(text: string, terms: readonly string[], tagPrefix: boolean): MatchRange[] {
  if (terms.length === 0) return [];
  // The fast fold first: most fields hold none of the terms, and they need no offsets.
  const quick = foldText(text);
  const present = terms.filter((term) => term !== '' && quick.includes(term));
  if (present.length === 0) return [];
  const folded = foldWithOffsets(text);
  const ranges: MatchRange[] = [];
  for (const term of present) {
    for (let at = folded.text.indexOf(term); at !== -1; at = folded.text.indexOf(term, at + 1)) {
      if (tagPrefix && at > 0 && folded.text[at - 1] !== '/') continue;
      ranges.push(originalSpan(folded, at, at + term.length));
    }
  }
  return mergeRanges(ranges);
}

/** Sorted, with overlapping or touching ranges joined. */
function mergeRanges(ranges: MatchRange[]): MatchRange[] {
  ranges.sort((left, right) => left[0] - right[0] || left[1] - right[1]);
  const merged: MatchRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/**
 * A window of about `length` characters of `note` around its first match (`ranges` is not empty), its edges moved to
 * word boundaries when one is near, with the ranges that fall inside it (cut at its edges).
 */
function snippetOf(
  note: string,
  ranges: readonly MatchRange[],
  length: number,
): { text: string; ranges: MatchRange[] } {
  const [first, firstEnd] = ranges[0]!;
  let start = Math.max(0, first - Math.floor(length * SNIPPET_LEAD));
  let end = Math.min(note.length, Math.max(start + length, firstEnd));
  start = Math.max(0, Math.min(start, end - length));
  if (start > 0) {
    const space = note.slice(start, Math.min(first, start + SNAP)).search(/\s/);
    if (space !== -1) start += space + 1;
    else if (isLowSurrogate(note, start)) start += 1;
  }
  if (end < note.length) {
    const tail = note.slice(Math.max(firstEnd, end - SNAP), end);
    const space = tail.search(/\s\S*$/);
    if (space !== -1) end = end - tail.length + space;
    else if (isLowSurrogate(note, end)) end -= 1;
  }
  const lead = start > 0 ? '…' : '';
  const text = lead + note.slice(start, end).replace(/\s/g, ' ') + (end < note.length ? '…' : '');
  const shift = lead.length - start;
  const inside: MatchRange[] = [];
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    inside.push([Math.max(from, start) + shift, Math.min(to, end) + shift]);
  }
  return { text, ranges: inside };
}

/** Whether `index` falls between the two halves of a surrogate pair. */
function isLowSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
}
