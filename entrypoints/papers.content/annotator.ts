/**
 * Annotates a parsed listing in place and runs the triage UI on it.
 *
 * - Marks and controls: two hosts per entry with _closed_ shadow roots (row-hosts.ts), mounted when the entry comes near
 *   the viewport or gets pointer/keyboard focus (mounting.ts; 2,000-row pages stay fast). Their size and attributes
 *   never depend on the paper's state, so the page's scripts cannot tell a saved paper from an unsaved one. The state
 *   attributes of the README's DOM contract are written only when the user turns on `pageStateAttributes`.
 * - Meaning holds for the visit: an entry new when the page loaded stays marked new while it is read (the library records
 *   it as seen at once; the next visit shows it seen). See `visitStates` in lib/paper/state.ts.
 * - Lookups only for entries the adapter finds, in batches, rate-limited after the first load (lookups.ts).
 * - Every handler acts on trusted events only; the background takes a save's source from the sender, not from us.
 *
 * What is known lives in one state value (state.ts, a pure reducer); actions.ts talks to the library and dispatches the
 * answers; each change repaints the rows whose view changed (rows.tsx) and the bar (bar.tsx). Everything this starts —
 * listeners, observers, timers, the port's listener, the note editor — ends when `signal` aborts (the content script
 * was invalidated), and then everything Dogear added to the page is removed.
 *
 * Nothing of the page is moved or rewrapped. Annotating again (the page re-rendered, a second script instance) is
 * idempotent.
 */
import { MARK_VARIABLES } from '../../components/mark-styles.ts';
import { urlKey } from '../../lib/paper/ids.ts';
import type { PaperCandidate } from '../../lib/paper/model.ts';
import type { Settings, ViewMode } from '../../lib/settings.ts';
import { createLibraryActions } from './actions.ts';
import barCss from './bar.css?inline';
import { createBar, NARROW, type BarHandlers } from './bar.tsx';
import { bindKeys } from './keyboard.ts';
import { onAbort } from './lifetime.ts';
import { createLookupQueue, type Clock } from './lookups.ts';
import markCss from './mark.css?inline';
import { createMounter, createResizeWatch } from './mounting.ts';
import type { Page, Port } from './port.ts';
import { entryBox, mountHosts, placeMarks } from './row-hosts.ts';
import rowCss from './row.css?inline';
import { clearRow, paintHosts, paintRow, rescan, type Look, type PageRow, type RowHandlers } from './rows.tsx';
import { watchSeen, type SeenWatcher } from './seen-tracker.ts';
import { initialState, nextIndex, viewMode, type PageState, type RowView } from './state.ts';
import { createStore } from './store.ts';
import { themeBehind, watchTheme } from './theme.ts';

/** Attributes Dogear writes on <html>; removed when the script ends, unless a newer instance owns the page. */
const HTML_ATTRIBUTES = [
  'data-dogear-page',
  'data-dogear-entries',
  'data-dogear-ready',
  'data-dogear-view',
  'data-dogear-instance',
];
const CSS = { mark: MARK_VARIABLES + markCss, controls: MARK_VARIABLES + rowCss, bar: MARK_VARIABLES + barCss };

export interface Annotator {
  /** Parses the page again and decorates every entry (idempotent); resolves once marks reflect the library. */
  annotate(): Promise<void>;
}

function windowClock(win: Window): Clock {
  return {
    now: () => win.performance.now(),
    setTimeout: (f, ms) => win.setTimeout(f, ms),
    clearTimeout: (h) => win.clearTimeout(h as number),
  };
}

function lookOf(state: PageState): Look {
  return {
    mode: state.settings && viewMode(state),
    writeStates: state.settings?.pageStateAttributes ?? false,
    theme: state.theme,
  };
}

function sameLook(a: Look, b: Look): boolean {
  return a.mode === b.mode && a.writeStates === b.writeStates && a.theme === b.theme;
}

/**
 * @param signal ends the annotator: WXT's `ctx.signal` in the content script
 * @param clock the lookup queue's timer (tests pass a fake one)
 */
