/**
 * Which format a file is, and its entries. The import panel's flow:
 *
 * ```ts
 * const parsed = await parseImport(file.name, await file.text()); // throws ImportFileError: show message, stop
 * const plan = await previewImport(db, parsed);                  // lib/db/import-repo.ts
 * show(plan.summary, plan.toMerge, plan.rejected);                // "312 new, 40 merged, 2 rejected"
 * await applyImport(db, plan, ({ written, total }) => …);         // one transaction
 * // applyImport throws StaleImportError (preview again) or ImportWriteError (quota…); either way nothing was written.
 * ```
 */
import { formatById, formats, type FormatId } from './registry.ts';
import { ImportFileError, type ParsedImport } from './types.ts';

/** The first 64 KB, without a byte order mark or leading whitespace: enough to recognise a format. */
function head(text: string): string {
  return text
    .slice(0, 65_536)
    .replace(/^\uFEFF/, '')
    .trimStart();
}

/**
 * The format a file is read as: by content first (a file named `.txt` may be anything), then by extension. Each
 * readable format's `detect` says where its signature starts in the file's head; the earliest wins, so a BibTeX
 * abstract holding a line like `TY - …` stays BibTeX and a RIS note holding `@misc{` stays RIS. Undefined when no
 * format fits.
 */
export function detectFormat(fileName: string, text: string): FormatId | undefined {
  const start = head(text);
  let found: { id: FormatId; at: number } | undefined;
  for (const format of formats) {
    const at = 'detect' in format ? format.detect(start) : undefined;
    if (at !== undefined && (found === undefined || at < found.at)) found = { id: format.id, at };
  }
  if (found !== undefined) return found.id;
  const extension = /\.([A-Za-z]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  if (extension === undefined) return undefined;
  return formats.find(
    (format) => 'readExtensions' in format && (format.readExtensions as readonly string[]).includes(extension),
  )?.id;
}

/**
 * Reads an import file. Entries that cannot become papers are listed in `rejected` with their reason; the call throws
 * (an ImportFileError whose message names the line or entry) only when the file cannot be read as a whole: unknown
 * format, broken JSON, a BibTeX syntax error, a RIS record without `ER`, CSL-JSON that is not an array, a backup that
 * fails its checks. Then nothing may be imported.
 */
export async function parseImport(fileName: string, text: string): Promise<ParsedImport> {
  if (head(text) === '') throw new ImportFileError(`${fileName || 'The file'} is empty`);
  const id = detectFormat(fileName, text);
  const format = id === undefined ? undefined : formatById(id);
  if (format === undefined || !('read' in format)) {
    throw new ImportFileError(
      `${fileName || 'The file'} is not a format Dogear imports: ` +
        'expected BibTeX (.bib), RIS (.ris), CSL-JSON or a Dogear backup (.json)',
    );
  }
  return format.read(text);
}
