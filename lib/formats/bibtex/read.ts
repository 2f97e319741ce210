/**
 * BibTeX / BibLaTeX reader: the entries parse.ts finds, mapped to Dogear papers (one entry → one ImportedPaper or one
 * Rejection).
 *
 * - key: `eprint` when `archivePrefix`/`eprinttype` is arXiv (or absent and `eprint` is an arXiv id), then an arXiv
 *   `url`, then an arXiv DataCite `doi`, then `arXiv:<id>` in `journal`/`journaltitle`/`note`/`howpublished`/
 *   `number`/`publisher`, then `doi`, then the other kinds (common/entry.ts): a PubMed id (`eprint` with `eprinttype =
 *   {pubmed}`, as BibLaTeX writes it, or a `pmid` field, as JabRef and Zotero do), a `url` or dblp's `biburl` naming an
 *   OpenReview, ACL Anthology, PubMed, Semantic Scholar or dblp page, dblp's own cite key (`DBLP:conf/acl/SmithJ20`);
 *   else the `url` of an entry with a title and an author (`url:`, flagged in the preview). The eprint's `vN` becomes
 *   the version. The entry's cite key is returned as it is written (`mnih_playing_2013`, `Lake2023`): the import
 *   planner keeps it when it is valid.
 * - title and abstract stay TeX (`$…$` math verbatim, `\mathcal`, `\emph{…}` kept), read the way BibTeX prints them:
 *   case-protection braces are dropped (`Delving {{Deep}} into {{Rectifiers}}` → `Delving Deep into Rectifiers`,
 *   `{MOT}16: {A} Benchmark` → `MOT16: A Benchmark`, Dogear's own `{BERT}` → `BERT`), accents and escaped specials
 *   decoded, a math span holding one Greek letter (`{$\Delta$}`, how the ASCII writer spells Δ) read as the letter
 *   (common/latex-decode.ts).
 * - authors: read by BibTeX's name grammar (names.ts: First von Last, von Last, First, von Last, Jr, First; a brace group
 *   is one token) and stored as lib/paper/names.ts nameText; `and others` dropped. A list with commas and no `and`
 *   (Google Scholar's `A Vaswani, N Shazeer, N Parmar`), which BibTeX would read as one scrambled name, is split at its
 *   commas and the entry carries a warning saying so.
 * - date: BibLaTeX `date` (`2015`, `2015-02`, `2015-02-06`, the start of a range), else `year` with `month` (a macro
 *   `jan`…`dec`, a number or a month name), each as precise as given.
 * - doi: besides keying a paper that has no arXiv id, a DOI given beside an arXiv id (arXiv's own export writes the
 *   journal DOI as a resolver URL) is the paper's journal DOI (common/entry.ts).
 * - note: `annote`, `annotation`, `comment`, and `note` unless it only names the paper (`arXiv:1706.03762 [cs]`).
 * - tags: `keywords` split at `,`/`;` outside braces, so a braced keyword (`{a, b}`, BibLaTeX's way to keep a comma) is
 *   one tag. primaryClass/eprintclass → primary category.
 */
import {
  calendarDate,
  collect,
  isIdentifierOnly,
  isoDateFromText,
  squash,
  toImported,
  type EntryFields,
} from '../common/entry.ts';
import { decodeLatex } from '../common/latex-decode.ts';
import { keyFromDblp, type PaperKey } from '../../paper/ids.ts';
import { nameText } from '../../paper/names.ts';
import type { ImportedPaper, ParseResult, Rejection } from '../types.ts';
import { readBibtexName, splitOutsideBraces } from './names.ts';
import { parseBibtexEntries, type BibtexEntry } from './parse.ts';

/** Reads a BibTeX file: every entry becomes a paper or a rejection. Throws ImportFileError on a syntax error. */
export function parseBibtex(text: string): ParseResult {
  return collect(parseBibtexEntries(text).map((entry, index) => entryToImported(entry, index)));
}

