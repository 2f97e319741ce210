/**
 * Hugging Face Papers listings (huggingface.co):
 * - `/papers` (latest daily list) and `/papers/date/YYYY-MM-DD` → `daily`
 * - `/papers/week/YYYY-Www` → `week`, `/papers/month/YYYY-MM` → `month`, `/papers/trending` → `trending`
 * - any of these with a non-empty `?q=` → `search`
 * Single-paper pages (`/papers/<arxivId>`) are not listings.
 *
 * Each card (`article`) is one entry. The cards show only id, title and upvotes; authors, summary and dates come from
 * the DailyPapers island's `data-props` JSON, joined by paper id. The JSON is page state from the first render and can
 * be stale after client-side navigation, so the cards decide which entries exist and the JSON only enriches them.
 */
import { arxivKey, parseArxivId } from '../../ids.ts';
import { z } from '../../zod.ts';
import {
  type IssueReporter,
  type RawRow,
  collapse,
  compact,
  datePart,
  nonEmpty,
  readText,
  validEntries,
} from '../parse-helpers.ts';
import type { ListingEntry, SiteAdapter } from '../types.ts';
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
 * Papers of the island's `data-props`, by arXiv id without version. Malformed or missing JSON gives an empty map:
 * the cards are still parsed from the DOM.
 */
function papersById(doc: Document): Map<string, PaperJson> {
  const papers = new Map<string, PaperJson>();
  const raw = doc.querySelector(select.papersIsland)?.getAttribute('data-props');
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

/** `-` is how the rendered page shows zero votes (rendered fixture, last two cards). */
function domUpvotes(article: Element): number | undefined {
  const text = collapse(article.querySelector(select.upvoteCount)?.textContent ?? '');
  if (text === '-') return 0;
  return /^\d[\d,]*$/.test(text) ? Number(text.replaceAll(',', '')) : undefined;
}

/**
 * The controls go at the end of the title's parent block (title, organisation and stars column), not inside the
 * `h3`: a heading should keep only its title text for screen readers and the hover underline.
 */
function anchorFor(article: Element, link: Element): Element {
  const heading = link.closest('h3');
  if (!heading || !article.contains(heading)) return article;
  const block = heading.parentElement;
  return block && article.contains(block) ? block : heading;
}

/** Every card of the page, enriched from `data-props`; rows that fail validation go to `onInvalid`. */
export function parseHuggingFace(doc: Document, _url: URL, onInvalid?: IssueReporter): ListingEntry[] {
  const papers = papersById(doc);
  const rows: RawRow[] = [];
  for (const article of Array.from(doc.querySelectorAll(select.card))) {
    const link = article.querySelector(select.titleLink);
    if (!link) continue; // an `article` that is not a paper card
    const href = link.getAttribute('href') ?? '';
    const pathId = /^\/papers\/([^/?#]+)/.exec(href)?.[1];
    let decoded: string | undefined;
    try {
      decoded = pathId === undefined ? undefined : decodeURIComponent(pathId);
    } catch {
      decoded = undefined;
    }
    const parsedId = decoded === undefined ? undefined : parseArxivId(decoded);
    if (!parsedId) {
      rows.push({ skip: `title link ${JSON.stringify(href)} names no arXiv id` });
      continue;
    }
    const json = papers.get(parsedId.id);
    const authors = (json?.authors ?? []).flatMap((author) => nonEmpty(author.name) ?? []);
    rows.push({
      id: parsedId.id,
      entry: compact({
        paper: compact({
          key: arxivKey(parsedId.id),
          arxivId: parsedId.id,
          version: parsedId.version,
          title: nonEmpty(json?.title) ?? collapse(readText(link)),
          authors,
          abstract: json?.summary?.trim() || undefined,
          subjects: [],
          published: datePart(json?.publishedAt),
        }),
        upvotes: json?.upvotes ?? domUpvotes(article),
        roots: [article],
        anchor: anchorFor(article, link),
      }),
    });
  }
  return validEntries(rows, onInvalid);
}

export const adapter: SiteAdapter = {
  id: 'huggingface',
  label: 'Hugging Face Papers',
  matches: ['https://huggingface.co/papers*'],
  detect,
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
