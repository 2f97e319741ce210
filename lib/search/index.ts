/**
 * The library's search index and queries, for the popup and the library page.
 *
 * Search runs on every keystroke over up to 100,000 papers (budget: 50 ms per query at 100k; `npm run bench:library`),
 * so everything a query compares is folded once, in buildIndex, and runQuery does no string work per paper beyond
 * `includes`. The query language is parseQuery's (lib/search/parse.ts); why a shown row matched is matchReasons'
 * (lib/search/reasons.ts), computed only for the rows on screen.
 */
import type { Paper } from '../paper/model.ts';
import { facetsOf, filterIndices, type LibraryFilters } from './facets.ts';
import { foldText } from './fold.ts';
import type { ParsedQuery } from './parse.ts';
import { inOrder, orderBy, type Ordering, type SortKey, type SortOrder } from './sort.ts';
import { stateBits } from './state.ts';
import { paperYear } from '../paper/dates.ts';

/** A precomputed search index over a fixed list of papers. Build a new one when the papers change. */
export interface LibraryIndex {
  readonly papers: readonly Paper[];
}

/**
 * Separators inside a paper's folded text. fold() keeps both (control characters: neither whitespace nor marks) and no
 * folded query term contains them, so a term cannot run from one field or name into the next. ITEM separates the names
 * of the author list and the tags (each tag is preceded by one, for the prefix test); FIELD separates title, authors,
 * tags, note and key.
 */
const ITEM = '\x01';
const FIELD = '\x02';
const SEPARATORS = /[\x01\x02]/g;
/** Spaces fold() left next to a separator: what trimming each name or field on its own would have removed. */
const SPACE_AT_SEPARATOR = / (?=[\x01\x02])|(?<=[\x01\x02]) /g;

/**
 * Column-wise folded fields, one slot per paper. Kept as parallel arrays rather than an object per paper: the scan
 * touches only the column a term needs. The columns are slices of `all` (V8 shares the characters), so the index costs
 * about one folded copy of the searchable text.
 */
class Index implements LibraryIndex {
  readonly papers: readonly Paper[];
  /** `title FIELD authors FIELD tags FIELD note FIELD key`: what a free word is looked up in. */
  readonly all: string[];
  readonly titles: string[];
  /** Names separated by ITEM. */
  readonly authors: string[];
  /** ITEM before each tag, so a tag prefix test is one `includes(ITEM + value)`. */
  readonly tags: string[];
  readonly notes: string[];
  /** NaN when the paper has no year. */
  readonly years: Float64Array;
  readonly states: Uint8Array;
  /** Orders by sort key, computed on first use. */
  readonly orders = new Map<SortKey, Ordering>();

  constructor(papers: readonly Paper[]) {
    this.papers = papers;
    const count = papers.length;
    this.all = new Array<string>(count);
    this.titles = new Array<string>(count);
    this.authors = new Array<string>(count);
    this.tags = new Array<string>(count);
    this.notes = new Array<string>(count);
    this.years = new Float64Array(count);
    this.states = new Uint8Array(count);
    for (let index = 0; index < count; index += 1) {
      const paper = papers[index]!;
      const all = foldPaper(paper);
      // foldPaper guarantees exactly four FIELDs.
      const titleEnd = all.indexOf(FIELD);
      const authorsEnd = all.indexOf(FIELD, titleEnd + 1);
      const tagsEnd = all.indexOf(FIELD, authorsEnd + 1);
      const noteEnd = all.indexOf(FIELD, tagsEnd + 1);
      this.all[index] = all;
      this.titles[index] = all.slice(0, titleEnd);
      this.authors[index] = all.slice(titleEnd + 1, authorsEnd);
      this.tags[index] = all.slice(authorsEnd + 1, tagsEnd);
      this.notes[index] = all.slice(tagsEnd + 1, noteEnd);
      this.years[index] = paperYear(paper) ?? Number.NaN;
      this.states[index] = stateBits(paper);
    }
  }

  /** The order for a sort key, sorting once per index (sorting 100k titles is too slow for every keystroke). */
  orderFor(key: SortKey): Ordering {
    const cached = this.orders.get(key);
    if (cached) return cached;
    const computed = orderBy(key, this.papers, this.titles);
    this.orders.set(key, computed);
    return computed;
  }
}

/**
 * A paper's searchable text, folded as fold() folds each field, in one call rather than one per name (a paper has up to
 * 20 authors; the per-call cost dominates for short names). fold() is character-local apart from collapsing and
 * trimming whitespace, which the separators bound, so dropping the spaces next to them gives the per-field result.
 * Separator characters inside the paper's own text (never seen in practice) become spaces, keeping four FIELDs.
 */
function foldPaper(paper: Paper): string {
  let raw = paper.title + FIELD + paper.authors.join(ITEM) + FIELD;
  if (paper.tags !== undefined) for (const tag of paper.tags) raw += ITEM + tag;
  raw += FIELD + (paper.note ?? '') + FIELD + paper.key;
  let folded = foldText(raw);
  let fields = 0;
  for (let position = folded.indexOf(FIELD); position !== -1; position = folded.indexOf(FIELD, position + 1))
    fields += 1;
  if (fields !== 4) {
    const clean = (text: string): string => text.replace(SEPARATORS, ' ');
    const tags = (paper.tags ?? []).map((tag) => ITEM + clean(tag)).join('');
    folded = foldText(
      [clean(paper.title), paper.authors.map(clean).join(ITEM), tags, clean(paper.note ?? ''), paper.key].join(FIELD),
    );
  }
  return folded.includes(' \x01') || folded.includes(' \x02') || folded.includes('\x01 ') || folded.includes('\x02 ')
    ? folded.replace(SPACE_AT_SEPARATOR, '')
    : folded;
}

