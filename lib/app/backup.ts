/**
 * Writing the lossless JSON backup to the user's Downloads folder, shared by the background (automatic backups) and the
 * library's Settings tab ("Back up now"). The decision is pure (lib/backup-settings.ts); this is the browser part.
 *
 * Never loses data: a backup only reads the database (one read transaction), and a failure is recorded in the settings
 * (shown in the panel) and retried later; nothing is ever deleted or overwritten (conflictAction 'uniquify').
 */
import { browser } from 'wxt/browser';
import {
  backupBaseline,
  backupFileName,
  isBackupDue,
  jsonDataUrl,
  recordBackupFailure,
  recordBackupSuccess,
  type BackupSettings,
} from '../backup-settings.ts';
import type { AppDB } from '../db/app-db.ts';
import { toBackup } from '../formats/json-backup/write.ts';
import { friendlyError } from './errors.ts';
import { loadBackupSettings, updateBackupSettings } from './settings.ts';

export { loadBackupSettings, updateBackupSettings };

export async function hasDownloadsPermission(): Promise<boolean> {
  return browser.permissions.contains({ permissions: ['downloads'] });
}

/** The backup file of the whole library (every table, read in one transaction) and what it holds. */
export async function libraryBackup(
  db: AppDB,
  now: number,
): Promise<{ text: string; papers: number; sightings: number }> {
  const [papers, sightings] = await db.transaction('r', db.papers, db.sightings, () =>
    Promise.all([db.papers.toArray(), db.sightings.toArray()]),
  );
  const tables = { papers, sightings };
  const text = await toBackup(tables, now);
  return { text, papers: papers.length, sightings: sightings.length };
}

/**
 * Saves `text` as `fileName` under the Downloads folder through the downloads API, without a dialog, and waits until
 * the browser reports the file complete. Extension pages pass a blob URL; the service worker (no createObjectURL) a
 * data URL.
 *
 * @returns the downloaded file's path as the browser reports it.
 * @throws Error when the download is refused or interrupted (disk full, folder not writable…).
 */
export async function downloadToFolder(text: string, fileName: string): Promise<string> {
  const canBlob = typeof URL.createObjectURL === 'function';
  const url = canBlob ? URL.createObjectURL(new Blob([text], { type: 'application/json' })) : jsonDataUrl(text);
  try {
    const id = await browser.downloads.download({ url, filename: fileName, conflictAction: 'uniquify', saveAs: false });
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error('the download did not finish within 2 minutes')), 120_000);
      const settle = (outcome: string | Error): void => {
        clearTimeout(timer);
        browser.downloads.onChanged.removeListener(listener);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const check = async (): Promise<void> => {
        const [item] = await browser.downloads.search({ id });
        if (item?.state === 'complete') settle(item.filename);
        else if (item?.state === 'interrupted')
          settle(new Error(`the download was interrupted (${item.error ?? 'unknown reason'})`));
      };
      const listener = (delta: { id: number; state?: { current?: string } }): void => {
        if (delta.id === id && delta.state?.current !== undefined) void check();
      };
      browser.downloads.onChanged.addListener(listener);
      void check(); // it may have finished before the listener was added
    });
  } finally {
    if (canBlob) setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** Writes a backup now through the downloads API and records the outcome in the settings. */
export async function writeBackup(db: AppDB, now = Date.now()): Promise<{ file: string; papers: number }> {
  try {
    const backup = await libraryBackup(db, now);
    const requested = backupFileName(new Date(now));
    const saved = await downloadToFolder(backup.text, requested);
    // The path the browser chose (it may have added " (1)"); when a download manager renamed it, the name asked for.
    const file = /dogear-backup-[^/\\]*\.json$/.test(saved) ? saved : requested;
    await updateBackupSettings((settings) => recordBackupSuccess(settings, now, file));
    return { file, papers: backup.papers };
  } catch (error) {
    const message = friendlyError(error);
    await updateBackupSettings((settings) => recordBackupFailure(settings, Date.now(), message));
    throw new Error(`Backup failed: ${message}`, { cause: error });
  }
}

/** Papers saved after the last backup (or the opt-in): one count on the savedAt index. */
export async function savesSinceBackup(db: AppDB, settings: BackupSettings): Promise<number> {
  const baseline = backupBaseline(settings);
  return baseline === undefined ? 0 : db.papers.where('savedAt').above(baseline).count();
}

/**
 * The automatic backup: writes one when it is due and the permission is still granted. Never throws (the outcome is in
 * the settings); returns what it did, for logs and tests.
 */
export async function autoBackupIfDue(db: AppDB, now = Date.now()): Promise<string> {
  try {
    const settings = await loadBackupSettings();
    if (!settings.enabled) return 'off';
    const decision = isBackupDue(settings, now, await savesSinceBackup(db, settings));
    if (!decision.due) return `not due: ${decision.reason}`;
    if (!(await hasDownloadsPermission())) {
      await updateBackupSettings((current) =>
        recordBackupFailure(
          current,
          now,
          'the downloads permission was withdrawn; turn automatic backups off and on again to grant it',
        ),
      );
      return 'no permission';
    }
    const { file } = await writeBackup(db, now);
    return `written ${file} (${decision.reason})`;
  } catch (error) {
    console.warn('Dogear: automatic backup failed', error);
    return `failed: ${friendlyError(error)}`;
  }
}

/** Asks for the `downloads` permission; must be called first thing in the user's click (the prompt needs the gesture). */
export async function requestDownloadsPermission(): Promise<boolean> {
  return browser.permissions.request({ permissions: ['downloads'] });
}

/** Gives the `downloads` permission back (least privilege, once automatic backups are off). */
export async function dropDownloadsPermission(): Promise<void> {
  await browser.permissions.remove({ permissions: ['downloads'] }).catch(() => false);
}

/**
 * "Back up now" from an extension page: into the Downloads folder's `dogear/` when the permission is granted, else
 * handed to the browser's own download (no subfolder possible there). Either way the success is recorded.
 *
 * @returns a sentence saying where the file went.
 * @throws Error with a sentence for the user.
 */
export async function backUpNow(
  db: AppDB,
  save: (text: string, fileName: string) => void,
  now = Date.now(),
): Promise<string> {
  if (await hasDownloadsPermission()) {
    const { file, papers } = await writeBackup(db, now);
    return `Backed up ${papers} papers to ${file}.`;
  }
  try {
    const backup = await libraryBackup(db, now);
    const fileName = backupFileName(new Date(now)).replace(/^.*\//, '');
    save(backup.text, fileName);
    await updateBackupSettings((current) => recordBackupSuccess(current, now, fileName));
    return `Backed up ${backup.papers} papers: ${fileName} was handed to the browser's downloads.`;
  } catch (error) {
    throw new Error(`Backup failed: ${friendlyError(error)}`, { cause: error });
  }
}

/** How many papers, saved papers and sightings the library holds. */
export async function libraryCounts(db: AppDB): Promise<{ papers: number; saved: number; sightings: number }> {
  const [papers, saved, sightings] = await Promise.all([
    db.papers.count(),
    db.papers.orderBy('savedAt').count(),
    db.sightings.count(),
  ]);
  return { papers, saved, sightings };
}

/** The browser's storage usage and quota for Dogear, or undefined when the browser does not say. */
export async function storageEstimate(): Promise<{ usage?: number; quota?: number } | undefined> {
  try {
    return await navigator.storage.estimate();
  } catch {
    return undefined;
  }
}
