import { IDBFactory, IDBIndex, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import {
  allPapers,
  allSightings,
  keysBetween,
  listSaved,
  lookupStates,
  markOpened,
  markSeen,
  mergeCandidate,
  savePaper,
  saveMany,
  setNote,
  setTags,
  unsavePaper,
  type Change,
} from '../../../lib/db/papers-repo.ts';
import type { Paper, Source } from '../../../lib/paper/model.ts';
import { paperState, UNKNOWN_PAPER } from '../../../lib/paper/state.ts';
import { makeCandidate, makePaper } from '../../support/papers.ts';

const hf: Source = { site: 'huggingface', url: 'https://huggingface.co/papers' };
const arxiv: Source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' };
const MARK = 'mark-2f0c9a41';

const A = 'arxiv:2606.28322';
const B = 'arxiv:2609.22268';
const C = 'arxiv:2609.22287';

let db: AppDB;
beforeEach(async () => {
  db = new AppDB('dogear-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

/** Counts the transactions and bulk calls a repo function makes. */
function spyOnDb() {
  return {
    transaction: vi.spyOn(db, 'transaction'),
    get: vi.spyOn(db.papers, 'get'),
    bulkGet: vi.spyOn(db.papers, 'bulkGet'),
    put: vi.spyOn(db.papers, 'put'),
    bulkPut: vi.spyOn(db.papers, 'bulkPut'),
    bulkAdd: vi.spyOn(db.sightings, 'bulkAdd'),
  };
}

describe('paperState', () => {
  const base: Paper = makePaper(A);

  it('is all false for a bare record', () => {
    expect(paperState(base)).toEqual(UNKNOWN_PAPER);
  });

  it('derives the flags and versions, and nothing of the note or tags', () => {
    const state = paperState({
      ...base,
      savedAt: 5,
      firstSeenAt: 2,
      openedAt: 3,
      note: 'private thoughts',
      tags: ['secret'],
      latestVersion: 3,
      seenVersion: 2,
    });
    expect(state).toEqual({ saved: true, seen: true, opened: true, noted: true, latestVersion: 3, seenVersion: 2 });
    expect(JSON.stringify(state)).not.toMatch(/private|secret/);
  });

  it('does not count a blank note as noted', () => {
    expect(paperState({ ...base, note: ' \n\t' }).noted).toBe(false);
    expect(paperState({ ...base, note: '' }).noted).toBe(false);
  });
});

describe('lookupStates', () => {
  it('answers known keys from the state index, without reading a record, and leaves unknown keys out', async () => {
    await savePaper(db, makeCandidate('2606.28322', { version: 2 }), hf, 1000);
    await markSeen(db, [makeCandidate('2609.22268')], arxiv, undefined, 2000);
    const spies = spyOnDb();
    const keyCursors = vi.spyOn(IDBIndex.prototype, 'openKeyCursor');
    const valueReads = vi.spyOn(IDBObjectStore.prototype, 'get');
    expect(await lookupStates(db, [A, B, 'arxiv:2609.99999', A])).toEqual({
      [A]: { saved: true, seen: true, opened: false, noted: false, latestVersion: 2, seenVersion: 2 },
      [B]: { saved: false, seen: true, opened: false, noted: false },
    });
    expect(spies.bulkGet).not.toHaveBeenCalled();
    expect(spies.get).not.toHaveBeenCalled();
    expect(keyCursors).toHaveBeenCalledTimes(1); // one pass over the index, values never read
    expect(keyCursors.mock.contexts[0]).toMatchObject({ name: '[key+state]' });
    expect(valueReads).not.toHaveBeenCalled();
  });

  it('answers nothing for an empty list', async () => {
    expect(await lookupStates(db, [])).toEqual({});
  });

  it('finds exactly the stored keys among any mix of neighbours, gaps and keys that break the walking hint', async () => {
    // Near neighbours (walked), far ids (jumped), and stored keys that sort between two "adjacent" ids: a longer
    // digit run, a version suffix, another scheme. The hint may be wrong for them; the answer may not.
    const space = [
      ...Array.from({ length: 40 }, (_, i) => `arxiv:2609.${String(50000 + i).padStart(5, '0')}`),
      ...Array.from({ length: 10 }, (_, i) => `arxiv:2609.${String(50000 + 37 * i)}1`),
      'arxiv:2609.50003v2',
      'arxiv:2609.5',
      'arxiv:hep-th/9901001',
      'arxiv:hep-th/9901002',
      'arxiv:2101.00001',
      'doi:10.1000/xyz',
      'doi:10.1000/xyz2',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(space),
        fc.subarray(space),
        fc.integer({ min: 0, max: 3 }),
        async (stored, asked, flags) => {
          await db.papers.clear();
          await db.papers.bulkPut(
            stored.map((key, i) => ({
              key,
              title: key,
              authors: [],
              subjects: [],
              createdAt: 1,
              updatedAt: 1,
              ...(flags & 1 ? { savedAt: 2 } : {}),
              ...(flags & 2 || i % 2 ? { firstSeenAt: 3 } : {}),
              latestVersion: 1 + (i % 3),
            })),
          );
          const states = await lookupStates(db, asked);
          const expected = asked.filter((key) => stored.includes(key)).sort();
          expect(Object.keys(states).sort()).toEqual(expected);
          for (const key of expected) expect(states[key]).toEqual(paperState((await db.papers.get(key))!));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('keysBetween', () => {
  it('bounds the keys between two ids that differ in a same-length trailing number', () => {
    expect(keysBetween('arxiv:2609.50010', 'arxiv:2609.50013')).toBe(2);
    expect(keysBetween('arxiv:2609.50010', 'arxiv:2609.50011')).toBe(0);
    expect(keysBetween('arxiv:hep-th/9901001', 'arxiv:hep-th/9901101')).toBe(99);
  });

  it('gives no bound when the shapes differ', () => {
    expect(keysBetween('arxiv:2609.50010', 'arxiv:2610.00001')).toBeUndefined(); // another month
    expect(keysBetween('arxiv:2609.5001', 'arxiv:2609.50013')).toBeUndefined();
    expect(keysBetween('arxiv:2609.50010', 'doi:10.1000/1')).toBeUndefined();
    expect(keysBetween('doi:10.1000/xyz', 'doi:10.1000/xz')).toBeUndefined();
  });
});

describe('savePaper / unsavePaper', () => {
  it('saves, implies seen, and unsaves without forgetting the paper', async () => {
    expect(await savePaper(db, makeCandidate('2606.28322', { version: 2 }), hf, 1000)).toEqual({
      [A]: { saved: true, seen: true, opened: false, noted: false, latestVersion: 2, seenVersion: 2 },
    });
    await savePaper(db, makeCandidate('2609.22268'), arxiv, 2000);
    expect((await listSaved(db)).map((paper) => paper.key)).toEqual([B, A]);
    expect(await db.papers.get(A)).toMatchObject({ savedAt: 1000, savedFrom: hf, firstSeenAt: 1000, lastSeenAt: 1000 });
    expect(await db.sightings.count()).toBe(0); // saving is not a sighting

    expect(await unsavePaper(db, B, 3000)).toEqual({ [B]: { saved: false, seen: true, opened: false, noted: false } });
    expect((await listSaved(db)).map((paper) => paper.key)).toEqual([A]);
    const kept = await db.papers.get(B);
    expect(kept).toMatchObject({
      title: 'Paper 2609.22268',
      createdAt: 2000,
      updatedAt: 3000,
      savedFrom: arxiv,
      firstSeenAt: 2000,
    });
    expect(kept?.savedAt).toBeUndefined();
  });

  it('keeps the first seen time of a paper seen before, and raises its seen version', async () => {
    await markSeen(db, [makeCandidate('2606.28322', { version: 1 })], arxiv, undefined, 1000);
    await savePaper(db, makeCandidate('2606.28322', { version: 3 }), hf, 5000);
    expect(await db.papers.get(A)).toMatchObject({
      firstSeenAt: 1000,
      lastSeenAt: 1000,
      seenVersion: 3,
      latestVersion: 3,
      savedAt: 5000,
    });
    await savePaper(db, makeCandidate('2606.28322', { version: 2 }), hf, 6000);
    expect(await db.papers.get(A)).toMatchObject({ seenVersion: 3, latestVersion: 3 });
  });

  it('keeps one record per paper when it is saved again from another site', async () => {
    await savePaper(db, makeCandidate('2606.28322', { authors: [], abstract: undefined }), hf, 1000);
    await savePaper(
      db,
      makeCandidate('2606.28322', {
        title: 'Other title',
        authors: ['B. Author'],
        abstract: 'An abstract.',
        subjects: ['cs.CV'],
        version: 3,
      }),
      arxiv,
      5000,
    );
    expect(await db.papers.count()).toBe(1);
    expect(await db.papers.get(A)).toEqual({
      key: A,
      arxivId: '2606.28322',
      title: 'Paper 2606.28322', // the first title stays
      authors: ['B. Author'], // filled, since none were known
      abstract: 'An abstract.',
      subjects: ['cs.CV'],
      latestVersion: 3,
      seenVersion: 3,
      firstSeenAt: 1000,
      lastSeenAt: 1000,
      savedAt: 5000,
      savedFrom: arxiv,
      createdAt: 1000,
      updatedAt: 5000,
    });
  });

  it('unsaving an unknown paper is a no-op', async () => {
    expect(await unsavePaper(db, 'arxiv:2401.00001')).toEqual({ 'arxiv:2401.00001': UNKNOWN_PAPER });
    expect(await db.papers.count()).toBe(0);
  });

  it('unsaving keeps the note, tags and seen state', async () => {
    await savePaper(db, makeCandidate('2606.28322'), hf, 1000);
    await setNote(db, A, 'keep me', 1500);
    await setTags(db, A, ['x'], 1600);
    await unsavePaper(db, A, 2000);
    expect(await db.papers.get(A)).toMatchObject({ note: 'keep me', tags: ['x'], firstSeenAt: 1000 });
  });
});

describe('saveMany', () => {
  it('saves a batch in one transaction with one bulkGet and one bulkPut, one record per key', async () => {
    await markSeen(db, [makeCandidate('2606.28322')], arxiv, undefined, 500);
    const spies = spyOnDb();
    const states = await saveMany(
      db,
      [
        makeCandidate('2606.28322', { version: 2 }),
        makeCandidate('2609.22268'),
        makeCandidate('2606.28322', { version: 4, abstract: 'Filled.' }),
      ],
      arxiv,
      1000,
    );
    expect(spies.transaction).toHaveBeenCalledTimes(1);
    expect(spies.bulkGet).toHaveBeenCalledTimes(1);
    expect(spies.bulkPut).toHaveBeenCalledTimes(1);
    expect(spies.get).not.toHaveBeenCalled();
    expect(spies.put).not.toHaveBeenCalled();
    expect(Object.keys(states).sort()).toEqual([A, B]);
    expect(states[A]).toEqual({
      saved: true,
      seen: true,
      opened: false,
      noted: false,
      latestVersion: 4,
      seenVersion: 4,
    });
    expect(await db.papers.count()).toBe(2);
    expect(await db.papers.get(A)).toMatchObject({
      abstract: 'Filled.',
      firstSeenAt: 500,
      savedAt: 1000,
      createdAt: 500,
    });
    expect(await db.papers.get(B)).toMatchObject({ firstSeenAt: 1000, lastSeenAt: 1000, savedAt: 1000 });
  });
});

describe('markSeen', () => {
  it('creates records, sets the first seen time once and forever, and adds a sighting per call', async () => {
    expect(
      await markSeen(
        db,
        [makeCandidate('2606.28322', { version: 1 }), makeCandidate('2609.22268')],
        arxiv,
        undefined,
        1000,
      ),
    ).toEqual({
      [A]: { saved: false, seen: true, opened: false, noted: false, latestVersion: 1, seenVersion: 1 },
      [B]: { saved: false, seen: true, opened: false, noted: false },
    });
    await markSeen(db, [makeCandidate('2606.28322', { abstract: 'Now with an abstract.' })], hf, undefined, 2000);
    await markSeen(db, [makeCandidate('2606.28322')], arxiv, MARK, 3000);

    const paper = await db.papers.get(A);
    expect(paper).toMatchObject({
      firstSeenAt: 1000,
      lastSeenAt: 3000,
      abstract: 'Now with an abstract.',
      createdAt: 1000,
      updatedAt: 3000,
    });
    expect(paper?.firstSeenMark).toBeUndefined(); // the mark did not see it first
    const sightings = await allSightings(db);
    // allSightings is ordered by time only; same-time sightings come in id (random) order.
    const ordered = sightings.map(({ paperKey, site, url, at, markId }) => ({ paperKey, site, url, at, markId }));
    ordered.sort((x, y) => x.at - y.at || x.paperKey.localeCompare(y.paperKey));
    expect(ordered).toEqual([
      { paperKey: A, ...arxiv, at: 1000, markId: undefined },
      { paperKey: B, ...arxiv, at: 1000, markId: undefined },
      { paperKey: A, ...hf, at: 2000, markId: undefined },
      { paperKey: A, ...arxiv, at: 3000, markId: MARK },
    ]);
    expect(
      sightings.filter((sighting) => sighting.markId === undefined).every((sighting) => !('markId' in sighting)),
    ).toBe(true);
    expect(new Set(sightings.map((sighting) => sighting.id)).size).toBe(4);
  });

  it('records which mark saw a paper first', async () => {
    await markSeen(db, [makeCandidate('2606.28322')], arxiv, MARK, 1000);
    expect(await db.papers.get(A)).toMatchObject({ firstSeenAt: 1000, firstSeenMark: MARK, lastSeenAt: 1000 });
  });

  it('never lowers the seen version', async () => {
    await markSeen(db, [makeCandidate('2606.28322', { version: 3 })], arxiv, undefined, 1000);
    await markSeen(db, [makeCandidate('2606.28322', { version: 2 })], arxiv, undefined, 2000);
    await markSeen(db, [makeCandidate('2606.28322')], hf, undefined, 3000);
    expect(await db.papers.get(A)).toMatchObject({ seenVersion: 3, latestVersion: 3 });
    await markSeen(db, [makeCandidate('2606.28322', { version: 5 })], arxiv, undefined, 4000);
    expect(await db.papers.get(A)).toMatchObject({ seenVersion: 5, latestVersion: 5 });
  });

  it('writes a page of papers in one transaction: one bulkGet, one bulkPut, one bulkAdd', async () => {
    const spies = spyOnDb();
    const papers = Array.from({ length: 250 }, (_, index) => makeCandidate(`2609.${String(22000 + index)}`));
    await markSeen(db, [...papers, papers[0]!], arxiv, MARK, 1000);
    expect(spies.transaction).toHaveBeenCalledTimes(1);
    expect(spies.bulkGet).toHaveBeenCalledTimes(1);
    expect(spies.bulkPut).toHaveBeenCalledTimes(1);
    expect(spies.bulkAdd).toHaveBeenCalledTimes(1);
    expect(spies.get).not.toHaveBeenCalled();
    expect(spies.put).not.toHaveBeenCalled();
    expect(await db.papers.count()).toBe(250);
    expect(await db.sightings.count()).toBe(250); // one per paper, even when the page lists one twice
  });

  it('writes nothing when any part of the transaction fails', async () => {
    vi.spyOn(crypto, 'randomUUID').mockReturnValue('00000000-0000-4000-8000-000000000000');
    await expect(
      markSeen(db, [makeCandidate('2606.28322'), makeCandidate('2609.22268')], arxiv, MARK, 1000),
    ).rejects.toThrow();
    expect(await db.papers.count()).toBe(0);
    expect(await db.sightings.count()).toBe(0);
  });
});

describe('the undo hook (onChange)', () => {
  it('reports every record before and after, and the sightings added, before writing', async () => {
    await markSeen(db, [makeCandidate('2606.28322', { version: 1 })], arxiv, undefined, 1000);
    const before = await db.papers.get(A);
    const changes: Change[] = [];
    await markSeen(
      db,
      [makeCandidate('2606.28322', { version: 2 }), makeCandidate('2609.22268')],
      arxiv,
      MARK,
      2000,
      (change) => {
        changes.push(change);
      },
    );
    expect(changes).toHaveLength(1);
    const [change] = changes as [Change];
    expect(change.at).toBe(2000);
    expect(change.before).toEqual([before, undefined]);
    expect(change.after).toEqual([await db.papers.get(A), await db.papers.get(B)]);
    const added = (await allSightings(db)).filter((sighting) => sighting.markId === MARK).map(({ id }) => id);
    expect([...change.sightings].sort()).toEqual(added.sort());
  });

  it('reports a save with no sightings', async () => {
    const onChange = vi.fn();
    await saveMany(db, [makeCandidate('2606.28322')], hf, 1000, onChange);
    expect(onChange).toHaveBeenCalledWith({
      at: 1000,
      before: [undefined],
      after: [await db.papers.get(A)],
      sightings: [],
    });
  });

  it('aborts the write when the hook throws', async () => {
    const refuse = () => {
      throw new Error('too large');
    };
    await expect(saveMany(db, [makeCandidate('2606.28322')], hf, 1000, refuse)).rejects.toThrow('too large');
    await expect(markSeen(db, [makeCandidate('2606.28322')], hf, MARK, 1000, refuse)).rejects.toThrow('too large');
    expect(await db.papers.count()).toBe(0);
    expect(await db.sightings.count()).toBe(0);
  });
});

describe('markOpened', () => {
  it('records the open, implies seen and adds a sighting', async () => {
    expect(await markOpened(db, makeCandidate('2606.28322', { version: 2 }), hf, 1000)).toEqual({
      [A]: { saved: false, seen: true, opened: true, noted: false, latestVersion: 2, seenVersion: 2 },
    });
    expect(await db.papers.get(A)).toMatchObject({ openedAt: 1000, firstSeenAt: 1000, lastSeenAt: 1000 });
    await markOpened(db, makeCandidate('2606.28322'), arxiv, 5000);
    const paper = await db.papers.get(A);
    expect(paper).toMatchObject({ openedAt: 5000, firstSeenAt: 1000, lastSeenAt: 5000 });
    expect(paper).not.toHaveProperty('firstSeenMark');
    expect((await allSightings(db)).map(({ paperKey, site, at }) => [paperKey, site, at])).toEqual([
      [A, 'huggingface', 1000],
      [A, 'arxiv-listing', 5000],
    ]);
  });
});

describe('setNote', () => {
  beforeEach(async () => {
    await markSeen(db, [makeCandidate('2606.28322')], arxiv, undefined, 1000);
  });

  it('stores the note without trailing whitespace and reports only that there is one', async () => {
    expect(await setNote(db, A, '  # Idea\n\nUse $\\alpha$.  \n\n', 2000)).toEqual({
      [A]: { saved: false, seen: true, opened: false, noted: true },
    });
    expect(await db.papers.get(A)).toMatchObject({ note: '  # Idea\n\nUse $\\alpha$.', updatedAt: 2000 });
  });

  it('deletes the field for an empty or blank note', async () => {
    await setNote(db, A, 'first', 2000);
    expect(await setNote(db, A, ' \n ', 3000)).toEqual({
      [A]: { saved: false, seen: true, opened: false, noted: false },
    });
    expect(await db.papers.get(A)).not.toHaveProperty('note');
    await setNote(db, A, '', 4000);
    expect(await db.papers.get(A)).not.toHaveProperty('note');
  });

  it('refuses an unknown paper unless given its candidate', async () => {
    await expect(setNote(db, B, 'x', 2000)).rejects.toThrow(`Unknown paper: ${B}`);
    expect(await db.papers.get(B)).toBeUndefined();
    await expect(setNote(db, B, 'x', 2000, makeCandidate('2609.22287'))).rejects.toThrow();
    expect(await setNote(db, B, 'x', 2000, makeCandidate('2609.22268'))).toEqual({
      [B]: { ...UNKNOWN_PAPER, noted: true },
    });
    expect(await db.papers.get(B)).toMatchObject({ title: 'Paper 2609.22268', note: 'x', createdAt: 2000 });
  });
});

describe('setTags', () => {
  beforeEach(async () => {
    await markSeen(db, [makeCandidate('2606.28322')], arxiv, undefined, 1000);
  });

  it('trims, drops blanks and duplicates case-insensitively, keeping the first spelling and the order', async () => {
    await setTags(db, A, [' GNN ', 'to-read', 'gnn', '', 'Physics', 'TO-READ', 'physics ', 'Ünïcödé', 'ünïcödé'], 2000);
    expect((await db.papers.get(A))?.tags).toEqual(['GNN', 'to-read', 'Physics', 'Ünïcödé']);
    expect(await db.papers.where('tags').equals('Physics').primaryKeys()).toEqual([A]);
  });

  it('deletes the field for an empty list', async () => {
    await setTags(db, A, ['a'], 2000);
    expect(await setTags(db, A, ['  '], 3000)).toEqual({
      [A]: { saved: false, seen: true, opened: false, noted: false },
    });
    expect(await db.papers.get(A)).not.toHaveProperty('tags');
  });

  it('refuses an unknown paper', async () => {
    await expect(setTags(db, B, ['a'], 2000)).rejects.toThrow(`Unknown paper: ${B}`);
    expect(await db.papers.count()).toBe(1);
  });
});

describe('listSaved / allPapers / allSightings', () => {
  it('lists saved papers newest first, every paper, and every sighting oldest first', async () => {
    await markSeen(db, [makeCandidate('2609.22287')], arxiv, undefined, 3000);
    await savePaper(db, makeCandidate('2606.28322'), hf, 1000);
    await savePaper(db, makeCandidate('2609.22268'), arxiv, 2000);
    await markSeen(db, [makeCandidate('2609.22268')], arxiv, undefined, 500);
    expect((await listSaved(db)).map((paper) => paper.key)).toEqual([B, A]);
    expect((await allPapers(db)).map((paper) => paper.key).sort()).toEqual([A, B, C]);
    expect((await allSightings(db)).map((sighting) => sighting.at)).toEqual([500, 3000]);
  });
});

describe('mergeCandidate', () => {
  it('never lowers the version and unites subjects in order', () => {
    const first = mergeCandidate(
      undefined,
      makeCandidate('2401.00001', { version: 4, subjects: ['cs.LG', 'stat.ML'] }),
      1,
    );
    const merged = mergeCandidate(first, makeCandidate('2401.00001', { version: 2, subjects: ['cs.AI', 'cs.LG'] }), 2);
    expect(merged.latestVersion).toBe(4);
    expect(merged.subjects).toEqual(['cs.LG', 'stat.ML', 'cs.AI']);
  });

  it('passes the user fields through', () => {
    const stored: Paper = {
      ...mergeCandidate(undefined, makeCandidate('2401.00001'), 1),
      firstSeenAt: 1,
      note: 'n',
      tags: ['t'],
      openedAt: 2,
      savedAt: 3,
    };
    expect(mergeCandidate(stored, makeCandidate('2401.00001'), 9)).toMatchObject({
      firstSeenAt: 1,
      note: 'n',
      tags: ['t'],
      openedAt: 2,
      savedAt: 3,
      updatedAt: 9,
    });
  });
});
