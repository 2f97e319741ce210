/**
 * Sync's on state: which server and user, when the last sync was, what waits to be uploaded, the last failure in plain
 * words (lib/sync/settings.ts SYNC_ERROR_WORDS, then the technical detail), the last run's warnings and skipped files,
 * and the failsafe's question when a change from another device would delete or unsave many papers.
 */
import { failingNow, SYNC_ERROR_WORDS, timeAgo, type SyncSettings } from '../../../lib/sync/settings.ts';
import { plural } from '../../plural.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export interface SyncStatusProps {
  settings: SyncSettings;
  counts?: { pending: number; conflicts: number };
  now: number;
  busy: boolean;
  /** The user chose "Not now" for the failsafe's question of this run (the error's time): hidden until the next run. */
  confirmationDismissed: boolean;
  onSyncNow: () => void;
  onTurnOff: () => void;
  onApply: () => void;
  onNotNow: () => void;
}

function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${decodeURIComponent(parsed.pathname)}`;
  } catch {
    return url;
  }
}

export function SyncStatus(props: SyncStatusProps) {
  const { settings, counts, now, busy } = props;
  const failing = failingNow(settings);
  const error = failing ? settings.lastError : undefined;
  const confirmation = settings.confirmation;
  const lastRun = settings.lastRun;
  return (
    <div class="sync-status">
      <dl class="storage sync-facts">
        <dt>Server</dt>
        <dd class="sync-server">
          {settings.kind === 'nextcloud' ? 'Nextcloud, ' : ''}
          {serverOf(settings.url)}
        </dd>
        <dt>User</dt>
        <dd class="sync-user">{settings.user}</dd>
        <dt>Encryption</dt>
        <dd>{settings.passphrase === undefined ? 'off' : 'on: the server sees only encrypted files'}</dd>
        <dt>Last sync</dt>
        <dd class="sync-last" title={lastRun === undefined ? undefined : timeFormat.format(lastRun.at)}>
          {lastRun === undefined
            ? 'never'
            : `Synced ${timeAgo(lastRun.at, now)}: ${plural(lastRun.pushed, 'change file')} sent, ${plural(lastRun.pulled, 'file')} read, ${plural(lastRun.changed, 'paper')} changed here`}
        </dd>
        <dt>Waiting to upload</dt>
        <dd class="sync-pending">
          {counts === undefined ? 'counting…' : counts.pending === 0 ? 'nothing' : plural(counts.pending, 'change')}
        </dd>
      </dl>

      {confirmation !== undefined && !props.confirmationDismissed ? (
        <div class="sync-confirmation" role="alert">
          <p>
            A change from another device would delete or unsave {plural(confirmation.deletions, 'paper')} of your{' '}
            {confirmation.library.toLocaleString('en')} papers. Nothing was applied yet; if you apply it, Dogear keeps a
            local backup of the library first.
          </p>
          <div class="sync-actions">
            <button type="button" class="sync-apply" disabled={busy} onClick={props.onApply}>
              Apply it
            </button>
            <button type="button" class="sync-not-now" onClick={props.onNotNow}>
              Not now
            </button>
          </div>
        </div>
      ) : null}

      {error !== undefined && error.kind !== 'needs-confirmation' ? (
        <div class="sync-error" role="alert">
          <p>
            The sync of {timeFormat.format(error.at)} failed. {SYNC_ERROR_WORDS[error.kind]}
          </p>
          <p class="sync-error-detail">{error.message}</p>
        </div>
      ) : null}

      {!failing && lastRun !== undefined && lastRun.warnings.length > 0 ? (
        <ul class="sync-warnings" aria-label="Warnings from the last sync">
          {lastRun.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      {!failing && lastRun !== undefined && lastRun.skipped.length > 0 ? (
        <details class="sync-skipped">
          <summary>
            {plural(lastRun.skipped.length, 'damaged file')} on the server skipped (their changes are not in this
            library; the other files are)
          </summary>
          <ul>
            {lastRun.skipped.map((file) => (
              <li key={file}>{file}</li>
            ))}
          </ul>
        </details>
      ) : null}

      <div class="sync-actions">
        <button type="button" class="primary sync-now" disabled={busy} onClick={props.onSyncNow}>
          Sync now
        </button>
        <button type="button" class="danger sync-turn-off" disabled={busy} onClick={props.onTurnOff}>
          Turn off sync
        </button>
      </div>
      <p class="hint">
        Dogear syncs every 15 minutes and shortly after each change. Turning sync off removes the server’s address and
        app password from this browser; the library here and the files on the server stay.
      </p>
    </div>
  );
}
