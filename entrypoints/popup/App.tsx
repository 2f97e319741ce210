/**
 * The popup: the saved collection as a virtualized list, with field-prefix search, filters, sort and per-paper
 * actions, fast at 100,000 papers.
 *
 * Loading in two steps, so the first paint never waits for the whole table:
 * 1. the newest saved papers through the `savedAt` index, read with raw IndexedDB (first-page.ts) so not even Dexie
 *    has to load first, painted as soon as they arrive, in the order the default view shows; the saved count from the
 *    same index follows on its own;
 * 2. after that paint, Dexie and every paper, read in chunks and indexed for search (lib/search/index.ts buildIndex),
 *    then kept current as papers change anywhere (use-library.ts, store.ts). Until then `main` is aria-busy.
 *
 * Writes go straight to the database (one transaction each, extension origin), then announceChanged tells open tabs.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { plural } from '../../components/library/format.ts';
import { AnnotationEditor } from '../../components/popup/AnnotationEditor.tsx';
import { FilterBar, DEFAULT_VIEW, isDefaultView, type View } from '../../components/popup/FilterBar.tsx';
import { paperLinks } from '../../components/popup/links.ts';
import { PaperRow, type RowAction } from '../../components/popup/PaperRow.tsx';
import { UndoBar } from '../../components/popup/UndoBar.tsx';
import { VirtualList } from '../../components/popup/VirtualList.tsx';
import type { Snapshot } from '../../lib/db/library-repo.ts';
import { siteIds, tagCounts } from '../../lib/search/facets.ts';
import { runQuery } from '../../lib/search/index.ts';
import { parseQuery } from '../../lib/search/parse.ts';
import type { Paper } from '../../lib/paper/model.ts';
import { siteLabel } from '../../lib/sites/labels.ts';
import { downloadText } from './download.ts';
import type { FirstPage } from './first-page.ts';
import { store, useLibrary } from './use-library.ts';

/**
 * Loaded on first use, not with the popup: the bulk writers validate with zod and the exporters are large, and
 * neither is needed for the first paint.
 */
const repo = () => import('../../lib/db/library-repo.ts');
/** announce.ts reads the message protocol's limits, and with them zod: not needed before the first write. */
const announceChanged = (keys: readonly string[]): Promise<void> =>
  import('../../components/announce.ts').then((module) => module.announceChanged(keys));
const exporters = () => Promise.all([import('../../lib/formats/bibtex/write.ts'), import('../../lib/formats/registry.ts')]);

