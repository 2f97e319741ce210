/**
 * Notes edited on two devices before they synced: the paper's note kept one text, and the other device's text waits
 * here, never dropped, until the user adds it to the note or discards it.
 */
import type { NoteConflict } from '../../../lib/app/sync/service.ts';

export interface SyncConflictsProps {
  conflicts: readonly NoteConflict[];
  /** The conflict being resolved (its buttons are disabled). */
  resolving?: string;
  onResolve: (conflict: NoteConflict, action: 'append' | 'discard') => void;
}

export function SyncConflicts({ conflicts, resolving, onResolve }: SyncConflictsProps) {
  if (conflicts.length === 0) return null;
  return (
    <section class="sync-conflicts" aria-labelledby="sync-conflicts-heading">
      <h4 id="sync-conflicts-heading">Note conflicts to resolve</h4>
      <p class="hint">
        These notes were edited in two browsers before they synced. The note keeps the later text; the other version is
        here.
      </p>
      <ul>
        {conflicts.map((conflict) => {
          const headingId = `sync-conflict-${conflict.id}`;
          return (
            <li key={conflict.id} class="sync-conflict" aria-labelledby={headingId}>
              <p class="sync-conflict-title" id={headingId}>
                {conflict.title}
              </p>
              <div class="sync-conflict-texts">
                <div>
                  <p class="sync-conflict-label">The note now</p>
                  <p class="sync-conflict-text">{conflict.note === '' ? '(empty)' : conflict.note}</p>
                </div>
                <div>
                  <p class="sync-conflict-label">The other version</p>
                  <p class="sync-conflict-text">{conflict.text}</p>
                </div>
              </div>
              <div class="sync-actions">
                <button
                  type="button"
                  class="sync-conflict-append"
                  disabled={resolving === conflict.id}
                  onClick={() => onResolve(conflict, 'append')}
                >
                  Add to note
                </button>
                <button
                  type="button"
                  class="sync-conflict-discard"
                  disabled={resolving === conflict.id}
                  onClick={() => onResolve(conflict, 'discard')}
                >
                  Discard
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
