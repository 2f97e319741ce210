import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCslJson } from '../../../../lib/formats/csl-json/read.ts';
import { cslToPlain, cslToTex, plainToCsl, texToCsl } from '../../../../lib/formats/csl-json/rich-text.ts';
import { toCslItems, toCslJson } from '../../../../lib/formats/csl-json/write.ts';
import type { Paper } from '../../../../lib/paper/model.ts';
import { golden, hardCases, hostilePaper, paper } from '../papers.ts';

describe('toCslJson', () => {
  it('matches hard-cases.csl.json', () => {
    expect(toCslJson(hardCases)).toBe(golden('hard-cases.csl.json'));
  });

  it('writes an empty array for no papers', () => {
    expect(toCslJson([])).toBe('[]\n');
  });

  it('gives clashing papers distinct ids, equal to their citation keys', () => {
    const p = paper('arxiv:1706.03762', { title: 'Attention', authors: ['Ashish Vaswani'], published: '2017-06-12' });
    const q = paper('arxiv:1706.03763', { title: 'Attention', authors: ['Ashish Vaswani'], published: '2017-06-12' });
    const items = toCslItems([p, q]);
    expect(items.map((item) => item.id)).toEqual(['vaswani2017attention', 'vaswani2017attentiona']);
    expect(items.map((item) => item['citation-key'])).toEqual(['vaswani2017attention', 'vaswani2017attentiona']);
  });

  it('marks a DOI paper with an arXiv id by its archive id only, not as published by arXiv', () => {
    const p = paper('doi:10.1038/x', {
      title: 'T',
      authors: ['Jo Doe'],
      arxivId: '2107.00001',
      published: '2021-07-15',
    });
    const [item] = toCslItems([p]);
    expect(item).toMatchObject({ number: 'arXiv:2107.00001', DOI: '10.1038/x', URL: 'https://doi.org/10.1038/x' });
    expect(item).not.toHaveProperty('publisher');
  });

  it('writes name parts: suffix, particle, CJK family first; keeps one-word names literal', () => {
    const p = paper('arxiv:2401.00001', {
      title: 'T',
      authors: ['Martin Luther King Jr.', 'Plato', '  ', 'Reynolds, Jr., William T.', 'Ludwig van Beethoven', '李 华'],
    });
    expect(toCslItems([p])[0]!.author).toEqual([
      { family: 'King', given: 'Martin Luther', suffix: 'Jr.' },
      { literal: 'Plato' },
      { family: 'Reynolds', given: 'William T.', suffix: 'Jr.' },
      { family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' },
      { family: '李', given: '华' },
    ]);
  });

  it('drops bidi and zero-width controls from names, notes and tags', () => {
    const p = paper('arxiv:2401.00001', {
      title: 'T',
      authors: ['Mallory\u200b Evil\u202e'],
      note: 'line\u202e one\nline two',
      tags: ['to\u200bread'],
    });
    const [item] = toCslItems([p]);
    expect(item).toMatchObject({ author: [{ family: 'Evil', given: 'Mallory' }], note: 'line one\nline two' });
    // Split as stored: the override does not make `gnp.exe` a lowercase particle.
    const [evil] = toCslItems([paper('arxiv:2401.00002', { title: 'T', authors: ['Mallory \u202egnp.exe Evil'] })]);
    expect(evil!.author).toEqual([{ family: 'Evil', given: 'Mallory gnp.exe' }]);
    expect(item!.custom.tags).toEqual(['toread']);
  });

  it('writes issued as precisely as the date is known, and none for an undated paper', () => {
    const issued = (published?: string) =>
      toCslItems([paper('doi:10.1000/x', { title: 'T', authors: [], ...(published ? { published } : {}) })])[0]!.issued;
    expect(issued('2015')).toEqual({ 'date-parts': [[2015]] });
    expect(issued('2015-05')).toEqual({ 'date-parts': [[2015, 5]] });
    expect(issued('2015-05-12')).toEqual({ 'date-parts': [[2015, 5, 12]] });
    expect(issued()).toBeUndefined();
  });

  it('writes the journal DOI of an arXiv paper', () => {
    const p = paper('arxiv:1512.03385', { title: 'T', authors: [], doi: '10.1109/cvpr.2016.90' });
    expect(toCslItems([p])[0]).toMatchObject({ number: 'arXiv:1512.03385', DOI: '10.1109/cvpr.2016.90' });
  });

  it('writes id and citation-key only through isCiteKey', () => {
    const good = paper('arxiv:2401.00001', { title: 'T', authors: [], citeKey: 'Lake2023' });
    expect(toCslItems([good])[0]).toMatchObject({ id: 'Lake2023', 'citation-key': 'Lake2023' });
    // A record that bypassed validation (an old store): its key is replaced by a generated one (lib/paper/cite-keys.ts).
    const bad = { ...good, citeKey: 'not a key {}' } as Paper;
    const [item] = toCslItems([bad]);
    expect(item).toMatchObject({ id: 'arxiv240100001', 'citation-key': 'arxiv240100001' });
  });

  it('writes TeX titles of arXiv papers as CSL rich text, plain titles as they are', () => {
    const title = (key: 'arxiv:2401.00001' | 'doi:10.1000/x', text: string) =>
      toCslItems([paper(key, { title: text, authors: [] })])[0]!.title;
    expect(title('arxiv:2401.00001', 'Ga$_2$O$_3$ via $\\mathcal{O}(n^2)$, $α+β$, \\emph{x} and {BERT}')).toBe(
      `${nc('Ga<sub>2</sub>O<sub>3</sub>')} via ${nc('𝒪(n<sup>2</sup>),')} α+β, <i>x</i> and ${nc('BERT')}`,
    );
    expect(title('doi:10.1000/x', 'Costs $5 and {x} for LLMs')).toBe(`Costs $5 and {x} for ${nc('LLMs')}`);
  });
});

/** A word in CSL's case protection. */
const nc = (word: string) => `<span class="nocase">${word}</span>`;

describe('texToCsl / cslToTex', () => {
  it.each([
    ['Ga$_2$O$_3$ films', `${nc('Ga<sub>2</sub>O<sub>3</sub>')} films`],
    ['Li$_7$La$_3$Zr$_2$O$_{12}$', nc('Li<sub>7</sub>La<sub>3</sub>Zr<sub>2</sub>O<sub>12</sub>')],
    ['$\\mathcal{O}(n^2)$', nc('𝒪(n<sup>2</sup>)')],
    ['$\\mathcal{L}$-Lipschitz', nc('ℒ-Lipschitz')],
    ['$\\alpha+\\beta$ and $α+β$', 'α+β and α+β'],
    [
      '$\\epsilon \\leq 10^{-3}$, $\\infty$, $x \\in \\mathbb{R}^d$',
      `ϵ ≤ 10<sup>−3</sup>, ∞, ${nc('x ∈ ℝ<sup>d</sup>')}`,
    ],
    ['$n \\log n$ time', 'n log n time'],
    ['\\emph{x} \\textbf{y} \\textsc{ab}', '<i>x</i> <b>y</b> <span style="font-variant:small-caps;">ab</span>'],
    [
      '{BERT} and {{Deep}} {MOT}16 for LLMs, iOS and 3D',
      `${nc('BERT')} and ${nc('Deep')} ${nc('MOT16')} for ${nc('LLMs,')} ${nc('iOS')} and ${nc('3D')}`,
    ],
    ['The Large $N$ Limit of Non-Critical Strings', `The Large ${nc('N')} Limit of Non-Critical Strings`],
    ['with $α$- and $ω$-Ti as', `with α- and ${nc('ω-Ti')} as`],
    ['M{\\"u}ller\\textendash{}pages 1--2, a---b', 'Müller–pages 1–2, a—b'],
    ['\\$5 \\& 10\\% \\{x\\}', '$5 & 10% {x}'],
    ['$\\frac{1}{2}$, $\\hat{x}$, $\\sqrt{n}$', '1/2, x̂, √n'],
    ['\\input{/etc/passwd} \\unknown{kept}', '/etc/passwd kept'],
    ['Unbalanced $ stays', 'Unbalanced $ stays'],
    ['Plain title', 'Plain title'],
  ])('%j → %j', (tex, csl) => {
    expect(texToCsl(tex)).toBe(csl);
    expect(texToCsl(cslToTex(csl))).toBe(csl);
  });

  it('protects plain titles the same way, and cslToPlain reads them back', () => {
    const csl = plainToCsl('BERT-style Ga₂O₃ for LLMs: a Study of $5 {x}');
    expect(csl).toBe(`${nc('BERT-style')} ${nc('Ga₂O₃')} for ${nc('LLMs:')} a Study of $5 {x}`);
    expect(cslToPlain(csl)).toBe('BERT-style Ga₂O₃ for LLMs: a Study of $5 {x}');
    // `b` has no subscript form: the content stays as it is.
    expect(cslToPlain('Ga<sub>2</sub>O<sub>3</sub>, x<sup>n+1</sup>, <i>in vivo</i>, g<sub>ab</sub>')).toBe(
      'Ga₂O₃, xⁿ⁺¹, in vivo, gab',
    );
  });

  // Google Scholar runs words together across a quote (`Heß,‘Contribution`): a span holding half a quote breaks
  // citeproc's nesting, and pandoc then prints `<span class="nocase">` as text.
  it('never puts half a quote in a nocase span, and keeps a span whose quotes pair up whole', () => {
    expect(plainToCsl('Comment on the Paper by WR Heß,‘Contribution to the Theory,’')).toBe(
      `Comment on the Paper by ${nc('WR')} Heß,‘Contribution to the Theory,’`,
    );
    expect(plainToCsl('L\'article d\'Einstein" Remarques"')).toBe(`L'article ${nc("d'Einstein")}" Remarques"`);
    expect(plainToCsl('Abhandlung von E. Trefftz:“GaAs statische”')).toBe(
      `Abhandlung von E. Trefftz:“${nc('GaAs')} statische”`,
    );
    expect(plainToCsl('“BERT” and =HYPERLINK("a","b")')).toBe(`${nc('“BERT”')} and ${nc('=HYPERLINK("a","b")')}`);
    expect(texToCsl('{BERT}:“Das {DNA}')).toBe(`${nc('BERT:')}“${nc('Das')} ${nc('DNA')}`);
    for (const title of ['Heß,‘Contribution to LLMs,’', 'd\'Einstein" x', 'Trefftz:“GaAs x”']) {
      // Each is a word run into a quote that closes after it.
      for (const [, inside] of plainToCsl(title).matchAll(/<span class="nocase">(.*?)<\/span>/g)) {
        expect(inside).not.toMatch(/[“”‘’"]/);
      }
    }
  });

  // Literal HTML tags in a TeX title are not generated: CSL processors read them as markup, whatever Dogear does.
  it('leaves no TeX commands in what it writes, and reads what it writes back to the same CSL', () => {
    fc.assert(
      fc.property(
        fc
          .array(
            fc.constantFrom(
              '$',
              '\\',
              '{',
              '}',
              '_',
              '^',
              'alpha',
              'mathcal',
              'emph',
              'x',
              'X',
              'Ab',
              ' ',
              '2',
              '-',
              '~',
              '<',
              '>',
              'textbf',
            ),
            {
              maxLength: 30,
            },
          )
          .map((parts) => parts.join('')),
        (tex) => {
          const csl = texToCsl(tex);
          expect(csl).not.toMatch(/\\[A-Za-z]/);
          expect(texToCsl(cslToTex(csl))).toBe(csl);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('CSL round trip', () => {
  it('Dogear CSL → import → CSL is identical for the hard cases and a formula title', () => {
    const papers = [
      ...hardCases,
      paper('arxiv:2401.00009', {
        title: 'Ga$_2$O$_3$ with $\\mathcal{O}(n^2)$ and \\emph{x} in {BERT}',
        authors: ['William T. Reynolds Jr.', '李 华', 'Ludwig van Beethoven'],
        published: '2015',
        doi: '10.1109/cvpr.2016.90',
        citeKey: 'Lake2023',
      }),
    ];
    const csl = toCslJson(papers);
    const { items, rejected } = parseCslJson(csl);
    expect(rejected).toEqual([]);
    const again = items.map((item, index) => ({
      ...papers[index]!,
      ...item.paper,
      subjects: papers[index]!.subjects,
      ...(item.citeKey === undefined ? {} : { citeKey: item.citeKey }),
      ...(item.note === undefined ? {} : { note: item.note }),
      ...(item.tags === undefined ? {} : { tags: item.tags }),
    }));
    expect(toCslJson(again)).toBe(csl);
  });
});

describe('toCslJson properties', () => {
  it('is valid JSON: one article per paper, with unique ids', () => {
    fc.assert(
      fc.property(fc.array(hostilePaper, { maxLength: 4 }), (papers) => {
        const items = JSON.parse(toCslJson(papers)) as Record<string, unknown>[];
        expect(items).toHaveLength(papers.length);
        for (const [index, item] of items.entries()) {
          expect(item.type).toBe('article');
          expect(item.id).toBe(item['citation-key']);
          expect(item.custom).toMatchObject({ dogearKey: papers[index]!.key });
          expect(typeof item.title).toBe('string');
        }
        expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
      }),
      { numRuns: 300 },
    );
  });
});
