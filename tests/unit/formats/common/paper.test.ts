import { describe, expect, it } from 'vitest';
import { doiOf, journalDoiOf, urlOf } from '../../../../lib/formats/common/paper.ts';
import { oneLine } from '../../../../lib/formats/common/text.ts';
import type { PaperKey } from '../../../../lib/paper/ids.ts';
import { paper } from '../papers.ts';
import { knownDate, publishedOf } from '../../../../lib/paper/dates.ts';

describe('knownDate', () => {
  const at = (key: PaperKey, published?: string) =>
    knownDate(paper(key, { title: 'T', authors: [], ...(published ? { published } : {}) }));

  it.each([
    [at('arxiv:2401.12345', '2023-12-31'), '2023-12-31'],
    [at('arxiv:2401.12345'), '2024-01'],
    [at('arxiv:hep-th/9901001'), '1999-01'],
    [at('arxiv:math/0611800'), '2006-11'],
    [at('doi:10.1000/x', '2016'), '2016'],
    [at('doi:10.1000/x', '2015-05'), '2015-05'],
  ])('%j → %s', (date, iso) => {
    expect(publishedOf(date!)).toBe(iso);
  });

  it('gives no date for an undated paper, whenever its record was made', () => {
    expect(at('doi:10.1000/x')).toBeUndefined();
  });
});

describe('journalDoiOf', () => {
  it('is the key DOI, else the journal DOI an arXiv paper carries; never the DataCite one', () => {
    expect(journalDoiOf(paper('doi:10.1000/x', { title: 'T', authors: [] }))).toBe('10.1000/x');
    expect(journalDoiOf(paper('arxiv:2401.12345', { title: 'T', authors: [], doi: '10.1103/physrevd.1.1' }))).toBe(
      '10.1103/physrevd.1.1',
    );
    expect(journalDoiOf(paper('arxiv:2401.12345', { title: 'T', authors: [] }))).toBeUndefined();
    expect(doiOf(paper('arxiv:2401.12345', { title: 'T', authors: [], doi: '10.1103/x' }))).toBe('10.1103/x');
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
