import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildIndex,
  foldText,
  paperYear,
  parseQuery,
  runQuery,
  siteIds,
  tagCounts,
  type LibraryFilters,
  type SortOrder,
} from '../../../lib/library/query.ts';
import type { Paper } from '../../../lib/model.ts';
import { fold } from '../../../lib/search.ts';

function paper(id: string, overrides: Partial<Paper> = {}): Paper {
  return { key: `arxiv:${id}`, arxivId: id, title: `Paper ${id}`, authors: ['Ada Lovelace'], subjects: [], createdAt: 1, updatedAt: 1, ...overrides };
}

const papers: Paper[] = [
  paper('2401.00001', {
    title: 'Graph Neural Networks for $\\mathcal{L}$-Lipschitz {BERT}',
    authors: ['Jürgen Müller', '李华'],
    tags: ['cs/LG', 'reading'],
    note: 'Compare with the Transformer baseline',
    savedAt: 300,
    savedFrom: { site: 'huggingface', url: 'https://huggingface.co/papers' },
    firstSeenAt: 100,
    lastSeenAt: 300,
    published: '2024-01-02',
  }),
  paper('2305.00002', {
    title: 'Neural graph rewriting',
    authors: ['Grace Hopper'],
    tags: ['Reading'],
    savedAt: 200,
    savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' },
    firstSeenAt: 150,
    openedAt: 160,
  }),
  paper('2001.00003', { title: 'Attention is all you need', authors: ['Ashish Vaswani'], firstSeenAt: 50, latestVersion: 3, seenVersion: 1 }),
  paper('hep-th/9901001', { key: 'arxiv:hep-th/9901001', arxivId: 'hep-th/9901001', title: 'Strings', authors: ['Edward Witten'] }),
  { key: 'doi:10.1000/xyz', title: 'A DOI-only paper', authors: [], subjects: [], createdAt: 1, updatedAt: 1, note: '   ' },
];
const index = buildIndex(papers);
const byTitle: SortOrder = { key: 'title', direction: 'asc' };

function keys(query: string, filters: LibraryFilters = {}, sort: SortOrder = byTitle): string[] {
  return runQuery(index, parseQuery(query), filters, sort).map((found) => found.key);
}

describe('parseQuery', () => {
  it('splits free words, prefixes and quoted phrases, folded', () => {
    expect(parseQuery('a:Müller t:"Graph  Neural" y:2020-2023 GNN tag:cs/LG note:baseline "exact phrase"')).toEqual({
      words: ['gnn', 'exact phrase'],
      title: ['graph neural'],
      authors: ['muller'],
      tags: ['cs/lg'],
      note: ['baseline'],
      years: { from: 2020, to: 2023 },
      errors: [],
    });
  });

  it.each([
    ['y:2024', { from: 2024, to: 2024 }],
    ['y:2023-2020', { from: 2020, to: 2023 }],
    ['y:2020..2023', { from: 2020, to: 2023 }],
    ['y:>=2021', { from: 2021, to: 9999 }],
    ['y:>2021', { from: 2022, to: 9999 }],
    ['y:<2020', { from: 0, to: 2019 }],
    ['y:<=2020', { from: 0, to: 2020 }],
    ['y:2020-', { from: 2020, to: 9999 }],
    ['year:2019 y:>=2018', { from: 2019, to: 2019 }],
  ])('%s → %j', (text, years) => {
    const parsed = parseQuery(text);
    expect(parsed.years).toEqual(years);
    expect(parsed.errors).toEqual([]);
  });

  it('reports bad years and ignores them', () => {
    const parsed = parseQuery('y:abc y:20 y:>=x graph');
    expect(parsed.errors).toEqual(['y:abc is not a year', 'y:20 is not a year', 'y:>=x is not a year']);
    expect(parsed.years).toBeUndefined();
    expect(parsed.words).toEqual(['graph']);
  });

  it('reports year terms that exclude each other', () => {
    expect(parseQuery('y:2020 y:2021').errors).toEqual(['the year terms exclude every year']);
  });

  it('ignores a prefix still being typed, an unterminated quote runs to the end, unknown prefixes are words', () => {
    expect(parseQuery('t: a:')).toEqual({ words: [], title: [], authors: [], tags: [], note: [], errors: [] });
    expect(parseQuery('t:"graph neu').title).toEqual(['graph neu']);
    expect(parseQuery('http://x.org/ab').words).toEqual(['http://x.org/ab']);
    expect(parseQuery('  ').words).toEqual([]);
    expect(parseQuery('T:Graph').title).toEqual(['graph']);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseQuery(text);
        expect(Array.isArray(parsed.errors)).toBe(true);
      }),
    );
  });
});

