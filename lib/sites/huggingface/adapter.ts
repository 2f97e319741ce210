/**
 * Hugging Face Papers listings (huggingface.co):
 *
 * - `/papers` (latest daily list) and `/papers/date/YYYY-MM-DD` → `daily`
 * - `/papers/week/YYYY-Www` → `week`, `/papers/month/YYYY-MM` → `month`, `/papers/trending` → `trending`
 * - any of these with a non-empty `?q=` → `search` Single-paper pages (`/papers/<arxivId>`) are not listings.
 *
 * Each card (`article`) is one entry. The cards show only id, title and upvotes; authors, summary and dates come from
 * the DailyPapers island's `data-props` JSON, joined by paper id. The JSON is page state from the first render and can
 * be stale after client-side navigation, so the cards decide which entries exist and the JSON only enriches them.
 *
 * `scan` reads only each card's title link (id, anchor); `read` reads the card's title and votes and joins the JSON,
 * parsed once per `data-props` string (cached per island element).
 */
import { arxivIdOfKey, arxivKey, parseArxivId } from '../../paper/ids.ts';
import { z } from '../../zod.ts';
import {
  type IssueReporter,
  type RawRow,
  type ScanStep,
  collapse,
  compact,
  datePart,
  decodeEntities,
  isFirstListing,
  listingRow,
  nonEmpty,
  readSteps,
  readText,
  rescanRow,
  scannedRows,
  validEntry,
  warnIssue,
} from '../parse-helpers.ts';
import { SITE_LABELS } from '../labels.ts';
import type { ListingEntry, ListingRow, SiteAdapter } from '../types.ts';
import * as select from './selectors.ts';

const HOST = 'huggingface.co';

/** Listing paths and their kinds; a trailing slash is ignored. */
const LISTING_PATHS: readonly (readonly [RegExp, string])[] = [
  [/^\/papers$/, 'daily'],
  [/^\/papers\/date\/\d{4}-\d{2}-\d{2}$/, 'daily'],
  [/^\/papers\/week\/\d{4}-W\d{2}$/, 'week'],
  [/^\/papers\/month\/\d{4}-\d{2}$/, 'month'],
  [/^\/papers\/trending$/, 'trending'],
];

function detect(url: URL): string | undefined {
  if (url.hostname !== HOST) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  const kind = LISTING_PATHS.find(([pattern]) => pattern.test(path))?.[1];
  if (kind === undefined) return undefined;
  // A search can be added to any listing (`/papers?q=…`, `/papers/trending?q=…`): the page then shows results.
  return (url.searchParams.get('q') ?? '').trim() === '' ? kind : 'search';
}

/**
 * The part of a `data-props` paper we read. Each field falls back to undefined on its own, so one odd field never
 * discards the rest of the paper.
 */
const PaperJsonSchema = z.object({
  id: z.string(),
  title: z.string().optional().catch(undefined),
  summary: z.string().optional().catch(undefined),
  authors: z
    .array(z.object({ name: z.string().optional().catch(undefined) }).catch({}))
    .optional()
    .catch(undefined),
  upvotes: z.int().min(0).optional().catch(undefined),
  publishedAt: z.string().optional().catch(undefined),
});
type PaperJson = z.infer<typeof PaperJsonSchema>;

const ItemJsonSchema = z.object({ paper: PaperJsonSchema });

/**
 * Papers of a `data-props` JSON string, by arXiv id without version. Malformed or missing JSON gives an empty map: the
 * cards are still parsed from the DOM.
 */
function papersOfProps(raw: string | null | undefined): Map<string, PaperJson> {
  const papers = new Map<string, PaperJson>();
  if (!raw) return papers;
  let props: unknown;
  try {
    props = JSON.parse(raw);
  } catch {
    return papers;
  }
  if (typeof props !== 'object' || props === null) return papers;
  // Search pages carry `searchResults[]` beside `dailyPapers[]`; what the page shows comes first.
  for (const key of ['searchResults', 'dailyPapers'] as const) {
    const list = (props as Record<string, unknown>)[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const parsed = ItemJsonSchema.safeParse(item);
      if (!parsed.success) continue;
      const id = parseArxivId(parsed.data.paper.id)?.id;
      if (id !== undefined && !papers.has(id)) papers.set(id, parsed.data.paper);
    }
  }
  return papers;
}

/** The last papers map read from each island, with the `data-props` string it was read from. */
const papersCache = new WeakMap<Element, { raw: string; papers: ReadonlyMap<string, PaperJson> }>();

/**
 * The papers of the page's island, parsed once per `data-props` string: a `read` of one card after another reuses the
 * map, and a changed string (client-side navigation re-renders the island) is parsed again.
 */
function papersById(doc: Document): ReadonlyMap<string, PaperJson> {
  const island = doc.querySelector(select.papersIsland);
  const raw = island?.getAttribute('data-props');
  if (!island || !raw) return papersOfProps(raw);
  const cached = papersCache.get(island);
  if (cached?.raw === raw) return cached.papers;
  const papers = papersOfProps(raw);
  papersCache.set(island, { raw, papers });
  return papers;
}

/** `-` is how the rendered page shows zero votes (rendered fixture, last two cards). */
function domUpvotes(article: Element): number | undefined {
  const text = collapse(article.querySelector(select.upvoteCount)?.textContent ?? '');
  if (text === '-') return 0;
  return /^\d[\d,]*$/.test(text) ? Number(text.replaceAll(',', '')) : undefined;
}

/**
 * The controls go at the end of the title's parent block (title, organisation and stars column), not inside the `h3`: a
 * heading should keep only its title text for screen readers and the hover underline.
 */
