/**
 * The digest page's own listing as a site adapter, so the content script's annotator marks it exactly as it marks a
 * site: `scan` finds the entries the page rendered (components/digest/DigestListing.tsx, one `[data-digest-entry]`
 * element per entry, carrying its index in the digest), `read` gives the entry's paper from the Digest itself — the
 * page never reads its own text back.
 */
import type { Digest } from '../../lib/digests/types.ts';
import { siteLabel } from '../../lib/sites/labels.ts';
import type { ListingEntry, ListingRow, SiteAdapter } from '../../lib/sites/types.ts';

export const ENTRY_ATTRIBUTE = 'data-digest-entry';
/** The element inside an entry that Dogear's controls are appended to. */
export const ANCHOR_ATTRIBUTE = 'data-digest-anchor';

/** The page kind the annotator writes into `data-dogear-page` (`arxiv-email digest`). */
export const DIGEST_PAGE_KIND = 'digest';

/** An adapter for one digest as rendered; its id is the digest's kind, so view modes are remembered per kind. */
export function digestAdapter(digest: Digest): SiteAdapter {
  const entryAt = (element: Element): Digest['entries'][number] | undefined => {
    const index = Number(element.getAttribute(ENTRY_ATTRIBUTE));
    return Number.isInteger(index) ? digest.entries[index] : undefined;
  };
  const scan = (doc: Document): ListingRow[] =>
    [...doc.querySelectorAll(`[${ENTRY_ATTRIBUTE}]`)].flatMap((element) => {
      const entry = entryAt(element);
      const anchor = element.querySelector(`[${ANCHOR_ATTRIBUTE}]`);
      if (!entry || !anchor) return [];
      const row: ListingRow = { key: entry.paper.key, roots: [element], anchor };
      if (entry.paper.version !== undefined) row.version = entry.paper.version;
      return [row];
    });
  const read = (row: ListingRow): ListingEntry | undefined => {
    const root = row.roots[0];
    const entry = root?.isConnected ? entryAt(root) : undefined;
    if (!entry || entry.paper.key !== row.key) return undefined;
    const read: ListingEntry = { paper: entry.paper, roots: row.roots, anchor: row.anchor };
    if (entry.section !== undefined) read.section = entry.section;
    return read;
  };
  return {
    id: digest.kind,
    label: siteLabel(digest.kind),
    matches: [],
    detect: () => DIGEST_PAGE_KIND,
    scan,
    read,
    parse: (doc) => scan(doc).flatMap((row) => read(row) ?? []),
    examples: [],
  };
}
