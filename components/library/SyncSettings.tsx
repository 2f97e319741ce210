/**
 * The library settings' Sync section (README "Sync"): set up through Nextcloud or any WebDAV server, then the state of
 * sync, the failsafe's question, note conflicts, the local backups, "Sync now" and "Turn off sync". The service
 * (lib/app/sync/service.ts) does the work and keeps every outcome in the stored settings, which this section follows,
 * so a run the background makes shows here too.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/app/db.ts';
import { downloadFile } from '../../lib/app/download.ts';
import { friendlyError } from '../../lib/app/errors.ts';
import {
  loadSyncSettings,
  localBackupFile,
  localBackups,
  noteConflicts,
  resolveConflict,
  runSync,
  setUpSync,
  startNextcloudLogin,
  syncCountsOf,
  turnOffSync,
  watchSyncSettings,
  type LocalBackup,
  type NoteConflict,
  type RunOutcome,
  type SetUpResult,
} from '../../lib/app/sync/service.ts';
import type { SyncSettings } from '../../lib/sync/settings.ts';
import { plural } from '../plural.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { SyncBackups } from './sync/SyncBackups.tsx';
import { SyncConflicts } from './sync/SyncConflicts.tsx';
import { SyncSetup, type SetupValues } from './sync/SyncSetup.tsx';
import { SyncStatus } from './sync/SyncStatus.tsx';

/** The status line: a sentence, and for a failure the technical detail (the request and the server's answer). */
type Status = { kind: 'info' | 'error'; text: string; detail?: string };

/** One sentence about a run the user started. */
function describeRun(outcome: RunOutcome): Status {
  if (outcome.ok) {
    const changed = outcome.changed === 0 ? 'nothing changed here' : `${plural(outcome.changed, 'paper')} changed here`;
    return { kind: 'info', text: `Synced: ${plural(outcome.pushed, 'change file')} sent, ${changed}.` };
  }
  if (outcome.error === 'busy') return { kind: 'info', text: 'Another Dogear page is syncing right now.' };
  if (outcome.error === 'off') return { kind: 'info', text: 'Sync is off.' };
  if (outcome.error === 'needs-confirmation') return { kind: 'info', text: 'Sync waits for your answer above.' };
  // The section's error box already says why (and is the one alert): this line only points there.
  return { kind: 'info', text: 'Sync failed: the message above says why.' };
}

function describeSetUp(result: SetUpResult): Status {
  if (!result.ok)
    return { kind: 'error', text: result.message, ...(result.detail === undefined ? {} : { detail: result.detail }) };
  const run = describeRun(result.outcome);
  const warning = result.warnings.length > 0 ? ` ${result.warnings.join(' ')}` : '';
  return { kind: run.kind, text: `Sync is on. ${run.text}${warning}` };
}

