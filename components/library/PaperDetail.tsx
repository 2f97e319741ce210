/**
 * One paper in full: where and when it was met (every sighting, oldest first), its versions, when it was first seen,
 * saved and opened, and its note and tags, editable. Page-derived text (title, authors, URLs) is rendered as text;
 * a sighting's URL becomes a link only when it is http(s).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/db/app-db.ts';
import { setNote, setTags } from '../../lib/db/papers-repo.ts';
import { paperPageUrl } from '../../lib/paper/ids.ts';
import { paperYear } from '../../lib/paper/dates.ts';
import type { Paper, Sighting } from '../../lib/paper/model.ts';
import { formatTime, isUpdated, plural, safeHref, siteLabel, stateMarks } from './format.ts';
import { libraryRepo } from './lazy.ts';

export interface PaperDetailProps {
  db: AppDB;
  paperKey: string;
  /** The paper as the table holds it: re-reading the history whenever it changes. */
  paper: Paper | undefined;
  onClose(): void;
  /** After a write: refresh the table and tell open tabs. */
  onChanged(keys: readonly string[]): Promise<void>;
}

type History = { status: 'loading' } | { status: 'ready'; paper?: Paper; sightings: Sighting[] } | { status: 'error'; error: string };

function tagsText(tags: readonly string[] | undefined): string {
  return (tags ?? []).join(', ');
}

export function PaperDetail({ db, paperKey, paper, onClose, onChanged }: PaperDetailProps) {
  const [history, setHistory] = useState<History>({ status: 'loading' });
  const [note, setNoteDraft] = useState(paper?.note ?? '');
  const [tags, setTagsDraft] = useState(tagsText(paper?.tags));
  const [status, setStatus] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let cancelled = false;
    libraryRepo().then((repo) => repo.paperHistory(db, paperKey)).then(
      (result) => !cancelled && setHistory({ status: 'ready', sightings: result.sightings, ...(result.paper ? { paper: result.paper } : {}) }),
      (error: unknown) => !cancelled && setHistory({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [db, paperKey, paper?.updatedAt]);

  // A different paper: fresh drafts, and focus moves to its heading.
  useEffect(() => {
    setNoteDraft(paper?.note ?? '');
    setTagsDraft(tagsText(paper?.tags));
    setStatus(undefined);
    heading.current?.focus();
  }, [paperKey]);

  const shown = paper ?? (history.status === 'ready' ? history.paper : undefined);
  if (!shown) {
    return (
      <aside class="detail" aria-label="Paper details">
        <p>{history.status === 'loading' ? 'Loading…' : 'This paper is no longer in the library.'}</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </aside>
    );
  }

  async function saveNote(): Promise<void> {
    try {
      await setNote(db, paperKey, note);
      await onChanged([paperKey]);
      setStatus('Note saved.');
    } catch (error) {
      setStatus(`Could not save the note: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function saveTags(): Promise<void> {
    try {
      await setTags(db, paperKey, tags.split(','));
      await onChanged([paperKey]);
      setStatus('Tags saved.');
    } catch (error) {
      setStatus(`Could not save the tags: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const year = paperYear(shown);
  const facts: Array<[string, string]> = [];
  if (shown.firstSeenAt !== undefined) facts.push(['First seen', formatTime(shown.firstSeenAt)]);
  if (shown.lastSeenAt !== undefined) facts.push(['Last seen', formatTime(shown.lastSeenAt)]);
  if (shown.savedAt !== undefined) {
    facts.push(['Saved', `${formatTime(shown.savedAt)}${shown.savedFrom ? ` from ${siteLabel(shown.savedFrom.site)}` : ''}`]);
  }
  if (shown.openedAt !== undefined) facts.push(['Opened', formatTime(shown.openedAt)]);
  if (shown.latestVersion !== undefined || shown.seenVersion !== undefined) {
    const parts = [];
    if (shown.latestVersion !== undefined) parts.push(`latest listed v${shown.latestVersion}`);
    if (shown.seenVersion !== undefined) parts.push(`you saw v${shown.seenVersion}`);
    facts.push(['Versions', `${parts.join(', ')}${isUpdated(shown) ? ' (updated since)' : ''}`]);
  }
  if (shown.published !== undefined) facts.push(['Published', shown.published]);
  else if (year !== undefined) facts.push(['Year', String(year)]);
  if (shown.primaryCategory !== undefined) facts.push(['Category', shown.primaryCategory]);

  return (
    <aside class="detail" aria-label="Paper details" data-key={paperKey} onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div class="detail-head">
        <h2 tabIndex={-1} ref={heading}>
          {shown.title}
        </h2>
        <button type="button" class="close" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </div>
      <p class="detail-authors">{shown.authors.join(', ')}</p>
      <p>
        <a href={paperPageUrl(shown.key)} target="_blank" rel="noopener noreferrer">
          {shown.key}
        </a>{' '}
        <span class="detail-marks">{stateMarks(shown).join(' · ')}</span>
      </p>
      <dl class="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <label class="field">
        Tags <span class="hint">(comma-separated)</span>
        <input type="text" class="detail-tags" value={tags} onInput={(event) => setTagsDraft(event.currentTarget.value)} onKeyDown={(event) => event.key === 'Enter' && void saveTags()} />
      </label>
      <button type="button" onClick={() => void saveTags()}>
        Save tags
      </button>
      <label class="field">
        Note <span class="hint">(Markdown)</span>
        <textarea class="detail-note" rows={6} value={note} onInput={(event) => setNoteDraft(event.currentTarget.value)} />
      </label>
      <button type="button" onClick={() => void saveNote()}>
        Save note
      </button>
      {status === undefined ? null : (
        <p class="detail-status" role="status">
          {status}
        </p>
      )}

      <h3>History</h3>
      {history.status === 'loading' ? (
        <p>Loading…</p>
      ) : history.status === 'error' ? (
        <p role="alert">{history.error}</p>
      ) : history.sightings.length === 0 ? (
        <p class="hint">No sightings recorded (saved or imported without being met on a listing).</p>
      ) : (
        <>
          <p class="hint">Met {plural(history.sightings.length, 'time')}, oldest first.</p>
          <ol class="history">
            {history.sightings.map((sighting) => {
              const href = safeHref(sighting.url);
              return (
                <li key={sighting.id} data-site={sighting.site}>
                  <time dateTime={new Date(sighting.at).toISOString()}>{formatTime(sighting.at)}</time>{' '}
                  <span class="site">{siteLabel(sighting.site)}</span>
                  {sighting.markId === undefined ? null : <span class="hint"> (marked seen)</span>}
                  <br />
                  {href === undefined ? (
                    <span class="url">{sighting.url}</span>
                  ) : (
                    <a class="url" href={href} target="_blank" rel="noopener noreferrer">
                      {sighting.url}
                    </a>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </aside>
  );
}
