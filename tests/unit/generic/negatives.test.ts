/**
 * Precision: what is not a listing gives no entry.
 *
 * - A captured single-paper page (arXiv's abstract page, tests/fixtures/PROVENANCE.md), as captured and with its Highwire
 *   and Dublin Core metas taken out, so its own structure is tested too.
 * - Real listings moved where a page keeps what is not its content: navigation, a sidebar, a section headed "References"
 *   or "Related papers". The captured listing markup stays as it is; only its place changes.
 * - Listings found by their shape alone (Scholar results and profile rows, whose links name no paper id) moved the same
 *   way, on a page that says it is about one paper, and cut to fewer than MIN_SHAPE_ENTRIES rows.
 * - Fewer than MIN_ENTRIES papers: the two-result arXiv search excerpt.
 *
 * And generic mode never writes to the page it reads.
 */
import { describe, expect, it } from 'vitest';
import { genericAdapter } from '../../../lib/generic/adapter.ts';
import { isSinglePaperPage, MIN_SHAPE_ENTRIES } from '../../../lib/generic/blocks.ts';
import { loadFixture } from '../load-fixture.ts';

const ABS = { fixture: 'generic/arxiv_abs_2609.22268.html', url: 'https://arxiv.org/abs/2609.22268' };
const LISTING = {
  fixture: 'arxiv/list_new_cond-mat.mtrl-sci_2026-09-22_excerpt.html',
  url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new',
};

describe('single-paper pages', () => {
  it("arXiv's abstract page: no entry, though it links its paper a dozen ways", () => {
    const { doc, url } = loadFixture(ABS.fixture, ABS.url);
    expect(isSinglePaperPage(doc)).toBe(true);
    expect(doc.querySelectorAll('a[href*="2609.22268"]').length).toBeGreaterThan(5);
    expect(genericAdapter.parse(doc, url)).toEqual([]);
    expect(genericAdapter.scan(doc, url)).toEqual([]);
  });

  it('the abstract page without its citation metas: its links name one paper, which is no listing', () => {
    const { doc, url } = loadFixture(ABS.fixture, ABS.url);
    for (const meta of doc.querySelectorAll('meta[name^="citation_"]')) meta.remove();
    expect(isSinglePaperPage(doc)).toBe(false);
    expect(genericAdapter.parse(doc, url)).toEqual([]);
  });

  it('a listing page carries none of those metas', () => {
    const { doc } = loadFixture(LISTING.fixture, LISTING.url);
    expect(isSinglePaperPage(doc)).toBe(false);
  });
});

describe('listings in places that are not the content', () => {
  /** The captured listing, with its lists (`dl`) moved inside `wrapper` at the same place. */
  function moved(wrap: (doc: Document) => Element): Document {
    const { doc } = loadFixture(LISTING.fixture, LISTING.url);
    const page = doc.getElementById('dlpage')!;
    const wrapper = wrap(doc);
    page.replaceWith(wrapper);
    wrapper.append(page);
    return doc;
  }

  it('the same markup where it is: 38 entries', () => {
    const { doc, url } = loadFixture(LISTING.fixture, LISTING.url);
    expect(genericAdapter.parse(doc, url)).toHaveLength(38);
  });

  it.each([
    ['navigation', (doc: Document) => doc.createElement('nav')],
    ['a sidebar', (doc: Document) => doc.createElement('aside')],
    [
      'a section labelled as related papers',
      (doc: Document) => Object.assign(doc.createElement('section'), { className: 'related-papers' }),
    ],
  ])('inside %s: none', (_, wrap) => {
    const doc = moved(wrap);
    expect(genericAdapter.parse(doc, new URL(LISTING.url))).toEqual([]);
  });

  it('under a "References" heading: none', () => {
    const { doc } = loadFixture(LISTING.fixture, LISTING.url);
    for (const list of doc.querySelectorAll('#dlpage dl')) {
      const heading = doc.createElement('h2');
      heading.textContent = 'References';
      list.before(heading);
    }
    expect(genericAdapter.parse(doc, new URL(LISTING.url))).toEqual([]);
  });
});

