import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citeKeyFor, citeKeysFor } from '../../../../lib/paper/cite-keys.ts';
import { escapeBibtexText, escapeBibtexTitle, type TextSyntax } from '../../../../lib/formats/bibtex/escape.ts';
import { toBibtex } from '../../../../lib/formats/bibtex/write.ts';
import { parseBibtex } from '../../../../lib/formats/bibtex/read.ts';
import type { PaperKey } from '../../../../lib/paper/ids.ts';
import type { Paper } from '../../../../lib/paper/model.ts';
import { CREATED, makePaper } from '../../../support/papers.ts';
import { GREEK_LOOKALIKES, LATEX_GREEK } from '../../../../lib/formats/common/latex-table.ts';

/** Letters the ASCII writer spells as math (`{$\alpha$}`). */
const GREEK_WRITTEN = new Set([...LATEX_GREEK, ...GREEK_LOOKALIKES].map(({ char }) => char).concat('\u00b5'));

function golden(name: string): string {
  return readFileSync(new URL(`../golden/${name}.bib`, import.meta.url), 'utf8');
}

const attention = makePaper('arxiv:1706.03762', {
  title: 'Attention Is All You Need',
  authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
  primaryCategory: 'cs.CL',
  subjects: ['cs.CL', 'cs.LG'],
  published: '2017-06-12',
  abstract: 'The dominant sequence transduction models…',
  latestVersion: 7,
});

const cases: [name: string, papers: Paper[]][] = [
  ['plain-arxiv', [attention]],
  [
    'cjk-author',
    [
      makePaper('arxiv:2401.12345', {
        title: 'Large Language Models for Classical Chinese Poetry',
        authors: ['李华', 'Wei Zhang'],
        primaryCategory: 'cs.CL',
        published: '2024-01-22',
      }),
    ],
  ],
  [
    'math-title',
    [
      makePaper('arxiv:2402.00001', {
        title: '$\\mathcal{L}$-Lipschitz Transformers with $O(n^{2})$ Memory',
        authors: ['Ana Silva'],
        // No primaryCategory: the first listed subject is the primary one.
        subjects: ['cs.LG', 'stat.ML'],
      }),
    ],
  ],
  [
    'specials',
    [
      makePaper('arxiv:2403.00002', {
        title: '100% Robust & Fast_Attention #1 for $5, Already 50\\% Escaped',
        authors: ['Lee Chen'],
        primaryCategory: 'cs.CR',
        published: '2024-03-01',
      }),
    ],
  ],
  [
    'braces',
    [
      makePaper('arxiv:1810.04805', {
        title: '{BERT}-style Pre-training with \\emph{Masked} Tokens and M\\"uller\'s Trick',
        authors: ['Jacob Devlin', 'Ming-Wei Chang'],
        primaryCategory: 'cs.CL',
        published: '2018-10-11',
      }),
    ],
  ],
  [
    'accents',
    [
      makePaper('arxiv:2405.06789', {
        title: 'Über Ångström-Scale Models of Øresund Tides',
        authors: [
          'Jürgen Müller',
          'Åsa Ødegaard',
          'Tomáš Šťastný',
          'Paweł Łukasiewicz',
          'François Garçon',
          'Heinz Großmann',
        ],
        primaryCategory: 'physics.ao-ph',
        published: '2024-05-11',
      }),
    ],
  ],
  [
    'old-style-id',
    [
      makePaper('arxiv:hep-th/9901001', {
        title: 'Gauge Theory Correlators\n  from Non-Critical String Theory',
        authors: ['S. S. Gubser', 'I. R. Klebanov', 'A. M. Polyakov'],
        primaryCategory: 'hep-th',
      }),
    ],
  ],
  [
    'formula-title',
    [
      makePaper('arxiv:2406.00003', {
        title: "=cmd|' /C calc'!A0 and Other Spreadsheet Attacks",
        authors: ['Eve Mallory'],
        primaryCategory: 'cs.CR',
        published: '2024-06-03',
      }),
    ],
  ],
  [
    'doi-paper',
    [
      makePaper('doi:10.1101/2021.08.03.454978', {
        title: 'Single-cell atlas & 50% of the "mouse" ~ brain_map costs $5 {approx.}',
        authors: ['Ada Lovelace', 'Charles Babbage'],
        published: '2021-08-04',
      }),
    ],
  ],
  [
    'collision',
    [
      makePaper('arxiv:1706.03762', {
        title: 'Attention Is All You Need',
        authors: ['Ashish Vaswani'],
        primaryCategory: 'cs.CL',
      }),
      makePaper('arxiv:1712.00001', {
        title: 'Attention, Again',
        authors: ['Ashish Vaswani'],
        primaryCategory: 'cs.LG',
      }),
      makePaper('doi:10.18653/v1/n18-1001', {
        title: 'The Attention Span of Reviewers',
        authors: ['A. Vaswani', 'Google Brain and Friends', 'King, Jr., Martin'],
        published: '2017-05-01',
      }),
    ],
  ],
];

