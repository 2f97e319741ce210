/**
 * The two settings objects in `storage.local`, as WXT storage items: `settings` (listing pages: keys, seen rules, view
 * modes) and `backup` (automatic backups). The schemas and defaults stay pure in lib/settings.ts and
 * lib/backup-settings.ts; this file is the only one that reads or writes the stored objects.
 *
 * Both items are versioned (`version: 1`; a later shape adds a migration under `migrations`, run once before the first
 * read in each context) and watched. A stored value is always parsed on the way out, so a damaged or partial object
 * falls back to its defaults instead of breaking a page.
 *
 * Imports nothing but storage: the content script uses this file, and must not pull in the database.
 */
import { storage } from 'wxt/utils/storage';
import { BACKUP_KEY, parseBackupSettings, type BackupSettings } from '../backup-settings.ts';
import { parseSettings, SETTINGS_KEY, type Settings } from '../settings.ts';

/** The raw stored settings (may be partial or damaged: read it through `loadSettings`). */
export const settingsItem = storage.defineItem<unknown>(`local:${SETTINGS_KEY}`, { version: 1, migrations: {} });

/** The raw stored backup settings (read it through `loadBackupSettings`). */
export const backupSettingsItem = storage.defineItem<unknown>(`local:${BACKUP_KEY}`, { version: 1, migrations: {} });

/** A read-modify-write of one stored object, serialized within this context so two quick changes never undo each other. */
function serializedUpdater<T>(load: () => Promise<T>, store: (value: T) => Promise<void>) {
  let queue: Promise<unknown> = Promise.resolve();
  return (change: (current: T) => T): Promise<T> => {
    const next = queue.then(async () => {
      const changed = change(await load());
      await store(changed);
      return changed;
    });
    queue = next.catch(() => undefined);
    return next;
  };
}

/**
 * One more settings object in `storage.local` under `key` (sync's, Zotero's), with the same guarantees as the two
 * above: parsed on the way out (`parse` fills defaults for anything missing or damaged), changes serialized within a
 * context, watched across contexts.
 */
export function storedObject<T>(key: string, parse: (raw: unknown) => T) {
  const item = storage.defineItem<unknown>(`local:${key}`, { version: 1, migrations: {} });
  const load = async (): Promise<T> => parse(await item.getValue());
  return {
    load,
    update: serializedUpdater(load, (value: T) => item.setValue(value)),
    watch: (listener: (value: T) => void): (() => void) => item.watch((value) => listener(parse(value))),
  };
}

/** The listing settings, defaults filled in. */
export async function loadSettings(): Promise<Settings> {
  return parseSettings(await settingsItem.getValue());
}

/**
 * Changes the listing settings: `change` gets the current value and returns the new one. Serialized within this context
 * (a view-mode change and a bar collapse in the same tab both land).
 *
 * @example
 *   await updateSettings((s) => ({ ...s, viewMode: { ...s.viewMode, arxiv: 'hide-seen' } }));
 */
export const updateSettings: (change: (settings: Settings) => Settings) => Promise<Settings> = serializedUpdater(
  loadSettings,
  (value) => settingsItem.setValue(value),
);

/** Calls `listener` with the parsed settings whenever any context changes them; returns the unwatch function. */
export function watchSettings(listener: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => listener(parseSettings(value)));
}

/** The backup settings, defaults filled in. */
export async function loadBackupSettings(): Promise<BackupSettings> {
  return parseBackupSettings(await backupSettingsItem.getValue());
}

/** Read, change, write back the backup settings; serialized within this context. */
export const updateBackupSettings: (change: (settings: BackupSettings) => BackupSettings) => Promise<BackupSettings> =
  serializedUpdater(loadBackupSettings, (value) => backupSettingsItem.setValue(value));

/** Calls `listener` with the parsed backup settings whenever any context changes them; returns the unwatch function. */
export function watchBackupSettings(listener: (settings: BackupSettings) => void): () => void {
  return backupSettingsItem.watch((value) => listener(parseBackupSettings(value)));
}
