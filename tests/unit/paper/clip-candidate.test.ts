/**
 * Over-long page text is shortened to fit the schema, with a visible marker, instead of losing the paper
 * (lib/paper/model.ts clipCandidate, applied to every adapter's rows by lib/sites/parse-helpers.ts validEntry).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import { saveMany } from '../../../lib/db/papers-repo.ts';
import {
  CANDIDATE_LIMITS,
  clipCandidate,
  clipText,
  moreAuthors,
  type PaperCandidate,
  PaperCandidateSchema,
  SHORTENED_MARKER,
} from '../../../lib/paper/model.ts';
import { adapter as arxivListing, parseArxivListing } from '../../../lib/sites/arxiv-listing/adapter.ts';
import { parseHuggingFace } from '../../../lib/sites/huggingface/adapter.ts';
import type { ParseIssue } from '../../../lib/sites/parse-helpers.ts';
import { loadFixture } from '../load-fixture.ts';

const paper: PaperCandidate = {
  key: 'arxiv:2401.12345',
  title: 'A title',
  authors: ['A. Author'],
  subjects: ['cs.LG'],
};

/** Page text a hostile page might carry: each must stay exactly this text. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '<svg onload=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '\u202Egnp.exe',
  'zero\u200Bwidth\u200D',
  'nul\u0000byte',
  'lone \uD800 surrogate',
  '</style><style>*{display:none}</style>',
];

describe('clipText', () => {
  it('leaves text that fits as it is', () => {
    expect(clipText('x'.repeat(2000), 2000)).toBe('x'.repeat(2000));
  });

  it('cuts to the cap, ending in the marker', () => {
    const clipped = clipText('y'.repeat(100_000), 2000);
    expect(clipped).toHaveLength(2000);
    expect(clipped.endsWith(SHORTENED_MARKER)).toBe(true);
    expect(clipped.startsWith('y'.repeat(2000 - SHORTENED_MARKER.length))).toBe(true);
  });

  it('never leaves half a surrogate pair', () => {
    const cut = 40 - SHORTENED_MARKER.length;
    const text = `${'a'.repeat(cut - 1)}😀${'b'.repeat(50)}`; // the emoji straddles the cut
    const clipped = clipText(text, 40);
    expect(clipped).toBe(`${'a'.repeat(cut - 1)}${SHORTENED_MARKER}`);
    expect(clipped.isWellFormed()).toBe(true);
  });
});

describe('clipCandidate', () => {
  it('shortens every over-long field to fit the schema', () => {
    const huge: PaperCandidate = {
      ...paper,
      arxivId: '2'.repeat(100),
      title: 'T'.repeat(100_000),
      abstract: 'A'.repeat(50_000),
      comments: 'C'.repeat(9000),
      primaryCategory: 'cs.'.padEnd(90, 'X'),
      authors: ['N'.repeat(1000), ...Array.from({ length: 6000 }, (_, index) => `Author ${index}`)],
      subjects: Array.from({ length: 100 }, (_, index) => `cs.S${index}`),
    };
    expect(PaperCandidateSchema.safeParse(huge).success).toBe(false);
    const clipped = clipCandidate(huge);
    expect(PaperCandidateSchema.parse(clipped)).toEqual(clipped);
    expect(clipped.title).toHaveLength(CANDIDATE_LIMITS.title);
    expect(clipped.title.endsWith(SHORTENED_MARKER)).toBe(true);
    expect(clipped.abstract).toHaveLength(CANDIDATE_LIMITS.abstract);
    expect(clipped.comments?.endsWith(SHORTENED_MARKER)).toBe(true);
    expect(clipped.authors).toHaveLength(CANDIDATE_LIMITS.authors);
    expect(clipped.authors[0]).toHaveLength(CANDIDATE_LIMITS.author);
    expect(clipped.authors.at(-2)).toBe('Author 4997');
    expect(clipped.authors.at(-1)).toBe(moreAuthors(1002));
    expect(clipped.subjects).toEqual(huge.subjects.slice(0, CANDIDATE_LIMITS.subjects));
    expect(huge.title).toHaveLength(100_000); // the input is not changed
  });

  it('returns a paper that fits unchanged', () => {
    const full = {
      ...paper,
      abstract: 'An abstract.',
      comments: '12 pages',
      arxivId: '2401.12345',
      primaryCategory: 'cs.LG',
    };
    expect(clipCandidate(full)).toEqual(full);
  });

  it('keeps hostile text exactly as text, and shortens it only by length', () => {
    const hostile = { ...paper, title: HOSTILE.join(' '), authors: HOSTILE, abstract: HOSTILE.join('\n') };
    expect(clipCandidate(hostile)).toEqual(hostile);
    const long = clipCandidate({ ...paper, title: HOSTILE[1]!.repeat(5000) });
    expect(long.title.startsWith(HOSTILE[1]!.repeat(10))).toBe(true);
    expect(long.title.endsWith(SHORTENED_MARKER)).toBe(true);
  });

  it('leaves fields of the wrong type for the schema to report', () => {
    const wrong = { ...paper, title: 42, authors: 'not a list' } as unknown as PaperCandidate;
    expect(clipCandidate(wrong)).toEqual(wrong);
  });
});

describe('adapters shorten instead of dropping', () => {
  it('a real arXiv row with a 100,000-character title is read, then saved shortened with the marker', async () => {
    const page = loadFixture(
      'arxiv/list_new_cond-mat.mtrl-sci_2026-09-22_excerpt.html',
      'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    );
    const rows = arxivListing.scan(page.doc, page.url);
    const row = rows[0]!;
    const title = row.roots[1]!.querySelector('.list-title')!;
    title.append(`${HOSTILE[0]} ${'w'.repeat(100_000)}`);
    const authors = row.roots[1]!.querySelector('.list-authors')!;
    authors.append(', ', Object.assign(page.doc.createElement('a'), { textContent: 'Q'.repeat(900) }));

    const issues: ParseIssue[] = [];
    const entries = parseArxivListing(page.doc, page.url, (issue) => issues.push(issue));
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(rows.length); // no row lost
    const entry = entries.find(({ paper }) => paper.key === row.key)!;
    expect(arxivListing.read(row, page.doc, page.url)).toEqual(entry);
    expect(entry.paper.title).toHaveLength(CANDIDATE_LIMITS.title);
    expect(entry.paper.title).toContain(HOSTILE[0]);
    expect(entry.paper.title.endsWith(SHORTENED_MARKER)).toBe(true);
    expect(entry.paper.authors.at(-1)).toBe(
      `${'Q'.repeat(CANDIDATE_LIMITS.author - SHORTENED_MARKER.length)}${SHORTENED_MARKER}`,
    );

    const db = new AppDB('dogear-clip-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    await saveMany(db, [entry.paper], { site: arxivListing.id, url: page.url.href }, 1000);
    const stored = await db.papers.get(entry.paper.key);
    expect(stored?.title).toBe(entry.paper.title);
    db.close();
  });

  it('a real Hugging Face card whose page data has a huge title and abstract is read, shortened', () => {
    const page = loadFixture('huggingface/daily_papers_2026-07-02_server.html', 'https://huggingface.co/papers');
    const island = page.doc.querySelector('[data-target="DailyPapers"]')!;
    const props = JSON.parse(island.getAttribute('data-props')!) as {
      dailyPapers: Array<{ paper: Record<string, unknown> }>;
    };
    const first = props.dailyPapers[0]!.paper;
    first.title = `${HOSTILE[3]}${'H'.repeat(100_000)}`;
    first.summary = 'S'.repeat(60_000);
    island.setAttribute('data-props', JSON.stringify(props));

    const issues: ParseIssue[] = [];
    const entries = parseHuggingFace(page.doc, page.url, (issue) => issues.push(issue));
    expect(issues).toEqual([]);
    const entry = entries.find(({ paper }) => paper.arxivId === first.id)!;
    expect(entry.paper.title).toHaveLength(CANDIDATE_LIMITS.title);
    expect(entry.paper.title.startsWith(HOSTILE[3]!)).toBe(true);
    expect(entry.paper.title.endsWith(SHORTENED_MARKER)).toBe(true);
    expect(entry.paper.abstract).toHaveLength(CANDIDATE_LIMITS.abstract);
  });
});