export function createAnnotator(page: Page, port: Port, signal: AbortSignal, clock?: Clock): Annotator {
  const { doc } = page;
  const win = doc.defaultView as Window & typeof globalThis; // a document with listings is always in a window
  const instance = crypto.randomUUID();
  const site = page.adapter.id;
  const store = createStore(initialState(site));
  /** The page's rows, at the same indexes as the state's views; replaced by each scan. */
  let rows: PageRow[] = [];
  /** The view each row was last painted with: a row is painted again only when its view (or the look) changed. */
  const painted = new WeakMap<PageRow, RowView>();
  /** Started once the settings are known (they hold its thresholds). */
  let seen: SeenWatcher | undefined;
  let firstLoadDone = false;
  /** Settings writes in flight: only the last one's result is newer than what this tab shows. */
  let settingsWrites = 0;

  /** The full record of a paper on the page, read from its row on first need (reading 2,000 rows up front is slow). */
  const candidate = (key: string): PaperCandidate | undefined => {
    for (const index of store.state.byKey.get(key) ?? []) {
      const row = rows[index];
      if (!row) continue;
      if (row.entry === undefined) row.entry = page.adapter.read(row.ref, doc, page.url) ?? null;
      if (row.entry) return row.entry.paper;
    }
    return undefined;
  };
  const library = createLibraryActions(store, port, candidate, win, signal);

  const updateSettings = async (change: (settings: Settings) => Settings): Promise<void> => {
    const shown = store.state.settings;
    if (shown) store.dispatch({ type: 'settings', settings: change(shown) });
    settingsWrites += 1;
    try {
      const stored = await port.updateSettings(change);
      if (settingsWrites === 1 && !signal.aborted) store.dispatch({ type: 'settings', settings: stored });
    } catch (error) {
      console.warn('Dogear: settings not saved:', error);
    } finally {
      settingsWrites -= 1;
    }
  };
  const setViewMode = (mode: ViewMode): Promise<void> =>
    updateSettings((s) => ({ ...s, viewMode: { ...s.viewMode, [site]: mode } }));

  const rowHandlers: RowHandlers = {
    toggleSave: (key) => void library.toggleSave(key),
    toggleSelect: (index, range) => store.dispatch({ type: 'select', index, range }),
    openNote: (key) => void library.openNote(key, 'note'),
    sendToZotero: (key) => void library.sendToZotero(key),
  };
  const barHandlers: BarHandlers = {
    viewMode: (mode) => void setViewMode(mode),
    collapse(collapsed) {
      store.dispatch({ type: 'expand', expanded: !collapsed });
      void updateSettings((s) => ({
        ...s,
        barCollapsed: { ...s.barCollapsed, [site]: collapsed && win.innerWidth >= NARROW },
      }));
    },
    markAllSeen: () => void library.markAllSeen(),
    undo: () => void library.undo(),
    saveSelected: () => void library.saveKeys([...store.state.selected], 'selected'),
    saveAllNew: () => void library.saveKeys(store.state.summary.saveable, 'new'),
    showKeys: (show) => store.dispatch({ type: 'show-keys', show }),
  };
  const bar = createBar(doc, signal, () => store.state, barHandlers, CSS.bar);

  /** Measures and places these rows' marks; repaints a mark whose bar moved inside or outside its entry. */
  const place = (batch: readonly PageRow[]): void => {
    const mounted = batch.filter((row) => row.hosts);
    const inside = placeMarks(mounted.map((row) => ({ hosts: row.hosts!, roots: row.ref.roots })));
    mounted.forEach((row, index) => {
      if (row.inside === inside[index]) return;
      row.inside = inside[index]!;
      const view = store.state.rows[row.index];
      if (view) paintHosts(row, view, lookOf(store.state), rowHandlers);
    });
  };
  const resizes = createResizeWatch(
    win,
    signal,
    () => rows,
    place,
    () => bar.paint(),
  );
  /** Mounts the hosts of rows still on the page that have none (or lost them), places and paints them. */
  const mountRows = (batch: readonly PageRow[]): void => {
    const mounted = (row: PageRow): boolean =>
      row.hosts !== undefined && row.hosts.mark.isConnected && row.hosts.controls.isConnected;
    const fresh = batch.filter((row) => rows[row.index] === row && !mounted(row));
    for (const row of fresh) {
      row.hosts = mountHosts(doc, row.ref.roots, row.ref.anchor, CSS);
      resizes?.observe(row);
    }
    place(fresh);
    const look = lookOf(store.state);
    for (const row of fresh) paintHosts(row, store.state.rows[row.index]!, look, rowHandlers);
  };
  const mounter = createMounter(doc, signal, mountRows);

  store.subscribe((previous, next) => {
    const look = lookOf(next);
    const lookChanged = !sameLook(lookOf(previous), look);
    for (const row of rows) {
      const view = next.rows[row.index];
      if (!view || (!view.tokens && !row.hosts && !painted.has(row))) continue; // not looked up yet: nothing to write
      if (!lookChanged && painted.get(row) === view) continue;
      paintRow(row, view, look, rowHandlers);
      painted.set(row, view);
    }
    bar.paint();
  });

  const updateTheme = (): void => {
    const first = rows[0]?.ref.roots[0] ?? doc.body;
    if (first) store.dispatch({ type: 'theme', theme: themeBehind(first) });
  };
  watchTheme(doc, updateTheme, signal);

  const lookups = createLookupQueue((keys) => library.lookup(keys), clock ?? windowClock(win));
  onAbort(signal, () => lookups.stop());
  const unsubscribe = port.onChanged((keys) => void library.refresh(keys.filter((key) => store.state.byKey.has(key))));
  onAbort(signal, unsubscribe);

  /** A link to the entry's own paper followed from the listing marks it opened. */
  const onLinkActivated = (event: MouseEvent): void => {
    if (!event.isTrusted || event.button > 1) return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    const root = link?.closest('[data-dogear-id]');
    if (!link || !root) return;
    const key = root.getAttribute('data-dogear-id')!;
    let href: URL;
    try {
      href = new URL(link.getAttribute('href')!, page.url);
    } catch {
      return;
    }
    // Any key kind: the paper's arXiv or DOI page, its OpenReview forum, or the very page a `url:` key names.
    if (urlKey(href) === key) void library.markOpened(key);
  };
  doc.addEventListener('click', onLinkActivated, { capture: true, signal });
  doc.addEventListener('auxclick', onLinkActivated, { capture: true, signal });

  /** j/k: the next visible entry becomes current and comes near the top of the window; the bar makes way. */
  const moveCurrent = (step: 1 | -1): void => {
    const index = nextIndex(store.state, step, (i) =>
      rows[i]!.ref.roots.some((root) => root.getClientRects().length > 0),
    );
    if (index === undefined) return;
    store.dispatch({ type: 'current', index });
    const row = rows[index]!;
    mountRows([row]);
    const box = entryBox(row.ref.roots);
    if (box) win.scrollBy({ top: box.top - Math.max(56, Math.round(win.innerHeight * 0.15)), behavior: 'instant' });
    bar.avoid(row.ref.roots);
  };
  const withCurrent = (action: (key: string) => Promise<void>): void => {
    const current = store.state.current;
    const key = current === undefined ? undefined : store.state.rows[current]?.key;
    if (key !== undefined) void action(key);
  };

  /** Loads the settings, then starts what depends on them: the seen tracker and the keys. */
  const start = async (): Promise<void> => {
    const settings = await port.loadSettings();
    if (signal.aborted) return;
    store.dispatch({ type: 'settings', settings });
    seen = watchSeen(win, settings, (keys) => void library.recordSeen(keys), signal);
    seen?.observe(rows.map((row) => ({ key: row.ref.key, element: row.ref.roots[0]! })));
    bindKeys(
      doc,
      () => store.state.settings?.keyboard ?? true,
      {
        next: () => moveCurrent(1),
        previous: () => moveCurrent(-1),
        save: () => withCurrent(library.toggleSave),
        note: () => withCurrent((key) => library.openNote(key, 'note')),
        tags: () => withCurrent((key) => library.openNote(key, 'tags')),
        select: () => {
          const current = store.state.current;
          if (current !== undefined) store.dispatch({ type: 'select', index: current, range: false });
        },
        open: () => withCurrent(library.openPaper),
        zotero: () => withCurrent(library.sendToZotero),
        toggleHideSeen: () => void setViewMode(viewMode(store.state) === 'hide-seen' ? 'all' : 'hide-seen'),
        help: () => {
          store.dispatch({ type: 'show-keys', show: !store.state.bar.showKeys });
          bar.keepClear();
        },
      },
      signal,
    );
  };
  const started = start();

  /**
   * Scans the page (cheap: keys, versions, elements) and decorates every row whose state is known; returns the keys
   * whose state is not known yet, to be looked up (and then painted).
   */
  const decorate = (): string[] => {
    const refs = page.adapter.scan(doc, page.url);
    rows = rescan(rows, refs);
    store.dispatch({ type: 'scanned', rows: refs.map((ref) => ({ key: ref.key, version: ref.version })) });
    mounter.observe(rows);
    seen?.observe(rows.map((row) => ({ key: row.ref.key, element: row.ref.roots[0]! })));
    const html = doc.documentElement;
    html.setAttribute('data-dogear-instance', instance);
    html.setAttribute('data-dogear-page', `${site} ${page.kind}`);
    html.setAttribute('data-dogear-entries', String(rows.length));
    const { byKey, atLoad } = store.state;
    return [...byKey.keys()].filter((key) => !atLoad.has(key));
  };

  onAbort(signal, () => {
    // A newer instance (after an extension update) owns the marks now when it has stamped <html>; leave them.
    const owner = doc.documentElement.getAttribute('data-dogear-instance');
    const ownsMarks = owner === null || owner === instance;
    for (const row of rows) clearRow(row, ownsMarks);
    rows = [];
    if (ownsMarks) for (const name of HTML_ATTRIBUTES) doc.documentElement.removeAttribute(name);
  });

  return {
    async annotate() {
      if (signal.aborted) return;
      // Scanning and the lookup do not wait for the settings; they load meanwhile.
      const unknown = decorate();
      await Promise.all([lookups.lookup(unknown, !firstLoadDone), started]);
      if (signal.aborted) return;
      firstLoadDone = true;
      updateTheme();
      // `data-dogear-ready` tells tests and users' scripts that the marks reflect the library.
      doc.documentElement.setAttribute('data-dogear-ready', '');
    },
  };
}
