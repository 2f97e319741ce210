/**
 * Library search, filters and sort for the popup and the library page (issue #4).
 *
 * Search runs on every keystroke over up to 100,000 papers, so everything a query compares is folded once, in
 * buildIndex, and runQuery does no string work per paper beyond `includes` (budget: 50 ms per query at 100k).
 * Folding is lib/search.ts `fold` (case, accents, TeX `$ { } \`), applied to the query and the papers alike, so
 * "muller" finds "Müller" and "bert" finds "{BERT}".
 *
 * Query language (parseQuery): whitespace-separated terms, all of which must match (AND).
 * - a free word matches the title, the authors, the tags, the note or the paper key (`2401.12345` finds the paper);
 * - `t:` title, `a:` authors, `note:` note, each a substring match;
 * - `tag:` a tag that starts with the value, or one of whose `/`-separated parts does (`tag:lg` finds `cs/LG`);
 * - `"…"` quotes a phrase, alone or after a prefix (`t:"graph neural"`);
 * - `y:2024`, `y:2020-2023`, `y:>=2021`, `y:>2021`, `y:<2020`, `y:<=2020`: the paper's year (published date, else the
 *   arXiv id's yymm). Papers without a year never match a year term. Several `y:` terms intersect.
 * The abstract is not searched: it is ~1 kB per paper, which would make every keystroke scan ~100 MB at 100k papers.
 */
import { arxivIdOfKey } from '../ids.ts';
import type { Paper } from '../model.ts';
import { fold } from '../search.ts';

export type StateFilter = 'saved' | 'unsaved' | 'seen' | 'opened' | 'noted' | 'tagged' | 'updated';
export type SortKey = 'saved' | 'seen' | 'published' | 'title';
export interface SortOrder {
  key: SortKey;
  direction: 'asc' | 'desc';
}
/**
 * What the filter controls select, applied on top of the query.
 * - `states`: a paper must be in every listed state (AND; `['saved', 'noted']` = saved papers with a note).
 * - `tag`: a paper must carry this tag exactly (case-insensitive, as normalizeTags dedupes).
 * - `site`: the site the paper was saved from (`savedFrom.site`, see siteIds).
 */
export interface LibraryFilters {
  states?: readonly StateFilter[];
  tag?: string;
  site?: string;
}

/**
 * A parsed search box. Every string is already folded (lib/search.ts `fold`), so `words` may hold a phrase with
 * spaces (from quotes).
 */
export interface ParsedQuery {
  words: string[];
  title: string[];
  authors: string[];
  tags: string[];
  note: string[];
  /** Inclusive year range; open ends are 0 and 9999. Absent when the query has no valid `y:` term. */
  years?: { from: number; to: number };
  /** readable problems, e.g. 'y:abc is not a year' */
  errors: string[];
}

export const MIN_YEAR = 0;
export const MAX_YEAR = 9999;

type Field = 'title' | 'authors' | 'tags' | 'note' | 'years';

/** Prefixes, with the long spellings people type out of habit from other tools. */
const PREFIXES: Record<string, Field> = {
  t: 'title',
  title: 'title',
  a: 'authors',
  au: 'authors',
  author: 'authors',
  tag: 'tags',
  tags: 'tags',
  note: 'note',
  y: 'years',
  year: 'years',
};

/** One term of the search box: an optional prefix and the raw value (quotes removed). */
interface Term {
  prefix?: string;
  field?: Field;
  value: string;
  quoted: boolean;
}

const PREFIX_PATTERN = /^([A-Za-z]+):/;

/**
 * Splits the search box into terms. A quote opens a phrase only at the start of a value (`"…"` or `t:"…"`); an
 * unterminated quote runs to the end, because the user is still typing it.
 */
function tokenize(text: string): Term[] {
  const terms: Term[] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && /\s/.test(text[index]!)) index += 1;
    if (index >= text.length) break;
    let prefix: string | undefined;
    let field: Field | undefined;
    const match = PREFIX_PATTERN.exec(text.slice(index, index + 12));
    if (match) {
      const known = PREFIXES[match[1]!.toLowerCase()];
      if (known !== undefined) {
        prefix = match[1]!;
        field = known;
        index += match[0].length;
      }
    }
    let value: string;
    let quoted = false;
    if (text[index] === '"') {
      quoted = true;
      const close = text.indexOf('"', index + 1);
      const end = close === -1 ? text.length : close;
      value = text.slice(index + 1, end);
      index = close === -1 ? text.length : close + 1;
    } else {
      const start = index;
      while (index < text.length && !/\s/.test(text[index]!)) index += 1;
      value = text.slice(start, index);
    }
    const term: Term = { value, quoted };
    if (prefix !== undefined) term.prefix = prefix;
    if (field !== undefined) term.field = field;
    terms.push(term);
  }
  return terms;
}

