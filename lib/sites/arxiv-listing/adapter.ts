/**
 * arXiv listing pages (arxiv.org, rendered by arxiv-browse):
 * - `/list/<archive-or-category>/new` → `new` (with abstracts), `/recent` → `recent`, `/pastweek` → `pastweek`
 * - `/list/<x>/YYYY-MM` → `month`, `/list/<x>/YYYY` → `year`; legacy `YYMM` / `YYYYMM` → `month`, `YY` → `year`
 * - `/catchup/<subject>/<YYYY-MM-DD>` → `catchup`
 *
 * One entry per `dt`/`dd` pair of every `#dlpage dl`. Field text is read as text: titles and abstracts keep their raw
 * TeX (`In$_{4}$CdI$_{6}$`), and double-escaped markup in abstracts stays literal text.
 */
import { arxivIdFromUrl, arxivKey, type ArxivId, parseArxivId } from '../../ids.ts';
import type { Section } from '../../model.ts';
import {
  CATEGORY_CODE,
  type IssueReporter,
  type RawRow,
  codeInParentheses,
  collapse,
  compact,
  dateInText,
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

/** An archive (`cs`, `cond-mat`), a category (`cond-mat.mtrl-sci`, `cs.LG`) or a group (`grp_physics`). */
const LIST_PATH = /^\/list\/[A-Za-z_-]+(?:\.[A-Za-z-]+)?\/([^/]+)$/;
const CATCHUP_PATH = /^\/catchup\/[A-Za-z_-]+(?:\.[A-Za-z-]+)?\/\d{4}-\d{2}-\d{2}$/;

const validMonth = (month: string): boolean => Number(month) >= 1 && Number(month) <= 12;

/**
 * The kind of a `/list/<x>/<period>` page. Four digits are ambiguous: arXiv's canonical year form is `YYYY`, its
 * legacy month form `YYMM` (`2301` = January 2023, `9101` = January 1991). A value that reads as a year from 1991 to
 * 2099 is a year; anything else that reads as `YYMM` is a month. Legacy months 1991-2099 of the form `19MM`/`20MM`
 * therefore read as years; arXiv redirects those legacy URLs anyway.
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

/** The /new page's "Showing new listings for Tuesday, 22 September 2026", an `h3` outside the entry lists. */
function pageAnnouncementDate(doc: Document): string | undefined {
  for (const heading of Array.from(doc.querySelectorAll(select.pageHeading))) {
    if (heading.closest('dl')) continue;
    const date = dateInText(collapse(heading.textContent ?? ''));
    if (date !== undefined) return date;
  }
  return undefined;
}

function idFromHref(href: string | null, base: URL): ArxivId | undefined {
  if (!href) return undefined;
  try {
    return arxivIdFromUrl(new URL(href.trim(), base));
  } catch {
    return undefined;
  }
}

/** The id from the abstract link's href, else its `id` attribute, else its text ("arXiv:2609.22268"). */
function idOf(dt: Element, base: URL): ArxivId | undefined {
  const link = dt.querySelector(select.abstractLink);
  if (!link) return undefined;
  return (
    idFromHref(link.getAttribute('href'), base) ??
    parseArxivId(link.getAttribute('id') ?? '') ??
    parseArxivId(collapse(link.textContent ?? ''))
  );
}

/** The version in the HTML link (`/html/2510.01881v4` → 4), the only version a listing shows. */
function versionOf(dt: Element, id: string, base: URL): number | undefined {
  const html = idFromHref(dt.querySelector(select.htmlLink)?.getAttribute('href') ?? null, base);
  return html?.id === id ? html.version : undefined;
}

interface Context {
  /** From the list's heading; undefined when the heading names no section (a day on /recent). */
  section: Section | undefined;
  /** Whether the list had a heading at all; without one the dt markers tell the section. */
  headed: boolean;
  published: string | undefined;
}

function rowFor(dt: Element, context: Context, base: URL): RawRow {
  const parsedId = idOf(dt, base);
  if (!parsedId) return { skip: 'no arXiv id in the entry head (dt)' };
  const { id } = parsedId;
  const dd = dt.nextElementSibling;
  if (!dd || dd.localName !== 'dd') return { id, skip: 'entry head (dt) not followed by its body (dd)' };

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

  return {
    id,
    entry: compact({
      paper: compact({
        key: arxivKey(id),
        arxivId: id,
        version: parsedId.version ?? versionOf(dt, id, base),
        title: titleElement ? textWithout(titleElement, select.descriptor) : undefined,
        authors: Array.from(meta.querySelectorAll(select.authorLinks)).flatMap((a) => nonEmpty(readText(a)) ?? []),
        abstract: textOf(meta.querySelector(select.abstract)),
        primaryCategory,
        subjects: unique([...(primaryCategory === undefined ? [] : [primaryCategory]), ...listed]),
        comments: textOf(meta.querySelector(select.comments), select.descriptor),
        published: context.published,
      }),
      section: context.headed ? context.section : markerSection,
      roots: [dt, dd],
      anchor: dt,
    }),
  };
}

/** Every entry of the page in order; rows that fail validation go to `onInvalid`. */
export function parseArxivListing(doc: Document, url: URL, onInvalid?: IssueReporter): ListingEntry[] {
  const pageDate = pageAnnouncementDate(doc);
  const rows: RawRow[] = [];
  for (const list of Array.from(doc.querySelectorAll(select.entryLists))) {
    const context: Context = { section: undefined, headed: false, published: pageDate };
    for (const child of Array.from(list.children)) {
      if (child.localName === 'h3') {
        const heading = collapse(child.textContent ?? '');
        context.headed = true;
        context.section = sectionOfHeading(heading);
        context.published = dateInText(heading) ?? pageDate;
      } else if (child.localName === 'dt') {
        rows.push(rowFor(child, context, url));
      }
    }
  }
  return validEntries(rows, onInvalid);
}

export const adapter: SiteAdapter = {
  id: 'arxiv-listing',
  label: 'arXiv listings',
  matches: ['https://arxiv.org/list/*', 'https://arxiv.org/catchup*'],
  detect,
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
