import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import { listSaved, lookupStates, mergeCandidate, savePaper, unsavePaper } from '../../../lib/db/papers-repo.ts';
import type { PaperCandidate, Source } from '../../../lib/model.ts';

const hf: Source = { site: 'huggingface', url: 'https://huggingface.co/papers' };
const arxiv: Source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' };

function candidate(id: string, overrides: Partial<PaperCandidate> = {}): PaperCandidate {
  return { key: `arxiv:${id}`, arxivId: id, title: `Paper ${id}`, authors: ['Ada Lovelace'], subjects: [], ...overrides };
}

let db: AppDB;
beforeEach(async () => {
  db = new AppDB('dogear-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
});
afterEach(() => db.close());

describe('savePaper / unsavePaper / lookupStates', () => {
  it('saves, looks up in one batch, and unsaves without forgetting the paper', async () => {
    expect(await savePaper(db, candidate('2606.28322', { version: 2 }), hf, 1000)).toEqual({ saved: true, latestVersion: 2 });
    await savePaper(db, candidate('2609.22268'), arxiv, 2000);

    expect(await lookupStates(db, ['arxiv:2606.28322', 'arxiv:2609.22268', 'arxiv:2609.99999', 'arxiv:2606.28322'])).toEqual({
      'arxiv:2606.28322': { saved: true, latestVersion: 2 },
      'arxiv:2609.22268': { saved: true },
    });
    expect((await listSaved(db)).map((paper) => paper.key)).toEqual(['arxiv:2609.22268', 'arxiv:2606.28322']);

    expect(await unsavePaper(db, 'arxiv:2609.22268', 3000)).toEqual({ saved: false });
    expect((await listSaved(db)).map((paper) => paper.key)).toEqual(['arxiv:2606.28322']);
    const kept = await db.papers.get('arxiv:2609.22268');
    expect(kept).toMatchObject({ title: 'Paper 2609.22268', createdAt: 2000, updatedAt: 3000, savedFrom: arxiv });
    expect(kept?.savedAt).toBeUndefined();
  });

  it('keeps one record per paper when it is saved again from another site', async () => {
    await savePaper(db, candidate('2606.28322', { authors: [], abstract: undefined }), hf, 1000);
    await savePaper(
      db,
      candidate('2606.28322', { title: 'Other title', authors: ['B. Author'], abstract: 'An abstract.', subjects: ['cs.CV'], version: 3 }),
      arxiv,
      5000,
    );
    expect(await db.papers.count()).toBe(1);
    expect(await db.papers.get('arxiv:2606.28322')).toEqual({
      key: 'arxiv:2606.28322',
      arxivId: '2606.28322',
      title: 'Paper 2606.28322', // the first title stays
      authors: ['B. Author'], // filled, since none were known
      abstract: 'An abstract.',
      subjects: ['cs.CV'],
      latestVersion: 3,
      savedAt: 5000,
      savedFrom: arxiv,
      createdAt: 1000,
      updatedAt: 5000,
    });
  });

  it('unsaving an unknown paper is a no-op', async () => {
    expect(await unsavePaper(db, 'arxiv:2401.00001')).toEqual({ saved: false });
    expect(await db.papers.count()).toBe(0);
  });
});

describe('mergeCandidate', () => {
  it('never lowers the version and unites subjects in order', () => {
    const first = mergeCandidate(undefined, candidate('2401.00001', { version: 4, subjects: ['cs.LG', 'stat.ML'] }), 1);
    const merged = mergeCandidate(first, candidate('2401.00001', { version: 2, subjects: ['cs.AI', 'cs.LG'] }), 2);
    expect(merged.latestVersion).toBe(4);
    expect(merged.subjects).toEqual(['cs.LG', 'stat.ML', 'cs.AI']);
  });
});
