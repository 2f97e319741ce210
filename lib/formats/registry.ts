/**
 * Every file format Dogear writes and reads, one entry each, in the order the export menu lists them. Everything that
 * depends on the format reads this list: the export menu and file names, the chunked runner (run.ts), which formats
 * carry cite keys, and which format an imported file is (read.ts). A new format is a folder beside this file (its
 * `write.ts`, and `read.ts` when Dogear reads it) and one entry here.
 */
import type { Paper, Sighting } from '../paper/model.ts';
import { toBiblatex } from './biblatex/write.ts';
import { parseBibtex } from './bibtex/read.ts';
import { firstEntryAt } from './bibtex/parse.ts';
import { toBibtex } from './bibtex/write.ts';
import { parseCslJson } from './csl-json/read.ts';
import { toCslJson } from './csl-json/write.ts';
import { toCsv } from './csv/write.ts';
import { isBackupHead, readBackup } from './json-backup/read.ts';
import { toBackup } from './json-backup/write.ts';
import { toMarkdown, toMarkdownZip } from './markdown/write.ts';
import { firstRecordAt, parseRis } from './ris/read.ts';
import { toRis } from './ris/write.ts';
import type { Carries, Format, WriteOptions } from './types.ts';
import { publishedOf } from '../paper/dates.ts';

const ALL: Carries = { abstract: true, note: true, tags: true, savedAt: true, sightings: true };
const NONE: Carries = { abstract: false, note: false, tags: false, savedAt: false, sightings: false };

export const formats = [
  {
    id: 'bibtex',
    label: 'BibTeX',
    extension: 'bib',
    // What arXiv and most reference managers serve .bib files as (not IANA-registered).
    mime: 'application/x-bibtex',
    carries: NONE,
    citeKeys: true,
    write: (papers: readonly Paper[]) => toBibtex(papers),
    // Entries separated by a blank line, the file ending with one newline.
    splice: { header: '', joiner: '\n', trailer: '' },
    // BibLaTeX files too: the grammar is the same.
    read: (text: string) => ({ format: 'bibtex' as const, ...parseBibtex(text) }),
    detect: firstEntryAt,
    readExtensions: ['bib', 'bibtex', 'biblatex'],
  },
  {
    id: 'biblatex',
    label: 'BibLaTeX (UTF-8)',
    extension: 'bib',
    mime: 'application/x-bibtex',
    carries: { ...NONE, note: true, tags: true },
    citeKeys: true,
    write: (papers: readonly Paper[]) => toBiblatex(papers),
    splice: { header: '', joiner: '\n', trailer: '' },
  },
  {
    id: 'ris',
    label: 'RIS (Zotero, EndNote)',
    extension: 'ris',
    // Not IANA-registered either; the type RIS downloads are commonly served as.
    mime: 'application/x-research-info-systems',
    carries: { ...NONE, abstract: true, note: true, tags: true },
    write: (papers: readonly Paper[]) => toRis(papers),
    // Records follow each other with nothing between them.
    splice: { header: '', joiner: '', trailer: '' },
    read: (text: string) => ({ format: 'ris' as const, ...parseRis(text) }),
    detect: firstRecordAt,
    readExtensions: ['ris'],
  },
  {
    id: 'csl-json',
    label: 'CSL-JSON',
    extension: 'csl.json',
    // IANA-registered by the Citation Style Language project.
    mime: 'application/vnd.citationstyles.csl+json',
    carries: { ...NONE, abstract: true, note: true, tags: true },
    citeKeys: true,
    write: (papers: readonly Paper[]) => toCslJson(papers),
    // `[\n  {…},\n  {…}\n]\n`: open once, close once, items joined by `,\n`.
    splice: { header: '[\n', joiner: ',\n', trailer: '\n]\n' },
    read: (text: string) => ({ format: 'csl-json' as const, ...parseCslJson(text) }),
    // Any JSON but a backup, so that a stray object is told it is not a CSL-JSON array.
    detect: (head: string) => (/^[[{]/.test(head) && !isBackupHead(head) ? 0 : undefined),
    readExtensions: ['json'],
  },
  {
    id: 'csv',
    label: 'CSV (Excel, Notion)',
    extension: 'csv',
    // RFC 4180 registers text/csv.
    mime: 'text/csv',
    carries: { ...NONE, note: true, tags: true, savedAt: true },
    write: (papers: readonly Paper[]) => toCsv(papers),
    // BOM and header row once.
    splice: { header: toCsv([]), joiner: '', trailer: '' },
  },
  {
    id: 'markdown',
    label: 'Markdown',
    extension: 'md',
    // RFC 7763 registers text/markdown.
    mime: 'text/markdown',
    carries: { ...NONE, note: true, tags: true },
    write: (papers: readonly Paper[]) => toMarkdown(papers),
    // `# Dogear papers\n\n<section>\n\n<section>\n`: the title once.
    splice: { header: '# Dogear papers\n\n', joiner: '\n', trailer: '' },
  },
  {
    id: 'markdown-zip',
    label: 'Markdown notes (Obsidian)',
    extension: 'zip',
    mime: 'application/zip',
    carries: { ...NONE, abstract: true, note: true, tags: true, savedAt: true },
    // Each note's file name is its cite key.
    citeKeys: true,
    // One zip, written in one step: its central directory needs every file.
    write: (papers: readonly Paper[]) => toMarkdownZip(papers),
  },
  {
    id: 'json',
    label: 'Backup (JSON)',
    extension: 'json',
    mime: 'application/json',
    carries: ALL,
    // The lossless backup of the given papers and of their sightings only.
    write: (papers: readonly Paper[], { sightings = [], now = Date.now() }: WriteOptions) => {
      const keys = new Set(papers.map((paper) => paper.key));
      const own: Sighting[] = sightings.filter((sighting) => keys.has(sighting.paperKey));
      return toBackup({ papers, sightings: own }, now);
    },
    read: readBackup,
    detect: (head: string) => (isBackupHead(head) ? 0 : undefined),
  },
] as const satisfies readonly Format[];

export type FormatId = (typeof formats)[number]['id'];

/** The registry entry of format `Id`, with its own writer's type. */
export type FormatOf<Id extends FormatId> = Extract<(typeof formats)[number], { id: Id }>;

export function formatById<Id extends FormatId>(id: Id): FormatOf<Id> {
  return formats.find((format): format is FormatOf<Id> => format.id === id)!;
}

/**
 * `dogear-<YYYY-MM-DD>.<extension>`, dated in the user's local time zone (the day they see on their calendar).
 *
 * @example
 *   exportFileName('bibtex', new Date(2026, 10, 30)); // 'dogear-2026-11-30.bib'
 */
export function exportFileName(id: FormatId, date: Date = new Date()): string {
  const day = publishedOf({ year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() });
  return `dogear-${day}.${formatById(id).extension}`;
}
