/**
 * Real BibTeX and BibLaTeX files from other tools (tests/unit/formats/fixtures/PROVENANCE.md): each imports with its
 * titles read the way BibTeX prints them (case protection stripped), names by BibTeX's grammar, dates as precise as
 * given and cite keys as written.
 */
import { describe, expect, it } from 'vitest';
import { parseBibtex } from '../../../../lib/formats/bibtex/read.ts';
import { fixture } from '../load.ts';

function summary(name: string) {
  const { items, rejected } = parseBibtex(fixture(name));
  return {
    rejected,
    items: items.map((item) => ({
      citeKey: item.citeKey,
      key: item.paper.key,
      title: item.paper.title,
      authors: item.paper.authors,
      published: item.paper.published,
    })),
  };
}

describe('Zotero’s own BibTeX export (zotero-native.bib)', () => {
  const { items, rejected } = summary('zotero-native.bib');

  it('keeps every cite key as written, and reads titles without Zotero’s per-word protection', () => {
    expect(rejected).toEqual([]);
    expect(items.map(({ citeKey, title }) => [citeKey, title])).toEqual([
      ['mnih_playing_2013', 'Playing Atari with Deep Reinforcement Learning'],
      ['dayo_future_2025', 'The Future of Memory: Limits and Opportunities'],
      ['stark_nonadiabatic_2025', 'Nonadiabatic reactive scattering of hydrogen on different surface facets of copper'],
      ['zhang_drsom_2022', 'DRSOM: A Dimension Reduced Second-Order Method and Preliminary Analyses'],
      ['SGM_2019', 'Energy and Policy Considerations for Deep Learning in NLP'],
      ['MOT16', 'MOT16: A Benchmark for Multi-Object Tracking'],
    ]);
  });

  it('reads year and month macros as a month, a year alone as a year', () => {
    expect(items.map(({ published }) => published)).toEqual([
      '2013-12',
      '2025-09',
      '2025',
      '2022-07',
      '2019-06',
      '2016-03',
    ]);
  });

  it('reads "Family, Given" names, initials and accents included', () => {
    expect(items[0]!.authors.slice(0, 2)).toEqual(['Volodymyr Mnih', 'Koray Kavukcuoglu']);
    expect(items[1]!.authors.at(-1)).toBe('H.-S. Philip Wong');
    expect(items[2]!.authors[0]).toBe('Wojciech G. Stark');
    expect(items[5]!.authors).toEqual(['A. Milan', 'L. Leal-Taixé', 'I. Reid', 'S. Roth', 'K. Schindler']);
  });

  it('keys each paper on its arXiv id', () => {
    expect(items.map(({ key }) => key)).toEqual([
      'arxiv:1312.5602',
      'arxiv:2508.20425',
      'arxiv:2505.18147',
      'arxiv:2208.00208',
      'arxiv:1906.02243',
      'arxiv:1603.00831',
    ]);
  });
});

describe('Better BibLaTeX (bbt-2163.biblatex.bib)', () => {
  const { items, rejected } = summary('bbt-2163.biblatex.bib');

  it('strips the double-brace protection and keeps the long cite keys as written', () => {
    expect(items.map(({ citeKey, title }) => [citeKey, title])).toEqual([
      [
        'arXiv.org_preprinthe_delving_deep_into_rectifiers_2015',
        'Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification',
      ],
      [
        'arXiv.org_preprintwang_on_solving_minimax_optimization_locally_2019',
        'On Solving Minimax Optimization Locally: A Follow-the-Ridge Approach',
      ],
      [
        'chaudhari_stochastic_gradient_2018',
        'Stochastic Gradient Descent Performs Variational Inference, Converges to Limit Cycles for Deep Networks',
      ],
      ['miyato_spectral_normalization_2018', 'Spectral Normalization for Generative Adversarial Networks'],
      ['ramsauer_hopfield_networks_2020a', 'Hopfield Networks Is All You Need'],
    ]);
    expect(rejected).toEqual([]);
  });

  it('keys the OpenReview paper, which has neither an arXiv id nor a DOI, by its forum id', () => {
    expect(items.map(({ key }) => key)).toEqual([
      'arxiv:1502.01852',
      'arxiv:1910.07512',
      'openreview:HyWrIgW0W',
      'arxiv:1802.05957',
      'arxiv:2008.02217',
    ]);
  });

  it('reads BibLaTeX dates to the day, and names with their parts', () => {
    expect(items.map(({ published }) => published)).toEqual([
      '2015-02-06',
      '2019-11-25',
      '2018-02-15',
      '2018-02-16',
      '2020-07-16',
    ]);
    expect(items[0]!.authors).toEqual(['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun']);
    expect(items[2]!.authors).toEqual(['Pratik Chaudhari', 'Stefano Soatto']);
    // The file's own damage (U+FFFD for ö and ü) is kept, not guessed at.
    expect(items[4]!.authors[1]).toBe('Bernhard Sch\ufffdfl');
  });
});

describe('arXiv’s DataCite BibTeX (datacite.bib)', () => {
  it('keys the paper on its DataCite DOI, keeps the URL-shaped cite key as written, reads the year', () => {
    const { items } = summary('datacite.bib');
    expect(items).toEqual([
      {
        citeKey: 'https://doi.org/10.48550/arxiv.2010.04159',
        key: 'arxiv:2010.04159',
        title: 'Deformable DETR: Deformable Transformers for End-to-End Object Detection',
        authors: ['Xizhou Zhu', 'Weijie Su', 'Lewei Lu', 'Bin Li', 'Xiaogang Wang', 'Jifeng Dai'],
        published: '2020',
      },
    ]);
  });
});

describe('dblp (dblp-corr.bib)', () => {
  it('reads "First Last" names with braced hyphens and a title wrapped over two lines', () => {
    const { items } = summary('dblp-corr.bib');
    expect(items).toEqual([
      {
        citeKey: 'DBLP:journals/corr/abs-1903-11508',
        key: 'arxiv:1903.11508',
        title: 'Text Processing Like Humans Do: Visually Attacking and Shielding NLP Systems',
        authors: [
          'Steffen Eger',
          'Gözde Gül Sahin',
          'Andreas Rücklé',
          'Ji-Ung Lee',
          'Claudia Schulz',
          'Mohsen Mesgar',
          'Krishnkant Swarnkar',
          'Edwin Simpson',
          'Iryna Gurevych',
        ],
        published: '2019',
      },
    ]);
  });
});