describe('toBibtex golden files', () => {
  it.each(cases)('%s.bib', (name, papers) => {
    expect(toBibtex(papers)).toBe(golden(name));
  });

  // Dogear BibTeX → import → BibTeX, byte for byte: what the file carries (title protection, names, year and month,
  // keys, DOI) comes back as it was written.
  it.each(cases)('%s.bib reads back to the same file', (name) => {
    const { items, rejected } = parseBibtex(golden(name));
    expect(rejected).toEqual([]);
    const again = items.map(({ paper: { version: _version, ...paper }, citeKey }) =>
      makePaper(paper.key, { ...paper, ...(citeKey === undefined ? {} : { citeKey }) }),
    );
    expect(toBibtex(again)).toBe(golden(name));
  });

  it('joins entries with one blank line and ends with a newline', () => {
    const all = cases.flatMap(([, papers]) => papers);
    const output = toBibtex(all);
    expect(output.endsWith('}\n')).toBe(true);
    expect(output.split('\n\n@misc{')).toHaveLength(all.length);
  });

  it('gives an empty string for no papers', () => {
    expect(toBibtex([])).toBe('');
  });
});

describe('toBibtex options and fields', () => {
  it('writes the abstract only when asked', () => {
    expect(toBibtex([attention])).not.toContain('abstract');
    expect(toBibtex([attention], { abstract: true })).toContain(
      '  url = {https://arxiv.org/abs/1706.03762},\n  abstract = {The dominant sequence transduction models\\ldots{}},\n}',
    );
  });

  it('reads an arXiv title as plain text when told to', () => {
    const money = makePaper('arxiv:2401.00001', { title: 'Costs $5 and $6 ~ {x}', authors: ['A B'] });
    // As TeX: `$5 and $` is math (braced against case changes), `{x}` is case protection x does not need.
    expect(toBibtex([money])).toContain('title = {Costs {$5 and $6} ~ x},');
    expect(toBibtex([money], { syntax: 'plain' })).toContain(
      'title = {Costs \\$5 and \\$6 \\textasciitilde{} \\{\\vphantom{\\}}x\\vphantom{\\{}\\}},',
    );
  });

  it('omits fields with no value (an undated paper has no year: never the year the record was made)', () => {
    const bare = makePaper('doi:10.1000/xyz', { title: '   ', authors: [' ', ''] });
    expect(toBibtex([bare])).toBe(
      '@misc{doi101000xyz,\n  doi = {10.1000/xyz},\n  url = {https://doi.org/10.1000/xyz},\n}\n',
    );
  });

  it('writes the eprint fields for a DOI paper that also has an arXiv id', () => {
    const both = makePaper('doi:10.1038/s41586-021-03819-2', {
      title: 'Highly accurate protein structure prediction',
      authors: ['John Jumper'],
      arxivId: '2107.00001',
      primaryCategory: 'q-bio.BM',
      published: '2021-07-15',
    });
    expect(toBibtex([both])).toBe(
      [
        '@misc{jumper2021highly,',
        '  title = {Highly accurate protein structure prediction},',
        '  author = {John Jumper},',
        '  year = {2021},',
        '  month = jul,',
        '  eprint = {2107.00001},',
        '  archivePrefix = {arXiv},',
        '  primaryClass = {q-bio.BM},',
        '  doi = {10.1038/s41586-021-03819-2},',
        '  url = {https://doi.org/10.1038/s41586-021-03819-2},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('ignores an arxivId field that is not a valid arXiv id', () => {
    const odd = makePaper('doi:10.1000/z', { title: 'T', authors: ['A B'], arxivId: 'x}%{', published: '2020-01-01' });
    expect(toBibtex([odd])).toBe(
      '@misc{b2020t,\n  title = {T},\n  author = {A B},\n  year = {2020},\n  month = jan,\n  doi = {10.1000/z},\n  url = {https://doi.org/10.1000/z},\n}\n',
    );
  });

  it('escapes a DOI so the entry stays balanced and ASCII', () => {
    const odd = makePaper('doi:10.1000/a{b}<c>#ü', { title: 'T', authors: ['A B'] });
    const output = toBibtex([odd]);
    expect(output).toContain('  doi = {10.1000/a%7Bb%7D<c>#%C3%BC},');
    expect(output).toContain('  url = {https://doi.org/10.1000/a%7Bb%7D%3Cc%3E%23%C3%BC},');
  });

  it.each([
    ['a published day', { published: '2019-12-31' }, '  year = {2019},\n  month = dec,\n'],
    ['a published month', { published: '2019-03' }, '  year = {2019},\n  month = mar,\n'],
    ['a published year of another year than the id', { published: '2023' }, '  year = {2023},\n  eprint'],
    ['the arXiv id month when no date', {}, '  year = {2024},\n  month = jan,\n'],
    ['the arXiv id month for a year alone that agrees', { published: '2024' }, '  year = {2024},\n  month = jan,\n'],
  ])('dates by %s, the month as its macro', (_, fields, lines) => {
    const p = makePaper('arxiv:2401.00002', { title: 'T', authors: ['A B'], ...fields });
    expect(toBibtex([p])).toContain(lines);
  });

  it('writes no year and no month when nothing dates the paper', () => {
    const p = makePaper('doi:10.1000/y', { title: 'T', authors: ['A B'] });
    expect(toBibtex([p])).not.toMatch(/year|month/);
    expect(toBibtex([makePaper('doi:10.1000/y', { title: 'T', authors: ['A B'], published: '1999' })])).toContain(
      '  year = {1999},\n  doi',
    );
  });
});

describe('citeKeyFor', () => {
  const base = { authors: ['Ashish Vaswani'], published: '2017-06-12' };

  it.each([
    ['Attention Is All You Need', base.authors, 'vaswani2017attention'],
    ['On the Origin of Species', base.authors, 'vaswani2017origin'],
    ['A Study: The Of And', base.authors, 'vaswani2017study'],
    ['$\\alpha$-Entmax and Friends', base.authors, 'vaswani2017entmax'],
    ['\\textsc{Lamb} Is \\emph{Fast}', base.authors, 'vaswani2017lamb'],
    ['Über Alles', base.authors, 'vaswani2017uber'],
    ['大语言模型', base.authors, 'vaswani2017'],
    ['Title', ["Conan O'Brien"], 'obrien2017title'],
    ['Title', ['Åsa Ødegaard'], 'odegaard2017title'],
    ['Title', ['Heinz Stra\\ss{}e'], 'strasse2017title'],
    // Every letter command of latex-table.ts reads as its letter, then folds to ASCII (Þ → th).
    ['Title', ['Sigurður \\TH{}orsson'], 'thorsson2017title'],
    ['Title', ['Dmitrij Иванов'], 'arxiv170603762'],
    ['Title', ['李华', 'Wei Zhang'], 'arxiv170603762'],
    ['Title', [], 'arxiv170603762'],
  ])('%s by %j → %s', (title, authors, key) => {
    expect(citeKeyFor(makePaper('arxiv:1706.03762', { ...base, title, authors: [...authors] }), new Set())).toBe(key);
  });

  it('uses the DOI for the fallback of a DOI paper', () => {
    expect(citeKeyFor(makePaper('doi:10.1101/2021.08.03.454978', { title: 'T', authors: ['李华'] }), new Set())).toBe(
      'doi10110120210803454978',
    );
  });

  it('suffixes clashes a, b, … z, aa in call order and records every key', () => {
    const taken = new Set<string>();
    const p = makePaper('arxiv:1706.03762', { ...base, title: 'Attention', authors: ['Ashish Vaswani'] });
    const keys = Array.from({ length: 29 }, () => citeKeyFor(p, taken));
    expect(keys.slice(0, 3)).toEqual(['vaswani2017attention', 'vaswani2017attentiona', 'vaswani2017attentionb']);
    expect(keys[26]).toBe('vaswani2017attentionz');
    expect(keys.slice(27)).toEqual(['vaswani2017attentionaa', 'vaswani2017attentionab']);
    expect(taken.size).toBe(29);
  });

  it('skips a suffixed key that another paper already took', () => {
    const taken = new Set(['vaswani2017attention', 'vaswani2017attentiona']);
    expect(citeKeyFor(makePaper('arxiv:1706.03762', { ...base, title: 'Attention' }), taken)).toBe(
      'vaswani2017attentionb',
    );
  });
});

describe('citeKeysFor at scale', () => {
  // Raw records, not the schema-checked factory: 20,000 of them, and index 0 gives a key the schema would refuse.
  const paper = (i: number, author: string, title: string): Paper => ({
    key: `arxiv:2401.${String(i).padStart(5, '0')}` as PaperKey,
    title,
    authors: [author],
    subjects: [],
    published: '2024-01-01',
    createdAt: 1,
    updatedAt: 1,
  });

  it('gives 20,000 papers sharing one base distinct keys in suffix order (no quadratic walk: this used to take minutes)', () => {
    const papers = Array.from({ length: 20_000 }, (_, i) => paper(i, 'John Smith', 'Deep learning'));
    const keys = citeKeysFor(papers, new Set(['smith2024deepb']));
    expect(new Set(keys).size).toBe(20_000);
    expect(keys.slice(0, 4)).toEqual(['smith2024deep', 'smith2024deepa', 'smith2024deepc', 'smith2024deepd']);
    expect(keys).not.toContain('smith2024deepb');
  });

  it('matches counting suffixes from `a` every time, for any mix of bases, stored keys and reserved keys', () => {
    const suffix = (n: number): string =>
      n < 26 ? String.fromCharCode(97 + n) : suffix(Math.floor(n / 26) - 1) + suffix(n % 26);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            author: fc.constantFrom('Ann Lee', 'Bo Li', 'Cy Young'),
            stored: fc.option(fc.constantFrom('lee2024deep', 'li2024deepa', 'x'), { nil: undefined }),
          }),
          { maxLength: 60 },
        ),
        fc.subarray(['lee2024deep', 'lee2024deepa', 'li2024deepc', 'young2024deep']),
        (rows, reserved) => {
          const papers = rows.map((row, i) => ({
            ...paper(i, row.author, 'Deep nets'),
            ...(row.stored ? { citeKey: row.stored } : {}),
          }));
          // The reference: the same rules, counting from `a` on every clash.
          const taken = new Set(reserved);
          for (const p of papers) if (p.citeKey !== undefined) taken.add(p.citeKey);
          const owners = new Set<string>();
          const expected = papers.map((p) => {
            const base = p.citeKey ?? citeKeyFor(p, new Set()); // with nothing taken, the base itself
            if (p.citeKey !== undefined && !owners.has(p.citeKey)) {
              owners.add(p.citeKey);
              return p.citeKey;
            }
            let key = base;
            for (let n = 0; taken.has(key); n++) key = base + suffix(n);
            taken.add(key);
            return key;
          });
          expect(citeKeysFor(papers, new Set(reserved))).toEqual(expected);
        },
      ),
    );
  });
});

