/**
 * When sync runs, through `browser.alarms` only: an MV3 service worker is stopped after about 30 s idle, and a
 * `setTimeout` dies with it, while an alarm wakes the worker up again (the background listens to `alarms.onAlarm`).
 *
 * - `dogear-sync`: every 15 minutes while sync is on; checked at every worker start (created when missing, cleared when
 *   sync is off).
 * - `dogear-sync-soon`: once, 30 s after a local edit. A pending one is kept, not pushed back: a steady stream of edits
 *   (marking a listing seen row by row) still syncs 30 s after the first of them.
 *
 * Any context may call these (the background after its writes, the library page after its own); the alarms are the
 * extension's, wherever they were created. A missed trigger loses nothing: each run compares every paper with what was
 * last synced (lib/db/sync-repo.ts collectLocal), so the next periodic run takes every edit along.
 */
import { browser } from 'wxt/browser';
import { loadSyncSettings } from './settings-store.ts';

export const SYNC_ALARM = 'dogear-sync';
export const SYNC_SOON_ALARM = 'dogear-sync-soon';
export const SYNC_PERIOD_MINUTES = 15;
/** Chrome fires alarms at most every 30 s anyway. */
export const SYNC_SOON_MS = 30_000;

/** Whether an alarm is one of sync's (the background's onAlarm listener). */
export function isSyncAlarm(name: string): boolean {
  return name === SYNC_ALARM || name === SYNC_SOON_ALARM;
}

/**
 * Makes the alarms match the settings: the periodic one exists while sync is on (an existing one keeps its schedule),
 * and neither exists while it is off.
 */
export async function ensureSchedule(enabled?: boolean): Promise<void> {
  const on = enabled ?? (await loadSyncSettings()).enabled;
  if (!on) {
    await Promise.all([browser.alarms.clear(SYNC_ALARM), browser.alarms.clear(SYNC_SOON_ALARM)]);
    return;
  }
  if ((await browser.alarms.get(SYNC_ALARM)) === undefined) {
    await browser.alarms.create(SYNC_ALARM, {
      delayInMinutes: SYNC_PERIOD_MINUTES,
      periodInMinutes: SYNC_PERIOD_MINUTES,
    });
  }
}

/**
 * Asks for a sync 30 s from now, after a local edit; nothing when sync is off or one is already due. Cheap (one storage
 * read, one alarm lookup), so every committed write may call it. Never throws.
 */
export async function syncSoon(now = Date.now()): Promise<void> {
  try {
    if (!(await loadSyncSettings()).enabled) return;
    if ((await browser.alarms.get(SYNC_SOON_ALARM)) !== undefined) return;
    await browser.alarms.create(SYNC_SOON_ALARM, { when: now + SYNC_SOON_MS });
  } catch (error) {
    console.warn('Dogear: could not schedule a sync', error);
  }
}
