/**
 * Google Scholar (scholar.google.com and every country domain, hosts.ts):
 *
 * - `/scholar?q=…`, `?cites=…` (papers citing one), `?cluster=…` (versions of one) → `results`. The bare search page,
 *   `/scholar_alerts`, `/scholar_settings` and the like are not listings.
 * - `/citations?user=…` (an author profile; also with `view_op=list_works`) → `profile`. A single article's page
 *   (`view_op=view_citation`), colleague lists and author searches are not listings.
 *
 * Results: one entry per `div.gs_r.gs_or` result. Scholar shows no arXiv id or DOI, so the key is the strongest one its
 * links name (paperKeyOfUrl: an arXiv PDF on the side gives `arxiv:`, a publisher URL with the DOI in it `doi:`), else
 * the title link as a `url:` key, else (a "[CITATION]" entry without a link) the result's own Scholar cluster. The
 * byline gives authors (as Scholar cuts them), venue and year; the snippet is text around the query's words, not the
 * abstract, so it is not stored.
 *
 * Profiles: one entry per `tr.gsc_a_tr` row ("Show more" appends rows in place; the page watch marks them). A row links
 * only Scholar's own page of the article, so that page is its key.
 *
 * `scan` reads only attributes (hrefs, `data-cid`); `read` reads the text of one entry.
 */
import { arxivIdOfKey, bestKey, keyKind, keyValue, type PaperKey, paperKeyOfUrl, urlKey } from '../../paper/ids.ts';
import {
  collapse,
  compact,
  listingRow,
  nonEmpty,
  type RawRow,
  readText,
  rowListing,
  type ScanStep,
  textOf,
} from '../parse-helpers.ts';
import { SITE_LABELS } from '../labels.ts';
import type { ListingRow, SiteAdapter } from '../types.ts';
import { SCHOLAR_HOSTS } from './hosts.ts';
import * as select from './selectors.ts';

const HOSTS: ReadonlySet<string> = new Set(SCHOLAR_HOSTS);

/** The host keys name, whichever country domain the page was on: the same article has one key everywhere. */
const KEY_ORIGIN = 'https://scholar.google.com';

/** What makes `/scholar` a result page rather than the search form: a query, a citing search or a cluster. */
const RESULT_PARAMS = ['q', 'cites', 'cluster'];

/** `view_op` values of a profile's own list of works (absent on the usual profile URL). */
const PROFILE_VIEWS = new Set(['', 'list_works']);

function detect(url: URL): string | undefined {
  if (url.protocol !== 'https:' || !HOSTS.has(url.hostname)) return undefined;
  const has = (name: string): boolean => (url.searchParams.get(name) ?? '').trim() !== '';
  if (url.pathname === '/scholar') return RESULT_PARAMS.some(has) ? 'results' : undefined;
  if (url.pathname === '/citations') {
    return has('user') && PROFILE_VIEWS.has(url.searchParams.get('view_op') ?? '') ? 'profile' : undefined;
  }
  return undefined;
}

