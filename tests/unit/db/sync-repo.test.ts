/**
 * Sync's local side (lib/db/sync-repo.ts) on two or three AppDBs in fake-indexeddb acting as devices: each collects its
 * changes into its outbox and the test hands every outbox entry to the other devices' applyRemote, as the server would
 * (no network, no files).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import { deletePapers, unsaveMany } from '../../../lib/db/library-repo.ts';
import { markSeen, savePaper, setNote, setTags } from '../../../lib/db/papers-repo.ts';
import {
  applyRemote,
  collectLocal,
  dropOutbox,
  KEPT_BACKUPS,
  MAX_BATCH_DOCS,
  loadSyncState,
  makeLocalBackup,
  openConflictList,
  outbox,
  previewRemote,
  resetSyncState,
  resolveNoteConflict,
  setEncoded,
  syncCounts,
  type OutboxEntry,
} from '../../../lib/db/sync-repo.ts';
import { NOTE_SEPARATOR } from '../../../lib/paper/merge.ts';
import type { Paper, Source } from '../../../lib/paper/model.ts';
import { formatHlc } from '../../../lib/sync/hlc.ts';
import type { PaperDoc } from '../../../lib/sync/doc.ts';
import { CREATED, makeCandidate, makePaper } from '../../support/papers.ts';

const SOURCE: Source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' };
const KEY = 'arxiv:2611.00001';

let opened: AppDB[] = [];
afterEach(() => {
  for (const db of opened) db.close();
  opened = [];
});

async function device(name: string): Promise<AppDB> {
  const db = new AppDB(`dogear-${name}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  opened.push(db);
  await db.open();
  return db;
}

/** A clock for the test: every step happens a second after the one before. */
let clock = CREATED;
const tick = (): number => (clock += 1000);

/** The file path of an entry, as the server would name it. */
async function pathOf(db: AppDB, entry: OutboxEntry): Promise<string> {
  return `changes/${(await loadSyncState(db)).device}/${entry.seq}`;
}

/**
 * One sync of every device: each collects its changes, then every outbox entry goes to every other device and is
 * dropped; repeated until no device has anything left to send (a join may find conflicts to send on).
 */
async function syncAll(...devices: AppDB[]): Promise<void> {
  for (let round = 0; round < 5; round++) {
    for (const db of devices) await collectLocal(db, tick());
    const sent: Array<{ from: AppDB; entry: OutboxEntry; path: string }> = [];
    for (const db of devices) {
      for (const entry of await outbox(db)) sent.push({ from: db, entry, path: await pathOf(db, entry) });
    }
    if (sent.length === 0) return;
    for (const { from, entry, path } of sent) {
      for (const db of devices) if (db !== from) await applyRemote(db, entry.batch, path, tick());
      await dropOutbox(from, entry.seq);
    }
  }
  throw new Error('sync did not settle');
}

