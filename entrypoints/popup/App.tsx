/**
 * The popup: the saved collection as a virtualized list, with field-prefix search, filters, sort and per-paper actions,
 * fast at 100,000 papers.
 *
 * Loading in two steps, so the first paint never waits for the whole table:
 *
 * 1. the newest saved papers through the `savedAt` index, read with raw IndexedDB (first-page.ts) so not even Dexie has to
 *    load first, painted as soon as they arrive, in the order the default view shows; the saved count from the same
 *    index follows on its own;
 * 2. after that paint, Dexie and every paper, read in chunks and indexed for search (lib/search/index.ts buildIndex), then
 *    kept current as papers change anywhere: the extension pages' live mirror (use-library.ts). Until then `main` is
 *    aria-busy.
 *
 * Writes are the extension pages' shared actions (lib/app/actions.ts): one transaction each, open tabs told, and a
 * failure turned into one sentence, shown in the status line.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { plural } from '../../components/plural.ts';
import { DigestLink } from '../../components/popup/DigestLink.tsx';
import { FilterBar, DEFAULT_VIEW, isDefaultView, type View } from '../../components/popup/FilterBar.tsx';
import { GenericMode } from '../../components/popup/GenericMode.tsx';
import { paperLinks } from '../../components/popup/links.ts';
import type { NotePanel as NotePanelType } from '../../components/popup/NotePanel.tsx';
import { PaperRow, type RowAction } from '../../components/popup/PaperRow.tsx';
import { UndoBar } from '../../components/popup/UndoBar.tsx';
import { VirtualList } from '../../components/popup/VirtualList.tsx';
import { describeSend, loadZotero, type ZoteroService } from '../../components/zotero-send.ts';
import type { Snapshot } from '../../lib/app/actions.ts';
import type { AppDB } from '../../lib/app/db.ts';
import { siteIds, tagCounts } from '../../lib/search/facets.ts';
import { runQuery } from '../../lib/search/index.ts';
import { parseQuery } from '../../lib/search/parse.ts';
import { hasReasonTerms, matchReasons } from '../../lib/search/reasons.ts';
import type { Paper } from '../../lib/paper/model.ts';
import type { NoteDraft, SaveResult } from '../../components/NoteEditor.tsx';
import { siteLabel } from '../../lib/sites/labels.ts';
import type { FirstPage } from './first-page.ts';
import { store, useLibrary } from './use-library.ts';

/**
 * Loaded on first use, not with the popup: the writers validate with zod and the exporters are large, and neither is
 * needed for the first paint.
 */
const actions = () => import('../../lib/app/actions.ts');
const transfer = () => import('../../lib/app/transfer.ts');
/** The note panel (the shared editor checks the library's limits, and with them loads zod): fetched once the list is up. */
let notePanelModule: Promise<typeof NotePanelType> | undefined;
const loadNotePanel = (): Promise<typeof NotePanelType> =>
  (notePanelModule ??= import('../../components/popup/NotePanel.tsx').then((module) => module.NotePanel));
/** The sync line (nothing while sync is off), loaded once the list is up: it reads the database and the settings. */
const loadSyncState = () => import('../../components/popup/SyncState.tsx');
type SyncStateModule = Awaited<ReturnType<typeof loadSyncState>>;

const ROW_HEIGHT = 108;
/** How long the Undo bar stays after an unsave. */
const UNDO_MS = 8000;

interface Undo {
  snapshot: Snapshot;
  message: string;
}

const NONE: ReadonlySet<string> = new Set();

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit'].includes(target.type))
  );
}

export interface AppProps {
  /** The first rows (first-page.ts), requested by main.tsx before the first render. */
  firstPage: Promise<FirstPage>;
}

