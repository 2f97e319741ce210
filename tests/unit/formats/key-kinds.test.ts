/**
 * Every key kind through every format: a paper keyed by an OpenReview, ACL Anthology, PubMed, Semantic Scholar or dblp
 * id, or by its address, is written with its id where the format has a place for it, and every reader gives back the
 * same key. Importers also read these kinds from other tools' files, and key an entry by its address only when it is
 * otherwise a paper, saying so in the preview.
 */
import { describe, expect, it } from 'vitest';
import { csvTable } from '../../../lib/formats/csv/write.ts';
import { formatReferences, parseReferences } from '../../../lib/formats/index.ts';
import { canonicalJson } from '../../../lib/formats/json-backup/canonical.ts';
import { parseBackup } from '../../../lib/formats/json-backup/read.ts';
import { toBackup } from '../../../lib/formats/json-backup/write.ts';
import { markdownNoteFiles } from '../../../lib/formats/markdown/write.ts';
import { parseImport } from '../../../lib/formats/read.ts';
import { formatById } from '../../../lib/formats/registry.ts';
import type { ImportedPaper } from '../../../lib/formats/types.ts';
import { citeKeysFor, isCiteKey } from '../../../lib/paper/cite-keys.ts';
import { keyKind, keyValue } from '../../../lib/paper/ids.ts';
import { paperPageUrl } from '../../../lib/paper/links.ts';
import type { Paper, Sighting } from '../../../lib/paper/model.ts';
import { keyKindCases } from './papers.ts';

const READ_FORMATS = ['bibtex', 'biblatex', 'ris', 'csl-json'] as const;
const cases = keyKindCases.map((paper) => [paper.key, paper] as const);

function entries(parsed: Awaited<ReturnType<typeof parseImport>>): ImportedPaper[] {
  if (parsed.format === 'backup') throw new Error('not a reference file');
  return parsed.items;
}

describe('every key kind reads back to the same key', () => {
  it('covers every kind the library has beyond arXiv and DOIs', () => {
    expect(new Set(keyKindCases.map((paper) => keyKind(paper.key)))).toEqual(
      new Set(['openreview', 'acl', 'pmid', 's2', 'dblp', 'url']),
    );
  });

  describe.each(READ_FORMATS)('%s', (id) => {
    it.each(cases)('%s', async (key, paper) => {
      const file = formatReferences(id, [paper]);
      const parsed = await parseImport(`dogear.${formatById(id).extension}`, file);
      expect(parsed.rejected).toEqual([]);
      const [item] = entries(parsed);
      expect(item!.paper.key).toBe(key);
      expect(item!.paper.title).toBe(paper.title);
      expect(item!.paper.authors).toEqual(paper.authors);
      // Only a paper keyed by its address is flagged: the preview says it has no id.
      expect(item!.warnings ?? []).toEqual(
        keyKind(key) === 'url'
          ? [expect.stringMatching(/^no arXiv id, DOI or other paper id: keyed by its address/)]
          : [],
      );
    });

    it('all kinds in one file, in order', async () => {
      const parsed = await parseReferences(formatReferences(id, keyKindCases), `x.${formatById(id).extension}`);
      expect(parsed.rejections).toEqual([]);
      expect(parsed.papers.map((paper) => paper.key)).toEqual(keyKindCases.map((paper) => paper.key));
    });
  });
});

