import { describe, expect, it } from 'vitest';
import { parseCslJson } from '../../../../lib/formats/csl-json/read.ts';
import { ImportFileError } from '../../../../lib/formats/types.ts';
import { errorOf, fixture } from '../load.ts';

describe('parseCslJson: Zotero’s export of a preprint', () => {
  const { items, rejected } = parseCslJson(fixture('zotero-csl.json'));

  it('keys by number "arXiv:<id>", reads authors, issued date, abstract; drops the identifier-only note', () => {
    expect(items[0]).toEqual({
      paper: {
        key: 'arxiv:1706.03762',
        arxivId: '1706.03762',
        title: 'Attention Is All You Need',
        authors: ['Ashish Vaswani', 'Noam Shazeer', 'Google Brain'],
        abstract:
          'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks.',
        subjects: [],
        published: '2023-08-02',
      },
      citeKey: 'http://zotero.org/users/local/kPz4aQ1b/items/7WQ9XJ2C',
      index: 0,
    });
  });

  it('keeps a TeX title as TeX and CJK names family first; custom.tags deduplicated; note kept; a year alone', () => {
    expect(items[1]).toMatchObject({
      paper: {
        key: 'arxiv:2401.12345',
        title: '$\\mathcal{L}$-Lipschitz Transformers',
        authors: ['Jürgen Müller', '李 华'],
        published: '2024',
      },
      note: 'My note on this paper.',
      tags: ['theory', 'to-read'],
      citeKey: 'muller2024',
    });
  });

  it('rejects an item without an id and an item of the wrong shape, by index and id', () => {
    expect(rejected).toEqual([
      { index: 2, id: 'knuth1997', reason: expect.stringMatching(/^no arXiv id or DOI/) },
      { index: 3, id: 'bad', reason: expect.stringMatching(/^not a CSL item: title: /) },
    ]);
  });

  it('reads DOI, URL and particles; rejects non-objects', () => {
    const { items: read, rejected: bad } = parseCslJson(
      JSON.stringify([
        {
          id: 7,
          title: 'Cells',
          DOI: 'https://doi.org/10.1101/2021.08.03.454978',
          author: [{ family: 'Berg', given: 'Anna', 'non-dropping-particle': 'van der' }],
          issued: { 'date-parts': [['2021', '8', '3']] },
          custom: { tags: [{ tag: 'bio' }] },
          keyword: 'cells; biology',
        },
        { title: 'HF', URL: 'https://huggingface.co/papers/2401.12346', issued: { raw: '2024-01-22' } },
        'not an item',
      ]),
    );
    expect(
      read.map((item) => [item.paper.key, item.paper.authors, item.paper.published, item.tags, item.citeKey]),
    ).toEqual([
      ['doi:10.1101/2021.08.03.454978', ['Anna van der Berg'], '2021-08-03', ['bio', 'cells', 'biology'], '7'],
      ['arxiv:2401.12346', [], '2024-01-22', undefined, undefined],
    ]);
    expect(bad).toEqual([{ index: 2, reason: expect.stringMatching(/^not a CSL item: \(entry\): /) }]);
  });
});

describe('parseCslJson: unreadable files', () => {
  it('refuses anything but an array', () => {
    const error = errorOf(() => parseCslJson('{"id": "x", "title": "One item"}'));
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error.message).toBe('CSL-JSON must be an array of items ([{…}, …]); this file holds an object');
  });

  it('names the line and column of a JSON syntax error', () => {
    const error = errorOf(() => parseCslJson('[\n  {"id": "a", "title": "A"},\n  {"id": "b" "title": "B"}\n]'));
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error.message).toMatch(/^line 3, column 14: CSL-JSON is not valid JSON \(/);
    expect((error as ImportFileError).line).toBe(3);
  });
});

