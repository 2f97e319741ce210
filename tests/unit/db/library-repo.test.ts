import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import {
  assignCiteKeys,
  CiteKeyConflictError,
  deletePapers,
  ensureCiteKeys,
  keepCiteKeys,
  libraryTables,
  mergeDuplicates,
  paperHistory,
  restoreSnapshot,
  snapshotOf,
  tagMany,
  unsaveMany,
} from '../../../lib/db/library-repo.ts';
import { PRESENCE_READ_MIN } from '../../../lib/db/import-repo.ts';
import { markOpened, markSeen, saveMany, setNote, setTags } from '../../../lib/db/papers-repo.ts';
import { toBibtex } from '../../../lib/formats/bibtex/write.ts';
import { canonicalJson } from '../../../lib/formats/json-backup/canonical.ts';
import type { Paper, Source } from '../../../lib/paper/model.ts';
import { makeCandidate } from '../../support/papers.ts';

const NOW = Date.UTC(2026, 10, 30, 12);
const hf: Source = { site: 'huggingface', url: 'https://huggingface.co/papers' };
const arxiv: Source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' };

const A = 'arxiv:2401.00001';
const B = 'arxiv:2401.00002';
const C = 'arxiv:2401.00003';
const UNKNOWN = 'arxiv:2401.09999';

let db: AppDB;
beforeEach(async () => {
  db = new AppDB('dogear-library-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  await markSeen(
    db,
    [makeCandidate('2401.00001'), makeCandidate('2401.00002', { subjects: ['cs.LG'] })],
    arxiv,
    undefined,
    NOW - 5000,
  );
  await markSeen(db, [makeCandidate('2401.00001', { version: 2 })], hf, 'mark-1', NOW - 4000);
  await saveMany(
    db,
    [makeCandidate('2401.00001'), makeCandidate('2401.00003', { abstract: 'About C.' })],
    hf,
    NOW - 3000,
  );
  await markOpened(db, makeCandidate('2401.00002'), arxiv, NOW - 2500);
  await setNote(db, A, 'Note on A.', NOW - 2000);
  await setTags(db, A, ['ml', 'reading'], NOW - 2000);
  await setTags(db, B, ['ML'], NOW - 2000);
});
afterEach(() => {
  db.close();
});

/** Every table, canonical: equal dumps mean identical data. */
async function dump(): Promise<string> {
  return canonicalJson(await libraryTables(db));
}

describe('snapshots and undo', () => {
  it('snapshots the records, their sightings and the keys without one', async () => {
    const snapshot = await snapshotOf(db, [A, UNKNOWN, A]);
    expect(snapshot.papers.map((paper) => paper.key)).toEqual([A]);
    expect(snapshot.sightings.map((sighting) => sighting.paperKey)).toEqual([A, A]);
    expect(snapshot.missing).toEqual([UNKNOWN]);
  });

  it.each<[string, (keys: string[]) => Promise<unknown>]>([
    ['tagMany', (keys) => tagMany(db, keys, ['new', 'Reading'], ['ml'], NOW)],
    ['unsaveMany', (keys) => unsaveMany(db, keys, NOW)],
    ['deletePapers', (keys) => deletePapers(db, keys)],
    ['mergeDuplicates', ([keep, ...others]) => mergeDuplicates(db, keep!, others, NOW)],
  ])('%s → restoreSnapshot gives back identical tables', async (_, operation) => {
    const keys = [A, B, C, UNKNOWN];
    const before = await dump();
    const snapshot = await snapshotOf(db, keys);
    await operation(keys);
    expect(await dump()).not.toBe(before);
    expect((await restoreSnapshot(db, snapshot)).sort()).toEqual([...keys].sort());
    expect(await dump()).toBe(before);
  });

  it('each bulk writer returns its own before-snapshot, and undo removes sightings and records made since', async () => {
    const before = await dump();
    const snapshot = await deletePapers(db, [A, UNKNOWN]);
    expect(snapshot.papers.map((paper) => paper.key)).toEqual([A]);
    await markSeen(db, [makeCandidate('2401.00001'), makeCandidate('2401.09999')], arxiv, undefined, NOW);
    await restoreSnapshot(db, snapshot);
    expect(await dump()).toBe(before);
  });

  it('runs each operation in one transaction', async () => {
    const transaction = vi.spyOn(db, 'transaction');
    await tagMany(db, [A, B], ['x'], [], NOW);
    await unsaveMany(db, [A], NOW);
    await deletePapers(db, [C]);
    await mergeDuplicates(db, A, [B], NOW);
    expect(transaction).toHaveBeenCalledTimes(4);
  });
});

