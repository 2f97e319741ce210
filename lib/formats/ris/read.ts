/**
 * RIS reader. A tag line is two characters (letter, then letter or digit), one or two spaces, `-`, an optional space
 * and the value; Zotero's reader accepts the same leniency. CRLF, LF and CR line ends are accepted. A line that is not
 * a tag line continues the previous field (RIS wraps long values, and ris/write.ts writes a note's lines so): joined
 * with a newline in `AB`/`N2`/`N1`, two after a blank line (notes keep their paragraphs), and a space elsewhere. Other
 * blank lines are ignored.
 *
 * Records run from `TY` to `ER`. A record without `ER` (the file ends, or the next `TY` comes first), a tag line
 * outside a record, or text between records throws an ImportFileError naming the line: the file imports nothing.
 * Untagged text before the first record (a database's `Provider: …` header) is skipped.
 *
 * Mapping: `TI`/`T1` title (first), `AU`/`A1` authors (`Family, Given, Suffix`, risAuthor), `AB`/`N2` abstract, `DO`
 * DOI (the key of a DOI-only record, the journal DOI beside an arXiv id), `UR` URLs, `AN` accession number (Zotero
 * writes `arXiv:<id>`; a PubMed id when it reads `PMID:<n>` or the record's `DB`/`DP` is PubMed or MEDLINE, as
 * databases and Dogear write it), `KW` one tag each, `N1` notes (several are joined with blank lines; Zotero's HTML
 * notes are turned into text; a note that only names the paper such as `arXiv:1706.03762 [cs]` is dropped),
 * `DA`/`PY`/`Y1` published with its precision (`2015`, `2015/05//`, `2015/05/12/`), `ID` the cite key, verbatim. Free
 * text in `T2`/`JO`/`JF`/`N1`/`M3` is scanned for `arXiv:<id>`.
 */
import { collect, isIdentifierOnly, isoDateFromText, squash, toImported, type EntryFields } from '../common/entry.ts';
import { pmidKey } from '../bibtex/read.ts';
import { nameText, type PersonName } from '../../paper/names.ts';
import { ImportFileError, type ImportedPaper, type ParseResult, type Rejection } from '../types.ts';

/** One RIS record: tag → values in file order. */
export interface RisRecord {
  /** 1-based line of the `TY` line. */
  line: number;
  fields: Map<string, string[]>;
}

const TAG_LINE = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|)$/;

const RECORD_START = /^TY {1,2}-/m;

/** Where the first `TY - ` line (a record's start) begins in `text`, or undefined: how a RIS file is recognised. */
export function firstRecordAt(text: string): number | undefined {
  return RECORD_START.exec(text)?.index;
}

/** Tags whose continuation lines keep their line breaks. */
const MULTILINE = new Set(['AB', 'N2', 'N1']);

/** Parses RIS text into records. Throws ImportFileError on a structural error. */
export function parseRisRecords(text: string): RisRecord[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const records: RisRecord[] = [];
  let current: RisRecord | undefined;
  let last: { tag: string; values: string[] } | undefined;
  // A blank line inside a note or abstract: a paragraph break when a continuation line follows it.
  let blank = false;
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.replace(/\s+$/, '');
    if (line === '') {
      blank = last !== undefined;
      return;
    }
    const paragraph = blank;
    blank = false;
    const tagged = TAG_LINE.exec(line);
    if (!tagged) {
      // Some databases put a header (`Provider: …`) before the first record.
      if (records.length === 0 && !current) return;
      if (!current || !last) {
        throw new ImportFileError(
          `line ${lineNumber}: text outside a record (a record starts with "TY  - ")`,
          lineNumber,
        );
      }
      const values = last.values;
      const joiner = MULTILINE.has(last.tag) ? (paragraph ? '\n\n' : '\n') : ' ';
      // ris/write.ts indents a note's lines by two spaces: deeper indentation is the note's own (Markdown code).
      const text = MULTILINE.has(last.tag) ? line.replace(/^(?: {1,2}|\t)/, '') : line.trim();
      values[values.length - 1] = `${values.at(-1) ?? ''}${joiner}${text}`;
      return;
    }
    const tag = tagged[1]!;
    const value = (tagged[2] ?? '').trim();
    if (tag === 'TY') {
      if (current) {
        throw new ImportFileError(
          `line ${lineNumber}: a new record starts before the record of line ${current.line} ended (no "ER  - " line)`,
          lineNumber,
        );
      }
      const type = [value];
      current = { line: lineNumber, fields: new Map([['TY', type]]) };
      last = { tag: 'TY', values: type };
      return;
    }
    if (!current) {
      const message = `line ${lineNumber}: "${tag}" line outside a record (a record starts with "TY  - ")`;
      throw new ImportFileError(message, lineNumber);
    }
    if (tag === 'ER') {
      records.push(current);
      current = undefined;
      last = undefined;
      return;
    }
    const values = current.fields.get(tag) ?? [];
    values.push(value);
    current.fields.set(tag, values);
    last = { tag, values };
  });
  if (current) {
    const message = `line ${current.line}: the record starting here has no "ER  - " line (the file ends first)`;
    throw new ImportFileError(message, current.line);
  }
  return records;
}

