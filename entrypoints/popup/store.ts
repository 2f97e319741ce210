/**
 * Everything in the popup that needs Dexie, in its own chunk: loaded after the first rows are painted (first-page.ts
 * reads those with raw IndexedDB), so compiling Dexie never delays them.
 */
import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import { AppDB, DB_NAME } from '../../lib/db/app-db.ts';
import type { Paper } from '../../lib/paper/model.ts';
import { RAW_DB_NAME } from './first-page.ts';

export { setNote, setTags } from '../../lib/db/papers-repo.ts';

if (DB_NAME !== RAW_DB_NAME) throw new Error(`first-page.ts reads "${RAW_DB_NAME}", the database is "${DB_NAME}"`);

export const db = new AppDB();

/** Records per read: big enough that 100k take 20 reads, small enough that each stays a short task. */
const CHUNK = 5000;

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Every paper, read in chunks by primary key with a task boundary between chunks, so keys and scrolling stay
 * responsive while 100,000 records are read (one getAll of everything is a main-thread task of seconds).
 * Undefined when `cancelled()` turned true meanwhile.
 */
export async function loadAll(cancelled: () => boolean): Promise<Paper[] | undefined> {
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
 * Calls `onChange` with the keys of papers written anywhere — this page, the background, another extension page
 * (Dexie relays its `storagemutated` event over a BroadcastChannel) — or 'all' when a write named no keys (a range
 * delete, a clear). Returns the unsubscribe function.
 */
export function watchPapers(onChange: (keys: Set<string> | 'all') => void): () => void {
  const prefix = `idb://${db.name}/papers/`;
  const listener = (parts: ObservabilitySet): void => {
    const keys = new Set<string>();
    let touched = false;
    let all = 'all' in parts; // Dexie's "everything may have changed" (back/forward cache)
    for (const part of [prefix, `${prefix}:dels`]) {
      if (!(part in parts)) continue;
      touched = true;
      if (keysIn(parts[part], keys) === 'all') all = true;
    }
    if (all) onChange('all');
    else if (touched) onChange(keys);
  };
  Dexie.on.storagemutated.subscribe(listener);
  return () => Dexie.on.storagemutated.unsubscribe(listener);
}
