/**
 * The export formats the popup offers: what to call each one and how to name and type its file. The writers live
 * beside this file (`bibtex.ts`, `json-backup.ts`); this registry holds no code that runs them.
 */

export interface Exporter {
  id: ExporterId;
  /** Menu label. */
  label: string;
  /** File extension, without the dot. */
  extension: string;
  /** MIME type for the download Blob. */
  mime: string;
}

export type ExporterId = 'bibtex' | 'json';

export const exporters = [
  // `application/x-bibtex` is what arXiv and most reference managers serve .bib files as (not IANA-registered).
  { id: 'bibtex', label: 'BibTeX', extension: 'bib', mime: 'application/x-bibtex' },
  { id: 'json', label: 'Backup (JSON)', extension: 'json', mime: 'application/json' },
] as const satisfies readonly Exporter[];

export function exporterById(id: ExporterId): Exporter {
  return exporters.find((exporter) => exporter.id === id)!;
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
