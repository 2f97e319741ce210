/**
 * The site-adapter contract. One folder per site under lib/sites/, listed in registry.ts. An adapter is metadata plus
 * pure functions of `(doc, url)`: no global `document`, no network, so it runs in node tests on captured pages as it
 * runs in the content script.
 *
 * Reading a listing comes in two steps, so a 2,000-row page can be marked without reading 2,000 abstracts:
 *
 * - `scan`: every row's key, shown version and elements. Cheap: one `querySelectorAll` for the rows and a few element
 *   lookups per row; no text of titles, authors or abstracts, no schema validation.
 * - `read`: the full, validated entry of one scanned row, when the user saves or notes it or the row is seen. `parse` is
 *   `scan` then `read` of every row.
 */
import { PaperCandidateSchema, SectionSchema } from '../paper/model.ts';
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

/**
 * An entry found by the cheap scan: enough to mark it on the page, not yet read. Each adapter's `scan` finds exactly
 * the rows its `parse` looks at, minus those without a valid id or their own elements (which `parse` reports and skips
 * too). A scanned row can still fail `read` when its text fields do not validate (an empty title, say): it can be
 * marked, but it has no entry.
 */
export interface ListingRow {
  /** Canonical key, e.g. `arxiv:2401.12345`. */
  key: string;
  /** Version the row shows, when it shows one. */
  version?: number;
  /** As `ListingEntry.roots`; `roots[0]` is the element the row was found by (card, `dt`, result `li`). */
  roots: Element[];
  /** As `ListingEntry.anchor`. */
  anchor: Element;
}

export interface SiteAdapter {
  /** Kebab-case, equal to the folder name. */
  id: string;
  label: string;
  /** WXT match patterns, used at build time for the content script's `matches`. */
  matches: string[];
  /** The listing kind from the URL alone (`daily`, `new`, `search`…), or undefined when this is not a listing. */
  detect(url: URL): string | undefined;
  /**
   * Every row of the listing, in page order, without reading it: a few element lookups a row, so a 2,000-row page is
   * marked long before a `parse` of it would finish (`npm run bench` measures it). Rows without a valid id (or, on
   * arXiv, without their `dd`) are reported (console) and left out, as `parse` leaves them out. Never throws on a page
   * that lacks the expected markup.
   */
  scan(doc: Document, url: URL): ListingRow[];
  /**
   * The full entry of one scanned row, exactly what `parse` gives for it; undefined (and reported) when it does not
   * validate, or when `row.roots[0]` has left the page or no longer shows `row.key` (scan again). Costs one row's text
   * plus the page-wide context, which is cached or cheap (see each adapter). Never throws.
   */
  read(row: ListingRow, doc: Document, url: URL): ListingEntry | undefined;
  /** Every entry of the listing, in page order: `scan`, then `read` of every row. Never throws. */
  parse(doc: Document, url: URL): ListingEntry[];
  examples: SiteExample[];
}
