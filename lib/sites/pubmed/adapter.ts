/**
 * PubMed search results (pubmed.ncbi.nlm.nih.gov):
 *
 * - `/?term=…` (any filters, sort and page) → `search` The "Abstract" and "PubMed" display formats (`format=abstract`,
 *   `format=pubmed`) show whole records instead of result rows and are left to generic mode; single records
 *   (`/<PMID>/`) are not listings.
 *
 * One entry per `article.full-docsum`. Each row links its record (`/<PMID>/`); most rows also print the article's DOI
 * in their journal citation. The key is the stronger of the two (bestKey: the DOI), so a paper met on PubMed and on a
 * publisher's or Scholar's page is one paper; a row without a DOI is keyed `pmid:<n>`.
 *
 * `scan` reads each row's title href and its journal citation (for the DOI); `read` reads the rest of that one row.
 */
import { type PaperKey, bestKey, keyFromDoi, paperKeyOfUrl } from '../../paper/ids.ts';
import {
  collapse,
  compact,
  listingRow,
  nonEmpty,
  publishedOf,
  type RawRow,
  readText,
  rowListing,
  type ScanStep,
  textOf,
} from '../parse-helpers.ts';
import { SITE_LABELS } from '../labels.ts';
import type { ListingRow, SiteAdapter } from '../types.ts';
import * as select from './selectors.ts';

const HOST = 'pubmed.ncbi.nlm.nih.gov';

/** Display formats that show whole records, not `article.full-docsum` rows. */
const RECORD_FORMATS = new Set(['abstract', 'pubmed']);

function detect(url: URL): string | undefined {
  if (url.hostname !== HOST || url.pathname !== '/') return undefined;
  if ((url.searchParams.get('term') ?? '').trim() === '') return undefined;
  return RECORD_FORMATS.has(url.searchParams.get('format') ?? '') ? undefined : 'search';
}

/** The citation's own text: without the links and icons other extensions put inside it. */
function citationText(row: Element): string | undefined {
  const citation = row.querySelector(select.fullCitation);
  return citation ? nonEmpty(readText(citation, (element) => element.matches(select.foreignInCitation))) : undefined;
}

/** "doi: 10.1161/HYPERTENSIONAHA.121.14519." in the citation; the sentence's full stop is not part of the DOI. */
function doiKeyOf(citation: string | undefined): PaperKey | undefined {
  const match = citation === undefined ? null : /\bdoi:\s*(10\.\d{4,9}\/\S+)/i.exec(citation);
  return match ? keyFromDoi(match[1]!) : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A citation date with the precision it is written with: "2020 Nov 17" → `2020-11-17`, "2021 Nov" → `2021-11`; a month
 * range ("2020 Jul-Aug", "2025 Jan-Dec"), a season or no month at all ("2013;") → the year.
 */
function citationDate(year: string, month: string | undefined, day: string | undefined): string {
  const index = month === undefined ? -1 : MONTHS.indexOf(month.toLowerCase());
  if (index === -1) return year;
  const padded = String(index + 1).padStart(2, '0');
  if (day === undefined) return `${year}-${padded}`;
  return publishedOf(Number(year), index + 1, Number(day)) ?? `${year}-${padded}`;
}

/**
 * When the article first appeared: the "Epub" date when the record has one (online before the issue), else the issue
 * date after the journal name ("Hypertension. 2021 Nov;78(5)…").
 */
function publishedIn(citation: string | undefined): string | undefined {
  if (citation === undefined) return undefined;
  const epub = /\bEpub (\d{4})(?: ([A-Za-z]{3})(?: (\d{1,2}))?)?\b/.exec(citation);
  if (epub) return citationDate(epub[1]!, epub[2], epub[3]);
  const issue = /\.\s(\d{4})(?: ([A-Za-z]{3})(?![A-Za-z-])(?: (\d{1,2})\b)?)?/.exec(citation);
  return issue ? citationDate(issue[1]!, issue[2], issue[3]) : undefined;
}

/**
 * The title without the full stop PubMed's citation style ends every title with ("… in Hypertension." → "… in
 * Hypertension"), so it reads as on the article and on other sites; "?" and "!" are the title's own and stay.
 */
function titleOf(row: Element): string | undefined {
  return nonEmpty(textOf(row.querySelector(select.titleLink))?.replace(/\.$/, ''));
}

/** "Costello HM, Gumz ML." → `['Costello HM', 'Gumz ML']`. */
function authorsOf(row: Element): string[] {
  const list = textOf(row.querySelector(select.fullAuthors));
  if (list === undefined) return [];
  return list
    .replace(/\.$/, '')
    .split(', ')
    .flatMap((name) => nonEmpty(name) ?? []);
}

/** The row of one result: keyed by its DOI when the citation prints one, else by the PMID its title links. */
function scanResult(result: Element, base: URL): ScanStep {
  const link = result.querySelector(select.titleLink);
  const href = link?.getAttribute('href');
  let pmidKey: PaperKey | undefined;
  try {
    pmidKey = href ? paperKeyOfUrl(new URL(href.trim(), base)) : undefined;
  } catch {
    pmidKey = undefined;
  }
  if (pmidKey === undefined || !pmidKey.startsWith('pmid:')) return { skip: 'no PubMed record link in the result' };
  const key = bestKey([pmidKey, doiKeyOf(citationText(result))])!;
  const anchor = result.querySelector(select.citationBlock) ?? result;
  return { row: listingRow(key, undefined, [result], anchor), context: undefined };
}

function scanSteps(doc: Document, url: URL): ScanStep[] {
  return Array.from(doc.querySelectorAll(select.result), (result) => scanResult(result, url));
}

/** The full entry of a scanned row. */
function readEntry(row: ListingRow): RawRow {
  const result = row.roots[0]!;
  const citation = citationText(result);
  return {
    entry: compact({
      paper: compact({
        key: row.key,
        title: titleOf(result),
        authors: authorsOf(result),
        subjects: [],
        published: publishedIn(citation === undefined ? undefined : collapse(citation)),
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
export const { scan: scanPubmed, read: readPubmed, parse: parsePubmed } = listing;

export const adapter: SiteAdapter = {
  id: 'pubmed',
  label: SITE_LABELS.pubmed,
  // Search lives at the site root (`/?term=…`); Chrome matches the path part against path + query.
  matches: ['https://pubmed.ncbi.nlm.nih.gov/*'],
  detect,
  scan: (doc, url) => scanPubmed(doc, url),
  read: (row, doc, url) => readPubmed(row, doc, url),
  parse: (doc, url) => parsePubmed(doc, url),
  examples: [
    {
      url: 'https://pubmed.ncbi.nlm.nih.gov/?term=%28hypertension%5BTitle%5D%29+AND+%28food%5BText+Word%5D%29',
      kind: 'search',
      fixture: 'pubmed/search_hypertension-food_p1_prettified.html',
    },
    {
      url: 'https://pubmed.ncbi.nlm.nih.gov/?term=(hypertension%5BTitle%5D)%20AND%20(food%5BText%20Word%5D)%20&page=2',
      kind: 'search',
      fixture: 'pubmed/search_hypertension-food_p2.html',
    },
    { url: 'https://pubmed.ncbi.nlm.nih.gov/?term=crispr&filter=years.2020-2026&sort=date', kind: 'search' },
  ],
};
