/**
 * Shapes shared by the formats: what a registry entry is (registry.ts), what a reader returns, and the two ways reading
 * fails. The import planner (lib/transfer/plan.ts) and its writer (lib/db/import-repo.ts) take the readers' results as
 * they are.
 *
 * Two kinds of failure, kept apart on purpose:
 *
 * - a file that cannot be read as a whole (broken JSON, an unterminated BibTeX value, a RIS record without `ER`, a backup
 *   whose checksum does not match) throws an `ImportFileError` naming the line or entry, and nothing is imported;
 * - an entry that reads fine but cannot become a paper (no arXiv id or DOI, no title, a field over its length cap) is a
 *   `Rejection`: the preview lists it with its reason and the rest of the file imports.
 */
import type { Paper, PaperCandidate, Sighting } from '../paper/model.ts';

/** One format Dogear writes, and reads when it has `read`: one entry of registry.ts. */
export interface Format<Id extends string = string> {
  id: Id;
  /** Menu label. */
  label: string;
  /** File extension, without the leading dot (`csl.json` for CSL-JSON, so it does not pass for a backup). */
  extension: string;
  /** MIME type for the download Blob. */
  mime: string;
  /** What a file in this format keeps of each paper beyond its title, authors, identifiers and year. */
  carries: Carries;
  /**
   * True when the file names each paper by its cite key (lib/paper/cite-keys.ts): a runner that writes the file in
   * slices fixes the keys for the whole list first, and the export gives new keys to papers that have none.
   */
  citeKeys?: boolean;
  /**
   * The whole file for `papers`, in their order: text, or bytes for a zip. Asynchronous only for the backup, whose
   * checksum uses Web Crypto.
   */
  write(papers: readonly Paper[], options: WriteOptions): string | Uint8Array | Promise<string>;
  /**
   * For text files that are a header plus one piece per paper: how the outputs of consecutive slices of a list join
   * into the output of the whole list, so run.ts can write long lists in slices. Without it the file is one step.
   */
  splice?: Splice;
  /**
   * Reads a whole file of this format. Throws an ImportFileError when the file cannot be read as a whole; entries that
   * cannot become papers are listed as rejections.
   */
  read?(text: string): ParsedImport | Promise<ParsedImport>;
  /**
   * Where this format's signature starts in the head of a file (its first 64 KB, without a byte order mark or leading
   * blanks), or undefined when it is not there. The earliest signature wins (read.ts detectFormat).
   */
  detect?(head: string): number | undefined;
  /** File extensions read as this format when the content has no signature (an empty `.bib`). */
  readExtensions?: readonly string[];
}

export interface Carries {
  abstract: boolean;
  /** The user's note. */
  note: boolean;
  tags: boolean;
  /** When the paper was saved (and first seen). */
  savedAt: boolean;
  /** Where and when each paper was met (Dogear's own history). */
  sightings: boolean;
}

export interface WriteOptions {
  /** For the backup: the sightings to write; only those of the given papers are kept. */
  sightings?: readonly Sighting[];
  /** For the backup: epoch ms written as `exportedAt`. */
  now?: number;
}

/** How to join the outputs of consecutive slices of a paper list into the output of the whole list. */
export interface Splice {
  /** The first slice's output is kept whole; later slices drop `header` from their start. */
  header: string;
  /** Put between the output so far and a later slice's remainder. */
  joiner: string;
  /** Cut from the end of every slice but the last. */
  trailer: string;
}

/** The format a file was read as: BibLaTeX files are read as BibTeX, which has the same grammar. */
export type ImportFormat = 'bibtex' | 'ris' | 'csl-json' | 'backup';

/** A whole file, read: every entry is a paper (`items`) or a rejection. */
export type ParsedImport =
  | {
      format: 'backup';
      items: Paper[];
      rejected: Rejection[];
      /** The backup's sightings (none in schema 1). */ sightings: Sighting[];
    }
  | { format: Exclude<ImportFormat, 'backup'>; items: ImportedPaper[]; rejected: Rejection[] };

/** One entry of a BibTeX, RIS or CSL-JSON file, as a paper Dogear can store. */
export interface ImportedPaper {
  /** Validated against PaperCandidateSchema: the key is canonical (arXiv id or DOI, see lib/paper/ids.ts). */
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
  /**
   * What the reader had to guess to import the entry, one sentence each for the preview (e.g. BibTeX authors separated
   * by commas instead of `and`); absent when nothing was guessed.
   */
  warnings?: string[];
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
