/**
 * The papers behind the `hard-cases.*` golden files: one per hard case an export must survive, in this order. The
 * golden files were written by hand from each format's rules, not generated from the code.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { PaperKey } from '../../../lib/paper/ids.ts';
import { type Paper, PaperSchema } from '../../../lib/paper/model.ts';
import { CREATED, makePaper } from '../../support/papers.ts';

export { CREATED };
/** 2026-11-20T09:30:00.000Z */
export const SAVED = Date.UTC(2026, 10, 20, 9, 30);
/** 2026-11-19T08:00:00.000Z */
export const SEEN = Date.UTC(2026, 10, 19, 8, 0);

/** A valid stored paper (tests/support/papers.ts makePaper), saved at `SAVED`, with the title and authors given. */
export function paper(key: PaperKey, fields: Partial<Paper> & Pick<Paper, 'title' | 'authors'>): Paper {
  return makePaper(key, { savedAt: SAVED, ...fields });
}

export const HOSTILE_NOTE = [
  'First line of my note.',
  'Second line <img src=x onerror=alert(1)> & more.',
  '',
  'Next paragraph: 50% done, see `x < y`, <https://example.org/a> and [docs](https://example.org).',
].join('\n');

export const hardCases: Paper[] = [
  // Plain arXiv paper with tags (one a subject, one digits only), a note and both timestamps.
  paper('arxiv:1706.03762', {
    title: 'Attention Is All You Need',
    authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
    primaryCategory: 'cs.CL',
    subjects: ['cs.CL', 'cs.LG'],
    published: '2017-06-12',
    abstract:
      'The dominant sequence transduction models are based on complex recurrent or\nconvolutional neural networks.',
    tags: ['transformers', 'NLP/attention', 'cs.LG', '2017'],
    note: 'Read section 3.2 again.',
    firstSeenAt: SEEN,
  }),
  // CJK author with no Latin reading: literal name, fallback cite key.
  paper('arxiv:2401.12345', {
    title: 'Large Language Models for Classical Chinese Poetry',
    authors: ['李华', 'Wei Zhang'],
    primaryCategory: 'cs.CL',
    subjects: ['cs.CL', 'cs.AI'],
    published: '2024-01-22',
    abstract: 'We study classical\nChinese poetry: 李白 and 杜甫.',
    tags: ['poetry', 'to read'],
  }),
  // TeX math title; no date and no primary category.
  paper('arxiv:2402.00001', {
    title: '$\\mathcal{L}$-Lipschitz Transformers with $O(n^{2})$ Memory',
    authors: ['Ana Silva'],
    subjects: ['cs.LG', 'stat.ML'],
  }),
  // Specials and a brace group.
  paper('arxiv:2403.00002', {
    title: '100% Robust & Fast_Attention for {BERT}-style Models',
    authors: ['Lee Chen'],
    primaryCategory: 'cs.CR',
    subjects: ['cs.CR'],
    published: '2024-03-01',
  }),
  // Old-style id, title with a hard line wrap.
  paper('arxiv:hep-th/9901001', {
    title: 'Gauge Theory Correlators\n  from Non-Critical String Theory',
    authors: ['S. S. Gubser', 'I. R. Klebanov', 'A. M. Polyakov'],
    primaryCategory: 'hep-th',
    subjects: ['hep-th'],
  }),
  // Formula injection in the title, a tag and the note.
  paper('arxiv:2406.00003', {
    title: '=HYPERLINK("http://evil.example","click") and Other Spreadsheet Attacks',
    authors: ['Eve Mallory'],
    primaryCategory: 'cs.CR',
    subjects: ['cs.CR'],
    published: '2024-06-03',
    tags: ['+security', 'csv'],
    note: '@SUM(A1:A2) is not a formula',
  }),
  // Accents and a name particle.
  paper('arxiv:2405.06789', {
    title: 'Über Ångström-Scale Models of Øresund Tides',
    authors: ['Jürgen Müller', 'Åsa Ødegaard', 'Ludwig van Beethoven'],
    primaryCategory: 'physics.ao-ph',
    subjects: ['physics.ao-ph', 'physics.flu-dyn'],
    published: '2024-05-11',
  }),
  // DOI paper with a multi-paragraph note holding HTML.
  paper('doi:10.1101/2021.08.03.454978', {
    title: 'Single-cell atlas of the mouse brain',
    authors: ['Ada Lovelace', 'Charles Babbage'],
    published: '2021-08-04',
    tags: ['neuro', 'single cell'],
    note: HOSTILE_NOTE,
    firstSeenAt: SEEN,
  }),
];

/**
 * One paper per key kind beyond arXiv and DOIs, each keyed as the site that showed it keys it (lib/paper/ids.ts), with
 * what makes its kind hard: a case-sensitive OpenReview id, both Anthology id styles, a PubMed id, a 40-digit Semantic
 * Scholar id, a dblp key with slashes, a `url:` paper on a publisher without a DOI, and one whose address holds `~`,
 * `_`, `%`, `&` and `=` with a CJK-only author (so its cite key falls back to the key). Built with the real schema: the
 * shared factory reads only `arxiv:` and `doi:` keys.
 */
