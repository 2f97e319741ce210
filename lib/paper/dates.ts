/**
 * A paper's year, for `y:` terms, the published sort and the year shown beside a paper (library table, detail,
 * duplicates).
 */
import { arxivIdOfKey } from './ids.ts';
import type { Paper } from './model.ts';

/** The year of a new-style (`2401.12345`) or old-style (`hep-th/9901001`) arXiv id. */
export function arxivYearMonth(id: string): { year: number; month: number } | undefined {
  const match = /^(?:[a-z-]+\/)?(\d{2})(\d{2})[.\d]/.exec(id);
  if (!match) return undefined;
  const yy = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  // New-style ids start in 2007; old-style ones run 1991–2007, so `91`–`99` are the 1990s.
  return { year: yy >= 91 ? 1900 + yy : 2000 + yy, month };
}

/**
 * A paper's year: its published date's, else its arXiv id's yymm (the v1 announcement month), else undefined.
 */
export function paperYear(paper: Pick<Paper, 'key' | 'arxivId' | 'published'>): number | undefined {
  if (paper.published !== undefined) return Number(paper.published.slice(0, 4));
  const id = paper.arxivId ?? arxivIdOfKey(paper.key);
  return id === undefined ? undefined : arxivYearMonth(id)?.year;
}
