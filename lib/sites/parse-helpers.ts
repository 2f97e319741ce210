/**
 * Small helpers the site adapters share: reading page text safely, dates, category codes and entry validation (which
 * also shortens over-long text to fit the schema). Everything here reads the elements it is given and never writes to
 * the page; page strings only ever become text.
 */
import { arxivYearMonth } from '../paper/dates.ts';
import { arxivIdOfKey } from '../paper/ids.ts';
import { clipCandidate } from '../paper/model.ts';
import { type ListingEntry, ListingEntrySchema, type ListingRow } from './types.ts';

/** A row the adapter found but could not turn into a valid entry. */
export interface ParseIssue {
  /**
   * Position of the row among the rows the adapter looked at (0-based, page order). Absent for a lone `read` of one
   * row, which does not know where the row stands.
   */
  index?: number;
  /** Paper id when the row showed one. */
  id?: string;
  reason: string;
}

export type IssueReporter = (issue: ParseIssue) => void;

/**
 * Default reporter: skipped rows are logged, never lost silently. `console` is allowed in lib/; only page globals
 * (`document`, `window`, `location`) are not.
 */
export const warnIssue: IssueReporter = (issue) => {
  const row = issue.index === undefined ? 'listing row' : `listing row ${issue.index}`;
  console.warn(`[dogear] skipped ${row}${issue.id ? ` (${issue.id})` : ''}: ${issue.reason}`);
};

/** Collapses every whitespace run (including NBSP and newlines) to one space and trims. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Collapsed text, or undefined when nothing is left. */
export function nonEmpty(text: string | undefined | null): string | undefined {
  if (text === undefined || text === null) return undefined;
  const collapsed = collapse(text);
  return collapsed === '' ? undefined : collapsed;
}

/** Named character references that are not a letter plus a diacritic (ACCENTED below). */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  szlig: '\u00df',
  aelig: '\u00e6',
  AElig: '\u00c6',
  oelig: '\u0153',
  OElig: '\u0152',
  oslash: '\u00f8',
  Oslash: '\u00d8',
  eth: '\u00f0',
  ETH: '\u00d0',
  thorn: '\u00fe',
  THORN: '\u00de',
};

/** HTML's letter-with-diacritic names (`eacute`, `Ouml`, `ntilde`, `ccedil`…) as combining marks. */
const ACCENTED: Readonly<Record<string, string>> = {
  acute: '\u0301',
  grave: '\u0300',
  circ: '\u0302',
  uml: '\u0308',
  tilde: '\u0303',
  ring: '\u030a',
  cedil: '\u0327',
};

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,7}));/g;

function namedEntity(name: string): string | undefined {
  const plain = NAMED_ENTITIES[name];
  if (plain !== undefined) return plain;
  const accented = /^([A-Za-z])([a-z]+)$/.exec(name);
  const mark = accented ? ACCENTED[accented[2]!] : undefined;
  if (mark === undefined) return undefined;
  // Only names HTML has: the letter and its mark compose to one precomposed character (`&xacute;` does not).
  const letter = `${accented![1]}${mark}`.normalize('NFC');
  return letter.length === 1 ? letter : undefined;
}

/**
 * `text` with its HTML character references decoded once, as text: numeric (`&#39;`, `&#x27;`) and the common named
 * ones (`&amp;`, `&quot;`, `&eacute;`…). For page data that carries a string HTML-escaped inside JSON (Hugging Face
 * writes author names as `D&#39;Mello`); no HTML parser is involved, so markup in the string stays text. References it
 * does not know, and numbers that are no character (0, surrogates, beyond U+10FFFF), are left as written.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return namedEntity(name) ?? whole;
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
    const isCharacter = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return isCharacter ? String.fromCodePoint(code) : whole;
  });
}

/**
 * An author name as a listing's link text gives it, without the "and " arXiv puts inside the last link of some lists
 * (`<a>Sergey V. Eremeev</a>, <a>and Roberto Flammini</a>` on /new, tests/fixtures/arxiv): the conjunction is the
 * list's, not the name's. Only lowercase "and" followed by more text is dropped; a name never starts with it.
 */
export function authorName(text: string): string | undefined {
  const name = nonEmpty(text);
  return name === undefined ? undefined : nonEmpty(withoutListConjunction(name));
}