describe('escapeBibtexText', () => {
  it.each<[string, TextSyntax, string]>([
    // TeX: math, commands and groups pass through.
    ['$\\mathcal{L}$-Lipschitz', 'tex', '$\\mathcal{L}$-Lipschitz'],
    ['\\mathcal{L}-smooth outside math', 'tex', '\\mathcal{L}-smooth outside math'],
    ['M\\"uller and M\\"{u}ller', 'tex', 'M\\"uller and M\\"{u}ller'],
    ['{BERT} and {{GPT}}', 'tex', '{BERT} and {{GPT}}'],
    ['$a_b$ but a_b', 'tex', '$a_b$ but a\\_b'],
    // Inside math too: a `%` would comment out the rest of the .bbl line, `#` and `&` are errors there.
    ['$50% & #1$', 'tex', '$50\\% \\& \\#1$'],
    ['$50\\% x$', 'tex', '$50\\% x$'],
    ['Fig.~1', 'tex', 'Fig.~1'],
    ['line\\\\break', 'tex', 'line\\\\break'],
    // TeX: already-escaped specials are not escaped twice.
    ['50\\% \\& \\# \\_ \\$', 'tex', '50\\% \\& \\# \\_ \\$'],
    // TeX: a `$` with no partner, or an empty or unbalanced span, is a dollar sign.
    ['costs $5', 'tex', 'costs \\$5'],
    ['$$x$$', 'tex', '\\$$x$\\$'],
    ['$\\{x$ y', 'tex', '\\$\\{\\vphantom{\\}}x\\$ y'],
    ['$a\\$b$', 'tex', '$a\\$b$'],
    // TeX: unmatched braces become literal braces that balance on their own.
    ['open { only', 'tex', 'open \\{\\vphantom{\\}} only'],
    ['close } only', 'tex', 'close \\vphantom{\\{}\\} only'],
    ['} then {', 'tex', '\\vphantom{\\{}\\} then \\{\\vphantom{\\}}'],
    ['a \\{ set', 'tex', 'a \\{\\vphantom{\\}} set'],
    ['a \\{ set \\}', 'tex', 'a \\{ set \\}'],
    // TeX: a backslash that starts no command.
    ['a \\1 b', 'tex', 'a \\textbackslash{}1 b'],
    ['ends with \\', 'tex', 'ends with \\textbackslash{}'],
    ['\\é', 'tex', "\\textbackslash{}{\\'e}"],
    ['x^2 <a> | b', 'tex', 'x\\textasciicircum{}2 \\textless{}a\\textgreater{} \\textbar{} b'],
    // Plain: everything is literal.
    [
      '$x$ \\emph{a} ~ ^',
      'plain',
      '\\$x\\$ \\textbackslash{}emph\\{\\vphantom{\\}}a\\vphantom{\\{}\\} \\textasciitilde{} \\textasciicircum{}',
    ],
    ['100% & # _', 'plain', '100\\% \\& \\# \\_'],
    // Unicode, both syntaxes.
    [
      'Zoë Šťastná Ødegaard Åsa Łoś Straße',
      'plain',
      "Zo{\\\"e} {\\v{S}}{\\v{t}}astn{\\'a} {\\O}degaard {\\AA}sa {\\L}o{\\'s} Stra{\\ss}e",
    ],
    // Ş (cedilla, Turkish) and Ș (comma below, Romanian) are two letters, and stay two.
    [
      'Garçon Ştefan Ștefan ą ő ǿ',
      'plain',
      "Gar{\\c{c}}on {\\c{S}}tefan {\\textcommabelow{S}}tefan {\\k{a}} {\\H{o}} {\\'{\\o}}",
    ],
    ['ﬁnal Ａ ª', 'plain', 'final {A} {a}'],
    ['Don’t “quote” – a — b…', 'plain', "Don't ``quote'' -- a --- b\\ldots{}"],
    // Greek as math (pdflatex has no Greek text glyphs); CJK stays UTF-8.
    ['李华 αβγ Ωmega', 'tex', '李华 {$\\alpha$}{$\\beta$}{$\\gamma$} {$\\Omega$}mega'],
    ['$α+β$ and $αx Α$', 'tex', '$\\alpha+\\beta$ and $\\alpha x \\mathrm{A}$'],
    ['µ-law Ϊ', 'plain', '{$\\mu$}-law Ϊ'],
    ['Nguyễn Thị Ơ', 'plain', 'Nguy{\\~{\\^e}}n Th{\\d{i}} Ơ'],
    ['$é$', 'tex', "${\\'e}$"],
    // Combining marks with no base letter stay apart from the letter before them.
    ['\\emph\u0301x', 'tex', "\\emph{\\'{}}x"],
    ['{\u0301\u031b}', 'tex', '{{}\u031b\u0301}'], // NFC puts the horn (class 216) before the acute (230)
    // Whitespace and control characters.
    ['  a\n\tb\u0000c\u00a0d  ', 'plain', 'a b c d'],
  ])('%j (%s) → %j', (input, syntax, expected) => {
    expect(escapeBibtexText(input, syntax)).toBe(expected);
  });
});