const YEAR = /^\d{4}$/;

/** One `y:` value as an inclusive range, or an error message. */
function parseYears(raw: string, prefix: string): { from: number; to: number } | string {
  const value = raw.trim();
  const notAYear = `${prefix}:${raw} is not a year`;
  const comparison = /^(>=|<=|>|<)(.*)$/.exec(value);
  if (comparison) {
    const [, operator, operand] = comparison as unknown as [string, string, string];
    if (!YEAR.test(operand)) return notAYear;
    const year = Number(operand);
    if (operator === '>=') return { from: year, to: MAX_YEAR };
    if (operator === '>') return { from: year + 1, to: MAX_YEAR };
    if (operator === '<=') return { from: MIN_YEAR, to: year };
    return { from: MIN_YEAR, to: year - 1 };
  }
  // `2020-2023`, `2020..2023`; a range typed backwards is still the same range. `2020-` / `-2023` are open-ended.
  const range = /^(\d{4})?(?:-|\.\.|–)(\d{4})?$/.exec(value);
  if (range && (range[1] !== undefined || range[2] !== undefined)) {
    const first = range[1] === undefined ? MIN_YEAR : Number(range[1]);
    const second = range[2] === undefined ? MAX_YEAR : Number(range[2]);
    return { from: Math.min(first, second), to: Math.max(first, second) };
  }
  if (YEAR.test(value)) return { from: Number(value), to: Number(value) };
  return notAYear;
}

/**
 * Parses the search box. Never throws: a term it cannot use is reported in `errors` and left out, and a prefix with
 * nothing after it yet (`t:` while typing) is ignored. An unknown prefix (`http:`) is an ordinary word.
 *
 * @example parseQuery('a:müller t:"graph neural" y:2020-2023 gnn')
 *   // {words: ['gnn'], title: ['graph neural'], authors: ['muller'], tags: [], note: [], years: {from: 2020, to: 2023}, errors: []}
 */
export function parseQuery(text: string): ParsedQuery {
  const query: ParsedQuery = { words: [], title: [], authors: [], tags: [], note: [], errors: [] };
  let years: { from: number; to: number } | undefined;
  for (const term of tokenize(text)) {
    if (term.field === 'years') {
      if (term.value.trim() === '') continue;
      const parsed = parseYears(term.value, term.prefix ?? 'y');
      if (typeof parsed === 'string') {
        query.errors.push(parsed);
        continue;
      }
      years = years === undefined ? parsed : { from: Math.max(years.from, parsed.from), to: Math.min(years.to, parsed.to) };
      continue;
    }
    const folded = fold(term.value);
    if (folded === '') continue;
    const list = term.field === undefined ? query.words : query[term.field];
    list.push(folded);
  }
  if (years !== undefined) {
    query.years = years;
    if (years.from > years.to) query.errors.push('the year terms exclude every year');
  }
  return query;
}

/** The year of a new-style (`2401.12345`) or old-style (`hep-th/9901001`) arXiv id. */
export function arxivYearMonth(id: string): { year: number; month: number } | undefined {
  const match = /^(?:[a-z-]+\/)?(\d{2})(\d{2})[.\d]/.exec(id);
  if (!match) return undefined;
  const yy = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  // New-style ids start in 2007; old-style ones run 1991–2007, so `91`–`99` are the 1990s.
  return { year: yy >= 91 ? 1900 + yy : 2000 + yy, month };
}

/**
 * A paper's year: its published date's, else its arXiv id's yymm (the v1 announcement month), else undefined.
 */
export function paperYear(paper: Pick<Paper, 'key' | 'arxivId' | 'published'>): number | undefined {
  if (paper.published !== undefined) return Number(paper.published.slice(0, 4));
  const id = paper.arxivId ?? arxivIdOfKey(paper.key);
  return id === undefined ? undefined : arxivYearMonth(id)?.year;
}

