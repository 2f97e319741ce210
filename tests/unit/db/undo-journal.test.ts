/**
 * Undo of a listing's bulk actions (lib/db/undo-journal.ts): the journal kept in a storage area, and undo putting back
 * exactly what the action changed, or refusing and changing nothing.
 */
import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import { ensureCiteKeys, libraryTables } from '../../../lib/db/library-repo.ts';
import { markOpened, markSeen, saveMany, setNote, type Change } from '../../../lib/db/papers-repo.ts';
import {
  fieldsBefore,
  journalBytes,
  journalKey,
  journalOf,
  keptJournals,
  revertFields,
  undo,
  undoable,
  UndoJournals,
  undoPlan,
} from '../../../lib/db/undo-journal.ts';
import type { Paper, Source } from '../../../lib/paper/model.ts';
import { UNKNOWN_PAPER } from '../../../lib/paper/state.ts';
import { memoryArea } from './memory-area.ts';
import { makeCandidate, makePaper } from '../../support/papers.ts';

const arxiv: Source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' };
const hf: Source = { site: 'huggingface', url: 'https://huggingface.co/papers' };
const MARK = 'c0ffee00-1234-4abc-8def-0123456789ab';

const A = 'arxiv:2606.28322';
const B = 'arxiv:2609.22268';
const C = 'arxiv:2609.22287';

