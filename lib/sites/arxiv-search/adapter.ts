/**
 * arXiv search results (arxiv.org, rendered by arxiv-search):
 * - `/search/?query=…&searchtype=…` → `search`
 * - `/search/<archive>?query=…` (the author links of listing pages) → `search`
 * - `/search/advanced?…` with at least one `terms-N-term` → `search`
 * The search forms themselves (no query) are not listings.
 *
 * One entry per `li.arxiv-result`. Search shows `arXiv:IDvN` only when the result is not the latest version, so a
 * version here means "this older version matched".
 */
import { arxivIdFromUrl, arxivKey, type ArxivId, parseArxivId } from '../../ids.ts';
import {
  CATEGORY_CODE,
  type IssueReporter,
  type RawRow,
  collapse,
  compact,
  nonEmpty,
  readText,
  textOf,
  textWithout,
  unique,
  validEntries,
} from '../parse-helpers.ts';
import type { ListingEntry, SiteAdapter } from '../types.ts';
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

/** Every result of the page in order; rows that fail validation go to `onInvalid`. */
export function parseArxivSearch(doc: Document, url: URL, onInvalid?: IssueReporter): ListingEntry[] {
  const rows: RawRow[] = [];
  for (const row of Array.from(doc.querySelectorAll(select.result))) {
    const idLine = row.querySelector(select.idLine);
    const parsedId = idOf((idLine ?? row).querySelector(select.abstractLink), url);
    if (!parsedId) {
      rows.push({ skip: 'no arXiv id in the result' });
      continue;
    }
    const { id } = parsedId;
    const subjects = unique(
      Array.from(row.querySelectorAll(select.categoryTags))
        .map((tag) => collapse(tag.textContent ?? ''))
        .filter((code) => CATEGORY_CODE.test(code)),
    );
    rows.push({
      id,
      entry: compact({
        paper: compact({
          key: arxivKey(id),
          arxivId: id,
          version: parsedId.version,
          title: textOf(row.querySelector(select.title)),
          authors: Array.from(row.querySelectorAll(select.authorLinks)).flatMap((a) => nonEmpty(readText(a)) ?? []),
          abstract: abstractOf(row),
          primaryCategory: subjects[0],
          subjects,
          comments: commentsOf(row),
        }),
        roots: [row],
        anchor: idLine ?? row,
      }),
    });
  }
  return validEntries(rows, onInvalid);
}

export const adapter: SiteAdapter = {
  id: 'arxiv-search',
  label: 'arXiv search',
  // Chrome matches the path part of a pattern against path + query, so `/search/*` covers `/search/?query=…`.
  matches: ['https://arxiv.org/search/*'],
  detect,
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