/** Free-text fields scanned for `arXiv:<id>` (Google Scholar's `journal`, Zotero's `note`, `howpublished`…). */
const TEXT_KEY_FIELDS = ['journal', 'journaltitle', 'note', 'howpublished', 'number', 'publisher', 'eprint'];

/** The ImportedPaper of one entry, or the reason it is rejected. */
function entryToImported(entry: BibtexEntry, index: number): ImportedPaper | Rejection {
  const field = (name: string): string | undefined => entry.fields.get(name);
  const plain = (name: string): string | undefined => {
    const value = field(name);
    return value === undefined ? undefined : squash(decodeLatex(value, 'plain'));
  };

  const prefix = (plain('archiveprefix') ?? plain('eprinttype') ?? '').toLowerCase();
  const eprint = plain('eprint');
  const arxivIds = eprint !== undefined && (prefix === 'arxiv' || prefix === '') ? [eprint] : [];
  const pmids = [prefix === 'pubmed' || prefix === 'pmid' ? eprint : undefined, plain('pmid')];
  const note = noteOf(entry);
  const fields: EntryFields = {
    index,
    line: entry.line,
    sources: {
      arxivIds,
      urls: [verbatim(field('url')), plain('howpublished'), verbatim(field('biburl'))].filter(
        (url) => url !== undefined,
      ),
      dois: [verbatim(field('doi'))].filter((doi) => doi !== undefined),
      texts: TEXT_KEY_FIELDS.map((name) => plain(name)).filter((text) => text !== undefined),
      keys: [...pmids.map(pmidKey), dblpCiteKey(entry.key)],
    },
    authors: [],
    tags: keywordsOf(field('keywords') ?? ''),
  };
  const authors = readAuthors(field('author') ?? '');
  fields.authors = authors.names;
  if (authors.warning !== undefined) fields.warnings = [authors.warning];
  if (entry.key !== '') fields.citeKey = entry.key;
  const title = field('title');
  if (title !== undefined) fields.title = titleOf(title);
  const abstract = field('abstract');
  if (abstract !== undefined) fields.abstract = squash(decodeLatex(abstract, 'tex', { groups: 'strip' }));
  const category = plain('primaryclass') ?? plain('eprintclass');
  if (category !== undefined) fields.primaryCategory = category;
  const published = knownDate(plain('date'), plain('year'), plain('month'));
  if (published !== undefined) fields.published = published;
  const doi = verbatim(field('doi'));
  if (doi !== undefined && doi !== '') fields.doi = doi;
  if (note !== undefined) fields.note = note;
  return toImported(fields);
}

/** `pmid:<n>` of a PubMed id as files write it (`31452104`, `PMID: 31452104`), or undefined. */
export function pmidKey(value: string | undefined): PaperKey | undefined {
  const digits = value === undefined ? undefined : /^\s*(?:pmid\s*:?\s*)?([1-9]\d{0,8})\s*$/i.exec(value)?.[1];
  return digits === undefined ? undefined : `pmid:${digits}`;
}

/** dblp's BibTeX names each entry `DBLP:<record key>`: the record's key (its arXiv key for a CoRR record). */
function dblpCiteKey(citeKey: string): PaperKey | undefined {
  return citeKey.startsWith('DBLP:') ? keyFromDblp(citeKey.slice('DBLP:'.length)) : undefined;
}