/** Reads a RIS file: every record becomes a paper or a rejection. Throws ImportFileError on a structural error. */
export function parseRis(text: string): ParseResult {
  return collect(parseRisRecords(text).map((record, index) => recordToImported(record, index)));
}

function recordToImported(record: RisRecord, index: number): ImportedPaper | Rejection {
  const all = (...tags: string[]): string[] =>
    tags.flatMap((tag) => record.fields.get(tag) ?? []).filter((value) => value !== '');
  const first = (...tags: string[]): string | undefined => all(...tags)[0];
  const notes = all('N1');
  const pubmed = all('DB', 'DP').some((name) => /pubmed|medline/i.test(name));
  const fields: EntryFields = {
    index,
    line: record.line,
    sources: {
      arxivIds: all('AN').filter((value) => /^arxiv\s*:/i.test(value)),
      urls: all('UR', 'L1', 'L2', 'LK'),
      dois: all('DO'),
      texts: all('T2', 'JO', 'JF', 'J2', 'N1', 'M3', 'AN', 'DB'),
      keys: all('AN')
        .filter((value) => pubmed || /^pmid\b/i.test(value))
        .map(pmidKey),
    },
    authors: all('AU', 'A1').map(risAuthor),
    tags: all('KW'),
  };
  const id = first('ID');
  if (id !== undefined) fields.citeKey = id;
  const title = first('TI', 'T1');
  if (title !== undefined) fields.title = title;
  const abstract = first('AB', 'N2');
  if (abstract !== undefined) fields.abstract = abstract;
  const published = mostPrecise(all('DA', 'PY', 'Y1').map((date) => isoDateFromText(date)));
  if (published !== undefined) fields.published = published;
  const doi = first('DO');
  if (doi !== undefined) fields.doi = doi;
  const note = notes
    .map((text) => htmlToText(text))
    .filter((text) => text !== '' && !isIdentifierOnly(text))
    .join('\n\n');
  if (note !== '') fields.note = note;
  return toImported(fields);
}

/**
 * The date of a record: the first one given (`DA`, then `PY`, then `Y1`), made more precise by a later one of the same
 * year (`PY - 2015` with `DA - 2015/05/12/`, or a `DA` that only repeats the year beside a full `PY`).
 */
function mostPrecise(dates: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const date of dates) {
    if (date === undefined) continue;
    if (best === undefined) best = date;
    else if (date.startsWith(best.slice(0, 4)) && date.length > best.length) best = date;
  }
  return best;
}

/** `Jr.`, `Sr.`, `II`–`IV` and the like: what may stand in a name's suffix place. */
const SUFFIX = /^(?:jr|sr)\.?$|^(?:ii|iii|iv|v)$/i;

/**
 * An `AU` value as the one stored author string (lib/paper/names.ts nameText). RIS writes `Family, Given, Suffix`
 * (`Reynolds, William T., Jr.`, `van Beethoven, Ludwig`: lowercase leading words of the family part are its particle);
 * BibTeX's `Family, Suffix, Given` is read too when the middle part is a suffix and the last is not. A value without a
 * comma is a single-field name (`Google Brain`, `李华`) or a name in natural order, kept as it is.
 */
export function risAuthor(value: string): string {
  const parts = value.split(',').map((part) => squash(part));
  if (parts.length === 1 || parts.length > 3 || parts.some((part) => part === '')) return squash(value);
  const [familyText] = parts as [string];
  let [, given, suffix] = parts as [string, string, string?];
  if (suffix !== undefined && SUFFIX.test(given) && !SUFFIX.test(suffix)) [given, suffix] = [suffix, given];
  const words = familyText.split(' ');
  let start = 0;
  while (start < words.length - 1 && /^\p{Ll}/u.test(words[start]!)) start += 1;
  const name: PersonName = { family: words.slice(start).join(' '), given };
  if (start > 0) name.particle = words.slice(0, start).join(' ');
  if (suffix !== undefined) name.suffix = suffix;
  return nameText(name);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** How Zotero's note HTML starts (`<p>`, `<div data-schema-version="8">`, `<h1>`, a list, a comment). */
const NOTE_HTML = /^<(?:(?:p|div|h[1-6]|ul|ol|blockquote|pre|table|span|b|i|strong|em)(?=[\s>])|!--)/i;

/**
 * Zotero writes notes as HTML (`<p>…</p>`). Only text is kept: paragraphs and `<br>` become line breaks, every other
 * tag is dropped, the common entities are decoded. Text that does not start with one of the block or inline tags
 * Zotero's notes start with is plain text (Dogear's own notes: `<https://…> says` stays as it is), returned trimmed.
 */
export function htmlToText(text: string): string {
  const trimmed = text.trim();
  if (!NOTE_HTML.test(trimmed)) return trimmed;
  return trimmed
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|div|h[1-6]|li|blockquote|pre)>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(
      /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7}));/g,
      (entity, name: string | undefined, code: string | undefined) => {
        if (name !== undefined) return ENTITIES[name]!;
        const point = Number(code);
        return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
      },
    )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