/** Marks lib/formats/common/latex-table.ts gives a LaTeX accent for, restated here as the contract. */
const MAPPED_MARKS = /[\u0300-\u0304\u0306-\u0308\u030a-\u030c\u0323\u0326-\u0328\u0331\u0361]/u;
const MAPPED_LETTERS = /[øØæÆœŒßẞłŁıȷđĐðÐþÞŋŊĳĲ]/u;

/**
 * True for a cluster that has a LaTeX form and so must not survive as UTF-8: a Latin letter whose NFKD is ASCII letters
 * or digits, table letters, and mapped marks only.
 */
function hasLatexForm(cluster: string): boolean {
  if (!/^\p{Script=Latin}/u.test(cluster)) return false;
  return [...cluster.normalize('NFKD')].every(
    (char) => /[A-Za-z0-9]/.test(char) || MAPPED_LETTERS.test(char) || MAPPED_MARKS.test(char),
  );
}

/** The `name = {value}` lines of each entry (values never span lines: whitespace is collapsed). */
function fieldsOf(entry: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of entry.split('\n').slice(1, -1)) {
    const match = /^ {2}(\w+) = (?:\{(.*)\}|([a-z]{3})),$/.exec(line);
    if (!match) throw new Error(`not a field line: ${line}`);
    fields.set(match[1]!, match[2] ?? match[3]!);
  }
  return fields;
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

function bracesBalanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '{') depth += 1;
    if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('toBibtex properties', () => {
  const texBits = fc.constantFrom(
    '$',
    '\\',
    '{',
    '}',
    '%',
    '&',
    '#',
    '_',
    '~',
    '^',
    '<',
    '>',
    '|',
    '\\"',
    '\\emph',
    '$x$',
    '\\{',
    '\\}',
    '\\$',
    '\\%',
    '\\\\',
    ' and ',
    ',',
    'é',
    'ø',
    'Å',
    'ß',
    'ș',
    'ơ',
    'ﬁ',
    '李',
    '\n',
    '\u0301',
    '\ud800',
  );
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.array(fc.oneof(texBits, fc.string({ maxLength: 4 })), { maxLength: 20 }).map((parts) => parts.join('')),
  );
  const arbitraryPaper = fc.record({
    title: text,
    authors: fc.array(text, { maxLength: 4 }),
    abstract: text,
    key: fc.constantFrom<PaperKey>('arxiv:2401.12345', 'arxiv:hep-th/9901001', 'doi:10.1101/abc'),
  });

  it('never throws, escapes specials, balances braces and stays ASCII where LaTeX can', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryPaper, { minLength: 1, maxLength: 3 }),
        fc.constantFrom<'auto' | TextSyntax>('auto', 'tex', 'plain'),
        (inputs, syntax) => {
          const papers: Paper[] = inputs.map(({ key, ...rest }) => ({
            key,
            ...rest,
            subjects: ['cs.LG'],
            createdAt: CREATED,
            updatedAt: CREATED,
          }));
          const output = toBibtex(papers, { syntax, abstract: true });
          const entries = output.slice(0, -1).split('\n\n');
          expect(entries).toHaveLength(papers.length);
          for (const entry of entries) {
            expect(entry).toMatch(/^@misc\{[a-z0-9]+,\n/);
            expect(bracesBalanced(entry)).toBe(true);
            for (const [name, value] of fieldsOf(entry)) {
              expect(bracesBalanced(value), `${name} = {${value}}`).toBe(true);
              if (['title', 'author', 'abstract'].includes(name)) expect(unescapedSpecials(value), value).toEqual([]);
            }
            const kept = (entry.match(/\P{M}\p{M}*|\p{M}+/gu) ?? []).filter((cluster) => /[^\x00-\x7f]/.test(cluster));
            expect(kept.filter(hasLatexForm)).toEqual([]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps every non-Latin letter of the input (Greek letters as their math commands)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (title) => {
        const output = escapeBibtexText(title, 'tex');
        const letters = (s: string) =>
          [...s.normalize('NFC')].filter(
            (c) => /[\p{L}\p{N}]/u.test(c) && !/\p{Script=Latin}/u.test(c) && !GREEK_WRITTEN.has(c),
          );
        expect(letters(output)).toEqual(letters(title));
      }),
    );
  });
});

