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
  // Slices rather than split(): every export reads the date of every paper.
  const year = Number(published.slice(0, 4));
  if (published.length < 7) return { year };
  const month = Number(published.slice(5, 7));
  return published.length < 10 ? { year, month } : { year, month, day: Number(published.slice(8, 10)) };
}

const twoDigits = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The `published` value of a date: as precise as the date is (lib/paper/model.ts PublishedSchema). */
export function publishedOf(date: PaperDate): string {
  const year = String(date.year).padStart(4, '0');
  if (date.month === undefined) return year;
  const month = `${year}-${twoDigits(date.month)}`;
  return date.day === undefined ? month : `${month}-${twoDigits(date.day)}`;
}

/**
 * The v1 date, as precise as it is known: `published` (a day from a page, a year or month from an imported file), or
 * the arXiv id's YYMM, which is the v1 submission month (arXiv's own BibTeX export dates the latest version instead),
 * whichever is more precise when they agree on the year; else undefined. Never the time a record was made: a paper
 * without a known date is cited without one.
 */
export function knownDate(paper: Pick<Paper, 'key' | 'arxivId' | 'published'>): PaperDate | undefined {
  const { published } = paper;
  // A month or a day is as precise as the id can be: the id is read only when there is no such date.
  if (published !== undefined && published.length > 4) return parsePublished(published);
  const id = arxivIdOf(paper);
  const fromId = id === undefined ? undefined : arxivYearMonth(id);
  if (published === undefined) return fromId;
  const year = parsePublished(published);
  return fromId?.year === year.year ? fromId : year;
}

/** A paper's year as the library shows and filters it (knownDate's): undefined when neither date nor id gives one. */
export function paperYear(paper: Pick<Paper, 'key' | 'arxivId' | 'published'>): number | undefined {
  return knownDate(paper)?.year;
}
