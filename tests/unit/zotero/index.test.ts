/**
 * The "in your Zotero" index: the Dogear keys a Zotero item names (in the shapes Zotero's translators and the Web API
 * give: the arXiv translator's preprint, a journal article with its DOI, PubMed's `PMID:` line in Extra), and an index
 * kept current from incremental reads, with changed, trashed and deleted items handled.
 */
import { describe, expect, it } from 'vitest';
import {
  applyZoteroChanges,
  emptyZoteroIndex,
  paperKeysOfZoteroItem,
  zoteroItemOf,
} from '../../../lib/zotero/index.ts';

describe('paperKeysOfZoteroItem', () => {
  it('reads the arXiv translator’s preprint (zotero/translators arXiv.org.js test case 1810.04805)', () => {
    const item = {
      itemType: 'preprint',
      title: 'BERT',
      DOI: '10.48550/arXiv.1810.04805',
      archiveID: 'arXiv:1810.04805',
      extra: 'arXiv:1810.04805 [cs.CL]\nversion: 2',
      repository: 'arXiv',
      url: 'http://arxiv.org/abs/1810.04805',
    };
    expect(paperKeysOfZoteroItem(item)).toEqual(['arxiv:1810.04805']);
  });

  it('reads a published arXiv paper: the journal DOI and the arXiv id in Extra', () => {
    const item = {
      itemType: 'journalArticle',
      DOI: '10.1111/j.1365-2966.2011.19851.x',
      extra: 'arXiv:1107.4612 [astro-ph.CO]',
      url: 'http://arxiv.org/abs/1107.4612',
    };
    expect(paperKeysOfZoteroItem(item)).toEqual(['arxiv:1107.4612', 'doi:10.1111/j.1365-2966.2011.19851.x']);
  });

  it('reads PMID from Extra or the new field, a DOI line in Extra, and any paper URL', () => {
    expect(paperKeysOfZoteroItem({ itemType: 'journalArticle', extra: 'PMID: 31452104\nPMCID: PMC1' })).toEqual([
      'pmid:31452104',
    ]);
    expect(paperKeysOfZoteroItem({ itemType: 'journalArticle', PMID: '31452104' })).toEqual(['pmid:31452104']);
    expect(paperKeysOfZoteroItem({ itemType: 'book', extra: 'DOI: 10.1000/ABC' })).toEqual(['doi:10.1000/abc']);
    expect(paperKeysOfZoteroItem({ itemType: 'webpage', url: 'https://openreview.net/forum?id=HyWrIgW0W' })).toEqual([
      'openreview:HyWrIgW0W',
    ]);
    expect(paperKeysOfZoteroItem({ itemType: 'webpage', url: 'https://www.example.org/paper/?utm_source=x' })).toEqual([
      'url:https://example.org/paper',
    ]);
  });

  it('names nothing for junk, and does not read an id out of prose', () => {
    expect(
      paperKeysOfZoteroItem({ itemType: 'book', DOI: 'not a doi', url: 'javascript:alert(1)', extra: 'see arXiv' }),
    ).toEqual([]);
    expect(paperKeysOfZoteroItem({ itemType: 'book', extra: 'Compare with arXiv:1810.04805' })).toEqual([]);
    expect(paperKeysOfZoteroItem({ itemType: 'book', title: 42, DOI: null })).toEqual([]);
  });
});

describe('applyZoteroChanges', () => {
  const bert = { key: 'AAAA2222', data: { itemType: 'preprint', archiveID: 'arXiv:1810.04805' } };
  const nature = { key: 'BBBB3333', data: { itemType: 'journalArticle', DOI: '10.1038/nature14539' } };

  it('adds the keys of new items and moves the version on', () => {
    const index = applyZoteroChanges(emptyZoteroIndex(), { version: 12, items: [bert, nature], deleted: [] });
    expect(index).toEqual({
      version: 12,
      keys: { 'arxiv:1810.04805': 'AAAA2222', 'doi:10.1038/nature14539': 'BBBB3333' },
    });
    expect(zoteroItemOf(index, 'arxiv:1810.04805')).toBe('AAAA2222');
    expect(zoteroItemOf(index, 'constructor')).toBeUndefined();
  });

  it('drops the old keys of a changed item, and the keys of deleted, trashed and child items', () => {
    let index = applyZoteroChanges(emptyZoteroIndex(), { version: 12, items: [bert, nature], deleted: [] });
    const edited = { key: 'AAAA2222', data: { itemType: 'preprint', archiveID: 'arXiv:2401.00001' } };
    index = applyZoteroChanges(index, { version: 13, items: [edited], deleted: [] });
    expect(index.keys).toEqual({ 'arxiv:2401.00001': 'AAAA2222', 'doi:10.1038/nature14539': 'BBBB3333' });

    const trashed = { key: 'AAAA2222', data: { ...edited.data, deleted: 1 } };
    const note = { key: 'CCCC4444', data: { itemType: 'note', note: 'https://arxiv.org/abs/1706.03762' } };
    index = applyZoteroChanges(index, { version: 15, items: [trashed, note], deleted: ['BBBB3333'] });
    expect(index).toEqual({ version: 15, keys: {} });
  });

  it('does not change the index it is given', () => {
    const before = applyZoteroChanges(emptyZoteroIndex(), { version: 1, items: [bert], deleted: [] });
    const copy = structuredClone(before);
    applyZoteroChanges(before, { version: 2, items: [], deleted: ['AAAA2222'] });
    expect(before).toEqual(copy);
  });
});
