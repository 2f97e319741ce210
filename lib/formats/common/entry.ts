/**
 * What the reference readers (BibTeX, RIS, CSL-JSON) share: finding the canonical key among an entry's identifiers,
 * author name order, tags, dates, and turning the result into a validated `ImportedPaper` or a `Rejection`.
 *
 * Keys: Dogear keys papers on hard identifiers (lib/paper/ids.ts), the strongest kind first. An arXiv id wins over a
 * DOI, whatever field it comes from; then a DOI; then the other kinds an entry names (a PubMed id, an OpenReview, ACL
 * Anthology, Semantic Scholar or dblp link or record), by bestKey's order. An entry with none of these but an address
 * (`url`, `UR`, `URL`) is keyed by that address (`url:`, as Dogear exports its own `url:` papers) only when it is
 * otherwise a paper, with a title and an author, and the preview says so (a web page in a reference list is not
 * silently a paper). Anything else is rejected: two papers with the same title are not always the same paper, and a
 * title alone never merges.
 */
import {
  arxivIdFromUrl,
  arxivKey,
  bestKey,
  keyFromDoi,
  parseArxivId,
  paperKeyOf,
  type PaperKey,
  urlKey,
} from '../../paper/ids.ts';
import { type PaperCandidate, PaperCandidateSchema } from '../../paper/model.ts';
import { normalizeTags } from '../../paper/tags.ts';
import type { z } from '../../zod.ts';
import type { ImportedPaper, Rejection } from '../types.ts';

/** Where an entry names its paper, most explicit first within each list. */
interface KeySources {
  /** Fields that hold a bare arXiv id (BibTeX `eprint` with an arXiv prefix, RIS `AN`, CSL `number`). */
  arxivIds?: readonly string[];
  /** URLs (`url`, `UR`, `URL`): arXiv, Hugging Face, alphaXiv pages or doi.org links. */
  urls?: readonly string[];
  /** DOI fields, in any form keyFromDoi reads. arXiv's DataCite DOI gives the arXiv key. */
  dois?: readonly string[];
  /** Free text that may mention `arXiv:<id>` (`journal`, `note`, `howpublished`, `N1`…). */
  texts?: readonly string[];
  /**
   * Keys the reader found in fields of its own (a PubMed id: BibLaTeX `eprinttype = {pubmed}`, CSL `PMID`, RIS `AN` in
   * a PubMed record; dblp's `DBLP:` cite keys), weighed with the keys of `urls` by bestKey.
   */
  keys?: readonly (PaperKey | undefined)[];
}

interface ResolvedKey {
  key: PaperKey;
  arxivId?: string;
  version?: number;
  /** Set for a `url:` key: the entry was keyed by its address, which the preview says. */
  byAddress?: boolean;
}

/**
 * `arXiv:2401.12345`, `arXiv preprint arXiv:2401.12345v2`, `arXiv 2401.12345 [cs.LG]`, `arXiv:hep-th/9901001`: an arXiv
 * id written after the word arXiv.
 */
