import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toBiblatex } from '../../../lib/formats/biblatex/write.ts';
import { LATEX_LETTERS } from '../../../lib/formats/common/latex-table.ts';
import { CITE_KEY_BASE_MAX, citeKeysFor, isCiteKey } from '../../../lib/paper/cite-keys.ts';
import { makePaper } from '../../support/papers.ts';
import { toBibtex } from '../../../lib/formats/bibtex/write.ts';
import { toCslItems } from '../../../lib/formats/csl-json/write.ts';
import { markdownNoteFiles, toMarkdownZip } from '../../../lib/formats/markdown/write.ts';
import { paper } from '../formats/papers.ts';

const base = { authors: ['Ashish Vaswani'], published: '2017-06-12' };
const first = paper('arxiv:1706.03762', { ...base, title: 'Attention Is All You Need' });
const second = paper('arxiv:1706.03763', { ...base, title: 'Attention, again' });

describe('persisted cite keys (paper.citeKey)', () => {
  it('are used as they are by every writer that writes keys', () => {
    const keyed = { ...first, citeKey: 'Vaswani:2017' };
    expect(toBibtex([keyed])).toContain('@misc{Vaswani:2017,');
    expect(toBiblatex([keyed])).toContain('@misc{Vaswani:2017,');
    expect(toCslItems([keyed])[0]).toMatchObject({ id: 'Vaswani:2017', 'citation-key': 'Vaswani:2017' });
  });

  it('are never taken by a generated key, whatever the order', () => {
    // `second` would generate vaswani2017attention if it came first; the persisted key belongs to `first`.
    const keyedFirst = { ...first, citeKey: 'vaswani2017attention' };
    expect(citeKeysFor([second, keyedFirst])).toEqual(['vaswani2017attentiona', 'vaswani2017attention']);
    expect(citeKeysFor([second], new Set(['vaswani2017attention']))).toEqual(['vaswani2017attentiona']);
  });

  it('equal the generated keys when nothing is persisted (the golden files stay as they are)', () => {
    expect(citeKeysFor([first, second])).toEqual(['vaswani2017attention', 'vaswani2017attentiona']);
  });

  it('stay unique within a file when two papers carry the same persisted key', () => {
    const clash = [
      { ...first, citeKey: 'same' },
      { ...second, citeKey: 'same' },
    ];
    expect(citeKeysFor(clash)).toEqual(['same', 'samea']);
  });

  it('become safe, case-insensitively unique file names in the Obsidian zip', () => {
    const files = markdownNoteFiles([
      { ...first, citeKey: 'Vaswani:2017' },
      { ...second, citeKey: 'vaswani-2017' },
    ]);
    expect(files.map((file) => file.name)).toEqual(['Vaswani-2017.md', 'vaswani-2017-2.md']);
    const zip = unzipSync(toMarkdownZip([{ ...first, citeKey: '.hidden' }]));
    expect(Object.keys(zip)).toEqual(['_hidden.md']);
    expect(strFromU8(zip['_hidden.md']!)).toContain('Attention Is All You Need');
  });
});

describe('TeX letter commands in names and titles', () => {
  it('read as the letter LaTeX gives them, for every letter command of the LaTeX table', () => {
    for (const { char, command } of LATEX_LETTERS) {
      const spelled = paper('arxiv:1706.03762', { title: `Stra\\${command}{}e`, authors: [`Ann B\\${command}{}x`] });
      const written = paper('arxiv:1706.03762', { title: `Stra${char}e`, authors: [`Ann B${char}x`] });
      expect(citeKeysFor([spelled]), command).toEqual(citeKeysFor([written]));
    }
    expect(citeKeysFor([paper('arxiv:1706.03762', { title: 'Stra\\ss{}e', authors: ['Ann \\O{}degaard'] })])).toEqual([
      'odegaard2017strasse',
    ]);
  });
});

describe('bounded and validated keys', () => {
  it('a 400-letter family name gives a key of at most 40 characters that the schema accepts', () => {
    const long = makePaper('2401.12345', { authors: [`Ada ${'x'.repeat(400)}`], title: 'Deep residual learning' });
    const [key] = citeKeysFor([long]);
    expect(key!.length).toBeLessThanOrEqual(CITE_KEY_BASE_MAX);
    expect(key).toMatch(/^x+2024deep$/);
    expect(isCiteKey(key!)).toBe(true);
  });

  it('take the family name from the name parts: no suffix, particle or comma form in the key', () => {
    const key = (author: string) =>
      citeKeysFor([makePaper('2401.12345', { authors: [author], title: 'Deep residual learning' })])[0];
    expect(key('William T. Reynolds Jr.')).toBe('reynolds2024deep');
    expect(key('García Márquez, Gabriel')).toBe('garciamarquez2024deep');
    expect(key('Ludwig van Beethoven')).toBe('beethoven2024deep');
    expect(key('ATLAS Collaboration')).toBe('atlas2024deep');
  });

  it('a stored key isCiteKey refuses (a record from before keys were checked) is replaced, never written', () => {
    const old = {
      ...makePaper('2401.12345', { authors: ['Ada Lovelace'], title: 'Deep nets' }),
      citeKey: 'k'.repeat(412),
    };
    expect(citeKeysFor([old])).toEqual(['lovelace2024deep']);
  });

  it.each([
    ['mnih_playing_2013', true],
    ['Lake2023', true],
    ['arXiv:2401.12345', true],
    ['has space', false],
    ['brace}', false],
    ['', false],
    ['k'.repeat(101), false],
    ['müller2024', false],
  ])('isCiteKey(%j) is %s', (key, valid) => {
    expect(isCiteKey(key)).toBe(valid);
  });
});
