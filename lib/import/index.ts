/**
 * Import entry point: which format a file is, and its entries.
 *
 * ```ts
 * const parsed = await parseImport(file.name, await file.text()); // throws ImportFileError: show message, stop
 * const plan = await previewImport(db, parsed);                  // lib/db/import-repo.ts
 * show(plan.summary, plan.toMerge, plan.rejected);                // "312 new, 40 merged, 2 rejected"
 * await applyImport(db, plan, ({ written, total }) => …);         // one transaction
 * // applyImport throws StaleImportError (preview again) or ImportWriteError (quota…); either way nothing was written.
 * ```
 */
import type { Paper, Sighting } from '../model.ts';
import { parseBackupImport } from './backup.ts';
import { parseBibtex } from './bibtex.ts';
import { parseCslJson } from './csl-json.ts';
import { parseRis } from './ris.ts';
import { ImportFileError, type ImportFormat, type ImportedPaper, type Rejection } from './types.ts';

export { ImportFileError, type ImportFormat, type ImportedPaper, type Rejection } from './types.ts';
export { planImport, planSightings, type ImportPlan, type PlannedMerge, type SightingsPlan } from './plan.ts';

export type ParsedImport =
  | { format: 'backup'; items: Paper[]; rejected: Rejection[]; /** The backup's sightings (none in schema 1). */ sightings: Sighting[] }
  | { format: Exclude<ImportFormat, 'backup'>; items: ImportedPaper[]; rejected: Rejection[] };

const BY_EXTENSION: Record<string, ImportFormat> = {
  bib: 'bibtex',
  bibtex: 'bibtex',
  biblatex: 'bibtex',
  ris: 'ris',
};

/** The first 64 KB, without a byte order mark or leading whitespace: enough to recognise a format. */
function head(text: string): string {
  return text.slice(0, 65_536).replace(/^\uFEFF/, '').trimStart();
}

/**
 * The file's format: by content first (a file named `.txt` may be anything), then by extension. JSON is a Dogear
 * backup when it is an object with `"format": "dogear-backup"`, CSL-JSON otherwise; text is RIS when it has a
 * `TY  - ` line, BibTeX when it has an `@type{` entry. Undefined when none fits.
 */
export function detectFormat(fileName: string, text: string): ImportFormat | undefined {
  const start = head(text);
  if (start.startsWith('{') || start.startsWith('[')) {
    return start.startsWith('{') && /"format"\s*:\s*"dogear-backup"/.test(start) ? 'backup' : 'csl-json';
  }
  // Whichever comes first: a BibTeX abstract may hold a line like `TY  - …`, and a RIS note an `@misc{`.
  const ris = /^TY {1,2}-/m.exec(start)?.index ?? Infinity;
  const bibtex = /^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]/m.exec(start)?.index ?? Infinity;
  if (ris < bibtex) return 'ris';
  if (bibtex < ris) return 'bibtex';
  const extension = /\.([A-Za-z]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  if (extension === 'json') return /"format"\s*:\s*"dogear-backup"/.test(start) ? 'backup' : 'csl-json';
  return extension === undefined ? undefined : BY_EXTENSION[extension];
}

/**
 * Reads an import file. Entries that cannot become papers are listed in `rejected` with their reason; the call
 * throws (an ImportFileError whose message names the line or entry) only when the file cannot be read as a whole:
 * unknown format, broken JSON, a BibTeX syntax error, a RIS record without `ER`, CSL-JSON that is not an array, a
 * backup that fails its checks. Then nothing may be imported.
 */
export async function parseImport(fileName: string, text: string): Promise<ParsedImport> {
  if (head(text) === '') throw new ImportFileError(`${fileName || 'The file'} is empty`);
  const format = detectFormat(fileName, text);
  switch (format) {
    case 'backup':
      return { format, ...(await parseBackupImport(text)), rejected: [] };
    case 'csl-json':
      return { format, ...parseCslJson(text) };
    case 'ris':
      return { format, ...parseRis(text) };
    case 'bibtex':
      return { format, ...parseBibtex(text) };
    default:
      throw new ImportFileError(
        `${fileName || 'The file'} is not a format Dogear imports: ` +
          'expected BibTeX (.bib), RIS (.ris), CSL-JSON or a Dogear backup (.json)',
      );
  }
}
