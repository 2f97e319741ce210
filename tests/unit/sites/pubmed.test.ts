/**
 * PubMed search adapter on two real captures (tests/fixtures/PROVENANCE.md): pages 1 and 2 of the same query, saved
 * from a browser a few weeks apart (1,835 and 1,827 results), each with 10 rows. Page 1 was reformatted by an HTML
 * formatter (titles and citations wrap over several lines); page 2 is as the browser saved it. Both carry a reading
 * extension's links and badges inside the rows. Expected records were written from the fixture text.
 */
import { describe, expect, it } from 'vitest';
import { adapter, parsePubmed, readPubmed, scanPubmed } from '../../../lib/sites/pubmed/adapter.ts';
import type { ParseIssue } from '../../../lib/sites/parse-helpers.ts';
import type { ListingEntry } from '../../../lib/sites/types.ts';
import { type LoadedPage, entryRecord, loadFixture } from '../load-fixture.ts';

const P1 = {
  fixture: 'pubmed/search_hypertension-food_p1_prettified.html',
  url: 'https://pubmed.ncbi.nlm.nih.gov/?term=%28hypertension%5BTitle%5D%29+AND+%28food%5BText+Word%5D%29',
};
const P2 = {
  fixture: 'pubmed/search_hypertension-food_p2.html',
  url: 'https://pubmed.ncbi.nlm.nih.gov/?term=(hypertension%5BTitle%5D)%20AND%20(food%5BText%20Word%5D)%20&page=2',
};

function load(page: { fixture: string; url: string }): LoadedPage {
  return loadFixture(page.fixture, page.url);
}

function parse(page: LoadedPage): { entries: ListingEntry[]; issues: ParseIssue[] } {
  const issues: ParseIssue[] = [];
  const entries = parsePubmed(page.doc, page.url, (issue) => issues.push(issue));
  return { entries, issues };
}

describe('detect', () => {
  it.each([
    ['https://pubmed.ncbi.nlm.nih.gov/?term=hypertension', 'search'],
    ['https://pubmed.ncbi.nlm.nih.gov/?term=crispr&filter=years.2020-2026&sort=date&page=3', 'search'],
    ['https://pubmed.ncbi.nlm.nih.gov/?term=crispr&format=summary&size=200', 'search'],
    ['https://pubmed.ncbi.nlm.nih.gov/?term=crispr&format=abstract', undefined],
    ['https://pubmed.ncbi.nlm.nih.gov/?term=crispr&format=pubmed', undefined],
    ['https://pubmed.ncbi.nlm.nih.gov/?term=', undefined],
    ['https://pubmed.ncbi.nlm.nih.gov/?term=%20', undefined],
    ['https://pubmed.ncbi.nlm.nih.gov/', undefined],
    ['https://pubmed.ncbi.nlm.nih.gov/advanced/', undefined],
    ['https://pubmed.ncbi.nlm.nih.gov/34601963/', undefined],
    ['https://pubmed.ncbi.nlm.nih.gov/34601963/?term=hypertension', undefined],
    ['https://www.ncbi.nlm.nih.gov/pubmed/?term=hypertension', undefined],
    ['https://pmc.ncbi.nlm.nih.gov/search/?term=hypertension', undefined],
    ['https://arxiv.org/search/?query=hypertension&searchtype=all', undefined],
    ['https://scholar.google.com/scholar?q=hypertension', undefined],
  ])('%s → %s', (url, kind) => {
    expect(adapter.detect(new URL(url))).toBe(kind);
  });
});

