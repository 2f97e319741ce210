/**
 * The Zotero hand-off's tables (lib/db/zotero-repo.ts) in fake-indexeddb: sends recorded, the index written as the
 * difference of each round of incremental reads, and lookup flags that say only _that_ Zotero has a paper.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import {
  applyIndexChanges,
  clearZoteroIndex,
  keysInZotero,
  loadZoteroIndex,
  recordSent,
  withZoteroFlags,
  zoteroCounts,
} from '../../../lib/db/zotero-repo.ts';
import { UNKNOWN_PAPER } from '../../../lib/paper/state.ts';

let db: AppDB;
let count = 0;
beforeEach(async () => {
  count += 1;
  db = new AppDB(`zotero-repo-${count}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
});
afterEach(() => db.close());

const bert = { key: 'AAAA2222', data: { itemType: 'preprint', archiveID: 'arXiv:1810.04805' } };
const nature = { key: 'BBBB3333', data: { itemType: 'journalArticle', DOI: '10.1038/nature14539' } };

describe('sends and lookup flags', () => {
  it('records sends (the latest wins) and counts them', async () => {
    await recordSent(db, [{ key: 'arxiv:2401.00001', at: 1, via: 'desktop', target: 'Zotero desktop: My Library' }]);
    await recordSent(db, [{ key: 'arxiv:2401.00001', at: 2, via: 'web', itemKey: 'ABCD2345' }]);
    expect(await db.zoteroSent.toArray()).toEqual([
      { key: 'arxiv:2401.00001', at: 2, via: 'web', itemKey: 'ABCD2345' },
    ]);
    expect(await zoteroCounts(db)).toEqual({ sent: 1, indexed: 0 });
  });

  it('flags keys sent or indexed, and leaves every other state as it was', async () => {
    expect(await keysInZotero(db, ['arxiv:2401.00001'])).toEqual(new Set());
    await recordSent(db, [{ key: 'arxiv:2401.00001', at: 1, via: 'desktop' }]);
    await applyIndexChanges(db, 0, { version: 5, items: [nature], deleted: [] }, true);
    const saved = { ...UNKNOWN_PAPER, saved: true, seen: true };
    const flags = await withZoteroFlags(db, ['arxiv:2401.00001', 'doi:10.1038/nature14539', 'arxiv:2401.00002'], {
      'arxiv:2401.00001': saved,
      'arxiv:2401.00002': saved,
    });
    expect(flags).toEqual({
      'arxiv:2401.00001': { ...saved, zotero: true },
      'doi:10.1038/nature14539': { ...UNKNOWN_PAPER, zotero: true },
      'arxiv:2401.00002': saved,
    });
  });
});

describe('the index', () => {
  it('writes the difference of each round and reports the keys whose flag changed', async () => {
    const first = await applyIndexChanges(db, 0, { version: 10, items: [bert, nature], deleted: [] }, true);
    expect(first.changed.sort()).toEqual(['arxiv:1810.04805', 'doi:10.1038/nature14539']);
    expect(first.index.version).toBe(10);

    const edited = { key: 'AAAA2222', data: { itemType: 'preprint', archiveID: 'arXiv:1706.03762' } };
    const second = await applyIndexChanges(db, 10, { version: 12, items: [edited], deleted: ['BBBB3333'] }, false);
    expect(second.changed.sort()).toEqual(['arxiv:1706.03762', 'arxiv:1810.04805', 'doi:10.1038/nature14539']);
    expect(await loadZoteroIndex(db, 12)).toEqual({ version: 12, keys: { 'arxiv:1706.03762': 'AAAA2222' } });

    // A fresh start (another library) drops what the index held.
    const fresh = await applyIndexChanges(db, 0, { version: 3, items: [nature], deleted: [] }, true);
    expect(fresh.changed.sort()).toEqual(['arxiv:1706.03762', 'doi:10.1038/nature14539']);
    expect(await loadZoteroIndex(db, 3)).toEqual({ version: 3, keys: { 'doi:10.1038/nature14539': 'BBBB3333' } });
    expect(await clearZoteroIndex(db)).toEqual(['doi:10.1038/nature14539']);
    expect(await zoteroCounts(db)).toEqual({ sent: 0, indexed: 0 });
  });
});
