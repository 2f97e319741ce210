import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noteHtml, toRis } from '../../../../lib/formats/ris/write.ts';
import { golden, hardCases, hostilePaper, paper } from '../papers.ts';

describe('toRis', () => {
  it('matches hard-cases.ris byte for byte (CRLF)', () => {
    expect(toRis(hardCases)).toBe(golden('hard-cases.ris'));
  });

  it('gives an empty string for no papers', () => {
    expect(toRis([])).toBe('');
  });

  it('writes names as Family, Given[, Suffix] and keeps unsplittable ones whole', () => {
    const p = paper('arxiv:2401.00001', {
      title: 'T',
      authors: ['Martin Luther King Jr.', 'Plato', 'Müller, Jürgen', '李 华', '  ', 'bell hooks'],
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
    ]);
  });

  it('dates by year alone when only the creation time is known', () => {
    const p = paper('doi:10.1000/y', { title: 'T', authors: [] });
    expect(toRis([p])).toContain('\r\nPY  - 2026\r\nDA  - 2026///\r\n');
  });

  it('leaves the note out when it is blank', () => {
    const p = paper('arxiv:2401.00001', { title: 'T', authors: [], note: ' \n\n \t' });
    expect(toRis([p])).not.toContain('N1');
  });
});

describe('noteHtml', () => {
  it.each([
    ['one line', '<p>one line</p>'],
    ['a\nb\r\nc\rd', '<p>a<br/>b<br/>c<br/>d</p>'],
    ['a\n\n\n\nb', '<p>a</p><p>b</p>'],
    ['a\n \t \nb', '<p>a</p><p>b</p>'],
    ['  indented\n\tand\u2028separated  ', '<p>indented<br/>and<br/>separated</p>'],
    ['<script>alert("x")</script> & &amp;', '<p>&lt;script&gt;alert("x")&lt;/script&gt; &amp; &amp;amp;</p>'],
    ['\n\n', undefined],
  ])('%j → %j', (note, html) => {
    expect(noteHtml(note)).toBe(html);
  });
});

describe('toRis properties', () => {
  it('writes only tagged lines ending in CRLF, one TY…ER record per paper', () => {
    fc.assert(
      fc.property(fc.array(hostilePaper, { maxLength: 4 }), (papers) => {
        const output = toRis(papers);
        if (papers.length === 0) {
          expect(output).toBe('');
          return;
        }
        expect(output.endsWith('\r\n')).toBe(true);
        const lines = output.slice(0, -2).split('\r\n');
        for (const line of lines) {
          expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- /);
          expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
        }
        expect(lines.filter((line) => line === 'TY  - GEN')).toHaveLength(papers.length);
        expect(lines.filter((line) => line === 'ER  - ')).toHaveLength(papers.length);
        expect(lines[0]).toBe('TY  - GEN');
        expect(lines.at(-1)).toBe('ER  - ');
        // Only ER has an empty value.
        expect(lines.filter((line) => line.length === 6).every((line) => line === 'ER  - ')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a note carry a tag: every < and > in N1 is escaped except the markup it adds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (note) => {
        const html = noteHtml(note);
        if (html === undefined) return;
        expect(html.replace(/<\/?p>|<br\/>/g, '')).not.toMatch(/[<>]/);
      }),
    );
  });
});
