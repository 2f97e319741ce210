/**
 * The export formats the popup offers: what to call each one, how to name and type its file, and `exportPapers` to
 * run the synchronous ones. The writers live beside this file, one per format.
 *
 * The JSON backup is the exception: it is asynchronous (its checksum uses Web Crypto) and takes whole database tables,
 * not a list of papers, so callers run `toBackup` from json-backup.ts themselves and `exportPapers` refuses it.
 * `runExport` (run.ts) runs every format, the backup included, in chunks with progress: what the UI calls.
 */
import type { Paper } from '../model.ts';
import { toBibtex } from './bibtex.ts';
import { toBiblatex } from './biblatex.ts';
import { toCslJson } from './csl-json.ts';
import { toCsv } from './csv.ts';
import { toMarkdown, toMarkdownZip } from './markdown.ts';
import { toRis } from './ris.ts';

export interface Exporter {
  id: ExporterId;
  /** Menu label. */
  label: string;
  /** File extension, without the leading dot (`csl.json` for CSL-JSON, so it does not pass for a backup). */
  extension: string;
  /** MIME type for the download Blob. */
  mime: string;
}

export type ExporterId = 'bibtex' | 'biblatex' | 'ris' | 'csl-json' | 'csv' | 'markdown' | 'markdown-zip' | 'json';

/** The formats `exportPapers` writes: all but the backup. */
export type PaperExporterId = Exclude<ExporterId, 'json'>;

export const exporters = [
  // `application/x-bibtex` is what arXiv and most reference managers serve .bib files as (not IANA-registered).
  { id: 'bibtex', label: 'BibTeX', extension: 'bib', mime: 'application/x-bibtex' },
  { id: 'biblatex', label: 'BibLaTeX (UTF-8)', extension: 'bib', mime: 'application/x-bibtex' },
  // Not IANA-registered either; the type RIS downloads are commonly served as.
  { id: 'ris', label: 'RIS (Zotero, EndNote)', extension: 'ris', mime: 'application/x-research-info-systems' },
  // IANA-registered by the Citation Style Language project.
  { id: 'csl-json', label: 'CSL-JSON', extension: 'csl.json', mime: 'application/vnd.citationstyles.csl+json' },
  // RFC 4180 registers text/csv; RFC 7763 registers text/markdown.
  { id: 'csv', label: 'CSV (Excel, Notion)', extension: 'csv', mime: 'text/csv' },
  { id: 'markdown', label: 'Markdown', extension: 'md', mime: 'text/markdown' },
  { id: 'markdown-zip', label: 'Markdown notes (Obsidian)', extension: 'zip', mime: 'application/zip' },
  { id: 'json', label: 'Backup (JSON)', extension: 'json', mime: 'application/json' },
] as const satisfies readonly Exporter[];

export function exporterById(id: ExporterId): Exporter {
  return exporters.find((exporter) => exporter.id === id)!;
}

/**
 * The file contents of `papers` in format `id`, each writer with its default options: a string for text formats, bytes
 * for `markdown-zip`.
 *
 * @throws Error for `'json'`: the backup takes database tables and is asynchronous; use `toBackup` (json-backup.ts).
 */
export function exportPapers(id: PaperExporterId, papers: readonly Paper[]): string | Uint8Array {
  switch (id) {
    case 'bibtex':
      return toBibtex(papers);
    case 'biblatex':
      return toBiblatex(papers);
    case 'ris':
      return toRis(papers);
    case 'csl-json':
      return toCslJson(papers);
    case 'csv':
      return toCsv(papers);
    case 'markdown':
      return toMarkdown(papers);
    case 'markdown-zip':
      return toMarkdownZip(papers);
    default: {
      // Reached only by a caller that cast its way past the type.
      const unexpected: never = id;
      throw new Error(`exportPapers cannot write "${String(unexpected)}": the JSON backup is written by toBackup`);
    }
  }
}

/**
 * `dogear-<YYYY-MM-DD>.<extension>`, dated in the user's local time zone (the day they see on their calendar).
 *
 * @example exportFileName('bibtex', new Date(2026, 10, 30)) // 'dogear-2026-11-30.bib'
 */
export function exportFileName(id: ExporterId, date: Date = new Date()): string {
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()]
    .map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0'))
    .join('-');
  return `dogear-${day}.${exporterById(id).extension}`;
}
