import { describe, expect, it } from 'vitest';
import { arxivYearMonth, knownDate, paperYear, parsePublished, publishedOf } from '../../../lib/paper/dates.ts';
import { makePaper } from '../../support/papers.ts';
import { papers } from '../search/papers.ts';

describe('paperYear', () => {
  it('takes the published year, else the arXiv yymm, else nothing', () => {
    expect(paperYear(papers[0]!)).toBe(2024);
    expect(paperYear(papers[1]!)).toBe(2023);
    expect(paperYear(papers[3]!)).toBe(1999);
    expect(paperYear({ key: 'arxiv:math/0309136' })).toBe(2003);
    expect(paperYear(papers[4]!)).toBeUndefined();
  });
});

describe('arxivYearMonth', () => {
  it.each([
    ['2401.12345', { year: 2024, month: 1 }],
    ['0704.0001', { year: 2007, month: 4 }],
    ['hep-th/9901001', { year: 1999, month: 1 }],
    ['math/0309136', { year: 2003, month: 9 }],
    ['2413.00001', undefined],
    ['not-an-id', undefined],
  ])('%s → %j', (id, expected) => expect(arxivYearMonth(id)).toEqual(expected));
});

describe('knownDate and knownDate', () => {
  it('take the published day, else the v1 month of the arXiv id (key first, then a valid arxivId field)', () => {
    expect(knownDate(makePaper('2401.12345', { published: '2023-12-31' }))).toEqual({ year: 2023, month: 12, day: 31 });
    expect(knownDate(makePaper('2401.12345'))).toEqual({ year: 2024, month: 1 });
    expect(knownDate(makePaper('doi:10.1000/x', { arxivId: 'hep-th/9901001' }))).toEqual({ year: 1999, month: 1 });
    expect(knownDate(makePaper('doi:10.1000/x', { arxivId: 'garbage' }))).toBeUndefined();
  });

  it('never take the time a record was made for a publication date: an undated paper is cited without one', () => {
    const doi = makePaper('doi:10.1000/x', { createdAt: Date.UTC(2026, 0, 5) });
    expect(knownDate(doi)).toBeUndefined();
    expect(paperYear(doi)).toBeUndefined();
  });

  it('keep the precision a date is known to: a year or a month from a file, the id month when it is finer', () => {
    expect(knownDate(makePaper('doi:10.1000/x', { published: '2016' }))).toEqual({ year: 2016 });
    expect(knownDate(makePaper('doi:10.1000/x', { published: '2015-05' }))).toEqual({ year: 2015, month: 5 });
    expect(knownDate(makePaper('2401.12345', { published: '2024' }))).toEqual({ year: 2024, month: 1 });
    // A year that disagrees with the id is what the file says (a journal year): it is kept as given.
    expect(knownDate(makePaper('2401.12345', { published: '2025' }))).toEqual({ year: 2025 });
    for (const value of ['2016', '2015-05', '2024-02-29']) expect(publishedOf(parsePublished(value))).toBe(value);
  });
});