describe('where each format writes the id', () => {
  it.each(cases)('BibTeX and BibLaTeX: url is the page %s names', (key, paper) => {
    for (const id of ['bibtex', 'biblatex'] as const) {
      const text = formatReferences(id, [paper]);
      expect(text).toContain(`  url = {${paperPageUrl(key)}},`);
      expect(text).not.toContain('archivePrefix');
      expect(text).not.toContain('eprinttype = {arxiv}');
      if (keyKind(key) === 'pmid') {
        expect(text).toContain(`  eprint = {${keyValue(key)}},`);
        expect(text).toContain('  eprinttype = {pubmed},');
      } else {
        expect(text).not.toContain('eprint');
      }
    }
  });

  it.each(cases)('RIS: UR is the page %s names; a PubMed id is its accession number', (key, paper) => {
    const text = formatReferences('ris', [paper]);
    expect(text).toContain(`UR  - ${paperPageUrl(key)}\r\n`);
    if (keyKind(key) === 'pmid') expect(text).toContain(`AN  - ${keyValue(key)}\r\nDB  - PubMed\r\n`);
    else expect(text).not.toMatch(/^(?:AN|DB) {2}-/m);
  });

  it.each(cases)('CSL-JSON: URL, PMID, and Dogear’s key for %s', (key, paper) => {
    const [item] = JSON.parse(formatReferences('csl-json', [paper])) as Array<Record<string, unknown>>;
    expect(item!.URL).toBe(paperPageUrl(key));
    expect(item!.PMID).toBe(keyKind(key) === 'pmid' ? keyValue(key) : undefined);
    expect(item!.DOI).toBeUndefined();
    expect(item!.number).toBeUndefined();
    expect(item!.publisher).toBeUndefined();
    expect((item!.custom as { dogearKey: string }).dogearKey).toBe(key);
  });

  it.each(cases)('CSV: the key column holds %s, the url column its page', (key, paper) => {
    const [header, row] = csvTable([paper]);
    expect(row![header!.indexOf('key')]).toBe(key);
    expect(row![header!.indexOf('url')]).toBe(paperPageUrl(key));
    expect(row![header!.indexOf('arxiv_id')]).toBe('');
    expect(row![header!.indexOf('doi')]).toBe('');
  });

  it('Markdown: the title links the page, and the id is named by its source', () => {
    const text = formatReferences('markdown', keyKindCases);
    expect(text).toContain(
      '## [Stochastic Gradient Descent Performs Variational Inference, Converges to Limit Cycles for Deep Networks](https://openreview.net/forum?id=HyWrIgW0W)\n\n- Authors: Pratik Chaudhari, Stefano Soatto\n- Year: 2018\n- OpenReview: HyWrIgW0W\n- Tags: sgd',
    );
    expect(text).toContain('- ACL: N19-1423\n');
    expect(text).toContain('- ACL: 2020.acl-main.1\n');
    expect(text).toContain('- PubMed: 31452104\n');
    expect(text).toContain('- Semantic Scholar: 204e3073870fae3d05bcbc2f6a8e263d9b72e776\n');
    expect(text).toContain('- dblp: conf/naacl/DevlinCLT19\n');
    // An address is the title's link; `~`, `_`, `%` and `&` stay in it as they are.
    expect(text).toContain(
      '## [Notes on the Analytical Engine: 100\\% \\& \\_more\\_](https://cs.example.edu/~lovelace/papers/engine_notes.pdf?id=3&v=a%20b)',
    );
    expect(text).toContain(
      '## [Learning Transferable Visual Models From Natural Language Supervision](https://proceedings.mlr.press/v139/radford21a.html)',
    );
  });

  it('Obsidian notes: the id under its kind’s name, the page as url', () => {
    const files = markdownNoteFiles(keyKindCases);
    const frontmatter = files.map((file) => file.text.split('\n---\n')[0]!);
    expect(frontmatter[0]).toContain('\nopenreview: "HyWrIgW0W"\nurl: "https://openreview.net/forum?id=HyWrIgW0W"\n');
    expect(frontmatter[1]).toContain('\nacl: "N19-1423"\nurl: "https://aclanthology.org/N19-1423/"\n');
    expect(frontmatter[3]).toContain('\npmid: "31452104"\nurl: "https://pubmed.ncbi.nlm.nih.gov/31452104/"\n');
    expect(frontmatter[4]).toContain('\ns2: "204e3073870fae3d05bcbc2f6a8e263d9b72e776"\n');
    expect(frontmatter[5]).toContain(
      '\ndblp: "conf/naacl/DevlinCLT19"\nurl: "https://dblp.org/rec/conf/naacl/DevlinCLT19.html"\n',
    );
    expect(frontmatter[6]).toContain('\nurl: "https://proceedings.mlr.press/v139/radford21a.html"\n');
    for (const text of frontmatter) expect(text).not.toMatch(/^(?:arxiv|doi|aliases):/m);
  });
});

describe('cite keys of every kind', () => {
  it('come from the first author and year, or from the key when the name has no Latin letters', () => {
    const keys = citeKeysFor(keyKindCases);
    expect(keys).toEqual([
      'chaudhari2018stochastic',
      'devlin2019bert',
      'acl2020aclmain1',
      'titeica2019angstrom',
      'vaswani2017attention',
      'devlin2019berta',
      'radford2021learning',
      'urlcsexampleedulovelacepapersenginenotes',
    ]);
    for (const key of keys) expect(isCiteKey(key)).toBe(true);
  });

  it('read back from BibTeX as written', async () => {
    const parsed = await parseReferences(formatReferences('bibtex', keyKindCases), 'x.bib');
    expect(parsed.papers.map((paper) => paper.citeKey)).toEqual(citeKeysFor(keyKindCases));
  });
});

