/**
 * What an export covers (everything, the saved papers, a selection, a tag, a date range, or "saved today"), as data the
 * transfer panel and the popup can hold and describe.
 */
import type { Paper } from '../paper/model.ts';
import { tagId } from '../paper/tags.ts';
import { publishedOf } from '../paper/dates.ts';

export type ExportScope =
  | { kind: 'all' }
  | { kind: 'saved' }
  | { kind: 'selection'; keys: readonly string[] }
  | { kind: 'tag'; tag: string }
  /** savedAt (else firstSeenAt) in [from, to) epoch ms */
  | { kind: 'range'; from: number; to: number }
  /** local day of `now` */
  | { kind: 'savedToday'; now: number };

/** Epoch ms of the local midnight starting `now`'s day, and of the next one (23 or 25 hours later across DST). */
export function localDayBounds(now: number): { start: number; end: number } {
  const date = new Date(now);
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  const end = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
  return { start, end };
}

/**
 * The papers of `scope`, in the order of `papers`.
 *
 * - `all`: every paper given (saved or only seen); `saved`: those with savedAt.
 * - `selection`: the given keys (unknown keys are ignored).
 * - `tag`: papers carrying the tag, compared case-insensitively (tags are deduplicated that way, normalizeTags).
 * - `range`: papers whose savedAt, else firstSeenAt, lies in [from, to); papers with neither are out.
 * - `savedToday`: papers saved on the local calendar day of `now`.
 */
export function papersInScope(papers: readonly Paper[], scope: ExportScope): Paper[] {
  switch (scope.kind) {
    case 'all':
      return [...papers];
    case 'saved':
      return papers.filter((paper) => paper.savedAt !== undefined);
    case 'selection': {
      const keys = new Set(scope.keys);
      return papers.filter((paper) => keys.has(paper.key));
    }
    case 'tag': {
      const tag = tagId(scope.tag);
      return papers.filter((paper) => paper.tags?.some((candidate) => tagId(candidate) === tag) ?? false);
    }
    case 'range':
      return papers.filter((paper) => {
        const time = paper.savedAt ?? paper.firstSeenAt;
        return time !== undefined && time >= scope.from && time < scope.to;
      });
    case 'savedToday': {
      const { start, end } = localDayBounds(scope.now);
      return papers.filter((paper) => paper.savedAt !== undefined && paper.savedAt >= start && paper.savedAt < end);
    }
    default: {
      const unexpected: never = scope;
      throw new Error(`Unknown export scope ${JSON.stringify(unexpected)}`);
    }
  }
}

/** `YYYY-MM-DD` of a local day. */
function localDay(time: number): string {
  const date = new Date(time);
  return publishedOf({ year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() });
}

/**
 * The scope in words, for the export button and the file summary: 'all papers', 'saved papers', '3 selected papers',
 * 'tag “cs/LG”', 'saved or seen 2026-11-01 – 2026-11-30' (local days, the end day included: `to` is exclusive), 'saved
 * today'.
 */
export function describeScope(scope: ExportScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all papers';
    case 'saved':
      return 'saved papers';
    case 'selection': {
      const count = new Set(scope.keys).size;
      return `${count} selected paper${count === 1 ? '' : 's'}`;
    }
    case 'tag':
      return `tag “${scope.tag}”`;
    case 'range': {
      if (!(scope.to > scope.from)) return 'an empty date range';
      const first = localDay(scope.from);
      const last = localDay(scope.to - 1);
      return first === last ? `saved or seen on ${first}` : `saved or seen ${first} – ${last}`;
    }
    case 'savedToday':
      return 'saved today';
    default: {
      const unexpected: never = scope;
      throw new Error(`Unknown export scope ${JSON.stringify(unexpected)}`);
    }
  }
}