describe('escapeBibtexTitle: case protection, as Zotero and Better BibTeX write it', () => {
  it.each<[string, TextSyntax, string]>([
    // Capitals after a word's first letter, capitalised words after the first, math.
    ['LLMs and BERT meet InternW0', 'tex', '{LLMs} and {BERT} meet {InternW0}'],
    ['Large N limits', 'tex', 'Large {N} limits'],
    ['The Large $N$ Limit', 'tex', 'The {Large} {$N$} {Limit}'],
    ['Lithium in $Li_7La_3Zr_2O_{12}$ garnets', 'tex', 'Lithium in {$Li_7La_3Zr_2O_{12}$} garnets'],
    ['Li$_7$La$_3$Zr$_2$O$_{12}$ garnets', 'tex', '{Li$_7$La$_3$Zr$_2$O$_{12}$} garnets'],
    ['non-Gaussian noise', 'tex', '{non-Gaussian} noise'],
    ['Über Alles', 'tex', '{\\"U}ber {Alles}'],
    ['iPhone apps', 'plain', '{iPhone} apps'],
    // Greek: math in the ASCII file, and math is always braced.
    ['InternW0-Δ: $α+β$ scaling', 'tex', '{InternW0-{$\\Delta$}:} {$\\alpha+\\beta$} scaling'],
    ['α-helix folding', 'tex', '{$\\alpha$}-helix folding'],
    // A TeX title is first read as the reader reads it: its own protection braces are decided again.
    [
      '{BERT}-style {Pre-training} with \\emph{Masked} M\\"uller',
      'tex',
      '{BERT-style} {Pre-training} with {{\\emph{Masked}}} {M{\\"u}ller}',
    ],
    ['Costs \\$5 and \\$6', 'tex', 'Costs \\$5 and \\$6'],
    // Nothing to protect.
    ['Single-cell atlas of the mouse brain', 'plain', 'Single-cell atlas of the mouse brain'],
  ])('%j (%s) → %j', (title, syntax, expected) => {
    expect(escapeBibtexTitle(title, syntax)).toBe(expected);
  });
});