describe('foldText', () => {
  it('equals fold for any input', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      expect(foldText(text)).toBe(fold(text));
    }));
    // Characters where NFKD, mark removal, case and whitespace interact: combining marks after ASCII letters, letters
    // that decompose to ASCII (ﬁ, Ａ, ①), İ (lowercases to i + a mark), final sigma, non-breaking spaces, TeX characters.
    const tricky = ['a', 'e', 'I', 'É', '\u0301', '\u0327', '\u0345', ' ', '\t', '\u00a0', 'Σ', 'ς', 'ﬁ', '①', 'Ａ', 'İ', 'ß', 'Ø', '李', '$', '{', '\\', '\x01', '\x02'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tricky), { maxLength: 12 }).map((chars) => chars.join('')), (text) => {
        expect(foldText(text)).toBe(fold(text));
      }),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(foldText(text)).toBe(fold(text));
    }));
  });
});

describe('paperYear', () => {
  it('takes the published year, else the arXiv yymm, else nothing', () => {
    expect(paperYear(papers[0]!)).toBe(2024);
    expect(paperYear(papers[1]!)).toBe(2023);
    expect(paperYear(papers[3]!)).toBe(1999);
    expect(paperYear({ key: 'arxiv:math/0309136' })).toBe(2003);
    expect(paperYear(papers[4]!)).toBeUndefined();
  });
});

describe('runQuery', () => {
  it.each([
    ['', ['arxiv:2305.00002', 'arxiv:2001.00003', 'arxiv:2401.00001', 'arxiv:hep-th/9901001', 'doi:10.1000/xyz'].sort()],
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

  it('sorts by each key, missing values last in both directions', () => {
    expect(keys('', {}, { key: 'saved', direction: 'desc' })).toEqual([
      'arxiv:2401.00001',
      'arxiv:2305.00002',
      'arxiv:2001.00003',
      'arxiv:hep-th/9901001',
      'doi:10.1000/xyz',
    ]);
    expect(keys('', {}, { key: 'saved', direction: 'asc' }).slice(0, 2)).toEqual(['arxiv:2305.00002', 'arxiv:2401.00001']);
    // seen = last seen, else first seen
    expect(keys('', {}, { key: 'seen', direction: 'desc' }).slice(0, 3)).toEqual(['arxiv:2401.00001', 'arxiv:2305.00002', 'arxiv:2001.00003']);
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
    expect(keys('graph', { states: ['saved'] }, { key: 'saved', direction: 'asc' })).toEqual(['arxiv:2305.00002', 'arxiv:2401.00001']);
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
            paper(`2401.${String(position + 1).padStart(5, '0')}`, {
              title: record.title,
              ...(record.tags.length > 0 ? { tags: [...new Set(record.tags)] } : {}),
              ...(record.saved ? { savedAt: position } : {}),
            }),
          );
          const found = runQuery(buildIndex(library), parseQuery(`t:${word}`), { states: ['saved'] }, { key: 'saved', direction: 'asc' });
          const expected = library.filter((entry) => entry.savedAt !== undefined && fold(entry.title).includes(fold(word)));
          expect(found.map((entry) => entry.key)).toEqual(expected.map((entry) => entry.key));
        },
      ),
    );
  });
});

describe('runQuery result cache', () => {
  it('gives the same results as a fresh index for any sequence of queries and filters (typing, backspace, edits)', () => {
    const library = Array.from({ length: 60 }, (_, n) =>
      paper(`2401.${String(n + 1).padStart(5, '0')}`, {
        title: ['graph neural nets', 'neural graph', 'graphene', 'attention', 'networks of graphs'][n % 5]!,
        authors: [['Ada Lovelace'], ['Grace Hopper', 'Jürgen Müller'], ['李华']][n % 3]!,
        ...(n % 4 === 0 ? { tags: ['cs/LG'] } : n % 4 === 1 ? { tags: ['ml', 'Reading'] } : {}),
        ...(n % 2 === 0 ? { savedAt: n } : {}),
        ...(n % 7 === 0 ? { note: 'graph theory note' } : {}),
      }),
    );
    const texts = ['', 'g', 'gr', 'gra', 'graph', 'graph n', 'graph ne', 'graph', 'grap', 'neural', 't:graph', 't:graph a:mu', 'a:m',
      'tag:c', 'tag:cs', 'tag:cs/lg', 'tag:lg', 'note:graph', '"graph neural"', 'y:2024 graph', 'li', 'ne'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: fc.constantFrom(...texts), saved: fc.boolean(), direction: fc.constantFrom('asc', 'desc') }), { minLength: 1, maxLength: 25 }),
        (steps) => {
          const index = buildIndex(library);
          for (const step of steps) {
            const filters: LibraryFilters = step.saved ? { states: ['saved'] } : {};
            const sort: SortOrder = { key: 'title', direction: step.direction as 'asc' | 'desc' };
            const expected = runQuery(buildIndex(library), parseQuery(step.text), filters, sort).map((found) => found.key);
            expect(runQuery(index, parseQuery(step.text), filters, sort).map((found) => found.key)).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
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