/** An element's href as an absolute http(s) URL, or undefined (missing, malformed, `javascript:`). */
function hrefOf(link: Element | null, base: URL): URL | undefined {
  const href = link?.getAttribute('href')?.trim();
  if (!href) return undefined;
  try {
    const url = new URL(href, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Scholar's numeric cluster id (as in `?cluster=` and the "Cited by" link's `cites=`) from a result's `data-cid`: 12
 * URL-safe base64 characters, i.e. 9 bytes, the id as 8 little-endian bytes then 0x09 (`x6BpcW0wpHwJ` →
 * 8981356803495928007 in the microwave fixture). Undefined for anything else.
 */
export function clusterIdOfCid(cid: string | null): string | undefined {
  if (cid === null || !/^[A-Za-z0-9_-]{12}$/.test(cid)) return undefined;
  let bits = 0n;
  for (const char of cid) bits = (bits << 6n) | BigInt(BASE64URL.indexOf(char));
  if ((bits & 0xffn) !== 0x09n) return undefined;
  let id = 0n;
  // Byte k (0-based, first in the string) sits at bits 64-8k..71-8k and is worth 256^k.
  for (let k = 7; k >= 0; k -= 1) id = (id << 8n) | ((bits >> BigInt(64 - 8 * k)) & 0xffn);
  return id === 0n ? undefined : id.toString();
}

/**
 * Where a result's title link leads: Scholar sometimes wraps it in its own redirect (`/scholar_url?url=<target>`, as in
 * alert mails), whose target is the paper's page; any other Scholar link (a search, a library's "Full View") leads to
 * no paper page and gives undefined.
 */
function titleTarget(url: URL | undefined): URL | undefined {
  if (url === undefined || !HOSTS.has(url.hostname)) return url;
  if (url.pathname !== '/scholar_url') return undefined;
  try {
    const target = new URL(url.searchParams.get('url') ?? '');
    return target.protocol === 'https:' || target.protocol === 'http:' ? target : undefined;
  } catch {
    return undefined;
  }
}

/** The keys a result's links name: its title link first, then the side links (arXiv PDF, publisher HTML…). */
function linkKeys(result: Element, title: URL | undefined, base: URL): PaperKey[] {
  const side = Array.from(result.querySelectorAll(select.sideLinks), (link) => hrefOf(link, base));
  return [title, ...side].flatMap((url) => (url === undefined ? [] : (paperKeyOfUrl(url) ?? [])));
}

/**
 * A result's key: the strongest id its links name; else the page its title links (titleTarget) as a `url:` key (a
 * publisher page without a DOI in its address); else its cluster, the only id a "[CITATION]" entry has.
 */
function resultKey(result: Element, base: URL): PaperKey | undefined {
  const title = titleTarget(hrefOf(result.querySelector(select.titleLink), base));
  const named = bestKey(linkKeys(result, title, base));
  if (named) return named;
  const page = title === undefined ? undefined : urlKey(title);
  if (page) return page;
  const cluster = clusterIdOfCid(result.getAttribute('data-cid'));
  return cluster === undefined ? undefined : urlKey(`${KEY_ORIGIN}/scholar?cluster=${cluster}`);
}

/** The row of one result, from its hrefs and `data-cid` alone; controls at the end of its links line. */
function scanResult(result: Element, base: URL): ScanStep {
  const key = resultKey(result, base);
  if (key === undefined) return { skip: 'no link names the result and its data-cid is not a cluster id' };
  const anchor = result.querySelector(select.linksLine) ?? result;
  return { row: listingRow(key, undefined, [result], anchor), context: undefined };
}

/** `USER:ARTICLE` from a profile title link's `citation_for_view`, when it has that shape. */
function citationForView(link: Element | null, base: URL): string | undefined {
  const id = hrefOf(link, base)?.searchParams.get('citation_for_view') ?? '';
  return /^[\w-]{4,40}:[\w-]{4,40}$/.test(id) ? id : undefined;
}

/** The row of one profile publication: keyed by Scholar's page of the article (only that parameter, canonical host). */
function scanProfileRow(row: Element, base: URL): ScanStep {
  const id = citationForView(row.querySelector(select.profileTitle), base);
  const key =
    id === undefined ? undefined : urlKey(`${KEY_ORIGIN}/citations?view_op=view_citation&citation_for_view=${id}`);
  if (key === undefined) return { skip: 'title link names no citation_for_view article' };
  return {
    row: listingRow(key, undefined, [row], row.querySelector(select.profileTitleCell) ?? row),
    context: undefined,
  };
}

const isProfile = (url: URL): boolean => url.pathname === '/citations';

function scanSteps(doc: Document, url: URL): ScanStep[] {
  if (isProfile(url)) return Array.from(doc.querySelectorAll(select.profileRow), (row) => scanProfileRow(row, url));
  return Array.from(doc.querySelectorAll(select.result), (result) => scanResult(result, url));
}

/** A trailing "…" (results) or "..." (profiles): Scholar's mark that it cut the list or the name. */
const CUT_MARK = /\s*(?:…|\.\.\.)\s*$/;

/** Names of a comma-separated author line, as shown; the cut mark dropped, as is an entry that was only the mark. */
function authorsOf(line: string | undefined): string[] {
  if (line === undefined) return [];
  return line.split(',').flatMap((name) => nonEmpty(name.replace(CUT_MARK, '')) ?? []);
}

/** A four-digit year a PaperCandidate accepts. */
function yearOf(text: string | undefined): string | undefined {
  return text !== undefined && /^[1-9]\d{3}$/.test(text) ? text : undefined;
}

interface Byline {
  authors: string[];
  venue?: string;
  year?: string;
}

/**
 * "AA Salema, YK Yeow… - Industrial Crops and …, 2013 - Elsevier": authors, then the source (venue and/or year), then
 * the host. With two parts the second is the source only when it ends in a year: "A Smith - Elsevier" names a host.
 */
export function parseByline(text: string): Byline {
  const parts = collapse(text).split(' - ');
  const source = parts.length >= 3 ? parts.slice(1, -1).join(' - ') : parts[1];
  const dated = source === undefined ? null : /^(?:(.*?),\s*)?(\d{4})$/.exec(source);
  const venue = dated ? dated[1] : parts.length >= 3 ? source : undefined;
  const year = dated ? yearOf(dated[2]) : undefined;
  return compact({ authors: authorsOf(parts[0]), venue: nonEmpty(venue), year });
}

/** The full entry of a scanned result: title without its type label, byline, and a DOI beside an arXiv key. */
function readResult(row: ListingRow, base: URL): RawRow {
  const result = row.roots[0]!;
  const title = titleTarget(hrefOf(result.querySelector(select.titleLink), base));
  const doiKey = linkKeys(result, title, base).find((key) => keyKind(key) === 'doi');
  const arxivId = arxivIdOfKey(row.key);
  const bylineLine = result.querySelector(select.byline);
  const byline: Byline = bylineLine ? parseByline(readText(bylineLine)) : { authors: [] };
  return {
    entry: compact({
      paper: compact({
        key: row.key,
        arxivId,
        title: textOf(result.querySelector(select.titleHeading), select.typeLabel),
        authors: byline.authors,
        subjects: [],
        // Scholar has no venue field to give; the venue is what its byline shows (often cut with "…").
        comments: byline.venue,
        published: byline.year,
        doi: arxivId !== undefined && doiKey !== undefined ? keyValue(doiKey) : undefined,
      }),
      roots: row.roots,
      anchor: row.anchor,
    }),
  };
}

/** The full entry of a scanned profile row: title, authors and venue lines, year column. */
function readProfileRow(row: ListingRow): RawRow {
  const tr = row.roots[0]!;
  const [authors, venue] = Array.from(tr.querySelectorAll(select.profileGray));
  return {
    entry: compact({
      paper: compact({
        key: row.key,
        title: textOf(tr.querySelector(select.profileTitle)),
        authors: authorsOf(textOf(authors)),
        subjects: [],
        comments: textOf(venue, select.profileVenueYear),
        published: yearOf(textOf(tr.querySelector(select.profileYear))),
      }),
      roots: row.roots,
      anchor: row.anchor,
    }),
  };
}

function readEntry(row: ListingRow, url: URL): RawRow {
  return isProfile(url) ? readProfileRow(row) : readResult(row, url);
}

const listing = rowListing({
  steps: scanSteps,
  isRow: (root, url) => root.matches(isProfile(url) ? select.profileRow : select.result),
  scanRow: (root, url) => (isProfile(url) ? scanProfileRow(root, url) : scanResult(root, url)),
  readRow: readEntry,
});

/** Every result or profile row in order (scan), one row's full entry (read), or both (parse); skipped rows are reported. */
export const { scan: scanGoogleScholar, read: readGoogleScholar, parse: parseGoogleScholar } = listing;

export const adapter: SiteAdapter = {
  id: 'google-scholar',
  label: SITE_LABELS['google-scholar'],
  // Chrome matches a pattern's path against path + query, so `/scholar*` covers `/scholar?q=…`; detect() turns down
  // the other pages these cover (`/scholar_alerts`, a single article's `/citations?view_op=view_citation…`).
  matches: SCHOLAR_HOSTS.flatMap((host) => [`https://${host}/scholar*`, `https://${host}/citations*`]),
  detect,
  scan: (doc, url) => scanGoogleScholar(doc, url),
  read: (row, doc, url) => readGoogleScholar(row, doc, url),
  parse: (doc, url) => parseGoogleScholar(doc, url),
  examples: [
    {
      url: 'https://scholar.google.com/scholar?q=attention+mechanism&hl=en&as_sdt=0,5',
      kind: 'results',
      fixture: 'google-scholar/search-attention-mechanism-2026-03.html',
    },
    {
      url: 'https://scholar.google.com/scholar?q=microwave+dielectric+properties+biomass&hl=en&as_sdt=0,5',
      kind: 'results',
      fixture: 'google-scholar/results_microwave-dielectric.html',
    },
    {
      url: 'https://scholar.google.com/scholar?q=Geology+of+the+Olympus+Range+area,+southern+Victoria+Land&hl=en&as_sdt=0,6',
      kind: 'results',
      fixture: 'google-scholar/search-geology-olympus-range-2020-11-15.html',
    },
    {
      url: 'https://scholar.google.com/citations?user=qc6CJjYAAAAJ&hl=en',
      kind: 'profile',
      fixture: 'google-scholar/profile-rows-aeinstein-2021_in-table.html',
    },
    { url: 'https://scholar.google.de/scholar?hl=de&q=graph+neural+networks', kind: 'results' },
    { url: 'https://scholar.google.co.uk/scholar?cites=8981356803495928007&as_sdt=2005&sciodt=0,5', kind: 'results' },
    { url: 'https://scholar.google.com.br/scholar?cluster=15801554877513113826&hl=pt-BR', kind: 'results' },
    {
      url: 'https://scholar.google.co.jp/citations?user=qc6CJjYAAAAJ&hl=ja&view_op=list_works&sortby=pubdate',
      kind: 'profile',
    },
  ],
};
