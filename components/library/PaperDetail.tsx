/**
 * One paper in full: where and when it was met (every sighting, oldest first), its versions, when it was first seen,
 * saved and opened, and its note and tags, editable. Page-derived text (title, authors, URLs) is rendered as text; a
 * sighting's URL becomes a link only when it is http(s).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/app/db.ts';
import { paperYear } from '../../lib/paper/dates.ts';
import { keyLabel } from '../../lib/paper/links.ts';
import type { Paper, Sighting } from '../../lib/paper/model.ts';
import { NoteEditor, type NoteDraft, type SaveResult } from '../NoteEditor.tsx';
import { plural } from '../plural.ts';
import { isUpdated, paperMarks } from '../../lib/paper/state.ts';
import { siteLabel } from '../../lib/sites/labels.ts';
import { formatTime, safeHref } from './format.ts';
import { actions } from './lazy.ts';

export interface PaperDetailProps {
  db: AppDB;
  paperKey: string;
  /** The paper as the table holds it: re-reading the history whenever it changes. */
  paper: Paper | undefined;
  onClose(): void;
}

type History =
  | { status: 'loading'; key: string }
  | { status: 'ready'; key: string; paper?: Paper; sightings: Sighting[] }
  | { status: 'error'; key: string; error: string };

export function PaperDetail({ db, paperKey, paper, onClose }: PaperDetailProps) {
  const [loaded, setHistory] = useState<History>({ status: 'loading', key: paperKey });
  // A history read for the previous paper is never shown for this one, not even for the frame before it is read.
  const history: History = loaded.key === paperKey ? loaded : { status: 'loading', key: paperKey };
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let cancelled = false;
    void actions()
      .then((act) => act.history(db, paperKey))
      .then((result) => {
        if (cancelled) return;
        setHistory(
          result.ok
            ? {
                status: 'ready',
                key: paperKey,
                sightings: result.value.sightings,
                ...(result.value.paper ? { paper: result.value.paper } : {}),
              }
            : { status: 'error', key: paperKey, error: result.error },
        );
      });
    return () => {
      cancelled = true;
    };
  }, [db, paperKey, paper?.updatedAt]);

  // A different paper: focus moves to its heading.
  useEffect(() => {
    heading.current?.focus();
  }, [paperKey]);

  // Escape closes the panel when the focus is in it, or nowhere (a button that was disabled while saving lets go of it).
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const focused = document.activeElement;
      if (focused === null || focused === document.body || panel.current?.contains(focused)) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

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

  async function save(draft: NoteDraft): Promise<SaveResult> {
    const result = await (await actions()).setNoteAndTags(db, shown!, draft);
    return result.ok ? { ok: true } : { ok: false, error: result.error };
  }

  const year = paperYear(shown);
  const label = keyLabel(shown.key);
  const facts: Array<[string, string]> = [];
  if (shown.firstSeenAt !== undefined) facts.push(['First seen', formatTime(shown.firstSeenAt)]);
  if (shown.lastSeenAt !== undefined) facts.push(['Last seen', formatTime(shown.lastSeenAt)]);
  if (shown.savedAt !== undefined) {
    facts.push([
      'Saved',
      `${formatTime(shown.savedAt)}${shown.savedFrom ? ` from ${siteLabel(shown.savedFrom.site)}` : ''}`,
    ]);
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
    <aside class="detail" aria-label="Paper details" data-key={paperKey} ref={panel}>
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
        <a href={label.url} target="_blank" rel="noopener noreferrer" title={shown.key}>
          {label.text}
        </a>{' '}
        <span class="detail-marks">{paperMarks(shown).join(' · ')}</span>
      </p>
      <dl class="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      {/* Keyed by paper: another paper's editor starts from that paper's note and tags, never from this one's draft. */}
      <NoteEditor key={paperKey} headingLevel={2} note={shown.note ?? ''} tags={shown.tags ?? []} onSave={save} />

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
