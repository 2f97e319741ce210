/**
 * Export: a scope (everything, saved, the selection, a tag, a date range, saved today) and a format (every entry of
 * lib/formats/registry.ts), written with a progress bar and handed to the browser's downloads (lib/app/transfer.ts,
 * which also gives and keeps cite keys for the formats whose entry says so). For the chosen format the section says
 * what the file keeps and what it drops, from the registry entry, and warns before a file that loses the user's notes,
 * tags or save dates.
 */
import { useState } from 'preact/hooks';
import type { AppDB } from '../../../lib/app/db.ts';
import { exportPapers, keepNewCiteKeys, tagsInUse } from '../../../lib/app/transfer.ts';
import { formatById, formats, type FormatId } from '../../../lib/formats/registry.ts';
import type { Format } from '../../../lib/formats/types.ts';
import type { ExportScope } from '../../../lib/transfer/scope.ts';
import { useLiveQuery } from '../../use-live-query.ts';
import { plural } from '../../plural.ts';
import { carriesOf, EVERY_FORMAT_KEEPS, listWords } from './carries.ts';

type ScopeKind = ExportScope['kind'];

const SCOPE_LABELS: Record<ScopeKind, string> = {
  all: 'Everything',
  saved: 'Saved papers',
  selection: 'The selection',
  tag: 'A tag',
  range: 'A date range',
  savedToday: 'Saved today',
};

/** The format that keeps everything, named in the warning. */
const LOSSLESS = formats.find((format) => Object.values((format as Format).carries).every(Boolean));

/** Local midnight of an `<input type=date>` value (YYYY-MM-DD), or undefined when empty or invalid. */
function localDay(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const time = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isNaN(time) ? undefined : time;
}

