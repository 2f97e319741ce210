/**
 * Google Scholar adapter on the real captures (tests/fixtures/PROVENANCE.md): three result pages (2020 and 2026 markup,
 * 10 results each) and the 1114 publication rows of an author profile. The profile capture is a fragment of bare `tr`
 * rows, which an HTML parser drops outside a table, so the adapter's fixture is the same bytes inside the profile's own
 * `table#gsc_a_t > tbody#gsc_a_b` (checked below). Expected records were written from the fixture bytes. Hostile and
 * malformed input is made by editing real results and rows in place.
 */
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { keyKind } from '../../../lib/paper/ids.ts';
import {
  adapter,
  clusterIdOfCid,
  parseByline,
  parseGoogleScholar,
  readGoogleScholar,
  scanGoogleScholar,
} from '../../../lib/sites/google-scholar/adapter.ts';
import { SCHOLAR_HOSTS } from '../../../lib/sites/google-scholar/hosts.ts';
import type { ParseIssue } from '../../../lib/sites/parse-helpers.ts';
import type { ListingEntry } from '../../../lib/sites/types.ts';
import { type LoadedPage, fixturePath, loadFixture } from '../load-fixture.ts';

const PAGES = {
  attention: {
    fixture: 'google-scholar/search-attention-mechanism-2026-03.html',
    url: 'https://scholar.google.com/scholar?q=attention+mechanism&hl=en&as_sdt=0,5',
  },
  microwave: {
    fixture: 'google-scholar/results_microwave-dielectric.html',
    url: 'https://scholar.google.com/scholar?q=microwave+dielectric+properties+biomass&hl=en&as_sdt=0,5',
  },
  geology: {
    fixture: 'google-scholar/search-geology-olympus-range-2020-11-15.html',
    url: 'https://scholar.google.com/scholar?q=Geology+of+the+Olympus+Range+area,+southern+Victoria+Land&hl=en&as_sdt=0,6',
  },
  profile: {
    fixture: 'google-scholar/profile-rows-aeinstein-2021_in-table.html',
    url: 'https://scholar.google.com/citations?user=qc6CJjYAAAAJ&hl=en',
  },
} as const;
type PageName = keyof typeof PAGES;

function load(name: PageName, url: string = PAGES[name].url): LoadedPage {
  return loadFixture(PAGES[name].fixture, url);
}

function parse(page: LoadedPage): { entries: ListingEntry[]; issues: ParseIssue[] } {
  const issues: ParseIssue[] = [];
  const entries = parseGoogleScholar(page.doc, page.url, (issue) => issues.push(issue));
  return { entries, issues };
}

const parsed = new Map<PageName, ListingEntry[]>();

/** The entries of an unchanged capture, parsed once per file (the profile takes a while in jsdom). */
function entriesOf(name: PageName): ListingEntry[] {
  let entries = parsed.get(name);
  if (entries === undefined) {
    entries = parse(load(name)).entries;
    parsed.set(name, entries);
  }
  return entries;
}

const papers = (name: PageName) => entriesOf(name).map((entry) => entry.paper);

/** Tests that load the 1114-row profile again to change it: jsdom needs a few seconds on a busy machine. */
const SLOW = { timeout: 30_000 };
const PROFILE_KEY = (id: string) =>
  `url:https://scholar.google.com/citations?view_op=view_citation&citation_for_view=qc6CJjYAAAAJ:${id}`;

