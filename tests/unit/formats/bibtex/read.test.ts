import { describe, expect, it } from 'vitest';
import { parseBibtexEntries } from '../../../../lib/formats/bibtex/parse.ts';
import { authorsOf, parseBibtex, titleOf } from '../../../../lib/formats/bibtex/read.ts';
import { ImportFileError } from '../../../../lib/formats/types.ts';
import { errorOf, fixture } from '../load.ts';

describe('parseBibtex: arXiv’s own export', () => {
  const { items, rejected } = parseBibtex(fixture('arxiv-export.bib'));

  it('reads every entry, keyed on eprint', () => {
    expect(rejected).toEqual([]);
    expect(items.map((item) => item.paper.key)).toEqual([
      'arxiv:1706.03762',
      'arxiv:hep-th/9711200',
      'arxiv:2401.12345',
    ]);
    expect(items.map((item) => item.citeKey)).toEqual([
      'vaswani2023attentionneed',
      'maldacena1998largenlimitsuperconformal',
      'müller2024mathcalllipschitztransformers',
    ]);
    expect(items.map((item) => item.line)).toEqual([1, 11, 22]);
  });

  it('keeps title, authors and primary class as arXiv gives them', () => {
    expect(items[0]!.paper).toEqual({
      key: 'arxiv:1706.03762',
      arxivId: '1706.03762',
      title: 'Attention Is All You Need',
      authors: [
        'Ashish Vaswani',
        'Noam Shazeer',
        'Niki Parmar',
        'Jakob Uszkoreit',
        'Llion Jones',
        'Aidan N. Gomez',
        'Lukasz Kaiser',
        'Illia Polosukhin',
      ],
      primaryCategory: 'cs.CL',
      subjects: ['cs.CL'],
      // arXiv's export dates the latest version; a year alone is read as a year.
      published: '2023',
    });
    expect(items[0]!.note).toBeUndefined();
    expect(items[0]!.tags).toBeUndefined();
  });

  it('prefers the arXiv id over the journal DOI arXiv adds, and keeps that DOI as the journal DOI', () => {
    expect(items[1]!.paper.key).toBe('arxiv:hep-th/9711200');
    expect(items[1]!.paper.primaryCategory).toBe('hep-th');
    expect(items[1]!.paper.doi).toBe('10.1023/a:1026654312961');
    expect(items[0]!.paper.doi).toBeUndefined();
  });

  it('keeps cite keys verbatim, even ones Dogear would refuse (the planner decides)', () => {
    expect(items[2]!.citeKey).toBe('müller2024mathcalllipschitztransformers');
  });

  it('keeps math, UTF-8 and CJK names; reads case protection as BibTeX prints it', () => {
    expect(items[2]!.paper.title).toBe(
      '$\\mathcal{L}$-Lipschitz Transformers: 100% Robust Attention for BERT-style Models',
    );
    expect(items[2]!.paper.authors).toEqual(['Jürgen Müller', 'Åsa Ødegaard', '李华']);
  });
});

