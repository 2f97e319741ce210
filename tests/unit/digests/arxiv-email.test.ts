/**
 * arXiv listing mails on the five captured mails (tests/fixtures/PROVENANCE.md): three `cs` subscription mails (new
 * submissions only), arXiv's own `math.OA` and `q-fin` listing-mail test data with cross-list and replacement sections.
 * Expected values were written from the mail bytes.
 */
import { describe, expect, it } from 'vitest';
import { isArxivEmail, readArxivEmail, splitAuthors } from '../../../lib/digests/arxiv-email.ts';
import type { Digest } from '../../../lib/digests/types.ts';
import { PaperCandidateSchema } from '../../../lib/paper/model.ts';
import { readFixture } from '../load-fixture.ts';

const MAILS = {
  cs2024: 'arxiv-email/digest_cs_2024-11-21_2entries.txt',
  cs0123: 'arxiv-email/digest_cs_2026-01-23.txt',
  cs0126: 'arxiv-email/digest_cs_2026-01-26.txt',
  mathOA: 'arxiv-email/listing_mail_math.OA_2023-06-09.txt',
  qfin: 'arxiv-email/listing_mail_q-fin_all.txt',
} as const;

function read(name: keyof typeof MAILS): Digest {
  return readArxivEmail(readFixture(MAILS[name]));
}

function sectionCounts(digest: Digest): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of digest.entries) counts[entry.section ?? 'none'] = (counts[entry.section ?? 'none'] ?? 0) + 1;
  return counts;
}

const entryOf = (digest: Digest, id: string) => digest.entries.find((entry) => entry.paper.arxivId === id);

describe('every captured mail', () => {
  it.each([
    [
      'cs2024',
      { new: 2 },
      'arXiv cs — received Wed 20 Nov 24 → Thu 21 Nov 24',
      'https://arxiv.org/list/cs/new',
      ['2411.13560', '2411.13566'],
    ],
    [
      'cs0123',
      { new: 5 },
      'arXiv cs — received Wed 21 Jan 26 → Thu 22 Jan 26',
      'https://arxiv.org/list/cs/new',
      ['2601.15305', '2601.15306', '2601.15307', '2601.15311', '2601.15316'],
    ],
    [
      'cs0126',
      { new: 10 },
      'arXiv cs — received Thu 22 Jan 26 → Fri 23 Jan 26',
      'https://arxiv.org/list/cs/new',
      [
        '2601.16280',
        '2601.16286',
        '2601.16344',
        '2601.16479',
        '2601.16529',
        '2601.16549',
        '2601.16649',
        '2601.16685',
        '2601.16725',
        '2601.16806',
      ],
    ],
    [
      'mathOA',
      { 'cross-list': 1, replacement: 2 },
      'arXiv math.OA — received Wed 7 Jun 23 → Thu 8 Jun 23',
      'https://arxiv.org/list/math.OA/new',
      ['2306.04713', '2204.01445', '2206.02587'],
    ],
    [
      'qfin',
      { new: 13, replacement: 3 },
      'arXiv q-fin — received Wed 15 Mar 23 → Thu 16 Mar 23',
      'https://arxiv.org/list/q-fin/new',
      [
        '2303.08867',
        '2303.08968',
        '2303.09011',
        '2303.09147',
        '2303.09176',
        '2303.09323',
        '2303.09330',
        '2303.09393',
        '2303.09397',
        '2303.09399',
        '2303.09405',
        '2303.09406',
        '2303.09407',
        '2011.00552',
        '2203.01664',
        '2206.14015',
      ],
    ],
  ] as const)('%s: sections %o, titled and sourced by its list', (name, counts, title, url, ids) => {
    const digest = read(name);
    expect(digest.kind).toBe('arxiv-email');
    expect(digest.skipped).toEqual([]);
    expect(sectionCounts(digest)).toEqual(counts);
    expect(digest.title).toBe(title);
    expect(digest.source).toEqual({ site: 'arxiv-email', url });
    expect(digest.entries.map((entry) => entry.paper.key)).toEqual(ids.map((id) => `arxiv:${id}`));
    for (const entry of digest.entries) {
      expect(PaperCandidateSchema.parse(entry.paper)).toEqual(entry.paper);
      expect(entry.link).toBe(`https://arxiv.org/abs/${entry.paper.arxivId}`);
      expect(entry.paper.version).toBeUndefined();
      expect(entry.paper.title.length).toBeGreaterThan(10);
      expect(entry.paper.authors.length).toBeGreaterThan(0);
    }
  });

  it('is recognised as an arXiv mail, and other text is not', () => {
    for (const name of Object.keys(MAILS) as (keyof typeof MAILS)[])
      expect(isArxivEmail(readFixture(MAILS[name]))).toBe(true);
    expect(isArxivEmail('arXiv:2601.16286 is a paper I liked.\nSee https://arxiv.org/abs/2601.16286')).toBe(false);
    expect(isArxivEmail(readFixture('google-scholar-alert/alert-email-2019-12-10-16ef14516c65fd3c.html'))).toBe(false);
  });
});