describe('parseCslJson: dates, names, DOIs, titles', () => {
  const read = (item: Record<string, unknown>) =>
    parseCslJson(JSON.stringify([{ title: 'T', URL: 'https://arxiv.org/abs/2401.00001', ...item }])).items[0]!;

  it.each([
    [{ 'date-parts': [[2015]] }, '2015'],
    [{ 'date-parts': [[2015, 5]] }, '2015-05'],
    [{ 'date-parts': [[2015, 5, 12]] }, '2015-05-12'],
    [{ 'date-parts': [['2015', '05']] }, '2015-05'],
    [{ raw: '2015-05' }, '2015-05'],
    [{ literal: '2015' }, '2015'],
    [{ 'date-parts': [[2015, 13]] }, '2015'],
  ])('issued %j → %j', (issued, published) => {
    expect(read({ issued }).paper.published).toBe(published);
  });

  it('has no date when issued is missing or unreadable', () => {
    expect(read({}).paper).not.toHaveProperty('published');
    expect(read({ issued: { literal: 'Spring' } }).paper).not.toHaveProperty('published');
  });

  it('reads name parts: suffix, both particles, literal, CJK family first', () => {
    const { paper } = read({
      author: [
        { family: 'Reynolds', given: 'William T.', suffix: 'Jr.' },
        { family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' },
        { family: 'Gogh', given: 'Vincent', 'dropping-particle': 'van' },
        { family: '李', given: '华' },
        { family: 'García Márquez', given: 'Gabriel' },
        { literal: 'ATLAS Collaboration' },
        { family: 'Plato' },
      ],
    });
    expect(paper.authors).toEqual([
      'William T. Reynolds Jr.',
      'Ludwig van Beethoven',
      'Vincent van Gogh',
      '李 华',
      'García Márquez, Gabriel',
      'ATLAS Collaboration',
      'Plato',
    ]);
  });

  it('reads DOI beside an arXiv id as the journal DOI; citation-key before id, verbatim', () => {
    const item = read({ DOI: '10.1109/CVPR.2016.90', id: 'http://zotero.org/x', 'citation-key': 'He_2016:deep' });
    expect(item.paper.doi).toBe('10.1109/cvpr.2016.90');
    expect(item.citeKey).toBe('He_2016:deep');
    expect(read({ id: 'Lake2023' }).citeKey).toBe('Lake2023');
  });

  it('reads rich text back to TeX for arXiv papers, to plain text for others', () => {
    expect(
      read({ title: 'Ga<sub>2</sub>O<sub>3</sub> and <i>x</i> for $5 <span class="nocase">BERT</span>' }).paper.title,
    ).toBe('Ga\\textsubscript{2}O\\textsubscript{3} and \\emph{x} for \\$5 {BERT}');
    const doiOnly = parseCslJson(
      JSON.stringify([
        { title: 'Ga<sub>2</sub>O<sub>3</sub> in <i>vivo</i> <span class="nocase">BERT</span>', DOI: '10.1000/x' },
      ]),
    );
    expect(doiOnly.items[0]!.paper.title).toBe('Ga₂O₃ in vivo BERT');
  });

  it('keeps a title Zotero wrote as TeX (arXiv titles), unless the file is Dogear’s own', () => {
    expect(read({ title: '$\\mathcal{L}$-Lipschitz $n^2$' }).paper.title).toBe('$\\mathcal{L}$-Lipschitz $n^2$');
    expect(read({ title: 'a\\b', custom: { dogearKey: 'arxiv:2401.00001' } }).paper.title).toBe('a\\textbackslash{}b');
  });
});

describe('parseCslJson: a real Better BibTeX export (fixtures/bbt-pandoc.csl.json)', () => {
  const { items, rejected } = parseCslJson(fixture('bbt-pandoc.csl.json'));

  it('imports the item with a DOI: year-only date, its citation key, its rich-text title as plain text', () => {
    expect(items).toEqual([
      {
        paper: {
          key: 'doi:10.1484/j.se.2.303788',
          title: 'Skizze zur Auslegungsgeschichte der Bücher Prouerbia und Ecclesiastes in der abendländischen Kirche',
          authors: ['Rainer Berndt'],
          subjects: [],
          published: '1994',
        },
        citeKey: 'Berndt1994',
        index: 1,
      },
    ]);
  });

  it('rejects the items without an arXiv id or DOI, by index and key', () => {
    expect(rejected.map((rejection) => [rejection.index, rejection.id])).toEqual([
      [0, 'Adams2001'],
      [2, 'Dunning2016'],
      [3, 'Wordsworth1883'],
    ]);
  });
});
