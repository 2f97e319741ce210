/**
 * The library the conformance suite exports: papers the site adapters read from the captured pages in tests/fixtures/
 * (each adapter's fixture examples, lib/sites/<id>/adapter.ts; a sample of a long page, fixturePapers), plus hard cases
 * that stress each format's special characters, names, identifiers of every key kind and hostile page text.
 */
import { JSDOM } from 'jsdom';
import { adapters } from '../../lib/sites/registry.ts';
import { arxivIdOfKey } from '../../lib/paper/ids.ts';
import { type Paper, type PaperCandidate, PaperSchema } from '../../lib/paper/model.ts';
import { keyKindCases } from '../unit/formats/papers.ts';
import { readFixture } from '../unit/load-fixture.ts';

/** When every library paper was created and saved: fixed, so exports are reproducible. */
export const CREATED_AT = Date.UTC(2026, 10, 1, 9, 0);

/**
 * A stored paper of any key kind, checked by the real schema (the shared factory reads only `arxiv:` and `doi:` keys):
 * an `arxiv:` key gives the paper its arXiv id.
 */
export function paperOf(key: string, fields: Partial<Paper>): Paper {
  const arxivId = arxivIdOfKey(key);
  return PaperSchema.parse({
    key,
    ...(arxivId === undefined ? {} : { arxivId }),
    title: `Paper ${key}`,
    authors: ['A. Author'],
    subjects: [],
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...fields,
  });
}

/** A stored, saved paper from what a listing page gave. */
function stored(candidate: PaperCandidate): Paper {
  const { version, ...fields } = candidate;
  return paperOf(candidate.key, {
    ...fields,
    ...(version === undefined ? {} : { latestVersion: version, seenVersion: version }),
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    savedAt: CREATED_AT,
  });
}

/** How many papers of one captured page the library takes whatever they hold (PAGE_SAMPLE). */
export const PAGE_SAMPLE = 100;

/**
 * What a paper brings to the library's variety: each character of its title and authors outside letters and digits of
 * ASCII (`ờ`, `±`, `‐`, `“`, ```, `$`…), and the shapes that broke a writer or a consumer before: an author listed
 * twice, an all-capitals word, a quote run into a word (`Heß,‘Contribution`), no authors, a long author list, no date.
 */
function featuresOf(paper: Paper): Set<string> {
  const text = [paper.title, ...paper.authors].join(' ');
  const features = new Set([...text].filter((char) => !/[A-Za-z0-9 ]/.test(char)));
  if (new Set(paper.authors).size < paper.authors.length) features.add('(an author twice)');
  if (/(?:^|\s)\p{Lu}{4,}(?:\s|$)/u.test(paper.title)) features.add('(all-capitals word)');
  if (/\p{L}[,:]?["“”‘’„]\p{L}/u.test(paper.title)) features.add('(quote run into a word)');
  if (paper.authors.length === 0) features.add('(no authors)');
  if (paper.authors.length > 20) features.add('(over 20 authors)');
  if (paper.published === undefined) features.add('(no date)');
  return features;
}

/**
 * Papers of every captured listing page, parsed by its adapter in jsdom; each key once (first capture wins). One page
 * adds its first PAGE_SAMPLE papers, and after them only a paper that brings a feature (featuresOf) no paper of the
 * library has yet: a deterministic sample (adapter order, then page order) that keeps every kind of hard text a page
 * holds. The suite is for variety: a 1,114-row Google Scholar profile of one author adds little but time, and with 953
 * papers by one name and year bibtex's plainnat runs out of label suffix letters (after `z` comes byte 128), a limit no
 * real bibliography reaches.
 */
export function fixturePapers(): Paper[] {
  const byKey = new Map<string, Paper>();
  const seen = new Set<string>();
  for (const adapter of adapters) {
    for (const example of adapter.examples) {
      if (example.fixture === undefined) continue;
      const dom = new JSDOM(readFixture(example.fixture), { url: example.url });
      let taken = 0;
      for (const entry of adapter.parse(dom.window.document, new URL(example.url))) {
        if (byKey.has(entry.paper.key)) continue;
        const paper = stored(entry.paper);
        const features = [...featuresOf(paper)];
        if (taken >= PAGE_SAMPLE && features.every((feature) => seen.has(feature))) continue;
        taken += 1;
        features.forEach((feature) => seen.add(feature));
        byKey.set(paper.key, paper);
      }
      dom.window.close();
    }
  }
  return [...byKey.values()];
}

const GIVEN = ['Ana', 'Björn', 'Chen', 'Dmitri', 'Élodie', 'Fatima', 'Grzegorz', 'Hiroshi', 'Ingrid', 'José'];
const FAMILY = ['Silva', 'Łukasiewicz', 'Okafor', 'Müller', "O'Neil", 'Nakamura', 'Ødegaard', 'Petrov', 'Smith'];

/** 300 distinct names: given × family × a middle initial. */
function manyAuthors(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const initial = String.fromCharCode(65 + (Math.floor(index / 90) % 26));
    return `${GIVEN[index % GIVEN.length]} ${initial}. ${FAMILY[Math.floor(index / 10) % FAMILY.length]}`;
  });
}