export function ExportSection({ db, selection }: { db: AppDB; selection: readonly string[] }) {
  const [kind, setKind] = useState<ScopeKind>('all');
  const [tag, setTag] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [formatId, setFormatId] = useState<FormatId>('bibtex');
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [keeping, setKeeping] = useState(false);
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string }>();
  const tags = useLiveQuery(() => tagsInUse(db));
  const tagList = tags.status === 'ready' ? tags.value : [];
  const chosenTag = tag !== '' ? tag : (tagList[0]?.tag ?? '');
  const format: Format = formatById(formatId);
  const carries = carriesOf(format);
  const lost = carries.drops.filter((words) => ['notes', 'tags', 'save dates'].includes(words));

  /** The chosen scope, or a sentence saying what is missing. */
  function scope(): ExportScope | string {
    switch (kind) {
      case 'all':
      case 'saved':
        return { kind };
      case 'selection':
        return selection.length === 0 ? 'Select papers in the Papers tab first.' : { kind, keys: selection };
      case 'tag':
        return chosenTag === '' ? 'No paper has a tag yet.' : { kind, tag: chosenTag };
      case 'range': {
        const start = localDay(from);
        const end = localDay(to);
        if (start === undefined || end === undefined) return 'Choose both dates of the range.';
        // The "to" day is included: the range ends at the next local midnight.
        const endDate = new Date(end);
        const endExclusive = new Date(endDate.getFullYear(), endDate.getMonth(), endDate.getDate() + 1).getTime();
        if (endExclusive <= start) return 'The range ends before it starts.';
        return { kind, from: start, to: endExclusive };
      }
      case 'savedToday':
        return { kind, now: Date.now() };
    }
  }

  async function run(): Promise<void> {
    const chosen = scope();
    if (typeof chosen === 'string') {
      setStatus({ kind: 'error', text: chosen });
      return;
    }
    setStatus(undefined);
    setProgress({ done: 0, total: 0 });
    try {
      const result = await exportPapers(db, formatId, chosen, {
        onProgress: (done, total) => setProgress({ done, total }),
      });
      if (!result.ok) {
        setStatus({ kind: 'error', text: result.error });
        return;
      }
      const { count, scope: what, fileName, newCiteKeys } = result.value;
      const exported = `Exported ${plural(count, 'paper')} (${what}) as ${format.label}: ${fileName}`;
      setStatus({ kind: 'info', text: exported });
      if (newCiteKeys.size === 0) return;
      const keys = plural(newCiteKeys.size, 'new cite key');
      setProgress(undefined);
      setKeeping(true);
      setStatus({ kind: 'info', text: `${exported}. Keeping its ${keys} for later exports…` });
      const kept = await keepNewCiteKeys(db, newCiteKeys);
      setStatus(
        kept.ok
          ? {
              kind: 'info',
              text: `${exported}. Its ${keys} ${newCiteKeys.size === 1 ? 'is' : 'are'} kept for later exports.`,
            }
          : {
              kind: 'error',
              text: `${exported}, but its cite keys could not be kept: ${kept.error}. Export again to get the stored keys.`,
            },
      );
    } finally {
      setKeeping(false);
      setProgress(undefined);
    }
  }

  const busy = progress !== undefined || keeping;
  const choice = (value: ScopeKind) => (
    <div class="choice" key={value}>
      <input
        type="radio"
        id={`export-scope-${value}`}
        name="export-scope"
        value={value}
        checked={kind === value}
        disabled={value === 'selection' && selection.length === 0}
        onChange={() => setKind(value)}
      />
      <label for={`export-scope-${value}`}>
        {value === 'selection' ? `The selection (${plural(selection.length, 'paper')})` : SCOPE_LABELS[value]}
      </label>
    </div>
  );

  return (
    <section class="export-section transfer-card" aria-labelledby="export-heading">
      <h3 id="export-heading">Export</h3>
      <fieldset class="export-scope" disabled={busy}>
        <legend>Which papers</legend>
        {choice('all')}
        {choice('saved')}
        {choice('savedToday')}
        {choice('selection')}
        {choice('tag')}
        <div class="choice-detail">
          <label for="export-tag">Tag</label>
          <select
            id="export-tag"
            class="export-tag"
            value={chosenTag}
            disabled={kind !== 'tag' || tagList.length === 0}
            onChange={(event) => setTag(event.currentTarget.value)}
          >
            {tagList.map(({ tag: name, count }) => (
              <option key={name} value={name}>
                {name} ({count})
              </option>
            ))}
          </select>
          {tagList.length === 0 ? <span class="hint"> No paper has a tag yet.</span> : null}
        </div>
        {choice('range')}
        <div class="choice-detail">
          <label for="export-from">From</label>
          <input
            type="date"
            id="export-from"
            class="export-from"
            aria-describedby="export-range-hint"
            value={from}
            disabled={kind !== 'range'}
            onChange={(event) => setFrom(event.currentTarget.value)}
          />
          <label for="export-to">to</label>
          <input
            type="date"
            id="export-to"
            class="export-to"
            value={to}
            disabled={kind !== 'range'}
            onChange={(event) => setTo(event.currentTarget.value)}
          />
          <span id="export-range-hint" class="hint">
            saved (or first seen) on these days, both included
          </span>
        </div>
      </fieldset>

      <fieldset class="export-format-choice" disabled={busy}>
        <legend>Format</legend>
        <label for="export-format">File format</label>{' '}
        <select
          id="export-format"
          class="export-format"
          aria-describedby="export-carries"
          value={formatId}
          onChange={(event) => setFormatId(event.currentTarget.value as FormatId)}
        >
          {formats.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
        <dl id="export-carries" class="carries">
          <dt>Keeps</dt>
          <dd class="keeps">{listWords(carries.keeps)}</dd>
          <dt>Drops</dt>
          <dd class="drops">{carries.drops.length === 0 ? 'nothing' : listWords(carries.drops)}</dd>
        </dl>
        {lost.length > 0 ? (
          <p class="export-warning" role="note">
            <strong>Your {listWords(lost)} will not be in this file.</strong> {format.label} has no place for them
            {LOSSLESS ? `; ${LOSSLESS.label} keeps everything` : ''}.
          </p>
        ) : null}
        <details class="format-table">
          <summary>What each format keeps</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Format</th>
                <th scope="col">Keeps (besides {listWords(EVERY_FORMAT_KEEPS)})</th>
                <th scope="col">Drops</th>
              </tr>
            </thead>
            <tbody>
              {formats.map((entry) => {
                const summary = carriesOf(entry);
                return (
                  <tr key={entry.id}>
                    <th scope="row">{entry.label}</th>
                    <td>
                      {summary.keeps.length === EVERY_FORMAT_KEEPS.length
                        ? '—'
                        : listWords(summary.keeps.slice(EVERY_FORMAT_KEEPS.length))}
                    </td>
                    <td>{summary.drops.length === 0 ? 'nothing' : listWords(summary.drops)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      </fieldset>

      <div class="transfer-actions">
        <button type="button" class="export-run primary" disabled={busy} onClick={() => void run()}>
          {keeping ? 'Keeping cite keys…' : busy ? 'Exporting…' : 'Export'}
        </button>
        {progress !== undefined && progress.total > 0 ? (
          <span class="export-progress-line">
            <progress class="export-progress" value={progress.done} max={progress.total} aria-label="Export progress" />{' '}
            {progress.done} / {progress.total}
          </span>
        ) : null}
      </div>
      {status === undefined ? null : (
        <p class={`export-status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
