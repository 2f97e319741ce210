/** The filter controls beside the search box (states, a tag, a site) and the counts that label their choices. */
import type { Paper } from '../paper/model.ts';
import { stateMask, type StateFilter } from './state.ts';

/**
 * What the filter controls select, applied on top of the query.
 *
 * - `states`: a paper must be in every listed state (AND; `['saved', 'noted']` = saved papers with a note).
 * - `tag`: a paper must carry this tag exactly (case-insensitive, as normalizeTags dedupes).
 * - `site`: the site the paper was saved from (`savedFrom.site`, see siteIds).
 */
export interface LibraryFilters {
  states?: readonly StateFilter[];
  tag?: string;
  site?: string;
}

/** The per-paper columns the filters read (buildIndex's). */
export interface FilterColumns {
  readonly papers: readonly Paper[];
  /** stateBits of each paper */
  readonly states: Uint8Array;
  /** NaN when the paper has no year */
  readonly years: Float64Array;
}

/** The filters and the query's year range, ready to apply; `key` is equal for filters that select the same papers. */
export interface Facets {
  readonly mask: number;
  readonly tag: string | undefined;
  readonly site: string | undefined;
  readonly years: { from: number; to: number } | undefined;
  readonly key: string;
}

export function facetsOf(filters: LibraryFilters, years: { from: number; to: number } | undefined): Facets {
  const mask = stateMask(filters.states ?? []);
  const tag = filters.tag === undefined ? undefined : filters.tag.toLowerCase();
  const site = filters.site;
  const key = JSON.stringify([mask, tag ?? null, site ?? null, years?.from ?? null, years?.to ?? null]);
  return { mask, tag, site, years, key };
}

/** The indices of the papers passing the facets, ascending. */
export function filterIndices(columns: FilterColumns, facets: Facets): Int32Array {
  const { papers, states } = columns;
  const { mask, tag, site, years } = facets;
  const count = papers.length;
  const needsFilter = mask !== 0 || tag !== undefined || site !== undefined || years !== undefined;
  const passed = new Int32Array(count);
  let found = 0;
  for (let i = 0; i < count; i += 1) {
    if (needsFilter) {
      if ((states[i]! & mask) !== mask) continue;
      if (years !== undefined) {
        const year = columns.years[i]!;
        // NaN fails both comparisons, so papers without a year drop out here.
        if (!(year >= years.from && year <= years.to)) continue;
      }
      const paper = papers[i]!;
      if (site !== undefined && paper.savedFrom?.site !== site) continue;
      if (tag !== undefined && !(paper.tags?.some((candidate) => candidate.toLowerCase() === tag) ?? false)) continue;
    }
    passed[found] = i;
    found += 1;
  }
  return passed.subarray(0, found);
}

function compareKeys(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * How many papers carry each tag, most used first (then alphabetically). Tags differing only in case count as one,
 * shown in the spelling met first.
 */
export function tagCounts(papers: readonly Paper[]): { tag: string; count: number }[] {
  const counts = new Map<string, { tag: string; count: number }>();
  for (const paper of papers) {
    if (paper.tags === undefined) continue;
    for (const tag of paper.tags) {
      const folded = tag.toLowerCase();
      const entry = counts.get(folded);
      if (entry) entry.count += 1;
      else counts.set(folded, { tag, count: 1 });
    }
  }
  return [...counts.values()].sort(
    (left, right) => right.count - left.count || compareKeys(left.tag.toLowerCase(), right.tag.toLowerCase()),
  );
}

/** The sites papers were saved from (`savedFrom.site`), sorted: the choices of the site filter. */
export function siteIds(papers: readonly Paper[]): string[] {
  const sites = new Set<string>();
  for (const paper of papers) if (paper.savedFrom !== undefined) sites.add(paper.savedFrom.site);
  return [...sites].sort();
}
