/**
 * The library page's copy of the `papers` table: the preview first (lib/app/preview.ts, the newest saves, so rows show
 * at once), then every paper from the live mirror (lib/app/papers-mirror.ts), which follows every change made anywhere
 * — this page, the popup, a listing tab, an undo that puts an old record back, a delete in another tab.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/app/db.ts';
import { mirrorPapers } from '../../lib/app/papers-mirror.ts';
import type { Paper } from '../../lib/paper/model.ts';

export type LibraryState =
  | { status: 'loading' }
  | { status: 'preview'; preview: readonly Paper[] }
  | { status: 'ready'; papers: readonly Paper[] }
  | { status: 'error'; error: string };

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

/** @param preview from readPreview, started before the first render. */
export function useLibrary(db: AppDB, preview: Promise<Paper[]>): LibraryState {
  const [state, setState] = useState<LibraryState>({ status: 'loading' });

  // A layout effect, not useEffect: Preact runs effects after the next frame, which would hold the first rows back a
  // frame after the preview read (already under way since module load) has answered.
  useLayoutEffect(() => {
    let cancelled = false;
    let mirror: { close(): void } | undefined;
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
        mirror = mirrorPapers(db, ({ papers }) => !cancelled && setState({ status: 'ready', papers }), fail, {
          // Marks the page for tests: from here on a change anywhere is followed.
          onListening: () => document.documentElement.setAttribute('data-dogear-live', ''),
        });
      } catch (error) {
        fail(error);
      }
    })();
    return () => {
      cancelled = true;
      mirror?.close();
    };
  }, [db, preview]);

  return state;
}
