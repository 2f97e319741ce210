/**
 * The library page (library.html): every paper in one place. Tabs chosen by the URL hash: #papers (default),
 * #duplicates, #activity, #transfer (import and export), #settings.
 *
 * Wiring only. The papers come from the live mirror (components/library/use-library.ts over lib/app/papers-mirror.ts),
 * which follows every change made anywhere, this page's own included; writes are lib/app/actions.ts. Bulk actions and
 * merges return a snapshot of what they changed: the bar at the bottom offers Undo, which puts the snapshot back.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ActivityPanel } from '../../components/library/ActivityPanel.tsx';
import { DuplicatesPanel } from '../../components/library/DuplicatesPanel.tsx';
import { PapersPanel, type Perform } from '../../components/library/PapersPanel.tsx';
import { actions, type Snapshot } from '../../components/library/lazy.ts';
import { useLibrary } from '../../components/library/use-library.ts';
import { useLiveQuery } from '../../components/use-live-query.ts';
import { appDb } from '../../lib/app/db.ts';
import { readPreview, sightingsOf } from '../../lib/app/preview.ts';

const db = appDb();
/** Started as the module loads, before the first render: the first rows are read while Preact sets up. */
const preview = readPreview(db);

const TABS = [
  { id: 'papers', label: 'Papers' },
  { id: 'duplicates', label: 'Duplicates' },
  { id: 'activity', label: 'Activity' },
  { id: 'transfer', label: 'Import & export' },
  { id: 'settings', label: 'Settings' },
] as const;
type TabId = (typeof TABS)[number]['id'];

function tabFromHash(): TabId {
  const id = location.hash.slice(1);
  return TABS.find((tab) => tab.id === id)?.id ?? 'papers';
}

/**
 * The import/export and settings panels load when their tab is first opened: they pull in every exporter and importer,
 * which the Papers tab's first render does not need.
 */
type TransferModule = typeof import('../../components/library/TransferPanel.tsx');
type SettingsModule = typeof import('../../components/library/SettingsPanel.tsx');

type Notice = { message: string; snapshot?: Snapshot; error?: boolean };

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function App() {
  const [tab, setTab] = useState<TabId>(tabFromHash);
  const library = useLibrary(db, preview);
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const selectedKeys = useMemo(() => [...selection], [selection]);
  const [outcome, setOutcome] = useState<Notice>();
  const [busy, setBusy] = useState(false);

  const [transfer, setTransfer] = useState<TransferModule>();
  const [settings, setSettings] = useState<SettingsModule>();
  useEffect(() => {
    const failed = (error: unknown): void =>
      setOutcome({ message: `Could not load this tab: ${describe(error)}`, error: true });
    if (tab === 'transfer' && !transfer) import('../../components/library/TransferPanel.tsx').then(setTransfer, failed);
    if (tab === 'settings' && !settings) import('../../components/library/SettingsPanel.tsx').then(setSettings, failed);
  }, [tab]);

  useEffect(() => {
    const onHash = (): void => setTab(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    document.title = `Dogear library — ${TABS.find((entry) => entry.id === tab)!.label}`;
  }, [tab]);

  // Selected papers that are gone (deleted, merged away) leave the selection.
  useEffect(() => {
    if (library.status !== 'ready' || selection.size === 0) return;
    const present = new Set(library.papers.map((paper) => paper.key));
    if ([...selection].some((key) => !present.has(key)))
      setSelection(new Set([...selection].filter((key) => present.has(key))));
  }, [library]);

  /** Runs an undoable action and offers its undo; the mirror shows the change, wherever it is made. */
  const perform = useCallback<Perform>(async (message, write) => {
    setBusy(true);
    try {
      const result = await write(await actions());
      if (result.ok) setOutcome({ message, snapshot: result.value });
      else setOutcome({ message: `That did not work: ${result.error}`, error: true });
      return result.ok;
    } catch (error) {
      setOutcome({ message: `That did not work: ${describe(error)}`, error: true });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  async function undo(snapshot: Snapshot): Promise<void> {
    setBusy(true);
    try {
      const result = await (await actions()).undo(db, snapshot);
      setOutcome(result.ok ? { message: 'Undone.' } : { message: `Undo failed: ${result.error}`, error: true });
    } catch (error) {
      setOutcome({ message: `Undo failed: ${describe(error)}`, error: true });
    } finally {
      setBusy(false);
    }
  }

  const papers = library.status === 'ready' ? library.papers : undefined;
  // weeklyActivity reads sightings only for papers without firstSeenAt (imported records): read just theirs.
  const sightings = useLiveQuery(async () => {
    if (tab !== 'activity' || papers === undefined) return undefined;
    return sightingsOf(
      db,
      papers.filter((paper) => paper.firstSeenAt === undefined).map((paper) => paper.key),
    );
  }, [tab, papers]);
  const now = useMemo(() => Date.now(), [papers, sightings]);

  return (
    <div class="library" aria-busy={busy}>
      <header class="top">
        <h1>Dogear library</h1>
        <nav aria-label="Library sections">
          <ul class="tabs">
            {TABS.map((entry) => (
              <li key={entry.id}>
                <a href={`#${entry.id}`} class="tab" aria-current={entry.id === tab ? 'page' : undefined}>
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main>
        <div hidden={tab !== 'papers'} class="tab-panel">
          <PapersPanel db={db} library={library} selection={selection} onSelection={setSelection} perform={perform} />
        </div>
        {tab === 'duplicates' ? <DuplicatesPanel db={db} papers={papers} perform={perform} /> : null}
        {tab === 'activity' ? (
          <ActivityPanel
            papers={papers}
            sightings={sightings.status === 'ready' ? sightings.value : undefined}
            now={now}
          />
        ) : null}
        {tab === 'transfer' ? (
          <section class="panel transfer" aria-busy={!transfer}>
            {transfer ? <transfer.TransferPanel db={db} selection={selectedKeys} /> : null}
          </section>
        ) : null}
        {tab === 'settings' ? (
          <section class="panel settings" aria-busy={!settings}>
            {settings ? <settings.SettingsPanel db={db} /> : null}
          </section>
        ) : null}
      </main>
      {outcome === undefined ? null : (
        <div class={`outcome${outcome.error ? ' error' : ''}`} role={outcome.error ? 'alert' : 'status'}>
          <span class="outcome-message">{outcome.message}</span>
          {outcome.snapshot === undefined ? null : (
            <button type="button" class="undo" disabled={busy} onClick={() => void undo(outcome.snapshot!)}>
              Undo
            </button>
          )}
          <button type="button" class="dismiss" aria-label="Dismiss" onClick={() => setOutcome(undefined)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
