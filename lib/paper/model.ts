/**
 * The data shapes shared by adapters, the store, messages and exporters. Types come from the zod schemas. Every string
 * that can come from a web page is length-capped: the background treats content scripts as untrusted.
 */
import { isPaperKey } from './ids.ts';
import { z } from '../zod.ts';

export const PaperKeySchema = z
  .string()
  .max(300)
  .refine((value): boolean => isPaperKey(value), {
    message:
      'not a canonical paper key (arxiv:<id> without version, doi:<lowercase doi>, openreview:, acl:, pmid:, s2:, dblp: or url:)',
  });

export const SiteIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/);

const text = (max: number) => z.string().max(max);

/**
 * The caps of a PaperCandidate, one home for each: the schema below is built from them, and clipCandidate shortens page
 * text to fit them. String caps count UTF-16 code units, as zod's `max` does.
 */
export const CANDIDATE_LIMITS = {
  arxivId: 40,
  title: 2000,
  /** One author's name. */
  author: 500,
  /** How many authors. */
  authors: 5000,
  abstract: 20_000,
  primaryCategory: 40,
  /** One category code. */
  subject: 40,
  /** How many category codes. */
  subjects: 60,
  comments: 5000,
} as const;

/**
 * Every cap of a stored paper in one set: the candidate's, and the user's own note and tags, which the message boundary
 * (lib/messages.ts) and the editors check with these same numbers before anything is sent.
 */
export const PAPER_LIMITS = {
  ...CANDIDATE_LIMITS,
  /** The note, in UTF-16 code units. */
  note: 100_000,
  /** One tag. */
  tag: 100,
  /** How many tags. */
  tags: 200,
} as const;

/** Where an adapter step has cut page text to fit: the end of a shortened string, visible wherever it is shown. */
export const SHORTENED_MARKER = ' … [shortened by Dogear]';

/** Where an entry sits on an arXiv /new page. */
export const SectionSchema = z.enum(['new', 'cross-list', 'replacement']);
export type Section = z.infer<typeof SectionSchema>;

const L = CANDIDATE_LIMITS;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date, years 1000–9999 (four digits, as every format writes them). */
export const PublishedSchema = z
  .string()
  .regex(/^[1-9]\d{3}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/)
  .refine((value) => value.length < 10 || z.iso.date().safeParse(value).success, { message: 'not a calendar date' });

/** A bare DOI as keys store it (lowercase, `10.<registrant>/<suffix>`). */
export const DoiSchema = z
  .string()
  .max(300)
  .regex(/^10\.\d{4,9}\/\S+$/)
  .refine((value) => value === value.toLowerCase(), { message: 'DOIs are stored lowercase' });

/** What a listing tells about one paper: the part of an entry that may be stored. */
export const PaperCandidateSchema = z.strictObject({
  key: PaperKeySchema,
  /** arXiv id without version, when the paper has one. */
  arxivId: text(L.arxivId).optional(),
  /** Version shown on the page, when it shows one. */
  version: z.int().min(1).max(1000).optional(),
  title: text(L.title).min(1),
  authors: z.array(text(L.author)).max(L.authors),
  abstract: text(L.abstract).optional(),
  /** arXiv primary category code, e.g. `cond-mat.mtrl-sci`. */
  primaryCategory: text(L.primaryCategory).optional(),
  /** Every category code the page lists, primary first. */
  subjects: z.array(text(L.subject)).max(L.subjects),
  comments: text(L.comments).optional(),
  /**
   * The v1 date (announcement or publication) with the precision it is known to: ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
   * (pages give a day; imported files often only a year or a month).
   */
  published: PublishedSchema.optional(),
  /**
   * The journal DOI of a paper keyed otherwise (an arXiv paper published in a journal), as a bare lowercase `10.…` DOI.
   * A paper keyed by its DOI does not repeat it here.
   */
  doi: DoiSchema.optional(),
});
export type PaperCandidate = z.infer<typeof PaperCandidateSchema>;

/**
 * `text` cut to at most `max` code units, ending in SHORTENED_MARKER; unchanged when it fits. Never splits a surrogate
 * pair (a lone half would be a character the page never had).
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - SHORTENED_MARKER.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${SHORTENED_MARKER}`.slice(0, max);
}

/** The last author entry of a list cut to fit: says how many names were left out. */
export function moreAuthors(count: number): string {
  return `… and ${count} more [shortened by Dogear]`;
}

const CLIPPED_TEXT = ['arxivId', 'title', 'abstract', 'primaryCategory', 'comments'] as const;

