import { describe, expect, it } from 'vitest';
import { findDuplicates, firstAuthorSurname, normalizeTitle } from '../../../lib/library/duplicates.ts';
import { type Paper, PaperSchema } from '../../../lib/paper/model.ts';
import { makePaper } from '../../support/papers.ts';

let serial = 0;
/** A DOI paper published 2024-01-01, keyed and created in call order, built by the shared factory. */
function paper(title: string, authors: string[], overrides: Partial<Paper> = {}): Paper {
  serial += 1;
  const key = overrides.key ?? `doi:10.1000/2401.${String(serial).padStart(5, '0')}`;
  return makePaper(key, {
    title,
    authors,
    createdAt: serial,
    updatedAt: serial,
    published: '2024-01-01',
    ...overrides,
  });
}

describe('normalizeTitle', () => {
  it.each([
    ['$\\mathcal{L}$-Lipschitz {BERT} – Ødegaard’s', 'l lipschitz bert odegaard s'],
    ['Attention Is All You Need', 'attention is all you need'],
    ['Attention is all you need.', 'attention is all you need'],
    ['  Straße~und Æther ', 'strasse und aether'],
    ['\\emph{Deep} \\textbf{Learning}', 'deep learning'],
    ['大型语言模型：综述', '大型语言模型 综述'],
    ['!!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeTitle(input)).toBe(expected);
  });
});

describe('firstAuthorSurname', () => {
  it.each([
    [['Jürgen Müller', 'Ada Lovelace'], 'muller'],
    [['Müller, Jürgen'], 'muller'],
    [['李华'], '李华'],
    [['Plato'], 'plato'],
    [['', '  ', 'Grace Hopper'], 'hopper'],
    [[], ''],
  ])('%j → %j', (authors, expected) => {
    expect(firstAuthorSurname(authors)).toBe(expected);
  });
});

describe('findDuplicates', () => {
  it('groups the same normalized title and first-author surname with years at most one apart', () => {
    const a = paper('Attention Is All You Need', ['Ashish Vaswani', 'Noam Shazeer'], {
      published: '2017-06-12',
      savedAt: 5,
    });
    const b = paper('Attention is all you need.', ['A. Vaswani'], { published: '2018-01-01' });
    const c = paper('Attention is all you need', ['Vaswani, Ashish'], { published: '2020-01-01' });
    const other = paper('Attention is all you need', ['Someone Else'], { published: '2017-01-01' });
    const unrelated = paper('Another paper', ['Ashish Vaswani'], { published: '2017-01-01' });
    expect(findDuplicates([c, other, unrelated, b, a])).toEqual([
      { keys: [a.key, b.key], reason: 'same title and first author, 2017 vs 2018' },
    ]);
  });

  it('splits years into windows so every pair of a group is within one year', () => {
    const papers = [2020, 2021, 2022, 2023].map((year) =>
      paper('Same', ['Ada Lovelace'], { published: `${year}-05-01` }),
    );
    const groups = findDuplicates(papers);
    expect(groups.map((group) => group.keys)).toEqual([
      [papers[0]!.key, papers[1]!.key],
      [papers[2]!.key, papers[3]!.key],
    ]);
  });

  it('handles CJK names, single-name authors, no authors and the same year', () => {
    const cjk = [paper('大型语言模型综述', ['李华']), paper('大型语言模型综述', ['李华', '王伟'])];
    const single = [paper('Republic', ['Plato']), paper('Republic', ['Plato'])];
    const none = [paper('Anonymous work', []), paper('Anonymous Work', [])];
    const groups = findDuplicates([...cjk, ...single, ...none]);
    expect(groups).toHaveLength(3);
    for (const group of groups) expect(group.reason).toBe('same title, first author and year (2024)');
    expect(
      groups
        .map((group) => group.keys)
        .flat()
        .sort(),
    ).toEqual([...cjk, ...single, ...none].map((p) => p.key).sort());
  });

  it('lets a paper without a year join the first group, and groups papers that all lack one', () => {
    const dated = paper('Same', ['Ada Lovelace'], { published: '2020-01-01' });
    const { published: _, ...undated } = paper('Same', ['Ada Lovelace']);
    expect(findDuplicates([dated, undated])).toEqual([
      { keys: [dated.key, undated.key], reason: 'same title and first author, 2020 vs no year' },
    ]);
    const { published: __, ...one } = paper('Lone', ['Ada Lovelace']);
    const { published: ___, ...two } = paper('Lone', ['Ada Lovelace']);
    expect(findDuplicates([one, two])).toEqual([
      { keys: [one.key, two.key], reason: 'same title and first author, no year' },
    ]);
  });

  it('takes the year from an arXiv id when there is no published date', () => {
    const { published: _, ...a } = paper('Same', ['Ada Lovelace'], { key: 'arxiv:2301.00001', arxivId: '2301.00001' });
    const { published: __, ...b } = paper('Same', ['Ada Lovelace'], { key: 'arxiv:2501.00001', arxivId: '2501.00001' });
    expect(findDuplicates([a, b])).toEqual([]);
  });

  it('never lists a key twice, orders keys saved first then oldest, and skips empty titles', () => {
    const older = paper('Same', ['Ada Lovelace']);
    const saved = paper('Same', ['Ada Lovelace'], { savedAt: 1 });
    const empty = [paper('???', ['Ada Lovelace']), paper('!!!', ['Ada Lovelace'])];
    const groups = findDuplicates([older, saved, older, ...empty]);
    expect(groups).toEqual([{ keys: [saved.key, older.key], reason: 'same title, first author and year (2024)' }]);
  });

  it('finds nothing in an empty or duplicate-free library', () => {
    expect(findDuplicates([])).toEqual([]);
    expect(findDuplicates([paper('One', ['A B']), paper('Two', ['A B'])])).toEqual([]);
  });
});

describe('findDuplicates across key kinds', () => {
  /** A paper of any key kind (the shared factory reads only `arxiv:` and `doi:` keys), created in call order. */
  function keyed(key: string, fields: Partial<Paper> = {}): Paper {
    serial += 1;
    return PaperSchema.parse({
      key,
      title: 'Learning Transferable Visual Models From Natural Language Supervision',
      authors: ['Alec Radford', 'Jong Wook Kim'],
      subjects: [],
      published: '2021',
      createdAt: serial,
      updatedAt: serial,
      ...fields,
    });
  }

  it('suggests merging a url: paper (a Scholar result on a page without a DOI) with the keyed record', () => {
    const arxiv = keyed('arxiv:2103.00020', { arxivId: '2103.00020', published: '2021-02-26', savedAt: 5 });
    const page = keyed('url:https://proceedings.mlr.press/v139/radford21a.html', {
      title: 'Learning transferable visual models from natural language supervision',
      authors: ['A Radford', 'JW Kim', 'C Hallacy'],
    });
    expect(findDuplicates([page, arxiv])).toEqual([
      { keys: [arxiv.key, page.key], reason: 'same title, first author and year (2021)' },
    ]);
  });

  it('groups a record of every kind with the same title, first author and year', () => {
    const papers = [
      keyed('openreview:HyWrIgW0W'),
      keyed('acl:2021.acl-long.1'),
      keyed('pmid:31452104'),
      keyed('s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776'),
      keyed('dblp:conf/icml/RadfordKHRGASAM21'),
      keyed('url:https://example.org/clip'),
      keyed('doi:10.5555/clip', { published: '2022' }),
    ];
    const groups = findDuplicates(papers);
    expect(groups).toHaveLength(1);
    expect(new Set(groups[0]!.keys)).toEqual(new Set(papers.map((paper) => paper.key)));
    expect(groups[0]!.reason).toBe('same title and first author, 2021 vs 2022');
  });

  it('keeps a url: paper apart when the first author or the year differs', () => {
    const arxiv = keyed('arxiv:2103.00020', { arxivId: '2103.00020' });
    const otherAuthor = keyed('url:https://example.org/a', { authors: ['Jong Wook Kim', 'Alec Radford'] });
    const later = keyed('url:https://example.org/b', { published: '2023' });
    expect(findDuplicates([arxiv, otherAuthor, later])).toEqual([]);
  });
});