describe('parseBibtex: Zotero’s export', () => {
  const { items, rejected } = parseBibtex(fixture('zotero.bib'));
  const byCite = new Map(items.map((item) => [item.citeKey, item]));

  it('keys @misc by its arXiv URL / DataCite DOI, drops the identifier-only note, splits keywords', () => {
    const paper = byCite.get('vaswani_attention_2023')!;
    expect(paper.paper.key).toBe('arxiv:1706.03762');
    expect(paper.paper.title).toBe('Attention Is All You Need');
    expect(paper.paper.authors[5]).toBe('Aidan N. Gomez');
    expect(paper.paper.abstract).toMatch(/^The dominant sequence/);
    expect(paper.note).toBeUndefined();
    expect(paper.tags).toEqual(['Computer Science - Computation and Language', 'Computer Science - Machine Learning']);
    expect(paper.paper.published).toBe('2023-08'); // `month = aug`: the macro, read as the month
  });

  it('keys Google-Scholar-style @article by "arXiv preprint arXiv:…" in journal; decodes accents; annote is the note', () => {
    const paper = byCite.get('muller_lipschitz_2024')!;
    expect(paper.paper.key).toBe('arxiv:2401.12345');
    expect(paper.paper.title).toBe('$\\mathcal{L}$-Lipschitz transformers');
    expect(paper.paper.authors).toEqual(['Jürgen Müller', 'Åsa Ødegaard', 'Wei Zhang']);
    expect(paper.note).toBe('Read this one for the proof in §3.');
  });

  it('reads BibLaTeX eprinttype/eprintclass, the eprint version, date and ;-separated keywords', () => {
    const paper = byCite.get('smith_graphs_2021')!;
    expect(paper.paper).toMatchObject({
      key: 'arxiv:2103.01234',
      arxivId: '2103.01234',
      version: 2,
      title: 'Graphs and Things',
      authors: ['John Smith', "Mary O'Neil"],
      primaryCategory: 'cs.DS',
      published: '2021-03-04',
    });
    expect(paper.tags).toEqual(['graphs', 'To Read']);
  });

  it('keys a non-arXiv paper by its DOI, lowercased', () => {
    const paper = byCite.get('doe_biology_2021')!;
    expect(paper.paper.key).toBe('doi:10.1101/2021.08.03.454978');
    expect(paper.paper.arxivId).toBeUndefined();
    expect(paper.paper.title).toBe('A bioRxiv preprint about cells');
  });

  it('rejects an entry with no arXiv id or DOI, saying why and where', () => {
    expect(rejected).toEqual([
      {
        index: 4,
        line: 43,
        id: 'knuth_art_1997',
        reason: expect.stringContaining('no arXiv id or DOI'),
      },
    ]);
    expect(rejected[0]!.reason).toContain('title alone never merges');
  });
});

describe('parseBibtexEntries: syntax', () => {
  it('handles nested braces, quotes, numbers, # concatenation, @string and month macros', () => {
    const [entry] = parseBibtexEntries(`
@string{ conf = "Proc. of " }
@STRING(venue = {ICML})
@preamble{ "\\newcommand{\\noop}[1]{}" }
@comment{ jabref-meta: databaseType:bibtex; {nested} }
@InProceedings( key1 ,
  Title = "A {"}quoted{"} {Title {nested}}",
  booktitle = conf # venue # " " # 2024,
  year = 2024,
  month = feb,
  note = undefinedmacro # {x},
)`);
    expect(entry).toEqual({
      type: 'inproceedings',
      key: 'key1',
      line: 6,
      fields: new Map([
        ['title', 'A {"}quoted{"} {Title {nested}}'],
        ['booktitle', 'Proc. of ICML 2024'],
        ['year', '2024'],
        ['month', 'February'],
        ['note', 'x'],
      ]),
    });
  });

  it('ignores text between entries, including a stray @ and % comments, and keeps the first duplicate field', () => {
    const entries = parseBibtexEntries(`% written by me@example.org
Some prose @ here.
@misc{a, title={First}, title={Second}}
@misc{b}`);
    expect(entries.map((entry) => [entry.key, entry.fields.get('title')])).toEqual([
      ['a', 'First'],
      ['b', undefined],
    ]);
  });

  it('accepts CRLF line ends and counts lines across them', () => {
    const [, second] = parseBibtexEntries('@misc{a,\r\n title={A}}\r\n\r\n@misc{b, title={B}}');
    expect(second!.line).toBe(4);
  });

  const cases: Array<[string, string, number]> = [
    [
      'unterminated brace value at end of file',
      '@misc{ok, title={Fine}}\n\n@article{smith2020,\n  author = {Smith, J.},\n  title = {Unclosed {title},\n  year = 2020\n',
      5,
    ],
    [
      'unterminated value followed by another entry',
      '@article{smith2020,\n  title = {Unclosed,\n  year = {2020}\n\n@misc{next, title={x}}\n',
      2,
    ],
    ['unterminated quoted value', '@misc{q,\n  title = "never closed\n}\n', 2],
  ];
  it.each(cases)('names the line and entry of an %s', (_, text, line) => {
    const error = errorOf(() => parseBibtexEntries(text));
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error.message).toMatch(
      new RegExp(`^line ${line}: unterminated value of field "(title)" in entry "(smith2020|q)"$`),
    );
    expect((error as ImportFileError).line).toBe(line);
  });

  it('reports the spec’s example message exactly', () => {
    const text = `${'\n'.repeat(11)}@article{smith2020,  title = {Oops,\n author = {X}\n`;
    expect(errorOf(() => parseBibtexEntries(text)).message).toBe(
      'line 12: unterminated value of field "title" in entry "smith2020"',
    );
  });

  it('reports a missing comma between fields as a missing comma, on the line it is missing from', () => {
    const spanning = '@misc{a,\n  title = {One}\n  author = {X}\n}';
    const error = errorOf(() => parseBibtexEntries(spanning));
    expect(error.message).toBe(
      'line 2: missing comma after field "title" in entry "a", before field "author" on line 3',
    );
    expect((error as ImportFileError).line).toBe(2);
    expect(errorOf(() => parseBibtexEntries('@misc{a, title = {One} year = 2020}')).message).toBe(
      'line 1: missing comma after field "title" in entry "a", before field "year"',
    );
  });

  it('names what follows a value when it is neither a comma nor a field, with the line the value began on', () => {
    const text = '@misc{a,\n  title = {One} {Two},\n}';
    expect(errorOf(() => parseBibtexEntries(text)).message).toBe(
      'line 2: expected "," or "}" after field "title" in entry "a", found "{"',
    );
    const spanning = '@misc{a,\n  title = {One}\n  {X}\n}';
    expect(errorOf(() => parseBibtexEntries(spanning)).message).toBe(
      'line 3: expected "," or "}" after field "title" in entry "a" (its value starts on line 2: is a brace or quote unbalanced?), found "{"',
    );
  });

  it('names a missing "=", a missing value, a missing cite key and an unterminated entry', () => {
    expect(errorOf(() => parseBibtexEntries('@misc{a,\n title {x}}')).message).toBe(
      'line 2: expected "=" after field "title" in entry "a", found "{"',
    );
    expect(errorOf(() => parseBibtexEntries('@misc{a,\n title = ,}')).message).toBe(
      'line 2: expected a value for field "title" in entry "a", found ","',
    );
    expect(errorOf(() => parseBibtexEntries('\n@misc{title = {x}}')).message).toBe(
      'line 2: @misc entry on line 2 has no cite key before its first field',
    );
    expect(errorOf(() => parseBibtexEntries('@misc{a,\n title = {x},\n')).message).toBe(
      'line 1: unterminated entry "a": no closing "}"',
    );
    expect(errorOf(() => parseBibtexEntries('@comment{ never closed')).message).toBe(
      'line 1: unterminated @comment (no closing brace)',
    );
  });

  it('counts escaped braces as BibTeX does, so our exporter’s \\{\\vphantom{\\}} stays balanced', () => {
    const [entry] = parseBibtexEntries('@misc{a, title = {a \\{\\vphantom{\\}} b}}');
    expect(entry!.fields.get('title')).toBe('a \\{\\vphantom{\\}} b');
  });
});

