/**
 * arXiv listing pages (arxiv.org, rendered by arxiv-browse):
 *
 * - `/list/<archive-or-category>/new` → `new` (with abstracts), `/recent` → `recent`, `/pastweek` → `pastweek`
 * - `/list/<x>/YYYY-MM` → `month`, `/list/<x>/YYYY` → `year`; legacy `YYMM` / `YYYYMM` → `month`, `YY` → `year`
 * - `/catchup/<subject>/<YYYY-MM-DD>` → `catchup`
 *
 * One entry per `dt`/`dd` pair of every `#dlpage dl`. Field text is read as text: titles and abstracts keep their raw
 * TeX (`In$_{4}$CdI$_{6}$`), and double-escaped markup in abstracts stays literal text.
 *
 * `scan` reads only each `dt`'s abstract and HTML links (id, version); `read` reads the row's `dt`/`dd` text, its
 * list's heading (section, date) and the page's announcement date. Scan skips a `dt` without id or without its `dd`.
 */
import { arxivIdFromUrl, arxivIdOfKey, arxivKey, type ArxivId, parseArxivId } from '../../paper/ids.ts';
import type { Section } from '../../paper/model.ts';
import {
  CATEGORY_CODE,
  type IssueReporter,
  type RawRow,
  type ScanStep,
  authorName,
  codeInParentheses,
  collapse,
  compact,
  dateInText,
  isFirstListing,
  listingRow,
  readSteps,
  readText,
  rescanRow,
  scannedRows,
  textOf,
  textWithout,
  unique,
  validEntry,
  warnIssue,
} from '../parse-helpers.ts';
import { SITE_LABELS } from '../labels.ts';
import type { ListingEntry, ListingRow, SiteAdapter } from '../types.ts';
import * as select from './selectors.ts';

const HOST = 'arxiv.org';

/** An archive (`cs`, `cond-mat`), a category (`cond-mat.mtrl-sci`, `cs.LG`) or a group (`grp_physics`). */
const LIST_PATH = /^\/list\/[A-Za-z_-]+(?:\.[A-Za-z-]+)?\/([^/]+)$/;
const CATCHUP_PATH = /^\/catchup\/[A-Za-z_-]+(?:\.[A-Za-z-]+)?\/\d{4}-\d{2}-\d{2}$/;

const validMonth = (month: string): boolean => Number(month) >= 1 && Number(month) <= 12;

/**
 * The kind of a `/list/<x>/<period>` page. Four digits are ambiguous: arXiv's canonical year form is `YYYY`, its legacy
 * month form `YYMM` (`2301` = January 2023, `9101` = January 1991). A value that reads as a year from 1991 to 2099 is a
 * year; anything else that reads as `YYMM` is a month. Legacy months 1991-2099 of the form `19MM`/`20MM` therefore read
 * as years; arXiv redirects those legacy URLs anyway.
 */
function periodKind(period: string): string | undefined {
  if (period === 'new' || period === 'recent' || period === 'pastweek') return period;
  let match = /^\d{4}-(\d{2})$/.exec(period) ?? /^\d{4}(\d{2})$/.exec(period);
  if (match) return validMonth(match[1]!) ? 'month' : undefined;
  if (/^\d{2}$/.test(period)) return 'year';
  match = /^\d{2}(\d{2})$/.exec(period);
  if (match) {
    const year = Number(period);
    if (year >= 1991 && year <= 2099) return 'year';
    return validMonth(match[1]!) ? 'month' : undefined;
  }
  return undefined;
}

function detect(url: URL): string | undefined {
  if (url.hostname !== HOST) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  const list = LIST_PATH.exec(path);
  if (list) return periodKind(list[1]!);
  return CATCHUP_PATH.test(path) ? 'catchup' : undefined;
}

/** Section of a /new (or catchup) heading; other headings (days on /recent) have none. */
function sectionOfHeading(text: string): Section | undefined {
  if (/^new submissions\b/i.test(text)) return 'new';
  if (/^cross(?:[\s-]*lists?\b|\s+submissions\b)/i.test(text)) return 'cross-list';
  if (/^replacement(?:s|\s+submissions)?\b/i.test(text)) return 'replacement';
  return undefined;
}