/**
 * The published date as a number YYYYMMDD, else the arXiv id's month as YYYYMM00 (so it sorts before any day of that
 * month), else undefined.
 */
function publishedSortValue(paper: Paper): number | undefined {
  if (paper.published !== undefined) return Number(paper.published.slice(0, 4) + paper.published.slice(5, 7) + paper.published.slice(8, 10));
  const id = paper.arxivId ?? arxivIdOfKey(paper.key);
  const parts = id === undefined ? undefined : arxivYearMonth(id);
  return parts === undefined ? undefined : parts.year * 10_000 + parts.month * 100;
}

const STATE_BITS: Record<StateFilter, number> = {
  saved: 1,
  unsaved: 2,
  seen: 4,
  opened: 8,
  noted: 16,
  tagged: 32,
  updated: 64,
};

function stateBits(paper: Paper): number {
  let bits = paper.savedAt === undefined ? STATE_BITS.unsaved : STATE_BITS.saved;
  if (paper.firstSeenAt !== undefined) bits |= STATE_BITS.seen;
  if (paper.openedAt !== undefined) bits |= STATE_BITS.opened;
  if (paper.note !== undefined && paper.note.trim() !== '') bits |= STATE_BITS.noted;
  if (paper.tags !== undefined && paper.tags.length > 0) bits |= STATE_BITS.tagged;
  // As on listing rows (lib/row-state.ts): a version above the highest one the user saw or saved.
  if (paper.latestVersion !== undefined && paper.seenVersion !== undefined && paper.latestVersion > paper.seenVersion) {
    bits |= STATE_BITS.updated;
  }
  return bits;
}

/** A precomputed search index over a fixed list of papers. Build a new one when the papers change. */
export interface LibraryIndex {
  readonly papers: readonly Paper[];
}

/**
 * Separators inside a paper's folded text. fold() keeps both (control characters: neither whitespace nor marks) and
 * no folded query term contains them, so a term cannot run from one field or name into the next. ITEM separates the
 * names of the author list and the tags (each tag is preceded by one, for the prefix test); FIELD separates title,
 * authors, tags, note and key.
 */
const ITEM = '\x01';
const FIELD = '\x02';
const SEPARATORS = /[\x01\x02]/g;
/** Spaces fold() left next to a separator: what trimming each name or field on its own would have removed. */
const SPACE_AT_SEPARATOR = / (?=[\x01\x02])|(?<=[\x01\x02]) /g;

