/**
 * Whole reference files in and out, with no database and no browser API: what a script or a test needs from Dogear's
 * formats.
 *
 * ```ts
 * const { papers, rejections, format } = await parseReferences(text, 'library.bib');
 * // format: 'bibtex'; rejections: [{ entry: 3, line: 41, reason: 'no arXiv id or DOI: …' }]
 * const ris = formatReferences('ris', storedPapers); // the RIS file, as a string
 * ```
 *
 * Both take every format of registry.ts. Reading is asynchronous because a Dogear backup's checksum is checked with Web
 * Crypto; for the same reason `formatReferences('json', …)` returns a promise, and every other format its file at once.
 * The import panel reads with read.ts `parseImport`, which keeps each entry's details for the merge preview.
 */
import type { Paper, PaperCandidate } from '../paper/model.ts';
import { detectFormat, parseImport } from './read.ts';
import { formatById, type FormatId, type FormatOf } from './registry.ts';
import type { WriteOptions } from './types.ts';

/** A paper read from a reference file, with what the file said about it beyond the paper itself. */
export type ReferencePaper = PaperCandidate & Pick<Paper, 'note' | 'tags' | 'citeKey'>;

export interface ParsedReferences {
  /** Entries that became papers, in file order: whole records for a Dogear backup, else what each entry holds. */
  papers: Array<ReferencePaper | Paper>;
  /** Entries that did not, each with where it is and why. */
  rejections: Array<{
    /** 1-based position among the file's entries. */ entry: number;
    /** 1-based line, for text formats. */ line?: number;
    reason: string;
  }>;
  format: FormatId;
}

/**
 * Reads a whole file of any format Dogear reads, recognised by its content, else by `fileName`'s extension.
 *
 * @throws ImportFileError (lib/formats/types.ts) when the file cannot be read as a whole: an unknown format, broken
 *   JSON, a BibTeX syntax error, a backup that fails its checksum. Its message names the line.
 */
export async function parseReferences(text: string, fileName = ''): Promise<ParsedReferences> {
  const parsed = await parseImport(fileName, text);
  // parseImport has already recognised the file, so a format is found.
  const format = detectFormat(fileName, text)!;
  const rejections = parsed.rejected.map(({ index, line, reason }) =>
    line === undefined ? { entry: index + 1, reason } : { entry: index + 1, line, reason },
  );
  if (parsed.format === 'backup') return { papers: parsed.items, rejections, format };
  const papers = parsed.items.map(({ paper, note, tags, citeKey }): ReferencePaper => ({
    ...paper,
    ...(note === undefined ? {} : { note }),
    ...(tags === undefined ? {} : { tags }),
    ...(citeKey === undefined ? {} : { citeKey }),
  }));
  return { papers, rejections, format };
}

/**
 * The file of `papers` in format `id`, in their order: a string for text formats, bytes for the Obsidian zip, a promise
 * of the text for the backup (`options` gives its sightings and date).
 */
export function formatReferences<Id extends FormatId>(
  id: Id,
  papers: readonly Paper[],
  options: WriteOptions = {},
): ReturnType<FormatOf<Id>['write']> {
  return formatById(id).write(papers, options) as ReturnType<FormatOf<Id>['write']>;
}