describe('titleOf', () => {
  it.each([
    ['{Whole Title Protected}', 'Whole Title Protected'],
    ['{{BERT}: Pre-training}', 'BERT: Pre-training'],
    // Better BibTeX and Zotero protection, read the way BibTeX prints it.
    [
      'Delving {{Deep}} into {{Rectifiers}}: {{Surpassing Human-Level Performance}}',
      'Delving Deep into Rectifiers: Surpassing Human-Level Performance',
    ],
    ['{MOT}16: {A} Benchmark', 'MOT16: A Benchmark'],
    // What Dogear writes reads back as what it was written from.
    ['{InternW0-{$\\Delta$}:} {$\\alpha+\\beta$} for {LLMs}', 'InternW0-Δ: $\\alpha+\\beta$ for LLMs'],
    ['{{\\emph{Masked}}} {\\em x} \\textsc{Lamb}', '{\\emph{Masked}} {\\em x} \\textsc{Lamb}'],
    ['Large {N} limits of {$Li_7$}', 'Large N limits of $Li_7$'],
    ['Attention {Is} {All} {You} {Need}', 'Attention Is All You Need'],
    [
      '{Lithium} {Ion} {Conduction} in {First}-{Principles} {Study}',
      'Lithium Ion Conduction in First-Principles Study',
    ],
    ['Fine-tuning {BERT} and {GPT} for Low Resource Tasks', 'Fine-tuning BERT and GPT for Low Resource Tasks'],
    ['{BERT}: pre-training of deep transformers', 'BERT: pre-training of deep transformers'],
    ['Graphs and {Things}', 'Graphs and Things'],
    ['{BERT}: Pre-training of Deep Transformers', 'BERT: Pre-training of Deep Transformers'],
    ['$\\mathcal{L}$-Lipschitz {Is} {Fine}', '$\\mathcal{L}$-Lipschitz Is Fine'],
    ['Schr{\\"o}dinger \\& {\\o}ther  stuff: 100\\% \\_x', 'Schrödinger & øther stuff: 100% _x'],
    // A math span of one Greek letter is the letter (how the ASCII writer spells Greek); other math stays TeX.
    ['On $\\alpha$ and\n   $\\beta_{1}$ \\emph{very} much', 'On α and $\\beta_{1}$ \\emph{very} much'],
    ['Na\\"{\\i}ve caf\\\'e', 'Naïve café'],
    ['M{\\"u}ller {Is} {\\v{S}}koda’s {Friend}', 'Müller Is Škoda’s Friend'],
  ])('%j → %j', (raw, title) => {
    expect(titleOf(raw)).toBe(title);
  });
});