describe('tagMany', () => {
  it('adds and removes tags case-insensitively, normalizes, and skips papers that do not change', async () => {
    const snapshot = await tagMany(db, [A, B, C, UNKNOWN], [' new ', 'READING', ''], ['ML'], NOW);
    expect(snapshot.missing).toEqual([UNKNOWN]);
    expect((await db.papers.get(A))!.tags).toEqual(['reading', 'new']);
    expect((await db.papers.get(B))!.tags).toEqual(['new', 'READING']);
    expect((await db.papers.get(A))!.updatedAt).toBe(NOW);
    expect((await db.papers.get(C))!.tags).toEqual(['new', 'READING']);
    await tagMany(db, [C], ['new'], ['absent'], NOW + 1);
    expect((await db.papers.get(C))!.updatedAt).toBe(NOW);
  });

  it('deletes the field when the last tag goes', async () => {
    await tagMany(db, [B], [], ['ml'], NOW);
    expect((await db.papers.get(B))!).not.toHaveProperty('tags');
  });
});

describe('unsaveMany', () => {
  it('removes savedAt and keeps the record, note, tags and savedFrom', async () => {
    await unsaveMany(db, [A, B], NOW);
    const a = (await db.papers.get(A))!;
    expect(a.savedAt).toBeUndefined();
    expect(a).toMatchObject({ note: 'Note on A.', tags: ['ml', 'reading'], savedFrom: hf, updatedAt: NOW });
    expect((await db.papers.get(B))!.updatedAt).toBe(NOW - 2000);
  });
});

describe('deletePapers', () => {
  it('deletes the records and their sightings, nothing else', async () => {
    await deletePapers(db, [A]);
    expect(await db.papers.get(A)).toBeUndefined();
    expect(await db.sightings.where('paperKey').equals(A).count()).toBe(0);
    expect(await db.sightings.where('paperKey').equals(B).count()).toBe(2);
    expect(await db.papers.count()).toBe(2);
  });
});

describe('paperHistory', () => {
  it('gives the record and its sightings oldest first', async () => {
    const history = await paperHistory(db, A);
    expect(history.paper?.key).toBe(A);
    expect(history.sightings.map((sighting) => [sighting.site, sighting.at, sighting.markId])).toEqual([
      ['arxiv-listing', NOW - 5000, undefined],
      ['huggingface', NOW - 4000, 'mark-1'],
    ]);
  });

  it('answers an unknown key with no paper and no sightings', async () => {
    expect(await paperHistory(db, UNKNOWN)).toEqual({ sightings: [] });
  });
});

describe('mergeDuplicates', () => {
  it('joins notes, unites tags, keeps the earliest times, fills metadata, re-points sightings and deletes the others', async () => {
    await setNote(db, B, 'Note on B.', NOW - 1000);
    await mergeDuplicates(db, C, [A, B, C, UNKNOWN], NOW);
    const merged = (await db.papers.get(C))!;
    expect(merged.note).toBe('Note on A.\n\n---\n\nNote on B.');
    expect(merged.tags).toEqual(['ml', 'reading']);
    expect(merged.firstSeenAt).toBe(NOW - 5000);
    expect(merged.savedAt).toBe(NOW - 3000);
    expect(merged.openedAt).toBe(NOW - 2500);
    expect(merged.latestVersion).toBe(2);
    expect(merged.subjects).toEqual(['cs.LG']);
    expect(merged.abstract).toBe('About C.');
    expect(merged.updatedAt).toBe(NOW);
    expect(await db.papers.get(A)).toBeUndefined();
    expect(await db.papers.get(B)).toBeUndefined();
    const sightings = await db.sightings.toArray();
    expect(sightings).toHaveLength(4);
    expect(sightings.every((sighting) => sighting.paperKey === C)).toBe(true);
  });

  it('keeps an earlier save of a duplicate, with where it was saved from', async () => {
    await saveMany(db, [makeCandidate('2401.00002')], arxiv, NOW - 9000);
    await mergeDuplicates(db, A, [B], NOW);
    expect(await db.papers.get(A)).toMatchObject({ savedAt: NOW - 9000, savedFrom: arxiv });
  });

  it('refuses an unknown kept key and a merged record that would be invalid, writing nothing', async () => {
    const before = await dump();
    await expect(mergeDuplicates(db, UNKNOWN, [A], NOW)).rejects.toThrow(`Unknown paper: ${UNKNOWN}`);
    await setNote(db, A, 'a'.repeat(60_000), NOW);
    await setNote(db, B, 'b'.repeat(60_000), NOW);
    const withLongNotes = await dump();
    await expect(mergeDuplicates(db, A, [B], NOW)).rejects.toThrow(/cannot be stored/);
    expect(await dump()).toBe(withLongNotes);
    expect(withLongNotes).not.toBe(before);
  });
});

