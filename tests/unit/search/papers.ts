/** The small library the search tests share: one paper per case the index treats differently. */
import type { Paper } from '../../../lib/paper/model.ts';
import type { LibraryFilters } from '../../../lib/search/facets.ts';
import { buildIndex, runQuery } from '../../../lib/search/index.ts';
import { parseQuery } from '../../../lib/search/parse.ts';
import { makePaper } from '../../support/papers.ts';
import type { SortOrder } from '../../../lib/search/sort.ts';

export const papers: Paper[] = [
  makePaper('2401.00001', {
    title: 'Graph Neural Networks for $\\mathcal{L}$-Lipschitz {BERT}',
    authors: ['Jürgen Müller', '李华'],
    tags: ['cs/LG', 'reading'],
    note: 'Compare with the Transformer baseline',
    savedAt: 300,
    savedFrom: { site: 'huggingface', url: 'https://huggingface.co/papers' },
    firstSeenAt: 100,
    lastSeenAt: 300,
    published: '2024-01-02',
  }),
  makePaper('2305.00002', {
    title: 'Neural graph rewriting',
    authors: ['Grace Hopper'],
    tags: ['Reading'],
    savedAt: 200,
    savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' },
    firstSeenAt: 150,
    openedAt: 160,
  }),
  makePaper('2001.00003', {
    title: 'Attention is all you need',
    authors: ['Ashish Vaswani'],
    firstSeenAt: 50,
    latestVersion: 3,
    seenVersion: 1,
  }),
  makePaper('hep-th/9901001', {
    key: 'arxiv:hep-th/9901001',
    arxivId: 'hep-th/9901001',
    title: 'Strings',
    authors: ['Edward Witten'],
  }),
  {
    key: 'doi:10.1000/xyz',
    title: 'A DOI-only paper',
    authors: [],
    subjects: [],
    createdAt: 1,
    updatedAt: 1,
    note: '   ',
  },
];

export const index = buildIndex(papers);
export const byTitle: SortOrder = { key: 'title', direction: 'asc' };

/** The keys runQuery finds in `papers`, in its order. */
export function keys(query: string, filters: LibraryFilters = {}, sort: SortOrder = byTitle): string[] {
  return runQuery(index, parseQuery(query), filters, sort).map((found) => found.key);
}
