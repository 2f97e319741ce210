/**
 * Export: a scope (everything, saved, the selection, a tag, a date range, saved today) and a format (every exporter in
 * lib/formats/registry.ts), written by runExport with a progress bar, and handed to the browser's downloads through a Blob
 * link (no permission). BibTeX and BibLaTeX give every paper in scope a stable cite key on its first export: chosen
 * from the library just read (assignCiteKeys), written into the file, and stored right after the download starts
 * (keepCiteKeys), so a key once cited never changes. Storing rewrites each record (IndexedDB has no partial update):
 * about a minute for a first export of 100,000 papers (npm run bench:transfer), which the file no longer waits for.
 */
import { useState } from 'preact/hooks';
import type { AppDB } from '../../../lib/db/app-db.ts';
import { assignCiteKeys, CiteKeyConflictError, keepCiteKeys } from '../../../lib/db/library-repo.ts';
import {
  exportFileName,
  formatById as exporterById,
  formats as exporters,
  type FormatId as ExporterId,
} from '../../../lib/formats/registry.ts';
import { runExport } from '../../../lib/formats/run.ts';
import { describeScope, papersInScope, type ExportScope } from '../../../lib/transfer/scope.ts';
import { describeError } from '../../../lib/messages.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import { useLiveQuery } from '../../use-live-query.ts';
import { plural } from '../format.ts';
import { downloadFile } from './download.ts';

type ScopeKind = ExportScope['kind'];

const SCOPE_LABELS: Record<ScopeKind, string> = {
  all: 'Everything',
  saved: 'Saved papers',
  selection: 'The selection',
  tag: 'A tag',
  range: 'A date range',
  savedToday: 'Saved today',
};

/** Local midnight of an `<input type=date>` value (YYYY-MM-DD), or undefined when empty or invalid. */
function localDay(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const time = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isNaN(time) ? undefined : time;
}