describe('detect', () => {
  it.each([
    ['https://scholar.google.com/scholar?q=attention+mechanism', 'results'],
    ['https://scholar.google.com/scholar?hl=en&as_sdt=0%2C5&q=graph&btnG=', 'results'],
    ['https://scholar.google.com/scholar?start=10&q=attention+mechanism&hl=en&as_sdt=0,5', 'results'],
    ['https://scholar.google.com/scholar?cites=8981356803495928007&as_sdt=2005&sciodt=0,5&hl=en', 'results'],
    ['https://scholar.google.com/scholar?cluster=15801554877513113826&hl=en&as_sdt=0,5', 'results'],
    ['https://scholar.google.com/scholar?q=related:x6BpcW0wpHwJ:scholar.google.com/&hl=en', 'results'],
    ['https://scholar.google.de/scholar?hl=de&q=graph', 'results'],
    ['https://scholar.google.co.uk/scholar?q=graph', 'results'],
    ['https://scholar.google.com.br/scholar?q=grafo', 'results'],
    ['https://scholar.google.co.jp/scholar?q=%E3%82%B0%E3%83%A9%E3%83%95', 'results'],
    ['https://scholar.google.cat/scholar?q=graf', 'results'],
    ['https://scholar.google.com/citations?user=qc6CJjYAAAAJ', 'profile'],
    ['https://scholar.google.com/citations?hl=en&user=qc6CJjYAAAAJ&view_op=list_works&sortby=pubdate', 'profile'],
    ['https://scholar.google.fr/citations?user=qc6CJjYAAAAJ&hl=fr&cstart=20&pagesize=80', 'profile'],
    // Not listings: the search form, other Scholar pages, a single article, author search and colleagues.
    ['https://scholar.google.com/', undefined],
    ['https://scholar.google.com/scholar', undefined],
    ['https://scholar.google.com/scholar?hl=en&as_sdt=0,5', undefined],
    ['https://scholar.google.com/scholar?q=&hl=en', undefined],
    ['https://scholar.google.com/scholar?q=+++', undefined],
    ['https://scholar.google.com/scholar_alerts?view_op=list_alerts&hl=en', undefined],
    ['https://scholar.google.com/scholar_settings?hl=en', undefined],
    ['https://scholar.google.com/scholar_lookup?title=x', undefined],
    ['https://scholar.google.com/scholar/?q=graph', undefined],
    [
      'https://scholar.google.com/citations?view_op=view_citation&hl=en&user=qc6CJjYAAAAJ&citation_for_view=qc6CJjYAAAAJ:qyhmnyLat1gC',
      undefined,
    ],
    ['https://scholar.google.com/citations?view_op=search_authors&mauthors=einstein', undefined],
    ['https://scholar.google.com/citations?view_op=list_colleagues&user=qc6CJjYAAAAJ', undefined],
    ['https://scholar.google.com/citations?hl=en', undefined],
    ['https://scholar.google.com/citations?user=', undefined],
    // Not Scholar: Google search, look-alike hosts, plain http.
    ['https://www.google.com/search?q=attention+mechanism', undefined],
    ['https://google.com/scholar?q=graph', undefined],
    ['https://scholar.google.example/scholar?q=graph', undefined],
    ['https://scholar.google.com.evil.test/scholar?q=graph', undefined],
    ['https://scholar.googleusercontent.com/scholar?q=graph', undefined],
    ['http://scholar.google.com/scholar?q=graph', undefined],
    ['https://arxiv.org/search/?query=graph&searchtype=all', undefined],
    ['https://huggingface.co/papers?q=graph', undefined],
  ])('%s → %s', (url, kind) => {
    expect(adapter.detect(new URL(url))).toBe(kind);
  });
});

describe('hosts and match patterns', () => {
  it('knows every Scholar host once, scholar.google.com first, with the country domains users meet', () => {
    expect(SCHOLAR_HOSTS[0]).toBe('scholar.google.com');
    expect(new Set(SCHOLAR_HOSTS).size).toBe(SCHOLAR_HOSTS.length);
    expect(SCHOLAR_HOSTS).toHaveLength(188);
    for (const tld of ['co.uk', 'de', 'fr', 'com.br', 'co.jp', 'com.au', 'ca', 'co.in', 'es', 'it', 'nl', 'ru']) {
      expect(SCHOLAR_HOSTS).toContain(`scholar.google.${tld}`);
    }
    for (const tld of ['com.hk', 'com.tw', 'co.kr', 'cn', 'com.mx', 'pl', 'se', 'ch', 'at', 'be', 'co.za', 'cat']) {
      expect(SCHOLAR_HOSTS).toContain(`scholar.google.${tld}`);
    }
    for (const host of SCHOLAR_HOSTS) expect(host).toMatch(/^scholar\.google\.(?:[a-z]{2,3}|com?\.[a-z]{2})$/);
  });

  it('matches /scholar* and /citations* on every host, and nothing else', () => {
    expect(adapter.matches).toHaveLength(2 * SCHOLAR_HOSTS.length);
    expect(adapter.matches).toEqual(
      SCHOLAR_HOSTS.flatMap((host) => [`https://${host}/scholar*`, `https://${host}/citations*`]),
    );
    for (const pattern of adapter.matches) expect(() => new MatchPattern(pattern)).not.toThrow();
    const matched = (url: string) => adapter.matches.some((pattern) => new MatchPattern(pattern).includes(url));
    expect(matched('https://scholar.google.co.kr/scholar?q=x')).toBe(true);
    expect(matched('https://scholar.google.com.tw/citations?user=qc6CJjYAAAAJ')).toBe(true);
    expect(matched('https://www.google.com/search?q=x')).toBe(false);
    expect(matched('https://scholar.google.com/intl/en/scholar/about.html')).toBe(false);
  });
});

