/**
 * The library page's first screenful, read before anything else: the newest saves (one indexed read), topped up with
 * the most recently seen papers when fewer than a screen are saved. Started at module scope, so the read overlaps
 * loading and rendering. No count(): Chromium's IndexedDB counts by walking the store, ~100 ms at 100k papers.
 */
import type { AppDB } from '../db/app-db.ts';
import type { Paper, Sighting } from '../paper/model.ts';

/** Rows read for the preview: more than a tall screen shows. */
export const PREVIEW_ROWS = 60;

export async function readPreview(db: AppDB): Promise<Paper[]> {
  performance.mark('dogear-library-read');
  const saved = await db.papers.orderBy('savedAt').reverse().limit(PREVIEW_ROWS).toArray();
  const rows =
    saved.length < PREVIEW_ROWS
      ? [
          ...saved,
          ...(await db.papers.orderBy('lastSeenAt').reverse().limit(PREVIEW_ROWS).toArray()).filter(
            (paper) => paper.savedAt === undefined,
          ),
        ].slice(0, PREVIEW_ROWS)
      : saved;
  performance.mark('dogear-library-preview');
  return rows;
}

/** The sightings of these papers (the Activity tab reads them only for papers without a first-seen time). */
export async function sightingsOf(db: AppDB, keys: readonly string[]): Promise<Sighting[]> {
  return keys.length === 0
    ? []
    : db.sightings
        .where('paperKey')
        .anyOf([...keys])
        .toArray();
}
