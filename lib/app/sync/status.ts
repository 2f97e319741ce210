/**
 * What the popup's sync line reads, without the engine, the WebDAV client or the login flow: the popup loads this, and
 * only this, of sync (components/popup/SyncState.tsx).
 */
import type { AppDB } from '../../db/app-db.ts';
import { syncCounts } from '../../db/sync-repo.ts';

export { loadSyncSettings, watchSyncSettings } from './settings-store.ts';

/** Paper changes waiting to be uploaded, and open note conflicts (for a live query). */
export function syncCountsOf(db: AppDB): Promise<{ pending: number; conflicts: number }> {
  return syncCounts(db);
}