const ROW_HEIGHT = 108;
const EDITOR_HEIGHT = 132;
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
  return target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit'].includes(target.type));
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
    () => (library === undefined ? firstCount : library.papers.reduce((n, paper) => (paper.savedAt === undefined ? n : n + 1), 0)),
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
  const editingIndex = editing === undefined ? -1 : shown.findIndex((paper) => paper.key === editing);

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
    try {
      const [{ db }, { ensureCiteKeys }, [{ toBibtex }]] = await Promise.all([store(), repo(), exporters()]);
      const [withKey] = await ensureCiteKeys(db, [paper]);
      await navigator.clipboard.writeText(toBibtex([withKey!]));
      say(`Copied BibTeX for ${withKey!.citeKey ?? paper.key}.`);
    } catch (error) {
      say(`Could not copy BibTeX: ${messageOf(error)}`, true);
    }
  }

  async function unsave(paper: Paper): Promise<void> {
    // The row leaves the list; if it had the focus, the focus moves to the row that takes its place.
    refocus.current = document.activeElement instanceof HTMLElement && document.activeElement.closest('li.paper') !== null;
    try {
      const [{ db }, { unsaveMany }] = await Promise.all([store(), repo()]);
      // Views of saved papers lose it; others (all papers, seen…) keep it, now unsaved.
      if (view.filters.states?.includes('saved') === true) setHidden((keys) => new Set([...keys, paper.key]));
      const snapshot = await unsaveMany(db, [paper.key]);
      setUndo({ snapshot, message: `Unsaved “${paper.title}”.` });
      void announceChanged([paper.key]);
    } catch (error) {
      setHidden(NONE);
      say(`Could not unsave: ${messageOf(error)}`, true);
    }
  }

  async function undoUnsave(): Promise<void> {
    if (undo === undefined) return;
    setUndo(undefined);
    try {
      const [{ db }, { restoreSnapshot }] = await Promise.all([store(), repo()]);
      const keys = await restoreSnapshot(db, undo.snapshot);
      void announceChanged(keys);
      say('Restored.');
    } catch (error) {
      say(`Could not undo: ${messageOf(error)}`, true);
    }
  }

  async function saveAnnotations(paper: Paper, note: string, tagList: string[]): Promise<void> {
    setEditing(undefined);
    setFocusRequest((n) => n + 1);
    try {
      const { db, setNote, setTags } = await store();
      if (note.trimEnd() !== (paper.note ?? '')) await setNote(db, paper.key, note);
      const before = (paper.tags ?? []).join('\n');
      if (tagList.join('\n') !== before) await setTags(db, paper.key, tagList);
      void announceChanged([paper.key]);
      say('Note and tags saved.');
    } catch (error) {
      say(`Could not save: ${messageOf(error)}`, true);
    }
  }

  function act(paper: Paper, action: RowAction): void {
    if (action === 'copy') void copyBibtex(paper);
    else if (action === 'edit') setEditing(editing === paper.key ? undefined : paper.key);
    else if (paper.savedAt !== undefined) void unsave(paper);
  }

  async function exportBibtex(): Promise<void> {
    try {
      const [{ db }, { assignCiteKeys, ensureCiteKeys, keepCiteKeys }, [{ toBibtex }, { exportFileName }]] = await Promise.all([
        store(),
        repo(),
        exporters(),
      ]);
      if (library === undefined) {
        downloadText(toBibtex(await ensureCiteKeys(db, shown)), exportFileName('bibtex'), 'application/x-bibtex');
        return;
      }
      // As the library page does: new cite keys are chosen from the papers in memory, the file goes first, and the
      // keys are stored right after (keepCiteKeys re-reads the library and stores nothing if another page gave keys).
      const { papers, assigned } = assignCiteKeys(library.papers, shown);
      downloadText(toBibtex(papers), exportFileName('bibtex'), 'application/x-bibtex');
      if (assigned.size > 0) {
        const exported = `Exported ${plural(papers.length, 'paper')}`;
        say(`${exported}; keeping ${plural(assigned.size, 'new cite key')}…`);
        await keepCiteKeys(db, assigned);
        say(`${exported}; ${plural(assigned.size, 'new cite key')} kept for later exports.`);
      }
    } catch (error) {
      say(`Could not export: ${messageOf(error)}`, true);
    }
  }

  async function exportBackup(): Promise<void> {
    try {
      const [{ db }, { libraryTables }, [, { exportFileName }], { runExport }] = await Promise.all([
        store(),
        repo(),
        exporters(),
        import('../../lib/formats/run.ts'),
      ]);
      const { papers, sightings } = await libraryTables(db);
      const text = await runExport('json', papers, { sightings });
      downloadText(typeof text === 'string' ? text : new TextDecoder().decode(text), exportFileName('json'), 'application/json');
    } catch (error) {
      say(`Could not export: ${messageOf(error)}`, true);
    }
  }

  keyHandler.current = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target === search.current) {
      // The search box drives the list like a combobox: arrows move the current row, Enter opens it.
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        moveTo(activeIndex + (event.key === 'ArrowDown' ? 1 : -1), false);
      } else if (event.key === 'Enter' && current !== undefined) {
        event.preventDefault();
        open(current);
      }
      return;
    }
    if (isTextField(target)) return;
    const onRow = target instanceof HTMLElement && target.matches('li.paper');
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
        moveTo(activeIndex - 1, true);
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
  };

  const busy = library === undefined;
  const noun = view.filters.states?.length === 1 && view.filters.states[0] === 'saved' ? 'saved paper' : 'paper';
  let empty: string | undefined;
  if (shown.length === 0) {
    if (busy && !defaultView) empty = 'Loading the whole library to search it…';
    else if (defaultView) empty = undefined; // "nothing saved yet", below
    else if (query.trim() !== '') empty = `No ${noun} matches “${query.trim()}”.`;
    else empty = `No ${noun} matches these filters.`;
  }

  return (
    <main class="popup" aria-busy={busy ? 'true' : undefined}>
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
        <p id="search-help" class={parsed.errors.length > 0 ? 'search-help problem' : 'search-help'} aria-live="polite">
          {parsed.errors.length > 0
            ? `Ignored: ${parsed.errors.join('; ')}.`
            : 'Keys: / search · j k move · Enter open · c cite · e note · u unsave'}
        </p>
        <FilterBar view={view} tags={tags} sites={sites.map((site) => ({ id: site, label: siteLabel(site) }))} onChange={setView} />
      </header>
      {status === undefined ? null : (
        <p class={status.error ? 'status error' : 'status'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
      {shown.length === 0 ? (
        empty === undefined ? (
          <p class="empty">
            Nothing saved yet. Open Hugging Face Daily Papers or an arXiv listing and press <b>Save</b> on a paper.
          </p>
        ) : (
          <p class="empty">{empty}</p>
        )
      ) : (
        <VirtualList
          items={shown}
          rowHeight={ROW_HEIGHT}
          expanded={editingIndex >= 0 ? { index: editingIndex, extra: EDITOR_HEIGHT } : undefined}
          activeIndex={activeIndex}
          focusRequest={focusRequest}
          initialHeight={440}
          label={defaultView ? 'Saved papers, newest first' : 'Matching papers'}
          renderRow={(paper, placement) => (
            <PaperRow
              key={paper.key}
              paper={paper}
              placement={placement}
              setSize={shown.length}
              sourceLabel={siteLabel(paper.savedFrom?.site)}
              onActivate={() => setActive({ key: paper.key, index: placement.index })}
              onAction={(action) => act(paper, action)}
              editor={
                editing === paper.key ? (
                  <AnnotationEditor
                    note={paper.note ?? ''}
                    tags={paper.tags ?? []}
                    onSave={(note, tagList) => void saveAnnotations(paper, note, tagList)}
                    onCancel={() => {
                      setEditing(undefined);
                      setFocusRequest((n) => n + 1);
                    }}
                  />
                ) : undefined
              }
            />
          )}
        />
      )}
      {undo === undefined ? null : <UndoBar message={undo.message} onUndo={() => void undoUnsave()} />}
      <footer>
        <button type="button" class="export-bibtex" onClick={() => void exportBibtex()} disabled={shown.length === 0}>
          Export BibTeX
        </button>
        <button type="button" class="export-json" onClick={() => void exportBackup()}>
          Export JSON backup
        </button>
      </footer>
    </main>
  );
}