export const keyKindCases: Paper[] = [
  [
    'openreview:HyWrIgW0W',
    {
      title: 'Stochastic Gradient Descent Performs Variational Inference, Converges to Limit Cycles for Deep Networks',
      authors: ['Pratik Chaudhari', 'Stefano Soatto'],
      published: '2018-02-15',
      tags: ['sgd'],
      note: 'Limit cycles, not minima.',
    },
  ],
  [
    'acl:N19-1423',
    {
      title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
      authors: ['Jacob Devlin', 'Ming-Wei Chang', 'Kenton Lee', 'Kristina Toutanova'],
      published: '2019-06',
      abstract: 'We introduce a new language representation model called BERT.',
    },
  ],
  [
    'acl:2020.acl-main.1',
    {
      title: 'Ünïcode Tïtles in a New-Style Anthology Id',
      authors: ['李华'],
      published: '2020-07',
    },
  ],
  [
    'pmid:31452104',
    {
      title: "Ångström-Scale Structures of Ștefan's Proteins at 37 °C",
      authors: ['Ștefan Țițeica', 'María José García Márquez'],
      published: '2019-08-27',
      tags: ['biology'],
    },
  ],
  [
    's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    {
      title: 'Attention is All you Need',
      authors: ['Ashish Vaswani', 'Noam M. Shazeer'],
      published: '2017',
    },
  ],
  [
    'dblp:conf/naacl/DevlinCLT19',
    {
      title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
      authors: ['Jacob Devlin', 'Ming-Wei Chang', 'Kenton Lee', 'Kristina Toutanova'],
      published: '2019',
    },
  ],
  [
    'url:https://proceedings.mlr.press/v139/radford21a.html',
    {
      title: 'Learning Transferable Visual Models From Natural Language Supervision',
      authors: ['Alec Radford', 'Jong Wook Kim', 'Chris Hallacy'],
      published: '2021',
      note: 'Found on Google Scholar, no DOI.',
    },
  ],
  [
    'url:https://cs.example.edu/~lovelace/papers/engine_notes.pdf?id=3&v=a%20b',
    {
      title: 'Notes on the Analytical Engine: 100% & _more_',
      authors: ['王芳'],
      published: '1843',
    },
  ],
].map(([key, fields]) =>
  PaperSchema.parse({
    key,
    subjects: [],
    createdAt: CREATED,
    updatedAt: CREATED,
    savedAt: SAVED,
    ...(fields as object),
  }),
);

export function golden(name: string): string {
  return readFileSync(new URL(`golden/${name}`, import.meta.url), 'utf8');
}

/** Text that stresses every writer: arbitrary code units, graphemes, and the characters each format treats specially. */
export const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
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
          '"',
          "'",
          ',',
          ';',
          '=',
          '+',
          '-',
          '@',
          '\t',
          '\r',
          '\n',
          '\r\n',
          '\u0000',
          '\u2028',
          '\u0085',
          '\ufeff',
          '\ud800',
          '```',
          '~~~',
          '<img src=x>',
          '</p>',
          '<!--',
          '<https://x.org>',
          '---',
          ' and ',
          '李',
          'é',
          'ø',
          '\u0301',
          '`',
          '[',
          ']',
          '*',
          '.',
          '1. ',
        ),
        fc.string({ maxLength: 4 }),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join('')),
);

/** Papers with hostile text in every free-text field; keys and dates stay valid, as the store guarantees. */
export const hostilePaper: fc.Arbitrary<Paper> = fc
  .record({
    key: fc.constantFrom<PaperKey>(
      'arxiv:2401.12345',
      'arxiv:hep-th/9901001',
      'doi:10.1101/abc',
      'doi:10.1000/x(1)_y',
      'openreview:LzPWWPAdY4',
      'acl:2020.acl-main.1',
      'pmid:31452104',
      's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
      'dblp:conf/acl/SmithJ20',
      'url:https://example.org/a?b=1%202&c=%7B',
    ),
    title: hostileText,
    authors: fc.array(hostileText, { maxLength: 4 }),
    abstract: fc.option(hostileText, { nil: undefined }),
    subjects: fc.array(hostileText, { maxLength: 3 }),
    primaryCategory: fc.option(hostileText, { nil: undefined }),
    tags: fc.option(fc.array(hostileText, { maxLength: 4 }), { nil: undefined }),
    note: fc.option(hostileText, { nil: undefined }),
    published: fc.option(
      fc
        .date({ min: new Date('1991-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
      { nil: undefined },
    ),
    savedAt: fc.option(fc.integer({ min: -8.64e15, max: 8.64e15 }), { nil: undefined }),
    firstSeenAt: fc.option(fc.integer({ min: -8.64e15, max: 8.64e15 }), { nil: undefined }),
    createdAt: fc.integer({ min: -8.64e15, max: 8.64e15 }),
  })
  .map((fields) => {
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    return { ...defined, updatedAt: fields.createdAt } as Paper;
  });
