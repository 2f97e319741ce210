/**
 * Annotates a parsed listing in place and runs the triage UI on it.
 *
 * - Marks and controls: two hosts per entry with *closed* shadow roots (row-hosts.ts), mounted when the entry comes
 *   near the viewport or gets pointer/keyboard focus (2,000-row pages stay fast). Their size and attributes never
 *   depend on the paper's state, so the page's scripts cannot tell a saved paper from an unsaved one. The state
 *   attributes of the README's DOM contract are written only when the user turns on `pageStateAttributes`.
 * - Meaning holds for the visit: an entry new when the page loaded stays marked new while it is read (the library
 *   records it as seen at once; the next visit shows it seen). See `visitStates` in lib/paper/state.ts.
 * - Lookups only for entries the adapter finds, in batches, rate-limited after the first load (lookups.ts).
 * - Every handler acts on trusted events only; the background takes a save's source from the sender, not from us.
 *
 * Nothing of the page is moved or rewrapped. Annotating again (the page re-rendered, a second script instance) is
 * idempotent.
 */
import { render } from 'preact';
import { MARK_VARIABLES } from '../../components/mark-styles.ts';
import type { Theme } from '../../components/marks.ts';
import { PageBar } from '../../components/PageBar.tsx';
import { RowControls } from '../../components/RowControls.tsx';
import { RowMark } from '../../components/RowMark.tsx';
import { arxivIdFromUrl } from '../../lib/paper/ids.ts';
import type { Request, Response } from '../../lib/messages.ts';
import type { PaperCandidate } from '../../lib/paper/model.ts';
import { countStates, UNKNOWN_PAPER, visitStates, type PaperState, type RowStateToken } from '../../lib/paper/state.ts';
import type { Settings, ViewMode } from '../../lib/settings.ts';
import type { ListingEntry, ListingRow, SiteAdapter } from '../../lib/sites/types.ts';
import barCss from './bar.css?inline';
import { createBarPlacer } from './bar-place.ts';
import { bindKeys } from './keyboard.ts';
import { createLookupQueue, type Clock } from './lookups.ts';
import markCss from './mark.css?inline';
import { entryBox, MARK_ATTRIBUTE, mountHosts, placeMarks, removeHosts, UI_ATTRIBUTE, type RowHosts } from './row-hosts.ts';
import rowCss from './row.css?inline';
import { watchSeen } from './seen-tracker.ts';
import { themeBehind, watchTheme } from './theme.ts';

export { UI_ATTRIBUTE };
const BAR_ATTRIBUTE = 'data-dogear-bar';
/** State attributes of the DOM contract, written only with `pageStateAttributes` on. */
const STATE_ATTRIBUTES = ['data-dogear-state', 'data-dogear-fresh', 'data-dogear-current', 'data-dogear-selected'];
/** Every attribute Dogear writes on page elements; `stop()` removes them all. */
const ROOT_ATTRIBUTES = ['data-dogear-id', 'data-dogear-hidden', ...STATE_ATTRIBUTES];
const HTML_ATTRIBUTES = ['data-dogear-page', 'data-dogear-entries', 'data-dogear-ready', 'data-dogear-view', 'data-dogear-instance'];
const CSS = { mark: MARK_VARIABLES + markCss, controls: MARK_VARIABLES + rowCss, bar: MARK_VARIABLES + barCss };
/** Below this window width the bar starts as its one-line pill. */
const NARROW = 600;
/** How long the page bar offers to undo its last action. */
const UNDO_MS = 120_000;

/** How the annotator talks to the extension; the content script wires it to runtime messaging and storage. */
export interface Port {
  /** Sends one request; never rejects (failures come back as `{ok: false}`). */
  send(request: Request): Promise<Response>;
  /** Calls `listener` with the keys the background says changed; returns the unsubscribe function. */
  onChanged(listener: (keys: string[]) => void): () => void;
  loadSettings(): Promise<Settings>;
  saveSettings(update: (settings: Settings) => Settings): Promise<void>;
  /** Opens the note editor for a paper (an extension frame the page cannot read). */
  openNote(key: string, focus: 'note' | 'tags', onClosed: () => void): void;
}