describe('listings found by their shape alone, in places that are not the content', () => {
  // Scholar results whose links name one paper id among ten: found by their shape and title links only.
  const SCHOLAR = {
    fixture: 'google-scholar/results_microwave-dielectric.html',
    url: 'https://scholar.google.com/scholar?q=microwave+dielectric+properties+biomass',
  };
  const PROFILE = {
    fixture: 'google-scholar/profile-rows-aeinstein-2021_in-table.html',
    url: 'https://scholar.google.com/citations?user=qc6CJjYAAAAJ',
  };

  it('where they are: all ten results, all the profile rows', { timeout: 60_000 }, () => {
    const scholar = loadFixture(SCHOLAR.fixture, SCHOLAR.url);
    expect(genericAdapter.parse(scholar.doc, scholar.url)).toHaveLength(10);
    const profile = loadFixture(PROFILE.fixture, PROFILE.url);
    expect(genericAdapter.scan(profile.doc, profile.url).length).toBeGreaterThan(1100);
  });

  it.each([
    ['navigation', 'nav', ''],
    ['a sidebar', 'aside', ''],
    ['a footer', 'footer', ''],
    ['a section labelled as related papers', 'section', 'related-papers'],
    ['a section labelled as citations', 'div', 'gs_citations'],
  ])('inside %s: none', { timeout: 60_000 }, (_, tag, className) => {
    for (const [{ fixture, url }, selector] of [
      [SCHOLAR, '#gs_res_ccl_mid'],
      [PROFILE, 'table'],
    ] as const) {
      const { doc } = loadFixture(fixture, url);
      const list = doc.querySelector(selector)!;
      const wrapper = Object.assign(doc.createElement(tag), { className });
      list.replaceWith(wrapper);
      wrapper.append(list);
      expect(genericAdapter.scan(doc, new URL(url))).toEqual([]);
    }
  });

  it('under a "References" heading: none', () => {
    const { doc, url } = loadFixture(SCHOLAR.fixture, SCHOLAR.url);
    const list = doc.querySelector('#gs_res_ccl_mid')!;
    const heading = doc.createElement('h2');
    heading.textContent = 'References';
    list.before(heading);
    expect(genericAdapter.scan(doc, url)).toEqual([]);
  });

  it('on a page about one paper (its citation metas): none', () => {
    const { doc, url } = loadFixture(SCHOLAR.fixture, SCHOLAR.url);
    const meta = doc.createElement('meta');
    meta.setAttribute('name', 'citation_title');
    meta.setAttribute('content', 'A paper');
    doc.head.append(meta);
    expect(genericAdapter.scan(doc, url)).toEqual([]);
  });

  it('fewer than MIN_SHAPE_ENTRIES rows: none', () => {
    const { doc, url } = loadFixture(PROFILE.fixture, PROFILE.url);
    const rows = [...doc.querySelectorAll('tr.gsc_a_tr')];
    for (const row of rows.slice(MIN_SHAPE_ENTRIES - 1)) row.remove();
    expect(genericAdapter.scan(doc, url)).toEqual([]);
  });
});

describe('too few papers', () => {
  it('two results are no listing (arXiv search excerpt)', () => {
    const { doc, url } = loadFixture(
      'arxiv/search_results_excerpt_2026-10-09.html',
      'https://arxiv.org/search/?query=Nakamura%2C+Y&searchtype=author',
    );
    expect(doc.querySelectorAll('li.arxiv-result')).toHaveLength(2);
    expect(genericAdapter.parse(doc, url)).toEqual([]);
  });
});

describe('reading only', () => {
  it('leaves the page exactly as it was', () => {
    const { doc, url } = loadFixture(
      'huggingface/daily_papers_2026-07-02_server.html',
      'https://huggingface.co/collections/x',
    );
    const before = doc.documentElement.outerHTML;
    expect(genericAdapter.parse(doc, url)).toHaveLength(31);
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});
