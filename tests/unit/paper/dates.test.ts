import { describe, expect, it } from 'vitest';
import { paperYear } from '../../../lib/paper/dates.ts';
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