export function App({ firstPage }: AppProps) {
  const [first, setFirst] = useState<Paper[]>();
  const [firstCount, setFirstCount] = useState<number>();
  const [failure, setFailure] = useState<string>();
  const [query, setQuery] = useState('');
  const [view, setView] = useState<View>(DEFAULT_VIEW);
  const [active, setActive] = useState<{ key?: string; index: number }>({ index: 0 });
  const [focusRequest, setFocusRequest] = useState(0);
  const [editing, setEditing] = useState<string>();
  const [undo, setUndo] = useState<Undo>();
  const [status, setStatus] = useState<{ text: string; error: boolean }>();
  /** Papers just unsaved here: hidden at once, before the library (re-indexed after the write) drops them itself. */
  const [hidden, setHidden] = useState<ReadonlySet<string>>(NONE);
  const search = useRef<HTMLInputElement>(null);
  /** The latest key handler: the document listener below calls it, so it always sees the current render's state. */
  const keyHandler = useRef<(event: KeyboardEvent) => void>(() => {});
  /** Set when a row action removes the focused row: focus follows to the new current row once the list changes. */
  const refocus = useRef(false);

  useEffect(() => {
    // On the document, not on <main>: with nothing focused, keys go to <body>.
    const listener = (event: KeyboardEvent): void => keyHandler.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  // Step 1: the newest saved papers from the savedAt index, painted as soon as they arrive; the count (same index)
  // follows on its own, so counting 100k index entries never delays the first rows.
  // A layout effect: it runs right after the first commit, while a passive effect would wait for a frame.
  useLayoutEffect(() => {
    firstPage
      .then(({ papers, savedCount }) => {
        setFirst(papers);
        return savedCount.then(setFirstCount);
      })
      .catch((error: unknown) => setFailure(messageOf(error)));
  }, []);

  // Step 2, once step 1 is on screen: everything, indexed for search, kept current.
  const { library, error: loadError } = useLibrary(first !== undefined);

  const [NotePanel, setNotePanel] = useState<typeof NotePanelType>();
  // Fetched ahead once the whole library is in (so `e` opens it at once), or at the first `e` before that.
  useEffect(() => {
    if (NotePanel !== undefined || (library === undefined && editing === undefined)) return;
    loadNotePanel()
      .then((panel) => setNotePanel(() => panel))
      .catch((error: unknown) =>
        setStatus({ text: `Could not open the note editor: ${messageOf(error)}`, error: true }),
      );
  }, [library !== undefined, editing]);

  const [sync, setSync] = useState<{ SyncState: SyncStateModule['SyncState']; db: AppDB }>();
  useEffect(() => {
    if (library === undefined || sync !== undefined) return;
    Promise.all([loadSyncState(), store()])
      .then(([{ SyncState }, { db }]) => setSync({ SyncState, db }))
      .catch((error: unknown) => console.warn('Dogear: could not show the sync state', error));
  }, [library !== undefined]);

  // Loaded once the list is up, so a click on a row's Zotero button can ask for the permission at once.
  const [zotero, setZotero] = useState<{ service: ZoteroService; via: 'desktop' | 'web' }>();
  useEffect(() => {
    if (library === undefined || zotero !== undefined) return;
    loadZotero()
      .then(async (service) => setZotero({ service, via: (await service.loadZoteroSettings()).via }))
      .catch((error: unknown) => console.warn('Dogear: could not load the Zotero service', error));
  }, [library !== undefined]);

  useEffect(() => {
    if (undo === undefined) return;
    const timer = setTimeout(() => setUndo(undefined), UNDO_MS);
    return () => clearTimeout(timer);
  }, [undo]);

  const parsed = useMemo(() => parseQuery(query), [query]);
  const results = useMemo(() => {
    if (library === undefined) return undefined;
    const started = performance.now();
    const found = runQuery(library.index, parsed, view.filters, view.sort);
    // A performance entry per query, so tests/bench/popup.ts can split a keystroke into query and render.
    performance.measure('dogear-query', { start: started, end: performance.now() });
    return found;
  }, [library, parsed, view]);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    setFocusRequest((n) => n + 1);
  }, [results, hidden]);
  useEffect(() => setHidden(NONE), [library]);
  const tags = useMemo(() => (library === undefined ? [] : tagCounts(library.papers)), [library]);
  const sites = useMemo(() => (library === undefined ? [] : siteIds(library.papers)), [library]);
  const savedCount = useMemo(
    () =>
      library === undefined
        ? firstCount
        : library.papers.reduce((n, paper) => (paper.savedAt === undefined ? n : n + 1), 0),
    [library, firstCount],
  );

  if (failure !== undefined || loadError !== undefined) {
    return (
      <main class="popup">
        <p role="alert" class="failure">
          Dogear could not open its library: {failure ?? loadError}
        </p>
      </main>
    );
  }
  if (first === undefined) return <main class="popup" aria-busy="true" />;

  const defaultView = query.trim() === '' && isDefaultView(view);
  // Before the full load only the default view can be shown (it is what step 1 read).
  const listed: readonly Paper[] = results ?? (defaultView ? first : []);
  const shown = hidden.size === 0 ? listed : listed.filter((paper) => !hidden.has(paper.key));
  const found = active.key === undefined ? -1 : shown.findIndex((paper) => paper.key === active.key);
  const activeIndex = shown.length === 0 ? -1 : found >= 0 ? found : Math.min(active.index, shown.length - 1);
  const current = activeIndex >= 0 ? shown[activeIndex] : undefined;
  /** The paper in the note panel; the panel goes if the paper leaves the list meanwhile (unsaved in another tab). */
  const editedPaper = editing === undefined ? undefined : shown.find((paper) => paper.key === editing);

  const say = (text: string, error = false): void => setStatus({ text, error });

  function moveTo(index: number, focus: boolean): void {
    if (shown.length === 0) return;
    const clamped = Math.max(0, Math.min(shown.length - 1, index));
    setActive({ key: shown[clamped]!.key, index: clamped });
    if (focus) setFocusRequest((n) => n + 1);
  }

  function open(paper: Paper): void {
    void browser.tabs.create({ url: paperLinks(paper.key)[0]!.url });
  }

  async function copyBibtex(paper: Paper): Promise<void> {
    const [{ db }, { copyBibtex: copy }] = await Promise.all([store(), actions()]);
    const copied = await copy(db, paper);
    if (copied.ok) say(`Copied BibTeX for ${copied.value}.`);
    else say(`Could not copy BibTeX: ${copied.error}`, true);
  }

  async function unsave(paper: Paper): Promise<void> {
    // The row leaves the list; if it had the focus, the focus moves to the row that takes its place.
    refocus.current =
      document.activeElement instanceof HTMLElement && document.activeElement.closest('.paper') !== null;
    const [{ db }, { unsave: unsavePapers }] = await Promise.all([store(), actions()]);
    // Views of saved papers lose it at once; others (all papers, seen…) keep it, now unsaved.
    if (view.filters.states?.includes('saved') === true) setHidden((keys) => new Set([...keys, paper.key]));
    const done = await unsavePapers(db, [paper.key]);
    if (done.ok) setUndo({ snapshot: done.value, message: `Unsaved “${paper.title}”.` });
    else {
      setHidden(NONE);
      say(`Could not unsave: ${done.error}`, true);
    }
  }

  async function undoUnsave(): Promise<void> {
    if (undo === undefined) return;
    setUndo(undefined);
    const [{ db }, { undo: restore }] = await Promise.all([store(), actions()]);
    const done = await restore(db, undo.snapshot);
    if (done.ok) say('Restored.');
    else say(`Could not undo: ${done.error}`, true);
  }

  /** Sends one saved paper to Zotero; the permission is asked first, in the click or key press. */
  function sendToZotero(paper: Paper): void {
    if (zotero === undefined) {
      say('Zotero is not ready yet: try again in a moment.', true);
      return;
    }
    const asked = zotero.service.requestZoteroPermission(zotero.via);
    say('Sending to Zotero…');
    void (async () => {
      try {
        if (!(await asked)) {
          say('Dogear may not reach Zotero: the browser’s permission was not granted.', true);
          return;
        }
        const { db } = await store();
        const said = describeSend(await zotero.service.sendToZotero(db, [paper.key]));
        say(said.text, said.error);
      } catch (error) {
        say(`Could not send to Zotero: ${messageOf(error)}`, true);
      }
    })();
  }

  function closeEditor(): void {
    setEditing(undefined);
    setFocusRequest((n) => n + 1);
  }

  /** The note panel's save: on failure the panel stays open, with the message and the typed text. */
  async function saveAnnotations(paper: Paper, draft: NoteDraft): Promise<SaveResult> {
    const [{ db }, { setNoteAndTags }] = await Promise.all([store(), actions()]);
    const done = await setNoteAndTags(db, paper, draft);
    if (!done.ok) return done;
    closeEditor();
    say('Note and tags saved.');
    return { ok: true };
  }

  function act(paper: Paper, action: RowAction): void {
    if (action === 'copy') void copyBibtex(paper);
    else if (action === 'edit') setEditing(editing === paper.key ? undefined : paper.key);
    else if (action === 'zotero') sendToZotero(paper);
    else if (paper.savedAt !== undefined) void unsave(paper);
  }

  /**
   * Export with cite keys, as the library page does (lib/app/transfer.ts): new keys are chosen from the papers in
   * memory, the file goes first, and the keys are stored right after.
   */
  async function exportBibtex(): Promise<void> {
    const [{ db }, { exportPapers, keepNewCiteKeys }] = await Promise.all([store(), transfer()]);
    const done = await exportPapers(db, 'bibtex', shown, library === undefined ? {} : { library: library.papers });
    if (!done.ok) {
      say(done.error, true);
      return;
    }
    const { count, newCiteKeys } = done.value;
    const exported = `Exported ${plural(count, 'paper')}`;
    if (newCiteKeys.size === 0) {
      say(`${exported}.`);
      return;
    }
    say(`${exported}; keeping ${plural(newCiteKeys.size, 'new cite key')}…`);
    const kept = await keepNewCiteKeys(db, newCiteKeys);
    if (kept.ok) say(`${exported}; ${plural(kept.value, 'new cite key')} kept for later exports.`);
    else say(`${exported}, but its new cite keys were not kept: ${kept.error}`, true);
  }

  /** The whole library with its sightings, as the JSON backup. */
  async function exportBackup(): Promise<void> {
    const [{ db }, { exportPapers }] = await Promise.all([store(), transfer()]);
    const done = await exportPapers(
      db,
      'json',
      { kind: 'all' },
      library === undefined ? {} : { library: library.papers },
    );
    if (!done.ok) say(done.error, true);
  }

  keyHandler.current = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (editedPaper !== undefined) {
      // The note panel is modal: its keys are its own. An Escape that reaches the page came from outside its fields
      // (nothing typed there yet): it closes the panel all the same.
      if (event.key === 'Escape') closeEditor();
      return;
    }
    const target = event.target;
    if (target === search.current) {
      // ↓ leaves the box for the list, at the current row, so the row keys (c, e, u, Enter) act on it from there;
      // Enter opens the current row without leaving the box.
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        moveTo(Math.max(0, activeIndex), true);
      } else if (event.key === 'Enter' && current !== undefined) {
        event.preventDefault();
        open(current);
      }
      return;
    }
    if (isTextField(target)) return;
    const onRow = target instanceof HTMLElement && target.matches('.paper');
    switch (event.key) {
      case '/':
        event.preventDefault();
        search.current?.focus();
        search.current?.select();
        return;
      case 'ArrowDown':
      case 'j':
        event.preventDefault();
        moveTo(activeIndex + 1, true);
        return;
      case 'ArrowUp':
      case 'k':
        event.preventDefault();
        // ↑ from the first row goes back to the search box, the way ↓ came.
        if (event.key === 'ArrowUp' && onRow && activeIndex === 0) search.current?.focus();
        else moveTo(activeIndex - 1, true);
        return;
      case 'Home':
        event.preventDefault();
        moveTo(0, true);
        return;
      case 'End':
        event.preventDefault();
        moveTo(shown.length - 1, true);
        return;
      case 'PageDown':
      case 'PageUp':
        event.preventDefault();
        moveTo(activeIndex + (event.key === 'PageDown' ? 4 : -4), true);
        return;
    }
    if (current === undefined) return;
    if (event.key === 'Enter' && onRow) {
      event.preventDefault();
      open(current);
    } else if (event.key === 'c') act(current, 'copy');
    else if (event.key === 'e') {
      event.preventDefault(); // or the `e` lands in the note field that opens
      setEditing(current.key);
    } else if (event.key === 'u') act(current, 'unsave');
    else if (event.key === 'z' && current.savedAt !== undefined) act(current, 'zotero');
  };

  const busy = library === undefined;
  const noun = view.filters.states?.length === 1 && view.filters.states[0] === 'saved' ? 'saved paper' : 'paper';
  let empty: string | undefined;
  if (shown.length === 0) {
    if (busy && !defaultView) empty = 'Loading the whole library to search it…';
    else if (defaultView)
      empty = undefined; // "nothing saved yet", below
    else if (query.trim() !== '') empty = `No ${noun} matches “${query.trim()}”.`;
    else empty = `No ${noun} matches these filters.`;
  }

  const searching = hasReasonTerms(parsed);

  return (
    <main class={editedPaper === undefined ? 'popup' : 'popup editing'} aria-busy={busy ? 'true' : undefined}>
      {/* Everything but the note panel; inert while the panel is open (a modal dialog). */}
      <div class="behind" inert={editedPaper !== undefined}>
        <header>
          <div class="top">
            <h1>Dogear</h1>
            <span class="count">
              {savedCount === undefined ? '' : `${savedCount} saved`}
              {results !== undefined && !defaultView ? ` · ${results.length} shown` : ''}
            </span>
            <button
              type="button"
              class="open-library"
              onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/library.html') })}
            >
              Open library
            </button>
          </div>
          <input
            ref={search}
            type="search"
            class="search"
            placeholder="Search   t: a: tag: note: y:2024"
            aria-label="Search saved papers"
            aria-describedby="search-help"
            value={query}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
          <p
            id="search-help"
            class={parsed.errors.length > 0 ? 'search-help problem' : 'search-help'}
            aria-live="polite"
          >
            {parsed.errors.length > 0
              ? `Ignored: ${parsed.errors.join('; ')}.`
              : 'Keys: / search · ↓ to the list · j k move · Enter open · c cite · e note · u unsave · z Zotero'}
          </p>
          <FilterBar
            view={view}
            tags={tags}
            sites={sites.map((site) => ({ id: site, label: siteLabel(site) }))}
            onChange={setView}
          />
        </header>
        {status === undefined ? null : (
          <p class={status.error ? 'status error' : 'status'} role={status.error ? 'alert' : 'status'}>
            {status.text}
          </p>
        )}
        {shown.length === 0 ? (
          empty === undefined ? (
            <p class="empty">
              Nothing saved yet. Open Hugging Face Daily Papers, an arXiv listing or Google Scholar and press{' '}
              <b>Save</b> on a paper.
            </p>
          ) : (
            <p class="empty">{empty}</p>
          )
        ) : (
          <VirtualList
            items={shown}
            rowHeight={ROW_HEIGHT}
            activeIndex={activeIndex}
            focusRequest={focusRequest}
            initialHeight={440}
            label={defaultView ? 'Saved papers, newest first' : 'Matching papers'}
            renderRow={(paper, placement) => (
              <PaperRow
                key={paper.key}
                paper={paper}
                placement={placement}
                sourceLabel={siteLabel(paper.savedFrom?.site)}
                reasons={searching ? matchReasons(paper, parsed) : undefined}
                editing={editing === paper.key}
                onActivate={() => setActive({ key: paper.key, index: placement.index })}
                onAction={(action) => act(paper, action)}
              />
            )}
          />
        )}
        {undo === undefined ? null : <UndoBar message={undo.message} onUndo={() => void undoUnsave()} />}
        <GenericMode />
        {sync === undefined ? null : (
          <sync.SyncState
            db={sync.db}
            settingsUrl={browser.runtime.getURL('/library.html#settings')}
            onOpenSettings={() => void browser.tabs.create({ url: browser.runtime.getURL('/library.html#settings') })}
          />
        )}
        <footer>
          <button type="button" class="export-bibtex" onClick={() => void exportBibtex()} disabled={shown.length === 0}>
            Export BibTeX
          </button>
          <button type="button" class="export-json" onClick={() => void exportBackup()}>
            Export JSON backup
          </button>
          <DigestLink onOpen={() => void browser.tabs.create({ url: browser.runtime.getURL('/digest.html') })} />
        </footer>
      </div>
      {editedPaper === undefined || NotePanel === undefined ? null : (
        <NotePanel
          key={editedPaper.key}
          paper={editedPaper}
          onSave={(draft) => saveAnnotations(editedPaper, draft)}
          onClose={closeEditor}
        />
      )}
    </main>
  );
}