describe('full records', () => {
  it("a new submission whose author list has a TeX accent (Tr\\'e → Tré)", () => {
    expect(entryOf(read('cs0126'), '2601.16286')).toEqual({
      paper: {
        key: 'arxiv:2601.16286',
        arxivId: '2601.16286',
        title: 'SemanticALLI: Caching Reasoning, Not Just Responses, in Agentic Systems',
        authors: [
          'Varun Chillara',
          'Dylan Kline',
          'Christopher Alvares',
          'Evan Wooten',
          'Huan Yang',
          'Shlok Khetan',
          'Cade Bauer',
          'Tré Guillory',
          'Tanishka Shah',
          'Yashodhara Dhariwal',
          'Volodymyr Pavlov',
          'George Popstefanov',
        ],
        abstract: expect.stringMatching(
          /^Agentic AI pipelines suffer from a hidden inefficiency: .* Conventional boundary caching fails .* black box\. We introduce SemanticALLI, a pipeline-aware architecture within Alli \(PMG's marketing intelligence platform\), .* where caching is most reliable\.$/,
        ),
        primaryCategory: 'cs.AI',
        subjects: ['cs.AI', 'cs.MA'],
        published: '2026-01-22',
      },
      section: 'new',
      link: 'https://arxiv.org/abs/2601.16286',
    });
  });

  it('a new submission with comments, ACM class, journal ref and DOI', () => {
    const entry = entryOf(read('cs2024'), '2411.13566')!;
    expect(entry).toEqual({
      paper: {
        key: 'arxiv:2411.13566',
        arxivId: '2411.13566',
        title:
          'Integrated Water Resource Management in the Segura Hydrographic Basin: An Artificial Intelligence Approach',
        authors: [
          'Urtzi Otamendi',
          'Mikel Maiza',
          'Igor G. Olaizola',
          'Basilio Sierra',
          'Markel Flores',
          'Marco Quartulli',
        ],
        abstract: expect.stringMatching(
          /^Managing resources effectively in uncertain demand, .* approximately 642 million cubic meters \(\$hm\^3\$\) of water .* in the Segura Hydrographic Basin in Spain\.$/,
        ),
        primaryCategory: 'cs.AI',
        subjects: ['cs.AI'],
        comments: '15 pages, 14 figures, 8 tables',
        // Submitted 11 Nov, announced on the 21st: the mail's date is the submission's.
        published: '2024-11-11',
        doi: '10.1016/j.jenvman.2024.122526',
      },
      section: 'new',
      link: 'https://arxiv.org/abs/2411.13566',
    });
    expect(entry.paper.abstract).toHaveLength(1464);
  });

  it('a cross-list, marked (*cross-listing*), keeps its first version’s date', () => {
    expect(entryOf(read('mathOA'), '2306.04713')).toEqual({
      paper: {
        key: 'arxiv:2306.04713',
        arxivId: '2306.04713',
        title: 'On sofic approximations of non amenable groups',
        authors: ['Ben Hayes', 'Srivatsav Kunnawalkam Elayavalli'],
        abstract:
          'In this paper we exhibit for every non amenable group that is initially sub-amenable (sometimes also referred ' +
          'to as LEA), two sofic approximations that are not conjugate by any automorphism of the universal sofic group. ' +
          'This addresses a question of Paunescu and generalizes the Elek-Szabo uniqueness theorem for sofic approximations.',
        primaryCategory: 'math.GR',
        subjects: ['math.GR', 'math.DS', 'math.OA'],
        comments: '7 pages, no figures',
        published: '2023-06-07',
      },
      section: 'cross-list',
      link: 'https://arxiv.org/abs/2306.04713',
    });
  });

  it('replacements: no abstract, no date (the mail’s is the new version’s), names decoded from TeX', () => {
    const digest = read('mathOA');
    expect(entryOf(digest, '2204.01445')).toEqual({
      paper: {
        key: 'arxiv:2204.01445',
        arxivId: '2204.01445',
        title: 'Shifted Substitution in Non-Commutative Multivariate Power Series with a View Toward Free Probability',
        authors: ['Kurusch Ebrahimi-Fard', 'Frédéric Patras', 'Nikolas Tapia', 'Lorenzo Zambotti'],
        primaryCategory: 'math.PR',
        subjects: ['math.PR', 'math.OA'],
        doi: '10.3842/sigma.2023.038',
      },
      section: 'replacement',
      link: 'https://arxiv.org/abs/2204.01445',
    });
    expect(entryOf(digest, '2206.02587')).toEqual({
      paper: {
        key: 'arxiv:2206.02587',
        arxivId: '2206.02587',
        title: 'Spectral Metric and Einstein Functionals',
        // `D\k{a}browski`, `Pawe{\l}`
        authors: ['Ludwik Dąbrowski', 'Andrzej Sitarz', 'Paweł Zalecki'],
        primaryCategory: 'math.DG',
        subjects: ['math.DG', 'gr-qc', 'math-ph', 'math.MP', 'math.OA', 'math.QA'],
        comments: 'Final version, typos corrected',
        doi: '10.1016/j.aim.2023.109128',
      },
      section: 'replacement',
      link: 'https://arxiv.org/abs/2206.02587',
    });
  });

  it('abstracts keep their TeX as arXiv’s pages show it; "and"-separated authors; a list ending "et al."', () => {
    const qfin = read('qfin');
    const first = entryOf(qfin, '2303.08867')!;
    expect(first.paper.authors).toEqual(['Louis Saddier', 'Matteo Marsili']);
    expect(first.paper.abstract).toContain('This includes {\\em i)} the square-root behavior');
    expect(entryOf(qfin, '2303.08968')!.paper.authors).toEqual([
      'Pieter M. van Staden',
      'Peter A. Forsyth',
      'Yuying Li',
    ]);
    expect(entryOf(qfin, '2011.00552')!.paper.title).toBe(
      'Mixed--frequency quantile regressions to forecast Value--at--Risk and Expected Shortfall',
    );
    const longCat = entryOf(read('cs0126'), '2601.16725')!.paper.authors;
    expect(longCat).toHaveLength(65);
    expect([longCat[0], longCat.at(-1)]).toEqual(['Meituan LongCat Team', 'Linsen Guo']);
  });

  it('dates: the submission day of new entries, none for replacements; 2303.09393 submitted 2 Feb is a March id', () => {
    const qfin = read('qfin');
    expect(qfin.entries.map((entry) => entry.paper.published)).toEqual([
      '2023-03-15',
      '2023-03-15',
      '2023-03-16',
      '2023-03-16',
      '2023-03-16',
      '2023-03-09',
      '2023-03-16',
      '2023-02-02',
      '2023-03-03',
      '2023-03-13',
      '2023-02-17',
      '2023-03-07',
      '2023-03-14',
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('splitAuthors', () => {
  it.each([
    ['A. One, B. Two and C. Three', ['A. One', 'B. Two', 'C. Three']],
    ['A. One and B. Two and C. Three', ['A. One', 'B. Two', 'C. Three']],
    ['Jane Doe (MIT), John Roe (ETH Z\\"urich)', ['Jane Doe', 'John Roe']],
    ['Jane Doe (1), John Roe (2) ((1) MIT, (2) ETH)', ['Jane Doe', 'John Roe']],
    ["Fr\\'ed\\'eric Patras, Sa\\v{s}a Novak, Bo\\\"otes Star", ['Frédéric Patras', 'Saša Novak', 'Boötes Star']],
    ['One Person, et al.', ['One Person']],
    ['', []],
  ])('%s', (field, names) => {
    expect(splitAuthors(field)).toEqual(names);
  });
});

describe('malformed mails', () => {
  const mail = () => readFixture(MAILS.mathOA);

  it('reads Windows line endings the same', () => {
    expect(readArxivEmail(mail().replace(/\n/g, '\r\n'))).toEqual(readArxivEmail(mail()));
  });

  it('skips, with the reason, an entry with an invalid id and one without a title; keeps the others', () => {
    const broken = mail()
      .replace('arXiv:2204.01445', 'arXiv:2213.01445')
      .replace('Title: Spectral Metric and Einstein Functionals\n', '');
    const digest = readArxivEmail(broken);
    expect(digest.entries.map((entry) => entry.paper.key)).toEqual(['arxiv:2306.04713']);
    expect(digest.skipped).toEqual([
      { index: 1, id: '2213.01445', reason: 'no arXiv id on the entry’s first line' },
      { index: 2, id: '2206.02587', reason: expect.stringMatching(/^title: /) },
    ]);
  });

  it('reads a mail cut short (no end marker, no last link line)', () => {
    const text = readFixture(MAILS.cs2024);
    const cut = text.slice(0, text.indexOf('Ultimately, the methodology'));
    const digest = readArxivEmail(cut);
    expect(digest.entries.map((entry) => entry.paper.key)).toEqual(['arxiv:2411.13560', 'arxiv:2411.13566']);
    expect(digest.entries[1]!.paper.abstract).toMatch(/^Managing resources .* on a broader scale\.$/);
  });

  it('stops at the end marker', () => {
    const withTrailer = `${mail()}\\\\\narXiv:2401.00001\nDate: Mon, 1 Jan 2024 00:00:00 GMT\n\nTitle: After the end\nAuthors: X\n`;
    expect(readArxivEmail(withTrailer).entries).toHaveLength(3);
  });

  it('decodes a title’s accents and escapes but keeps its math as TeX', () => {
    const edited = mail().replace(
      'Title: On sofic approximations of non amenable groups',
      'Title: Schr\\"odinger bridges on $L^2(\\mathbb{R})$ for $\\alpha$-stable groups \\& Erd\\H{o}s graphs',
    );
    // A span holding one Greek letter alone reads as the letter, as in every title the project decodes.
    expect(readArxivEmail(edited).entries[0]!.paper.title).toBe(
      'Schrödinger bridges on $L^2(\\mathbb{R})$ for α-stable groups & Erdős graphs',
    );
  });

  it('keeps hostile text as text, and a long title shortened to the schema', () => {
    const hostile = mail()
      .replace('On sofic approximations of non amenable groups', `<img src=x onerror=alert(1)> ${'x'.repeat(3000)}`)
      .replace('Ben Hayes and', '<script>alert(1)</script> and');
    const entry = readArxivEmail(hostile).entries[0]!;
    expect(entry.paper.title.startsWith('<img src=x onerror=alert(1)> xxx')).toBe(true);
    expect(entry.paper.title).toHaveLength(2000);
    expect(entry.paper.title.endsWith(' … [shortened by Dogear]')).toBe(true);
    expect(entry.paper.authors[0]).toBe('<script>alert(1)</script>');
  });

  it('names the list from the first entry when the head names none, and its source stays a valid URL', () => {
    const text = readFixture(MAILS.qfin);
    const headless = text.slice(
      text.indexOf('------------------------------------------------------------------------------\n\\\\'),
    );
    const digest = readArxivEmail(headless);
    expect(digest.entries).toHaveLength(16);
    expect(digest.title).toBe('arXiv q-fin');
    expect(digest.source).toEqual({ site: 'arxiv-email', url: 'https://arxiv.org/list/q-fin/new' });
  });
});
