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

/** A `published` value (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) read with its precision. */
export function parsePublished(published: string): PaperDate {
  const [year, month, day] = published.split('-').map(Number) as [number, number?, number?];
  if (month === undefined) return { year };
  return day === undefined ? { year, month } : { year, month, day };
}

/** The `published` value of a date: as precise as the date is (lib/paper/model.ts PublishedSchema). */
export function publishedOf(date: PaperDate): string {
  return [date.year, date.month, date.day]
    .filter((part) => part !== undefined)
    .map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0'))
    .join('-');
}

/**
 * The v1 date, as precise as it is known: `published` (a day from a page, a year or month from an imported file), or
 * the arXiv id's YYMM, which is the v1 submission month (arXiv's own BibTeX export dates the latest version instead),
 * whichever is more precise when they agree on the year; else undefined. Never the time a record was made: a paper
 * without a known date is cited without one.
 */
export function knownDate(paper: Pick<Paper, 'key' | 'arxivId' | 'published'>): PaperDate | undefined {
  const id = arxivIdOf(paper);
  const fromId = id === undefined ? undefined : arxivYearMonth(id);
  if (paper.published === undefined) return fromId;
  const published = parsePublished(paper.published);
  return published.month === undefined && fromId?.year === published.year ? fromId : published;
}

/** The date every export writes and cite keys use: knownDate, so every format and key agree. */
export const citationDate: (paper: Pick<Paper, 'key' | 'arxivId' | 'published'>) => PaperDate | undefined = knownDate;

/** A paper's year as the library shows and filters it (knownDate's): undefined when neither date nor id gives one. */
export function paperYear(paper: Pick<Paper, 'key' | 'arxivId' | 'published'>): number | undefined {
  return knownDate(paper)?.year;
}
