/**
 * The stored sync settings (`storage.local` key `sync`, lib/sync/settings.ts), read and written here only. Light on
 * purpose: the scheduler (schedule.ts), the popup's sync line and every writer that asks for a sync soon import it, and
 * none of them needs the WebDAV client or the engine.
 *
 * A stored value is always parsed on the way out, so a damaged or partial object falls back to its defaults (sync off)
 * instead of breaking a page.
 */
import { parseSyncSettings, SYNC_KEY, type SyncSettings } from '../../sync/settings.ts';
import { storedObject } from '../settings.ts';

const stored = storedObject(SYNC_KEY, parseSyncSettings);

export const loadSyncSettings: () => Promise<SyncSettings> = stored.load;

/**
 * Changes the settings: `change` gets the current value and returns the new one. Serialized within this context, so a
 * run's outcome and a click's change made at once both land.
 */
export const updateSyncSettings: (change: (current: SyncSettings) => SyncSettings) => Promise<SyncSettings> =
  stored.update;

/** Calls `listener` with the parsed settings whenever any context changes them; returns the unwatch function. */
export const watchSyncSettings: (listener: (settings: SyncSettings) => void) => () => void = stored.watch;