export function SyncSettings({ db }: { db: AppDB }) {
  const [settings, setSettings] = useState<SyncSettings>();
  const [status, setStatus] = useState<Status>();
  const [busy, setBusy] = useState(false);
  const [login, setLogin] = useState<AbortController>();
  const [resolving, setResolving] = useState<string>();
  const [dismissedAt, setDismissedAt] = useState<number>();
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void loadSyncSettings().then(setSettings);
    const unwatch = watchSyncSettings(setSettings);
    // "Synced 2 min ago" stays true while the page is open.
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      unwatch();
      clearInterval(tick);
    };
  }, []);
  useEffect(() => setNow(Date.now()), [settings]);

  // A Nextcloud login still polling when the page goes away stops with it.
  const loginRef = useRef<AbortController | undefined>(undefined);
  loginRef.current = login;
  useEffect(() => () => loginRef.current?.abort(), []);

  const enabled = settings?.enabled === true;
  const counts = useLiveQuery(async () => (enabled ? syncCountsOf(db) : undefined), [enabled]);
  const conflicts = useLiveQuery(async () => (enabled ? noteConflicts(db) : []), [enabled]);
  const backups = useLiveQuery(() => localBackups(db));

  /** Runs a service call with the section busy; its result becomes the status line. */
  async function perform<T>(work: Promise<T>, describe: (value: T) => Status): Promise<void> {
    setBusy(true);
    try {
      setStatus(describe(await work));
    } catch (error) {
      setStatus({ kind: 'error', text: friendlyError(error) });
    } finally {
      setBusy(false);
    }
  }

  function turnOnWebDav(values: SetupValues): void {
    setStatus({ kind: 'info', text: 'Connecting to the server…' });
    // setUpSync asks for the permission before awaiting anything: called right here, in the click.
    void perform(
      setUpSync(
        {
          kind: 'webdav',
          url: values.url,
          user: values.user,
          password: values.password,
          ...(values.passphrase === '' ? {} : { passphrase: values.passphrase }),
        },
        db,
      ),
      describeSetUp,
    );
  }

  function logInWithNextcloud(server: string, passphrase: string): void {
    const controller = new AbortController();
    setStatus(undefined);
    const started = startNextcloudLogin(server, {
      signal: controller.signal,
      db,
      ...(passphrase === '' ? {} : { passphrase }),
      onWaiting: () => setLogin(controller),
    });
    void perform(started, describeSetUp).finally(() => setLogin(undefined));
  }

  const syncNow = (confirmDeletions = false): void =>
    void perform(runSync(confirmDeletions ? 'apply confirmed' : 'sync now', { db, confirmDeletions }), describeRun);

  function turnOff(): void {
    void perform(turnOffSync({ forgetServer: true }, db), () => ({
      kind: 'info' as const,
      text: 'Sync is off. The server’s address and app password were removed from this browser.',
    }));
  }

  function resolve(conflict: NoteConflict, action: 'append' | 'discard'): void {
    setResolving(conflict.id);
    resolveConflict(db, conflict, action)
      .then(() => setStatus({ kind: 'info', text: action === 'append' ? 'Added to the note.' : 'Discarded.' }))
      .catch((error: unknown) => setStatus({ kind: 'error', text: friendlyError(error) }))
      .finally(() => setResolving(undefined));
  }

  function download(backup: LocalBackup): void {
    localBackupFile(db, backup.id)
      .then((file) => {
        if (file === undefined) setStatus({ kind: 'error', text: 'That backup is gone (only the newest are kept).' });
        else downloadFile(file.text, file.fileName, 'application/json');
      })
      .catch((error: unknown) => setStatus({ kind: 'error', text: friendlyError(error) }));
  }

  return (
    <section class="sync-settings" aria-labelledby="sync-heading" aria-busy={busy}>
      <h3 id="sync-heading">Sync between browsers</h3>
      {settings === undefined ? (
        <p>Loading…</p>
      ) : settings.enabled ? (
        <>
          <SyncStatus
            settings={settings}
            {...(counts.status === 'ready' && counts.value !== undefined ? { counts: counts.value } : {})}
            now={now}
            busy={busy}
            confirmationDismissed={dismissedAt !== undefined && dismissedAt === settings.lastError?.at}
            onSyncNow={() => syncNow()}
            onTurnOff={turnOff}
            onApply={() => syncNow(true)}
            onNotNow={() => setDismissedAt(settings.lastError?.at)}
          />
          <SyncConflicts
            conflicts={conflicts.status === 'ready' ? conflicts.value : []}
            {...(resolving === undefined ? {} : { resolving })}
            onResolve={resolve}
          />
        </>
      ) : (
        <SyncSetup
          initial={{ kind: settings.kind, url: settings.url, user: settings.user }}
          busy={busy}
          waitingForLogin={login !== undefined}
          onWebDav={turnOnWebDav}
          onNextcloud={logInWithNextcloud}
          onStopLogin={() => login?.abort()}
        />
      )}
      <SyncBackups backups={backups.status === 'ready' ? backups.value : []} onDownload={download} />
      {status === undefined ? null : (
        <p class={`settings-status sync-message ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
          {status.detail === undefined ? null : <span class="sync-error-detail">{status.detail}</span>}
        </p>
      )}
    </section>
  );
}
