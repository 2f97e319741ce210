/**
 * The library's sort orders. Each is computed once per index (sorting 100,000 titles is too slow for every keystroke),
 * then a query's matches are read out in that order.
 */
import { knownDate } from '../paper/dates.ts';
import type { Paper } from '../paper/model.ts';

export type SortKey = 'saved' | 'seen' | 'published' | 'title';
export interface SortOrder {
  key: SortKey;
  direction: 'asc' | 'desc';
}

/** Paper indices: the `present` ones with a sort value first, ascending, then those without one. */
export interface Ordering {
  readonly order: Uint32Array;
  readonly present: number;
}

/**
 * lib/paper/dates.ts knownDate as a number: YYYYMMDD, or YYYYMM00 for an arXiv id's month (so it sorts before any day
 * of that month); undefined when the paper has no known date.
 */
function publishedSortValue(paper: Paper): number | undefined {
  const date = knownDate(paper);
  return date === undefined ? undefined : date.year * 10_000 + (date.month ?? 0) * 100 + (date.day ?? 0);
}

/** The order of `papers` by `key`; `titles` are their folded titles. */
export function orderBy(key: SortKey, papers: readonly Paper[], titles: readonly string[]): Ordering {
  return key === 'title' ? titleOrder(titles) : numericOrder(key, papers);
}

function titleOrder(titles: readonly string[]): Ordering {
  const order = new Uint32Array(titles.length);
  for (let index = 0; index < order.length; index += 1) order[index] = index;
  // Folded titles compared by code unit: case and accents are already gone, and Intl.Collator would cost ~5× more.
  // Equal titles keep the input order (Array.prototype.sort and TypedArray sort are stable).
  order.sort((a, b) => {
    const left = titles[a]!;
    const right = titles[b]!;
    return left === right ? 0 : left < right ? -1 : 1;
  });
  return { order, present: order.length };
}

/**
 * Papers with a value, ascending (equal values in input order), then those without one, in input order. Input order is
 * the caller's (primary-key order when read from Dexie), so the result is deterministic without comparing keys.
 */
function numericOrder(key: Exclude<SortKey, 'title'>, papers: readonly Paper[]): Ordering {
  const count = papers.length;
  const values = new Float64Array(count);
  const order = new Uint32Array(count);
  let present = 0;
  let missing = count;
  // Present indices fill the order from the front, missing ones from the back (reversed afterwards).
  for (let index = 0; index < count; index += 1) {
    const paper = papers[index]!;
    const value =
      key === 'saved'
        ? paper.savedAt
        : key === 'seen'
          ? (paper.lastSeenAt ?? paper.firstSeenAt)
          : publishedSortValue(paper);
    if (value === undefined || Number.isNaN(value)) {
      missing -= 1;
      order[missing] = index;
    } else {
      values[index] = value;
      order[present] = index;
      present += 1;
    }
  }
  order.subarray(present).reverse();
  order.subarray(0, present).sort((a, b) => values[a]! - values[b]! || a - b);
  return { order, present };
}

/**
 * The papers at the `found` indices, in `ordering`. Papers lacking the sort value come last in either direction, in
 * input order; equal values keep input order when ascending and reverse it when descending.
 */
export function inOrder(
  papers: readonly Paper[],
  found: Int32Array,
  ordering: Ordering,
  direction: SortOrder['direction'],
): Paper[] {
  const count = papers.length;
  const { order, present } = ordering;
  const result: Paper[] = [];
  if (found.length === 0) return result;
  if (found.length === count) {
    if (direction === 'asc')
      for (let position = 0; position < count; position += 1) result.push(papers[order[position]!]!);
    else {
      for (let position = present - 1; position >= 0; position -= 1) result.push(papers[order[position]!]!);
      for (let position = present; position < count; position += 1) result.push(papers[order[position]!]!);
    }
    return result;
  }
  const matches = new Uint8Array(count);
  for (let position = 0; position < found.length; position += 1) matches[found[position]!] = 1;
  if (direction === 'asc') {
    for (let position = 0; position < count; position += 1) {
      const i = order[position]!;
      if (matches[i] === 1) result.push(papers[i]!);
    }
  } else {
    for (let position = present - 1; position >= 0; position -= 1) {
      const i = order[position]!;
      if (matches[i] === 1) result.push(papers[i]!);
    }
    for (let position = present; position < count; position += 1) {
      const i = order[position]!;
      if (matches[i] === 1) result.push(papers[i]!);
    }
  }
  return result;
}