/**
 * Precomputes the folded fields runQuery compares. Cost is linear in the text (~2 µs per ASCII paper); the index holds
 * the papers array as given and must be rebuilt when it changes.
 */
export function buildIndex(papers: readonly Paper[]): LibraryIndex {
  return new Index(papers);
}

/** Whether the folded tag list (ITEM before each tag) holds a tag, or a `/`-part of one, starting with `value`. */
function hasTagPrefix(tags: string, value: string): boolean {
  return tags.includes(ITEM + value) || tags.includes('/' + value);
}

type Column = 'all' | 'titles' | 'authors' | 'tags' | 'notes';

/** One string test of a query: a folded value looked up in one column. */
interface Scan {
  column: Column;
  value: string;
}

/** A recent query's matches (indices ascending), reused when the next query narrows it. */
interface CachedMatches {
  filters: string;
  scans: Scan[];
  matches: Int32Array;
}

/** Queries remembered per index: enough for a typed word and its backspaces. */
const CACHE_SIZE = 16;
const caches = new WeakMap<Index, CachedMatches[]>();

function scansOf(query: ParsedQuery): Scan[] {
  const scans: Scan[] = [];
  for (const value of query.words) scans.push({ column: 'all', value });
  for (const value of query.title) scans.push({ column: 'titles', value });
  for (const value of query.authors) scans.push({ column: 'authors', value });
  for (const value of query.tags) scans.push({ column: 'tags', value });
  for (const value of query.note) scans.push({ column: 'notes', value });
  return scans;
}

/** Whether every paper passing `narrower` passes `wider`: same column, and the value implies the wider one's. */
function implies(narrower: Scan, wider: Scan): boolean {
  if (narrower.column !== wider.column) return false;
  // Tags match by prefix (of a tag or a `/`-part), other columns by substring.
  return narrower.column === 'tags' ? narrower.value.startsWith(wider.value) : narrower.value.includes(wider.value);
}

/**
 * The smallest remembered match list that contains every match of `scans`: one whose every scan is implied by one of
 * `scans`, under the same filters. Typing narrows the previous keystroke's matches, and backspace finds its query
 * again.
 */
function narrowestCached(
  cache: readonly CachedMatches[],
  filters: string,
  scans: readonly Scan[],
): CachedMatches | undefined {
  let best: CachedMatches | undefined;
  for (const entry of cache) {
    if (entry.filters !== filters) continue;
    if (!entry.scans.every((wider) => scans.some((scan) => implies(scan, wider)))) continue;
    if (best === undefined || entry.matches.length < best.matches.length) best = entry;
  }
  return best;
}

function test(index: Index, scan: Scan, paper: number): boolean {
  const text = index[scan.column][paper]!;
  return scan.column === 'tags' ? hasTagPrefix(text, scan.value) : text.includes(scan.value);
}

/**
 * The indices matching the query and filters, ascending. Starts from the narrowest remembered result that contains
 * them, else from the column filters (states, years, site, tag), then runs the string scans, longest value first (it
 * matches fewest, so later scans visit fewer papers).
 */
function matchIndices(index: Index, query: ParsedQuery, filters: LibraryFilters): Int32Array {
  const facets = facetsOf(filters, query.years);
  const scans = scansOf(query);
  const cache = caches.get(index) ?? [];
  caches.set(index, cache);

  const cached = narrowestCached(cache, facets.key, scans);
  if (
    cached !== undefined &&
    cached.scans.length === scans.length &&
    scans.every((scan) => cached.scans.some((other) => other.column === scan.column && other.value === scan.value))
  ) {
    return cached.matches;
  }

  let candidates: Int32Array;
  let pending = scans;
  if (cached !== undefined) {
    candidates = cached.matches;
    // Scans the cached result already applied need no second pass.
    pending = scans.filter(
      (scan) => !cached.scans.some((done) => done.column === scan.column && done.value === scan.value),
    );
  } else {
    candidates = filterIndices(index, facets);
  }

  const ordered = [...pending].sort((left, right) => right.value.length - left.value.length);
  for (const scan of ordered) {
    const next = new Int32Array(candidates.length);
    let found = 0;
    for (let position = 0; position < candidates.length; position += 1) {
      const i = candidates[position]!;
      if (test(index, scan, i)) {
        next[found] = i;
        found += 1;
      }
    }
    candidates = next.subarray(0, found);
  }
  // A view would pin its whole buffer in the cache; copy when that is much larger.
  const matches = candidates.length * 2 < candidates.buffer.byteLength / 4 ? candidates.slice() : candidates;
  cache.unshift({ filters: facets.key, scans, matches });
  if (cache.length > CACHE_SIZE) cache.length = CACHE_SIZE;
  return matches;
}

/**
 * The papers matching the query and the filters, in the requested order. Papers lacking the sort value (unsaved papers
 * when sorting by saved date, say) come last in either direction, in input order; equal values keep input order when
 * ascending and reverse it when descending.
 *
 * Each index remembers its last 16 results: a query that narrows one of them (the next keystroke of a word, a word
 * added) scans only that result, and a query met again (backspace) costs only the sort pass.
 */
export function runQuery(index: LibraryIndex, query: ParsedQuery, filters: LibraryFilters, sort: SortOrder): Paper[] {
  if (!(index instanceof Index)) throw new TypeError('runQuery needs an index from buildIndex');
  const found = matchIndices(index, query, filters);
  // No order is computed for an empty result: the first sort by title is the costly part of a query.
  if (found.length === 0) return [];
  return inOrder(index.papers, found, index.orderFor(sort.key), sort.direction);
}
