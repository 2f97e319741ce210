/**
 * The copies of the library sync kept in this browser before changing it in bulk (the first sync, a large change from
 * another device): the newest few, each downloadable as the JSON backup that Import & export reads back.
 */
import type { LocalBackup } from '../../../lib/app/sync/service.ts';
import { plural } from '../../plural.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export interface SyncBackupsProps {
  backups: readonly LocalBackup[];
  onDownload: (backup: LocalBackup) => void;
}

export function SyncBackups({ backups, onDownload }: SyncBackupsProps) {
  if (backups.length === 0) return null;
  return (
    <section class="sync-backups" aria-labelledby="sync-backups-heading">
      <h4 id="sync-backups-heading">Local backups</h4>
      <p class="hint">
        Taken in this browser before sync changed the library in bulk. Import one (Import &amp; export → JSON backup) to
        get that library back.
      </p>
      <ul>
        {backups.map((backup) => (
          <li key={backup.id} class="sync-backup">
            <span>
              {timeFormat.format(backup.at)}, {backup.reason} ({plural(backup.papers, 'paper')})
            </span>{' '}
            <button
              type="button"
              class="sync-backup-download"
              aria-label={`Download the backup of ${timeFormat.format(backup.at)}`}
              onClick={() => onDownload(backup)}
            >
              Download
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
