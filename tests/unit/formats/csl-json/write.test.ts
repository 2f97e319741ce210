import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCslItems, toCslJson } from '../../../../lib/formats/csl-json/write.ts';
import { golden, hardCases, hostilePaper, paper } from '../papers.ts';

describe('toCslJson', () => {
  it('matches hard-cases.csl.json', () => {
    expect(toCslJson(hardCases)).toBe(golden('hard-cases.csl.json'));
  });

  it('writes an empty array for no papers', () => {
    expect(toCslJson([])).toBe('[]\n');
  });

  it('gives clashing papers distinct ids, equal to their citation keys', () => {
    const p = paper('arxiv:1706.03762', { title: 'Attention', authors: ['Ashish Vaswani'], published: '2017-06-12' });
    const q = paper('arxiv:1706.03763', { title: 'Attention', authors: ['Ashish Vaswani'], published: '2017-06-12' });
    const items = toCslItems([p, q]);
    expect(items.map((item) => item.id)).toEqual(['vaswani2017attention', 'vaswani2017attentiona']);
    expect(items.map((item) => item['citation-key'])).toEqual(['vaswani2017attention', 'vaswani2017attentiona']);
  });

  it('marks a DOI paper with an arXiv id by its archive id only, not as published by arXiv', () => {
    const p = paper('doi:10.1038/x', {
      title: 'T',
      authors: ['Jo Doe'],
      arxivId: '2107.00001',
      published: '2021-07-15',
    });
    const [item] = toCslItems([p]);
    expect(item).toMatchObject({ number: 'arXiv:2107.00001', DOI: '10.1038/x', URL: 'https://doi.org/10.1038/x' });
    expect(item).not.toHaveProperty('publisher');
  });

  it('splits suffixes and keeps one-word names literal', () => {
    const p = paper('arxiv:2401.00001', { title: 'T', authors: ['Martin Luther King Jr.', 'Plato', '  '] });
    expect(toCslItems([p])[0]!.author).toEqual([
      { family: 'King', given: 'Martin Luther', suffix: 'Jr.' },
      { literal: 'Plato' },
    ]);
  });
});

describe('toCslJson properties', () => {
  it('is valid JSON: one article per paper, with unique ids', () => {
    fc.assert(
      fc.property(fc.array(hostilePaper, { maxLength: 4 }), (papers) => {
        const items = JSON.parse(toCslJson(papers)) as Record<string, unknown>[];
        expect(items).toHaveLength(papers.length);
        for (const [index, item] of items.entries()) {
          expect(item.type).toBe('article');
          expect(item.id).toBe(item['citation-key']);
          expect(item.custom).toMatchObject({ dogearKey: papers[index]!.key });
          expect(typeof item.title).toBe('string');
        }
        expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
      }),
      { numRuns: 300 },
    );
  });
});