describe('the profile fixture', () => {
  it('is the captured fragment, byte for byte, inside the profile page table', () => {
    const fragment = readFileSync(fixturePath('google-scholar/profile-rows-aeinstein-2021.html'), 'utf8');
    const page = readFileSync(fixturePath(PAGES.profile.fixture), 'utf8');
    expect(page).toBe(
      `<!doctype html><meta charset="utf-8"><table id="gsc_a_t"><tbody id="gsc_a_b">${fragment}</tbody></table>\n`,
    );
  });

  it('needs that table: the bare fragment parses to no rows at all', () => {
    const bare = loadFixture('google-scholar/profile-rows-aeinstein-2021.html', PAGES.profile.url);
    expect(bare.doc.querySelectorAll('tr').length).toBe(0);
    expect(parse(bare).entries).toEqual([]);
  });
});

describe.each([
  ['attention', 10],
  ['microwave', 10],
  ['geology', 10],
  ['profile', 1114],
] as const)('%s', (name, count) => {
  it(`has exactly ${count} entries, each with its own key, and no skipped row`, SLOW, () => {
    const { entries, issues } = parse(load(name));
    parsed.set(name, entries);
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(count);
    expect(new Set(entries.map((entry) => entry.paper.key)).size).toBe(count);
    for (const entry of entries) {
      expect(entry.paper.title.startsWith('[')).toBe(false);
      expect(entry.roots).toHaveLength(1);
      expect(entry.roots[0]!.contains(entry.anchor)).toBe(true);
    }
  });

  it('keys the same on a country domain as on scholar.google.com', SLOW, () => {
    const here = entriesOf(name).map((entry) => entry.paper.key);
    const german = parse(load(name, PAGES[name].url.replace('scholar.google.com', 'scholar.google.de'))).entries;
    expect(german.map((entry) => entry.paper.key)).toEqual(here);
  });
});

describe('results: keys', () => {
  const kinds = (name: PageName) => papers(name).map((paper) => keyKind(paper.key));

  it('gives arxiv: keys from arXiv PDF side links, with the publisher DOI beside them', () => {
    const attention = papers('attention');
    expect(attention.filter((paper) => paper.key.startsWith('arxiv:')).map((paper) => [paper.key, paper.doi])).toEqual([
      ['arxiv:2204.13154', '10.1007/s00521-022-07366-3'],
      ['arxiv:2203.14263', undefined],
    ]);
  });

  it('gives doi: keys from publisher links that name the DOI (IOP, Nature, ACS, Wiley)', () => {
    const doiKeys = (name: PageName) =>
      papers(name)
        .map((paper) => paper.key)
        .filter((key) => key.startsWith('doi:'));
    expect(doiKeys('attention')).toEqual(['doi:10.1088/1742-6596/1693/1/012173', 'doi:10.1038/s41598-020-67529-x']);
    expect(doiKeys('microwave')).toEqual(['doi:10.1021/ef100623e']);
    expect(doiKeys('geology')).toEqual(['doi:10.1002/jqs.691']);
  });

  it('keys every other result by its title link, and the linkless [CITATION] by its Scholar cluster', () => {
    expect(kinds('attention')).toEqual(['url', 'url', 'arxiv', 'url', 'url', 'arxiv', 'doi', 'url', 'doi', 'url']);
    expect(kinds('microwave')).toEqual(['url', 'url', 'url', 'url', 'url', 'url', 'url', 'url', 'url', 'doi']);
    expect(kinds('geology')).toEqual(['url', 'url', 'url', 'url', 'url', 'doi', 'url', 'url', 'url', 'url']);
    const geology = papers('geology').map((paper) => paper.key);
    expect(geology[0]).toBe('url:https://scholar.google.com/scholar?cluster=15801554877513113826');
    expect(geology[1]).toBe(
      'url:https://sidst3.dst.unisi.it/english/Publications/TAP/TA_pdfs/Volume_09/TA_09_057_Forsyth.pdf',
    );
  });

  it('never keys by a library "Full View" side link, which names no paper', () => {
    const page = load('attention');
    const full = page.doc.querySelector(
      'div.gs_r[data-cid="2ZhjgA76ftYJ"] div.gs_ggs a[href^="/scholar?output=instlink"]',
    );
    expect(full).not.toBeNull();
    expect(entriesOf('attention')[1]!.paper.key).toBe('url:https://ieeexplore.ieee.org/abstract/document/10897531');
  });
});