const ARXIV_IN_TEXT = /arxiv\s*[:\s]\s*(?:abs\/)?((?:[a-z-]+(?:\.[a-z]{2})?\/\d{7})|(?:\d{4}\.\d{4,5}))(v\d+)?(?!\d)/gi;
const URL_IN_TEXT = /https?:\/\/[^\s{}<>"]+/gi;

/** Every arXiv id a free text mentions, in order. */
function arxivIdsInText(text: string): Array<{ id: string; version?: number }> {
  const found: Array<{ id: string; version?: number }> = [];
  for (const match of text.slice(0, 10_000).matchAll(ARXIV_IN_TEXT)) {
    const parsed = parseArxivId(`${match[1]}${match[2] ?? ''}`);
    if (parsed) found.push(parsed);
  }
  for (const match of text.slice(0, 10_000).matchAll(URL_IN_TEXT)) {
    const parsed = arxivIdFromUrl(match[0]);
    if (parsed) found.push(parsed);
  }
  return found;
}

function arxivResolved(parsed: { id: string; version?: number }): ResolvedKey {
  const resolved: ResolvedKey = { key: arxivKey(parsed.id), arxivId: parsed.id };
  if (parsed.version !== undefined) resolved.version = parsed.version;
  return resolved;
}

/**
 * The canonical key of an entry: the first arXiv id found (explicit id fields, then URLs, then an arXiv DataCite DOI,
 * then free text), else the first DOI (DOI fields, then doi.org URLs). A string says why there is none.
 */
function resolveKey(sources: KeySources): ResolvedKey | string {
  for (const value of sources.arxivIds ?? []) {
    const parsed = parseArxivId(value.trim().replace(/^arxiv\s*:\s*/i, ''));
    if (parsed) return arxivResolved(parsed);
  }
  for (const url of sources.urls ?? []) {
    const parsed = arxivIdFromUrl(url.trim());
    if (parsed) return arxivResolved(parsed);
  }
  const doiKeys = (sources.dois ?? []).map((doi) => keyFromDoi(doi)).filter((key) => key !== undefined);
  const arxivDoi = doiKeys.find((key) => key.startsWith('arxiv:'));
  if (arxivDoi) return { key: arxivDoi, arxivId: arxivDoi.slice('arxiv:'.length) };
  for (const text of sources.texts ?? []) {
    const [first] = arxivIdsInText(text);
    if (first) return arxivResolved(first);
  }
  if (doiKeys[0]) return { key: doiKeys[0] };
  const named = bestKey([...(sources.keys ?? []), ...(sources.urls ?? []).map((url) => paperKeyOf(url.trim()))]);
  if (named) return { key: named };
  return noKeyReason(sources);
}

/** Why an entry has no key: the ids it gives that were not understood, if any. */
function noKeyReason(sources: KeySources): string {
  const named = [
    ...(sources.arxivIds ?? []).filter((value) => value.trim() !== '').map((value) => `arXiv id ${quote(value)}`),
    ...(sources.dois ?? []).filter((value) => value.trim() !== '').map((value) => `DOI ${quote(value)}`),
  ];
  const unreadable = named.length > 0 ? ` (${named.join(', ')} not recognised)` : '';
  return `no arXiv id or DOI${unreadable}, nor another paper id or an address: Dogear keys papers on arXiv ids, DOIs, OpenReview, ACL Anthology, PubMed, Semantic Scholar and dblp ids, or a paper's address, and a title alone never merges`;
}

/**
 * The `url:` key of an entry that names no id: its first address urlKey reads (Google's redirects followed, tracking
 * parameters dropped), and only for an entry with a title and an author.
 */
function addressKey(sources: KeySources, hasTitle: boolean, hasAuthor: boolean): ResolvedKey | undefined {
  if (!hasTitle || !hasAuthor) return undefined;
  for (const url of sources.urls ?? []) {
    const key = /^https?:\/\//i.test(url.trim()) ? urlKey(url.trim()) : undefined;
    if (key?.startsWith('url:')) return { key, byAddress: true };
  }
  return undefined;
}

/** `"value"` cut to 60 characters, for messages. */
export function quote(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 60 ? `${flat.slice(0, 59)}…` : flat);
}

/** Collapses whitespace runs (newlines included) to one space and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The `published` value (lib/paper/model.ts PublishedSchema) of a date read from a file, as precise as the file gives
 * it: `YYYY` for a year alone, `YYYY-MM` with a month, `YYYY-MM-DD` with a day. Parts may be numbers or digit strings;
 * a later part that is missing or invalid leaves the date at the precision before it, an invalid year gives undefined.
 */
export function calendarDate(year: unknown, month?: unknown, day?: unknown): string | undefined {
  const numeric = (part: unknown) => (typeof part === 'string' && /^\d+$/.test(part.trim()) ? Number(part) : part);
  const [y, m, d] = [year, month, day].map(numeric);
  if (!Number.isInteger(y) || (y as number) < 1000 || (y as number) > 9999) return undefined;
  const yy = String(y);
  if (!Number.isInteger(m) || (m as number) < 1 || (m as number) > 12) return yy;
  const mm = `${yy}-${String(m).padStart(2, '0')}`;
  if (!Number.isInteger(d) || (d as number) < 1) return mm;
  const date = new Date(Date.UTC(y as number, (m as number) - 1, d as number));
  return date.getUTCDate() === d ? `${mm}-${String(d).padStart(2, '0')}` : mm;
}

/**
 * A date string as files write it, read with its precision: `2016`, `2015-05`, `2015/05//`, `2024-01-22`,
 * `2024/01/22/`, `2024/1/22/extra`, `2024-01-22T10:00:00Z`. Undefined when it does not start with a year.
 */
export function isoDateFromText(text: string): string | undefined {
  const match = /^\s*(\d{4})(?:[-/](\d{1,2})?(?:[-/](\d{1,2}))?)?(?:\D|$)/.exec(text);
  return match ? calendarDate(match[1], match[2], match[3]) : undefined;
}

/**
 * True when a note field only names the paper (`arXiv:1706.03762 [cs]`, `arXiv preprint arXiv:…`): Zotero and Google
 * Scholar put identifiers there, which are not the user's note.
 */
export function isIdentifierOnly(text: string): boolean {
  const rest = text
    .replace(ARXIV_IN_TEXT, '')
    .replace(URL_IN_TEXT, '')
    .replace(/\[[^\]]{0,40}\]/g, '')
    .replace(/\b(?:arxiv|preprint|e-?prints?|publisher|doi)\b/gi, '')
    .replace(/10\.\d{4,9}\/\S+/g, '')
    .replace(/[\s,.;:()]/g, '');
  return rest === '';
}