describe(P1.fixture, () => {
  it('has exactly 10 entries with no skipped rows, one per result, in page order', () => {
    const page = load(P1);
    const { entries, issues } = parse(page);
    expect(issues).toEqual([]);
    expect(entries).toHaveLength(10);
    expect(entries.map((entry) => entry.roots[0]!.getAttribute('data-rel-pos'))).toEqual(
      Array.from({ length: 10 }, (_, index) => String(index + 1)),
    );
  });

  it('keys rows by the DOI their citation prints, and the two rows without one by PMID', () => {
    const { entries } = parse(load(P1));
    expect(entries.map((entry) => entry.paper.key)).toEqual([
      'doi:10.1161/hypertensionaha.121.14519',
      'doi:10.1016/j.clp.2023.11.001',
      'doi:10.1371/journal.pone.0241628',
      'doi:10.1016/j.amepre.2023.04.005',
      'pmid:24967882',
      'doi:10.2741/s506',
      'doi:10.1007/s00253-023-12369-8',
      'doi:10.5935/abc.20190202',
      'pmid:33000593',
      'doi:10.1016/j.numecd.2024.07.009',
    ]);
  });

  it.each([
    [
      0,
      {
        key: 'doi:10.1161/hypertensionaha.121.14519',
        title: 'Circadian Rhythm, Clock Genes, and Hypertension: Recent Advances in Hypertension',
        authors: ['Costello HM', 'Gumz ML'],
        subjects: [],
        // "Hypertension. 2021 Nov;78(5):1185-1196. doi: …. Epub 2021 Oct 4."
        published: '2021-10-04',
      },
    ],
    [
      2,
      {
        key: 'doi:10.1371/journal.pone.0241628',
        title: 'Food insecurity and hypertension: A systematic review and meta-analysis',
        authors: ['Beltrán S', 'Pharel M', 'Montgomery CT', 'López-Hinojosa IJ', 'Arenas DJ', 'DeLisser HM'],
        subjects: [],
        // "PLoS One. 2020 Nov 17;15(11):e0241628. doi: …. eCollection 2020." (no Epub date)
        published: '2020-11-17',
      },
    ],
    [
      4,
      {
        key: 'pmid:24967882',
        title: 'Diabetes: treating hypertension',
        authors: ['Vijan S'],
        subjects: [],
        published: '2014-06-26',
      },
    ],
    [
      8,
      {
        key: 'pmid:33000593',
        title: 'Hypertension in childhood',
        authors: [
          'Ceravolo G',
          'Fusco M',
          'Salpietro C',
          'Concolino D',
          'De Sarro R',
          'La Macchia T',
          'Ceravolo A',
          'Oreto L',
          'Colavita L',
          'Chimenz R',
          'Sturiale M',
          'Gitto E',
          'Calabrò MP',
          'Cuppari C',
        ],
        subjects: [],
        // "J Biol Regul Homeost Agents. 2020 Jul-Aug;…": a month range gives the year only.
        published: '2020',
      },
    ],
  ])('row %i reads as its result shows it', (index, paper) => {
    const { entries } = parse(load(P1));
    expect(entryRecord(entries[index])).toEqual({ paper, section: undefined, upvotes: undefined });
  });

  it('puts the controls on the citation block of its own result', () => {
    const { entries } = parse(load(P1));
    for (const entry of entries) {
      expect(entry.anchor.matches('.docsum-citation.full-citation')).toBe(true);
      expect(entry.roots).toHaveLength(1);
      expect(entry.roots[0]!.contains(entry.anchor)).toBe(true);
    }
  });
});

