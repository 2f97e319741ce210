import { describe, expect, it } from 'vitest';
import { htmlToText, parseRis, parseRisRecords } from '../../../../lib/formats/ris/read.ts';
import { ImportFileError } from '../../../../lib/formats/types.ts';
import { errorOf, fixture } from '../load.ts';

describe('parseRis: Zotero’s export', () => {
  const { items, rejected } = parseRis(fixture('zotero.ris'));

  it('reads a GEN preprint: DataCite DOI → arXiv key, wrapped abstract joined, KW tags, HTML note as text', () => {
    expect(items[0]).toEqual({
      paper: {
        key: 'arxiv:1706.03762',
        arxivId: '1706.03762',
        title: 'Attention Is All You Need',
        authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
        abstract:
          'The dominant sequence transduction models are based on complex recurrent or\nconvolutional neural networks in an encoder-decoder configuration.',
        subjects: [],
        published: '2023-08-01',
      },
      note: 'Transformer paper. See section 3 & the appendix.',
      tags: ['Computer Science - Computation and Language', 'Computer Science - Machine Learning'],
      index: 0,
      line: 1,
    });
  });

  it('keys a JOUR record by AN arXiv:…, keeps CJK names family first', () => {
    expect(items[1]!.paper).toMatchObject({ key: 'arxiv:2401.12345', authors: ['Jürgen Müller', '李 华'] });
    expect(items[1]!.tags).toEqual(['theory']);
  });

  it('rejects a book with only an ISBN, with its line', () => {
    expect(rejected).toEqual([{ index: 2, line: 30, reason: expect.stringMatching(/^no arXiv id or DOI/) }]);
  });
});

describe('parseRisRecords: syntax', () => {
  it('accepts one or two spaces before the dash, CRLF and CR line ends, an empty ER value and a header', () => {
    const text =
      'Provider: Example\r\nContent: text/plain\r\n\r\nTY - JOUR\r\nTI  - One\r\nER  -\r\n\rTY  - GEN\rDO - 10.1000/x\rER  - \r';
    const records = parseRisRecords(text);
    expect(records.map((record) => [record.line, Object.fromEntries(record.fields)])).toEqual([
      [4, { TY: ['JOUR'], TI: ['One'] }],
      [8, { TY: ['GEN'], DO: ['10.1000/x'] }],
    ]);
  });

  it('joins continuation lines: with a space in titles, a newline in notes', () => {
    const [record] = parseRisRecords(
      'TY  - GEN\nTI  - A long title that\n    wraps here\nN1  - first line\nsecond line\nER  - \n',
    );
    expect(record!.fields.get('TI')).toEqual(['A long title that wraps here']);
    expect(record!.fields.get('N1')).toEqual(['first line\nsecond line']);
  });

  it('names the line of a record without ER (end of file, or the next TY first)', () => {
    const atEnd = errorOf(() => parseRisRecords('TY  - GEN\nTI  - ok\nER  - \n\nTY  - JOUR\nTI  - Missing end\n'));
    expect(atEnd).toBeInstanceOf(ImportFileError);
    expect(atEnd.message).toBe('line 5: the record starting here has no "ER  - " line (the file ends first)');
    expect((atEnd as ImportFileError).line).toBe(5);
    const nextFirst = errorOf(() => parseRisRecords('TY  - GEN\nTI  - no end\nTY  - JOUR\nER  - \n'));
    expect(nextFirst.message).toBe('line 3: a new record starts before the record of line 1 ended (no "ER  - " line)');
  });

  it('names a tag line or text outside a record', () => {
    expect(errorOf(() => parseRisRecords('TY  - GEN\nER  - \nTI  - stray\n')).message).toBe(
      'line 3: "TI" line outside a record (a record starts with "TY  - ")',
    );
    expect(errorOf(() => parseRisRecords('TY  - GEN\nER  - \nstray text\n')).message).toBe(
      'line 3: text outside a record (a record starts with "TY  - ")',
    );
  });
});

