/**
 * papers.cool adapter on the real capture (tests/fixtures/PROVENANCE.md): 2 entries of the AAAI.2026 venue page, group
 * "Application Domains". Expected records were written from the fixture bytes. No arXiv page of papers.cool has been
 * captured; the arXiv-id keys are tested on the captured panels with their ids and links changed to an arXiv paper's,
 * as other scrapers' reduced snapshots of papers.cool show them (bare `2302.05019` ids, `/arxiv/<id>` title links).
 */
import { describe, expect, it } from 'vitest';
import { adapter, parsePapersCool, readPapersCool, scanPapersCool } from '../../../lib/sites/papers-cool/adapter.ts';
import type { ParseIssue } from '../../../lib/sites/parse-helpers.ts';
import { findAdapter } from '../../../lib/sites/registry.ts';
import type { ListingEntry } from '../../../lib/sites/types.ts';
import { type LoadedPage, entryRecord, loadFixture } from '../load-fixture.ts';

const VENUE = {
  fixture: 'papers-cool/venue_AAAI2026_excerpt.html',
  url: 'https://papers.cool/venue/AAAI.2026?group=Application%20Domains',
};

function load(url = VENUE.url): LoadedPage {
  return loadFixture(VENUE.fixture, url);
}

function parse(page: LoadedPage): { entries: ListingEntry[]; issues: ParseIssue[] } {
  const issues: ParseIssue[] = [];
  const entries = parsePapersCool(page.doc, page.url, (issue) => issues.push(issue));
  return { entries, issues };
}

describe('detect', () => {
  it.each([
    ['https://papers.cool/venue/AAAI.2026?group=Application%20Domains', 'venue'],
    ['https://papers.cool/venue/AAAI.2026', 'venue'],
    ['https://papers.cool/venue/NeurIPS.2025', 'venue'],
    ['https://papers.cool/venue/ACL.2024/', 'venue'],
    ['https://papers.cool/arxiv/cs.AI', 'arxiv'],
    ['https://papers.cool/arxiv/cs', 'arxiv'],
    ['https://papers.cool/arxiv/cond-mat.mtrl-sci', 'arxiv'],
    ['https://papers.cool/arxiv/cs.AI,cs.CL,cs.CV,cs.GR,cs.RO,cs.LG,stat.ML?date=2026-01-23&show=500&sort=1', 'arxiv'],
    ['https://papers.cool/arxiv/cs.AI%2Ccs.CL', 'arxiv'],
    // One paper's page, papers.cool's own pages, other hosts.
    ['https://papers.cool/venue/36958@AAAI', undefined],
    ['https://papers.cool/venue/36958%40AAAI', undefined],
    ['https://papers.cool/arxiv/2302.05019', undefined],
    ['https://papers.cool/arxiv/2511.13717v1', undefined],
    ['https://papers.cool/arxiv/search?query=graph', undefined],
    ['https://papers.cool/arxiv/kimi?paper=2302.05019', undefined],
    ['https://papers.cool/arxiv/cs.AI,search', undefined],
    ['https://papers.cool/arxiv/%E0%A4%A', undefined],
    ['https://papers.cool/', undefined],
    ['https://papers.cool/arxiv', undefined],
    ['https://papers.cool/venue', undefined],
    ['https://papers.cool/venue/AAAI', undefined],
    ['https://papers.cool/arxiv/cs.AI/extra', undefined],
    ['https://www.papers.cool.evil.example/arxiv/cs.AI', undefined],
    ['https://arxiv.org/list/cs.AI/new', undefined],
    ['https://papers.cool.example/venue/AAAI.2026', undefined],
  ])('%s → %s', (url, kind) => {
    expect(adapter.detect(new URL(url))).toBe(kind);
  });

  it('is the registry adapter for its pages, and no other adapter takes them', () => {
    expect(findAdapter(new URL(VENUE.url))?.adapter.id).toBe('papers-cool');
    expect(findAdapter(new URL('https://papers.cool/arxiv/cs.LG'))).toEqual({ adapter, kind: 'arxiv' });
  });
});

