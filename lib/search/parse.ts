/**
 * The search box's language: whitespace-separated terms, all of which must match (AND).
 *
 * - a free word matches the title, the authors, the tags, the note or the paper key (`2401.12345` finds the paper);
 * - `t:` title, `a:` authors, `note:` note, each a substring match;
 * - `tag:` a tag that starts with the value, or one of whose `/`-separated parts does (`tag:lg` finds `cs/LG`);
 * - `"…"` quotes a phrase, alone or after a prefix (`t:"graph neural"`);
 * - `y:2024`, `y:2020-2023`, `y:>=2021`, `y:>2021`, `y:<2020`, `y:<=2020`: the paper's year (published date, else the
 *   arXiv id's yymm). Papers without a year never match a year term. Several `y:` terms intersect. The abstract is not
 *   searched: it is ~1 kB per paper, which would make every keystroke scan ~100 MB at 100k papers.
 */
import { fold } from './fold.ts';

/**
 * A parsed search box. Every string is already folded (`fold` in lib/search/fold.ts), so `words` may hold a phrase with
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
 * @example
 *   parseQuery('a:müller t:"graph neural" y:2020-2023 gnn');
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
      years =
        years === undefined ? parsed : { from: Math.max(years.from, parsed.from), to: Math.min(years.to, parsed.to) };
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
