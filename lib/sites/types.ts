/**
 * The site-adapter contract. One folder per site under lib/sites/, listed in registry.ts.
 * An adapter is metadata plus pure functions of `(doc, url)`: no global `document`, no network (STYLE.md §2).
 */
import { PaperCandidateSchema, SectionSchema } from '../model.ts';
import { z } from '../zod.ts';

/** Checks for a DOM element without naming browser globals, so the schema loads in node too. */
const isElement = (value: unknown): value is Element =>
  typeof value === 'object' && value !== null && (value as { nodeType?: unknown }).nodeType === 1;

/** One paper entry of a listing, as parsed in place. */
export const ListingEntrySchema = z.strictObject({
  paper: PaperCandidateSchema,
  /** arXiv /new section the entry is listed under. */
  section: SectionSchema.optional(),
  /** Upvotes shown on Hugging Face. */
  upvotes: z.int().min(0).optional(),
  /** The page's own element(s) for this entry: the HF `article`; the arXiv `dt` and its `dd`; the search `li`. */
  roots: z.array(z.custom<Element>(isElement)).min(1),
  /** Element the Dogear controls are appended to (inside one of the roots). */
  anchor: z.custom<Element>(isElement),
});
export type ListingEntry = z.infer<typeof ListingEntrySchema>;

/** A fixture-backed example URL: the meta-test checks detectors against every adapter's examples. */
export interface SiteExample {
  url: string;
  /** Page kind the detector must return for `url`. */
  kind: string;
  /** File under tests/fixtures/ captured from this URL, when one exists. */
  fixture?: string;
}

export interface SiteAdapter {
  /** Kebab-case, equal to the folder name. */
  id: string;
  label: string;
  /** WXT match patterns, used at build time for the content script's `matches`. */
  matches: string[];
  /** The listing kind from the URL alone (`daily`, `new`, `search`…), or undefined when this is not a listing. */
  detect(url: URL): string | undefined;
  /** Every entry of the listing, in page order. Never throws on a page that lacks the expected markup. */
  parse(doc: Document, url: URL): ListingEntry[];
  examples: SiteExample[];
}
