/**
 * What the digest page (an extension page) reads out of a mail or a saved page: the papers it lists, in order, with
 * where they were met. Pure data: the page renders it as a listing of its own and marks it like a site's.
 */
import type { PaperCandidate, Section, Source } from '../paper/model.ts';

/** The digest kinds, each a source site the digest page may name (lib/sites/labels.ts DIGEST_SITES). */
export type DigestKind = 'arxiv-email' | 'scholar-alert' | 'digest-file';

/** One paper of a digest. */
export interface DigestEntry {
  paper: PaperCandidate;
  /** The section of an arXiv mail the entry is listed under. */
  section?: Section;
  /** Where the entry's title links to: the paper's page as the digest gives it (a Scholar alert's target). */
  link: string;
  /** The digest's own line under the title (Scholar's "authors - venue, year"), as text. */
  byline?: string;
  /** A snippet that is not the abstract (Scholar alerts). */
  snippet?: string;
}

/** An entry of the digest that could not be read, and why. */
export interface DigestSkip {
  /** Position among the digest's entries (0-based). */
  index: number;
  /** The id the entry showed, when it showed one. */
  id?: string;
  reason: string;
}

export interface Digest {
  kind: DigestKind;
  /** A heading for the page: "arXiv cs, received 22 Jan 2026 → 23 Jan 2026", "Google Scholar alert: …". */
  title: string;
  /** What the digest page sends as `from` with its saves and sightings (https only). */
  source: Source;
  entries: DigestEntry[];
  skipped: DigestSkip[];
}

/** A file or pasted text, as the digest page hands it over. */
export interface DigestInput {
  /** File name, or `pasted text`. */
  name: string;
  text: string;
  /**
   * Parses HTML into an inert document (the page's DOMParser): the pure core parses no HTML itself, so nothing here can
   * turn page text into live markup.
   */
  parseHtml: (html: string) => Document;
}

/** Why a whole input was refused: a message the page shows as is. */
export interface DigestError {
  error: string;
}