function anchorFor(article: Element, link: Element): Element {
  const heading = link.closest('h3');
  if (!heading || !article.contains(heading)) return article;
  const block = heading.parentElement;
  return block && article.contains(block) ? block : heading;
}

/**
 * The row of one card, from its title link's href alone; undefined for an `article` that is not a paper card (no title
 * link), which is not a row at all.
 */
function scanCard(article: Element): ScanStep | undefined {
  const link = article.querySelector(select.titleLink);
  if (!link) return undefined;
  const href = link.getAttribute('href') ?? '';
  const pathId = /^\/papers\/([^/?#]+)/.exec(href)?.[1];
  let decoded: string | undefined;
  try {
    decoded = pathId === undefined ? undefined : decodeURIComponent(pathId);
  } catch {
    decoded = undefined;
  }
  const parsedId = decoded === undefined ? undefined : parseArxivId(decoded);
  if (!parsedId) return { skip: `title link ${JSON.stringify(href)} names no arXiv id` };
  return {
    row: listingRow(arxivKey(parsedId.id), parsedId.version, [article], anchorFor(article, link)),
    context: undefined,
  };
}

function scanSteps(doc: Document): ScanStep[] {
  return Array.from(doc.querySelectorAll(select.card)).flatMap((article) => scanCard(article) ?? []);
}

/**
 * The page data's `publishedAt` when it can be the paper's v1 date. For most cards it is the arXiv announcement day,
 * but older papers get a later day (2601.06352 and 2608.09444 are dated 2026-09-20 and 2026-09-25 on the 2026-09-28
 * page): those carry no date, and their arXiv id's month dates them (lib/paper/dates.ts knownDate).
 */
function firstListingDate(id: string, date: string | undefined): string | undefined {
  return date !== undefined && isFirstListing(id, date) ? date : undefined;
}

/** The full entry of a scanned card: its title and votes, enriched from the island's papers. */
function readEntry(row: ListingRow, papers: ReadonlyMap<string, PaperJson>): RawRow {
  const article = row.roots[0]!;
  const id = arxivIdOfKey(row.key)!;
  const link = article.querySelector(select.titleLink);
  const json = papers.get(id);
  // Names come HTML-escaped inside the JSON (`Christopher D&#39;Mello` in the rendered fixture), titles do not.
  const authors = (json?.authors ?? []).flatMap((author) =>
    author.name === undefined ? [] : (nonEmpty(decodeEntities(author.name)) ?? []),
  );
  return {
    id,
    entry: compact({
      paper: compact({
        key: row.key,
        arxivId: id,
        version: row.version,
        title: nonEmpty(json?.title) ?? (link ? collapse(readText(link)) : undefined),
        authors,
        abstract: json?.summary?.trim() || undefined,
        subjects: [],
        published: firstListingDate(id, datePart(json?.publishedAt)),
      }),
      upvotes: json?.upvotes ?? domUpvotes(article),
      roots: row.roots,
      anchor: row.anchor,
    }),
  };
}

/** Every card of the page in order, without reading it; cards whose link names no arXiv id go to `onInvalid`. */
export function scanHuggingFace(doc: Document, _url: URL, onInvalid?: IssueReporter): ListingRow[] {
  return scannedRows(scanSteps(doc), onInvalid);
}

/**
 * The full entry of one scanned card, or undefined (reported) when it fails validation or has left the page. The
 * island's JSON is parsed on the first read and again only when its `data-props` string changes.
 */
export function readHuggingFace(
  row: ListingRow,
  doc: Document,
  _url: URL,
  onInvalid: IssueReporter = warnIssue,
): ListingEntry | undefined {
  const fresh = rescanRow(row, doc, (article) => article.matches(select.card), scanCard, onInvalid);
  return fresh && validEntry(readEntry(fresh, papersById(doc)), undefined, onInvalid);
}

/** Every card of the page (scan, then read of every row), enriched from `data-props`; invalid rows go to `onInvalid`. */
export function parseHuggingFace(doc: Document, _url: URL, onInvalid?: IssueReporter): ListingEntry[] {
  const steps = scanSteps(doc);
  const papers = papersById(doc);
  return readSteps(steps, (row) => readEntry(row, papers), onInvalid);
}

export const adapter: SiteAdapter = {
  id: 'huggingface',
  label: SITE_LABELS['huggingface'],
  matches: ['https://huggingface.co/papers*'],
  detect,
  scan: (doc, url) => scanHuggingFace(doc, url),
  read: (row, doc, url) => readHuggingFace(row, doc, url),
  parse: (doc, url) => parseHuggingFace(doc, url),
  examples: [
    { url: 'https://huggingface.co/papers', kind: 'daily', fixture: 'huggingface/daily_papers_2026-07-02_server.html' },
    {
      url: 'https://huggingface.co/papers/date/2026-09-28',
      kind: 'daily',
      fixture: 'huggingface/daily_papers_2026-09-28_rendered.html',
    },
    { url: 'https://huggingface.co/papers/date/2026-07-01', kind: 'daily' },
    { url: 'https://huggingface.co/papers/week/2026-W27', kind: 'week' },
    { url: 'https://huggingface.co/papers/month/2026-03', kind: 'month' },
    { url: 'https://huggingface.co/papers/trending', kind: 'trending' },
    { url: 'https://huggingface.co/papers?q=speculative+decoding', kind: 'search' },
    { url: 'https://huggingface.co/papers/trending?q=agents', kind: 'search' },
    { url: 'https://huggingface.co/papers/month/2026-03?q=robotics', kind: 'search' },
  ],
};
