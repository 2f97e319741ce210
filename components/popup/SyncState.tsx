/**
 * The popup's one line about sync (lib/sync/settings.ts syncSummary): "Synced 3 min ago", "2 changes waiting", "Sync
 * error — see settings", with a link to the library's settings. Nothing at all while sync is off.
 *
 * Loaded after the popup's list is up (entrypoints/popup/App.tsx): it needs Dexie for the counts and zod for the
 * settings, neither of which the first paint may wait for.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/app/db.ts';
import { loadSyncSettings, syncCountsOf, watchSyncSettings } from '../../lib/app/sync/status.ts';
import { syncSummary, type SyncSettings } from '../../lib/sync/settings.ts';
import { useLiveQuery } from '../use-live-query.ts';

export interface SyncStateProps {
  db: AppDB;
  /** The library's settings tab. */
  settingsUrl: string;
  onOpenSettings: () => void;
}

export function SyncState({ db, settingsUrl, onOpenSettings }: SyncStateProps) {
  const [settings, setSettings] = useState<SyncSettings>();
  useEffect(() => {
    void loadSyncSettings().then(setSettings);
    return watchSyncSettings(setSettings);
  }, []);
  const enabled = settings?.enabled === true;
  const counts = useLiveQuery(async () => (enabled ? syncCountsOf(db) : undefined), [enabled]);

  if (settings === undefined) return null;
  const summary = syncSummary(settings, counts.status === 'ready' ? counts.value : undefined, Date.now());
  if (summary === undefined) return null;
  return (
    <p class={summary.problem ? 'sync-state problem' : 'sync-state'} role="status">
      <span class="sync-state-text">{summary.text}</span>{' '}
      <a
        href={settingsUrl}
        class="sync-state-link"
        onClick={(event) => {
          event.preventDefault();
          onOpenSettings();
        }}
      >
        Sync settings
      </a>
    </p>
  );
}