/**
 * The /new page's "Showing new listings for Tuesday, 22 September 2026": the first dated `h3` of `#dlpage` outside
 * every `dl`. Walks `#dlpage` without entering the entry lists, so it costs the page head (a few dozen elements), not
 * the 2,000 rows: cheap enough for every lone `read`.
 */
function pageAnnouncementDate(doc: Document): string | undefined {
  const page = doc.getElementById(select.pageId);
  if (!page || page.closest('dl')) return undefined;
  const walk = (parent: Element): string | undefined => {
    for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
      if (child.localName === 'dl') continue;
      if (child.localName === 'h3') {
        const date = dateInText(collapse(child.textContent ?? ''));
        if (date !== undefined) return date;
      }
      const inner = walk(child);
      if (inner !== undefined) return inner;
    }
    return undefined;
  };
  return walk(page);
}

/**
 * The link forms arXiv's listings write: `/abs/2609.22268`, `https://arxiv.org/html/2510.01881v4`, `/abs/math/0309136`.
 * Nothing in them is changed by URL parsing (no escapes, dot segments, query or fragment), so their id is read without
 * constructing a URL (a few µs each in Chromium, four per row); any other href goes through `arxivIdFromUrl`.
 */
const PLAIN_LINK =
  /^(https?:\/\/arxiv\.org)?\/(?:abs|pdf|html|format)\/(\d{4}\.\d{4,5}(?:v\d+)?|[A-Za-z-]+(?:\.[A-Za-z-]+)?\/\d{7}(?:v\d+)?)$/;

function idFromHref(href: string | null, base: URL): ArxivId | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  const plain = PLAIN_LINK.exec(trimmed);
  // What arxivIdFromUrl gives for these: the path's id, when the link (or, for a relative one, the page) is on arXiv.
  if (plain && (plain[1] !== undefined || base.hostname === HOST)) return parseArxivId(plain[2]!);
  try {
    return arxivIdFromUrl(new URL(trimmed, base));
  } catch {
    return undefined;
  }
}

/**
 * The abstract and HTML links of an entry head: its first `a` titled "Abstract" and its first titled "View HTML", as
 * `a[title="…"]` would select them, in one walk over its few elements. Every row is scanned so: a walk costs about what
 * two `querySelector` calls do in Chromium, and a fraction of them in jsdom.
 */
function headLinks(dt: Element): { abstract: Element | undefined; html: Element | undefined } {
  let abstract: Element | undefined;
  let html: Element | undefined;
  let node = dt.firstElementChild;
  while (node && (abstract === undefined || html === undefined)) {
    if (node.localName === 'a') {
      const title = node.getAttribute('title');
      if (title === select.abstractLinkTitle) abstract ??= node;
      else if (title === select.htmlLinkTitle) html ??= node;
    }
    // The next element inside dt, in document order.
    let next = node.firstElementChild;
    for (let up: Element | null = node; !next && up && up !== dt;) {
      next = up.nextElementSibling;
      if (!next) up = up.parentElement;
    }
    node = next;
  }
  return { abstract, html };
}

/** The id from the abstract link's href, else its `id` attribute, else its text ("arXiv:2609.22268"). */
function idOf(link: Element | undefined, base: URL): ArxivId | undefined {
  if (!link) return undefined;
  return (
    idFromHref(link.getAttribute('href'), base) ??
    parseArxivId(link.getAttribute('id') ?? '') ??
    parseArxivId(collapse(link.textContent ?? ''))
  );
}

/** The version in the HTML link (`/html/2510.01881v4` → 4), the only version a listing shows. */
function versionOf(link: Element | undefined, id: string, base: URL): number | undefined {
  const href = link?.getAttribute('href') ?? null;
  // The usual `https://arxiv.org/html/<id>v<N>` of the row's own id: N, as the general path below would give it.
  const shown = href === null ? null : PLAIN_LINK.exec(href.trim());
  if (shown?.[1] !== undefined && shown[2]!.startsWith(`${id}v`)) {
    const digits = shown[2]!.slice(id.length + 1);
    if (/^[1-9]\d*$/.test(digits)) return Number(digits);
  }
  const html = idFromHref(href, base);
  return html?.id === id ? html.version : undefined;
}

/**
 * The row of one `dt`: id and version from its links, and its `dd`. Reads no field text (only the abstract link's text,
 * when neither its href nor its `id` names the paper).
 */
