/**
 * Generic mode as a site adapter: any page, read by its links to paper ids and the runs of same-shaped blocks they and
 * their title links form (blocks.ts) rather than by a site's markup. The content script runs it only on a tab the user
 * turned it on for (entrypoints/generic.content), and the digest page runs it on saved pages and HTML mails. It detects
 * every URL (the user asked), matches none (it is never in the manifest's content scripts), and has no fixtures of its
 * own: its tests run it on every site adapter's captured pages and on captured single-paper pages.
 *
 * `scan` finds the blocks and, from the link texts, where each title is (for the anchor); `read` reads one entry's
 * title and authors.
 */
import { arxivIdOfKey, keyValue, type PaperKey } from '../paper/ids.ts';
import { type IssueReporter, type RawRow, compact, listingRow, validEntry, warnIssue } from '../sites/parse-helpers.ts';
import { OTHER_SOURCE_LABELS } from '../sites/labels.ts';
import type { ListingEntry, ListingRow, SiteAdapter } from '../sites/types.ts';
import { findBlocks, paperLinksIn } from './blocks.ts';
import { anchorFor, findAuthors, findTitle, titleAt } from './entry.ts';

/** The one kind of page generic mode knows. */
export const GENERIC_KIND = 'generic';

/** Every entry block of the page as a row, in page order, its anchor after its title. */
export function scanGeneric(doc: Document, url: URL): ListingRow[] {
  return findBlocks(doc, url).map((block) =>
    listingRow(block.key, block.version, block.roots, anchorFor(block.roots, findTitle(block.roots, block.links))),
  );
}

function readRow(row: ListingRow, links: readonly Element[]): RawRow {
  const place = findTitle(row.roots, links);
  const arxivId = arxivIdOfKey(row.key);
  // A block whose only text is its links' labels still names its paper: its id stands in for the title.
  const title = place ? titleAt(place) : arxivId !== undefined ? `arXiv:${arxivId}` : keyValue(row.key);
  return {
    id: row.key,
    entry: {
      paper: compact({
        key: row.key,
        arxivId,
        version: row.version,
        title,
        authors: findAuthors(row.roots, place?.element),
        subjects: [],
      }),
      roots: row.roots,
      anchor: row.anchor,
    },
  };
}

/**
 * The full entry of one scanned row, or undefined (reported) when its block has left the page or no longer holds that
 * paper's links.
 */
export function readGeneric(
  row: ListingRow,
  doc: Document,
  url: URL,
  onInvalid: IssueReporter = warnIssue,
): ListingEntry | undefined {
  const root = row.roots[0];
  if (!root || root.ownerDocument !== doc || !root.isConnected) {
    onInvalid({ id: row.key, reason: 'row is no longer on the page: scan again' });
    return undefined;
  }
  const links = paperLinksIn(root, row.key as PaperKey, doc, url);
  if (!links) {
    onInvalid({ id: row.key, reason: 'row is no longer a listing entry: scan again' });
    return undefined;
  }
  return validEntry(readRow(row, links), undefined, onInvalid);
}

/** Every entry of the page in order; entries that fail validation go to `onInvalid`. */
export function parseGeneric(doc: Document, url: URL, onInvalid: IssueReporter = warnIssue): ListingEntry[] {
  return findBlocks(doc, url).flatMap((block, index) => {
    const place = findTitle(block.roots, block.links);
    const row = listingRow(block.key, block.version, block.roots, anchorFor(block.roots, place));
    return validEntry(readRow(row, block.links), index, onInvalid) ?? [];
  });
}

export const genericAdapter: SiteAdapter = {
  id: 'generic',
  label: OTHER_SOURCE_LABELS.generic,
  // Never in the manifest: generic mode runs only where the user starts it.
  matches: [],
  detect: () => GENERIC_KIND,
  scan: (doc, url) => scanGeneric(doc, url),
  read: (row, doc, url) => readGeneric(row, doc, url),
  parse: (doc, url) => parseGeneric(doc, url),
  examples: [],
};