describe(P2.fixture, () => {
  it('has exactly 10 entries with no skipped rows, all keyed by DOI', () => {
    const { entries, issues } = parse(load(P2));
    expect(issues).toEqual([]);
    expect(entries.map((entry) => entry.paper.key)).toEqual([
      'doi:10.3389/ijph.2022.1604850',
      'doi:10.1017/s000711451500402x',
      'doi:10.1016/j.cpcardiol.2022.101203',
      'doi:10.3389/fpubh.2025.1505462',
      'doi:10.1177/17534666251342898',
      'doi:10.1542/peds.2018-3517',
      'doi:10.1016/j.ccm.2020.11.008',
      'doi:10.1136/archdischild-2016-311662',
      'doi:10.1016/j.clnesp.2024.07.020',
      'doi:10.1080/10408398.2010.550071',
    ]);
  });

  it.each([
    [
      0,
      {
        key: 'doi:10.3389/ijph.2022.1604850',
        title: 'Food Choices and Hypertension Among Rural Thais: Evidence From a Discrete Choice Experiment',
        authors: ['Rusmevichientong P', 'Nguyen H', 'Morales C', 'Jaynes J', 'Wood MM'],
        subjects: [],
        published: '2022-07-15',
      },
    ],
    [
      1,
      {
        key: 'doi:10.1017/s000711451500402x',
        title: 'Association between fried food consumption and hypertension in Korean adults',
        authors: ['Kang Y', 'Kim J'],
        subjects: [],
        // Online (Epub 2015 Oct 9) before its issue (2016 Jan 14).
        published: '2015-10-09',
      },
    ],
    [
      6,
      {
        key: 'doi:10.1016/j.ccm.2020.11.008',
        title: 'Pulmonary Arterial Hypertension Secondary to Drugs and Toxins',
        authors: ['Ramirez RL 3rd', 'Pienkos SM', 'de Jesus Perez V', 'Zamanian RT'],
        subjects: [],
        published: '2021-03',
      },
    ],
    [
      7,
      {
        key: 'doi:10.1136/archdischild-2016-311662',
        // A title's own "?" stays.
        title: "What's new in paediatric hypertension?",
        authors: ['Lalji R', 'Tullus K'],
        subjects: [],
        published: '2017-08-17',
      },
    ],
    [
      9,
      {
        key: 'doi:10.1080/10408398.2010.550071',
        title:
          'Bioactive natural constituents from food sources-potential use in hypertension prevention and treatment',
        authors: ['Huang WY', 'Davidge ST', 'Wu J'],
        subjects: [],
        // "Crit Rev Food Sci Nutr. 2013;53(6):615-30.": a year only.
        published: '2013',
      },
    ],
  ])('row %i reads as its result shows it', (index, paper) => {
    const { entries } = parse(load(P2));
    expect(entryRecord(entries[index])).toEqual({ paper, section: undefined, upvotes: undefined });
  });

  it('reads the DOI from PubMed’s citation text, not from the link another extension put inside it', () => {
    const page = load(P2);
    const citation = page.doc.querySelector('article.full-docsum .docsum-journal-citation.full-journal-citation')!;
    const foreign = citation.querySelector('a')!;
    foreign.setAttribute('href', 'https://example.org/10.9999/other');
    foreign.textContent = 'doi: 10.9999/other';
    // First in the citation, where a text search for "doi:" would meet it before PubMed's own.
    citation.prepend(foreign);
    expect(parse(page).entries[0]!.paper.key).toBe('doi:10.3389/ijph.2022.1604850');
  });
});

describe('scan and read', () => {
  it('scan gives the keys, roots and anchors parse gives; read(row) gives the parse entry', () => {
    for (const fixture of [P1, P2]) {
      const page = load(fixture);
      const rows = scanPubmed(page.doc, page.url);
      const entries = parsePubmed(page.doc, page.url);
      expect(rows.map((row) => row.key)).toEqual(entries.map((entry) => entry.paper.key));
      rows.forEach((row, index) => {
        expect(row.roots).toEqual(entries[index]!.roots);
        expect(row.anchor).toBe(entries[index]!.anchor);
        expect(readPubmed(row, page.doc, page.url)).toEqual(entries[index]);
      });
    }
  });

  it('skips and reports a result without a record link, and reads the others', () => {
    const page = load(P1);
    page.doc.querySelectorAll('a.docsum-title')[3]!.setAttribute('href', '/clipboard/');
    const { entries, issues } = parse(page);
    expect(entries).toHaveLength(9);
    expect(issues).toEqual([{ index: 3, reason: 'no PubMed record link in the result' }]);
  });

  it('keys by PMID when the DOI in the citation is not a DOI', () => {
    const page = load(P2);
    const citation = page.doc.querySelector('.docsum-journal-citation.full-journal-citation')!;
    citation.firstChild!.nodeValue = 'Int J Public Health. 2022 Jul 15;67:1604850. doi: 10.3389. eCollection 2022.';
    expect(parse(page).entries[0]!.paper.key).toBe('pmid:35910428');
  });

  it('finds nothing, and reports nothing, on a page without result rows', () => {
    const page = load(P1);
    for (const row of Array.from(page.doc.querySelectorAll('article.full-docsum'))) row.remove();
    expect(parse(page)).toEqual({ entries: [], issues: [] });
  });
});