/** Collects the device's changes, which must make exactly one outbox entry. */
async function collectOne(db: AppDB): Promise<OutboxEntry> {
  const entries = await collectLocal(db, tick());
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

/** The papers without updatedAt (a local write stamp), by key, tags in any order. */
async function library(db: AppDB): Promise<Record<string, Omit<Paper, 'updatedAt'>>> {
  const papers = await db.papers.toArray();
  return Object.fromEntries(
    papers.map(({ updatedAt: _updatedAt, ...paper }) => [
      paper.key,
      paper.tags ? { ...paper, tags: [...paper.tags].sort() } : paper,
    ]),
  );
}

describe('loadSyncState', () => {
  it('chooses a random 16-character device id once and keeps it', async () => {
    const db = await device('state');
    const first = await loadSyncState(db);
    expect(first.device).toMatch(/^[a-z0-9]{16}$/);
    expect(first.clock).toEqual({ device: first.device, wall: 0, counter: 0 });
    expect(first.nextSeq).toBe(1);
    expect((await loadSyncState(db)).device).toBe(first.device);
    const other = await device('state-2');
    expect((await loadSyncState(other)).device).not.toBe(first.device);
  });

  it('takes its randomness from the caller when given', async () => {
    const db = await device('seeded');
    const state = await loadSyncState(db, (length) => new Uint8Array(length).fill(37));
    expect(state.device).toBe('b'.repeat(16));
  });
});

describe('collectLocal', () => {
  it('puts every change since the last collect into one outbox entry, and nothing when nothing changed', async () => {
    const db = await device('collect');
    await savePaper(db, makeCandidate('2611.00001'), SOURCE, tick());
    await markSeen(db, [makeCandidate('2611.00002')], SOURCE, undefined, tick());
    const entry = await collectOne(db);
    expect(entry.seq).toBe(1);
    expect(entry.batch.docs.map((doc) => doc.key).sort()).toEqual(['arxiv:2611.00001', 'arxiv:2611.00002']);
    expect(entry.batch.sightings.add.map((sighting) => sighting.paperKey)).toEqual(['arxiv:2611.00002']);
    expect(await collectLocal(db, tick())).toEqual([]);

    await setNote(db, KEY, 'first note', tick());
    await db.sightings.clear();
    const second = await collectOne(db);
    expect(second.seq).toBe(2);
    expect(second.batch.docs).toHaveLength(1);
    expect(second.batch.docs[0]?.note?.v).toBe('first note');
    expect(second.batch.sightings.del).toEqual(entry.batch.sightings.add.map((sighting) => sighting.id));
    expect((await outbox(db)).map((queued) => queued.seq)).toEqual([1, 2]);
    expect((await loadSyncState(db)).nextSeq).toBe(3);
  });

  it('sends a deleted paper as a deletion once', async () => {
    const db = await device('collect-delete');
    await savePaper(db, makeCandidate('2611.00001'), SOURCE, tick());
    await collectLocal(db, tick());
    await deletePapers(db, [KEY]);
    const entry = await collectOne(db);
    expect(entry.batch.docs).toEqual([{ key: KEY, del: expect.any(String) }]);
    expect(await collectLocal(db, tick())).toEqual([]);
  });
  it('splits a large collect into entries, the sightings after the docs of their papers', async () => {
    const a = await device('collect-large');
    const b = await device('collect-large-b');
    const ids = Array.from({ length: MAX_BATCH_DOCS + 1 }, (_, index) => `2611.${String(index + 1).padStart(5, '0')}`);
    await a.papers.bulkPut(ids.map((id) => makePaper(id)));
    await markSeen(a, [makeCandidate(ids[0]!), makeCandidate(ids.at(-1)!)], SOURCE, undefined, tick());
    const entries = await collectLocal(a, tick());
    expect(entries.map((entry) => [entry.seq, entry.batch.docs.length, entry.batch.sightings.add.length])).toEqual([
      [1, MAX_BATCH_DOCS, 0],
      [2, 1, 2],
    ]);
    for (const entry of entries) await applyRemote(b, entry.batch, await pathOf(a, entry), tick());
    expect(await b.papers.count()).toBe(ids.length);
    expect(await b.sightings.count()).toBe(2);
  }, 30_000);
});

describe('outbox', () => {
  it('keeps an entry’s encoded file and drops it once uploaded', async () => {
    const db = await device('outbox');
    await savePaper(db, makeCandidate('2611.00001'), SOURCE, tick());
    const entry = await collectOne(db);
    await setEncoded(db, entry.seq, 'changes/x/1', new Uint8Array([1, 2, 3]), 'sha256:ab');
    const [stored] = await outbox(db);
    expect(stored).toMatchObject({ seq: entry.seq, path: 'changes/x/1', hash: 'sha256:ab' });
    expect([...stored!.bytes!]).toEqual([1, 2, 3]);
    expect(await syncCounts(db)).toEqual({ pending: 1, conflicts: 0 });
    await dropOutbox(db, entry.seq);
    expect(await outbox(db)).toEqual([]);
    expect(await syncCounts(db)).toEqual({ pending: 0, conflicts: 0 });
  });
});

describe('two devices', () => {
  it('propagate saves, unsaves, notes, tags and deletions', async () => {
    const a = await device('a1');
    const b = await device('b1');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await savePaper(a, makeCandidate('2611.00002'), SOURCE, tick());
    await syncAll(a, b);
    expect(await library(b)).toEqual(await library(a));
    expect((await b.papers.get(KEY))?.savedAt).toBeDefined();

    await setNote(a, KEY, 'A *note*', tick());
    await setTags(b, KEY, ['physics', 'to read'], tick());
    await unsaveMany(b, ['arxiv:2611.00002'], tick());
    await syncAll(a, b);
    for (const db of [a, b]) {
      const paper = await db.papers.get(KEY);
      expect(paper?.note).toBe('A *note*');
      expect(paper?.tags).toEqual(['physics', 'to read']);
      expect((await db.papers.get('arxiv:2611.00002'))?.savedAt).toBeUndefined();
      // An unsaved paper keeps where it was saved from (papers-repo.ts unsavePaper), on every device.
      expect((await db.papers.get('arxiv:2611.00002'))?.savedFrom).toEqual(SOURCE);
    }
    expect(await library(b)).toEqual(await library(a));

    await setTags(a, KEY, ['physics'], tick());
    await deletePapers(b, ['arxiv:2611.00002']);
    await syncAll(a, b);
    expect((await a.papers.get(KEY))?.tags).toEqual(['physics']);
    expect(await a.papers.get('arxiv:2611.00002')).toBeUndefined();
    expect(await library(b)).toEqual(await library(a));
  });

  it('keep both texts of concurrent note edits: one wins, the other is a conflict to resolve', async () => {
    const a = await device('a2');
    const b = await device('b2');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await syncAll(a, b);
    await setNote(a, KEY, 'from A', tick());
    await setNote(b, KEY, 'from B', tick());
    await syncAll(a, b);

    const note = (await a.papers.get(KEY))?.note;
    expect((await b.papers.get(KEY))?.note).toBe(note);
    expect(['from A', 'from B']).toContain(note);
    const other = note === 'from A' ? 'from B' : 'from A';
    for (const db of [a, b]) {
      expect(await openConflictList(db)).toEqual([
        { key: KEY, title: 'Paper 2611.00001', id: expect.any(String), text: other, note },
      ]);
      expect((await syncCounts(db)).conflicts).toBe(1);
    }

    const [conflict] = await openConflictList(b);
    expect(await resolveNoteConflict(b, KEY, conflict!.id, 'append', tick())).toBe(`${note}${NOTE_SEPARATOR}${other}`);
    await syncAll(a, b);
    for (const db of [a, b]) {
      expect((await db.papers.get(KEY))?.note).toBe(`${note}${NOTE_SEPARATOR}${other}`);
      expect(await openConflictList(db)).toEqual([]);
    }
  });

  it('discarding a conflict keeps the note and closes the conflict everywhere', async () => {
    const a = await device('a3');
    const b = await device('b3');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await syncAll(a, b);
    await setNote(a, KEY, 'from A', tick());
    await setNote(b, KEY, 'from B', tick());
    await syncAll(a, b);
    const note = (await a.papers.get(KEY))?.note;
    const [conflict] = await openConflictList(a);
    expect(await resolveNoteConflict(a, KEY, conflict!.id, 'discard', tick())).toBe(note);
    await syncAll(a, b);
    for (const db of [a, b]) {
      expect((await db.papers.get(KEY))?.note).toBe(note);
      expect(await openConflictList(db)).toEqual([]);
    }
  });

  it('revive a paper saved again after a remote deletion', async () => {
    const a = await device('a4');
    const b = await device('b4');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await setNote(a, KEY, 'keep me?', tick());
    await syncAll(a, b);
    await deletePapers(a, [KEY]);
    await syncAll(a, b);
    expect(await b.papers.get(KEY)).toBeUndefined();

    await savePaper(b, makeCandidate('2611.00001'), SOURCE, tick());
    await syncAll(a, b);
    for (const db of [a, b]) {
      const paper = await db.papers.get(KEY);
      expect(paper?.savedAt).toBeDefined();
      expect(paper?.note).toBeUndefined();
    }
  });

  it('apply the same file once: a second applyRemote of its path changes nothing', async () => {
    const a = await device('a5');
    const b = await device('b5');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await setTags(a, KEY, ['x'], tick());
    const entry = await collectOne(a);
    expect(await applyRemote(b, entry.batch, 'changes/a/1', tick())).toEqual({
      changed: [KEY],
      deleted: [],
      invalid: [],
    });
    const tables = async (): Promise<unknown[]> =>
      Promise.all([b.papers.toArray(), b.syncDocs.toArray(), b.syncOutbox.toArray(), b.syncMeta.toArray()]);
    const before = await tables();
    expect(await applyRemote(b, entry.batch, 'changes/a/1', tick())).toEqual({ changed: [], deleted: [], invalid: [] });
    expect(await tables()).toEqual(before);
    // The same batch under another path joins to the same docs: still nothing changes in the library.
    expect(await applyRemote(b, entry.batch, 'changes/a/1-copy', tick())).toEqual({
      changed: [],
      deleted: [],
      invalid: [],
    });
    expect(await b.papers.toArray()).toEqual(before[0]);
  });

  it('never lose a local edit made before a remote file is applied', async () => {
    const a = await device('a6');
    const b = await device('b6');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await syncAll(a, b);
    await setNote(a, KEY, 'note from A', tick());
    const fromA = await collectOne(a);
    await setTags(b, KEY, ['from-b'], tick()); // not collected yet
    await applyRemote(b, fromA.batch, 'changes/a/2', tick());
    expect(await b.papers.get(KEY)).toMatchObject({ note: 'note from A', tags: ['from-b'] });
    const [queued] = await outbox(b);
    expect(queued?.batch.docs.map((doc) => Object.keys(doc.tags ?? {}))).toEqual([['from-b']]);
    await dropOutbox(a, fromA.seq);
    await syncAll(a, b);
    expect(await a.papers.get(KEY)).toMatchObject({ note: 'note from A', tags: ['from-b'] });
  });

  it('skip and list a doc that materializes to an invalid paper, leaving the paper as it was', async () => {
    const a = await device('a7');
    const b = await device('b7');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await syncAll(a, b);
    const before = await b.papers.get(KEY);
    const stamp = formatHlc(clock + 60_000, 0, 'zzzzzzzzzzzzzzzz');
    const bad: PaperDoc = { key: KEY, r: { latestVersion: { v: 0, t: stamp } } };
    const good: PaperDoc = {
      key: 'arxiv:2611.00009',
      r: {
        title: { v: 'Fine', t: stamp },
        authors: { v: [], t: stamp },
        subjects: { v: [], t: stamp },
        arxivId: { v: '2611.00009', t: stamp },
      },
      created: CREATED,
    };
    const result = await applyRemote(b, { docs: [bad, good], sightings: { add: [], del: [] } }, 'changes/z/1', tick());
    expect(result).toEqual({ changed: ['arxiv:2611.00009'], deleted: [], invalid: [KEY] });
    expect(await b.papers.get(KEY)).toEqual(before);
    expect((await b.papers.get('arxiv:2611.00009'))?.title).toBe('Fine');
  });

  it('never send a deletion of a paper known here only from a partial change', async () => {
    const a = await device('a10');
    const b = await device('b10');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await collectLocal(a, tick());
    await setTags(a, KEY, ['later'], tick());
    const tagOnly = await collectOne(a);
    // B reads the tag change before the file that created the paper.
    expect(await applyRemote(b, tagOnly.batch, 'changes/a/2', tick())).toEqual({
      changed: [],
      deleted: [],
      invalid: [],
    });
    expect(await b.papers.get(KEY)).toBeUndefined();
    expect(await collectLocal(b, tick())).toEqual([]);
    const [created] = await outbox(a);
    await applyRemote(b, created!.batch, 'changes/a/1', tick());
    expect(await b.papers.get(KEY)).toMatchObject({ tags: ['later'] });
    expect((await b.papers.get(KEY))?.savedAt).toBeDefined();
  });

  it('propagate sightings; deleted ones stay deleted, and go with their deleted paper', async () => {
    const a = await device('a8');
    const b = await device('b8');
    await markSeen(a, [makeCandidate('2611.00001'), makeCandidate('2611.00002')], SOURCE, 'mark-1', tick());
    await syncAll(a, b);
    const sightings = await a.sightings.orderBy('id').toArray();
    expect(await b.sightings.orderBy('id').toArray()).toEqual(sightings);
    const first = sightings.find((sighting) => sighting.paperKey === KEY)!;

    await a.sightings.delete(first.id);
    await syncAll(a, b);
    expect(await b.sightings.get(first.id)).toBeUndefined();
    // A late copy of the add (an old file read again under another path) does not bring it back.
    await applyRemote(b, { docs: [], sightings: { add: [first], del: [] } }, 'changes/old/1', tick());
    expect(await b.sightings.get(first.id)).toBeUndefined();

    // A sighting of a paper this device does not hold is not added.
    const stray = { ...first, id: 'stray-1', paperKey: 'arxiv:2611.00077' };
    await applyRemote(b, { docs: [], sightings: { add: [stray], del: [] } }, 'changes/old/2', tick());
    expect(await b.sightings.get('stray-1')).toBeUndefined();

    await deletePapers(b, ['arxiv:2611.00002']);
    await syncAll(a, b);
    expect(await a.papers.get('arxiv:2611.00002')).toBeUndefined();
    expect(await a.sightings.toArray()).toEqual([]);
    expect(await b.sightings.toArray()).toEqual([]);
  });

  it('converge on three devices with crossing edits', async () => {
    const [a, b, c] = [await device('a9'), await device('b9'), await device('c9')];
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await savePaper(b, makeCandidate('2611.00002'), SOURCE, tick());
    await syncAll(a, b, c);
    await setTags(a, KEY, ['a'], tick());
    await setTags(c, KEY, ['c'], tick());
    // Stamps are given when a device collects: C's deletion is collected before B's note, so the note is later.
    await deletePapers(c, ['arxiv:2611.00002']);
    await collectLocal(c, tick());
    await setNote(b, 'arxiv:2611.00002', 'b', tick());
    await collectLocal(b, tick());
    await syncAll(a, b, c);
    const expected = await library(a);
    expect(await library(b)).toEqual(expected);
    expect(await library(c)).toEqual(expected);
    expect(expected[KEY]?.tags).toEqual(['a', 'c']);
    // The note is later than the deletion: the paper stands, on C too.
    expect(expected['arxiv:2611.00002']?.note).toBe('b');
  });
});

describe('atomicity', () => {
  it('a collect that fails at its last write leaves no doc, no outbox entry and no clock behind', async () => {
    const db = await device('atomic-collect');
    await savePaper(db, makeCandidate('2611.00001'), SOURCE, tick());
    const before = await loadSyncState(db);
    const fail = (): void => {
      throw new Error('killed');
    };
    db.syncOutbox.hook('creating', fail);
    await expect(collectLocal(db, tick())).rejects.toThrow('killed');
    db.syncOutbox.hook('creating').unsubscribe(fail);
    expect(await db.syncDocs.count()).toBe(0);
    expect(await db.syncSightings.count()).toBe(0);
    expect(await loadSyncState(db)).toEqual(before);
    expect((await collectLocal(db, tick()))[0]?.batch.docs).toHaveLength(1);
  });

  it('an apply that fails at its last write changes neither the library nor the sync tables', async () => {
    const a = await device('atomic-a');
    const b = await device('atomic-b');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await syncAll(a, b);
    await setNote(a, KEY, 'from A', tick());
    const entry = await collectOne(a);
    await setTags(b, KEY, ['local'], tick());
    const snapshot = async (): Promise<unknown[]> =>
      Promise.all(
        [b.papers, b.sightings, b.syncDocs, b.syncSightings, b.syncOutbox, b.syncMeta, b.syncApplied].map((table) =>
          table.toArray(),
        ),
      );
    const before = await snapshot();
    const fail = (): void => {
      throw new Error('killed');
    };
    b.syncApplied.hook('creating', fail);
    await expect(applyRemote(b, entry.batch, 'changes/a/9', tick())).rejects.toThrow('killed');
    b.syncApplied.hook('creating').unsubscribe(fail);
    expect(await snapshot()).toEqual(before);
    await applyRemote(b, entry.batch, 'changes/a/9', tick());
    expect(await b.papers.get(KEY)).toMatchObject({ note: 'from A', tags: ['local'] });
  });
});

describe('previewRemote', () => {
  it('counts the papers a batch would delete or unsave', async () => {
    const a = await device('pa');
    const b = await device('pb');
    await savePaper(a, makeCandidate('2611.00001'), SOURCE, tick());
    await savePaper(a, makeCandidate('2611.00002'), SOURCE, tick());
    await markSeen(a, [makeCandidate('2611.00003')], SOURCE, undefined, tick());
    await syncAll(a, b);
    await deletePapers(a, [KEY]);
    await unsaveMany(a, ['arxiv:2611.00002'], tick());
    const entry = await collectOne(a);
    expect(await previewRemote(b, entry.batch.docs, tick())).toEqual({
      deletions: 1,
      unsaves: 1,
      library: 3,
      saved: 2,
    });
    // Nothing was written.
    expect(await b.papers.count()).toBe(3);
    expect(await b.syncOutbox.count()).toBe(0);
  });
});

describe('local backups and reset', () => {
  it('keeps the newest five backups, each the library’s JSON backup', async () => {
    const db = await device('backup');
    await db.papers.bulkPut([makePaper('2611.00001'), makePaper('2611.00002')]);
    const ids: string[] = [];
    for (let index = 0; index < KEPT_BACKUPS + 2; index++)
      ids.push(await makeLocalBackup(db, `before ${index}`, tick()));
    const kept = await db.syncBackups.orderBy('at').toArray();
    expect(kept.map((backup) => backup.id)).toEqual(ids.slice(2));
    expect(kept.at(-1)).toMatchObject({ reason: `before ${KEPT_BACKUPS + 1}`, papers: 2 });
    const json = JSON.parse(kept.at(-1)!.json) as { format: string; tables: { papers: Paper[] } };
    expect(json.format).toBe('dogear-backup');
    expect(json.tables.papers.map((paper) => paper.key)).toEqual(['arxiv:2611.00001', 'arxiv:2611.00002']);
  });

  it('turning sync off clears the sync tables but keeps the library and the backups', async () => {
    const db = await device('reset');
    await savePaper(db, makeCandidate('2611.00001'), SOURCE, tick());
    await collectLocal(db, tick());
    await makeLocalBackup(db, 'test', tick());
    await resetSyncState(db);
    for (const table of [db.syncDocs, db.syncSightings, db.syncOutbox, db.syncApplied, db.syncMeta]) {
      expect(await table.count(), table.name).toBe(0);
    }
    expect(await db.papers.count()).toBe(1);
    expect(await db.syncBackups.count()).toBe(1);
  });
});
