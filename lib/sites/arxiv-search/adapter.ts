/**
 * arXiv search results (arxiv.org, rendered by arxiv-search):
 *
 * - `/search/?query=…&searchtype=…` → `search`
 * - `/search/<archive>?query=…` (the author links of listing pages) → `search`
 * - `/search/advanced?…` with at least one `terms-N-term` → `search` The search forms themselves (no query) are not
 *   listings.
 *
 * One entry per `li.arxiv-result`. Search shows `arXiv:IDvN` only when the result is not the latest version, so a
 * version here means "this older version matched".
 *
 * `scan` reads only each result's id line (abstract link); `read` reads the rest of that one result.
 */
import { arxivIdFromUrl, arxivIdOfKey, arxivKey, type ArxivId, parseArxivId } from '../../paper/ids.ts';
import {
  authorName,
  CATEGORY_CODE,
  collapse,
  compact,
  listingRow,
  nonEmpty,
  type RawRow,
  readText,
  rowListing,
  type ScanStep,
  textOf,
  textWithout,
  unique,
} from '../parse-helpers.ts';
import { SITE_LABELS } from '../labels.ts';
import type { ListingRow, SiteAdapter } from '../types.ts';
import * as select from './selectors.ts';

const HOST = 'arxiv.org';

/** `/search/` itself or `/search/<archive>` (`cs`, `physics`, `math-ph`); a trailing slash is ignored. */
const SIMPLE_SEARCH_PATH = /^\/search(?:\/[A-Za-z_-]+(?:\.[A-Za-z-]+)?)?\/?$/;

function hasAdvancedTerms(url: URL): boolean {
  for (const [key, value] of url.searchParams) if (/^terms-\d+-term$/.test(key) && value.trim() !== '') return true;
  return false;
}

function detect(url: URL): string | undefined {
  // `/search?query=…` redirects to `/search/?query=…`; only the latter is covered by the match pattern.
  if (url.hostname !== HOST || !url.pathname.startsWith('/search/')) return undefined;
  if (/^\/search\/advanced\/?$/.test(url.pathname)) return hasAdvancedTerms(url) ? 'search' : undefined;
  if (!SIMPLE_SEARCH_PATH.test(url.pathname)) return undefined;
  return (url.searchParams.get('query') ?? '').trim() === '' ? undefined : 'search';
}

function idOf(link: Element | null, base: URL): ArxivId | undefined {
  if (!link) return undefined;
  const href = link.getAttribute('href');
  if (href) {
    try {
      const fromHref = arxivIdFromUrl(new URL(href.trim(), base));
      if (fromHref) return fromHref;
    } catch {
      // fall through to the link text
    }
  }
  return parseArxivId(collapse(link.textContent ?? ''));
}

/** The full abstract without its trailing "△ Less" toggle. */
function abstractOf(row: Element): string | undefined {
  const text = textOf(row.querySelector(select.abstractFull));
  return nonEmpty(text?.replace(/\s*△\s*Less$/, ''));
}

/** The text of the `p.comments` line labelled "Comments:", without the label. */
function commentsOf(row: Element): string | undefined {
  for (const line of Array.from(row.querySelectorAll(select.commentLines))) {
    const label = line.querySelector('span');
    if (label && collapse(label.textContent ?? '') === 'Comments:') {
      return nonEmpty(textWithout(line, (element) => element === label));
    }
  }
  return undefined;
}

/** The row of one result: id and version from its abstract link, controls on its id line. */
function scanResult(result: Element, base: URL): ScanStep {
  const idLine = result.querySelector(select.idLine);
  const parsedId = idOf((idLine ?? result).querySelector(select.abstractLink), base);
  if (!parsedId) return { skip: 'no arXiv id in the result' };
  return { row: listingRow(arxivKey(parsedId.id), parsedId.version, [result], idLine ?? result), context: undefined };
}

function scanSteps(doc: Document, url: URL): ScanStep[] {
  return Array.from(doc.querySelectorAll(select.result), (result) => scanResult(result, url));
}

/** The full entry of a scanned row: every field of its result. */
function readEntry(row: ListingRow): RawRow {
  const result = row.roots[0]!;
  const id = arxivIdOfKey(row.key)!;
  const subjects = unique(
    Array.from(result.querySelectorAll(select.categoryTags))
      .map((tag) => collapse(tag.textContent ?? ''))
      .filter((code) => CATEGORY_CODE.test(code)),
  );
  return {
    id,
    entry: compact({
      paper: compact({
        key: row.key,
        arxivId: id,
        version: row.version,
        title: textOf(result.querySelector(select.title)),
        authors: Array.from(result.querySelectorAll(select.authorLinks)).flatMap((a) => authorName(readText(a)) ?? []),
        abstract: abstractOf(result),
        primaryCategory: subjects[0],
        subjects,
        comments: commentsOf(result),
      }),
      roots: row.roots,
      anchor: row.anchor,
    }),
  };
}

const listing = rowListing({
  steps: scanSteps,
  isRow: (result) => result.matches(select.result),
  scanRow: scanResult,
  readRow: readEntry,
});

/** Every result of the page in order (scan), one result's full entry (read), or both (parse); skipped rows are reported. */
export const { scan: scanArxivSearch, read: readArxivSearch, parse: parseArxivSearch } = listing;

export const adapter: SiteAdapter = {
  id: 'arxiv-search',
  label: SITE_LABELS['arxiv-search'],
  // Chrome matches the path part of a pattern against path + query, so `/search/*` covers `/search/?query=…`.
  matches: ['https://arxiv.org/search/*'],
  detect,
  scan: (doc, url) => scanArxivSearch(doc, url),
  read: (row, doc, url) => readArxivSearch(row, doc, url),
  parse: (doc, url) => parseArxivSearch(doc, url),
  examples: [
    {
      url: 'https://arxiv.org/search/?query=Nakamura%2C+Y&searchtype=author',
      kind: 'search',
      fixture: 'arxiv/search_results_excerpt_2026-10-09.html',
    },
    { url: 'https://arxiv.org/search/?query=graph+neural+network&searchtype=all&source=header', kind: 'search' },
    {
      url: 'https://arxiv.org/search/?searchtype=all&query=perovskite&abstracts=show&order=-announced_date_first&size=50',
      kind: 'search',
    },
    { url: 'https://arxiv.org/search/cs?searchtype=author&query=Thompson,+J', kind: 'search' },
    {
      url:
        'https://arxiv.org/search/advanced?advanced=&terms-0-operator=AND&terms-0-term=perovskite&terms-0-field=title' +
        '&abstracts=show&size=50&order=-announced_date_first',
      kind: 'search',
    },
  ],
};
