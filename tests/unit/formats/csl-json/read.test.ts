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

  it('keeps TeX titles and CJK names as they are; custom.tags deduplicated; note kept; a year alone is no date', () => {
    expect(items[1]).toMatchObject({
      paper: {
        key: 'arxiv:2401.12345',
        title: '$\\mathcal{L}$-Lipschitz Transformers',
        authors: ['Jürgen Müller', '华 李'],
      },
      note: 'My note on this paper.',
      tags: ['theory', 'to-read'],
      citeKey: 'muller2024',
    });
    expect(items[1]!.paper.published).toBeUndefined();
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
