import fc from 'fast-check';
import type { PaperKey } from '../../../../lib/paper/ids.ts';
import { describe, expect, it } from 'vitest';
import { toBiblatex } from '../../../../lib/formats/biblatex/write.ts';
import { escapeBibtexText } from '../../../../lib/formats/bibtex/escape.ts';
import { toBibtex } from '../../../../lib/formats/bibtex/write.ts';
import { parseBibtex } from '../../../../lib/formats/bibtex/read.ts';
import { golden, hardCases, hostilePaper, hostileText, paper } from '../papers.ts';

describe('toBiblatex', () => {
  it('matches hard-cases.biblatex.bib', () => {
    expect(toBiblatex(hardCases)).toBe(golden('hard-cases.biblatex.bib'));
  });

  it('gives an empty string for no papers', () => {
    expect(toBiblatex([])).toBe('');
  });

  it('reads back to the same file, byte for byte (Dogear BibLaTeX → import → BibLaTeX)', () => {
    const { items, rejected } = parseBibtex(golden('hard-cases.biblatex.bib'));
    expect(rejected).toEqual([]);
    const again = items.map(({ paper: { version: _version, ...fields }, citeKey, tags, note }) =>
      paper(fields.key as PaperKey, {
        ...fields,
        ...(citeKey && { citeKey }),
        ...(tags && { tags }),
        ...(note && { note }),
      }),
    );
    expect(toBiblatex(again)).toBe(golden('hard-cases.biblatex.bib'));
  });

  it('uses the same cite keys as the BibTeX export', () => {
    const keys = (bib: string) => [...bib.matchAll(/^@misc\{([^,]+),$/gm)].map((match) => match[1]);
    expect(keys(toBiblatex(hardCases))).toEqual(keys(toBibtex(hardCases)));
  });

  it('writes the abstract only when asked, escaped as TeX for arXiv papers', () => {
    const p = paper('arxiv:2401.00001', { title: 'T', authors: ['A B'], abstract: 'Costs 5% of $O(n)$\n  time' });
    expect(toBiblatex([p])).not.toContain('abstract');
    expect(toBiblatex([p], { abstract: true })).toContain('  abstract = {Costs 5\\% of $O(n)$ time},\n');
  });

  it('reads text as plain when told to', () => {
    const p = paper('arxiv:2401.00001', { title: 'Costs $5 {x}', authors: ['A B'] });
    expect(toBiblatex([p], { syntax: 'plain' })).toContain(
      '  title = {Costs \\$5 \\{\\vphantom{\\}}x\\vphantom{\\{}\\}},\n',
    );
  });

  it('braces a tag holding a comma and drops blank ones', () => {
    const p = paper('arxiv:2401.00001', { title: 'T', authors: ['A B'], tags: ['a, b', 'c_d', '   '] });
    expect(toBiblatex([p])).toContain('  keywords = {{a, b}, c\\_d},\n');
  });

  it('writes eprint fields and a plain doi for a DOI paper that also has an arXiv id', () => {
    const p = paper('doi:10.1038/s41586-021-03819-2', {
      title: 'Highly accurate protein structure prediction',
      authors: ['John Jumper'],
      arxivId: '2107.00001',
      primaryCategory: 'q-bio.BM',
      published: '2021-07-15',
    });
    expect(toBiblatex([p])).toBe(
      [
        '@misc{jumper2021highly,',
        '  title = {Highly accurate protein structure prediction},',
        '  author = {John Jumper},',
        '  date = {2021-07-15},',
        '  eprint = {2107.00001},',
        '  eprinttype = {arxiv},',
        '  eprintclass = {q-bio.BM},',
        '  doi = {10.1038/s41586-021-03819-2},',
        '  url = {https://doi.org/10.1038/s41586-021-03819-2},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes the date as precisely as it is known, and none when nothing dates the paper', () => {
    const p = paper('doi:10.1000/y', { title: 'T', authors: ['A B'] });
    expect(toBiblatex([p])).not.toContain('date');
    expect(toBiblatex([{ ...p, published: '2015' }])).toContain('  date = {2015},\n');
    expect(toBiblatex([{ ...p, published: '2015-05' }])).toContain('  date = {2015-05},\n');
  });

  it('writes the journal DOI of an arXiv paper bare, beside its eprint', () => {
    const p = paper('arxiv:hep-th/9711200', { title: 'T', authors: ['J. M.'], doi: '10.1023/a:1026654312961' });
    expect(toBiblatex([p])).toContain('  eprinttype = {arxiv},\n  doi = {10.1023/a:1026654312961},\n');
  });

  it('braces a tag holding a semicolon too, and reads tags with commas back as one tag each', async () => {
    const p = paper('arxiv:2401.00001', { title: 'T', authors: ['A B'], tags: ['a, b', 'x; y', 'BERT'] });
    const written = toBiblatex([p]);
    expect(written).toContain('  keywords = {{a, b}, {x; y}, BERT},\n');
    expect(parseBibtex(written).items[0]!.tags).toEqual(['a, b', 'x; y', 'BERT']);
  });

  it('writes names in the form BibTeX and Biber read back, UTF-8 kept', () => {
    const p = paper('arxiv:2401.00001', {
      title: 'T',
      authors: [
        'William T. Reynolds Jr.',
        '李 华',
        'ATLAS Collaboration',
        'Ludwig van Beethoven',
        'García Márquez, Gabriel',
      ],
    });
    expect(toBiblatex([p])).toContain(
      '  author = {Reynolds, Jr., William T. and 李, 华 and {ATLAS Collaboration} and Ludwig van Beethoven and García Márquez, Gabriel},\n',
    );
  });

  it('protects title capitals and math, and neutralises dangerous TeX and invisible controls in every field', () => {
    const p = paper('arxiv:2401.00001', {
      title: 'InternW0-Δ: LLMs at \\input{/etc/passwd} $\\write18{x}$',
      authors: ['Mal\u202elory \\csname x\\endcsname Evil'],
      abstract: 'See \\immediate\\write18{rm} and\u200b \\catcode',
      note: 'Note \\def\\x{y} \u2066here',
    });
    const written = toBiblatex([p], { abstract: true });
    expect(written).toContain(
      '  title = {{InternW0-Δ:} {LLMs} at \\textbackslash{}input\\{/etc/passwd\\} {$\\backslash{}write18{x}$}},\n',
    );
    expect(written).toContain(
      '  abstract = {See \\textbackslash{}immediate\\textbackslash{}write18{rm} and \\textbackslash{}catcode},\n',
    );
    expect(written).toContain(
      '  annote = {Note \\textbackslash{}def\\textbackslash{}x\\{\\vphantom{\\}}y\\vphantom{\\{}\\} here},\n',
    );
    expect(written).not.toMatch(/[\u200b\u202e\u2066]/);
    // No dangerous command is left as a command: each is preceded by a printed backslash.
    expect(written).not.toMatch(/(?<!textbackslash\{\}|backslash\{\})\\(?:input|write|immediate|catcode|csname|def)\b/);
  });
});

describe('escapeBibtexText in UTF-8', () => {
  it.each([
    ['Müller & Ødegaard: 100% _x_', 'tex', 'Müller \\& Ødegaard: 100\\% \\_x\\_'],
    ['$\\alpha_é$ and {BERT}', 'tex', '$\\alpha_é$ and {BERT}'],
    ['Don’t – a — b…', 'plain', 'Don’t – a — b…'],
    ['\\emph\u0301x', 'tex', '\\emph{}\u0301x'],
    ['<b> ~ ^', 'plain', '\\textless{}b\\textgreater{} \\textasciitilde{} \\textasciicircum{}'],
  ] as const)('%j (%s) → %j', (input, syntax, expected) => {
    expect(escapeBibtexText(input, syntax, 'utf8')).toBe(expected);
  });
});

function bracesBalanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '{') depth += 1;
    if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Specials outside `$…$` that lack a backslash, scanning as TeX does (`\x` is one unit). */
function unescapedSpecials(value: string): string[] {
  const found: string[] = [];
  let math = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '\\') i += 1;
    else if (char === '$') math = !math;
    else if (!math && '%&#_'.includes(char)) found.push(`${char} at ${i}`);
  }
  return found;
}

const nonAsciiLetters = (text: string) =>
  [...text.normalize('NFC')].filter((char) => /\p{L}/u.test(char) && char > '\x7f');

describe('toBiblatex properties', () => {
  it('never throws, keeps one field per line with balanced braces and escaped specials', () => {
    fc.assert(
      fc.property(fc.array(hostilePaper, { maxLength: 4 }), fc.boolean(), (papers, abstract) => {
        const output = toBiblatex(papers, { abstract });
        if (papers.length === 0) return;
        const entries = output.slice(0, -1).split('\n\n');
        expect(entries).toHaveLength(papers.length);
        for (const entry of entries) {
          const lines = entry.split('\n');
          expect(lines[0]).toMatch(/^@misc\{[a-z0-9]+,$/);
          expect(lines.at(-1)).toBe('}');
          for (const line of lines.slice(1, -1)) {
            const match = /^ {2}([a-z]+) = \{(.*)\},$/.exec(line);
            expect(match, line).not.toBeNull();
            const [, name, value] = match!;
            expect(bracesBalanced(value!), line).toBe(true);
            if (['title', 'author', 'abstract', 'annote', 'keywords'].includes(name!)) {
              expect(unescapedSpecials(value!), line).toEqual([]);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every non-ASCII letter as UTF-8', () => {
    fc.assert(
      fc.property(hostileText, fc.constantFrom('tex' as const, 'plain' as const), (text, syntax) => {
        expect(nonAsciiLetters(escapeBibtexText(text, syntax, 'utf8'))).toEqual(nonAsciiLetters(text));
      }),
      { numRuns: 300 },
    );
  });
});