/**
 * The candidate with every over-long field shortened to fit PaperCandidateSchema, so a page with a 100,000-character
 * title still gives a paper to save (shortened, with SHORTENED_MARKER) instead of failing validation. Strings are cut
 * with clipText; an author list over the cap keeps its first names and ends with a moreAuthors entry; subjects keep the
 * first codes (primary first) without a marker, since they are codes a filter lists, not prose. Fields that are not
 * strings or arrays are left for the schema to report. Pure: a new object, the input is not changed.
 */
export function clipCandidate<T extends Partial<Record<keyof PaperCandidate, unknown>>>(paper: T): T {
  const clipped: Record<string, unknown> = { ...paper };
  for (const field of CLIPPED_TEXT) {
    const value = clipped[field];
    if (typeof value === 'string') clipped[field] = clipText(value, L[field]);
  }
  const { authors, subjects } = clipped;
  if (Array.isArray(authors)) {
    const names = authors.map((name: unknown) => (typeof name === 'string' ? clipText(name, L.author) : name));
    clipped.authors =
      names.length <= L.authors ? names : [...names.slice(0, L.authors - 1), moreAuthors(names.length - L.authors + 1)];
  }
  if (Array.isArray(subjects)) {
    clipped.subjects = subjects
      .slice(0, L.subjects)
      .map((code: unknown) => (typeof code === 'string' ? clipText(code, L.subject) : code));
  }
  return clipped as T;
}

/** The longest page address stored with a paper (savedFrom, sightings). */
export const SOURCE_URL_MAX = 2000;

const SourceUrlSchema = z.url({ protocol: /^https?$/ }).max(SOURCE_URL_MAX);

/** A place a paper was taken from. */
export const SourceSchema = z.strictObject({
  site: SiteIdSchema,
  url: SourceUrlSchema,
});
export type Source = z.infer<typeof SourceSchema>;

/**
 * A page address as stored in a Source: the whole URL when it fits SOURCE_URL_MAX, else its origin and path only (a
 * listing's query string can run long; the path still names the listing), cut to fit.
 */
export function sourceUrl(url: URL): string {
  return url.href.length <= SOURCE_URL_MAX ? url.href : `${url.origin}${url.pathname}`.slice(0, SOURCE_URL_MAX);
}

/**
 * A cite key every consumer takes as is: BibTeX and Biber keys, pandoc's `@key`, a file name on every system. Imported
 * keys outside it are replaced by generated ones (lib/paper/cite-keys.ts isCiteKey).
 */
export const CITE_KEY_PATTERN = /^[A-Za-z0-9_:.-]{1,100}$/;
export const CiteKeySchema = z.string().regex(CITE_KEY_PATTERN);

/** One stored paper (Dexie table `papers`, primary key `key`). */
export const PaperSchema = PaperCandidateSchema.omit({ version: true }).extend({
  /** Highest version any page has shown. */
  latestVersion: z.int().min(1).optional(),
  /** Highest version the user has seen or saved: a listing showing a higher one marks the row `updated`. */
  seenVersion: z.int().min(1).optional(),
  /** Epoch ms the paper was first seen anywhere; kept forever once set (only "undo mark" removes it). */
  firstSeenAt: z.number().optional(),
  /** The explicit "mark seen" action that set firstSeenAt, so undoing that action can unset it. */
  firstSeenMark: z.string().max(100).optional(),
  lastSeenAt: z.number().optional(),
  /** Epoch ms the user last followed the paper's link from a listing. */
  openedAt: z.number().optional(),
  /** The user's Markdown note; never sent to content scripts. */
  note: z.string().max(PAPER_LIMITS.note).optional(),
  tags: z.array(z.string().min(1).max(PAPER_LIMITS.tag)).max(PAPER_LIMITS.tags).optional(),
  /** Epoch ms the user saved it; absent when not saved (so the `savedAt` index holds saved papers only). */
  savedAt: z.number().optional(),
  /** Where the user saved it from. */
  savedFrom: SourceSchema.optional(),
  /**
   * Cite key persisted on first export (lib/db/library-repo.ts ensureCiteKeys), unique across the library, so it never
   * drifts.
   */
  citeKey: CiteKeySchema.optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Paper = z.infer<typeof PaperSchema>;

/** One time a paper was met on a listing (Dexie table `sightings`, string primary key for a later sync). */
export const SightingSchema = z.strictObject({
  id: z.string().min(1).max(100),
  paperKey: PaperKeySchema,
  site: SiteIdSchema,
  url: SourceUrlSchema,
  at: z.number(),
  /** Present when the sighting came from an explicit "mark seen" action rather than dwelling on the row. */
  markId: z.string().max(100).optional(),
});
export type Sighting = z.infer<typeof SightingSchema>;
