/**
 * Automatic backups to the Downloads folder (opt-in): what the user chose, what happened last, and when the next one is
 * due. Pure: the object lives under `storage.local` key `backup`, read and written through lib/app/settings.ts (the
 * settings page and the background); the background decides with `isBackupDue`.
 *
 * Uninstalling an extension deletes its IndexedDB, so a file the user holds is the only copy that survives; the
 * settings page says so plainly.
 *
 * "Saves since the last backup" is not a stored counter: it is the number of papers whose `savedAt` is after the last
 * backup (or the opt-in), read from the `savedAt` index when needed. So two contexts saving at once can never lose a
 * count, and unsaving and saving again counts once more, as it should.
 */
import { z } from './zod.ts';

/** The `storage.local` key holding the object. */
export const BACKUP_KEY = 'backup';

export const DEFAULT_EVERY_N_SAVES = 25;
export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** After a failed attempt, the next try waits this long (so a full disk is not hit on every save). */
export const RETRY_AFTER_MS = 60 * 60 * 1000;
/** Downloads go into this folder inside the user's Downloads folder. */
export const BACKUP_FOLDER = 'dogear';

export const BackupSettingsSchema = z.object({
  /** The user opted in (and granted the `downloads` permission). @default false */
  enabled: z.boolean().catch(false).default(false),
  /** Back up after every `everyN` saves. @default true */
  afterSaves: z.boolean().catch(true).default(true),
  /** N in "after every N saves". @default 25 */
  everyN: z.int().min(1).max(100_000).catch(DEFAULT_EVERY_N_SAVES).default(DEFAULT_EVERY_N_SAVES),
  /** Back up once a week. @default false */
  weekly: z.boolean().catch(false).default(false),
  /** Epoch ms of the opt-in: the starting point of the first count and the first week. */
  enabledAt: z.number().optional().catch(undefined),
  /** Epoch ms of the last backup written (automatic or "Back up now"). */
  lastBackupAt: z.number().optional().catch(undefined),
  /** File name of the last backup, relative to the Downloads folder. */
  lastFile: z.string().max(500).optional().catch(undefined),
  /** The last failed attempt, shown in settings until a backup succeeds. */
  lastError: z
    .object({ at: z.number(), message: z.string().max(2000) })
    .optional()
    .catch(undefined),
});
export type BackupSettings = z.infer<typeof BackupSettingsSchema>;

/** The stored value, or the defaults for anything missing or damaged (a bad value never breaks backups). */
export function parseBackupSettings(raw: unknown): BackupSettings {
  const parsed = BackupSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : BackupSettingsSchema.parse({});
}

/** Epoch ms from which saves and the week are counted: the last backup, else the opt-in, else never. */
export function backupBaseline(settings: BackupSettings): number | undefined {
  return settings.lastBackupAt ?? settings.enabledAt;
}

export type BackupDecision = { due: true; reason: string } | { due: false; reason: string };

/**
 * Whether an automatic backup should be written now.
 *
 * @example
 *   isBackupDue({ ...defaults, enabled: true, enabledAt: t }, t + 1000, 25); // { due: true, reason: '25 saves since the last backup' }
 *
 * @param savesSince papers saved after `backupBaseline(settings)` (count of the `savedAt` index above it).
 */
export function isBackupDue(settings: BackupSettings, now: number, savesSince = 0): BackupDecision {
  if (!settings.enabled) return { due: false, reason: 'automatic backups are off' };
  if (!settings.afterSaves && !settings.weekly)
    return { due: false, reason: 'neither "after every N saves" nor "weekly" is chosen' };
  const failedAt = settings.lastError?.at;
  if (failedAt !== undefined && failedAt > (settings.lastBackupAt ?? -Infinity) && now - failedAt < RETRY_AFTER_MS) {
    return { due: false, reason: 'the last attempt failed less than an hour ago' };
  }
  if (settings.afterSaves && savesSince >= settings.everyN) {
    return { due: true, reason: `${savesSince} saves since the last backup` };
  }
  const baseline = backupBaseline(settings);
  if (settings.weekly && (baseline === undefined || now - baseline >= WEEK_MS)) {
    return {
      due: true,
      reason: baseline === undefined ? 'weekly, never backed up' : 'weekly, a week since the last backup',
    };
  }
  return { due: false, reason: 'not due yet' };
}

/** The settings after a backup was written: the count and the week start again from `at`. */
export function recordBackupSuccess(settings: BackupSettings, at: number, file: string): BackupSettings {
  const { lastError: _dropped, ...rest } = settings;
  return { ...rest, lastBackupAt: at, lastFile: file };
}

/** The settings after a failed attempt; the last good backup is kept as it was. */
export function recordBackupFailure(settings: BackupSettings, at: number, message: string): BackupSettings {
  return { ...settings, lastError: { at, message: message.slice(0, 2000) } };
}

/** The settings after the user opted in (or out): opting in starts the count now; opting out keeps the history. */
export function setEnabled(settings: BackupSettings, enabled: boolean, now: number): BackupSettings {
  if (!enabled) return { ...settings, enabled: false };
  return { ...settings, enabled: true, enabledAt: now };
}

/**
 * `dogear/dogear-backup-YYYY-MM-DD-HHMM.json` in the user's local time (relative to the Downloads folder; the browser
 * adds ` (1)` on a clash, with conflictAction 'uniquify').
 */
export function backupFileName(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${BACKUP_FOLDER}/dogear-backup-${day}-${pad(date.getHours())}${pad(date.getMinutes())}.json`;
}

/** `data:application/json;base64,…` of UTF-8 text: the MV3 service worker has no URL.createObjectURL. */
export function jsonDataUrl(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  const CHUNK = 0x8000;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return `data:application/json;base64,${btoa(binary)}`;
}

/** "1.2 MB", "512 B", "3.4 GB": storage amounts for people. */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
