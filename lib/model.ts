/**
 * The data shapes shared by adapters, the store, messages and exporters. Types come from the zod schemas.
 * Every string that can come from a web page is length-capped: the background treats content scripts as untrusted
 * (reference/security-reliability-performance.md A4).
 */
import { isPaperKey } from './ids.ts';
import { z } from './zod.ts';

export const PaperKeySchema = z
  .string()
  .max(300)
  .refine((value): boolean => isPaperKey(value), { message: 'not a canonical paper key (arxiv:<id> without version, or doi:<lowercase doi>)' });

export const SiteIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/);

const text = (max: number) => z.string().max(max);

/** Where an entry sits on an arXiv /new page. */
export const SectionSchema = z.enum(['new', 'cross-list', 'replacement']);
export type Section = z.infer<typeof SectionSchema>;

/** What a listing tells about one paper: the part of an entry that may be stored. */
export const PaperCandidateSchema = z.strictObject({
  key: PaperKeySchema,
  /** arXiv id without version, when the paper has one. */
  arxivId: text(40).optional(),
  /** Version shown on the page, when it shows one. */
  version: z.int().min(1).max(1000).optional(),
  title: text(2000).min(1),
  authors: z.array(text(500)).max(5000),
  abstract: text(20000).optional(),
  /** arXiv primary category code, e.g. `cond-mat.mtrl-sci`. */
  primaryCategory: text(40).optional(),
  /** Every category code the page lists, primary first. */
  subjects: z.array(text(40)).max(60),
  comments: text(5000).optional(),
  /** Announcement or publication date as the page gives it, ISO `YYYY-MM-DD`. */
  published: z.iso.date().optional(),
});
export type PaperCandidate = z.infer<typeof PaperCandidateSchema>;

/** A place a paper was taken from. */
export const SourceSchema = z.strictObject({
  site: SiteIdSchema,
  url: z.url({ protocol: /^https?$/ }).max(2000),
});
export type Source = z.infer<typeof SourceSchema>;

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
  note: z.string().max(100_000).optional(),
  tags: z.array(z.string().min(1).max(100)).max(200).optional(),
  /** Epoch ms the user saved it; absent when not saved (so the `savedAt` index holds saved papers only). */
  savedAt: z.number().optional(),
  /** Where the user saved it from. */
  savedFrom: SourceSchema.optional(),
  /** Cite key persisted on first export (lib/db/library-repo.ts ensureCiteKeys), unique across the library, so it never drifts. */
  citeKey: z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/).optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Paper = z.infer<typeof PaperSchema>;

/** One time a paper was met on a listing (Dexie table `sightings`, string primary key for a later sync). */
export const SightingSchema = z.strictObject({
  id: z.string().min(1).max(100),
  paperKey: PaperKeySchema,
  site: SiteIdSchema,
  url: z.url({ protocol: /^https?$/ }).max(2000),
  at: z.number(),
  /** Present when the sighting came from an explicit "mark seen" action rather than dwelling on the row. */
  markId: z.string().max(100).optional(),
});
export type Sighting = z.infer<typeof SightingSchema>;
