/**
 * The stored sync settings (`storage.local` key `sync`, lib/sync/settings.ts), read and written here only. Light on
 * purpose: the scheduler (schedule.ts), the popup's sync line and every writer that asks for a sync soon import it, and
 * none of them needs the WebDAV client or the engine.
 *
 * A stored value is always parsed on the way out, so a damaged or partial object falls back to its defaults (sync off)
 * instead of breaking a page.
 */
import { storage } from 'wxt/utils/storage';
import { parseSyncSettings, SYNC_KEY, type SyncSettings } from '../../sync/settings.ts';

/** The raw stored settings (may be partial or damaged: read it through `loadSyncSettings`). */
export const syncSettingsItem = storage.defineItem<unknown>(`local:${SYNC_KEY}`, { version: 1, migrations: {} });

export async function loadSyncSettings(): Promise<SyncSettings> {
  return parseSyncSettings(await syncSettingsItem.getValue());
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Changes the settings: `change` gets the current value and returns the new one. Serialized within this context, so a
 * run's outcome and a click's change made at once both land.
 */
export function updateSyncSettings(change: (current: SyncSettings) => SyncSettings): Promise<SyncSettings> {
  const next = queue.then(async () => {
    const changed = change(await loadSyncSettings());
    await syncSettingsItem.setValue(changed);
    return changed;
  });
  queue = next.catch(() => undefined);
  return next;
}

/** Calls `listener` with the parsed settings whenever any context changes them; returns the unwatch function. */
export function watchSyncSettings(listener: (settings: SyncSettings) => void): () => void {
  return syncSettingsItem.watch((value) => listener(parseSyncSettings(value)));
}
