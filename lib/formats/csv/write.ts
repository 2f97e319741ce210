/**
 * CSV export for spreadsheets and Notion databases.
 *
 * - RFC 4180: CRLF after every record (the last one too), a header row, fields quoted when they contain `,`, `"`, CR or
 *   LF, with `"` doubled inside quotes. Line breaks inside a note are kept inside its quoted field.
 * - A UTF-8 byte order mark first: Excel reads UTF-8 CSV reliably only with one.
 * - Formula injection guard (OWASP ASVS 5.0 §1.2.10): a field starting with `=`, `+`, `-`, `@`, TAB, CR or NUL gets a
 *   leading `'`, so a spreadsheet shows it as text instead of running it. Applied to every field, header included.
 * - Title is the first column: Notion names each imported row after it.
 * - Multi-valued cells (authors, subjects, tags) are joined with `; `. Title and author names are folded onto one line;
 *   the note keeps its lines (invisible controls dropped). Times are ISO 8601 in UTC.
 * - `year` and `published` are the date every format writes (lib/paper/dates.ts `knownDate`), `published` as precise as
 *   it is known (`2015`, `2015-05`, `2015-05-12`); both empty for an undated paper. `doi` is the paper's own or journal
 *   DOI, else arXiv's DataCite DOI.
 */
import type { Paper } from '../../paper/model.ts';
import { arxivIdOf, doiOf, primaryCategoryOf, urlOf, utcTimestamp } from '../common/paper.ts';
import { oneLine, wellFormed, withoutInvisibles } from '../common/text.ts';
import { knownDate, publishedOf } from '../../paper/dates.ts';

export const CSV_COLUMNS = [
  'title',
  'authors',
  'year',
  'published',
  'arxiv_id',
  'doi',
  'url',
  'primary_category',
  'subjects',
  'tags',
  'note',
  'saved_at',
  'first_seen_at',
  'key',
] as const;

/** The unescaped table: the header, then one row per paper in `CSV_COLUMNS` order. */
export function csvTable(papers: readonly Paper[]): string[][] {
  return [[...CSV_COLUMNS], ...papers.map(rowFor)];
}

/** The CSV file for `papers`: BOM, header, one record per paper. */
export function toCsv(papers: readonly Paper[]): string {
  return formatCsv(csvTable(papers));
}

/** Writes rows as RFC 4180 CSV with a BOM, guarding every field against formula injection. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return `\ufeff${rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('')}`;
}

/** Characters a spreadsheet may read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/** One field: guarded, then quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function rowFor(paper: Paper): string[] {
  const joined = (values: readonly string[]) =>
    values
      .map(oneLine)
      .filter((value) => value !== '')
      .join('; ');
  const date = knownDate(paper);
  const cells: Record<(typeof CSV_COLUMNS)[number], string | number | undefined> = {
    title: oneLine(paper.title),
    authors: joined(paper.authors),
    year: date?.year,
    published: date === undefined ? undefined : publishedOf(date),
    arxiv_id: arxivIdOf(paper),
    doi: doiOf(paper),
    url: urlOf(paper),
    primary_category: oneLine(primaryCategoryOf(paper) ?? ''),
    subjects: joined(paper.subjects),
    tags: joined(paper.tags ?? []),
    note: paper.note === undefined ? undefined : withoutInvisibles(wellFormed(paper.note)),
    saved_at: paper.savedAt === undefined ? undefined : utcTimestamp(paper.savedAt),
    first_seen_at: paper.firstSeenAt === undefined ? undefined : utcTimestamp(paper.firstSeenAt),
    key: paper.key,
  };
  return CSV_COLUMNS.map((column) => String(cells[column] ?? ''));
}