function scanEntryHead<C>(dt: Element, base: URL, context: C): ScanStep<C> {
  const links = headLinks(dt);
  const parsedId = idOf(links.abstract, base);
  if (!parsedId) return { skip: 'no arXiv id in the entry head (dt)' };
  const { id } = parsedId;
  const dd = dt.nextElementSibling;
  if (!dd || dd.localName !== 'dd') return { id, skip: 'entry head (dt) not followed by its body (dd)' };
  const version = parsedId.version ?? versionOf(links.html, id, base);
  return { row: listingRow(arxivKey(id), version, [dt, dd], dt), context };
}

/** Every `dt` of every entry list, in page order, with the last `h3` before it in its list (the list's heading). */
function scanSteps(doc: Document, url: URL): ScanStep<Element | undefined>[] {
  const steps: ScanStep<Element | undefined>[] = [];
  for (const list of Array.from(doc.querySelectorAll(select.entryLists))) {
    let heading: Element | undefined;
    // Sibling steps, not `list.children`: indexing that live collection is O(list) a step in jsdom.
    for (let child = list.firstElementChild; child; child = child.nextElementSibling) {
      if (child.localName === 'h3') {
        heading = child;
      } else if (child.localName === 'dt') {
        steps.push(scanEntryHead(child, url, heading));
      }
    }
  }
  return steps;
}

interface Context {
  /** From the list's heading; undefined when the heading names no section (a day on /recent). */
  section: Section | undefined;
  /** Whether the list had a heading at all; without one the dt markers tell the section. */
  headed: boolean;
  published: string | undefined;
}

/** The context of the rows under `heading` (the last `h3` before them in their list), if any. */
function contextOf(heading: Element | undefined, pageDate: () => string | undefined): Context {
  if (heading === undefined) return { section: undefined, headed: false, published: pageDate() };
  const text = collapse(heading.textContent ?? '');
  return { section: sectionOfHeading(text), headed: true, published: dateInText(text) ?? pageDate() };
}

/** The full entry of a scanned row: every field of its `dt` and `dd`. */
function readEntry(row: ListingRow, context: Context): RawRow {
  const [dt, dd] = row.roots as [Element, Element];
  const id = arxivIdOfKey(row.key)!;
  const head = collapse(readText(dt));
  const crossFrom = /\(cross-list from ([^)\s]+)\)/.exec(head)?.[1];
  const replaced = /\(replaced\)/.test(head);
  const markerSection: Section | undefined = crossFrom ? 'cross-list' : replaced ? 'replacement' : undefined;

  const meta = dd.querySelector(select.meta) ?? dd;
  const subjectsLine = meta.querySelector(select.subjects);
  const primaryElement = subjectsLine?.querySelector(select.primarySubject);
  const primary =
    (primaryElement ? codeInParentheses(collapse(readText(primaryElement))) : undefined) ??
    (crossFrom !== undefined && CATEGORY_CODE.test(crossFrom) ? crossFrom : undefined);
  const listed = subjectsLine
    ? textWithout(subjectsLine, select.descriptor)
        .split(';')
        .flatMap((part) => codeInParentheses(part) ?? [])
    : [];
  const primaryCategory = primary ?? listed[0];
  const titleElement = meta.querySelector(select.title);
  const section = context.headed ? context.section : markerSection;
  // The listing date is the paper's v1 date only for a new paper: a replacement is listed on the day its latest version
  // was (2311.09412 among the 2026-09-22 replacements of tests/fixtures/arxiv), so it carries no date and exports
  // take its id's month (lib/paper/dates.ts knownDate). Cross-lists on /new are new papers of another archive, listed
  // the day they are announced (every one of the fixture's has an id of that month): their date stays, unless it
  // cannot be their first listing (isFirstListing), as for a category added to an old paper.
  const published =
    context.published === undefined || replaced || section === 'replacement' || !isFirstListing(id, context.published)
      ? undefined
      : context.published;

  return {
    id,
    entry: compact({
      paper: compact({
        key: row.key,
        arxivId: id,
        version: row.version,
        title: titleElement ? textWithout(titleElement, select.descriptor) : undefined,
        authors: Array.from(meta.querySelectorAll(select.authorLinks)).flatMap((a) => authorName(readText(a)) ?? []),
        abstract: textOf(meta.querySelector(select.abstract)),
        primaryCategory,
        subjects: unique([...(primaryCategory === undefined ? [] : [primaryCategory]), ...listed]),
        comments: textOf(meta.querySelector(select.comments), select.descriptor),
        published,
      }),
      section,
      roots: row.roots,
      anchor: row.anchor,
    }),
  };
}