describe(VENUE.fixture, () => {
  it('has exactly 2 entries with no skipped rows', () => {
    const { entries, issues } = parse(load());
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(2);
  });

  it('reads the first entry in full, keyed by its own papers.cool page (no link names an id)', () => {
    const { entries } = parse(load());
    const first = entries[0]!;
    expect(entryRecord(first)).toEqual({
      paper: {
        key: 'url:https://papers.cool/venue/36958@AAAI',
        title: 'Resource Efficient Sleep Staging via Multi-Level Masking and Prompt Learning',
        authors: ['Lejun Ai', 'Yulong Li', 'Haodong Yi', 'Jixuan Xie', 'Yue Wang', 'Jia Liu', 'Min Chen', 'Rui Wang'],
        abstract: expect.stringMatching(
          /^Automatic sleep staging plays a vital role .* in real-world low-resource sleep monitoring environments\.$/,
        ),
        subjects: [],
        published: '2026',
      },
      section: undefined,
      upvotes: undefined,
    });
    expect(first.paper.abstract).toHaveLength(1324);
    expect(first.roots).toHaveLength(1);
    expect(first.roots[0]!.getAttribute('id')).toBe('36958@AAAI');
    expect(first.anchor.localName).toBe('h2');
    expect(first.anchor.parentElement).toBe(first.roots[0]);
  });

  it('reads the second entry in full', () => {
    const { entries } = parse(load());
    expect(entryRecord(entries[1])).toEqual({
      paper: {
        key: 'url:https://papers.cool/venue/36959@AAAI',
        title: 'AutoMalDesc: Large-Scale Script Analysis for Cyber Threat Research',
        authors: [
          'Alexandru-Mihai Apostu',
          'Andrei Preda',
          'Alexandra Daniela Damir',
          'Diana Bolocan',
          'Radu Tudor Ionescu',
          'Ioana Croitoru',
          'Mihaela Gaman',
        ],
        abstract: expect.stringMatching(
          /^Generating thorough natural language explanations .* evaluation framework\.$/,
        ),
        subjects: [],
        published: '2026',
      },
      section: undefined,
      upvotes: undefined,
    });
  });

  it('scan gives the same keys and elements as parse, without versions', () => {
    const page = load();
    const rows = scanPapersCool(page.doc, page.url);
    expect(rows.map((row) => [row.key, row.version, row.roots[0]!.id])).toEqual([
      ['url:https://papers.cool/venue/36958@AAAI', undefined, '36958@AAAI'],
      ['url:https://papers.cool/venue/36959@AAAI', undefined, '36959@AAAI'],
    ]);
    expect(readPapersCool(rows[1]!, page.doc, page.url)?.paper.title).toBe(
      'AutoMalDesc: Large-Scale Script Analysis for Cyber Threat Research',
    );
  });

  it('keys by the strongest id a link names: an OpenReview forum, a DOI, an arXiv PDF', () => {
    const page = load();
    const [first, second] = Array.from(page.doc.querySelectorAll('div.panel.paper'));
    first!
      .querySelector('span.index')!
      .parentElement!.setAttribute('href', 'https://openreview.net/forum?id=LzPWWPAdY4');
    second!
      .querySelector('span.index')!
      .parentElement!.setAttribute('href', 'https://doi.org/10.1609/AAAI.v40i1.36959');
    second!.querySelector('a.title-pdf')!.setAttribute('data', 'https://arxiv.org/pdf/2511.13717v2');
    const { entries, issues } = parse(page);
    expect(issues).toEqual([]);
    expect(entries.map((entry) => [entry.paper.key, entry.paper.arxivId, entry.paper.doi])).toEqual([
      ['openreview:LzPWWPAdY4', undefined, undefined],
      // The arXiv PDF wins over the DOI, which stays as the paper's journal DOI.
      ['arxiv:2511.13717', '2511.13717', '10.1609/aaai.v40i1.36959'],
    ]);
    // A venue's year is not an arXiv paper's date.
    expect(entries.map((entry) => entry.paper.published)).toEqual(['2026', undefined]);
  });

  it('falls back to papers.cool/venue/<id> when a panel has no title link', () => {
    const page = load();
    page.doc.querySelector('a.title-link')!.remove();
    const { entries, issues } = parse(page);
    expect(entries.map((entry) => entry.paper.key)).toEqual(['url:https://papers.cool/venue/36959@AAAI']);
    expect(issues).toEqual([{ index: 0, id: '36958@AAAI', reason: expect.stringMatching(/^paper\.title: /) }]);
    expect(scanPapersCool(page.doc, page.url)[0]!.key).toBe('url:https://papers.cool/venue/36958@AAAI');
  });

  it('keys by papers.cool/venue/<id> when the title link is no web address', () => {
    const page = load();
    page.doc.querySelector('a.title-link')!.setAttribute('href', 'javascript:alert(1)');
    page.doc.querySelectorAll('div.panel.paper')[1]!.setAttribute('id', '36959@AAAI/../x y');
    page.doc.querySelectorAll('a.title-link')[1]!.removeAttribute('href');
    expect(scanPapersCool(page.doc, page.url).map((row) => row.key)).toEqual([
      'url:https://papers.cool/venue/36958@AAAI',
      'url:https://papers.cool/venue/36959@AAAI%2F..%2Fx%20y',
    ]);
  });

  it('skips, and reports, a panel without an id; page text stays text', () => {
    const page = load();
    const [first, second] = Array.from(page.doc.querySelectorAll('div.panel.paper'));
    first!.removeAttribute('id');
    second!.querySelector('a.title-link')!.textContent = '<img src=x onerror=alert(1)> Title';
    const { entries, issues } = parse(page);
    expect(issues).toEqual([{ index: 0, reason: 'no papers.cool id on the entry' }]);
    expect(entries.map((entry) => entry.paper.title)).toEqual(['<img src=x onerror=alert(1)> Title']);
  });
});