/**
 * Column-wise folded fields, one slot per paper. Kept as parallel arrays rather than an object per paper: the scan
 * touches only the column a term needs. The columns are slices of `all` (V8 shares the characters), so the index
 * costs about one folded copy of the searchable text.
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
  /** Orders by sort key, computed on first use: [indices with a value, ascending…, indices without one…]. */
  readonly orders = new Map<SortKey, { order: Uint32Array; present: number }>();

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

  /** The order for a sort key, sorting once per index (title: ~50 ms at 100k, so not paid on every keystroke). */
  orderFor(key: SortKey): { order: Uint32Array; present: number } {
    const cached = this.orders.get(key);
    if (cached) return cached;
    const computed = key === 'title' ? this.titleOrder() : this.numericOrder(key);
    this.orders.set(key, computed);
    return computed;
  }

  private titleOrder(): { order: Uint32Array; present: number } {
    const order = new Uint32Array(this.papers.length);
    for (let index = 0; index < order.length; index += 1) order[index] = index;
    // Folded titles compared by code unit: case and accents are already gone, and Intl.Collator would cost ~5× more.
    // Equal titles keep the input order (Array.prototype.sort and TypedArray sort are stable).
    const titles = this.titles;
    order.sort((a, b) => {
      const left = titles[a]!;
      const right = titles[b]!;
      return left === right ? 0 : left < right ? -1 : 1;
    });
    return { order, present: order.length };
  }

  /**
   * Papers with a value, ascending (equal values in input order), then those without one, in input order. Input order
   * is the caller's (primary-key order when read from Dexie), so the result is deterministic without comparing keys.
   */
  private numericOrder(key: Exclude<SortKey, 'title'>): { order: Uint32Array; present: number } {
    const count = this.papers.length;
    const values = new Float64Array(count);
    const order = new Uint32Array(count);
    let present = 0;
    let missing = count;
    // Present indices fill the order from the front, missing ones from the back (reversed afterwards).
    for (let index = 0; index < count; index += 1) {
      const paper = this.papers[index]!;
      const value =
        key === 'saved' ? paper.savedAt : key === 'seen' ? (paper.lastSeenAt ?? paper.firstSeenAt) : publishedSortValue(paper);
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
}

function compareKeys(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Text fold() changes beyond its case: anything but printable ASCII and the separators, a TeX character (`$ { } \\`),
 * a run of spaces, or a space at either end.
 */
// eslint-disable-next-line no-control-regex -- deliberately the ASCII range
const MORE_THAN_CASE = /[^\x01\x02\x20-\x23\x25-\x5b\x5d-\x7a\x7c\x7e]|  |^ | $/;
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;

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
 * fold() with fast paths, equal to it for every input (tested):
 * - most titles and names need nothing but lowercasing (printable ASCII, no TeX character, single spaces);
 * - NFKD and mark removal are applied to the non-ASCII runs only. That equals applying them to the whole text:
 *   decomposition is per character, and the reordering of combining marks never crosses an ASCII character
 *   (canonical combining class 0), so it stays inside a run. A mostly-ASCII author list with one "Müller" then costs
 *   one short normalize call, not one over the whole paper.
 * The remaining steps (lowercase, TeX characters, whitespace) run on the whole text, in fold()'s order.
 */
export function foldText(text: string): string {
  if (!MORE_THAN_CASE.test(text)) return text.toLowerCase();
  // Each replace matches only what changes, so text without that problem is not copied again (V8 returns the
  // subject of a replace that matched nothing): at 100k papers the copies, not the scans, are the cost (GC).
  return text.replace(NON_ASCII_RUN, decomposeRun).toLowerCase().replace(TEX_CHARACTERS, ' ').replace(SPACES_TO_COLLAPSE, ' ').trim();
}

const TEX_CHARACTERS = /[${}\\]/g;
/**
 * fold()'s `\s+` → one space, without touching the single spaces that need no change: a run of two or more, or one
 * whitespace character other than the space. Each maximal run becomes one space either way.
 */
const SPACES_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/**
 * A paper's searchable text, folded as fold() folds each field, in one call rather than one per name (a paper has up
 * to 20 authors; the per-call cost dominates for short names). fold() is character-local apart from collapsing and
 * trimming whitespace, which the separators bound, so dropping the spaces next to them gives the per-field result.
 * Separator characters inside the paper's own text (never seen in practice) become spaces, keeping four FIELDs.
 */
function foldPaper(paper: Paper): string {
  let raw = paper.title + FIELD + paper.authors.join(ITEM) + FIELD;
  if (paper.tags !== undefined) for (const tag of paper.tags) raw += ITEM + tag;
  raw += FIELD + (paper.note ?? '') + FIELD + paper.key;
  let folded = foldText(raw);
  let fields = 0;
  for (let position = folded.indexOf(FIELD); position !== -1; position = folded.indexOf(FIELD, position + 1)) fields += 1;
  if (fields !== 4) {
    const clean = (text: string): string => text.replace(SEPARATORS, ' ');
    const tags = (paper.tags ?? []).map((tag) => ITEM + clean(tag)).join('');
    folded = foldText([clean(paper.title), paper.authors.map(clean).join(ITEM), tags, clean(paper.note ?? ''), paper.key].join(FIELD));
  }
  return folded.includes(' \x01') || folded.includes(' \x02') || folded.includes('\x01 ') || folded.includes('\x02 ')
    ? folded.replace(SPACE_AT_SEPARATOR, '')
    : folded;
}

/**
 * Precomputes the folded fields runQuery compares. Cost is linear in the text (~2 µs per ASCII paper); the index
 * holds the papers array as given and must be rebuilt when it changes.
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
 * `scans`, under the same filters. Typing narrows the previous keystroke's matches, and backspace finds its query again.
 */
function narrowestCached(cache: readonly CachedMatches[], filters: string, scans: readonly Scan[]): CachedMatches | undefined {
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
  const count = index.papers.length;
  let stateMask = 0;
  for (const state of filters.states ?? []) stateMask |= STATE_BITS[state];
  const tag = filters.tag === undefined ? undefined : filters.tag.toLowerCase();
  const site = filters.site;
  const years = query.years;
  const filterKey = JSON.stringify([stateMask, tag ?? null, site ?? null, years?.from ?? null, years?.to ?? null]);
  const scans = scansOf(query);
  const cache = caches.get(index) ?? [];
  caches.set(index, cache);

  const cached = narrowestCached(cache, filterKey, scans);
  if (cached !== undefined && cached.scans.length === scans.length && scans.every((scan) => cached.scans.some((other) => other.column === scan.column && other.value === scan.value))) {
    return cached.matches;
  }

  let candidates: Int32Array;
  let pending = scans;
  if (cached !== undefined) {
    candidates = cached.matches;
    // Scans the cached result already applied need no second pass.
    pending = scans.filter((scan) => !cached.scans.some((done) => done.column === scan.column && done.value === scan.value));
  } else {
    const needsFilter = stateMask !== 0 || tag !== undefined || site !== undefined || years !== undefined;
    const passed = new Int32Array(count);
    let found = 0;
    const { states, papers } = index;
    for (let i = 0; i < count; i += 1) {
      if (needsFilter) {
        if ((states[i]! & stateMask) !== stateMask) continue;
        if (years !== undefined) {
          const year = index.years[i]!;
          // NaN fails both comparisons, so papers without a year drop out here.
          if (!(year >= years.from && year <= years.to)) continue;
        }
        const paper = papers[i]!;
        if (site !== undefined && paper.savedFrom?.site !== site) continue;
        if (tag !== undefined && !(paper.tags?.some((candidate) => candidate.toLowerCase() === tag) ?? false)) continue;
      }
      passed[found] = i;
      found += 1;
    }
    candidates = passed.subarray(0, found);
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
  cache.unshift({ filters: filterKey, scans, matches });
  if (cache.length > CACHE_SIZE) cache.length = CACHE_SIZE;
  return matches;
}

/**
 * The papers matching the query and the filters, in the requested order. Papers lacking the sort value (unsaved
 * papers when sorting by saved date, say) come last in either direction, in input order; equal values keep input
 * order when ascending and reverse it when descending.
 *
 * Each index remembers its last 16 results: a query that narrows one of them (the next keystroke of a word, a word
 * added) scans only that result, and a query met again (backspace) costs only the sort pass.
 */
export function runQuery(index: LibraryIndex, query: ParsedQuery, filters: LibraryFilters, sort: SortOrder): Paper[] {
  if (!(index instanceof Index)) throw new TypeError('runQuery needs an index from buildIndex');
  const count = index.papers.length;
  const found = matchIndices(index, query, filters);
  const papers = index.papers;
  const result: Paper[] = [];
  if (found.length === 0) return result;
  const { order, present } = index.orderFor(sort.key);
  if (found.length === count) {
    if (sort.direction === 'asc') for (let position = 0; position < count; position += 1) result.push(papers[order[position]!]!);
    else {
      for (let position = present - 1; position >= 0; position -= 1) result.push(papers[order[position]!]!);
      for (let position = present; position < count; position += 1) result.push(papers[order[position]!]!);
    }
    return result;
  }
  const matches = new Uint8Array(count);
  for (let position = 0; position < found.length; position += 1) matches[found[position]!] = 1;
  if (sort.direction === 'asc') {
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

/**
 * How many papers carry each tag, most used first (then alphabetically). Tags differing only in case count as one,
 * shown in the spelling met first.
 */
export function tagCounts(papers: readonly Paper[]): { tag: string; count: number }[] {
  const counts = new Map<string, { tag: string; count: number }>();
  for (const paper of papers) {
    if (paper.tags === undefined) continue;
    for (const tag of paper.tags) {
      const folded = tag.toLowerCase();
      const entry = counts.get(folded);
      if (entry) entry.count += 1;
      else counts.set(folded, { tag, count: 1 });
    }
  }
  return [...counts.values()].sort((left, right) => right.count - left.count || compareKeys(left.tag.toLowerCase(), right.tag.toLowerCase()));
}

/** The sites papers were saved from (`savedFrom.site`), sorted: the choices of the site filter. */
export function siteIds(papers: readonly Paper[]): string[] {
  const sites = new Set<string>();
  for (const paper of papers) if (paper.savedFrom !== undefined) sites.add(paper.savedFrom.site);
  return [...sites].sort();
}
