/**
 * One live copy of the `papers` table for an extension page, kept current with Dexie's public `liveQuery` and fast at
 * 100,000 papers: a change re-reads only the slice of the table it touched, never the whole table.
 *
 * How:
 *
 * 1. The table is read once (one read, or chunks with a task boundary between them for a page that must stay responsive
 *    meanwhile, the popup).
 * 2. The primary-key space is cut into slices of about SLICE papers, from the keys just read. Each slice is one liveQuery
 *    over its key range (`where(':id').between(lo, hi)`). Dexie re-runs a liveQuery when a write in any context (this
 *    page, the background, another page: Dexie relays writes over a BroadcastChannel) touches a key in the range it
 *    read, whatever the write is: a put with a newer `updatedAt`, an undo that puts a record back with its old
 *    `updatedAt`, a cite key stored without touching `updatedAt`, a delete. So the slice's records as read are the
 *    truth for its range: they replace what the mirror held there.
 * 3. The first run of a slice reads one record (it only has to register the range: its records are those of step 1). A
 *    write that lands between step 1 and the slices' first runs is caught by a guard: a liveQuery over the whole key
 *    range subscribed before step 1 and dropped once every slice listens; if it fired meanwhile, step 1 runs again.
 * 4. A slice that grows past twice its size (an import) makes the mirror cut its slices again from a fresh read.
 *
 * Writes of 50 or more records at once (bulk tagging, an import, an undo of either) are reported by Dexie for the whole
 * table: every slice re-reads, which is a full read in slices, as a reload would be.
 */
import { liveQuery } from 'dexie';
import type { AppDB } from '../db/app-db.ts';
import type { Paper } from '../paper/model.ts';

/** Papers per slice: a re-read after a change is one range read of about this many records. */
export const SLICE = 2000;

/** What a mirror reports: every paper (a new array on each change), and the keys that changed (all on the first). */
export interface MirrorUpdate {
  papers: readonly Paper[];
  /** Keys written or deleted since the last update; undefined on the first update and after a reload. */
  changed?: ReadonlySet<string>;
}

export interface MirrorOptions {
  /** Read step 1 in chunks of this many records, a task apart (the popup); one read when absent (the library page). */
  chunk?: number;
  /** Called before each slice is read again after a change: lets a benchmark or test see the mirror at work. */
  onSliceRead?(range: { lo: string; hi: string | undefined }): void;
  /** Called when every slice listens: from then on a write is followed by re-reading its slice alone. */
  onListening?(): void;
}

export interface Mirror {
  /** Stops listening. */
  close(): void;
}

