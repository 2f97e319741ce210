import { describe, expect, it } from 'vitest';
import { fold, matchesQuery, queryWords } from '../../lib/search.ts';

const paper = { title: '$\\mathcal{L}$-Lipschitz Transformers for {BERT}', authors: ['Jürgen Müller', '李华'] };

describe('matchesQuery', () => {
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
    expect(matchesQuery(paper, queryWords(query))).toBe(expected);
  });

  it('folds accents and TeX markers', () => {
    expect(fold('  Ødegaard  $\\alpha$ {BERT} ')).toBe('ødegaard alpha bert');
  });
});
