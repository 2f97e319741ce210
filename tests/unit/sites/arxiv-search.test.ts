/**
 * arXiv search adapter on the real capture (tests/fixtures/PROVENANCE.md): 2 results of an author query. The capture's
 * source replaced both titles with "Paper result N" and removed the abstracts; ids, links and authors are the real
 * page's. Expected records were written from the fixture bytes, so the titles expected are the capture's own. What the
 * capture lacks (a title as arXiv renders it, with query highlights and TeX; tags, abstracts, comments) is tested by
 * adding arxiv-search's own template markup (`search-macros.html`) to a real result.
 */
import { describe, expect, it } from 'vitest';
import { adapter, parseArxivSearch } from '../../../lib/sites/arxiv-search/adapter.ts';
import type { ParseIssue } from '../../../lib/sites/parse-helpers.ts';
import type { ListingEntry } from '../../../lib/sites/types.ts';
import { type LoadedPage, entryRecord, loadFixture } from '../load-fixture.ts';

const SEARCH = {
  fixture: 'arxiv/search_results_excerpt_2026-10-09.html',
  url: 'https://arxiv.org/search/?query=Nakamura%2C+Y&searchtype=author',
};

function load(): LoadedPage {
  return loadFixture(SEARCH.fixture, SEARCH.url);
}

function parse(page: LoadedPage): { entries: ListingEntry[]; issues: ParseIssue[] } {
  const issues: ParseIssue[] = [];
  const entries = parseArxivSearch(page.doc, page.url, (issue) => issues.push(issue));
  return { entries, issues };
}

const record = entryRecord;

describe('detect', () => {
  it.each([
    ['https://arxiv.org/search/?query=Nakamura%2C+Y&searchtype=author', 'search'],
    ['https://arxiv.org/search/?query=graph+neural+network&searchtype=all&source=header', 'search'],
    ['https://arxiv.org/search/?searchtype=all&query=perovskite&abstracts=show&size=50', 'search'],
    ['https://arxiv.org/search/cs?searchtype=author&query=Thompson,+J', 'search'],
    ['https://arxiv.org/search/math-ph?searchtype=author&query=Becker,+S', 'search'],
    [
      'https://arxiv.org/search/advanced?advanced=&terms-0-operator=AND&terms-0-term=perovskite&terms-0-field=title&size=50',
      'search',
    ],
    ['https://arxiv.org/search/', undefined],
    ['https://arxiv.org/search/?query=&searchtype=all', undefined],
    ['https://arxiv.org/search/?searchtype=all', undefined],
    ['https://arxiv.org/search/advanced', undefined],
    ['https://arxiv.org/search/advanced?advanced=&terms-0-term=&terms-0-field=title', undefined],
    ['https://arxiv.org/search?query=x&searchtype=all', undefined], // redirects to /search/?…; not matched
    ['https://arxiv.org/list/cs/new', undefined],
    ['https://arxiv.org/abs/2610.04573', undefined],
    ['https://huggingface.co/search/?query=x', undefined],
  ])('%s → %s', (url, kind) => {
    expect(adapter.detect(new URL(url))).toBe(kind);
  });
});