describe('authorsOf', () => {
  it.each([
    ['Vaswani, Ashish and Shazeer, Noam', ['Ashish Vaswani', 'Noam Shazeer']],
    ['M{\\"u}ller, J{\\"u}rgen AND {\\O}degaard, {\\AA}sa', ['Jürgen Müller', 'Åsa Ødegaard']],
    ['Ashish Vaswani and Noam Shazeer and others', ['Ashish Vaswani', 'Noam Shazeer']],
    ['{Google DeepMind} and {Barnes and Noble}', ['Google DeepMind', 'Barnes and Noble']],
    ['King, Jr., Martin Luther', ['Martin Luther King Jr.']],
    ["van der Berg, Anna and {\\v{S}}koda, Ji{\\v r}{\\'\\i}", ['Anna van der Berg', 'Jiří Škoda']],
    // East Asian names keep their family name first.
    ['李华 and 王, 芳', ['李华', '王 芳']],
    ['', []],
  ])('%j', (raw, authors) => {
    expect(authorsOf(raw)).toEqual(authors);
  });
});

describe('parseBibtex: rejections', () => {
  it('rejects an entry without a title, an invalid eprint and an over-long field, and keeps the rest', () => {
    const long = 'x'.repeat(2001);
    const { items, rejected } = parseBibtex(`@misc{a, eprint={2401.12345}, archivePrefix={arXiv}}
@misc{b, title={B}, eprint={not-an-id}, archivePrefix={arXiv}}
@misc{c, title={${long}}, eprint={2401.12346}}
@misc{d, title={D}, doi={10.1000/xyz}}
@misc{e, title={E}, eprint={12345678}, eprinttype={pubmed}}`);
    // A PubMed id is a key of its own (BibLaTeX's `eprinttype = {pubmed}`).
    expect(items.map((item) => item.paper.key)).toEqual(['doi:10.1000/xyz', 'pmid:12345678']);
    expect(rejected.map(({ index, line, id }) => ({ index, line, id }))).toEqual([
      { index: 0, line: 1, id: 'a' },
      { index: 1, line: 2, id: 'b' },
      { index: 2, line: 3, id: 'c' },
    ]);
    expect(rejected[0]!.reason).toBe('no title (paper arxiv:2401.12345)');
    expect(rejected[1]!.reason).toMatch(/^no arXiv id or DOI \(arXiv id "not-an-id" not recognised\)/);
    expect(rejected[2]!.reason).toMatch(/^invalid arxiv:2401\.12346: title: Too big/);
  });

  it('reads the note field as the user’s note unless it only names the paper', () => {
    const { items } =
      parseBibtex(`@misc{a, title={A}, eprint={2401.12345}, note={Great {paper}, see \\S~2}, comment={second}}
@misc{b, title={B}, eprint={2401.12346}, note={arXiv preprint arXiv:2401.12346}}`);
    expect(items.map((item) => item.note)).toEqual(['Great paper, see § 2\n\nsecond', undefined]);
  });

  it('finds the key in howpublished \\url{…}, a plain arXiv url, or a doi.org url', () => {
    const { items } = parseBibtex(`@misc{a, title={A}, howpublished={\\url{https://arxiv.org/abs/2401.12345v3}}}
@misc{b, title={B}, url={https://huggingface.co/papers/2401.12346}}
@misc{c, title={C}, url={https://doi.org/10.1000/ABC}}`);
    expect(items.map((item) => [item.paper.key, item.paper.version])).toEqual([
      ['arxiv:2401.12345', 3],
      ['arxiv:2401.12346', undefined],
      ['doi:10.1000/abc', undefined],
    ]);
  });
});

