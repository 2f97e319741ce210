/**
 * Every paper of the library, indexed for search, kept current while the popup is open.
 *
 * - Loaded in chunks by primary key, yielding to the event loop between chunks, so keys and scrolling stay responsive
 *   while 100,000 records are read (one getAll of everything is a main-thread task of seconds).
 * - Kept current through Dexie's `storagemutated` event, which Dexie raises for writes in this page and relays (over a
 *   BroadcastChannel) from the background and other extension pages: the changed keys are re-read with one bulkGet
 *   and patched in, instead of re-reading the table as a liveQuery over it would on every change. A change that names
 *   no keys (a range delete, a clear) reloads everything.
 */
import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/db/app-db.ts';
import { buildIndex, type LibraryIndex } from '../../lib/library/query.ts';
import type { Paper } from '../../lib/model.ts';

export interface Library {
  papers: readonly Paper[];
  index: LibraryIndex;
}

/** Records per read: big enough that 100k take 20 reads, small enough that each stays a short task. */
const CHUNK = 5000;
/** Changes arriving together (a bulk edit, a write and its relay) are applied once. */
const SETTLE_MS = 30;

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function loadAll(db: AppDB, cancelled: () => boolean): Promise<Paper[] | undefined> {
  const papers: Paper[] = [];
  let last: string | undefined;
  for (;;) {
    const chunk =
      last === undefined ? await db.papers.orderBy(':id').limit(CHUNK).toArray() : await db.papers.where(':id').above(last).limit(CHUNK).toArray();
    if (cancelled()) return undefined;
    for (const paper of chunk) papers.push(paper);
    if (chunk.length < CHUNK) return papers;
    last = chunk[chunk.length - 1]!.key;
    await nextTask();
  }
}

/** The paper keys a mutation names, or 'all' when it covers a range rather than single keys. */
function keysIn(tree: IntervalTree | undefined, into: Set<string>): 'all' | undefined {
  if (tree === undefined || tree.d === 0 || !('from' in tree)) return undefined;
  if (tree.from !== tree.to || typeof tree.from !== 'string') return 'all';
  into.add(tree.from);
  return (tree.l ? keysIn(tree.l, into) : undefined) ?? (tree.r ? keysIn(tree.r, into) : undefined);
}

/**
 * @param start false until the caller has painted what it has: the load then begins in the next task.
 */
export function useLibrary(db: AppDB, start: boolean): { library?: Library; error?: string } {
  const [state, setState] = useState<{ library?: Library; error?: string }>({});

  useEffect(() => {
    if (!start) return;
    let cancelled = false;
    let papers: Paper[] | undefined;
    let pending = new Set<string>();
    let reloadAll = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (error: unknown): void => setState({ error: error instanceof Error ? error.message : String(error) });
    const publish = (list: Paper[]): void => {
      papers = list;
      setState({ library: { papers: list, index: buildIndex(list) } });
    };

    const load = async (): Promise<void> => {
      const all = await loadAll(db, () => cancelled);
      if (all !== undefined && !cancelled) publish(all);
      apply();
    };

    async function applyChanges(): Promise<void> {
      if (papers === undefined) return; // the load in progress picks them up, or applies them when it ends
      if (reloadAll) {
        reloadAll = false;
        pending = new Set();
        papers = undefined;
        await load();
        return;
      }
      const keys = [...pending];
      pending = new Set();
      if (keys.length === 0) return;
      const records = await db.papers.bulkGet(keys);
      if (cancelled || papers === undefined) return;
      const fresh = new Map<string, Paper | undefined>(keys.map((key, i) => [key, records[i]]));
      const next: Paper[] = [];
      for (const paper of papers) {
        if (!fresh.has(paper.key)) next.push(paper);
        else {
          const record = fresh.get(paper.key);
          if (record !== undefined) next.push(record);
          fresh.delete(paper.key);
        }
      }
      for (const record of fresh.values()) if (record !== undefined) next.push(record);
      publish(next);
    }

    function apply(): void {
      clearTimeout(timer);
      timer = setTimeout(() => void applyChanges().catch(fail), SETTLE_MS);
    }

    const prefix = `idb://${db.name}/papers/`;
    const onMutated = (parts: ObservabilitySet): void => {
      let touched = false;
      for (const part of [prefix, `${prefix}:dels`]) {
        if (!(part in parts)) continue;
        touched = true;
        if (keysIn(parts[part], pending) === 'all') reloadAll = true;
      }
      if ('all' in parts) reloadAll = touched = true; // Dexie's "everything may have changed" (back/forward cache)
      if (touched) apply();
    };
    Dexie.on.storagemutated.subscribe(onMutated);
    const frame = setTimeout(() => void load().catch(fail), 0);
    return () => {
      cancelled = true;
      clearTimeout(frame);
      clearTimeout(timer);
      Dexie.on.storagemutated.unsubscribe(onMutated);
    };
  }, [start]);

  return state;
}
