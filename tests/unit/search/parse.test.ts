import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../lib/search/parse.ts';

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