describe('parseBibtex: dates with their precision', () => {
  const published = (fields: string) =>
    parseBibtex(`@misc{k, title={T}, eprint={2401.12345}, ${fields}}`).items[0]!.paper.published;

  it.each([
    ['year = {2016}', '2016'],
    ['year = 2016', '2016'],
    ['year = {2016}, month = jan', '2016-01'],
    ['year = {2016}, month = {12}', '2016-12'],
    ['year = {2016}, month = {Sept.}', '2016-09'],
    ['year = {2016}, month = {June}', '2016-06'],
    ['year = {2016}, month = {13}', '2016'],
    ['year = {2016}, month = {summer}', '2016'],
    ['year = {in press}', undefined],
    ['date = {2015}', '2015'],
    ['date = {2015-02}', '2015-02'],
    ['date = {2015-02-06}', '2015-02-06'],
    ['date = {2015-02-06/2015-03-01}', '2015-02-06'],
    ['date = {2015-02-30}', '2015-02'],
    ['date = {2015-02-06}, year = {1999}', '2015-02-06'],
    ['month = mar', undefined],
  ])('%s → %s', (fields, expected) => {
    expect(published(fields)).toBe(expected);
  });
});

describe('parseBibtex: names by BibTeX’s grammar', () => {
  it.each([
    ['Reynolds, Jr., William T.', ['William T. Reynolds Jr.']],
    ['García Márquez, Gabriel', ['García Márquez, Gabriel']],
    ['Ludwig van Beethoven and van Beethoven, Ludwig', ['Ludwig van Beethoven', 'Ludwig van Beethoven']],
    // Two-word family name after a particle: stored in the comma form, which lib/paper/names.ts splitName reads back.
    ['Jean de La Fontaine', ['de La Fontaine, Jean']],
    ['{ATLAS Collaboration} and {Barnes and Noble}', ['ATLAS Collaboration', 'Barnes and Noble']],
    ['{van} Gogh, Vincent', ['Vincent van Gogh']],
    ['李, 华 and 李华', ['李 华', '李华']],
    ['Plato', ['Plato']],
    ["{\\O}degaard, {\\AA}sa and {\\v{S}}koda, Ji{\\v r}{\\'\\i}", ['Åsa Ødegaard', 'Jiří Škoda']],
    ["d{\\'e} Gaulle, Charles", ['Charles dé Gaulle']],
    ['Ada~Lovelace', ['Ada Lovelace']],
  ])('%j', (raw, authors) => {
    expect(authorsOf(raw)).toEqual(authors);
  });

  it('splits Google Scholar’s comma-separated list into names and says so in a warning', () => {
    const { items } = parseBibtex(
      '@article{vaswani2017attention, title={Attention is all you need}, author={A Vaswani, N Shazeer, N Parmar, J Uszkoreit}, journal={arXiv preprint arXiv:1706.03762}}',
    );
    expect(items[0]!.paper.authors).toEqual(['A Vaswani', 'N Shazeer', 'N Parmar', 'J Uszkoreit']);
    expect(items[0]!.warnings).toEqual([expect.stringContaining('4 names with commas instead of "and"')]);
    // Three names with two commas, none of them a suffix, are a list too; a suffix keeps one name.
    expect(authorsOf('Ashish Vaswani, Noam Shazeer, Niki Parmar')).toEqual([
      'Ashish Vaswani',
      'Noam Shazeer',
      'Niki Parmar',
    ]);
    expect(authorsOf('Reynolds, Jr., William T.')).toEqual(['William T. Reynolds Jr.']);
    const plain = parseBibtex('@misc{k, title={T}, eprint={2401.12345}, author={Vaswani, Ashish and Shazeer, Noam}}');
    expect(plain.items[0]!.warnings).toBeUndefined();
  });
});

describe('parseBibtex: keywords and cite keys', () => {
  it('keeps a braced keyword whole and reads Dogear’s own braces back as the tag', () => {
    const { items } = parseBibtex('@misc{Lake2023, title={T}, eprint={2401.12345}, keywords={{a, b}, {BERT}; c}}');
    expect(items[0]!.tags).toEqual(['a, b', 'BERT', 'c']);
    expect(items[0]!.citeKey).toBe('Lake2023');
  });
});