describe(SEARCH.fixture, () => {
  it('has exactly 2 entries with no skipped rows', () => {
    const { entries, issues } = parse(load());
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(2);
  });

  it.each([
    [
      0,
      {
        paper: {
          key: 'arxiv:2610.04573',
          arxivId: '2610.04573',
          // The capture's own text for this title (see the header).
          title: 'Paper result 1',
          authors: ['Yoshiki Nakamura', 'Yuya Uezato'],
          subjects: [],
        },
      },
    ],
    [
      1,
      {
        paper: {
          key: 'arxiv:2609.14551',
          arxivId: '2609.14551',
          title: 'Paper result 2',
          // 25 linked authors; ", et al. (12 additional authors not shown)" is loose text and not an author
          authors: [
            'Yuya Nakamura',
            'Shigeki Aoki',
            'Takashi Azuma',
            'Hirotaka Hayashi',
            'Yudai Isayama',
            'Atsushi Iyono',
            'Takumi Kato',
            'Tsuyoshi Kawahara',
            'Kohichi Kodama',
            'Ryosuke Komatani',
            'Masahiro Komatsu',
            'Masahiro Komiyama',
            'Hideyuki Minami',
            'Kunihiro Morishima',
            'Fumiya Murakami',
            'Shogo Nagahara',
            'Naotaka Naganawa',
            'Mitsuhiro Nakamura',
            'Tomoaki Nakamura',
            'Noboru Nakano',
            'Toshiyuki Nakano',
            'Kazuma Nakazawa',
            'Miyuki Oda',
            'Kazuhiro Okamoto',
            'Hiroki Rokujo',
          ],
          subjects: [],
        },
      },
    ],
  ])('result %i, full record', (index, expected) => {
    expect(record(parse(load()).entries[index])).toEqual(expected);
  });

  it('uses the result li as root and its id line as anchor', () => {
    const page = load();
    const rows = Array.from(page.doc.querySelectorAll('li.arxiv-result'));
    const { entries } = parse(page);
    entries.forEach((entry, index) => {
      expect(entry.roots).toEqual([rows[index]]);
      expect(entry.roots[0]).toBe(rows[index]);
      expect(entry.roots[0]!.tagName).toBe('LI');
      expect(entry.anchor).toBe(rows[index]!.querySelector('p.list-title'));
    });
  });

  it('leaves the page DOM unchanged', () => {
    const page = load();
    const before = page.doc.documentElement.outerHTML;
    parse(page);
    expect(page.doc.documentElement.outerHTML).toBe(before);
  });
});

describe('fields from the arxiv-search template, added to a real result', () => {
  /** Markup from arxiv-search `search-macros.html` `search_results`, as it renders for one result. */
  const TEMPLATE_PARTS = `
    <div class="tags is-inline-block">
      <span class="tag is-small is-link tooltip is-tooltip-top" data-tooltip="Logic in Computer Science">cs.LO</span>
      <span class="tag is-small is-grey tooltip is-tooltip-top" data-tooltip="Formal Languages and Automata Theory">cs.FL</span>
      <span class="tag is-small is-grey tooltip is-tooltip-top" data-tooltip="Logic in Computer Science">cs.LO</span>
    </div>
    <div class="is-inline-block" style="margin-left: 0.5rem">
      <div class="tags has-addons">
        <span class="tag is-dark is-size-7">doi</span>
        <span class="tag is-light is-size-7"><a class="" href="https://doi.org/10.1000/xyz">10.1000/xyz <i class="fa fa-external-link" aria-hidden="true"></i></a></span>
      </div>
    </div>
    <p class="abstract mathjax">
      <span class="has-text-black-bis has-text-weight-semibold">Abstract</span>:
      <span class="abstract-short has-text-grey-dark mathjax" id="2610.04573v1-abstract-short" style="display: inline;">
        We study $\\omega$-regular <span class="search-hit">Kleene</span> algebra&hellip;
        <a class="is-size-7" style="white-space: nowrap;" onclick="">&#9661; More</a>
      </span>
      <span class="abstract-full has-text-grey-dark mathjax" id="2610.04573v1-abstract-full" style="display: none;">
        We study $\\omega$-regular <span class="search-hit">Kleene</span> algebra
        with tests &lt;b&gt;and&lt;/b&gt; its completeness.
        <a class="is-size-7" style="white-space: nowrap;" onclick="">&#9651; Less</a>
      </span>
    </p>
    <p class="is-size-7"><span class="has-text-black-bis has-text-weight-semibold">Submitted</span> 5 October, 2026;
      <span class="has-text-black-bis has-text-weight-semibold">originally announced</span> October 2026.</p>
    <p class="comments is-size-7">
      <span class="has-text-black-bis has-text-weight-semibold">Comments:</span>
      <span class="has-text-grey-dark mathjax">12 pages, 3 figures</span>
    </p>
    <p class="comments is-size-7">
      <span class="has-text-black-bis has-text-weight-semibold">Journal ref:</span>
      J. Logic 1 (2026)
    </p>`;

  it('reads tags (primary first, no DOI tag, no repeats), the full abstract and the comments line', () => {
    const page = load();
    const row = page.doc.querySelector('li.arxiv-result')!;
    const holder = page.doc.createElement('div');
    holder.innerHTML = TEMPLATE_PARTS;
    row.querySelector('p.list-title')!.after(...Array.from(holder.childNodes));
    row.querySelector('p.list-title a')!.setAttribute('href', 'https://arxiv.org/abs/2610.04573v1');
    expect(record(parse(page).entries[0])).toEqual({
      paper: {
        key: 'arxiv:2610.04573',
        arxivId: '2610.04573',
        version: 1,
        title: 'Paper result 1',
        authors: ['Yoshiki Nakamura', 'Yuya Uezato'],
        abstract: 'We study $\\omega$-regular Kleene algebra with tests <b>and</b> its completeness.',
        primaryCategory: 'cs.LO',
        subjects: ['cs.LO', 'cs.FL'],
        comments: '12 pages, 3 figures',
      },
    });
  });
});