describe('results: full records', () => {
  it('attention [3]: an arXiv PDF beside a Springer page', () => {
    expect(papers('attention')[2]).toEqual({
      key: 'arxiv:2204.13154',
      arxivId: '2204.13154',
      title: 'Attention mechanism in neural networks: where it comes and where it goes',
      authors: ['D Soydaner'],
      subjects: [],
      comments: 'Neural Computing and Applications',
      published: '2022',
      doi: '10.1007/s00521-022-07366-3',
    });
  });

  it('attention [2]: authors cut with "…" keep the names shown; the venue keeps its "…"', () => {
    expect(papers('attention')[1]).toEqual({
      key: 'url:https://ieeexplore.ieee.org/abstract/document/10897531',
      title: 'Attention mechanisms in computer vision: A survey',
      authors: ['MH Guo', 'TX Xu', 'JJ Liu', 'ZN Liu', 'PT Jiang'],
      subjects: [],
      comments: 'Computational visual …',
      published: '2022',
    });
  });

  it('microwave [4]: the "[HTML]" label is not part of the title; linked author names are read as text', () => {
    expect(papers('microwave')[3]).toEqual({
      key: 'url:https://mdpi.com/1996-1073/10/4/502',
      title: 'Dielectric properties of biomass/biochar mixtures at microwave frequencies',
      authors: ['C Ellison', 'MS McKeown', 'S Trabelsi', 'D Boldor'],
      subjects: [],
      comments: 'Energies',
      published: '2017',
    });
  });

  it('microwave [10]: an ACS page gives the DOI key; "&" in the venue stays', () => {
    expect(papers('microwave')[9]).toEqual({
      key: 'doi:10.1021/ef100623e',
      title: 'Dielectric properties of typical Australian wood-based biomass materials at microwave frequency',
      authors: ['S Ramasamy', 'B Moghtaderi'],
      subjects: [],
      comments: 'Energy & Fuels',
      published: '2010',
    });
  });

  it('geology [1]: a [CITATION] without a link, byline without a host', () => {
    expect(papers('geology')[0]).toEqual({
      key: 'url:https://scholar.google.com/scholar?cluster=15801554877513113826',
      title: 'Geology of the Olympus Range Area, Southern Victoria Land',
      authors: ['MJ Isaac', 'TJ Chinn', 'SW Edbrooke', 'PJ Forsyth'],
      subjects: [],
      comments: 'Antarctica. Institute of Geological and …',
      published: '1996',
    });
  });

  it('geology [5]: a title Scholar cut at the start keeps its "…"; the PDF itself is the key', () => {
    expect(papers('geology')[4]).toMatchObject({
      key: 'url:https://epic.awi.de/id/eprint/27338/1/Sme2001m.pdf',
      title:
        '… erosion, uplift and unroofing of the Transantarctic Mountains deduced from sandstone detrital modes in ' +
        'CRP-3 drillcore, Victoria Land Basin, Antarctica',
      authors: ['JL Smellie'],
    });
  });

  it('geology [10]: a thesis with a year and no venue', () => {
    expect(papers('geology')[9]).toEqual({
      key: 'url:https://digitalcommons.library.umaine.edu/etd/657',
      title:
        'Surficial geology and geomorphology of the western Olympus Range, Antarctica: Implications for ice-sheet history',
      authors: ['B VandenHeuvel'],
      subjects: [],
      published: '2002',
    });
  });

  it('never stores the snippet: it is text around the query words, not the abstract', () => {
    for (const name of ['attention', 'microwave', 'geology'] as const) {
      for (const paper of papers(name)) expect(paper.abstract).toBeUndefined();
    }
  });

  it('puts the controls at the end of the links line (Save, Cite, Cited by…)', () => {
    const [first] = entriesOf('microwave');
    expect(first!.anchor.matches('div.gs_ri > div.gs_fl')).toBe(true);
    expect(first!.roots[0]!.getAttribute('data-cid')).toBe('x6BpcW0wpHwJ');
  });
});