describe('the JSON backup', () => {
  it('restores papers of every kind, and their sightings, exactly', async () => {
    const sightings: Sighting[] = keyKindCases.map((paper, index) => ({
      id: `s${index}`,
      paperKey: paper.key,
      site: 'google-scholar',
      url: keyKind(paper.key) === 'url' ? keyValue(paper.key) : paperPageUrl(paper.key),
      at: Date.UTC(2026, 10, 19, 8, index),
    }));
    const text = await toBackup({ papers: keyKindCases, sightings }, Date.UTC(2026, 11, 1));
    const read = await parseBackup(text);
    expect(read.rejected).toEqual([]);
    expect(canonicalJson(read.papers)).toBe(canonicalJson(keyKindCases));
    expect(canonicalJson(read.sightings)).toBe(canonicalJson(sightings));
    // Export → import → export gives the same bytes.
    expect(await toBackup({ papers: read.papers, sightings: read.sightings }, Date.UTC(2026, 11, 1))).toBe(text);
  });

  it('rejects a record whose key is not canonical for its kind', async () => {
    const bad = [
      { ...keyKindCases[0]!, key: 'openreview:Hy/WrIgW0W' },
      { ...keyKindCases[1]!, key: 'acl:n19-1423' },
      { ...keyKindCases[4]!, key: 's2:204E3073870FAE3D05BCBC2F6A8E263D9B72E776' },
      { ...keyKindCases[6]!, key: 'url:https://proceedings.mlr.press/v139/radford21a.html#abstract' },
      { ...keyKindCases[6]!, key: 'url:https://arxiv.org/abs/2103.00020' },
    ] as Paper[];
    const read = await parseBackup(await toBackup({ papers: bad }, Date.UTC(2026, 11, 1)));
    expect(read.papers).toEqual([]);
    expect(read.rejected.map((rejection) => rejection.id)).toEqual(bad.map((paper) => paper.key));
  });
});

describe('reading other tools’ ids', () => {
  const bib = async (text: string) => entries(await parseImport('x.bib', text));

  it('BibTeX: PubMed ids in eprint or pmid, dblp cite keys and biburls, OpenReview and Anthology links', async () => {
    const items = await bib(`@article{a, title={A}, author={Ann Smith}, eprint={31452104}, eprinttype={pubmed}}
@article{b, title={B}, author={Ann Smith}, pmid={PMID: 31452105}}
@inproceedings{DBLP:conf/acl/SmithJ20, title={C}, author={Ann Smith}, booktitle={ACL}, year={2020}}
@inproceedings{d, title={D}, author={Ann Smith}, biburl={https://dblp.org/rec/conf/acl/SmithJ21.bib}}
@inproceedings{e, title={E}, author={Ann Smith}, url={https://openreview.net/forum?id=LzPWWPAdY4}}
@inproceedings{f, title={F}, author={Ann Smith}, url={https://aclanthology.org/2020.acl-main.1}}
@inproceedings{g, title={G}, author={Ann Smith}, url={https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776}}
@article{DBLP:journals/corr/abs-1706-03762, title={H}, author={Ann Smith}, eprinttype={arXiv}, eprint={1706.03762}}`);
    expect(items.map((item) => item.paper.key)).toEqual([
      'pmid:31452104',
      'pmid:31452105',
      'dblp:conf/acl/SmithJ20',
      'dblp:conf/acl/SmithJ21',
      'openreview:LzPWWPAdY4',
      'acl:2020.acl-main.1',
      's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
      'arxiv:1706.03762',
    ]);
    for (const item of items) expect(item.warnings).toBeUndefined();
  });

  it('BibTeX: the strongest id wins (an Anthology entry with its DOI keys by the DOI, as before acl: existed)', async () => {
    const [item] = await bib(`@inproceedings{devlin-etal-2019-bert,
    title = "{BERT}: Pre-training of Deep Bidirectional Transformers for Language Understanding",
    author = "Devlin, Jacob and Chang, Ming-Wei",
    year = "2019",
    url = "https://aclanthology.org/N19-1423",
    doi = "10.18653/v1/N19-1423",
}`);
    expect(item!.paper.key).toBe('doi:10.18653/v1/n19-1423');
    const [both] = await bib(
      '@misc{x, title={X}, author={A B}, pmid={1}, url={https://openreview.net/forum?id=LzPWWPAdY4}, biburl={https://dblp.org/rec/conf/x/Y20.bib}}',
    );
    expect(both!.paper.key).toBe('openreview:LzPWWPAdY4');
  });

  it('RIS: a PubMed record’s accession number, or AN PMID:', async () => {
    const parsed = await parseImport(
      'x.ris',
      [
        'TY  - JOUR',
        'TI  - A',
        'AU  - Smith, Ann',
        'AN  - 31452104',
        'DB  - PubMed',
        'ER  - ',
        'TY  - JOUR',
        'TI  - B',
        'AU  - Smith, Ann',
        'AN  - PMID:31452105',
        'ER  - ',
        'TY  - JOUR',
        'TI  - C',
        'AU  - Smith, Ann',
        'AN  - 31452106',
        'DP  - NLM',
        'DB  - MEDLINE',
        'ER  - ',
        'TY  - JOUR',
        'TI  - D',
        'AN  - 12345',
        'DB  - Scopus',
        'ER  - ',
        '',
      ].join('\r\n'),
    );
    expect(parsed.rejected.map((rejection) => rejection.index)).toEqual([3]);
    expect(entries(parsed).map((item) => item.paper.key)).toEqual(['pmid:31452104', 'pmid:31452105', 'pmid:31452106']);
  });

  it('CSL-JSON: PMID as a string or a number, and a URL of any kind', async () => {
    const parsed = await parseImport(
      'x.json',
      JSON.stringify([
        { id: 'a', type: 'article-journal', title: 'A', author: [{ family: 'Smith', given: 'Ann' }], PMID: '31452104' },
        { id: 'b', type: 'article-journal', title: 'B', author: [{ family: 'Smith', given: 'Ann' }], PMID: 31452105 },
        {
          id: 'c',
          type: 'paper-conference',
          title: 'C',
          author: [{ family: 'Smith', given: 'Ann' }],
          URL: 'https://dblp.org/rec/conf/acl/SmithJ20.html',
        },
      ]),
    );
    expect(entries(parsed).map((item) => item.paper.key)).toEqual([
      'pmid:31452104',
      'pmid:31452105',
      'dblp:conf/acl/SmithJ20',
    ]);
  });
});

