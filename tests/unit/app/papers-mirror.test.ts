import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mirrorPapers, SLICE, sliceBounds, type Mirror, type MirrorUpdate } from '../../../lib/app/papers-mirror.ts';
import { AppDB } from '../../../lib/db/app-db.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import { CREATED, makePaper } from '../../support/papers.ts';

// liveQuery runs only where Dexie's own dependencies have an indexedDB (it reads them, not the handle's options).
beforeEach(() => {
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
});

/** Two handles on one fake database: the mirror's page, and "another context" (popup, background) writing it. */
function databases(): { page: AppDB; other: AppDB } {
  return { page: new AppDB(), other: new AppDB() };
}

const ids = (count: number, from = 10_000): string[] => Array.from({ length: count }, (_, i) => `2401.${from + i}`);

let mirror: Mirror | undefined;
afterEach(() => mirror?.close());

/** Starts a mirror; `next(test)` resolves with the first update that passes `test`. */
function watch(db: AppDB, sliceReads?: string[]) {
  const updates: MirrorUpdate[] = [];
  const waiters: Array<{ test: (update: MirrorUpdate) => boolean; resolve: (update: MirrorUpdate) => void }> = [];
  let failure: unknown;
  let listening: () => void = () => undefined;
  const listens = new Promise<void>((resolve) => (listening = resolve));
  mirror = mirrorPapers(
    db,
    (update) => {
      updates.push(update);
      for (const waiter of [...waiters]) {
        if (waiter.test(update)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(update);
        }
      }
    },
    (error) => (failure = error),
    {
      onListening: listening,
      ...(sliceReads ? { onSliceRead: ({ lo }: { lo: string }) => void sliceReads.push(lo) } : {}),
    },
  );
  return {
    updates,
    failure: () => failure,
    listens,
    next: (test: (update: MirrorUpdate) => boolean) =>
      new Promise<MirrorUpdate>((resolve) => {
        const done = updates.find(test);
        if (done) resolve(done);
        else waiters.push({ test, resolve });
      }),
  };
}

/** Writes as a repository does: the record with `fields` changed and a newer updatedAt. */
async function edit(db: AppDB, key: string, fields: Partial<Paper>, at: number): Promise<Paper> {
  const before = (await db.papers.get(key))!;
  await db.papers.put({ ...before, ...fields, updatedAt: at });
  return before;
}

const byKey = (update: MirrorUpdate, key: string): Paper | undefined =>
  update.papers.find((paper) => paper.key === key);

describe('sliceBounds', () => {
  it('cuts sorted keys into ranges of `size` that cover every key', () => {
    expect(sliceBounds(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([
      { lo: '', hi: 'c' },
      { lo: 'c', hi: 'e' },
      { lo: 'e', hi: undefined },
    ]);
    expect(sliceBounds([], 2)).toEqual([{ lo: '', hi: undefined }]);
  });
});

describe('mirrorPapers', () => {
  it('loads every paper, then follows a write from another context', async () => {
    const { page, other } = databases();
    await other.papers.bulkPut(ids(3).map((id) => makePaper(id)));
    const watcher = watch(page);
    const first = await watcher.next(() => true);
    expect(first.papers.map((paper) => paper.key).sort()).toEqual(ids(3).map((id) => `arxiv:${id}`));
    expect(first.changed).toBeUndefined();

    await edit(other, 'arxiv:2401.10001', { note: 'read this' }, CREATED + 5);
    const noted = await watcher.next((update) => byKey(update, 'arxiv:2401.10001')?.note === 'read this');
    expect(noted.papers).toHaveLength(3);
  });

  it('sees an undo that puts a record back with its old updatedAt, and deletes and re-adds from another context', async () => {
    const { page, other } = databases();
    await other.papers.bulkPut(
      ids(30).map((id) =>
        makePaper(id, {
          savedAt: CREATED,
          savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' },
        }),
      ),
    );
    const watcher = watch(page);
    await watcher.next(() => true);
    const key = 'arxiv:2401.10007';

    const before = await edit(other, key, { savedAt: undefined, savedFrom: undefined }, CREATED + 10); // unsave
    await watcher.next((update) => byKey(update, key)?.savedAt === undefined);

    await other.papers.put(before); // undo: the record as it was, savedAt and updatedAt both old
    const restored = await watcher.next((update) => byKey(update, key)?.savedAt === CREATED);
    expect(byKey(restored, key)!.updatedAt).toBe(CREATED);
    expect(restored.papers.filter((paper) => paper.savedAt !== undefined)).toHaveLength(30);

    await other.papers.delete(key);
    await watcher.next((update) => update.papers.length === 29 && byKey(update, key) === undefined);
    await other.papers.put(before);
    await watcher.next((update) => update.papers.length === 30 && byKey(update, key) !== undefined);
    expect(watcher.failure()).toBeUndefined();
  });

  it('re-reads only the slice a single write touched', async () => {
    const { page, other } = databases();
    await other.papers.bulkPut(ids(3 * SLICE).map((id) => makePaper(id)));
    const reads: string[] = [];
    const watcher = watch(page, reads);
    await watcher.listens;
    // One paper of the last slice changes.
    const last = `arxiv:2401.${10_000 + 3 * SLICE - 1}`;
    await edit(other, last, { note: 'late' }, CREATED + 1);
    const noted = await watcher.next((update) => byKey(update, last)?.note === 'late');
    expect([...noted.changed!]).toEqual([last]);
    expect(reads).toEqual([`arxiv:2401.${10_000 + 2 * SLICE}`]);
  }, 30_000); // 6,000 records through fake-indexeddb
});