interface Slice {
  /** First key of the range (included); '' is below every key. */
  lo: string;
  /** First key after the range (excluded); undefined for the last slice. */
  hi: string | undefined;
  keys: Set<string>;
  subscription?: { unsubscribe(): void };
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Every paper, in primary-key order, read at once or in chunks. Undefined when `stopped()` turned true meanwhile. */
async function readAll(db: AppDB, chunk: number | undefined, stopped: () => boolean): Promise<Paper[] | undefined> {
  if (chunk === undefined) return db.papers.toArray();
  const papers: Paper[] = [];
  let last: string | undefined;
  for (;;) {
    const part =
      last === undefined
        ? await db.papers.orderBy(':id').limit(chunk).toArray()
        : await db.papers.where(':id').above(last).limit(chunk).toArray();
    if (stopped()) return undefined;
    for (const paper of part) papers.push(paper);
    if (part.length < chunk) return papers;
    last = part[part.length - 1]!.key;
    await nextTask();
  }
}

/**
 * Whether a re-read record is the one held: the same `updatedAt` and the same fields. Not `updatedAt` alone: a cite key
 * is stored without touching it. Unchanged records keep their identity, so what is derived from them stays cached.
 */
function samePaper(held: Paper | undefined, read: Paper): boolean {
  if (held === undefined || held.updatedAt !== read.updatedAt) return false;
  return JSON.stringify(held) === JSON.stringify(read);
}

/** The slice ranges for `keys` (sorted): one per SLICE keys, together covering every possible key. */
export function sliceBounds(keys: readonly string[], size = SLICE): Array<{ lo: string; hi: string | undefined }> {
  const bounds: Array<{ lo: string; hi: string | undefined }> = [];
  let lo = '';
  for (let index = size; index < keys.length; index += size) {
    bounds.push({ lo, hi: keys[index]! });
    lo = keys[index]!;
  }
  bounds.push({ lo, hi: undefined });
  return bounds;
}

/** The records of a slice's range, in key order. */
function rangeOf(db: AppDB, lo: string, hi: string | undefined) {
  return hi === undefined
    ? db.papers.where(':id').aboveOrEqual(lo)
    : db.papers.where(':id').between(lo, hi, true, false);
}

/**
 * Starts a mirror of `db.papers`: `listener` gets every paper once loaded, then again after every change, from any
 * context. `onError` gets a failed read (the database closed, deleted…); the mirror stops then.
 *
 * @example
 *   const mirror = mirrorPapers(
 *     db,
 *     ({ papers }) => render(papers),
 *     (error) => show(error),
 *   );
 */
export function mirrorPapers(
  db: AppDB,
  listener: (update: MirrorUpdate) => void,
  onError: (error: unknown) => void,
  options: MirrorOptions = {},
): Mirror {
  let stopped = false;
  const held = new Map<string, Paper>();
  let slices: Slice[] = [];
  let changed = new Set<string>();
  let scheduled = false;
  let reloading = false;

  const fail = (error: unknown): void => {
    if (stopped) return;
    close();
    onError(error);
  };

  /** Publishes once, however many slices answered before the microtask runs. */
  function publish(): void {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (stopped || changed.size === 0) return;
      const update: MirrorUpdate = { papers: [...held.values()], changed };
      changed = new Set();
      listener(update);
    });
  }

  /** A slice's range as read now: its records replace those the mirror held in that range. */
  function apply(slice: Slice, records: readonly Paper[]): void {
    const present = new Set<string>();
    for (const paper of records) {
      present.add(paper.key);
      if (!samePaper(held.get(paper.key), paper)) {
        held.set(paper.key, paper);
        changed.add(paper.key);
      }
    }
    for (const key of slice.keys) {
      if (present.has(key)) continue;
      held.delete(key);
      changed.add(key);
    }
    slice.keys = present;
    publish();
    // A slice that grew past twice its size (an import) is cut again from a fresh read, so later changes stay cheap.
    if (present.size > 2 * SLICE && !reloading) {
      reloading = true;
      load()
        .catch(fail)
        .finally(() => (reloading = false));
    }
  }

  /**
   * Listens to one slice's range. The first run only registers the range (the slice's records were just read), so the
   * promise resolves once the slice listens; every later run reads the range and applies it.
   */
  function listen(slice: Slice): Promise<void> {
    return new Promise<void>((resolve) => {
      // Flipped by the querier itself: if Dexie runs it again before the first answer (a write meanwhile), that run
      // reads the range in full.
      let probed = false;
      slice.subscription = liveQuery(() => {
        if (!probed) {
          probed = true;
          return rangeOf(db, slice.lo, slice.hi)
            .limit(1)
            .toArray()
            .then(() => undefined);
        }
        options.onSliceRead?.({ lo: slice.lo, hi: slice.hi });
        return rangeOf(db, slice.lo, slice.hi).toArray();
      }).subscribe({
        next: (records) => {
          resolve();
          if (records !== undefined && !stopped && slices.includes(slice)) apply(slice, records);
        },
        error: (error: unknown) => {
          resolve();
          fail(error);
        },
      });
    });
  }

  async function load(): Promise<void> {
    // The guard: any write from now until every slice listens makes this load run again.
    let guardRuns = 0;
    let guarding: () => void = () => undefined;
    const guardListens = new Promise<void>((resolve) => (guarding = resolve));
    const guard = liveQuery(() => db.papers.limit(1).toArray()).subscribe({
      next: () => {
        guardRuns += 1;
        guarding();
      },
      error: (error: unknown) => {
        guarding();
        fail(error);
      },
    });
    try {
      await guardListens;
      // Out of the guard's liveQuery zone first: a read made inside one is cached and deep-cloned by Dexie, which for
      // the whole table would double the load.
      await nextTask();
      const papers = await readAll(db, options.chunk, () => stopped);
      if (papers === undefined || stopped) return;
      held.clear();
      for (const paper of papers) held.set(paper.key, paper);
      changed = new Set();
      // Shown at once; the slices listen right after (a write meanwhile is the guard's to catch).
      listener({ papers: [...held.values()] });
      for (const slice of slices) slice.subscription?.unsubscribe();
      const keys = papers.map((paper) => paper.key); // primary-key order
      slices = sliceBounds(keys).map(({ lo, hi }) => ({ lo, hi, keys: new Set<string>() }));
      let index = 0;
      for (const key of keys) {
        while (slices[index]!.hi !== undefined && key >= slices[index]!.hi!) index += 1;
        slices[index]!.keys.add(key);
      }
      await Promise.all(slices.map(listen));
      // Something was written while loading: read again (rare; the slices listen from here on).
      if (!stopped && guardRuns > 1) await load();
      else if (!stopped) options.onListening?.();
    } finally {
      guard.unsubscribe();
    }
  }

  function close(): void {
    stopped = true;
    for (const slice of slices) slice.subscription?.unsubscribe();
    slices = [];
  }

  load().catch(fail);
  return { close };
}
