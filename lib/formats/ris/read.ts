/**
 * RIS reader. A tag line is two characters (letter, then letter or digit), one or two spaces, `-`, an optional space
 * and the value; Zotero's reader accepts the same leniency. CRLF, LF and CR line ends are accepted. A line that is not
 * a tag line continues the previous field (RIS wraps long values): joined with a newline in `AB`/`N2`/`N1` (notes keep
 * their paragraphs) and a space elsewhere. Blank lines are ignored.
 *
 * Records run from `TY` to `ER`. A record without `ER` (the file ends, or the next `TY` comes first), a tag line
 * outside a record, or text between records throws an ImportFileError naming the line: the file imports nothing.
 * Untagged text before the first record (a database's `Provider: …` header) is skipped.
 *
 * Mapping: `TI`/`T1` title (first), `AU`/`A1` authors (`Last, First` → `First Last`), `AB`/`N2` abstract, `DO` DOI,
 * `UR` URLs, `AN` accession number (Zotero writes `arXiv:<id>`), `KW` one tag each, `N1` notes (several are joined with
 * blank lines; Zotero's HTML notes are turned into text; a note that only names the paper such as `arXiv:1706.03762
 * [cs]` is dropped), `DA`/`PY`/`Y1` published when it is a full date, `ID` the entry's id. Free text in
 * `T2`/`JO`/`JF`/`N1`/`M3` is scanned for `arXiv:<id>`.
 */
import {
  collect,
  displayName,
  isIdentifierOnly,
  isoDateFromText,
  toImported,
  type EntryFields,
} from '../common/entry.ts';
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
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.replace(/\s+$/, '');
    if (line === '') return;
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
      const joiner = MULTILINE.has(last.tag) ? '\n' : ' ';
      values[values.length - 1] = `${values.at(-1) ?? ''}${joiner}${line.trim()}`;
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
  const fields: EntryFields = {
    index,
    line: record.line,
    sources: {
      arxivIds: all('AN').filter((value) => /^arxiv\s*:/i.test(value)),
      urls: all('UR', 'L1', 'L2', 'LK'),
      dois: all('DO'),
      texts: all('T2', 'JO', 'JF', 'J2', 'N1', 'M3', 'AN', 'DB'),
    },
    authors: all('AU', 'A1').map((author) => displayName(author)),
    tags: all('KW'),
  };
  const id = first('ID');
  if (id !== undefined) fields.citeKey = id;
  const title = first('TI', 'T1');
  if (title !== undefined) fields.title = title;
  const abstract = first('AB', 'N2');
  if (abstract !== undefined) fields.abstract = abstract;
  const published = all('DA', 'PY', 'Y1')
    .map((date) => isoDateFromText(date))
    .find((date) => date !== undefined);
  if (published !== undefined) fields.published = published;
  const note = notes
    .map((text) => htmlToText(text))
    .filter((text) => text !== '' && !isIdentifierOnly(text))
    .join('\n\n');
  if (note !== '') fields.note = note;
  return toImported(fields);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Zotero writes notes as HTML (`<p>…</p>`). Only text is kept: paragraphs and `<br>` become line breaks, every other
 * tag is dropped, the common entities are decoded. Text that does not start with a tag is returned trimmed.
 */
export function htmlToText(text: string): string {
  const trimmed = text.trim();
  if (!/^<[a-z!/]/i.test(trimmed)) return trimmed;
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
