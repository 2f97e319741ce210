import { describe, expect, it } from 'vitest';
import { siteIds, tagCounts, type LibraryFilters } from '../../../lib/search/facets.ts';
import { keys, papers } from './papers.ts';

describe('filters', () => {
  it.each<[LibraryFilters, string[]]>([
    [{ states: ['saved'] }, ['arxiv:2305.00002', 'arxiv:2401.00001']],
    [{ states: ['unsaved'] }, ['arxiv:2001.00003', 'arxiv:hep-th/9901001', 'doi:10.1000/xyz']],
    [{ states: ['seen'] }, ['arxiv:2001.00003', 'arxiv:2305.00002', 'arxiv:2401.00001']],
    [{ states: ['opened'] }, ['arxiv:2305.00002']],
    [{ states: ['noted'] }, ['arxiv:2401.00001']],
    [{ states: ['tagged'] }, ['arxiv:2305.00002', 'arxiv:2401.00001']],
    [{ states: ['updated'] }, ['arxiv:2001.00003']],
    [{ states: ['saved', 'opened'] }, ['arxiv:2305.00002']],
    [{ states: ['saved', 'unsaved'] }, []],
    [{ tag: 'READING' }, ['arxiv:2305.00002', 'arxiv:2401.00001']],
    [{ tag: 'cs' }, []],
    [{ site: 'huggingface' }, ['arxiv:2401.00001']],
    [{ site: 'huggingface', states: ['opened'] }, []],
  ])('filters %j', (filters, expected) => {
    expect(keys('', filters).sort()).toEqual(expected);
  });
});

describe('tagCounts and siteIds', () => {
  it('counts tags case-insensitively, most used first', () => {
    expect(tagCounts(papers)).toEqual([
      { tag: 'reading', count: 2 },
      { tag: 'cs/LG', count: 1 },
    ]);
  });

  it('lists the sites papers were saved from', () => {
    expect(siteIds(papers)).toEqual(['arxiv-listing', 'huggingface']);
  });
});
