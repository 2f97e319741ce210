/**
 * The library page's copy of the `papers` table, kept current without re-reading 100,000 records on every change.
 *
 * 1. Preview (readPreview): the newest saves (one indexed read of a screenful), so the page shows rows at once.
 * 2. Full load: every record, once.
 * 3. Then a Dexie liveQuery over `count()` plus the records whose `updatedAt` is at or above the newest one held:
 *    every writer (background, popup, another library tab) bumps `updatedAt`, so this reads only what changed; a
 *    count that still differs after merging and after RECHECK_MS (a delete elsewhere) triggers one full reload.
 * 4. This page's own writes call `refresh(keys)`: undo restores records with their old `updatedAt`, which step 3
 *    cannot see.
 */
import { liveQuery } from 'dexie';
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/db/app-db.ts';
import type { Paper } from '../../lib/paper/model.ts';

/** How long a count that disagrees with the held papers may wait for this page's own refresh before a full reload. */
const RECHECK_MS = 400;

/** Rows read for the preview: more than a tall screen shows. */
export const PREVIEW_ROWS = 60;

export type LibraryState =
  | { status: 'loading' }
  | { status: 'preview'; preview: readonly Paper[] }
  | { status: 'ready'; papers: readonly Paper[] }
  | { status: 'error'; error: string };

export interface Library {
  state: LibraryState;
  /** Re-reads these keys (after this page wrote them); absent records are dropped. */
  refresh(keys: readonly string[]): Promise<void>;
}

/** After the next frame is painted; in a hidden tab (no frames) after 50 ms. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The first screenful: the newest saves (one indexed read), topped up with the most recently seen papers when fewer
 * than a screen are saved. Call it before the first render (module scope), so the read overlaps loading and rendering.
 * No count(): Chromium's IndexedDB counts by walking the store, ~100 ms at 100k papers.
 */
export async function readPreview(db: AppDB): Promise<Paper[]> {
  performance.mark('dogear-library-read');
  const saved = await db.papers.orderBy('savedAt').reverse().limit(PREVIEW_ROWS).toArray();
  const rows =
    saved.length < PREVIEW_ROWS
      ? [
          ...saved,
          ...(await db.papers.orderBy('lastSeenAt').reverse().limit(PREVIEW_ROWS).toArray()).filter((paper) => paper.savedAt === undefined),
        ].slice(0, PREVIEW_ROWS)
      : saved;
  performance.mark('dogear-library-preview');
  return rows;
}

/** @param preview from readPreview, started before the first render. */
export function useLibrary(db: AppDB, preview: Promise<Paper[]>): Library {
  const [state, setState] = useState<LibraryState>({ status: 'loading' });
  const store = useRef(new Map<string, Paper>());
  const since = useRef(0);
  const loaded = useRef(false);

  const publish = useCallback(() => {
    setState({ status: 'ready', papers: [...store.current.values()] });
  }, []);

  const remember = (paper: Paper): void => {
    store.current.set(paper.key, paper);
    if (paper.updatedAt > since.current) since.current = paper.updatedAt;
  };

  const loadAll = useCallback(async () => {
    const papers = await db.papers.toArray();
    store.current = new Map();
    since.current = 0;
    for (const paper of papers) remember(paper);
    loaded.current = true;
    publish();
  }, [db]);

  const refresh = useCallback(
    async (keys: readonly string[]) => {
      if (!loaded.current || keys.length === 0) return;
      const unique = [...new Set(keys)];
      const papers = await db.papers.bulkGet(unique);
      unique.forEach((key, index) => {
        const paper = papers[index];
        if (paper) remember(paper);
        else store.current.delete(key);
      });
      publish();
    },
    [db],
  );

  // A layout effect, not useEffect: Preact runs effects after the next frame, which would hold the first rows back a
  // frame after the preview read (already under way since module load) has answered.
  useLayoutEffect(() => {
    let cancelled = false;
    let subscription: { unsubscribe(): void } | undefined;
    let recheck: ReturnType<typeof setTimeout> | undefined;
    const fail = (error: unknown): void => {
      if (!cancelled) setState({ status: 'error', error: message(error) });
    };
    void (async () => {
      try {
        const rows = await preview;
        if (cancelled) return;
        setState({ status: 'preview', preview: rows });
        await afterPaint(); // the preview shows before the long read, whose results arrive as one big task
        if (cancelled) return;
        await loadAll();
        if (cancelled) return;
        subscription = liveQuery(async () => {
          const [count, changed] = await Promise.all([
            db.papers.count(),
            db.papers.where('updatedAt').aboveOrEqual(since.current).toArray(),
          ]);
          return { count, changed };
        }).subscribe({
          next: ({ count, changed }) => {
            if (cancelled) return;
            let dirty = false;
            for (const paper of changed) {
              if (store.current.get(paper.key)?.updatedAt === paper.updatedAt) continue; // already held (absent: undefined)
              remember(paper);
              dirty = true;
            }
            if (count !== store.current.size) {
              // Papers were added or deleted without a newer updatedAt: a delete, an undo (old records put back), an
              // import. When this page did it, its own refresh(keys) is about to catch up; reload only if it does not.
              if (dirty) publish();
              if (recheck === undefined) {
                recheck = setTimeout(() => {
                  recheck = undefined;
                  void db.papers
                    .count()
                    .then((now) => (now === store.current.size || cancelled ? undefined : loadAll()))
                    .catch(fail);
                }, RECHECK_MS);
              }
            } else if (dirty) publish();
          },
          error: fail,
        });
      } catch (error) {
        fail(error);
      }
    })();
    return () => {
      cancelled = true;
      subscription?.unsubscribe();
      clearTimeout(recheck);
    };
  }, [db, preview]);

  return { state, refresh };
}