function hard(key: string, fields: Partial<Paper> & Pick<Paper, 'title' | 'authors'>): Paper {
  return paperOf(key, { createdAt: CREATED_AT, updatedAt: CREATED_AT, savedAt: CREATED_AT, ...fields });
}

/** The hard cases, each named by the comment above it. */
export function hardCasePapers(): Paper[] {
  return [
    // Accents in title and names, an abstract over several lines.
    hard('arxiv:2405.06789', {
      title: 'Über Ångström-Scale Models of Øresund Tides',
      authors: ['Jürgen Müller', 'Åsa Ødegaard', 'François Ñúñez-Łukasiewicz', 'Ștefan Țițeica'],
      primaryCategory: 'physics.ao-ph',
      subjects: ['physics.ao-ph'],
      published: '2024-05-11',
      abstract: 'Tides in the Øresund.\nWe model them at Ångström scale: naïve, but fast.',
    }),
    // CJK: a Chinese name written family first with a space, one without, a CJK title word.
    hard('arxiv:2401.12345', {
      title: 'Large Language Models for 古典 Chinese Poetry',
      authors: ['李 华', '王芳', 'Wei Zhang'],
      primaryCategory: 'cs.CL',
      subjects: ['cs.CL'],
      published: '2024-01-22',
      abstract: 'We study classical Chinese poetry: 李白 and 杜甫.',
      tags: ['poetry', 'to read'],
    }),
    // Greek letters in text and in math, as real arXiv titles have them.
    hard('arxiv:2502.01234', {
      title: 'InternW0-Δ: Scaling $α+β$ Mixtures with Ω-Nets',
      authors: ['Maria Papadopoulou'],
      primaryCategory: 'cs.LG',
      subjects: ['cs.LG'],
      published: '2025-02-03',
    }),
    // TeX math, no date and no primary category.
    hard('arxiv:2402.00001', {
      title: '$\\mathcal{L}$-Lipschitz Transformers with $O(n^{2})$ Memory',
      authors: ['Ana Silva'],
      subjects: ['cs.LG', 'stat.ML'],
    }),
    // A chemical formula in math, protected words (LLMs, iOS) a sentence-case style must keep.
    hard('arxiv:2403.11111', {
      title: 'Li$_7$La$_3$Zr$_2$O$_{12}$ Garnets Designed by LLMs on iOS Devices',
      authors: ['Kenji Tanaka', 'Ludwig van Beethoven'],
      primaryCategory: 'cond-mat.mtrl-sci',
      subjects: ['cond-mat.mtrl-sci'],
      published: '2024-03-15',
    }),
    // Every TeX special in a TeX (arXiv) title.
    hard('arxiv:2403.00002', {
      title: '100% Robust & Fast_Attention for #1 {BERT}-style Models',
      authors: ['Lee Chen'],
      primaryCategory: 'cs.CR',
      subjects: ['cs.CR'],
      published: '2024-03-01',
    }),
    // Every TeX special in plain text (a DOI paper's title is not TeX).
    hard('doi:10.1101/2021.08.03.454978', {
      title: 'Cells: a {curly} ~tilde~ ^caret^ \\backslash # $5 & 7% _x',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      published: '2021-08-04',
      note: 'First line of my note.\nSecond line <img src=x onerror=alert(1)> & more.\n\nNext paragraph: 50% done.',
      tags: ['neuro', 'single cell'],
    }),
    // Titles starting with = and @ (spreadsheet formulas, BibTeX entry starts).
    hard('arxiv:2406.00003', {
      title: '=HYPERLINK("http://evil.example","click") and Other Spreadsheet Attacks',
      authors: ['Eve Mallory'],
      primaryCategory: 'cs.CR',
      subjects: ['cs.CR'],
      published: '2024-06-03',
      tags: ['+security', 'csv'],
      note: '@SUM(A1:A2) is not a formula',
    }),
    hard('arxiv:2406.00004', {
      title: '@misc{evil, title={Injected}} Entries in Titles',
      authors: ['Eve Mallory'],
      primaryCategory: 'cs.CR',
      subjects: ['cs.CR'],
      published: '2024-06-04',
    }),
    // A 300-author paper.
    hard('arxiv:2407.21783', {
      title: 'The Llama 3 Herd of Models',
      authors: manyAuthors(300),
      primaryCategory: 'cs.AI',
      subjects: ['cs.AI'],
      published: '2024-07-31',
    }),
    // Old-style ids; a hard line wrap in a title; a year-only date and a year-month date.
    hard('arxiv:hep-th/9901001', {
      title: 'Gauge Theory Correlators\n  from Non-Critical String Theory',
      authors: ['S. S. Gubser', 'I. R. Klebanov', 'A. M. Polyakov'],
      primaryCategory: 'hep-th',
      subjects: ['hep-th'],
      published: '1999',
    }),
    hard('arxiv:hep-th/9711200', {
      title: 'The Large $N$ Limit of Superconformal Field Theories and Supergravity',
      authors: ['Juan M. Maldacena'],
      primaryCategory: 'hep-th',
      subjects: ['hep-th'],
      published: '1997-11',
      doi: '10.1023/a:1026654312961',
    }),
    // DOI only, undated.
    hard('doi:10.1145/3442188.3445922', {
      title: 'On the Dangers of Stochastic Parrots: Can Language Models Be Too Big?',
      authors: ['Emily M. Bender', 'Timnit Gebru'],
    }),
    // Suffixes, particles, an organisation, a CJK name with a space.
    hard('arxiv:2301.00101', {
      title: 'Names with Suffixes and Particles',
      authors: [
        'William T. Reynolds Jr.',
        'Martin Luther King III',
        'Ludwig van Beethoven',
        'Johannes Diderik van der Waals',
        'Charles de la Vallée Poussin',
        'The ATLAS Collaboration',
        'Société Générale, Inc.',
        '李 华',
      ],
      primaryCategory: 'physics.hist-ph',
      subjects: ['physics.hist-ph'],
      published: '2023-01-01',
    }),
    // Notes with newlines, tags with commas.
    hard('arxiv:1706.03762', {
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
      primaryCategory: 'cs.CL',
      subjects: ['cs.CL', 'cs.LG'],
      published: '2017-06-12',
      abstract: 'The dominant sequence transduction models are based on complex recurrent or\nconvolutional networks.',
      tags: ['transformers', 'a, b', 'NLP/attention', '2017'],
      note: 'Read section 3.2 again.\n\n- point one\n- point two\n  indented; 100% sure',
    }),
    // Hostile page text: TeX commands that read files or run programs, bidi overrides, zero-width characters.
    hard('arxiv:2408.00666', {
      title: 'Safe Titles \\input{/etc/passwd} and \\write18{rm -rf ~} with \\immediate\\openout Tricks',
      authors: ['Mallory \u202Egnp.exe Evil', 'Ze\u200Bro Wi\u200Ddth', '\\csname Bad\\endcsname Author'],
      primaryCategory: 'cs.CR',
      subjects: ['cs.CR'],
      published: '2024-08-06',
      abstract: 'Abstract with \\catcode`\\@=11 and \\def\\x{y} and \u202Ereversed\u202C text.',
      note: 'Click [x](javascript:alert(1)) or <a href="javascript:alert(2)">this</a> or [d](data:text/html,hi).',
      tags: ['security'],
    }),
    // A DOI with parentheses (SICI DOIs are real).
    hard('doi:10.1002/(sici)1097-4636(199706)35:4<523::aid-jbm13>3.0.co;2-q', {
      title: 'Biomaterials with a SICI DOI',
      authors: ['Ada Lovelace'],
      published: '1997-06',
    }),
    // A 400-letter author name.
    hard('arxiv:2409.00400', {
      title: 'A Paper by a Very Long Name',
      authors: [`Bob ${'Q'}${'w'.repeat(399)}`],
      primaryCategory: 'cs.DL',
      subjects: ['cs.DL'],
      published: '2024-09-01',
    }),
    // An arXiv paper with its journal DOI.
    hard('arxiv:1512.03385', {
      title: 'Deep Residual Learning for Image Recognition',
      authors: ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun'],
      primaryCategory: 'cs.CV',
      subjects: ['cs.CV'],
      published: '2015-12-10',
      doi: '10.1109/cvpr.2016.90',
    }),
    // One paper per key kind beyond arXiv and DOIs (OpenReview, both Anthology id styles, PubMed, Semantic Scholar,
    // dblp, two addresses, one with `~ _ % & =` in it and a CJK-only author), as the format tests have them.
    ...keyKindCases.map((paper) => ({ ...paper, createdAt: CREATED_AT, updatedAt: CREATED_AT, savedAt: CREATED_AT })),
  ];
}

/** The whole library: captured papers then hard cases (hard cases whose key a capture already has are left out). */
export function conformanceLibrary(): Paper[] {
  const papers = fixturePapers();
  const keys = new Set(papers.map((paper) => paper.key));
  return [...papers, ...hardCasePapers().filter((paper) => !keys.has(paper.key))];
}