describe('ensureCiteKeys', () => {
  it('assigns what the writer generates today, persists it, and never renames it later', async () => {
    await db.papers.update(A, {
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani'],
      published: '2017-06-12',
    });
    await db.papers.update(B, {
      title: 'Attention is all you need, again',
      authors: ['Ashish Vaswani'],
      published: '2017-06-12',
    });
    const a = (await db.papers.get(A))!;
    const b = (await db.papers.get(B))!;
    expect(toBibtex([b])).toContain('@misc{vaswani2017attention,');

    // Exporting A alone: A gets the plain key.
    const [keyedA] = await ensureCiteKeys(db, [a]);
    expect(keyedA!.citeKey).toBe('vaswani2017attention');
    expect((await db.papers.get(A))!.citeKey).toBe('vaswani2017attention');

    // A later export of B alone must not take A's key, and exporting both keeps A's.
    const [keyedB] = await ensureCiteKeys(db, [b]);
    expect(keyedB!.citeKey).toBe('vaswani2017attentiona');
    const both = await ensureCiteKeys(db, [b, a]);
    expect(both.map((paper) => paper.citeKey)).toEqual(['vaswani2017attentiona', 'vaswani2017attention']);
    expect(toBibtex(both)).toMatch(/@misc\{vaswani2017attentiona,[\s\S]*@misc\{vaswani2017attention,/);
  });

  it('does not change updatedAt, writes only papers lacking a key, and reads only theirs when all have one', async () => {
    const papers = await db.papers.toArray();
    const updated = papers.map((paper) => paper.updatedAt);
    const first = await ensureCiteKeys(db, papers);
    expect(new Set(first.map((paper) => paper.citeKey)).size).toBe(3);
    expect((await db.papers.toArray()).map((paper) => paper.updatedAt)).toEqual(updated);
    const each = vi.spyOn(db.papers, 'each');
    const bulkPut = vi.spyOn(db.papers, 'bulkPut');
    const second = await ensureCiteKeys(db, papers);
    expect(second.map((paper) => paper.citeKey)).toEqual(first.map((paper) => paper.citeKey));
    expect(each).not.toHaveBeenCalled();
    expect(bulkPut).not.toHaveBeenCalled();
  });

  it('gives a paper listed twice one key, and a paper without a record a key it does not store', async () => {
    const a = (await db.papers.get(A))!;
    const stranger: Paper = { ...a, key: UNKNOWN };
    const result = await ensureCiteKeys(db, [a, a, stranger]);
    expect(result[0]!.citeKey).toBe(result[1]!.citeKey);
    expect(result[2]!.citeKey).not.toBe(result[0]!.citeKey);
    expect(await db.papers.get(UNKNOWN)).toBeUndefined();
  });
});

describe(`ensureCiteKeys for ${PRESENCE_READ_MIN}+ papers (one read of the table)`, () => {
  it('keys every paper once, keeps stored keys, avoids keys papers outside the export hold, and reads the table once', async () => {
    // A holds the key the writer would give the first of the bulk papers; it is not exported.
    await db.papers.update(A, {
      title: 'Attention',
      authors: ['Ashish Vaswani'],
      published: '2017-06-12',
      citeKey: 'vaswani2017attention',
    });
    const bulk = Array.from({ length: PRESENCE_READ_MIN + 50 }, (_, n) =>
      makeCandidate(`1706.${String(3762 + n).padStart(5, '0')}`, {
        title: 'Attention',
        authors: ['Ashish Vaswani'],
        published: '2017-06-12',
      }),
    );
    await saveMany(db, bulk, hf, NOW - 100);
    await db.papers.update(bulk[5]!.key, { citeKey: 'kept-key' });
    const papers = (await db.papers.toArray()).filter((paper) => paper.key !== A);
    const toArray = vi.spyOn(db.papers, 'toArray');
    const bulkGet = vi.spyOn(db.papers, 'bulkGet');
    const each = vi.spyOn(db.papers, 'each');
    const keyed = await ensureCiteKeys(db, [...papers, papers[0]!]);
    expect(toArray).toHaveBeenCalledTimes(1);
    expect(bulkGet).not.toHaveBeenCalled();
    expect(each).not.toHaveBeenCalled();
    const keys = keyed.slice(0, -1).map((paper) => paper.citeKey!);
    expect(new Set(keys).size).toBe(papers.length);
    expect(keys).not.toContain('vaswani2017attention');
    expect(keyed.at(-1)!.citeKey).toBe(keyed[0]!.citeKey);
    expect(keyed.find((paper) => paper.key === bulk[5]!.key)!.citeKey).toBe('kept-key');
    const stored = new Map((await db.papers.toArray()).map((paper) => [paper.key, paper.citeKey]));
    for (const paper of keyed) expect(stored.get(paper.key)).toBe(paper.citeKey);
  });
});

describe('assignCiteKeys + keepCiteKeys (the export writes the file first, then keeps its new keys)', () => {
  async function titled(): Promise<Paper[]> {
    await db.papers.update(A, {
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani'],
      published: '2017-06-12',
    });
    await db.papers.update(B, { title: 'Attention, again', authors: ['Ashish Vaswani'], published: '2017-06-12' });
    return db.papers.toArray();
  }

  it('chooses what ensureCiteKeys would, and keeps exactly those keys without touching updatedAt', async () => {
    const library = await titled();
    const { papers, assigned } = assignCiteKeys(library, [library[1]!, library[0]!, library[1]!]);
    // In the order given: B first takes the plain key; B listed twice gets one key.
    expect(papers.map((paper) => paper.citeKey)).toEqual([
      'vaswani2017attention',
      'vaswani2017attentiona',
      'vaswani2017attention',
    ]);
    expect([...assigned]).toEqual([
      [B, 'vaswani2017attention'],
      [A, 'vaswani2017attentiona'],
    ]);
    const before = await db.papers.toArray();
    expect(await keepCiteKeys(db, assigned)).toBe(2);
    const after = await db.papers.toArray();
    expect(after.map((paper) => paper.citeKey)).toEqual(['vaswani2017attentiona', 'vaswani2017attention', undefined]);
    expect(after.map((paper) => paper.updatedAt)).toEqual(before.map((paper) => paper.updatedAt));
    // Kept keys are used from then on: nothing new is assigned.
    expect(assignCiteKeys(after, after.slice(0, 2)).assigned.size).toBe(0);
    expect(await keepCiteKeys(db, assigned)).toBe(0); // idempotent
  });

  it('skips a paper deleted meanwhile and stores the others', async () => {
    const library = await titled();
    const { assigned } = assignCiteKeys(library, library);
    await deletePapers(db, [C]);
    expect(await keepCiteKeys(db, assigned)).toBe(2);
    expect(await db.papers.get(C)).toBeUndefined();
  });

  it('stores nothing when a paper got another key meanwhile', async () => {
    const library = await titled();
    const { assigned } = assignCiteKeys(library, library);
    await db.papers.update(A, { citeKey: 'chosen-elsewhere' });
    const before = canonicalJson(await db.papers.toArray());
    const error = await keepCiteKeys(db, assigned).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CiteKeyConflictError);
    expect((error as Error).message).toBe(
      `${A} was given the cite key chosen-elsewhere meanwhile (not vaswani2017attention)`,
    );
    expect(canonicalJson(await db.papers.toArray())).toBe(before);
  });

  it('stores nothing when another paper took one of the keys meanwhile', async () => {
    const library = await titled();
    const { assigned } = assignCiteKeys(library, [library[0]!]);
    await db.papers.update(C, { citeKey: 'vaswani2017attention' });
    const before = canonicalJson(await db.papers.toArray());
    const error = await keepCiteKeys(db, assigned).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CiteKeyConflictError);
    expect((error as Error).message).toBe(`the cite key vaswani2017attention was given to ${C} meanwhile`);
    expect(canonicalJson(await db.papers.toArray())).toBe(before);
  });
});

describe('libraryTables', () => {
  it('reads every paper and sighting', async () => {
    const { papers, sightings } = await libraryTables(db);
    expect(papers.map((paper) => paper.key)).toEqual([A, B, C]);
    expect(sightings).toHaveLength(4);
  });
});
