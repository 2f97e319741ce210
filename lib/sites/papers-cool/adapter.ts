/**
 * papers.cool (Kimi) listings, one template for both kinds:
 *
 * - `/arxiv/<categories>` → `arxiv`: one or more arXiv archives or categories, comma-separated (`/arxiv/cs.AI`,
 *   `/arxiv/cs.AI,cs.CL`), with any query (`?date=…&show=…`). `/arxiv/<arXiv id>` is one paper's page: not a listing.
 * - `/venue/<name>.<year>` → `venue` (`/venue/AAAI.2026?group=…`). `/venue/<id>@<source>` is one paper's page.
 *
 * One entry per `div.panel.paper`. Its key, strongest first: an arXiv id as the panel id (`2302.05019`, or
 * `2302.05019@arXiv`) or in the papers.cool title link (`/arxiv/2302.05019`); else the best key the paper's links name
 * (the `#N` link to the paper at its source, the PDF, the title link: OpenReview forums, the ACL Anthology, DOIs…);
 * else the paper's own papers.cool page (`url:https://papers.cool/venue/36958@AAAI`), as no other address names it.
 *
 * `scan` reads the panel id and, for a panel whose id is no arXiv id, the three links' addresses; `read` reads the
 * panel's text.
 */
import {
  type ArxivId,
  type PaperKey,
  arxivIdOfKey,
  arxivKey,
  bestKey,
  paperKeyOfUrl,
  parseArxivId,
  urlKey,
} from '../../paper/ids.ts';
import {
  authorName,
  CATEGORY_CODE,
  codeInParentheses,
  collapse,
  compact,
  listingRow,
  type RawRow,
  readText,
  rowListing,
  type ScanStep,
  textOf,
  unique,
} from '../parse-helpers.ts';
import { SITE_LABELS } from '../labels.ts';
import type { ListingRow, SiteAdapter } from '../types.ts';
import * as select from './selectors.ts';

const HOST = 'papers.cool';
const ORIGIN = `https://${HOST}`;

/**
 * arXiv's archives today: a path segment names a listing only when each of its comma-separated parts is one of them or
 * a category of one, so `/arxiv/search` or `/arxiv/favorites` (papers.cool's own pages) are not taken for listings.
 */
const ARCHIVES = new Set([
  'astro-ph',
  'cond-mat',
  'cs',
  'econ',
  'eess',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'physics',
  'q-bio',
  'q-fin',
  'quant-ph',
  'stat',
]);

/** A venue listing: `<name>.<year>` (`AAAI.2026`, `NeurIPS.2025`, `ACL.2024`). One paper's id holds an `@`. */
const VENUE = /^[A-Za-z][A-Za-z0-9-]*\.\d{4}$/;

function isCategoryList(segment: string): boolean {
  return segment.split(',').every((code) => CATEGORY_CODE.test(code) && ARCHIVES.has(code.split('.')[0]!));
}

