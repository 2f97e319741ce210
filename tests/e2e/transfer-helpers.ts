/**
 * Helpers for the library page's E2E specs (library, transfer, settings): open a tab of library.html, seed and read the
 * database with raw IndexedDB from inside the extension origin, and read what a download wrote.
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import type { Paper, Sighting } from '../../lib/paper/model.ts';
import type { Dogear } from './fixtures.ts';
import { waitForSchema } from './seed.ts';

/** Opens library.html at `#hash` and waits until its database is open (Dexie created the schema). */
export async function openLibrary(dogear: Dogear, hash: string): Promise<Page> {
  const page = await dogear.context.newPage();
  await page.goto(`chrome-extension://${dogear.extensionId}/library.html#${hash}`);
  await waitForSchema(page);
  return page;
}

export { dump, seed } from './seed.ts';

/** Clicks `trigger` and returns the downloaded file's name and bytes. */
export async function downloadOf(
  page: Page,
  trigger: () => Promise<void>,
): Promise<{ name: string; bytes: Buffer; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), trigger()]);
  return readDownload(download);
}

export async function readDownload(download: Download): Promise<{ name: string; bytes: Buffer; text: string }> {
  const path = await download.path();
  const bytes = readFileSync(path);
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

const DAY = 24 * 60 * 60 * 1000;

/** A small library with the hard cases: CJK and accented authors, TeX title, a note, tags, a DOI paper, unsaved ones. */
export function sampleLibrary(now: number): { papers: Paper[]; sightings: Sighting[] } {
  const jan = (day: number): number => new Date(2024, 0, day, 12).getTime();
  const papers: Paper[] = [
    {
      key: 'arxiv:2401.12345',
      arxivId: '2401.12345',
      title: '$\\mathcal{L}$-Lipschitz Transformers: 100% & _robust_',
      authors: ['李华', 'Jürgen Müller'],
      subjects: ['cs.LG', 'stat.ML'],
      primaryCategory: 'cs.LG',
      published: '2024-01-09',
      latestVersion: 2,
      seenVersion: 2,
      firstSeenAt: jan(9),
      lastSeenAt: jan(10),
      savedAt: jan(10),
      savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' },
      note: 'Read section 3.\n\nCompare with **BERT**.',
      tags: ['cs/LG', 'theory'],
      createdAt: jan(9),
      updatedAt: jan(10),
    },
    {
      key: 'arxiv:1706.03762',
      arxivId: '1706.03762',
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer'],
      subjects: ['cs.CL'],
      primaryCategory: 'cs.CL',
      published: '2017-06-12',
      firstSeenAt: jan(20),
      savedAt: jan(20),
      tags: ['theory'],
      createdAt: jan(20),
      updatedAt: jan(20),
    },
    {
      key: 'arxiv:hep-th/9711200',
      arxivId: 'hep-th/9711200',
      title: 'The Large N Limit of Superconformal Field Theories and Supergravity',
      authors: ['Juan M. Maldacena'],
      subjects: ['hep-th'],
      primaryCategory: 'hep-th',
      firstSeenAt: now - 3 * DAY,
      savedAt: now - 3 * DAY,
      createdAt: now - 3 * DAY,
      updatedAt: now - 3 * DAY,
    },
    {
      key: 'arxiv:2606.28322',
      arxivId: '2606.28322',
      title: '=HYPERLINK("http://evil.example") Formula Title',
      authors: ['Ana Souza'],
      subjects: ['cs.CV'],
      primaryCategory: 'cs.CV',
      firstSeenAt: now - 60_000,
      savedAt: now - 60_000,
      createdAt: now - 60_000,
      updatedAt: now - 60_000,
    },
    {
      key: 'doi:10.1101/2021.08.03.454978',
      title: 'A bioRxiv preprint',
      authors: ['Kim Lee'],
      subjects: [],
      firstSeenAt: jan(25),
      createdAt: jan(25),
      updatedAt: jan(25),
    },
  ];
  const sightings: Sighting[] = [
    {
      id: 's-1',
      paperKey: 'arxiv:2401.12345',
      site: 'arxiv-listing',
      url: 'https://arxiv.org/list/cs.LG/new',
      at: jan(9),
    },
    { id: 's-2', paperKey: 'arxiv:2401.12345', site: 'huggingface', url: 'https://huggingface.co/papers', at: jan(10) },
    {
      id: 's-3',
      paperKey: 'doi:10.1101/2021.08.03.454978',
      site: 'arxiv-search',
      url: 'https://arxiv.org/search/?query=x',
      at: jan(25),
      markId: 'm-1',
    },
  ];
  return { papers, sightings };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'ti',
  'vo',
  'ze',
  'ba',
  'de',
  'fu',
  'go',
  'hi',
  'ja',
  'ko',
  'le',
  'mu',
  'no',
  'pe',
];
const WORDS = [
  'attention',
  'scaling',
  'graph',
  'diffusion',
  'sparse',
  'robust',
  'neural',
  'quantum',
  'federated',
  'causal',
  'efficient',
  'learning',
  'vision',
  'language',
  'reinforcement',
  'bayesian',
  'contrastive',
  'kernel',
  'spectral',
  'adaptive',
];

/**
 * `count` generated arXiv papers, all saved, a third tagged: for large exports and the benchmark. Valid, unique
 * new-style ids (yymm from 1501 on, sequence from 00001), varied first authors (8,000 surnames), years and first title
 * words, so cite keys clash about as often as in a real library; TeX, `&`, `%`, an umlaut and CJK in every record.
 */
export function generatedPapers(count: number, now: number): Paper[] {
  return Array.from({ length: count }, (_, index) => {
    const month = index % 120; // 2015-01 … 2024-12
    const id = `${15 + Math.floor(month / 12)}${String(1 + (month % 12)).padStart(2, '0')}.${String(1 + Math.floor(index / 120)).padStart(5, '0')}`;
    const surname = [index % 20, Math.floor(index / 20) % 20, Math.floor(index / 400) % 20]
      .map((part) => SYLLABLES[part])
      .join('');
    const word = WORDS[(index * 7) % WORDS.length]!;
    const paper: Paper = {
      key: `arxiv:${id}`,
      arxivId: id,
      title: `${word[0]!.toUpperCase()}${word.slice(1)} paper ${index}: $O(n \\log n)$ attention & 100% recall`,
      authors: [`Ana ${surname[0]!.toUpperCase()}${surname.slice(1)}`, 'Jürgen Müller', '李华'],
      subjects: ['cs.LG', 'stat.ML'],
      primaryCategory: 'cs.LG',
      abstract: 'We study how things scale. '.repeat(8),
      firstSeenAt: now - index * 1000,
      savedAt: now - index * 1000,
      createdAt: now - index * 1000,
      updatedAt: now - index * 1000,
    };
    if (index % 3 === 0) paper.tags = ['cs/LG', `batch-${index % 7}`];
    return paper;
  });
}