/**
 * `title: Too big: expected string to have <=2000 characters`: the first three issues, then how many more. Paths start
 * with `prefix` (`papers[3]`); an issue about the value as a whole is named `whole`.
 */
export function describeIssues(error: z.ZodError, prefix = '', whole = '(entry)'): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
    return `${`${prefix}${path}`.replace(/^\./, '') || whole}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

/** Everything a reader found in one entry, before validation. */
export interface EntryFields {
  index: number;
  line?: number;
  citeKey?: string;
  sources: KeySources;
  title?: string;
  authors: string[];
  abstract?: string;
  primaryCategory?: string;
  published?: string;
  /** A journal DOI the entry gives beside an arXiv id (arXiv's own BibTeX `doi`), in any form keyFromDoi reads. */
  doi?: string;
  note?: string;
  tags: string[];
  /** What the reader had to guess, for the preview (ImportedPaper.warnings). */
  warnings?: string[];
}

const CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

/** The validated ImportedPaper for an entry, or its Rejection. */
export function toImported(fields: EntryFields): ImportedPaper | Rejection {
  const where: Pick<Rejection, 'index' | 'line' | 'id'> = { index: fields.index };
  if (fields.line !== undefined) where.line = fields.line;
  if (fields.citeKey) where.id = fields.citeKey;
  const authors = fields.authors.map((author) => squash(author)).filter((author) => author !== '');
  let resolved = resolveKey(fields.sources);
  if (typeof resolved === 'string') {
    resolved = addressKey(fields.sources, squash(fields.title ?? '') !== '', authors.length > 0) ?? resolved;
  }
  if (typeof resolved === 'string') return { ...where, reason: resolved };
  if (!fields.citeKey) where.id = resolved.key;
  const title = squash(fields.title ?? '');
  if (title === '') return { ...where, reason: `no title (paper ${resolved.key})` };

  const candidate: PaperCandidate = {
    key: resolved.key,
    title,
    authors,
    subjects: [],
  };
  if (resolved.arxivId !== undefined) candidate.arxivId = resolved.arxivId;
  if (resolved.version !== undefined) candidate.version = resolved.version;
  const abstract = fields.abstract?.trim();
  if (abstract) candidate.abstract = abstract;
  const category = fields.primaryCategory?.trim();
  if (resolved.arxivId !== undefined && category && category.length <= 40 && CATEGORY.test(category)) {
    candidate.primaryCategory = category;
    candidate.subjects = [category];
  }
  if (fields.published !== undefined) candidate.published = fields.published;
  const journalDoi = fields.doi === undefined ? undefined : keyFromDoi(fields.doi);
  // keyFromDoi reads arXiv's DataCite DOI as the arXiv key: it names the preprint, which the key already does.
  if (journalDoi?.startsWith('doi:') && journalDoi !== resolved.key) {
    candidate.doi = journalDoi.slice('doi:'.length);
  }

  const parsed = PaperCandidateSchema.safeParse(candidate);
  if (!parsed.success) return { ...where, reason: `invalid ${resolved.key}: ${describeIssues(parsed.error)}` };
  const imported: ImportedPaper = { paper: parsed.data, index: fields.index };
  if (fields.line !== undefined) imported.line = fields.line;
  if (fields.citeKey) imported.citeKey = fields.citeKey;
  const note = fields.note?.trim();
  if (note) imported.note = note;
  const tags = normalizeTags(fields.tags);
  const long = tags.find((tag) => tag.length > 100);
  if (long !== undefined) return { ...where, reason: `tag longer than 100 characters: ${quote(long)}` };
  if (tags.length > 0) imported.tags = tags;
  const warnings = [...(fields.warnings ?? [])];
  if (resolved.byAddress) {
    warnings.push(
      `no arXiv id, DOI or other paper id: keyed by its address (${resolved.key.slice('url:'.length)}); the duplicates tab suggests merging it with a record of the same paper that has an id`,
    );
  }
  if (warnings.length > 0) imported.warnings = warnings;
  return imported;
}

function isRejection(value: ImportedPaper | Rejection): value is Rejection {
  return 'reason' in value;
}

/** Splits reader results into the two lists of a ParseResult. */
export function collect(results: Iterable<ImportedPaper | Rejection>): {
  items: ImportedPaper[];
  rejected: Rejection[];
} {
  const items: ImportedPaper[] = [];
  const rejected: Rejection[] = [];
  for (const result of results) {
    if (isRejection(result)) rejected.push(result);
    else items.push(result);
  }
  return { items, rejected };
}
