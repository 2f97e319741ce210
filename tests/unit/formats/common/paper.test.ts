import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOf, doiOf, isoDate, splitName, urlOf } from '../../../../lib/formats/common/paper.ts';
import { oneLine } from '../../../../lib/formats/common/text.ts';
import type { PaperKey } from '../../../../lib/paper/ids.ts';
import { paper } from '../papers.ts';

describe('splitName', () => {
  it.each([
    ['Ashish Vaswani', { family: 'Vaswani', given: 'Ashish' }],
    ['S. S. Gubser', { family: 'Gubser', given: 'S. S.' }],
    ['Ludwig van Beethoven', { family: 'van Beethoven', given: 'Ludwig' }],
    ['Jean de la Fontaine', { family: 'de la Fontaine', given: 'Jean' }],
    ['bell hooks', { family: 'hooks', given: 'bell' }],
    ['Martin Luther King Jr.', { family: 'King', given: 'Martin Luther', suffix: 'Jr.' }],
    ['Henry Ford II', { family: 'Ford', given: 'Henry', suffix: 'II' }],
    ['Müller, Jürgen', { family: 'Müller', given: 'Jürgen' }],
    ['King, Jr., Martin', { family: 'King', given: 'Martin', suffix: 'Jr.' }],
    ['李华', { literal: '李华' }],
    ['李 华', { family: '李', given: '华' }],
    ['山田 太郎', { family: '山田', given: '太郎' }],
    ['Plato', { literal: 'Plato' }],
    ['Google Brain, and, Friends, Inc', { literal: 'Google Brain, and, Friends, Inc' }],
    [', Given', { literal: ', Given' }],
    ['  Jürgen\n  Müller ', { family: 'Müller', given: 'Jürgen' }],
    [' \t ', undefined],
  ])('%j → %j', (name, split) => {
    expect(splitName(name)).toEqual(split);
  });

  it('never throws and never returns an empty part', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (name) => {
        const split = splitName(name);
        if (split === undefined) return;
        for (const part of Object.values(split)) expect(part).not.toBe('');
      }),
    );
  });
});

describe('dateOf', () => {
  const at = (key: PaperKey, published?: string) =>
    dateOf(paper(key, { title: 'T', authors: [], ...(published ? { published } : {}) }));

  it.each([
    [at('arxiv:2401.12345', '2023-12-31'), '2023-12-31'],
    [at('arxiv:2401.12345'), '2024-01'],
    [at('arxiv:hep-th/9901001'), '1999-01'],
    [at('arxiv:math/0611800'), '2006-11'],
    [at('doi:10.1000/x'), '2026'],
  ])('%j → %s', (date, iso) => {
    expect(isoDate(date!)).toBe(iso);
  });
});

describe('doiOf and urlOf', () => {
  it.each([
    ['arxiv:2401.12345', '10.48550/arXiv.2401.12345', 'https://arxiv.org/abs/2401.12345'],
    ['arxiv:hep-th/9901001', '10.48550/arXiv.hep-th/9901001', 'https://arxiv.org/abs/hep-th/9901001'],
    ['doi:10.1000/a b<c>', '10.1000/a b<c>', 'https://doi.org/10.1000/a%20b%3Cc%3E'],
  ] as const)('%s → %s, %s', (key, doi, url) => {
    const p = paper(key.startsWith('doi:') ? 'doi:10.1000/x' : key, { title: 'T', authors: [] });
    const keyed = { ...p, key: key as PaperKey };
    expect(doiOf(keyed)).toBe(doi);
    expect(urlOf(keyed)).toBe(url);
  });
});

describe('oneLine', () => {
  it('folds breaks, controls and separators, and replaces lone surrogates', () => {
    expect(oneLine('  a\r\n\tb\u2028c\u0000d\u0085e \ud800 ')).toBe('a b c d e \ufffd');
  });
});
