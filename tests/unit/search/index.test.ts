import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LibraryFilters } from '../../../lib/search/facets.ts';
import { fold } from '../../../lib/search/fold.ts';
import { buildIndex, runQuery } from '../../../lib/search/index.ts';
import { parseQuery } from '../../../lib/search/parse.ts';
import type { SortOrder } from '../../../lib/search/sort.ts';
import { byTitle, keys, papers } from './papers.ts';
import { makePaper } from '../../support/papers.ts';

describe('runQuery', () => {
  it.each([
    [
      '',
      ['arxiv:2305.00002', 'arxiv:2001.00003', 'arxiv:2401.00001', 'arxiv:hep-th/9901001', 'doi:10.1000/xyz'].sort(),
    ],
    ['muller', ['arxiv:2401.00001']],
    ['MÜLLER bert lipschitz', ['arxiv:2401.00001']],
    ['李华', ['arxiv:2401.00001']],
    ['graph', ['arxiv:2305.00002', 'arxiv:2401.00001']],
    ['t:graph a:hopper', ['arxiv:2305.00002']],
    ['"graph neural"', ['arxiv:2401.00001']],
    ['t:"neural graph"', ['arxiv:2305.00002']],
    ['baseline', ['arxiv:2401.00001']],
    ['note:baseline', ['arxiv:2401.00001']],
    ['t:baseline', []],
    ['a:graph', []],
    ['tag:reading', ['arxiv:2305.00002', 'arxiv:2401.00001']],
    ['tag:lg', ['arxiv:2401.00001']],
    ['tag:cs/lg', ['arxiv:2401.00001']],
    ['tag:ead', []],
    ['2305.00002', ['arxiv:2305.00002']],
    ['hep-th/9901001', ['arxiv:hep-th/9901001']],
    ['y:2024', ['arxiv:2401.00001']],
    ['y:<2000', ['arxiv:hep-th/9901001']],
    ['y:2020-2023', ['arxiv:2001.00003', 'arxiv:2305.00002']],
    ['y:2020 y:2021', []],
    ['lovelace nobody', []],
  ])('%j', (query, expected) => {
    expect(keys(query).sort()).toEqual([...expected].sort());
  });

  it('does not let a term run across two authors or fields', () => {
    expect(keys('a:"muller 李"')).toEqual([]);
    expect(keys('"bert jurgen"')).toEqual([]);
  });

  it('sorts by each key, missing values last in both directions', () => {
    expect(keys('', {}, { key: 'saved', direction: 'desc' })).toEqual([
      'arxiv:2401.00001',
      'arxiv:2305.00002',
      'arxiv:2001.00003',
      'arxiv:hep-th/9901001',
      'doi:10.1000/xyz',
    ]);
    expect(keys('', {}, { key: 'saved', direction: 'asc' }).slice(0, 2)).toEqual([
      'arxiv:2305.00002',
      'arxiv:2401.00001',
    ]);
    // seen = last seen, else first seen
    expect(keys('', {}, { key: 'seen', direction: 'desc' }).slice(0, 3)).toEqual([
      'arxiv:2401.00001',
      'arxiv:2305.00002',
      'arxiv:2001.00003',
    ]);
    expect(keys('', {}, { key: 'published', direction: 'asc' })).toEqual([
      'arxiv:hep-th/9901001',
      'arxiv:2001.00003',
      'arxiv:2305.00002',
      'arxiv:2401.00001',
      'doi:10.1000/xyz',
    ]);
    expect(keys('', {}, { key: 'published', direction: 'desc' })).toEqual([
      'arxiv:2401.00001',
      'arxiv:2305.00002',
      'arxiv:2001.00003',
      'arxiv:hep-th/9901001',
      'doi:10.1000/xyz',
    ]);
    expect(keys('', {}, byTitle)).toEqual([
      'doi:10.1000/xyz',
      'arxiv:2001.00003',
      'arxiv:2401.00001',
      'arxiv:2305.00002',
      'arxiv:hep-th/9901001',
    ]);
    expect(keys('', {}, { key: 'title', direction: 'desc' })[0]).toBe('arxiv:hep-th/9901001');
  });

  it('combines query, filters and sort', () => {
    expect(keys('graph', { states: ['saved'] }, { key: 'saved', direction: 'asc' })).toEqual([
      'arxiv:2305.00002',
      'arxiv:2401.00001',
    ]);
  });

  it('rejects an index it did not build', () => {
    expect(() => runQuery({ papers }, parseQuery(''), {}, byTitle)).toThrow(TypeError);
  });

  it('agrees with a naive filter on random libraries', () => {
    const words = ['graph', 'neural', 'müller', 'bert', 'ml', 'cs/lg'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            title: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' ')),
            tags: fc.array(fc.constantFrom('ml', 'cs/LG', 'Reading'), { maxLength: 2 }),
            saved: fc.boolean(),
          }),
          { maxLength: 20 },
        ),
        fc.constantFrom(...words),
        (records, word) => {
          const library = records.map((record, position) =>
            makePaper(`2401.${String(position + 1).padStart(5, '0')}`, {
              title: record.title,
              ...(record.tags.length > 0 ? { tags: [...new Set(record.tags)] } : {}),
              ...(record.saved ? { savedAt: position } : {}),
            }),
          );
          const found = runQuery(
            buildIndex(library),
            parseQuery(`t:${word}`),
            { states: ['saved'] },
            { key: 'saved', direction: 'asc' },
          );
          const expected = library.filter(
            (entry) => entry.savedAt !== undefined && fold(entry.title).includes(fold(word)),
          );
          expect(found.map((entry) => entry.key)).toEqual(expected.map((entry) => entry.key));
        },
      ),
    );
  });
});