describe('htmlToText', () => {
  it.each([
    ['<p>One</p><p>Two<br/>three &lt;4&gt; &#8364;</p>', 'One\n\nTwo\nthree <4> €'],
    ['plain <b>text</b> stays', 'plain <b>text</b> stays'],
    ['<div data-schema-version="8"><p>Note &amp;amp;</p></div>', 'Note &amp;'],
  ])('%j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

describe('parseRis: names, dates, DOIs and keys', () => {
  const record = (...lines: string[]) => parseRis(['TY  - GEN', 'TI  - T', ...lines, 'ER  - ', ''].join('\r\n'));

  it('reads AU in RIS order (Family, Given, Suffix), particles with the family, CJK family first', () => {
    const { items } = record(
      'UR  - https://arxiv.org/abs/2401.00001',
      'AU  - Reynolds, William T., Jr.',
      'AU  - van Beethoven, Ludwig',
      'AU  - 李, 华',
      'AU  - García Márquez, Gabriel',
      'AU  - Reynolds, Jr., William T.',
      'AU  - Google Brain',
      'AU  - Ashish Vaswani',
    );
    expect(items[0]!.paper.authors).toEqual([
      'William T. Reynolds Jr.',
      'Ludwig van Beethoven',
      '李 华',
      'García Márquez, Gabriel',
      'William T. Reynolds Jr.',
      'Google Brain',
      'Ashish Vaswani',
    ]);
  });

  it.each([
    [['PY  - 2015'], '2015'],
    [['PY  - 2015/05//'], '2015-05'],
    [['DA  - 2015/05/12/'], '2015-05-12'],
    [['PY  - 2015', 'DA  - 2015/05/12/'], '2015-05-12'],
    [['PY  - 2015///', 'DA  - 2015/05//'], '2015-05'],
    [['DA  - 2015', 'PY  - 2015/05/12/'], '2015-05-12'],
    [['Y1  - 1990/2/27'], '1990-02-27'],
  ])('dates %j as %j', (lines, published) => {
    const { items } = record('DO  - 10.1000/x', ...lines);
    expect(items[0]!.paper.published).toBe(published);
  });

  it('has no date when the record gives none', () => {
    expect(record('DO  - 10.1000/x').items[0]!.paper).not.toHaveProperty('published');
  });

  it('reads DO beside an arXiv id as the journal DOI, and ID as the cite key verbatim', () => {
    const { items } = record('ID  - He_2016:deep', 'AN  - arXiv:1512.03385', 'DO  - 10.1109/CVPR.2016.90');
    expect(items[0]).toMatchObject({
      paper: { key: 'arxiv:1512.03385', doi: '10.1109/cvpr.2016.90' },
      citeKey: 'He_2016:deep',
    });
  });

  it('reads a plain N1 as it is, its continuation lines and paragraphs kept', () => {
    const { items } = record(
      'DO  - 10.1000/x',
      'N1  - <https://example.org> & a < b',
      '  second line',
      '',
      '      indented code',
    );
    expect(items[0]!.note).toBe('<https://example.org> & a < b\nsecond line\n\n    indented code');
  });
});

describe('parseRis: a real Scopus export (fixtures/scopus.ris)', () => {
  const { items, rejected } = parseRis(fixture('scopus.ris'));

  it('keys the record by its DO, dates it by PY alone, reads Family, Initials names and KW tags', () => {
    expect(rejected).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]!.paper).toMatchObject({
      key: 'doi:10.1016/j.jmps.2004.03.010',
      title:
        'A transversely isotropic composite with a statistical distribution of spheroidal inclusions: A geometrical approach to overall properties',
      authors: ['S. Federico', 'A. Grillo', 'W. Herzog'],
      published: '2004',
    });
    expect(items[0]!.paper).not.toHaveProperty('doi');
    expect(items[0]!.tags).toEqual(['Composite', 'Inclusions', 'Statistical distribution', 'Transverse isotropy']);
    expect(items[0]!.note).toBe('Cited By :44\n\nExport Date: 1 April 2016');
  });
});