function detect(url: URL): string | undefined {
  if (url.hostname !== HOST) return undefined;
  const match = /^\/(arxiv|venue)\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return undefined;
  let segment: string;
  try {
    segment = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  if (match[1] === 'arxiv') return isCategoryList(segment) ? 'arxiv' : undefined;
  return VENUE.test(segment) ? 'venue' : undefined;
}

/** The arXiv id a panel id names: `2302.05019`, `2302.05019v2` or `…@arXiv`; undefined for a venue's `36958@AAAI`. */
function arxivIdOfPanel(id: string): ArxivId | undefined {
  const at = id.lastIndexOf('@');
  if (at !== -1 && id.slice(at + 1).toLowerCase() !== 'arxiv') return undefined;
  return parseArxivId(at === -1 ? id : id.slice(0, at));
}

/** An absolute address of a link attribute, or undefined when there is none or it does not parse. */
function addressOf(element: Element | null | undefined, attribute: string, base: URL): URL | undefined {
  const value = element?.getAttribute(attribute)?.trim();
  if (!value) return undefined;
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** The arXiv id of papers.cool's own page of an arXiv paper (`https://papers.cool/arxiv/2302.05019`). */
function arxivIdOfCoolPage(url: URL | undefined): ArxivId | undefined {
  if (url?.hostname !== HOST) return undefined;
  const match = /^\/arxiv\/([^/]+)$/.exec(url.pathname);
  return match ? parseArxivId(match[1]!) : undefined;
}

/** The `#N` link: the title line's link around the `span.index`. */
function indexLinkOf(panel: Element): Element | null {
  return panel.querySelector(select.indexMark)?.closest('a') ?? null;
}

interface Links {
  title: URL | undefined;
  index: URL | undefined;
  pdf: URL | undefined;
}

function linksOf(panel: Element, base: URL): Links {
  return {
    title: addressOf(panel.querySelector(select.titleLink), 'href', base),
    index: addressOf(indexLinkOf(panel), 'href', base),
    pdf: addressOf(panel.querySelector(select.pdfLink), 'data', base),
  };
}

/** The key of a panel whose id is not an arXiv id: the best its links name, else its papers.cool page's. */
function keyOfLinks(panelId: string, links: Links): { key: PaperKey; version?: number } | undefined {
  const cool = arxivIdOfCoolPage(links.title);
  if (cool) return { key: arxivKey(cool.id), version: cool.version };
  const named = bestKey([links.index, links.pdf, links.title].map((url) => url && paperKeyOfUrl(url)));
  if (named) return { key: named };
  // papers.cool's own address for a venue paper, as its title links write it (`/venue/36958@AAAI`).
  const ownPage = new URL(`/venue/${encodeURIComponent(panelId).replaceAll('%40', '@')}`, ORIGIN);
  const key = (links.title && urlKey(links.title)) ?? urlKey(ownPage);
  return key ? { key } : undefined;
}

function scanPanel(panel: Element, base: URL): ScanStep {
  const panelId = panel.getAttribute('id')?.trim() ?? '';
  if (panelId === '') return { skip: 'no papers.cool id on the entry' };
  const anchor = panel.querySelector(select.titleLine) ?? panel;
  const arxiv = arxivIdOfPanel(panelId);
  if (arxiv) return { row: listingRow(arxivKey(arxiv.id), arxiv.version, [panel], anchor), context: undefined };
  const keyed = keyOfLinks(panelId, linksOf(panel, base));
  if (!keyed) return { skip: 'no paper address in the entry', id: panelId };
  return { row: listingRow(keyed.key, keyed.version, [panel], anchor), context: undefined };
}

function scanSteps(doc: Document, url: URL): ScanStep[] {
  return Array.from(doc.querySelectorAll(select.paper), (panel) => scanPanel(panel, url));
}

/** arXiv category codes of the subject links: the link text itself (`cs.AI`) or its last parentheses. */
function subjectsOf(panel: Element): string[] {
  return unique(
    Array.from(panel.querySelectorAll(select.subjectLinks)).flatMap((link) => {
      const text = collapse(link.textContent ?? '');
      const code = CATEGORY_CODE.test(text) ? text : codeInParentheses(text);
      return code === undefined || !ARCHIVES.has(code.split('.')[0]!) ? [] : [code];
    }),
  );
}

/** A DOI one of the links names, for a paper keyed otherwise (its journal DOI). */
function doiOfLinks(panel: Element, base: URL, key: string): string | undefined {
  if (key.startsWith('doi:')) return undefined;
  const links = linksOf(panel, base);
  for (const url of [links.index, links.pdf, links.title]) {
    const named = url && paperKeyOfUrl(url);
    if (named?.startsWith('doi:')) return named.slice('doi:'.length);
  }
  return undefined;
}

/** The year of a venue page (`/venue/AAAI.2026` → `2026`): its papers' publication year. */
function venueYear(url: URL): string | undefined {
  if (detect(url) !== 'venue') return undefined;
  return /\.(\d{4})\/?$/.exec(url.pathname)?.[1];
}

function readEntry(row: ListingRow, base: URL): RawRow {
  const panel = row.roots[0]!;
  const arxivId = arxivIdOfKey(row.key);
  const subjects = subjectsOf(panel);
  return {
    id: arxivId ?? panel.getAttribute('id') ?? undefined,
    entry: compact({
      paper: compact({
        key: row.key,
        arxivId,
        version: row.version,
        title: textOf(panel.querySelector(select.titleLink)),
        authors: Array.from(panel.querySelectorAll(select.authorLinks)).flatMap((a) => authorName(readText(a)) ?? []),
        abstract: textOf(panel.querySelector(select.summary)),
        primaryCategory: subjects[0],
        subjects,
        // An arXiv paper listed at a venue keeps its arXiv v1 date, which the page does not show.
        published: arxivId === undefined ? venueYear(base) : undefined,
        doi: doiOfLinks(panel, base, row.key),
      }),
      roots: row.roots,
      anchor: row.anchor,
    }),
  };
}

const listing = rowListing({
  steps: scanSteps,
  isRow: (panel) => panel.matches(select.paper),
  scanRow: scanPanel,
  readRow: readEntry,
});

/** Every paper of the page in order (scan), one paper's full entry (read), or both (parse); skipped rows are reported. */
export const { scan: scanPapersCool, read: readPapersCool, parse: parsePapersCool } = listing;

export const adapter: SiteAdapter = {
  id: 'papers-cool',
  label: SITE_LABELS['papers-cool'],
  matches: ['https://papers.cool/arxiv/*', 'https://papers.cool/venue/*'],
  detect,
  scan: (doc, url) => scanPapersCool(doc, url),
  read: (row, doc, url) => readPapersCool(row, doc, url),
  parse: (doc, url) => parsePapersCool(doc, url),
  examples: [
    {
      // The page the capture's subject link and "1/188" index titles name.
      url: 'https://papers.cool/venue/AAAI.2026?group=Application%20Domains',
      kind: 'venue',
      fixture: 'papers-cool/venue_AAAI2026_excerpt.html',
    },
    { url: 'https://papers.cool/venue/NeurIPS.2025', kind: 'venue' },
    { url: 'https://papers.cool/arxiv/cs.AI', kind: 'arxiv' },
    { url: 'https://papers.cool/arxiv/cs.AI,cs.CL,cs.LG,stat.ML?date=2026-01-23&show=500&sort=1', kind: 'arxiv' },
  ],
};