/** `name` without a leading lowercase "and " (authorName), when more follows; otherwise unchanged. */
export function withoutListConjunction(name: string): string {
  return name.replace(/^\s*and\s+(?=\S)/, '');
}

/** Descendants to leave out of a text: a selector, or a predicate for one-off cases. */
type SkipRule = string | ((element: Element) => boolean);

/**
 * Classes of the nodes MathJax 2 adds when it typesets (arXiv loads MathJax 2 through `mathjaxToggle()`). The rendered
 * glyphs are dropped and the TeX source kept in `script[type^="math/tex"]` is read instead, so the text is the same
 * before and after typesetting. Names from MathJax 2's output jax; not yet checked against a captured typeset page.
 * Compared with `classList` (always case-sensitive): in quirks mode `.MathJax` would also match arXiv's own `mathjax`.
 */
const RENDERED_MATH_CLASSES = [
  'MathJax_Preview',
  'MathJax',
  'MathJax_Display',
  'MathJax_SVG',
  'MathJax_CHTML',
  'MJX_Assistive_MathML',
];

const isRenderedMath = (element: Element): boolean =>
  RENDERED_MATH_CLASSES.some((name) => element.classList.contains(name));

function appendText(node: Node, exclude: SkipRule | undefined, out: string[]): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3 || child.nodeType === 4) {
      out.push(child.nodeValue ?? '');
      continue;
    }
    if (child.nodeType !== 1) continue; // comments, processing instructions
    const element = child as Element;
    if (exclude !== undefined && (typeof exclude === 'string' ? element.matches(exclude) : exclude(element))) continue;
    const tag = element.localName;
    if (tag === 'br') {
      out.push('\n');
    } else if (tag === 'script') {
      const type = element.getAttribute('type') ?? '';
      if (type.startsWith('math/tex')) {
        const fence = type.includes('mode=display') ? '$$' : '$';
        out.push(`${fence}${element.textContent ?? ''}${fence}`);
      }
    } else if (tag === 'style' || tag === 'template' || isRenderedMath(element)) {
      // Not visible text, or MathJax output whose TeX source is read from its script instead.
    } else {
      appendText(element, exclude, out);
    }
  }
}

/**
 * The visible text of `element`, skipping descendants that match `exclude` (a selector or predicate), with `<br>` as a
 * line break and MathJax 2 output read back as its TeX source. Like `textContent`: markup in page strings stays text.
 */
export function readText(element: Element, exclude?: SkipRule): string {
  const out: string[] = [];
  appendText(element, exclude, out);
  return out.join('');
}

/** `readText` collapsed: for labelled fields such as arXiv's `Title:` / `Comments:` (`span.descriptor`). */
export function textWithout(element: Element, exclude: SkipRule): string {
  return collapse(readText(element, exclude));
}

