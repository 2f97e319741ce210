/**
 * When the index of the user's Zotero library is refreshed: `dogear-zotero-index`, every 30 minutes while the index is
 * on, through `browser.alarms` (an MV3 worker's timers die with it; an alarm wakes it, as lib/app/sync/schedule.ts
 * explains). Checked at every worker start and whenever the settings change.
 */
import { browser } from 'wxt/browser';
import { INDEX_PERIOD_MINUTES } from '../../zotero/settings.ts';
import { loadZoteroSettings } from './settings-store.ts';

export const ZOTERO_INDEX_ALARM = 'dogear-zotero-index';

/** Makes the alarm match the settings: it exists while the index is on (keeping its schedule), and not otherwise. */
export async function ensureZoteroSchedule(enabled?: boolean): Promise<void> {
  const on = enabled ?? (await loadZoteroSettings()).index.enabled;
  if (!on) {
    await browser.alarms.clear(ZOTERO_INDEX_ALARM);
    return;
  }
  if ((await browser.alarms.get(ZOTERO_INDEX_ALARM)) === undefined) {
    await browser.alarms.create(ZOTERO_INDEX_ALARM, {
      delayInMinutes: INDEX_PERIOD_MINUTES,
      periodInMinutes: INDEX_PERIOD_MINUTES,
    });
  }
}