describe('arXiv pages (the captured panels given an arXiv paper’s id and links)', () => {
  /** The captured page with each panel's id and papers.cool links turned into those of an arXiv paper. */
  function asArxivPage(ids: readonly string[]): LoadedPage {
    const page = load('https://papers.cool/arxiv/cs.AI');
    Array.from(page.doc.querySelectorAll('div.panel.paper')).forEach((panel, index) => {
      const id = ids[index]!;
      panel.setAttribute('id', id);
      const bare = id.replace(/@arXiv$/, '');
      panel.querySelector('a.title-link')!.setAttribute('href', `https://papers.cool/arxiv/${bare}`);
      panel.querySelector('a.title-pdf')!.setAttribute('data', `https://arxiv.org/pdf/${bare}`);
      panel.querySelector('span.index')!.parentElement!.setAttribute('href', `https://arxiv.org/abs/${bare}`);
      const subject = panel.querySelector('p.metainfo.subjects a')!;
      subject.textContent = index === 0 ? 'Artificial Intelligence (cs.AI)' : 'cs.LG';
    });
    return page;
  }

  it('keys a bare arXiv id, an `@arXiv` id and a versioned id by arXiv, with the version shown', () => {
    const page = asArxivPage(['2302.05019', '2511.13717v2@arXiv']);
    const { entries, issues } = parse(page);
    expect(issues).toEqual([]);
    expect(entries.map((entry) => [entry.paper.key, entry.paper.arxivId, entry.paper.version])).toEqual([
      ['arxiv:2302.05019', '2302.05019', undefined],
      ['arxiv:2511.13717', '2511.13717', 2],
    ]);
    expect(entries.map((entry) => [entry.paper.primaryCategory, entry.paper.subjects, entry.paper.published])).toEqual([
      ['cs.AI', ['cs.AI'], undefined],
      ['cs.LG', ['cs.LG'], undefined],
    ]);
  });

  it('reads the arXiv id from the papers.cool title link when the panel id is another kind', () => {
    const page = asArxivPage(['2302.05019', '2511.13717']);
    page.doc.querySelectorAll('div.panel.paper')[0]!.setAttribute('id', 'kimi-1@arXivDaily');
    expect(scanPapersCool(page.doc, page.url).map((row) => row.key)).toEqual(['arxiv:2302.05019', 'arxiv:2511.13717']);
  });
});
