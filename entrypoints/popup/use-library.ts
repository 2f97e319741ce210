/**
 * Every paper of the library, indexed for search, kept current while the popup is open: loaded in chunks after the
 * first paint (store.ts loadAll), then patched as papers change anywhere — the changed keys are re-read with one
 * bulkGet, instead of re-reading the table as a liveQuery over it would on every change.
 */
import { useEffect, useState } from 'preact/hooks';
import { buildIndex, type LibraryIndex } from '../../lib/search/index.ts';
import type { Paper } from '../../lib/paper/model.ts';

export interface Library {
  papers: readonly Paper[];
  index: LibraryIndex;
}

/** Changes arriving together (a bulk edit, a write and its relay) are applied once. */
const SETTLE_MS = 30;

/** The Dexie side of the popup, in its own chunk. */
export const store = () => import('./store.ts');

/** @param start false until the caller has painted what it has: the load then begins in the next task. */
export function useLibrary(start: boolean): { library?: Library; error?: string } {
  const [state, setState] = useState<{ library?: Library; error?: string }>({});

  useEffect(() => {
    if (!start) return;
    let cancelled = false;
    let papers: Paper[] | undefined;
    let pending = new Set<string>();
    let reloadAll = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unwatch: (() => void) | undefined;
    const fail = (error: unknown): void => setState({ error: error instanceof Error ? error.message : String(error) });
    const publish = (list: Paper[]): void => {
      papers = list;
      setState({ library: { papers: list, index: buildIndex(list) } });
    };

    async function load(): Promise<void> {
      const { loadAll } = await store();
      const all = await loadAll(() => cancelled);
      if (all === undefined || cancelled) return;
      publish(all);
      schedule(); // changes made while it loaded
    }

    async function applyChanges(): Promise<void> {
      if (papers === undefined) return; // the load in progress applies them when it ends
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
      const { db } = await store();
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

    function schedule(): void {
      clearTimeout(timer);
      timer = setTimeout(() => void applyChanges().catch(fail), SETTLE_MS);
    }

    const begin = setTimeout(() => {
      store()
        .then(({ watchPapers }) => {
          if (cancelled) return;
          unwatch = watchPapers((keys) => {
            if (keys === 'all') reloadAll = true;
            else for (const key of keys) pending.add(key);
            schedule();
          });
          return load();
        })
        .catch(fail);
    }, 0);
    return () => {
      cancelled = true;
      clearTimeout(begin);
      clearTimeout(timer);
      unwatch?.();
    };
  }, [start]);

  return state;
}