let db: AppDB;
let area: ReturnType<typeof memoryArea>;
let journals: UndoJournals;
beforeEach(async () => {
  db = new AppDB('dogear-undo-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  area = memoryArea();
  journals = new UndoJournals(area);
});
afterEach(() => db.close());

/** The tables with every paper's updatedAt left out (undo moves it to the undo's time), sightings by id. */
async function tablesWithoutTimes(): Promise<{ papers: Array<Omit<Paper, 'updatedAt'>>; sightings: unknown[] }> {
  const { papers, sightings } = await libraryTables(db);
  return {
    papers: papers.map(({ updatedAt: _, ...rest }) => rest),
    sightings: [...sightings].sort((left, right) => (left.id < right.id ? -1 : 1)),
  };
}

const saveAll = (ids: string[], markId: string, now: number) =>
  undoable(journals, markId, (onChange) =>
    saveMany(
      db,
      ids.map((id) => makeCandidate(id)),
      hf,
      now,
      onChange,
    ),
  );
const markAll = (ids: string[], markId: string, now: number) =>
  undoable(journals, markId, (onChange) =>
    markSeen(
      db,
      ids.map((id) => makeCandidate(id, { version: 2 })),
      arxiv,
      markId,
      now,
      onChange,
    ),
  );

describe('the journal, pure', () => {
  const before: Paper = makePaper(A, {
    authors: [],
    subjects: ['cs.LG'],
    firstSeenAt: 1,
    lastSeenAt: 1,
    createdAt: 1,
    updatedAt: 1,
  });
  const after: Paper = {
    ...before,
    authors: ['Ada Lovelace'],
    subjects: ['cs.LG', 'cs.AI'],
    lastSeenAt: 5,
    savedAt: 5,
    savedFrom: hf,
    updatedAt: 5,
  };

  it('keeps only the fields the action changed, and puts them back', () => {
    const fields = fieldsBefore(before, after);
    expect(fields).toEqual({
      key: A,
      set: { authors: [], subjects: ['cs.LG'], lastSeenAt: 1, updatedAt: 1 },
      unset: ['savedAt', 'savedFrom'],
    });
    expect(revertFields(after, fields)).toEqual(before);
  });

  it('leaves fields changed since without a new updatedAt (a cite key) as they are now', () => {
    expect(revertFields({ ...after, citeKey: 'lovelace2026paper' }, fieldsBefore(before, after))).toEqual({
      ...before,
      citeKey: 'lovelace2026paper',
    });
  });

  it('treats a field set to undefined as absent, as JSON storage does', () => {
    const fields = fieldsBefore({ ...before, openedAt: undefined }, { ...after, openedAt: 7 });
    expect(fields.unset).toContain('openedAt');
    expect(JSON.parse(JSON.stringify(fields))).toEqual(fields);
  });

  it('lists created papers by key only', () => {
    const change: Change = {
      at: 5,
      before: [undefined, before],
      after: [{ ...after, key: B }, after],
      sightings: ['s1'],
    };
    expect(journalOf(MARK, change)).toEqual({
      markId: MARK,
      at: 5,
      created: [B],
      changed: [fieldsBefore(before, after)],
      sightings: ['s1'],
    });
  });

  it('refuses a plan when a paper moved or was deleted since, naming it', () => {
    const journal = journalOf(MARK, {
      at: 5,
      before: [undefined, before],
      after: [{ ...after, key: B }, after],
      sightings: [],
    });
    expect(
      undoPlan(
        journal,
        [
          { ...after, key: B },
          { ...after, updatedAt: 6 },
        ],
        9,
      ),
    ).toEqual({
      error: `${A} was changed since. Nothing was changed.`,
    });
    expect(undoPlan(journal, [undefined, { ...after, updatedAt: 6 }], 9)).toEqual({
      error: '2 of its papers were changed since. Nothing was changed.',
    });
    expect(undoPlan(journal, [{ ...after, key: B }, after], 9)).toEqual({
      snapshot: { papers: [{ ...before, updatedAt: 9 }], sightings: [], missing: [B] },
    });
  });

  it('keeps at most `count` journals, and drops the oldest until they fit the total size', () => {
    const limits = { count: 3, bytes: 100, totalBytes: 250 };
    const entries = ['m1', 'm2', 'm3'].map((markId) => ({ markId, bytes: 50 }));
    expect(keptJournals(entries, { markId: 'm4', bytes: 50 }, limits)).toEqual({
      kept: entries.slice(1).concat({ markId: 'm4', bytes: 50 }),
      dropped: ['m1'],
    });
    expect(keptJournals(entries, { markId: 'm4', bytes: 190 }, limits)).toEqual({
      kept: [entries[2], { markId: 'm4', bytes: 190 }],
      dropped: ['m1', 'm2'],
    });
    expect(keptJournals(entries, { markId: 'm4', bytes: 250 }, limits).dropped).toEqual(['m1', 'm2', 'm3']);
    expect(keptJournals(entries, { markId: 'm2', bytes: 60 }, limits).kept.map(({ markId }) => markId)).toEqual([
      'm1',
      'm3',
      'm2',
    ]);
  });
});

describe('undo of Save all new / Save selected (saveMany)', () => {
  it('deletes the papers it created and gives the others their old record back', async () => {
    await markSeen(db, [makeCandidate('2606.28322', { version: 1 })], arxiv, undefined, 1000); // A exists, seen
    const before = await tablesWithoutTimes();
    const saved = await saveAll(['2606.28322', '2609.22268'], MARK, 2000);
    expect(saved[A]?.saved && saved[B]?.saved).toBe(true);

    expect(await undo(db, journals, MARK, 3000)).toEqual({
      [A]: { saved: false, seen: true, opened: false, noted: false, latestVersion: 1, seenVersion: 1 },
      [B]: UNKNOWN_PAPER,
    });
    expect(await tablesWithoutTimes()).toEqual(before);
    expect((await db.papers.get(A))?.updatedAt).toBe(3000); // moved, so views following updatedAt see the undo
    expect(area.items.has(journalKey(MARK))).toBe(false);
    await expect(undo(db, journals, MARK, 4000)).rejects.toThrow('no longer remembered');
  });

  it('keeps a cite key given between the save and the undo', async () => {
    await markSeen(db, [makeCandidate('2606.28322')], arxiv, undefined, 1000);
    await saveAll(['2606.28322'], MARK, 2000);
    const [exported] = await ensureCiteKeys(db, [(await db.papers.get(A))!]);
    await undo(db, journals, MARK, 3000);
    expect(await db.papers.get(A)).toMatchObject({ citeKey: exported!.citeKey });
    expect(await db.papers.get(A)).not.toHaveProperty('savedAt');
  });

  it('refuses, changing nothing, when one of the papers was written since', async () => {
    await saveAll(['2606.28322', '2609.22268'], MARK, 2000);
    await setNote(db, B, 'Read section 3.', 2500);
    const tables = await libraryTables(db);
    await expect(undo(db, journals, MARK, 3000)).rejects.toThrow(`${B} was changed since. Nothing was changed.`);
    expect(await libraryTables(db)).toEqual(tables);
  });

  it('refuses an action id already used, before writing', async () => {
    await saveAll(['2606.28322'], MARK, 2000);
    await expect(saveAll(['2609.22268'], MARK, 2500)).rejects.toThrow('already used');
    expect(await db.papers.get(B)).toBeUndefined();
  });

  it('refuses an action too large to undo, before writing', async () => {
    journals = new UndoJournals(area, { count: 10, bytes: 300, totalBytes: 1000 });
    const ids = Array.from({ length: 40 }, (_, index) => `2609.${22000 + index}`);
    await expect(saveAll(ids, MARK, 2000)).rejects.toThrow('Too much to undo at once');
    expect(await db.papers.count()).toBe(0);
    expect(area.items.size).toBe(0);
  });
});

describe('undo of Mark all seen (markSeen with a markId)', () => {
  it('removes exactly the sightings it added and puts the papers back as they were', async () => {
    await markSeen(db, [makeCandidate('2609.22268', { version: 1 })], arxiv, undefined, 1000); // B seen by dwelling
    await markOpened(db, makeCandidate('2609.22287'), hf, 1100); // C opened
    const before = await tablesWithoutTimes();
    await markAll(['2606.28322', '2609.22268', '2609.22287'], MARK, 2000);
    expect(await db.sightings.count()).toBe(5);

    const states = await undo(db, journals, MARK, 3000);
    expect(states[A]).toEqual(UNKNOWN_PAPER);
    expect(states[B]).toEqual({
      saved: false,
      seen: true,
      opened: false,
      noted: false,
      latestVersion: 1,
      seenVersion: 1,
    });
    expect(states[C]).toMatchObject({ seen: true, opened: true });
    expect(await tablesWithoutTimes()).toEqual(before);
  });

  it('survives the worker being stopped: a new journal store over the same area undoes it', async () => {
    await markAll(['2606.28322'], MARK, 2000);
    const restarted = new UndoJournals(area);
    expect(await undo(db, restarted, MARK, 3000)).toEqual({ [A]: UNKNOWN_PAPER });
    expect(await db.papers.count()).toBe(0);
    expect(await db.sightings.count()).toBe(0);
  });

  it('keeps the last ten actions only', async () => {
    const marks = Array.from({ length: 11 }, (_, index) => `mark-${String(index).padStart(8, '0')}`);
    for (const [index, mark] of marks.entries()) await markAll([`2609.${22000 + index}`], mark, 2000 + index);
    expect(area.items.has(journalKey(marks[0]!))).toBe(false);
    await expect(undo(db, journals, marks[0]!, 3000)).rejects.toThrow('no longer remembered');
    expect(await undo(db, journals, marks[1]!, 3000)).toEqual({ 'arxiv:2609.22001': UNKNOWN_PAPER });
    expect(JSON.parse(area.items.get('undo:index')!).map(({ markId }: { markId: string }) => markId)).toEqual(
      marks.slice(2),
    );
  });

  it('undoes two actions in either order', async () => {
    const before = await tablesWithoutTimes();
    await markAll(['2606.28322'], MARK, 2000);
    await saveAll(['2609.22268'], 'mark-second-1', 2100);
    await undo(db, journals, MARK, 3000);
    await undo(db, journals, 'mark-second-1', 3100);
    expect(await tablesWithoutTimes()).toEqual(before);
  });

  it('is small: 2,000 papers seen before cost under 1 MB', async () => {
    const ids = Array.from({ length: 2000 }, (_, index) => `2609.${String(20000 + index)}`);
    const subjects = ['cs.LG', 'cs.AI', 'stat.ML'];
    await markSeen(
      db,
      ids.map((id) => makeCandidate(id, { version: 1, subjects, abstract: 'x'.repeat(1500) })),
      arxiv,
      undefined,
      1000,
    );
    await markAll(ids, MARK, 2000);
    const journal = await journals.read(MARK);
    expect(journal?.changed).toHaveLength(2000);
    expect(journalBytes(journal!)).toBeLessThan(1_000_000);
  });
});

describe('undo, as a property', () => {
  it('after any earlier actions, a bulk action then its undo leaves the tables as they were (updatedAt aside)', async () => {
    const IDS = ['2606.28322', '2609.22268', '2609.22287', 'hep-th/9711200'];
    const earlier = fc.array(
      fc.oneof(
        fc.record({
          type: fc.constant('seen' as const),
          ids: fc.subarray(IDS, { minLength: 1 }),
          version: fc.integer({ min: 1, max: 3 }),
        }),
        fc.record({ type: fc.constant('save' as const), ids: fc.subarray(IDS, { minLength: 1 }) }),
        fc.record({ type: fc.constant('opened' as const), id: fc.constantFrom(...IDS) }),
        fc.record({ type: fc.constant('note' as const), id: fc.constantFrom(...IDS) }),
      ),
      { maxLength: 6 },
    );
    const action = fc.record({ save: fc.boolean(), ids: fc.subarray(IDS, { minLength: 1 }) });
    await fc.assert(
      fc.asyncProperty(earlier, action, async (steps, bulk) => {
        await db.papers.clear();
        await db.sightings.clear();
        let now = 1000;
        for (const step of steps) {
          now += 10;
          if (step.type === 'seen')
            await markSeen(
              db,
              step.ids.map((id) => makeCandidate(id, { version: step.version })),
              arxiv,
              undefined,
              now,
            );
          else if (step.type === 'save')
            await saveMany(
              db,
              step.ids.map((id) => makeCandidate(id, { abstract: 'A.' })),
              hf,
              now,
            );
          else if (step.type === 'opened') await markOpened(db, makeCandidate(step.id), hf, now);
          else await setNote(db, `arxiv:${step.id}`, 'n', now, makeCandidate(step.id));
        }
        const before = await tablesWithoutTimes();
        const mark = `mark-${now}`;
        await (bulk.save ? saveAll(bulk.ids, mark, now + 10) : markAll(bulk.ids, mark, now + 10));
        await undo(db, journals, mark, now + 20);
        expect(await tablesWithoutTimes()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });
});
