/**
 * The row-state index (lib/db/state-index.ts): whatever writes a paper, the index answers what the record says, and
 * nothing that reads through AppDB ever sees the derived field.
 */
import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import {
  lookupStates,
  markOpened,
  markSeen,
  savePaper,
  saveMany,
  setNote,
  setTags,
  unsavePaper,
} from '../../../lib/db/papers-repo.ts';
import { undo, undoable, UndoJournals } from '../../../lib/db/undo-journal.ts';
import { decodeState, encodeState, STATE_FIELD } from '../../../lib/db/state-index.ts';
import type { Paper, Source } from '../../../lib/paper/model.ts';
import { paperState, UNKNOWN_PAPER } from '../../../lib/paper/state.ts';
import { makeCandidate } from '../../support/papers.ts';
import { memoryArea } from './memory-area.ts';

const source: Source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' };
const IDS = ['2606.28322', '2609.22268', '2609.22287', 'hep-th/9711200'];

let db: AppDB;
beforeEach(async () => {
  db = new AppDB('dogear-state-index', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
});
afterEach(() => db.close());

/** Every stored record as IndexedDB holds it, bypassing AppDB. */
async function rawPapers(): Promise<Array<Paper & { state?: unknown }>> {
  const idb = db.backendDB();
  return new Promise((resolve, reject) => {
    const request = idb.transaction('papers').objectStore('papers').getAll();
    request.onsuccess = () => resolve(request.result as Array<Paper & { state?: unknown }>);
    request.onerror = () => reject(request.error);
  });
}

async function expectIndexMatchesRecords(): Promise<void> {
  const papers = await db.papers.toArray();
  const states = await lookupStates(db, [...IDS.map((id) => `arxiv:${id}`), 'arxiv:2501.00001']);
  expect(Object.keys(states).sort()).toEqual(papers.map((paper) => paper.key).sort());
  for (const paper of papers) expect(states[paper.key], paper.key).toEqual(paperState(paper));
  for (const record of await rawPapers()) {
    const { state, ...paper } = record;
    expect(state, record.key).toEqual(encodeState(paperState(paper)));
  }
}

describe('state codes', () => {
  it('round-trip every combination of flags and versions', () => {
    fc.assert(
      fc.property(
        fc.record({ saved: fc.boolean(), seen: fc.boolean(), opened: fc.boolean(), noted: fc.boolean() }),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        (flags, latestVersion, seenVersion) => {
          const state = {
            ...flags,
            ...(latestVersion === undefined ? {} : { latestVersion }),
            ...(seenVersion === undefined ? {} : { seenVersion }),
          };
          expect(decodeState(encodeState(state))).toEqual(state);
        },
      ),
    );
    expect(decodeState(encodeState(UNKNOWN_PAPER))).toEqual(UNKNOWN_PAPER);
  });
});

describe('lookupStates over many keys', () => {
  it('finds exactly the stored ones among interleaved, unsorted, repeated and odd keys', async () => {
    const stored: Paper[] = [];
    for (let i = 0; i < 300; i += 1) {
      const key =
        i % 7 === 0
          ? `doi:10.${1000 + i}/x.${i}`
          : i % 11 === 0
            ? `arxiv:hep-th/97${String(i).padStart(5, '0')}`
            : `arxiv:26${String(i % 12).padStart(2, '0')}.${String(i).padStart(5, '0')}`;
      // Raw records: some of these keys are odd on purpose (month 00), which the factory's schema check would refuse.
      stored.push({
        key,
        title: `P${i}`,
        authors: [],
        subjects: [],
        createdAt: i,
        updatedAt: i,
        ...(i % 2 ? { savedAt: i } : {}),
        ...(i % 3 ? { firstSeenAt: i } : {}),
        ...(i % 5 ? {} : { latestVersion: (i % 4) + 1 }),
      });
    }
    await db.papers.bulkPut(stored);
    const absent = stored.map((paper) => `${paper.key}0`); // sorts right after its neighbour
    const asked = [...absent, ...stored.map((paper) => paper.key)].reverse();
    asked.push(asked[5]!, 'arxiv:0000.00000', 'doi:~');
    const states = await lookupStates(db, asked);
    expect(Object.keys(states)).toHaveLength(stored.length);
    for (const paper of stored) expect(states[paper.key], paper.key).toEqual(paperState(paper));
    expect(await lookupStates(db, absent)).toEqual({});
  });
});

describe('the middleware', () => {
  it('keeps the index equal to the records through any sequence of user actions', async () => {
    const action = fc.oneof(
      fc.record({
        type: fc.constant('save'),
        id: fc.constantFrom(...IDS),
        version: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      }),
      fc.record({ type: fc.constant('saveMany'), ids: fc.subarray(IDS, { minLength: 1 }) }),
      fc.record({ type: fc.constant('unsave'), id: fc.constantFrom(...IDS) }),
      fc.record({ type: fc.constant('seen'), ids: fc.subarray(IDS, { minLength: 1 }), mark: fc.boolean() }),
      fc.record({ type: fc.constant('unmark') }),
      fc.record({ type: fc.constant('opened'), id: fc.constantFrom(...IDS) }),
      fc.record({
        type: fc.constant('note'),
        id: fc.constantFrom(...IDS),
        note: fc.constantFrom('', '  ', 'a <b>note</b>'),
      }),
      fc.record({ type: fc.constant('tags'), id: fc.constantFrom(...IDS), tags: fc.subarray(['cs/LG', 'to-read']) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 12 }), async (actions) => {
        await db.papers.clear();
        await db.sightings.clear();
        let now = 1_000;
        let lastMark: string | undefined;
        const journals = new UndoJournals(memoryArea());
        for (const step of actions) {
          now += 1_000;
          switch (step.type) {
            case 'save':
              await savePaper(
                db,
                makeCandidate(step.id, step.version === undefined ? {} : { version: step.version }),
                source,
                now,
              );
              break;
            case 'saveMany':
              await saveMany(
                db,
                step.ids.map((id) => makeCandidate(id)),
                source,
                now,
              );
              break;
            case 'unsave':
              await unsavePaper(db, `arxiv:${step.id}`, now);
              break;
            case 'seen':
              lastMark = step.mark ? `mark-${String(now).padStart(8, '0')}` : undefined;
              if (lastMark === undefined)
                await markSeen(
                  db,
                  step.ids.map((id) => makeCandidate(id, { version: 2 })),
                  source,
                  undefined,
                  now,
                );
              else {
                const mark = lastMark;
                await undoable(journals, mark, (onChange) =>
                  markSeen(
                    db,
                    step.ids.map((id) => makeCandidate(id, { version: 2 })),
                    source,
                    mark,
                    now,
                    onChange,
                  ),
                );
              }
              break;
            case 'unmark':
              // Refused (and nothing changed) when a later action wrote one of its papers.
              if (lastMark !== undefined) await undo(db, journals, lastMark, now).catch(() => undefined);
              break;
            case 'opened':
              await markOpened(db, makeCandidate(step.id), source, now);
              break;
            case 'note':
              await setNote(db, `arxiv:${step.id}`, step.note, now, makeCandidate(step.id));
              break;
            case 'tags':
              if (await db.papers.get(`arxiv:${step.id}`)) await setTags(db, `arxiv:${step.id}`, step.tags, now);
              break;
          }
        }
        await expectIndexMatchesRecords();
      }),
      { numRuns: 40 },
    );
  });

  it('covers writes through Dexie directly: put, bulkPut, update, modify, delete', async () => {
    const base: Paper = { key: 'arxiv:2606.28322', title: 'T', authors: [], subjects: [], createdAt: 1, updatedAt: 1 };
    const mine = { ...base };
    await db.papers.put(mine);
    expect(mine).not.toHaveProperty(STATE_FIELD); // the caller's object is not changed
    await db.papers.bulkPut([{ ...base, key: 'arxiv:2609.22268', savedAt: 5, firstSeenAt: 5 }]);
    await db.papers.update('arxiv:2606.28322', { openedAt: 9, latestVersion: 3 });
    await db.papers
      .where('savedAt')
      .above(0)
      .modify((paper) => {
        paper.note = 'kept';
      });
    await expectIndexMatchesRecords();
    expect((await lookupStates(db, ['arxiv:2609.22268']))['arxiv:2609.22268']).toMatchObject({
      saved: true,
      noted: true,
    });
    await db.papers.delete('arxiv:2609.22268');
    expect(await lookupStates(db, ['arxiv:2609.22268'])).toEqual({});
  });

  it('hides the field from every kind of read', async () => {
    await savePaper(db, makeCandidate('2606.28322', { version: 2 }), source, 1_000);
    await markSeen(db, [makeCandidate('2609.22268')], source, undefined, 2_000);
    const reads: unknown[] = [
      await db.papers.get('arxiv:2606.28322'),
      ...(await db.papers.bulkGet(['arxiv:2606.28322', 'arxiv:2609.22268'])),
      ...(await db.papers.toArray()),
      ...(await db.papers.orderBy('firstSeenAt').reverse().toArray()),
      ...(await db.papers.where('savedAt').above(0).toArray()),
      ...(await db.papers.filter(() => true).toArray()),
      await db.papers.where('key').equals('arxiv:2609.22268').first(),
    ];
    await db.papers.each((paper) => reads.push(paper));
    await db.transaction('r', db.papers, async () => {
      reads.push(...(await db.papers.toArray()));
    });
    expect(reads).toHaveLength(15);
    for (const paper of reads) {
      expect(paper).toBeDefined();
      expect(paper).not.toHaveProperty(STATE_FIELD);
    }
  });
});
