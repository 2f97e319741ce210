/**
 * Shapes shared by the import parsers (`bibtex.ts`, `ris.ts`, `csl-json.ts`, `backup.ts`), the planner (`plan.ts`)
 * and the writer (`lib/db/import-repo.ts`).
 *
 * Two kinds of failure, kept apart on purpose:
 * - a file that cannot be read as a whole (broken JSON, an unterminated BibTeX value, a RIS record without `ER`, a
 *   backup whose checksum does not match) throws an `ImportFileError` naming the line or entry, and nothing is
 *   imported;
 * - an entry that reads fine but cannot become a paper (no arXiv id or DOI, no title, a field over its length cap) is
 *   a `Rejection`: the preview lists it with its reason and the rest of the file imports.
 */
import type { PaperCandidate } from '../model.ts';

export type ImportFormat = 'bibtex' | 'ris' | 'csl-json' | 'backup';

/** One entry of a BibTeX, RIS or CSL-JSON file, as a paper Dogear can store. */
export interface ImportedPaper {
  /** Validated against PaperCandidateSchema: the key is canonical (arXiv id or DOI, see lib/ids.ts). */
  paper: PaperCandidate;
  /** The user's note from the file (BibTeX `annote`/`comment`/`note`, RIS `N1`, CSL `note`); never blank. */
  note?: string;
  /** Tags from the file (BibTeX `keywords`, RIS `KW`, CSL `custom.tags`/`keyword`), trimmed and deduplicated. */
  tags?: string[];
  /** The entry's own id in the file: BibTeX cite key, RIS `ID`, CSL `id`. */
  citeKey?: string;
  /** Position of the entry in the file, from 0 (entries only: `@string`, `@comment` and `@preamble` do not count). */
  index: number;
  /** 1-based line the entry starts on (BibTeX and RIS; JSON formats have none). */
  line?: number;
}

/** An entry that is not imported, and why. */
export interface Rejection {
  /** Position of the entry in the file, from 0. */
  index: number;
  /** 1-based line the entry starts on, when the format has lines. */
  line?: number;
  /** The entry's own id (cite key, RIS `ID`, CSL `id`) or its paper key, when it has one. */
  id?: string;
  /** A sentence for the preview, e.g. `no arXiv id or DOI: …`. */
  reason: string;
}

/** What a text-format parser returns: every entry is in exactly one of the two lists. */
export interface ParseResult {
  items: ImportedPaper[];
  rejected: Rejection[];
}

/**
 * The file cannot be read as a whole; nothing from it may be imported. The message names the place (`line 12: …`,
 * `entry 3 …`) and is meant for the user as is.
 */
export class ImportFileError extends Error {
  override name = 'ImportFileError';

  /** 1-based line of the problem, when the format has lines. */
  readonly line: number | undefined;

  constructor(message: string, line?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.line = line;
  }
}
