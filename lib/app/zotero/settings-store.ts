/**
 * The stored Zotero settings (`storage.local` key `zotero`, lib/zotero/settings.ts), read and written here only. A
 * stored value is always parsed on the way out, so a damaged or partial object falls back to its defaults.
 */
import { parseZoteroSettings, ZOTERO_KEY, type ZoteroSettings } from '../../zotero/settings.ts';
import { storedObject } from '../settings.ts';

const stored = storedObject(ZOTERO_KEY, parseZoteroSettings);

export const loadZoteroSettings: () => Promise<ZoteroSettings> = stored.load;

/**
 * Changes the settings: `change` gets the current value and returns the new one (checked before it is stored).
 * Serialized within this context, so an index run's outcome and a click's change made at once both land.
 */
export function updateZoteroSettings(change: (current: ZoteroSettings) => ZoteroSettings): Promise<ZoteroSettings> {
  return stored.update((current) => parseZoteroSettings(change(current)));
}

/** Calls `listener` with the parsed settings whenever any context changes them; returns the unwatch function. */
export const watchZoteroSettings: (listener: (settings: ZoteroSettings) => void) => () => void = stored.watch;