describe('profile: full records', () => {
  it('row 1: title link, authors, venue without its narrow-screen year, year column', () => {
    expect(papers('profile')[0]).toEqual({
      key: PROFILE_KEY('qyhmnyLat1gC'),
      title: 'Can quantum-mechanical description of physical reality be considered complete?',
      authors: ['A Einstein', 'B Podolsky', 'N Rosen'],
      subjects: [],
      comments: 'Physical Review 47 (10), 777',
      published: '1935',
    });
  });

  it('an undated row with an empty venue line', () => {
    const paper = papers('profile').find((candidate) => candidate.key === PROFILE_KEY('TiIbgCYny7sC'));
    expect(paper).toEqual({
      key: PROFILE_KEY('TiIbgCYny7sC'),
      title: 'Zur Elektrodynamik bewegter Körper',
      authors: ['A Einstein'],
      subjects: [],
    });
  });

  it('authors cut with "..." keep the names shown', () => {
    const all = papers('profile');
    const cut = all.filter((paper) => paper.authors.at(-1) === 'K Hentschel');
    expect(cut.length).toBeGreaterThan(0);
    expect(cut[0]!.authors).toEqual(['A Einstein', 'MJ Klein', 'AJ Kox', 'R Schulmann', 'P Brenni', 'K Hentschel']);
    for (const paper of all) for (const name of paper.authors) expect(name).not.toMatch(/\.\.\.|…/);
  });

  it('counts: 288 rows have no year, 826 one; every key names the view_citation page of this profile', () => {
    const all = papers('profile');
    expect(all.filter((paper) => paper.published === undefined)).toHaveLength(288);
    for (const paper of all)
      expect(paper.key).toMatch(
        /^url:https:\/\/scholar\.google\.com\/citations\?view_op=view_citation&citation_for_view=qc6CJjYAAAAJ:[\w-]{12}$/,
      );
  });

  it('puts the controls in the title cell', () => {
    const [first] = entriesOf('profile');
    expect(first!.roots[0]!.localName).toBe('tr');
    expect(first!.anchor.matches('td.gsc_a_t')).toBe(true);
  });
});

describe('parseByline', () => {
  it.each([
    [
      'AA Salema, YK Yeow, FN Ani… - Industrial Crops and …, 2013 - Elsevier',
      ['AA Salema', 'YK Yeow', 'FN Ani'],
      'Industrial Crops and …',
      '2013',
    ],
    ['B VandenHeuvel - 2002 - digitalcommons.library.umaine.edu', ['B VandenHeuvel'], undefined, '2002'],
    [
      'MJ Isaac, TJ Chinn\u00a0- Antarctica. Institute of Geological and\u00a0…, 1996',
      ['MJ Isaac', 'TJ Chinn'],
      'Antarctica. Institute of Geological and …',
      '1996',
    ],
    ['A Smith - Elsevier', ['A Smith'], undefined, undefined],
    ['A Smith - Journal of Things - Springer', ['A Smith'], 'Journal of Things', undefined],
    ['A Smith - Proc. A - B, 2019 - host.org', ['A Smith'], 'Proc. A - B', '2019'],
    ['… - Nature, 0999 - nature.com', [], 'Nature', undefined],
    ['', [], undefined, undefined],
  ])('%j', (text, authors, venue, year) => {
    expect(parseByline(text)).toEqual({ authors, ...(venue ? { venue } : {}), ...(year ? { year } : {}) });
  });
});