describe('an entry with nothing but an address', () => {
  it('is keyed by its address when it is otherwise a paper, and the preview says so', async () => {
    const [item] = entries(
      await parseImport(
        'x.bib',
        '@inproceedings{radford21a, title={Learning Transferable Visual Models From Natural Language Supervision}, author={Radford, Alec and Kim, Jong Wook}, year={2021}, url={http://www.proceedings.mlr.press/v139/radford21a.html?utm_source=scholar#sec1}}',
      ),
    );
    expect(item!.paper.key).toBe('url:https://proceedings.mlr.press/v139/radford21a.html');
    expect(item!.warnings).toEqual([
      'no arXiv id, DOI or other paper id: keyed by its address (https://proceedings.mlr.press/v139/radford21a.html); the duplicates tab suggests merging it with a record of the same paper that has an id',
    ]);
  });

  it('follows a Google Scholar redirect to the page it names', async () => {
    const [item] = entries(
      await parseImport(
        'x.ris',
        'TY  - CONF\r\nTI  - A\r\nAU  - Smith, Ann\r\nUR  - https://scholar.google.com/scholar_url?url=https://example.org/paper/7&hl=en&sa=X\r\nER  - \r\n',
      ),
    );
    expect(item!.paper.key).toBe('url:https://example.org/paper/7');
  });

  it('is rejected without an author, without a title, or when the address is no web page', async () => {
    const parsed = await parseImport(
      'x.bib',
      `@online{page, title={A Blog Post}, url={https://example.org/blog/1}}
@misc{notitle, author={Ann Smith}, url={https://example.org/paper/1}}
@misc{ftp, title={A}, author={Ann Smith}, url={ftp://example.org/paper.pdf}}
@misc{text, title={A}, author={Ann Smith}, howpublished={Personal communication}}`,
    );
    expect(entries(parsed)).toEqual([]);
    expect(parsed.rejected.map((rejection) => [rejection.id, rejection.reason.slice(0, 30)])).toEqual([
      ['page', 'no arXiv id or DOI, nor anothe'],
      ['notitle', 'no arXiv id or DOI, nor anothe'],
      ['ftp', 'no arXiv id or DOI, nor anothe'],
      ['text', 'no arXiv id or DOI, nor anothe'],
    ]);
  });

  it('never wins over an id the entry also names', async () => {
    const [item] = entries(
      await parseImport(
        'x.bib',
        '@misc{a, title={A}, author={Ann Smith}, url={https://example.org/a}, doi={10.1000/XYZ}}',
      ),
    );
    expect(item!.paper.key).toBe('doi:10.1000/xyz');
    expect(item!.warnings).toBeUndefined();
  });
});