/** Tags in use with their counts, most used first, read from the `*tags` index (keys only, no records). */
async function tagsInUse(db: AppDB): Promise<{ tag: string; count: number }[]> {
  const keys = (await db.papers.orderBy('tags').keys()) as string[];
  const counts = new Map<string, number>();
  for (const tag of keys) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

export function ExportSection({ db, selection }: { db: AppDB; selection: readonly string[] }) {
  const [kind, setKind] = useState<ScopeKind>('all');
  const [tag, setTag] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<ExporterId>('bibtex');
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [keeping, setKeeping] = useState(false);
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string }>();
  const tags = useLiveQuery(() => tagsInUse(db));
  const tagList = tags.status === 'ready' ? tags.value : [];
  const chosenTag = tag !== '' ? tag : (tagList[0]?.tag ?? '');

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

  /** Stores the cite keys the file was written with; leaving the page meanwhile would lose them, so it asks first. */
  async function keep(keys: ReadonlyMap<string, string>, exported: string): Promise<void> {
    const count = plural(keys.size, 'new cite key');
    setStatus({ kind: 'info', text: `${exported}. Keeping its ${count} for later exports…` });
    const stay = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener('beforeunload', stay);
    setKeeping(true);
    try {
      await keepCiteKeys(db, keys);
      setStatus({ kind: 'info', text: `${exported}. Its ${count} ${keys.size === 1 ? 'is' : 'are'} kept for later exports.` });
    } catch (error) {
      const why = error instanceof CiteKeyConflictError ? `another Dogear page gave cite keys meanwhile (${error.message})` : describeError(error);
      setStatus({ kind: 'error', text: `${exported}, but its cite keys could not be kept: ${why}. Export again to get the stored keys.` });
    } finally {
      window.removeEventListener('beforeunload', stay);
      setKeeping(false);
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
    // Phase timings for the benchmark (tests/bench/transfer.ts) and DevTools: dogear:export:read|prepare|write.
    let mark = performance.now();
    const phase = (name: string): void => {
      const end = performance.now();
      performance.measure(`dogear:export:${name}`, { start: mark, end });
      mark = end;
    };
    try {
      const exporter = exporterById(format);
      const all = await db.papers.toArray();
      phase('read');
      let papers: Paper[] = papersInScope(all, chosen);
      if (papers.length === 0) {
        setStatus({ kind: 'error', text: `Nothing to export: no paper in ${describeScope(chosen)}.` });
        return;
      }
      let newKeys = new Map<string, string>();
      if ((format === 'bibtex' || format === 'biblatex') && papers.some((paper) => paper.citeKey === undefined)) {
        ({ papers, assigned: newKeys } = assignCiteKeys(all, papers));
      }
      let sightings;
      if (format === 'json') {
        const keys = new Set(papers.map((paper) => paper.key));
        sightings = (await db.sightings.toArray()).filter((sighting) => keys.has(sighting.paperKey));
      }
      setProgress({ done: 0, total: papers.length });
      phase('prepare');
      const content = await runExport(format, papers, {
        ...(sightings === undefined ? {} : { sightings }),
        onProgress: (done, total) => setProgress({ done, total }),
      });
      phase('write');
      const fileName = exportFileName(format);
      downloadFile(content, fileName, exporter.mime);
      phase('download');
      const exported = `Exported ${plural(papers.length, 'paper')} (${describeScope(chosen)}) as ${exporter.label}: ${fileName}`;
      setStatus({ kind: 'info', text: exported });
      if (newKeys.size > 0) {
        setProgress(undefined);
        await keep(newKeys, exported);
      }
    } catch (error) {
      setStatus({ kind: 'error', text: `Export failed: ${describeError(error)}` });
    } finally {
      setProgress(undefined);
    }
  }

  const busy = progress !== undefined || keeping;
  return (
    <section class="export-section" aria-labelledby="export-heading">
      <h3 id="export-heading">Export</h3>
      <fieldset class="export-scope" disabled={busy}>
        <legend>What</legend>
        {(Object.keys(SCOPE_LABELS) as ScopeKind[]).map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="export-scope"
              value={value}
              checked={kind === value}
              disabled={value === 'selection' && selection.length === 0}
              onChange={() => setKind(value)}
            />{' '}
            {value === 'selection' ? `The selection (${selection.length} ${selection.length === 1 ? 'paper' : 'papers'})` : SCOPE_LABELS[value]}
            {value === 'tag' ? (
              <>
                {' '}
                <select
                  class="export-tag"
                  aria-label="Tag to export"
                  value={chosenTag}
                  disabled={tagList.length === 0}
                  onChange={(event) => {
                    setTag(event.currentTarget.value);
                    setKind('tag');
                  }}
                >
                  {tagList.map(({ tag: name, count }) => (
                    <option key={name} value={name}>
                      {name} ({count})
                    </option>
                  ))}
                </select>
              </>
            ) : null}
            {value === 'range' ? (
              <>
                {' '}
                from{' '}
                <input
                  type="date"
                  class="export-from"
                  aria-label="From (saved or first seen on or after)"
                  value={from}
                  onChange={(event) => {
                    setFrom(event.currentTarget.value);
                    setKind('range');
                  }}
                />{' '}
                to{' '}
                <input
                  type="date"
                  class="export-to"
                  aria-label="To (included)"
                  value={to}
                  onChange={(event) => {
                    setTo(event.currentTarget.value);
                    setKind('range');
                  }}
                />
              </>
            ) : null}
          </label>
        ))}
      </fieldset>
      <label class="export-format-label">
        Format{' '}
        <select class="export-format" value={format} disabled={busy} onChange={(event) => setFormat(event.currentTarget.value as ExporterId)}>
          {exporters.map((exporter) => (
            <option key={exporter.id} value={exporter.id}>
              {exporter.label}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" class="export-run" disabled={busy} onClick={() => void run()}>
        {keeping ? 'Keeping cite keys…' : busy ? 'Exporting…' : 'Export'}
      </button>
      {progress !== undefined && progress.total > 0 ? (
        <p class="export-progress-line">
          <progress class="export-progress" value={progress.done} max={progress.total} aria-label="Export progress" />{' '}
          {progress.done} / {progress.total}
        </p>
      ) : null}
      {status === undefined ? null : (
        <p class={`export-status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
