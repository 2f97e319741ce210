/**
 * The library page's Settings tab: storage that survives.
 *
 * - Storage: asks for persistent storage (lib/app/persist.ts), shows whether the browser granted it, the usage and quota
 *   from navigator.storage.estimate(), and the library's counts.
 * - Automatic backups to the Downloads folder (opt-in): the `downloads` permission is requested at the click that turns
 *   them on and released when they are turned off; "after every N saves" and/or "weekly"; the last backup and the last
 *   failure; "Back up now".
 * - Sync between browsers through the user's own WebDAV server (SyncSettings.tsx).
 * - Zotero: where papers sent to Zotero go, and the opt-in index of the user's Zotero library (ZoteroSettings.tsx).
 * - The plain warning that uninstalling Dogear deletes its library from this browser.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  backUpNow as writeBackupNow,
  dropDownloadsPermission,
  hasDownloadsPermission,
  libraryCounts,
  loadBackupSettings,
  requestDownloadsPermission,
  storageEstimate,
  updateBackupSettings,
} from '../../lib/app/backup.ts';
import type { AppDB } from '../../lib/app/db.ts';
import { downloadFile } from '../../lib/app/download.ts';
import { friendlyError } from '../../lib/app/errors.ts';
import { ensurePersisted, type PersistState } from '../../lib/app/persist.ts';
import { watchBackupSettings } from '../../lib/app/settings.ts';
import { humanBytes, setEnabled, type BackupSettings } from '../../lib/backup-settings.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { GenericSites } from './GenericSites.tsx';
import { SyncSettings } from './SyncSettings.tsx';
import { ZoteroSettings } from './ZoteroSettings.tsx';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface Estimate {
  usage?: number;
  quota?: number;
}

export function SettingsPanel({ db }: { db: AppDB }) {
  const [persist, setPersist] = useState<PersistState>();
  const [estimate, setEstimate] = useState<Estimate | 'unavailable'>();
  const [settings, setSettings] = useState<BackupSettings>();
  const [permission, setPermission] = useState<boolean>();
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);
  const counts = useLiveQuery(() => libraryCounts(db));

  async function refreshStorage(): Promise<void> {
    setPersist(await ensurePersisted());
    setEstimate((await storageEstimate()) ?? 'unavailable');
  }

  useEffect(() => {
    void refreshStorage();
    void loadBackupSettings().then(setSettings);
    void hasDownloadsPermission().then(setPermission);
    // The background records automatic backups there: follow it.
    return watchBackupSettings(setSettings);
  }, []);

  async function change(update: (current: BackupSettings) => BackupSettings): Promise<void> {
    setSettings(await updateBackupSettings(update));
  }

  /** Runs in the click: permissions.request needs the user's gesture, so it is the first thing awaited. */
  async function toggleAutomatic(on: boolean): Promise<void> {
    setStatus(undefined);
    if (on) {
      let granted = false;
      try {
        const answer = requestDownloadsPermission();
        setStatus({ kind: 'info', text: "Waiting for your answer to the browser's permission prompt…" });
        granted = await answer;
        setStatus(undefined);
      } catch (error) {
        setStatus({ kind: 'error', text: `Could not ask for the downloads permission: ${friendlyError(error)}` });
      }
      setPermission(granted);
      if (!granted) {
        setStatus(
          (current) =>
            current ?? { kind: 'error', text: 'Automatic backups stay off: the downloads permission was not granted.' },
        );
        return;
      }
      await change((current) => setEnabled(current, true, Date.now()));
      setStatus({ kind: 'info', text: 'Automatic backups are on.' });
    } else {
      await change((current) => setEnabled(current, false, Date.now()));
      // Least privilege: give the permission back when the feature that needed it is off.
      await dropDownloadsPermission();
      setPermission(await hasDownloadsPermission());
      setStatus({ kind: 'info', text: 'Automatic backups are off.' });
    }
  }

  async function backUpNow(): Promise<void> {
    setBusy(true);
    setStatus(undefined);
    try {
      const text = await writeBackupNow(db, (content, fileName) => downloadFile(content, fileName, 'application/json'));
      setStatus({ kind: 'info', text });
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
      setSettings(await loadBackupSettings());
    } finally {
      setBusy(false);
    }
  }

  const usage = estimate === undefined || estimate === 'unavailable' ? undefined : estimate;
  return (
    <section class="settings-panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>

      <p class="uninstall-warning" role="note">
        <strong>Uninstalling Dogear deletes its library from this browser.</strong> Your papers, notes and tags live
        only here, on this computer: keep backups (below, or Import &amp; export → JSON backup), and keep them somewhere
        other than this browser.
      </p>

      <h3>Storage</h3>
      <dl class="storage">
        <dt>Protected from eviction</dt>
        <dd
          class="storage-persisted"
          data-persisted={persist === undefined ? 'checking' : String(persist.persisted ?? 'unknown')}
        >
          {persist === undefined
            ? 'checking…'
            : persist.persisted === true
              ? 'yes: the browser will not clear this storage to free space'
              : persist.persisted === false
                ? 'no: the browser declined persistent storage (unlimitedStorage still exempts Dogear from the quota)'
                : 'unknown: this browser cannot tell'}
        </dd>
        <dt>Used</dt>
        <dd class="storage-estimate">
          {estimate === undefined
            ? 'checking…'
            : usage === undefined
              ? 'unavailable'
              : `${humanBytes(usage.usage ?? Number.NaN)} of ${humanBytes(usage.quota ?? Number.NaN)} available to Dogear`}
        </dd>
        <dt>Library</dt>
        <dd class="library-counts">
          {counts.status === 'ready'
            ? `${counts.value.papers} papers (${counts.value.saved} saved), ${counts.value.sightings} sightings`
            : counts.status === 'error'
              ? `could not count: ${counts.error}`
              : 'counting…'}
        </dd>
      </dl>
      {persist?.persisted === false ? (
        <button type="button" class="ask-persist" onClick={() => void refreshStorage()}>
          Ask again for persistent storage
        </button>
      ) : null}

      <h3>Automatic backups</h3>
      <p>
        Writes the complete JSON backup (every paper, note, tag and sighting) to a <code>dogear</code> folder in your
        Downloads folder. Turning this on asks for the permission to manage downloads; turning it off gives it back.
      </p>
      {settings === undefined ? (
        <p>Loading…</p>
      ) : (
        <fieldset class="auto-backup">
          <label>
            <input
              type="checkbox"
              class="auto-backup-enabled"
              checked={settings.enabled}
              onClick={(event) => {
                // The permission prompt must come from this click: decide here, and let the stored state drive `checked`.
                event.preventDefault();
                void toggleAutomatic(!settings.enabled);
              }}
            />{' '}
            Back up automatically to the Downloads folder
          </label>
          {settings.enabled && permission === false ? (
            <p class="backup-warning" role="alert">
              The downloads permission is no longer granted, so no automatic backup can be written. Turn automatic
              backups off and on again to grant it.
            </p>
          ) : null}
          <label>
            <input
              type="checkbox"
              class="auto-backup-saves"
              checked={settings.afterSaves}
              onChange={(event) => {
                const checked = event.currentTarget.checked; // read now: currentTarget is gone once the event ends
                void change((current) => ({ ...current, afterSaves: checked }));
              }}
            />{' '}
            after every{' '}
            <input
              type="number"
              class="auto-backup-n"
              min={1}
              max={100000}
              value={settings.everyN}
              aria-label="Number of saves between backups"
              onChange={(event) => {
                const value = Math.round(Number(event.currentTarget.value));
                if (Number.isFinite(value) && value >= 1 && value <= 100_000)
                  void change((current) => ({ ...current, everyN: value }));
              }}
            />{' '}
            saves
          </label>
          <label>
            <input
              type="checkbox"
              class="auto-backup-weekly"
              checked={settings.weekly}
              onChange={(event) => {
                const checked = event.currentTarget.checked; // read now: currentTarget is gone once the event ends
                void change((current) => ({ ...current, weekly: checked }));
              }}
            />{' '}
            weekly
          </label>
          <p class="last-backup">
            Last backup:{' '}
            {settings.lastBackupAt === undefined
              ? 'never'
              : `${timeFormat.format(settings.lastBackupAt)}${settings.lastFile === undefined ? '' : ` (${settings.lastFile})`}`}
          </p>
          {settings.lastError !== undefined && settings.lastError.at > (settings.lastBackupAt ?? -Infinity) ? (
            <p class="backup-error" role="alert">
              The backup of {timeFormat.format(settings.lastError.at)} failed: {settings.lastError.message}. Your
              library is unchanged; Dogear will try again.
            </p>
          ) : null}
          <button type="button" class="backup-now" disabled={busy} onClick={() => void backUpNow()}>
            {busy ? 'Backing up…' : 'Back up now'}
          </button>
        </fieldset>
      )}
      <SyncSettings db={db} />
      <ZoteroSettings db={db} />
      <GenericSites />
      {status === undefined ? null : (
        <p class={`settings-status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
