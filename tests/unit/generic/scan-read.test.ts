/**
 * Generic mode's two steps, as the annotator uses them (lib/sites/types.ts): `scan` finds the same rows, in the same
 * order and with the same elements, as `parse`; `read` of each row gives exactly `parse`'s entry; a row whose block
 * left the page, or now links another paper, reads as nothing (reported), so the annotator scans again.
 */
import { describe, expect, it } from 'vitest';
import { genericAdapter, readGeneric } from '../../../lib/generic/adapter.ts';
import type { ParseIssue } from '../../../lib/sites/parse-helpers.ts';
import { loadFixture } from '../load-fixture.ts';

const PAGES = [
  { fixture: 'huggingface/daily_papers_2026-09-28_rendered.html', url: 'https://huggingface.co/collections/x' },
  { fixture: 'arxiv/list_new_cond-mat.mtrl-sci_2026-09-22_excerpt.html', url: 'https://arxiv.org/a/x' },
  { fixture: 'pubmed/search_hypertension-food_p2.html', url: 'https://pubmed.ncbi.nlm.nih.gov/?term=x&page=2' },
  // Results keyed by their title link's page, beside results keyed by arXiv ids and DOIs.
  {
    fixture: 'google-scholar/search-attention-mechanism-2026-03.html',
    url: 'https://scholar.google.com/scholar?q=attention+mechanism',
  },
  // Rows found by their shape alone.
  {
    fixture: 'google-scholar/profile-rows-aeinstein-2021_in-table.html',
    url: 'https://scholar.google.com/citations?user=qc6CJjYAAAAJ',
  },
];

describe('scan then read', () => {
  it.each(PAGES)('$fixture: read(scan) is parse', { timeout: 60_000 }, ({ fixture, url }) => {
    const page = loadFixture(fixture, url);
    const rows = genericAdapter.scan(page.doc, page.url);
    const entries = genericAdapter.parse(page.doc, page.url);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((row) => [row.key, row.version, row.roots, row.anchor])).toEqual(
      entries.map((entry) => [entry.paper.key, entry.paper.version, entry.roots, entry.anchor]),
    );
    expect(rows.map((row) => genericAdapter.read(row, page.doc, page.url))).toEqual(entries);
  });

  it('a row whose block left the page, or now shows another paper, reads as nothing', () => {
    const page = loadFixture(PAGES[0]!.fixture, PAGES[0]!.url);
    const [first, second] = genericAdapter.scan(page.doc, page.url);
    const issues: ParseIssue[] = [];
    first!.roots[0]!.remove();
    expect(readGeneric(first!, page.doc, page.url, (issue) => issues.push(issue))).toBeUndefined();
    // The second card's links now name another paper.
    for (const link of second!.roots[0]!.querySelectorAll('a[href^="/papers/"]'))
      link.setAttribute('href', '/papers/2401.00001');
    expect(readGeneric(second!, page.doc, page.url, (issue) => issues.push(issue))).toBeUndefined();
    expect(issues.map((issue) => issue.reason)).toEqual([
      'row is no longer on the page: scan again',
      'row is no longer a listing entry: scan again',
    ]);
  });

  it('a row keyed by its title link reads as nothing once that link leads elsewhere, or the row links two papers', () => {
    const page = loadFixture(PAGES[3]!.fixture, PAGES[3]!.url);
    const rows = genericAdapter.scan(page.doc, page.url).filter((row) => row.key.startsWith('url:'));
    const [first, second] = rows;
    const issues: ParseIssue[] = [];
    expect(genericAdapter.read(first!, page.doc, page.url)?.paper.key).toBe(first!.key);
    first!.roots[0]!.querySelector('h3 a')!.setAttribute('href', 'https://example.org/another-paper');
    expect(readGeneric(first!, page.doc, page.url, (issue) => issues.push(issue))).toBeUndefined();
    const links = second!.roots[0]!.querySelector('div.gs_a')!;
    for (const id of ['2401.00001', '2401.00002']) {
      const link = page.doc.createElement('a');
      link.setAttribute('href', `https://arxiv.org/abs/${id}`);
      links.append(link);
    }
    expect(readGeneric(second!, page.doc, page.url, (issue) => issues.push(issue))).toBeUndefined();
    expect(issues.map((issue) => issue.reason)).toEqual([
      'row is no longer a listing entry: scan again',
      'row is no longer a listing entry: scan again',
    ]);
  });
});
