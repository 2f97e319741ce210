/**
 * Google Scholar alert mails on the two captured mails (tests/fixtures/PROVENANCE.md: the HTML bodies of two alerts of
 * 2019-12-10, 3 and 2 papers). Expected values were written from the mail bytes.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { isScholarAlert, readScholarAlert } from '../../../lib/digests/scholar-alert.ts';
import type { Digest } from '../../../lib/digests/types.ts';
import { PaperCandidateSchema } from '../../../lib/paper/model.ts';
import { readFixture } from '../load-fixture.ts';

const ALERTS = {
  three: 'google-scholar-alert/alert-email-2019-12-10-16ef14516c65fd3c.html',
  two: 'google-scholar-alert/alert-email-2019-12-10-16ef14516de4713c.html',
} as const;

const docOf = (html: string): Document => new JSDOM(html).window.document;

function read(name: keyof typeof ALERTS, edit: (html: string) => string = (html) => html): Digest {
  return readScholarAlert(docOf(edit(readFixture(ALERTS[name]))));
}

const SOURCE = { site: 'scholar-alert', url: 'https://scholar.google.com/scholar_alerts?view_op=list_alerts' };

describe(ALERTS.three, () => {
  it('has exactly 3 entries, none skipped, each valid', () => {
    const digest = read('three');
    expect(digest.kind).toBe('scholar-alert');
    expect(digest.title).toBe('Google Scholar alert');
    expect(digest.source).toEqual(SOURCE);
    expect(digest.skipped).toEqual([]);
    expect(digest.entries).toHaveLength(3);
    for (const entry of digest.entries) expect(PaperCandidateSchema.parse(entry.paper)).toEqual(entry.paper);
  });

  it('keys an arXiv PDF target by arXiv, the link unwrapped from scholar_url', () => {
    expect(read('three').entries[0]).toEqual({
      paper: {
        key: 'arxiv:1912.02015',
        arxivId: '1912.02015',
        title: 'Using Sequence-to-Sequence Learning for Repairing C Vulnerabilities',
        authors: ['Z Chen', 'S Kommrusch', 'M Monperrus'],
        subjects: [],
        published: '2019',
      },
      link: 'https://arxiv.org/pdf/1912.02015',
      byline: 'Z Chen, S Kommrusch, M Monperrus - arXiv preprint arXiv:1912.02015, 2019',
      snippet:
        'Software vulnerabilities affect all businesses and research is being done to avoid, detect or repair them. ' +
        'In this article, we contribute a new technique for automatic vulnerability fixing. We present a system that ' +
        'uses the rich software development …',
    });
  });

  it('keys a publisher page without an id by its normalized URL; a byline cut with "…"', () => {
    const [, second, third] = read('three').entries;
    expect(second).toEqual({
      paper: {
        key: 'url:https://ieeexplore.ieee.org/abstract/document/8919471',
        title: 'Marking Mechanism in Sequence-to-sequence Model for Mapping Language to Logical Form',
        authors: ['PM Nguyen', 'K Than', 'M Le Nguyen'],
        subjects: [],
        published: '2019',
      },
      link: 'https://ieeexplore.ieee.org/abstract/document/8919471/',
      byline: 'PM Nguyen, K Than, M Le Nguyen - … on Knowledge and Systems Engineering (KSE), 2019',
      snippet:
        'Semantic parsing in Natural language processing (NLP) is a challenging task, which has been studied for many ' +
        'years. The main purpose is to model the language as a logical form like a machine translation task. ' +
        'Recently, an approach which uses a …',
    });
    expect(third!.paper.key).toBe('url:https://ieeexplore.ieee.org/abstract/document/8919008');
    expect(third!.paper.title).toBe('Personalized Code Recommendation');
    // "2019 IEEE International Conference on Software …": the year is the venue's.
    expect(third!.paper.published).toBe('2019');
    // "crowd-<br>based": the line break after a hyphen joins the word again.
    expect(third!.snippet).toContain('take the crowd-based approach.');
  });
});

describe(ALERTS.two, () => {
  it('has exactly 2 entries: an http target keyed as https, a byline with no venue and no year', () => {
    const digest = read('two');
    expect(digest.skipped).toEqual([]);
    expect(digest.entries.map((entry) => [entry.paper.key, entry.link, entry.byline, entry.paper.published])).toEqual([
      [
        'url:https://ceur-ws.org/Vol-2510/sattose2019_paper_14.pdf',
        'http://ceur-ws.org/Vol-2510/sattose2019_paper_14.pdf',
        'A Karmakar - 2019',
        '2019',
      ],
      [
        'url:https://researchgate.net/profile/Mehrdad_Abdi2/publication/337709673_Adopting_Program_Synthesis_for_Test_Amplification/links/5de65be6299bf10bc33bac44/Adopting-Program-Synthesis-for-Test-Amplification.pdf',
        'https://www.researchgate.net/profile/Mehrdad_Abdi2/publication/337709673_Adopting_Program_Synthesis_for_Test_Amplification/links/5de65be6299bf10bc33bac44/Adopting-Program-Synthesis-for-Test-Amplification.pdf',
        'M Abdi, H Rocha, S Demeyer',
        undefined,
      ],
    ]);
    expect(digest.entries.map((entry) => [entry.paper.title, entry.paper.authors])).toEqual([
      ['Establishing Benchmarks For Learning Program Representations', ['A Karmakar']],
      ['Adopting Program Synthesis for Test Amplification', ['M Abdi', 'H Rocha', 'S Demeyer']],
    ]);
  });
});

describe('keys, titles and broken entries', () => {
  it('takes the arXiv id a byline names when the target is a publisher page, and a DOI target as a DOI', () => {
    const digest = read('three', (html) =>
      html
        .replace('https://arxiv.org/pdf/1912.02015&amp;hl', 'https://example.org/paper/42&amp;hl')
        .replace(
          'https://ieeexplore.ieee.org/abstract/document/8919471/&amp;hl',
          'https://doi.org/10.1109/KSE.2019.8919471&amp;hl',
        ),
    );
    expect(digest.entries.map((entry) => entry.paper.key)).toEqual([
      'arxiv:1912.02015',
      'doi:10.1109/kse.2019.8919471',
      'url:https://ieeexplore.ieee.org/abstract/document/8919008',
    ]);
  });

  it('gives an arXiv paper no year that is not its id’s', () => {
    const digest = read('three', (html) => html.replace('arXiv:1912.02015, 2019', 'arXiv:1912.02015, 2021'));
    expect(digest.entries[0]!.paper.published).toBeUndefined();
  });

  it('titles the digest with the mail’s subject when it has one', () => {
    const digest = readScholarAlert(docOf(readFixture(ALERTS.two)), '  new results for  "program synthesis" ');
    expect(digest.title).toBe('new results for "program synthesis"');
  });

  it('skips, with the reason, a title linking nowhere and one with an empty title; markup in text stays text', () => {
    const digest = read('three', (html) =>
      html
        .replace(
          /href="http:\/\/scholar\.google\.com\/scholar_url\?url=https:\/\/arxiv\.org[^"]*"/,
          'href="javascript:alert(1)"',
        )
        .replace('>Marking Mechanism in Sequence-to-sequence Model for Mapping Language to Logical Form<', '> <')
        .replace('>Personalized Code Recommendation<', '>&lt;img src=x onerror=alert(1)&gt; Personalized<'),
    );
    expect(digest.skipped).toEqual([
      { index: 0, reason: 'the title link names no web address' },
      {
        index: 1,
        id: 'url:https://ieeexplore.ieee.org/abstract/document/8919471',
        reason: expect.stringMatching(/^title: /),
      },
    ]);
    expect(digest.entries.map((entry) => entry.paper.title)).toEqual(['<img src=x onerror=alert(1)> Personalized']);
  });

  it('is recognised by its title links only', () => {
    expect(isScholarAlert(docOf(readFixture(ALERTS.two)))).toBe(true);
    expect(isScholarAlert(docOf(readFixture('papers-cool/venue_AAAI2026_excerpt.html')))).toBe(false);
  });
});
