/**
 * The stored Zotero settings (`storage.local` key `zotero`, lib/zotero/settings.ts), read and written here only. A
 * stored value is always parsed on the way out, so a damaged or partial object falls back to its defaults.
 */
import { storage } from 'wxt/utils/storage';
import { parseZoteroSettings, ZOTERO_KEY, type ZoteroSettings } from '../../zotero/settings.ts';

/** The raw stored settings (may be partial or damaged: read it through `loadZoteroSettings`). */
export const zoteroSettingsItem = storage.defineItem<unknown>(`local:${ZOTERO_KEY}`, { version: 1, migrations: {} });

export async function loadZoteroSettings(): Promise<ZoteroSettings> {
  return parseZoteroSettings(await zoteroSettingsItem.getValue());
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Changes the settings: `change` gets the current value and returns the new one. Serialized within this context, so an
 * index run's outcome and a click's change made at once both land.
 */
export function updateZoteroSettings(change: (current: ZoteroSettings) => ZoteroSettings): Promise<ZoteroSettings> {
  const next = queue.then(async () => {
    const changed = parseZoteroSettings(change(await loadZoteroSettings()));
    await zoteroSettingsItem.setValue(changed);
    return changed;
  });
  queue = next.catch(() => undefined);
  return next;
}

/** Calls `listener` with the parsed settings whenever any context changes them; returns the unwatch function. */
export function watchZoteroSettings(listener: (settings: ZoteroSettings) => void): () => void {
  return zoteroSettingsItem.watch((value) => listener(parseZoteroSettings(value)));
}