describe('a title as arxiv-search renders it, in a real result', () => {
  it('reads the query highlights as text and keeps the TeX', () => {
    const page = load();
    // `search-macros.html` prints the title on its own line; the highlighter wraps each query hit in a span.
    page.doc.querySelector('li.arxiv-result p.title')!.outerHTML = `<p class="title is-5 mathjax">
      <span class="search-hit mathjax">Kleene</span> algebra with tests for $\\omega$-regular
      <span class="search-hit mathjax">languages</span>
    </p>`;
    expect(parse(page).entries[0]!.paper.title).toBe('Kleene algebra with tests for $\\omega$-regular languages');
  });
});

describe('hostile and broken rows', () => {
  it('keeps a title that looks like markup as literal text', () => {
    const page = load();
    page.doc.querySelector('li.arxiv-result p.title')!.textContent = '<img src=x onerror=alert(1)>';
    expect(parse(page).entries[0]!.paper.title).toBe('<img src=x onerror=alert(1)>');
    expect(page.doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('drops the list’s "and " from an author link, as arXiv’s /new writes it ("and Roberto Flammini")', () => {
    const page = load();
    const links = Array.from(page.doc.querySelectorAll('li.arxiv-result p.authors a'));
    const before = parse(page).entries.flatMap((entry) => entry.paper.authors);
    const last = links.at(-1)!;
    const name = last.textContent!.trim();
    last.textContent = `and ${name}`;
    const after = parse(page).entries.flatMap((entry) => entry.paper.authors);
    expect(after).toEqual(before);
    expect(after.at(-1)).toBe(name);
  });

  it('reports and skips a result without an arXiv id, keeping the other', () => {
    const page = load();
    page.doc.querySelector('li.arxiv-result p.list-title a')!.remove();
    const { entries, issues } = parse(page);
    expect(entries.map((entry) => entry.paper.arxivId)).toEqual(['2609.14551']);
    expect(issues).toEqual([{ index: 0, reason: 'no arXiv id in the result' }]);
  });

  it('reports and skips a result without a title, keeping the other', () => {
    const page = load();
    page.doc.querySelectorAll('li.arxiv-result p.title')[1]!.remove();
    const { entries, issues } = parse(page);
    expect(entries.map((entry) => entry.paper.arxivId)).toEqual(['2610.04573']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ index: 1, id: '2609.14551' });
  });

  it('returns [] on a search page without results', () => {
    const page = load();
    for (const row of Array.from(page.doc.querySelectorAll('li.arxiv-result'))) row.remove();
    expect(parse(page)).toEqual({ entries: [], issues: [] });
  });
});