describe('runQuery result cache', () => {
  it('gives the same results as a fresh index for any sequence of queries and filters (typing, backspace, edits)', () => {
    const library = Array.from({ length: 60 }, (_, n) =>
      makePaper(`2401.${String(n + 1).padStart(5, '0')}`, {
        title: ['graph neural nets', 'neural graph', 'graphene', 'attention', 'networks of graphs'][n % 5]!,
        authors: [['Ada Lovelace'], ['Grace Hopper', 'Jürgen Müller'], ['李华']][n % 3]!,
        ...(n % 4 === 0 ? { tags: ['cs/LG'] } : n % 4 === 1 ? { tags: ['ml', 'Reading'] } : {}),
        ...(n % 2 === 0 ? { savedAt: n } : {}),
        ...(n % 7 === 0 ? { note: 'graph theory note' } : {}),
      }),
    );
    const texts = [
      '',
      'g',
      'gr',
      'gra',
      'graph',
      'graph n',
      'graph ne',
      'graph',
      'grap',
      'neural',
      't:graph',
      't:graph a:mu',
      'a:m',
      'tag:c',
      'tag:cs',
      'tag:cs/lg',
      'tag:lg',
      'note:graph',
      '"graph neural"',
      'y:2024 graph',
      'li',
      'ne',
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            text: fc.constantFrom(...texts),
            saved: fc.boolean(),
            direction: fc.constantFrom('asc', 'desc'),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        (steps) => {
          const index = buildIndex(library);
          for (const step of steps) {
            const filters: LibraryFilters = step.saved ? { states: ['saved'] } : {};
            const sort: SortOrder = { key: 'title', direction: step.direction as 'asc' | 'desc' };
            const expected = runQuery(buildIndex(library), parseQuery(step.text), filters, sort).map(
              (found) => found.key,
            );
            expect(runQuery(index, parseQuery(step.text), filters, sort).map((found) => found.key)).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('free words over title and authors', () => {
  const single = buildIndex([
    makePaper('2402.00001', {
      title: '$\\mathcal{L}$-Lipschitz Transformers for {BERT}',
      authors: ['Jürgen Müller', '李华'],
    }),
  ]);

  it.each([
    ['', true],
    ['lipschitz', true],
    ['LIPSCHITZ transformers', true],
    ['muller', true],
    ['müller bert', true],
    ['李华', true],
    ['mathcal', true],
    ['lipschitz resnet', false],
    ['zhang', false],
  ])('%j → %s', (query, expected) => {
    expect(runQuery(single, parseQuery(query), {}, byTitle).length === 1).toBe(expected);
  });
});
