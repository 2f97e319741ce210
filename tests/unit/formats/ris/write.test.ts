import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRis, parseRisRecords } from '../../../../lib/formats/ris/read.ts';
import { risNote, toRis } from '../../../../lib/formats/ris/write.ts';
import { golden, hardCases, hostilePaper, paper } from '../papers.ts';

describe('toRis', () => {
  it('matches hard-cases.ris byte for byte (CRLF)', () => {
    expect(toRis(hardCases)).toBe(golden('hard-cases.ris'));
  });

  it('gives an empty string for no papers', () => {
    expect(toRis([])).toBe('');
  });

  it('writes names as Family, Given[, Suffix], the particle with the family, and keeps unsplittable ones whole', () => {
    const p = paper('arxiv:2401.00001', {
      title: 'T',
      authors: [
        'Martin Luther King Jr.',
        'Plato',
        'Müller, Jürgen',
        '李 华',
        '  ',
        'bell hooks',
        'Reynolds, Jr., William T.',
        'Ludwig van Beethoven',
      ],
    });
    const authors = toRis([p])
      .split('\r\n')
      .filter((line) => line.startsWith('AU'));
    expect(authors).toEqual([
      'AU  - King, Martin Luther, Jr.',
      'AU  - Plato',
      'AU  - Müller, Jürgen',
      'AU  - 李, 华',
      'AU  - hooks, bell',
      'AU  - Reynolds, William T., Jr.',
      'AU  - van Beethoven, Ludwig',
    ]);
  });

  it('drops bidi and zero-width controls from names, titles and abstracts', () => {
    const p = paper('arxiv:2401.00001', {
      title: 'Safe\u202e title',
      authors: ['Mallory\u200b Evil\u202e'],
      abstract: 'An\u2066 abstract',
    });
    const ris = toRis([p]);
    expect(ris).toContain('\r\nAU  - Evil, Mallory\r\n');
    const evil = paper('arxiv:2401.00002', { title: 'T', authors: ['Mallory \u202egnp.exe Evil'] });
    expect(toRis([evil])).toContain('\r\nAU  - Evil, Mallory gnp.exe\r\n');
    expect(ris).not.toMatch(/[\u200b\u202e\u2066]/);
  });

  it('writes no date for an undated paper (never the creation year)', () => {
    const p = paper('doi:10.1000/y', { title: 'T', authors: [] });
    expect(toRis([p])).not.toMatch(/^(?:PY|DA|Y1)/m);
  });

  it('writes PY and DA as precisely as the date is known', () => {
    const dates = (published: string) =>
      toRis([paper('doi:10.1000/y', { title: 'T', authors: [], published })])
        .split('\r\n')
        .filter((line) => /^(?:PY|DA)/.test(line));
    expect(dates('2015')).toEqual(['PY  - 2015', 'DA  - 2015///']);
    expect(dates('2015-05')).toEqual(['PY  - 2015', 'DA  - 2015/05//']);
    expect(dates('2015-05-12')).toEqual(['PY  - 2015', 'DA  - 2015/05/12/']);
  });

  it('writes the journal DOI of an arXiv paper in DO, beside its arXiv id', () => {
    const p = paper('arxiv:1512.03385', { title: 'T', authors: [], doi: '10.1109/cvpr.2016.90' });
    expect(toRis([p])).toContain('\r\nDO  - 10.1109/cvpr.2016.90\r\nAN  - arXiv:1512.03385\r\n');
  });

  it('writes the note as plain text, later lines as indented continuation lines, paragraphs split by a blank line', () => {
    const p = paper('arxiv:2401.00001', { title: 'T', authors: [], note: 'One <b>&amp;</b>\ntwo\n\n\nER  - three' });
    expect(toRis([p])).toContain('\r\nN1  - One <b>&amp;</b>\r\n  two\r\n\r\n  ER  - three\r\nER  - \r\n');
  });

  it('leaves the note out when it is blank', () => {
    const p = paper('arxiv:2401.00001', { title: 'T', authors: [], note: ' \n\n \t' });
    expect(toRis([p])).not.toContain('N1');
  });
});

describe('risNote', () => {
  it.each([
    ['one line', 'one line'],
    ['a\nb\r\nc\rd', 'a\r\n  b\r\n  c\r\n  d'],
    ['a\n\n\n\nb', 'a\r\n\r\n  b'],
    ['a\n \t \nb', 'a\r\n\r\n  b'],
    ['  indented\n\tand\u2028  code', 'indented\r\n   and\r\n    code'],
    ['<script>alert("x")</script> & &amp;', '<script>alert("x")</script> & &amp;'],
    ['bidi \u202eevil\u200b', 'bidi evil'],
    ['\n\n', undefined],
  ])('%j → %j', (note, value) => {
    expect(risNote(note)).toBe(value);
  });
});

describe('toRis properties', () => {
  it('writes tagged lines ending in CRLF (notes: indented continuation lines and blank lines), one TY…ER record per paper', () => {
    fc.assert(
      fc.property(fc.array(hostilePaper, { maxLength: 4 }), (papers) => {
        const output = toRis(papers);
        if (papers.length === 0) {
          expect(output).toBe('');
          return;
        }
        expect(output.endsWith('\r\n')).toBe(true);
        const lines = output.slice(0, -2).split('\r\n');
        let tag = '';
        for (const line of lines) {
          expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
          if (/^[A-Z][A-Z0-9] {2}- /.test(line)) tag = line.slice(0, 2);
          else {
            expect(tag).toBe('N1');
            expect(line).toMatch(/^$|^ {2}\S|^ {3}/);
          }
        }
        expect(lines.filter((line) => line === 'TY  - GEN')).toHaveLength(papers.length);
        expect(lines.filter((line) => line === 'ER  - ')).toHaveLength(papers.length);
        expect(lines[0]).toBe('TY  - GEN');
        expect(lines.at(-1)).toBe('ER  - ');
        // Only ER has an empty value.
        expect(
          lines.filter((line) => /^[A-Z]/.test(line) && line.length === 6).every((line) => line === 'ER  - '),
        ).toBe(true);
        expect(parseRisRecords(output)).toHaveLength(papers.length);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips a note: its lines, indentation and paragraphs come back from ris/read.ts', () => {
    const line = fc.stringMatching(/^[- a-z<>&]{0,12}$/).map((text) => text.trimEnd());
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const note = lines
          .join('\n')
          .replace(/^\s+/, '')
          .replace(/\n{3,}/g, '\n\n')
          .trimEnd();
        fc.pre(note !== '' && !note.startsWith('<'));
        const written = paper('arxiv:2401.00001', { title: 'T', authors: [], note });
        const [read] = parseRis(toRis([written])).items;
        expect(read?.note).toBe(note);
      }),
      { numRuns: 300 },
    );
  });
});

describe('RIS round trip', () => {
  it('Dogear RIS → import → RIS is identical for the hard cases', () => {
    const ris = toRis(hardCases);
    const { items } = parseRis(ris);
    const again = items.map((item, index) => ({
      ...hardCases[index]!,
      ...item.paper,
      subjects: hardCases[index]!.subjects,
      ...(item.note === undefined ? {} : { note: item.note }),
      ...(item.tags === undefined ? {} : { tags: item.tags }),
    }));
    expect(toRis(again)).toBe(ris);
  });
});