export interface Annotator {
  /** Parses the page again and decorates every entry (idempotent); resolves once marks reflect the library. */
  annotate(): Promise<void>;
  /** Removes everything Dogear added to the page. */
  stop(): void;
}

/** The page a content script runs on, as the annotator needs it. */
export interface Page {
  doc: Document;
  url: URL;
  adapter: SiteAdapter;
  kind: string;
}

interface Row {
  /** What the cheap scan found: key, shown version, the page's elements. */
  ref: ListingRow;
  /** The full entry, read on first need (save, note, seen); null when it does not validate. */
  entry?: ListingEntry | null;
  /** Position in page order. */
  index: number;
  hosts?: RowHosts;
  /** The mark's bar sits inside the entry (measured when placed). */
  inside: boolean;
  busy: boolean;
  error?: string;
  /** Became seen during this visit (still shown new until the next visit). */
  fresh: boolean;
}

/** The last page-wide action, while it can be undone. */
interface LastAction {
  markId: string;
  label: string;
  /** The papers it wrote: their dwell sightings wait until the offer ends (see `recordSeen`). */
  keys: ReadonlySet<string>;
  /** For "mark all seen": what each key showed before, put back on undo. */
  atLoadBefore?: Map<string, PaperState | undefined>;
}

function newMarkId(): string {
  return crypto.randomUUID();
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function createAnnotator(page: Page, port: Port, clock?: Clock): Annotator {
  const { doc } = page;
  const win = doc.defaultView as Window & typeof globalThis; // a document with listings is always in a window
  const instance = newMarkId();
  const site = page.adapter.id;
  let rows: Row[] = [];
  const rowsByKey = new Map<string, Row[]>();
  const states = new Map<string, PaperState>();
  /** States as they were when this visit first looked them up (or after an explicit mark): new/seen come from here. */
  const atLoad = new Map<string, PaperState>();
  const selected = new Set<string>();
  let anchorIndex: number | undefined;
  let current: number | undefined;
  let settings: Settings | undefined;
  let lastAction: LastAction | undefined;
  let undoTimer: number | undefined;
  /** Sightings of the last action's papers, held back while it can be undone. */
  const heldSightings = new Set<string>();
  let barError: string | undefined;
  let barBusy = false;
  let showKeys = false;
  let expandedHere = false;
  let stopped = false;
  let firstLoadDone = false;
  let theme: Theme = 'light';
  const cleanups: (() => void)[] = [];

  const bar = mountBar();
  const placer = createBarPlacer(win, () => bar.root.querySelector('.bar'), paintBar);
  const lookups = createLookupQueue(
    (keys) => refresh(keys),
    clock ?? { now: () => win.performance.now(), setTimeout: (f, ms) => win.setTimeout(f, ms), clearTimeout: (h) => win.clearTimeout(h as number) },
  );

  // ---- painting -------------------------------------------------------------------------------------------------

  function tokensOf(row: Row): RowStateToken[] {
    const key = row.ref.key;
    const state = states.get(key) ?? UNKNOWN_PAPER;
    return visitStates(state, atLoad.get(key) ?? state, row.ref.version);
  }

  function viewMode(): ViewMode {
    return settings?.viewMode[site] ?? 'all';
  }

  /** Whether the view hides this row: the user's explicit choice, which the page can see. */
  function hiddenByView(tokens: readonly RowStateToken[]): boolean {
    switch (viewMode()) {
      case 'hide-seen':
        return tokens.includes('seen') && !tokens.includes('saved') && !tokens.includes('noted');
      case 'only-new':
        return !tokens.includes('new');
      default:
        return false;
    }
  }

  function paintRow(row: Row): void {
    const key = row.ref.key;
    // Not looked up yet (waiting for the rate limit): nothing to show, rather than a "new" it may not be.
    if (!atLoad.has(key)) {
      if (row.ref.roots[0]!.getAttribute('data-dogear-id') !== key) for (const root of row.ref.roots) root.setAttribute('data-dogear-id', key);
      if (row.hosts) renderHosts(row, []);
      return;
    }
    const tokens = tokensOf(row);
    const writeStates = settings?.pageStateAttributes ?? false;
    const hidden = settings !== undefined && hiddenByView(tokens);
    const stateText = tokens.join(' ');
    for (const root of row.ref.roots) {
      if (root.getAttribute('data-dogear-id') !== key) root.setAttribute('data-dogear-id', key);
      root.toggleAttribute('data-dogear-hidden', hidden);
      if (writeStates) {
        if (root.getAttribute('data-dogear-state') !== stateText) root.setAttribute('data-dogear-state', stateText);
        root.toggleAttribute('data-dogear-fresh', row.fresh);
        root.toggleAttribute('data-dogear-selected', selected.has(key));
        root.toggleAttribute('data-dogear-current', current === row.index);
      }
    }
    if (row.hosts) renderHosts(row, tokens);
  }

  function renderHosts(row: Row, tokens: RowStateToken[]): void {
    const key = row.ref.key;
    const hosts = row.hosts!;
    if (!atLoad.has(key)) {
      render(null, hosts.markMount);
      render(null, hosts.controlsMount);
      return;
    }
    const isCurrent = current === row.index;
    const dimmed =
      viewMode() === 'dim-seen' && tokens.includes('seen') && !tokens.includes('saved') && !tokens.includes('noted') && !isCurrent;
    render(
      <RowMark states={tokens} theme={theme} current={isCurrent} selected={selected.has(key)} dimmed={dimmed} inside={row.inside} />,
      hosts.markMount,
    );
    render(
      <RowControls
        states={tokens}
        theme={theme}
        selected={selected.has(key)}
        busy={row.busy}
        error={row.error}
        onToggleSave={() => void toggleSave(key)}
        onToggleSelect={(shift) => toggleSelect(row.index, shift)}
        onNote={() => void openNote(key, 'note')}
      />,
      hosts.controlsMount,
    );
  }

  function paintKey(key: string): void {
    for (const row of rowsByKey.get(key) ?? []) paintRow(row);
  }

  function paintAll(): void {
    for (const row of rows) paintRow(row);
    paintBar();
  }

  /** Mounts a row's hosts (once) and places its mark. */
  function mountRows(batch: readonly Row[]): void {
    const fresh = batch.filter((row) => !row.hosts?.mark.isConnected || !row.hosts.controls.isConnected);
    for (const row of fresh) {
      row.hosts = mountHosts(doc, row.ref.roots, row.ref.anchor, CSS);
      resizes?.observe(row);
    }
    place(fresh);
    for (const row of fresh) renderHosts(row, tokensOf(row));
  }

  function place(batch: readonly Row[]): void {
    const mounted = batch.filter((row) => row.hosts);
    const inside = placeMarks(mounted.map((row) => ({ hosts: row.hosts!, roots: row.ref.roots })));
    mounted.forEach((row, index) => {
      if (row.inside !== inside[index]) {
        row.inside = inside[index]!;
        renderHosts(row, tokensOf(row));
      }
    });
  }

  function mountBar(): { host: HTMLElement; root: ShadowRoot; mount: Element } {
    for (const stale of doc.querySelectorAll(`[${BAR_ATTRIBUTE}]`)) stale.remove();
    const host = doc.createElement('div');
    host.setAttribute(BAR_ATTRIBUTE, '');
    const root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = CSS.bar;
    const mount = doc.createElement('div');
    root.append(style, mount);
    return { host, root, mount };
  }

  function barCollapsed(): boolean {
    if (placer.madeWay) return true;
    if (settings?.barCollapsed[site]) return true;
    return win.innerWidth < NARROW && !expandedHere;
  }

  function paintBar(): void {
    if (stopped || !settings) return; // the view mode is not known yet: painting now would flash hidden rows
    if (!bar.host.isConnected) doc.body.append(bar.host);
    doc.documentElement.setAttribute('data-dogear-view', viewMode());
    const known = rows.filter((row) => atLoad.has(row.ref.key));
    const tokenLists = known.map(tokensOf);
    const saveable = new Set(known.filter((_, i) => tokenLists[i]!.includes('new') && !tokenLists[i]!.includes('saved')).map((r) => r.ref.key));
    render(
      <PageBar
        counts={countStates(tokenLists)}
        saveableNew={saveable.size}
        selected={rows.filter((row) => selected.has(row.ref.key)).length}
        viewMode={viewMode()}
        collapsed={barCollapsed()}
        placement={placer.placement}
        theme={theme}
        undo={lastAction && { label: lastAction.label }}
        busy={barBusy}
        showKeys={showKeys}
        keyboard={settings.keyboard}
        error={barError}
        onViewMode={(mode) => void setViewMode(mode)}
        onCollapse={(collapsed) => {
          expandedHere = !collapsed;
          placer.reset();
          void updateSettings((s) => ({ ...s, barCollapsed: { ...s.barCollapsed, [site]: collapsed && win.innerWidth >= NARROW } }));
        }}
        onMarkAllSeen={() => void markAllSeen()}
        onUndo={() => void undo()}
        onSaveSelected={() => void saveKeys([...selected], 'selected')}
        onSaveAllNew={() => void saveKeys([...saveable], 'new')}
        onShowKeys={(show) => {
          showKeys = show;
          keepBarClear();
        }}
      />,
      bar.mount,
    );
  }

  function updateTheme(): void {
    const first = rows[0]?.ref.roots[0] ?? doc.body;
    if (!first) return;
    const next = themeBehind(first);
    if (next === theme) return;
    theme = next;
    paintAll();
  }

  // ---- talking to the library --------------------------------------------------------------------------------------

  function applyStates(response: Response, keys: readonly string[]): void {
    if (!response.ok) return;
    for (const key of keys) {
      const state = response.states[key];
      if (state) states.set(key, state);
      else states.delete(key);
    }
  }

  /** Asks about one batch of keys and paints them. */
  async function refresh(keys: readonly string[]): Promise<void> {
    if (keys.length === 0 || stopped) return;
    const response = await port.send({ type: 'lookup', keys: [...keys] });
    if (!response.ok) {
      console.warn('Dogear: lookup failed:', response.error);
      return;
    }
    applyStates(response, keys);
    for (const key of keys) if (!atLoad.has(key)) atLoad.set(key, states.get(key) ?? UNKNOWN_PAPER);
    for (const key of keys) paintKey(key);
    paintBar();
  }

  /** Refreshes keys the background says changed, in batches (not rate-limited: these come from the library). */
  async function refreshKnown(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 2000) await refresh(keys.slice(start, start + 2000));
  }

  /** The full record of a paper on the page, read from its row on first need (reading 2,000 rows up front is slow). */
  function candidate(key: string): PaperCandidate | undefined {
    for (const row of rowsByKey.get(key) ?? []) {
      if (row.entry === undefined) row.entry = page.adapter.read(row.ref, doc, page.url) ?? null;
      if (row.entry) return row.entry.paper;
    }
    return undefined;
  }

  function setRowStatus(keys: readonly string[], busy: boolean, error?: string): void {
    for (const key of keys) {
      for (const row of rowsByKey.get(key) ?? []) {
        row.busy = busy;
        if (error === undefined) delete row.error;
        else row.error = error;
      }
      paintKey(key);
    }
  }

  async function toggleSave(key: string): Promise<void> {
    const saved = states.get(key)?.saved ?? false;
    const paper = candidate(key);
    if (!paper) {
      setRowStatus([key], false, 'Not saved: Dogear could not read this entry');
      barError = 'Not saved: Dogear could not read this entry.';
      paintBar();
      return;
    }
    setRowStatus([key], true);
    const response = await port.send(saved ? { type: 'unsave', key } : { type: 'save', paper });
    applyStates(response, response.ok ? Object.keys(response.states) : []);
    const error = response.ok ? undefined : `Not ${saved ? 'removed' : 'saved'}: ${response.error}`;
    setRowStatus([key], false, error);
    barError = error;
    paintBar();
  }

  async function pageAction(run: () => Promise<void>): Promise<void> {
    if (barBusy) return;
    barBusy = true;
    paintBar();
    try {
      await run();
    } finally {
      barBusy = false;
      paintAll();
    }
  }

  function saveKeys(keys: readonly string[], what: 'selected' | 'new'): Promise<void> {
    return pageAction(async () => {
      const papers = keys.flatMap((key) => candidate(key) ?? []).filter((paper) => !states.get(paper.key)?.saved);
      if (papers.length === 0) return;
      const markId = newMarkId();
      const response = await port.send({ type: 'saveMany', papers, markId });
      barError = response.ok ? undefined : `Not saved: ${response.error}`;
      if (!response.ok) return;
      applyStates(response, Object.keys(response.states));
      for (const paper of papers) selected.delete(paper.key);
      const label = `Saved ${plural(papers.length, what === 'new' ? 'new paper' : 'paper')}`;
      offerUndo({ markId, label, keys: new Set(papers.map((paper) => paper.key)) });
    });
  }

  /**
   * The undo offer of a page-wide action begins: it ends with the next action, an undo, or after UNDO_MS. While it
   * lasts, sightings of its papers are held back — each would rewrite a record the undo must put back as it was
   * (the action already recorded those papers, so nothing is missing meanwhile) — and sent when it ends.
   */
  function offerUndo(action: LastAction | undefined): void {
    if (undoTimer !== undefined) win.clearTimeout(undoTimer);
    undoTimer = undefined;
    lastAction = action;
    if (action) {
      undoTimer = win.setTimeout(() => {
        offerUndo(undefined);
        paintBar();
      }, UNDO_MS);
    }
    if (heldSightings.size > 0) {
      const held = [...heldSightings].filter((key) => !action?.keys.has(key));
      for (const key of held) heldSightings.delete(key);
      void recordSeen(held);
    }
  }

  /** Rows looked at long enough: one markSeen message for the batch. They stay shown as new for this visit. */
  async function recordSeen(keys: readonly string[]): Promise<void> {
    for (const key of keys) for (const row of rowsByKey.get(key) ?? []) row.fresh = true;
    const held = lastAction?.keys;
    const now = held ? keys.filter((key) => !held.has(key)) : keys;
    if (held) for (const key of keys) if (held.has(key)) heldSightings.add(key);
    const papers = now.flatMap((key) => candidate(key) ?? []);
    if (papers.length === 0) {
      for (const key of keys) paintKey(key);
      return;
    }
    const response = await port.send({ type: 'markSeen', papers });
    applyStates(response, papers.map((paper) => paper.key));
    for (const paper of papers) paintKey(paper.key);
    paintBar();
  }

  function markAllSeen(): Promise<void> {
    return pageAction(async () => {
      const keys = [...new Set(rows.filter((row) => tokensOf(row).includes('new')).map((row) => row.ref.key))];
      const papers = keys.flatMap((key) => candidate(key) ?? []);
      if (papers.length === 0) return;
      const markId = newMarkId();
      const response = await port.send({ type: 'markSeen', papers, markId });
      barError = response.ok ? undefined : `Not marked: ${response.error}`;
      if (!response.ok) return;
      applyStates(response, papers.map((paper) => paper.key));
      // An explicit mark changes what the visit shows: these rows read seen now.
      const atLoadBefore = new Map(papers.map((paper) => [paper.key, atLoad.get(paper.key)]));
      for (const paper of papers) atLoad.set(paper.key, { ...(atLoad.get(paper.key) ?? UNKNOWN_PAPER), seen: true });
      const label = `Marked ${plural(papers.length, 'paper')} seen`;
      offerUndo({ markId, label, atLoadBefore, keys: new Set(papers.map((paper) => paper.key)) });
    });
  }

  function undo(): Promise<void> {
    return pageAction(async () => {
      const action = lastAction;
      if (!action) return;
      const response = await port.send({ type: 'undo', markId: action.markId });
      barError = response.ok ? undefined : `Not undone: ${response.error}`;
      if (!response.ok) return;
      offerUndo(undefined); // and the sightings held back meanwhile are recorded now
      for (const [key, before] of action.atLoadBefore ?? []) {
        if (before) atLoad.set(key, before);
        else atLoad.delete(key);
      }
      applyStates(response, Object.keys(response.states));
      await refreshKnown([...rowsByKey.keys()]);
    });
  }

  async function markOpened(key: string): Promise<void> {
    const paper = candidate(key);
    if (!paper) return;
    const response = await port.send({ type: 'markOpened', paper });
    applyStates(response, [key]);
    paintKey(key);
    paintBar();
  }

  /** `o`: the background opens the paper in a background tab, on the site this listing belongs to. */
  async function openPaper(key: string): Promise<void> {
    const paper = candidate(key);
    if (!paper) return;
    const response = await port.send({ type: 'openPaper', paper });
    barError = response.ok ? undefined : `Not opened: ${response.error}`;
    applyStates(response, [key]);
    paintKey(key);
    paintBar();
  }

  async function openNote(key: string, focus: 'note' | 'tags'): Promise<void> {
    const paper = candidate(key);
    if (!paper) return;
    // The editor edits a stored paper: record this one first if the library has never met it.
    if (!(states.get(key)?.seen ?? false)) await recordSeen([key]);
    port.openNote(key, focus, () => void refresh([key]));
  }

  // ---- selection, keyboard, view ----------------------------------------------------------------------------------

  function toggleSelect(index: number, range: boolean): void {
    const row = rows[index];
    if (!row) return;
    const key = row.ref.key;
    const select = !selected.has(key);
    const from = range && anchorIndex !== undefined ? Math.min(anchorIndex, index) : index;
    const to = range && anchorIndex !== undefined ? Math.max(anchorIndex, index) : index;
    for (const other of rows.slice(from, to + 1)) {
      if (select) selected.add(other.ref.key);
      else selected.delete(other.ref.key);
    }
    anchorIndex = index;
    paintAll();
  }

  async function updateSettings(update: (settings: Settings) => Settings): Promise<void> {
    if (settings) settings = update(settings);
    paintAll();
    await port.saveSettings(update);
  }

  async function setViewMode(mode: ViewMode): Promise<void> {
    await updateSettings((s) => ({ ...s, viewMode: { ...s.viewMode, [site]: mode } }));
  }

  function isVisible(row: Row): boolean {
    return row.ref.roots.some((root) => root.getClientRects().length > 0);
  }

  /** j/k: the next visible entry becomes current and comes near the top of the window; the bar makes way. */
  function moveCurrent(step: 1 | -1): void {
    const previous = current;
    let index = current === undefined ? (step === 1 ? -1 : rows.length) : current;
    do index += step;
    while (index >= 0 && index < rows.length && !isVisible(rows[index]!));
    if (index < 0 || index >= rows.length) return;
    current = index;
    if (previous !== undefined && rows[previous]) paintRow(rows[previous]!);
    const row = rows[index]!;
    mountRows([row]);
    paintRow(row);
    const box = entryBox(row.ref.roots);
    if (box) {
      const target = Math.max(56, Math.round(win.innerHeight * 0.15));
      win.scrollBy({ top: box.top - target, behavior: 'instant' });
    }
    placer.avoid(row.ref.roots);
  }

  /** Repaints the bar and keeps it off the current entry (it grows when the keys are shown). */
  function keepBarClear(): void {
    const row = current === undefined ? undefined : rows[current];
    if (row) placer.avoid(row.ref.roots);
    else paintBar();
  }

  function currentKey(): string | undefined {
    return current === undefined ? undefined : rows[current]?.ref.key;
  }

  async function withCurrent(action: (key: string) => Promise<void>): Promise<void> {
    const key = currentKey();
    if (key !== undefined) await action(key);
  }

  // ---- lifecycle --------------------------------------------------------------------------------------------------

  /**
   * Scans the page (cheap: keys, versions, elements) and decorates every row whose state is known; returns the keys
   * whose state is not known yet, to be looked up and then painted.
   */
  function decorate(): string[] {
    const refs = page.adapter.scan(doc, page.url);
    const previous = new Map(rows.map((row) => [row.ref.roots[0], row]));
    rows = refs.map((ref, index) => {
      const old = previous.get(ref.roots[0]);
      const same = old?.ref.key === ref.key;
      return {
        ref,
        index,
        entry: same ? old.entry : undefined,
        hosts: same ? old.hosts : undefined,
        inside: same ? old.inside : false,
        busy: same ? old.busy : false,
        error: same ? old.error : undefined,
        fresh: same ? old.fresh : false,
      };
    });
    rowsByKey.clear();
    for (const row of rows) {
      const group = rowsByKey.get(row.ref.key);
      if (group) group.push(row);
      else rowsByKey.set(row.ref.key, [row]);
    }
    if (current !== undefined && current >= rows.length) current = undefined;
    const unknown = [...rowsByKey.keys()].filter((key) => !atLoad.has(key));
    const pending = new Set(unknown);
    for (const row of rows) if (!pending.has(row.ref.key)) paintRow(row);
    mounter?.observe(rows);
    seen?.observe(rows.map((row) => ({ key: row.ref.key, element: row.ref.roots[0]! })));
    const html = doc.documentElement;
    html.setAttribute('data-dogear-instance', instance);
    html.setAttribute('data-dogear-page', `${site} ${page.kind}`);
    html.setAttribute('data-dogear-entries', String(rows.length));
    return unknown;
  }

  /** Mounts a row's hosts when it nears the viewport, or on pointer or keyboard focus. */
  const mounter = createMounter();
  function createMounter(): { observe(rows: readonly Row[]): void; disconnect(): void } | undefined {
    const IO = win.IntersectionObserver as typeof IntersectionObserver | undefined;
    const byElement = new WeakMap<Element, Row>();
    const onHover = (event: Event): void => {
      const target = event.target as Element | null;
      if (!event.isTrusted || !target || typeof target.closest !== 'function') return;
      const root = target.closest('[data-dogear-id]');
      const row = root ? byElement.get(root) : undefined;
      if (row) mountRows([row]);
    };
    doc.addEventListener('pointerover', onHover, { passive: true });
    doc.addEventListener('focusin', onHover);
    cleanups.push(() => {
      doc.removeEventListener('pointerover', onHover);
      doc.removeEventListener('focusin', onHover);
    });
    if (!IO) {
      // No IntersectionObserver (a test DOM): mount everything.
      return {
        observe: (all) => {
          for (const row of all) for (const root of row.ref.roots) byElement.set(root, row);
          mountRows(all);
        },
        disconnect() {},
      };
    }
    const observer = new IO(
      (records) => {
        const batch: Row[] = [];
        for (const record of records) {
          if (!record.isIntersecting) continue;
          const row = byElement.get(record.target);
          if (row) batch.push(row);
          observer.unobserve(record.target);
        }
        mountRows(batch);
      },
      { rootMargin: '600px 0px' },
    );
    return {
      observe(all) {
        for (const row of all) {
          for (const root of row.ref.roots) byElement.set(root, row);
          if (!row.hosts?.mark.isConnected) observer.observe(row.ref.roots[0]!);
        }
      },
      disconnect: () => observer.disconnect(),
    };
  }

  /** Entries that change size (fonts, MathJax, a window resize) get their marks placed again, once per frame. */
  const resizes = createResizeWatch();
  function createResizeWatch(): { observe(row: Row): void; disconnect(): void } | undefined {
    const RO = win.ResizeObserver as typeof ResizeObserver | undefined;
    if (!RO) return undefined;
    const byElement = new WeakMap<Element, Row>();
    const dirty = new Set<Row>();
    let frame: number | undefined;
    const flush = (): void => {
      frame = undefined;
      const batch = [...dirty].filter((row) => rows[row.index] === row);
      dirty.clear();
      place(batch);
    };
    const observer = new RO((records) => {
      for (const record of records) {
        const row = byElement.get(record.target);
        if (row) dirty.add(row);
      }
      frame ??= win.requestAnimationFrame(flush);
    });
    const onResize = (): void => {
      for (const row of rows) if (row.hosts) dirty.add(row);
      frame ??= win.requestAnimationFrame(flush);
      paintBar();
    };
    win.addEventListener('resize', onResize);
    return {
      observe(row) {
        for (const root of row.ref.roots) {
          byElement.set(root, row);
          observer.observe(root);
        }
      },
      disconnect() {
        observer.disconnect();
        win.removeEventListener('resize', onResize);
        if (frame !== undefined) win.cancelAnimationFrame(frame);
      },
    };
  }

  let seen: ReturnType<typeof watchSeen> | undefined;

  function onLinkActivated(event: MouseEvent): void {
    if (!event.isTrusted || event.button > 1) return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    const root = link?.closest('[data-dogear-id]');
    if (!link || !root) return;
    const key = root.getAttribute('data-dogear-id')!;
    const linked = arxivIdFromUrl(new URL(link.getAttribute('href')!, page.url));
    if (linked && `arxiv:${linked.id}` === key) void markOpened(key);
  }
  doc.addEventListener('click', onLinkActivated, true);
  doc.addEventListener('auxclick', onLinkActivated, true);
  cleanups.push(() => {
    doc.removeEventListener('click', onLinkActivated, true);
    doc.removeEventListener('auxclick', onLinkActivated, true);
  });

  const unsubscribe = port.onChanged((keys) => void refreshKnown(keys.filter((key) => rowsByKey.has(key))));
  cleanups.push(unsubscribe);
  cleanups.push(watchTheme(doc, updateTheme));
  cleanups.push(placer.stop);

  async function start(): Promise<void> {
    settings = await port.loadSettings();
    if (stopped) return;
    seen = watchSeen(win, settings, (keys) => void recordSeen(keys));
    seen?.observe(rows.map((row) => ({ key: row.ref.key, element: row.ref.roots[0]! })));
    cleanups.push(() => seen?.disconnect());
    cleanups.push(
      bindKeys(doc, () => settings?.keyboard ?? true, {
        next: () => moveCurrent(1),
        previous: () => moveCurrent(-1),
        save: () => void withCurrent(toggleSave),
        note: () => void withCurrent((key) => openNote(key, 'note')),
        tags: () => void withCurrent((key) => openNote(key, 'tags')),
        select: () => current !== undefined && toggleSelect(current, false),
        open: () => void withCurrent(openPaper),
        toggleHideSeen: () => void setViewMode(viewMode() === 'hide-seen' ? 'all' : 'hide-seen'),
        help: () => {
          showKeys = !showKeys;
          keepBarClear();
        },
      }),
    );
  }

  const started = start();

  return {
    async annotate() {
      if (stopped) return;
      // Scanning and the lookup do not wait for the settings; they load meanwhile.
      const unknown = decorate();
      await Promise.all([lookups.lookup(unknown, !firstLoadDone), started]);
      if (stopped) return;
      firstLoadDone = true;
      updateTheme();
      paintAll();
      // `data-dogear-ready` tells tests and users' scripts that the marks reflect the library.
      if (!stopped) doc.documentElement.setAttribute('data-dogear-ready', '');
    },
    stop() {
      stopped = true;
      lookups.stop();
      if (undoTimer !== undefined) win.clearTimeout(undoTimer);
      for (const cleanup of cleanups.splice(0)) cleanup();
      mounter?.disconnect();
      resizes?.disconnect();
      // A newer instance (after an extension update) owns the marks now when it has stamped <html>; leave them.
      const owner = doc.documentElement.getAttribute('data-dogear-instance');
      const ownsMarks = owner === null || owner === instance;
      for (const row of rows) {
        if (row.hosts) {
          render(null, row.hosts.markMount);
          render(null, row.hosts.controlsMount);
          removeHosts(row.hosts);
        }
        if (ownsMarks) for (const root of row.ref.roots) for (const name of ROOT_ATTRIBUTES) root.removeAttribute(name);
      }
      render(null, bar.mount);
      bar.host.remove();
      rows = [];
      rowsByKey.clear();
      if (ownsMarks) for (const name of HTML_ATTRIBUTES) doc.documentElement.removeAttribute(name);
    },
  };
}

export { MARK_ATTRIBUTE };