/** Collapsed text of an element, or undefined when the element is missing or empty. */
export function textOf(element: Element | null | undefined, exclude?: SkipRule): string | undefined {
  return element ? nonEmpty(readText(element, exclude)) : undefined;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `YYYY-MM-DD` when the numbers form a real calendar date. */
export function publishedOf(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth ? `${year}-${pad(month)}-${pad(day)}` : undefined;
}

/** The date part of an ISO timestamp (`2026-06-26T00:00:00.000Z` → `2026-06-26`), when it is a real date. */
export function datePart(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value);
  return match ? publishedOf(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

const DAY_MONTH_YEAR = /\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/;

/**
 * A `D Month YYYY` date inside English text, as arXiv writes it: "Showing new listings for Tuesday, 22 September 2026"
 * (/new) or "Wed, 10 Jun 2026 (showing 33 of 33 entries )" (/recent). Month names may be abbreviated.
 */
export function dateInText(text: string): string | undefined {
  const match = DAY_MONTH_YEAR.exec(text);
  if (!match) return undefined;
  const name = match[2]!.toLowerCase();
  // A prefix of the full name, at least 3 letters: "Sep", "Sept", "September"; not "Mayday".
  const month = MONTHS.findIndex((full) => full.startsWith(name)) + 1;
  if (month === 0) return undefined;
  return publishedOf(Number(match[3]), month, Number(match[1]));
}

/**
 * How many months `date` (`YYYY-MM…`) lies after the month of arXiv `id` (its v1 month, lib/paper/dates.ts
 * arxivYearMonth): 0 in the same month, negative before it; undefined when either has no month.
 */
export function monthsAfterId(id: string, date: string): number | undefined {
  const fromId = arxivYearMonth(id);
  const match = /^(\d{4})-(\d{2})/.exec(date);
  if (fromId === undefined || !match) return undefined;
  return Number(match[1]) * 12 + Number(match[2]) - (fromId.year * 12 + fromId.month);
}

/** The last day of a month on which a paper submitted at the end of the month before is still announced. */
const LATE_ANNOUNCEMENT_DAY = 7;

/**
 * Whether a page's date can be the v1 date of paper `id` (its submission or announcement day). The id's month is that
 * of the announcement, which may come after a submission at the end of the month before (Hugging Face dates 2607.00248
 * 2026-06-30 in tests/fixtures/huggingface); so the date lies in the id's month, in the month before, or in the first
 * days of the month after (a `YYYY-MM` date of that month cannot tell and passes). A later date is that of a
 * replacement, a cross-list added to an old paper, or a site's own indexing day (Hugging Face dates 2601.06352
 * 2026-09-20): not the paper's date.
 */
export function isFirstListing(id: string, date: string): boolean {
  const months = monthsAfterId(id, date);
  if (months === 0 || months === -1) return true;
  if (months !== 1) return false;
  const day = /^\d{4}-\d{2}-(\d{2})$/.exec(date)?.[1];
  return day === undefined || Number(day) <= LATE_ANNOUNCEMENT_DAY;
}

/** An arXiv category code: `cs.LG`, `cond-mat.mtrl-sci`, `quant-ph`, `math-ph`, `physics.ins-det`. */
export const CATEGORY_CODE = /^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/;

/** The code in the last parentheses of "Materials Science (cond-mat.mtrl-sci)". */
export function codeInParentheses(text: string): string | undefined {
  const match = /\(([^()]+)\)\s*$/.exec(text.trim());
  const code = match?.[1]?.trim();
  return code !== undefined && CATEGORY_CODE.test(code) ? code : undefined;
}

/** Unique values in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Drops keys whose value is undefined, so parsed entries have no `key: undefined` noise. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** What an adapter found for one row, in page order: a candidate entry, or the reason it has none. */
export type RawRow = { entry: unknown; id?: string } | { skip: string; id?: string };

function issueAt(index: number | undefined, id: string | undefined, reason: string): ParseIssue {
  const issue: ParseIssue = index === undefined ? { reason } : { index, reason };
  if (id !== undefined) issue.id = id;
  return issue;
}

/**
 * The raw entry with its paper's over-long fields shortened (clipCandidate): every adapter's rows pass through
 * validEntry, so this is the one place page text is fitted to the schema, and a row is never lost to a long title.
 */
function clipped(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null) return entry;
  const { paper } = entry as { paper?: unknown };
  if (typeof paper !== 'object' || paper === null) return entry;
  return { ...entry, paper: clipCandidate(paper) };
}

/**
 * Validates one row with `ListingEntrySchema`, after shortening over-long page text (clipped): the entry, or undefined
 * after reporting why there is none. `index` is the row's position for the report, when known.
 */
export function validEntry(
  row: RawRow,
  index: number | undefined,
  onInvalid: IssueReporter = warnIssue,
): ListingEntry | undefined {
  if ('skip' in row) {
    onInvalid(issueAt(index, row.id, row.skip));
    return undefined;
  }
  const parsed = ListingEntrySchema.safeParse(clipped(row.entry));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`);
  onInvalid(issueAt(index, row.id, problems.join('; ')));
  return undefined;
}

/**
 * What an adapter's scan found at one row position, in page order: a row (with `T`, whatever cheap page context the
 * adapter noted on the way, for `parse`), or the reason the position has none (no valid id, no entry body).
 */
export type ScanStep<T = undefined> = { row: ListingRow; context: T } | { skip: string; id?: string };

/** The rows of a scan; positions without one are reported, with their index, and left out. */
export function scannedRows<T>(steps: readonly ScanStep<T>[], onInvalid: IssueReporter = warnIssue): ListingRow[] {
  const rows: ListingRow[] = [];
  steps.forEach((step, index) => {
    if ('skip' in step) onInvalid(issueAt(index, step.id, step.skip));
    else rows.push(step.row);
  });
  return rows;
}

/**
 * `parse` as scan + read: each step's row read with `read` and validated, in page order, every skipped or invalid row
 * reported with its position (so the reports are the same, in the same order, as a one-pass parse).
 */
export function readSteps<T>(
  steps: readonly ScanStep<T>[],
  read: (row: ListingRow, context: T) => RawRow,
  onInvalid: IssueReporter = warnIssue,
): ListingEntry[] {
  const entries: ListingEntry[] = [];
  steps.forEach((step, index) => {
    const entry = validEntry('skip' in step ? step : read(step.row, step.context), index, onInvalid);
    if (entry !== undefined) entries.push(entry);
  });
  return entries;
}

/** A `ListingRow` without `version: undefined`. */
export function listingRow(key: string, version: number | undefined, roots: Element[], anchor: Element): ListingRow {
  return version === undefined ? { key, roots, anchor } : { key, version, roots, anchor };
}

/**
 * The first step of a lone `read`: scans `row.roots[0]` again with `rescan` and returns the fresh row, or reports and
 * returns undefined when the element left `doc` (`isRow` says whether it is still where a scan finds rows), no longer
 * makes a row, or now shows another paper. The fresh row, not the given one, is read: same key, current elements.
 */
export function rescanRow(
  row: ListingRow,
  doc: Document,
  isRow: (root: Element) => boolean,
  rescan: (root: Element) => ScanStep<unknown> | undefined,
  onInvalid: IssueReporter = warnIssue,
): ListingRow | undefined {
  const id = arxivIdOfKey(row.key);
  const report = (reason: string): undefined => {
    onInvalid(issueAt(undefined, id, reason));
    return undefined;
  };
  const root = row.roots[0];
  if (!root || root.ownerDocument !== doc || !root.isConnected || !isRow(root)) {
    return report('row is no longer on the page: scan again');
  }
  const step = rescan(root);
  if (step === undefined) return report('row is no longer a listing entry: scan again');
  if ('skip' in step) return report(step.skip);
  if (step.row.key !== row.key) return report(`row now shows ${step.row.key}, not ${row.key}: scan again`);
  return step.row;
}

/** How an adapter whose rows need no page-wide context finds and reads its rows (rowListing). */
export interface RowListingSpec {
  /** Every row position of the page, in order: a row, or why there is none. */
  steps(doc: Document, url: URL): ScanStep[];
  /** Whether an element is a row root of this page (a rescan checks the row is still one). */
  isRow(root: Element, url: URL): boolean;
  /** The row of one root, as `steps` gives it. */
  scanRow(root: Element, url: URL): ScanStep;
  /** The full, not yet validated entry of a scanned row. */
  readRow(row: ListingRow, url: URL): RawRow;
}

/** A SiteAdapter's scan, read and parse, each taking an optional reporter of skipped rows (warnIssue by default). */
export interface RowListing {
  scan(doc: Document, url: URL, onInvalid?: IssueReporter): ListingRow[];
  read(row: ListingRow, doc: Document, url: URL, onInvalid?: IssueReporter): ListingEntry | undefined;
  parse(doc: Document, url: URL, onInvalid?: IssueReporter): ListingEntry[];
}

/**
 * scan, read and parse of an adapter whose rows are read on their own (no list heading or page data to share), built
 * the one way the contract in types.ts asks: scan is the steps' rows; read rescans the row (it may have left the page)
 * and validates it; parse is scan, then read of every row, reporting as a one-pass parse would.
 */
export function rowListing(spec: RowListingSpec): RowListing {
  return {
    scan: (doc, url, onInvalid) => scannedRows(spec.steps(doc, url), onInvalid),
    read(row, doc, url, onInvalid = warnIssue) {
      const fresh = rescanRow(
        row,
        doc,
        (root) => spec.isRow(root, url),
        (root) => spec.scanRow(root, url),
        onInvalid,
      );
      return fresh && validEntry(spec.readRow(fresh, url), undefined, onInvalid);
    },
    parse: (doc, url, onInvalid) => readSteps(spec.steps(doc, url), (row) => spec.readRow(row, url), onInvalid),
  };
}