/** Every row of the page in order, without reading it; rows without an id or a `dd` go to `onInvalid`. */
export function scanArxivListing(doc: Document, url: URL, onInvalid?: IssueReporter): ListingRow[] {
  return scannedRows(scanSteps(doc, url), onInvalid);
}

/**
 * The full entry of one scanned row, or undefined (reported) when it fails validation or its `dt` has left the listing.
 * The list heading is found by walking back from the `dt` (siblings only); the page date by walking the page head (a
 * few dozen elements). No page-wide state is kept.
 */
export function readArxivListing(
  row: ListingRow,
  doc: Document,
  url: URL,
  onInvalid: IssueReporter = warnIssue,
): ListingEntry | undefined {
  const fresh = rescanRow(
    row,
    doc,
    (dt) => dt.localName === 'dt' && dt.parentElement?.matches(select.entryLists) === true,
    (dt) => scanEntryHead(dt, url, undefined),
    onInvalid,
  );
  if (!fresh) return undefined;
  let heading = fresh.roots[0]!.previousElementSibling;
  while (heading && heading.localName !== 'h3') heading = heading.previousElementSibling;
  const context = contextOf(heading ?? undefined, () => pageAnnouncementDate(doc));
  return validEntry(readEntry(fresh, context), undefined, onInvalid);
}

/** Every entry of the page in order (scan, then read of every row); rows that fail validation go to `onInvalid`. */
export function parseArxivListing(doc: Document, url: URL, onInvalid?: IssueReporter): ListingEntry[] {
  const steps = scanSteps(doc, url);
  let pageDate: { value: string | undefined } | undefined;
  const datedPage = () => (pageDate ??= { value: pageAnnouncementDate(doc) }).value;
  const contexts = new Map<Element | undefined, Context>();
  const contextFor = (heading: Element | undefined): Context => {
    let context = contexts.get(heading);
    if (context === undefined) contexts.set(heading, (context = contextOf(heading, datedPage)));
    return context;
  };
  return readSteps(steps, (row, heading) => readEntry(row, contextFor(heading)), onInvalid);
}

export const adapter: SiteAdapter = {
  id: 'arxiv-listing',
  label: SITE_LABELS['arxiv-listing'],
  matches: ['https://arxiv.org/list/*', 'https://arxiv.org/catchup*'],
  detect,
  scan: (doc, url) => scanArxivListing(doc, url),
  read: (row, doc, url) => readArxivListing(row, doc, url),
  parse: (doc, url) => parseArxivListing(doc, url),
  examples: [
    {
      url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new',
      kind: 'new',
      fixture: 'arxiv/list_new_cond-mat.mtrl-sci_2026-09-22_excerpt.html',
    },
    {
      url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new',
      kind: 'new',
      fixture: 'arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html',
    },
    {
      url: 'https://arxiv.org/list/cs/2301?skip=0&show=3',
      kind: 'month',
      fixture: 'arxiv/list_month_cs_2301_show3_prettified.html',
    },
    { url: 'https://arxiv.org/list/cs/9101', kind: 'month', fixture: 'arxiv/list_month_cs_9101_empty_prettified.html' },
    { url: 'https://arxiv.org/list/cs/new', kind: 'new' },
    { url: 'https://arxiv.org/list/cs.LG/recent', kind: 'recent' },
    { url: 'https://arxiv.org/list/hep-th/pastweek?skip=0&show=250', kind: 'pastweek' },
    { url: 'https://arxiv.org/list/math.AG/2026-03', kind: 'month' },
    { url: 'https://arxiv.org/list/astro-ph/2025', kind: 'year' },
    { url: 'https://arxiv.org/list/quant-ph/99', kind: 'year' },
    { url: 'https://arxiv.org/catchup/cs.LG/2026-09-21?abs=True', kind: 'catchup' },
  ],
};
