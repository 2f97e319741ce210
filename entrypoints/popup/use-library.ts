/**
 * Every paper of the library, indexed for search, kept current while the popup is open: the extension pages' one live
 * mirror of the papers table (lib/app/papers-mirror.ts), started after the first paint and read in chunks, so keys and
 * scrolling stay responsive while 100,000 records load. A write anywhere (this popup, the background, another page)
 * reaches it through Dexie's liveQuery, and the search index is rebuilt from the new list.
 */
import { useEffect, useState } from 'preact/hooks';
import { buildIndex, type LibraryIndex } from '../../lib/search/index.ts';
import type { Paper } from '../../lib/paper/model.ts';

export interface Library {
  papers: readonly Paper[];
  index: LibraryIndex;
}

/** Records per read of the first load: big enough that 100k take 20 reads, small enough that each stays a short task. */
const CHUNK = 5000;

/** The Dexie side of the popup, in its own chunk. */
export const store = () => import('./store.ts');

/** @param start false until the caller has painted what it has: the load then begins in the next task. */
export function useLibrary(start: boolean): { library?: Library; error?: string } {
  const [state, setState] = useState<{ library?: Library; error?: string }>({});

  useEffect(() => {
    if (!start) return;
    let cancelled = false;
    let close: (() => void) | undefined;
    const fail = (error: unknown): void => {
      if (!cancelled) setState({ error: error instanceof Error ? error.message : String(error) });
    };
    const begin = setTimeout(() => {
      store()
        .then(({ db, mirrorPapers }) => {
          if (cancelled) return;
          const mirror = mirrorPapers(
            db,
            ({ papers }) => {
              if (!cancelled) setState({ library: { papers, index: buildIndex(papers) } });
            },
            fail,
            { chunk: CHUNK },
          );
          close = () => mirror.close();
        })
        .catch(fail);
    }, 0);
    return () => {
      cancelled = true;
      clearTimeout(begin);
      close?.();
    };
  }, [start]);

  return state;
}
