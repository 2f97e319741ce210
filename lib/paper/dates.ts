/**
 * A paper's date, in one place: the year of `y:` terms, the published sort and the year shown beside a paper (library,
 * popup, duplicates), and the date every export writes and cite keys use.
 */
import { arxivIdOf } from './ids.ts';
import type { Paper } from './model.ts';

/** The year and month of a new-style (`2401.12345`) or old-style (`hep-th/9901001`) arXiv id: its v1 month. */
export function arxivYearMonth(id: string): { year: number; month: number } | undefined {
  const match = /^(?:[a-z-]+\/)?(\d{2})(\d{2})[.\d]/.exec(id);
  if (!match) return undefined;
  const yy = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  // New-style ids start in 2007; old-style ones run 1991–2007, so `91`–`99` are the 1990s.
  return { year: yy >= 91 ? 1900 + yy : 2000 + yy, month };
}

/** A date with the precision it is known to. */
export interface PaperDate {
  year: number;
  /** 1–12. */
  month?: number;
  /** 1–31; only with a month. */
  day?: number;
}

/**
 * The v1 date, as precise as it is known: `published` when the page gave it (day precision), else the arXiv id's YYMM,
 * which is the v1 submission month (arXiv's own BibTeX export dates the latest version instead); else undefined.
 */
export function knownDate(paper: Pick<Paper, 'key' | 'arxivId' | 'published'>): PaperDate | undefined {
  if (paper.published !== undefined) {
    const [year, month, day] = paper.published.split('-').map(Number) as [number, number, number];
    return { year, month, day };
  }
  const id = arxivIdOf(paper);
  return id === undefined ? undefined : arxivYearMonth(id);
}

/**
 * The date a citation gives: knownDate, else the year the record was created (UTC), so that every entry of an export
 * has a year.
 */
export function citationDate(paper: Pick<Paper, 'key' | 'arxivId' | 'published' | 'createdAt'>): PaperDate | undefined {
  const known = knownDate(paper);
  if (known !== undefined) return known;
  const created = new Date(paper.createdAt).getUTCFullYear();
  // Years outside 1–9999 have no four-digit form (and would put a `-` in a cite key).
  return created >= 1 && created <= 9999 ? { year: created } : undefined;
}

/** A paper's year as the library shows and filters it (knownDate's): undefined when neither date nor id gives one. */
export function paperYear(paper: Pick<Paper, 'key' | 'arxivId' | 'published'>): number | undefined {
  return knownDate(paper)?.year;
}