describe('clusterIdOfCid', () => {
  it.each([
    ['x6BpcW0wpHwJ', '8981356803495928007'],
    ['4qAC3XBmStsJ', '15801554877513113826'],
    ['dLNPlCNB8QkJ', '716425436796531572'],
    ['-ZGlTxy8jysJ', '3138934295081882105'],
  ])('%s → %s (the number in the result\'s own "Cited by" link)', (cid, id) => {
    expect(clusterIdOfCid(cid)).toBe(id);
  });

  it('agrees with every "Cited by" link of the captures', () => {
    for (const name of ['attention', 'microwave', 'geology'] as const) {
      const { doc } = load(name);
      for (const result of Array.from(doc.querySelectorAll('div.gs_r.gs_or[data-cid]'))) {
        const cites = /cites=(\d+)/.exec(result.querySelector('a[href*="cites="]')?.getAttribute('href') ?? '')?.[1];
        if (cites !== undefined) expect(clusterIdOfCid(result.getAttribute('data-cid'))).toBe(cites);
      }
    }
  });

  it.each([[null], [''], ['x6BpcW0wpHw'], ['x6BpcW0wpHwJJ'], ['x6BpcW0wpHwK'], ['x6Bpc+0wpHwJ'], ['AAAAAAAAAAAJ']])(
    'rejects %j',
    (cid) => {
      expect(clusterIdOfCid(cid)).toBeUndefined();
    },
  );
});