/** The `published` value: BibLaTeX's `date` (its start, for a range), else `year` with `month`, as precise as given. */
function knownDate(date: string | undefined, year: string | undefined, month: string | undefined): string | undefined {
  const fromDate = date === undefined ? undefined : isoDateFromText(date);
  if (fromDate !== undefined) return fromDate;
  const yearOnly = year === undefined ? undefined : /\d{4}/.exec(year)?.[0];
  if (yearOnly === undefined) return undefined;
  return calendarDate(yearOnly, month === undefined ? undefined : monthNumber(month));
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `6`, `06`, `jun` (parse.ts expands the macro to `June`), `June`, `Jun.`, `Sept.` → 6 / 9; undefined otherwise. */
function monthNumber(month: string): number | undefined {
  const text = month.trim().toLowerCase();
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const index = MONTH_NAMES.indexOf(text.slice(0, 3));
  return index === -1 || !/^[a-z]+\.?$/.test(text) ? undefined : index + 1;
}

/** `keywords` split at `,` or `;` outside braces, each decoded (`{a, b}` is the one tag `a, b`). */
function keywordsOf(raw: string): string[] {
  return splitOutsideBraces(raw, ',;').map((keyword) => squash(decodeLatex(keyword, 'plain')));
}

/** `url` and `doi` are verbatim in BibLaTeX: no TeX decoding (a `~` in a URL is a tilde), only `\\url{…}` unwrapped. */
function verbatim(value: string | undefined): string | undefined {
  return value
    ?.trim()
    .replace(/^\\url\{([^{}]*)\}$/, '$1')
    .trim();
}

/** `annote`, `annotation`, `comment` and a `note` that says more than the paper's identifier, joined. */
function noteOf(entry: BibtexEntry): string | undefined {
  const parts: string[] = [];
  for (const name of ['note', 'annote', 'annotation', 'comment']) {
    const value = entry.fields.get(name);
    if (value === undefined) continue;
    const text = decodeLatex(value, 'plain').trim();
    if (text === '' || (name === 'note' && isIdentifierOnly(text))) continue;
    parts.push(text);
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/**
 * Title as arXiv TeX, read the way BibTeX prints it: case-protection braces dropped, accents and escaped specials
 * decoded, whitespace collapsed (module comment).
 */
export function titleOf(raw: string): string {
  return squash(decodeLatex(raw, 'tex', { groups: 'strip' }));
}

/**
 * Splits a name list at `and` (any case, any whitespace around it) outside braces. Linear: the `and` pattern is only
 * tried where a whitespace run begins.
 */
function splitNames(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '{') {
      depth += 1;
    } else if (char === '}') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && /\s/.test(char) && i > 0 && !/\s/.test(text[i - 1]!)) {
      AND.lastIndex = i;
      const found = AND.exec(text);
      if (found) {
        parts.push(text.slice(start, i));
        start = i + found[0].length;
        i = start - 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const AND = /\s+and\s+/iy;

/** Middle parts of `Family, Jr., Given` that make a two-comma name a name and not a list of three. */
const SUFFIX = /^(?:jr|sr|[ivx]+|\d+(?:st|nd|rd|th))\.?$/i;

/**
 * True for Google Scholar's comma-separated list (`A Vaswani, N Shazeer, N Parmar`) in place of BibTeX's `and`: more
 * than two commas, or two where the middle part is no suffix and every part has a given and a family name.
 */
function isCommaList(name: string): boolean {
  const parts = splitOutsideBraces(name, ',').map((part) =>
    part
      .trim()
      .split(/\s+/)
      .filter((word) => word !== ''),
  );
  if (parts.length > 3) return true;
  return parts.length === 3 && !SUFFIX.test(parts[1]!.join(' ')) && parts.every((words) => words.length >= 2);
}

/** The names of an `author` field, and a warning when it had to be read as a comma-separated list. */
function readAuthors(raw: string): { names: string[]; warning?: string } {
  const names = splitNames(raw.trim())
    .map((name) => name.trim())
    .filter((name) => name !== '' && name.toLowerCase() !== 'others');
  if (names.length === 1 && isCommaList(names[0]!)) {
    const list = splitOutsideBraces(names[0]!, ',').map((name) => name.trim());
    const read = list.map(nameOf).filter((name) => name !== '');
    return {
      names: read,
      warning: `the author field separates ${read.length} names with commas instead of "and" (Google Scholar's list form): read as ${read.length} authors, check their order and spelling`,
    };
  }
  return { names: names.map(nameOf).filter((name) => name !== '') };
}

/** One BibTeX name → the string a paper stores (lib/paper/names.ts nameText). */
function nameOf(name: string): string {
  const parts = readBibtexName(name);
  return parts === undefined ? '' : nameText(parts);
}

/** BibTeX author list → stored names (readAuthors, without its warning). */
export function authorsOf(raw: string): string[] {
  return readAuthors(raw).names;
}