describe('toBibtex fields from the paper’s parts', () => {
  const base = { title: 'T', published: '2024-01-22', primaryCategory: 'cs.CL' };

  // `{\relax 华}`: abbrv would cut a UTF-8 initial to its first byte. `{\AA}sa`-style first names are written in the
  // comma form, which pandoc reads right (it misreads `{\'E}lodie A. Silva`).
  it('writes each name in the form BibTeX reads back to the same parts', () => {
    const p = makePaper('arxiv:2401.12345', {
      ...base,
      authors: [
        'Ashish Vaswani',
        'William T. Reynolds Jr.',
        'García Márquez, Gabriel',
        '李 华',
        '李华',
        'ATLAS Collaboration',
        'Ludwig van Beethoven',
        'Van den Berg, Anna',
        'danah boyd',
        'Google Brain and Friends',
      ],
    });
    expect(toBibtex([p])).toContain(
      "  author = {Ashish Vaswani and Reynolds, Jr., William T. and Garc{\\'i}a M{\\'a}rquez, Gabriel and 李, {\\relax 华} and 李华 and {ATLAS Collaboration} and Ludwig van Beethoven and {Van den Berg}, Anna and boyd, danah and {Google Brain and Friends}},\n",
    );
  });

  it('writes a first name that starts with an escape in the comma form, and a lost character as a question mark', () => {
    const p = makePaper('arxiv:2401.12345', {
      ...base,
      title: 'Sch\ufffdfl',
      authors: ['Élodie A. Silva', 'Иван Петров'],
    });
    const written = toBibtex([p]);
    expect(written).toContain("  author = {Silva, {\\'E}lodie A. and Петров, {\\relax Иван}},\n");
    expect(written).toContain('  title = {Sch?fl},\n');
  });

  it('writes the journal DOI of an arXiv paper bare, keeping the arXiv URL', () => {
    const p = makePaper('arxiv:hep-th/9711200', { ...base, authors: ['J. M.'], doi: '10.1023/a:1026654312961' });
    expect(toBibtex([p])).toContain(
      '  primaryClass = {cs.CL},\n  doi = {10.1023/a:1026654312961},\n  url = {https://arxiv.org/abs/hep-th/9711200},\n',
    );
  });

  it('never writes a stored cite key that isCiteKey refuses, and keeps a valid one as it is', () => {
    const bad = makePaper('arxiv:2401.12345', { ...base, authors: ['Ann Lee'] });
    const stored = [
      { ...bad, citeKey: 'a key with spaces,}' },
      makePaper('arxiv:2401.12346', { ...base, authors: ['Bo Li'], citeKey: 'Lake2023' }),
    ];
    expect([...toBibtex(stored).matchAll(/^@misc\{([^,]*),$/gm)].map((match) => match[1])).toEqual([
      'lee2024t',
      'Lake2023',
    ]);
  });

  it('neutralises dangerous TeX in title and authors of a TeX paper, and drops invisible controls', () => {
    const p = makePaper('arxiv:2401.12345', {
      ...base,
      title: 'A \\input{/etc/passwd} and $x^^5cinput$ \u202etxt.exe',
      authors: ['\\csname Bad\\endcsname Author', 'Ze\u200bro'],
      abstract: '\\immediate\\write18{rm -rf ~}\u2066',
    });
    const written = toBibtex([p], { abstract: true });
    expect(written).toContain(
      '  title = {A \\textbackslash{}input\\{/etc/passwd\\} and \\$x\\textasciicircum{}\\textasciicircum{}5cinput\\$ txt.exe},\n',
    );
    expect(written).toContain('  author = {Author, \\textbackslash{}csname Bad\\textbackslash{}endcsname and Zero},\n');
    expect(written).toContain('  abstract = {\\textbackslash{}immediate\\textbackslash{}write18{rm -rf ~}},\n');
  });
});