describe('hostile and malformed input', () => {
  function result(page: LoadedPage, cid: string): Element {
    const found = page.doc.querySelector(`div.gs_r.gs_or[data-cid="${cid}"]`);
    if (!found) throw new Error(`no result ${cid}`);
    return found;
  }

  it('a result whose links are all broken is keyed by its cluster, never by the broken href', () => {
    const page = load('microwave');
    const first = result(page, 'x6BpcW0wpHwJ');
    first.querySelector('h3 a')!.setAttribute('href', 'http://[broken');
    first.querySelector('div.gs_ggs a')!.setAttribute('href', 'javascript:alert(1)');
    const { entries, issues } = parse(page);
    expect(issues).toEqual([]);
    expect(entries[0]!.paper.key).toBe('url:https://scholar.google.com/scholar?cluster=8981356803495928007');
  });

  it('a title link to Scholar itself is not the paper: the cluster is', () => {
    const page = load('microwave');
    result(page, 'mujFXSHytcgJ').querySelector('h3 a')!.setAttribute('href', '/scholar?q=biowaste');
    expect(parse(page).entries[1]!.paper.key).toMatch(/^url:https:\/\/scholar\.google\.com\/scholar\?cluster=\d+$/);
  });

  it("a title link through Scholar's redirect is keyed by its target", () => {
    const page = load('microwave');
    const target = 'https://www.sciencedirect.com/science/article/pii/S0196890424000165';
    result(page, 'mujFXSHytcgJ')
      .querySelector('h3 a')!
      .setAttribute('href', `/scholar_url?url=${encodeURIComponent(target)}&hl=en&sa=X&scisig=AAGBfm0`);
    result(page, 'LNNFY5HEJKUJ')
      .querySelector('h3 a')!
      .setAttribute('href', `/scholar_url?url=${encodeURIComponent('https://doi.org/10.1016/J.FUEL.2014.01.099')}`);
    result(page, 'G2HrETHJrRwJ').querySelector('h3 a')!.setAttribute('href', '/scholar_url?url=javascript:alert(1)');
    const keys = parse(page).entries.map((entry) => entry.paper.key);
    expect(keys[1]).toBe('url:https://sciencedirect.com/science/article/pii/S0196890424000165');
    expect(keys[5]).toBe('doi:10.1016/j.fuel.2014.01.099');
    expect(keys[8]).toMatch(/^url:https:\/\/scholar\.google\.com\/scholar\?cluster=\d+$/);
  });

  it('a result with neither a usable link nor a cluster id is skipped and reported, the others kept', () => {
    const page = load('microwave');
    const second = result(page, 'mujFXSHytcgJ');
    second.querySelector('h3 a')!.removeAttribute('href');
    second.setAttribute('data-cid', 'not-a-cid');
    const { entries, issues } = parse(page);
    expect(entries).toHaveLength(9);
    expect(issues).toEqual([{ index: 1, reason: 'no link names the result and its data-cid is not a cluster id' }]);
  });

  it('a result with no title text is found by scan (it can be marked) but has no entry', () => {
    const page = load('attention');
    const heading = page.doc.querySelectorAll('h3.gs_rt')[0]!;
    heading.querySelector('a')!.textContent = '   ';
    const rows = scanGoogleScholar(page.doc, page.url);
    expect(rows).toHaveLength(10);
    const issues: ParseIssue[] = [];
    expect(readGoogleScholar(rows[0]!, page.doc, page.url, (issue) => issues.push(issue))).toBeUndefined();
    expect(issues[0]!.reason).toMatch(/title/);
    expect(parse(page).entries).toHaveLength(9);
  });

  it('a result without a byline keeps its title and key, with no authors', () => {
    const page = load('attention');
    result(page, '2BmMArIDz08J').querySelector('div.gs_a')!.remove();
    expect(parse(page).entries[0]!.paper).toEqual({
      key: 'url:https://sciencedirect.com/science/article/pii/S092523122100477X',
      title: 'A review on the attention mechanism of deep learning',
      authors: [],
      subjects: [],
    });
  });

  it('markup-looking page text stays text', () => {
    const page = load('attention');
    const link = result(page, '2BmMArIDz08J').querySelector('h3 a')!;
    link.textContent = '<img src=x onerror=alert(1)> & "quotes"';
    expect(parse(page).entries[0]!.paper.title).toBe('<img src=x onerror=alert(1)> & "quotes"');
  });

  it('a profile row whose link names no article is skipped and reported', SLOW, () => {
    const page = load('profile');
    const rows = page.doc.querySelectorAll('tr.gsc_a_tr a.gsc_a_at');
    rows[0]!.setAttribute('href', '/citations?view_op=view_citation&citation_for_view=<script>');
    rows[1]!.removeAttribute('href');
    rows[2]!.setAttribute('href', 'http://[broken');
    const { entries, issues } = parse(page);
    expect(entries).toHaveLength(1111);
    expect(issues.map((issue) => issue.index)).toEqual([0, 1, 2]);
    expect(issues[0]!.reason).toBe('title link names no citation_for_view article');
  });

  it('read of a row that left the page reports it and gives no entry', () => {
    const page = load('microwave');
    const [row] = scanGoogleScholar(page.doc, page.url);
    row!.roots[0]!.remove();
    const issues: ParseIssue[] = [];
    expect(readGoogleScholar(row!, page.doc, page.url, (issue) => issues.push(issue))).toBeUndefined();
    expect(issues).toEqual([{ reason: 'row is no longer on the page: scan again' }]);
  });

  it('rows appended to the profile table (as "Show more" does) are found by the next scan, in page order', SLOW, () => {
    const page = load('profile');
    const body = page.doc.querySelector('#gsc_a_b')!;
    const later = Array.from(body.querySelectorAll('tr.gsc_a_tr')).slice(20);
    for (const row of later) row.remove();
    expect(scanGoogleScholar(page.doc, page.url)).toHaveLength(20);
    body.append(...later);
    const rows = scanGoogleScholar(page.doc, page.url);
    expect(rows).toHaveLength(1114);
    expect(rows.map((row) => row.key)).toEqual(papers('profile').map((paper) => paper.key));
  });

  it('an empty or unrelated document gives no rows and no error', () => {
    const empty = new JSDOM('<p>nothing</p>', { url: PAGES.attention.url }).window.document;
    expect(parseGoogleScholar(empty, new URL(PAGES.attention.url))).toEqual([]);
    expect(parseGoogleScholar(empty, new URL(PAGES.profile.url))).toEqual([]);
  });
});
