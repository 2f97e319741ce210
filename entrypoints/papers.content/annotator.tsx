/**
 * Annotates a parsed listing in place and runs the triage UI on it.
 *
 * - Marks: `data-dogear-id` / `data-dogear-state` on each entry's own root elements (the DOM contract in the README),
 *   styled by one page stylesheet, so every row shows its state at once.
 * - Controls: a shadow-root host appended at the adapter's anchor, mounted lazily when the row comes near the viewport
 *   or gets pointer/keyboard focus (2,000-row pages stay fast).
 * - Seen: a row becomes seen after it has been on screen (threshold and dwell from settings) — see seen-tracker.ts.
 * - One batched lookup per page load and per change batch; one message per user action.
 *
 * Nothing of the page is moved or rewrapped. Annotating again (the page re-rendered, a second script instance) is
 * idempotent.
 */
import { render } from 'preact';
import { PageBar } from '../../components/PageBar.tsx';
import { RowControls } from '../../components/RowControls.tsx';
import { arxivIdFromUrl, paperPageUrl } from '../../lib/ids.ts';
import type { Request, Response } from '../../lib/messages.ts';
import type { PaperCandidate, Source } from '../../lib/model.ts';
import { countStates, rowStates, UNKNOWN_PAPER, type PaperState, type RowStateToken } from '../../lib/row-state.ts';
import type { Settings, ViewMode } from '../../lib/settings.ts';
import type { ListingEntry, ListingRow, SiteAdapter } from '../../lib/sites/types.ts';
import barCss from './bar.css?inline';
import { bindKeys } from './keyboard.ts';
import { watchSeen } from './seen-tracker.ts';
import rowCss from './row.css?inline';

export const UI_ATTRIBUTE = 'data-dogear-ui';
const BAR_ATTRIBUTE = 'data-dogear-bar';
/** Every attribute Dogear writes on page elements; `stop()` removes them all. */
const ROOT_ATTRIBUTES = ['data-dogear-id', 'data-dogear-state', 'data-dogear-fresh', 'data-dogear-current', 'data-dogear-selected'];
const HTML_ATTRIBUTES = ['data-dogear-page', 'data-dogear-entries', 'data-dogear-ready', 'data-dogear-view', 'data-dogear-instance'];

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
  /** Opens a URL in a new tab, as a middle click would. */
  openUrl(url: string): void;
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
  host?: HTMLElement;
  busy: boolean;
  error?: string;
  /** Became seen during this visit (stays visible in hide modes until the next visit). */
  fresh: boolean;
}

/** The page address as a saved source; very long URLs keep their path only. */
function sourceOf(page: Page): Source {
  const href = page.url.href.length <= 2000 ? page.url.href : `${page.url.origin}${page.url.pathname}`.slice(0, 2000);
  return { site: page.adapter.id, url: href };
}

function newMarkId(): string {
  return crypto.randomUUID();
}

export function createAnnotator(page: Page, port: Port): Annotator {
  const { doc } = page;
  const win = doc.defaultView!; // a document with listings is always in a window
  const instance = newMarkId();
  const site = page.adapter.id;
  let rows: Row[] = [];
  const rowsByKey = new Map<string, Row[]>();
  const states = new Map<string, PaperState>();
  /** States as they were when this visit first looked them up: `updated` compares against what was seen before. */
  const initial = new Map<string, PaperState>();
  const selected = new Set<string>();
  let anchorIndex: number | undefined;
  let current: number | undefined;
  let settings: Settings | undefined;
  let lastMark: string | undefined;
  let barError: string | undefined;
  let showKeys = false;
  let stopped = false;
  const cleanups: (() => void)[] = [];

  const bar = mountBar();

  // ---- painting -------------------------------------------------------------------------------------------------

  function tokensOf(row: Row): RowStateToken[] {
    const key = row.ref.key;
    const state = states.get(key) ?? UNKNOWN_PAPER;
    const before = initial.get(key) ?? state;
    const tokens = rowStates({ ...state, seenVersion: before.seenVersion }, row.ref.version);
    return tokens;
  }

  function paintRow(row: Row): void {
    const key = row.ref.key;
    const tokens = tokensOf(row).join(' ');
    for (const root of row.ref.roots) {
      if (root.getAttribute('data-dogear-id') !== key) root.setAttribute('data-dogear-id', key);
      if (root.getAttribute('data-dogear-state') !== tokens) root.setAttribute('data-dogear-state', tokens);
      root.toggleAttribute('data-dogear-fresh', row.fresh);
      root.toggleAttribute('data-dogear-selected', selected.has(key));
      root.toggleAttribute('data-dogear-current', current === row.index);
    }
    if (row.host) renderControls(row);
  }

  function renderControls(row: Row): void {
    const key = row.ref.key;
    render(
      <RowControls
        states={tokensOf(row)}
        selected={selected.has(key)}
        busy={row.busy}
        error={row.error}
        onToggleSave={() => void toggleSave(key)}
        onToggleSelect={(shift) => toggleSelect(row.index, shift)}
        onNote={() => void openNote(key, 'note')}
      />,
      row.host!.shadowRoot!.lastElementChild!, // the container mountControls() created
    );
  }

  function paintKey(key: string): void {
    for (const row of rowsByKey.get(key) ?? []) paintRow(row);
  }

  function paintAll(): void {
    for (const row of rows) paintRow(row);
    paintBar();
  }

  /** A fresh host at the entry's anchor, replacing one an earlier run (or an older Dogear) left there. */
  function mountControls(row: Row): void {
    if (row.host?.isConnected) return;
    const { anchor } = row.ref;
    for (const stale of anchor.querySelectorAll(`:scope > [${UI_ATTRIBUTE}]`)) stale.remove();
    const host = doc.createElement('span');
    host.setAttribute(UI_ATTRIBUTE, '');
    const shadow = host.attachShadow({ mode: 'open' });
    // A <style> per root rather than adoptedStyleSheets: Chromium shares the parsed sheet between identical texts,
    // and constructed sheets do not cross Firefox's content-script compartment.
    const style = doc.createElement('style');
    style.textContent = rowCss;
    shadow.append(style, doc.createElement('span'));
    anchor.append(host);
    row.host = host;
    renderControls(row);
  }

  function mountBar(): HTMLElement {
    for (const stale of doc.querySelectorAll(`[${BAR_ATTRIBUTE}]`)) stale.remove();
    const host = doc.createElement('div');
    host.setAttribute(BAR_ATTRIBUTE, '');
    const shadow = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = barCss;
    shadow.append(style, doc.createElement('div'));
    return host;
  }

  function viewMode(): ViewMode {
    return settings?.viewMode[site] ?? 'all';
  }

  function paintBar(): void {
    if (stopped) return;
    if (!settings) return; // the view mode is not known yet: painting now would flash hidden rows
    if (!bar.isConnected) doc.body.append(bar);
    doc.documentElement.setAttribute('data-dogear-view', viewMode());
    render(
      <PageBar
        counts={countStates(rows.map(tokensOf))}
        selected={rows.filter((row) => selected.has(row.ref.key)).length}
        viewMode={viewMode()}
        collapsed={settings?.barCollapsed[site] ?? false}
        canUndo={lastMark !== undefined}
        showKeys={showKeys}
        keyboard={settings?.keyboard ?? true}
        error={barError}
        onViewMode={(mode) => void setViewMode(mode)}
        onCollapse={(collapsed) => void updateSettings((s) => ({ ...s, barCollapsed: { ...s.barCollapsed, [site]: collapsed } }))}
        onMarkAllSeen={() => void markAllSeen()}
        onUndoMark={() => void undoMark()}
        onSaveSelected={() => void saveKeys([...selected])}
        onSaveAllNew={() => void saveKeys(rows.filter((row) => tokensOf(row).includes('new')).map((row) => row.ref.key))}
        onShowKeys={(show) => {
          showKeys = show;
          paintBar();
        }}
      />,
      bar.shadowRoot!.lastElementChild!,
    );
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

  async function refresh(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const response = await port.send({ type: 'lookup', keys: [...keys] });
    if (!response.ok) {
      console.warn('Dogear: lookup failed:', response.error);
      return;
    }
    applyStates(response, keys);
    for (const key of keys) if (!initial.has(key)) initial.set(key, states.get(key) ?? UNKNOWN_PAPER);
    for (const key of keys) paintKey(key);
    paintBar();
  }

  /** The full record of a paper on the page, read from its row on first need (reading 2,000 rows up front is slow). */
  function candidate(key: string): PaperCandidate | undefined {
    for (const row of rowsByKey.get(key) ?? []) {
      if (row.entry === undefined) row.entry = page.adapter.read(row.ref, doc, page.url) ?? null;
      if (row.entry) return row.entry.paper;
    }
    return undefined;
  }

  function setBusy(keys: readonly string[], busy: boolean, error?: string): void {
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
    const paper = candidate(key);
    if (!paper) return;
    const saved = states.get(key)?.saved ?? false;
    setBusy([key], true);
    const response = await port.send(
      saved ? { type: 'unsave', key } : { type: 'save', paper, source: sourceOf(page) },
    );
    applyStates(response, response.ok ? Object.keys(response.states) : []);
    setBusy([key], false, response.ok ? undefined : `Not ${saved ? 'removed' : 'saved'}: ${response.error}`);
    paintBar();
  }

  async function saveKeys(keys: readonly string[]): Promise<void> {
    const papers = keys.flatMap((key) => candidate(key) ?? []).filter((paper) => !states.get(paper.key)?.saved);
    if (papers.length === 0) return;
    const response = await port.send({ type: 'saveMany', papers, source: sourceOf(page) });
    barError = response.ok ? undefined : `Not saved: ${response.error}`;
    if (response.ok) {
      applyStates(response, Object.keys(response.states));
      for (const paper of papers) selected.delete(paper.key);
    }
    paintAll();
  }

  /** Rows looked at long enough: one markSeen message for the batch (sightings are recorded per visit). */
  async function recordSeen(keys: readonly string[]): Promise<void> {
    const papers = keys.flatMap((key) => candidate(key) ?? []);
    if (papers.length === 0) return;
    for (const paper of papers) for (const row of rowsByKey.get(paper.key) ?? []) row.fresh = true;
    const response = await port.send({ type: 'markSeen', papers, source: sourceOf(page) });
    applyStates(response, papers.map((paper) => paper.key));
    for (const paper of papers) paintKey(paper.key);
    paintBar();
  }

  async function markAllSeen(): Promise<void> {
    const papers = rows
      .filter((row) => !(states.get(row.ref.key)?.seen ?? false))
      .flatMap((row) => candidate(row.ref.key) ?? []);
    if (papers.length === 0) return;
    const markId = newMarkId();
    const response = await port.send({ type: 'markSeen', papers, source: sourceOf(page), markId });
    barError = response.ok ? undefined : `Not marked: ${response.error}`;
    if (response.ok) {
      lastMark = markId;
      applyStates(response, papers.map((paper) => paper.key));
    }
    paintAll();
  }

  async function undoMark(): Promise<void> {
    if (lastMark === undefined) return;
    const response = await port.send({ type: 'unmarkSeen', markId: lastMark });
    barError = response.ok ? undefined : `Not undone: ${response.error}`;
    if (response.ok) {
      lastMark = undefined;
      applyStates(response, Object.keys(response.states));
      await refresh([...rowsByKey.keys()]);
    }
    paintAll();
  }

  async function markOpened(key: string): Promise<void> {
    const paper = candidate(key);
    if (!paper) return;
    const response = await port.send({ type: 'markOpened', paper, source: sourceOf(page) });
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
    paintBar();
    await port.saveSettings(update);
  }

  async function setViewMode(mode: ViewMode): Promise<void> {
    await updateSettings((s) => ({ ...s, viewMode: { ...s.viewMode, [site]: mode } }));
  }

  function isVisible(row: Row): boolean {
    return row.ref.roots.some((root) => (root as HTMLElement).offsetParent !== null || root.getClientRects().length > 0);
  }

  function moveCurrent(step: 1 | -1): void {
    const previous = current;
    let index = current === undefined ? (step === 1 ? -1 : rows.length) : current;
    do index += step;
    while (index >= 0 && index < rows.length && !isVisible(rows[index]!));
    if (index < 0 || index >= rows.length) return;
    current = index;
    if (previous !== undefined && rows[previous]) paintRow(rows[previous]!);
    const row = rows[index]!;
    mountControls(row);
    paintRow(row);
    row.ref.roots[0]!.scrollIntoView({ block: 'nearest' });
    // When scrolling only revealed the first root (an arXiv dt), bring its dd along.
    row.ref.roots.at(-1)!.scrollIntoView({ block: 'nearest' });
  }

  function currentKey(): string | undefined {
    return current === undefined ? undefined : rows[current]?.ref.key;
  }

  // ---- lifecycle --------------------------------------------------------------------------------------------------

  /**
   * Scans the page (cheap: keys, versions, elements) and decorates every row whose state is known; returns the keys
   * whose state is not known yet, to be looked up in one message and then painted.
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
        host: same ? old.host : undefined,
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
    const unknown = [...rowsByKey.keys()].filter((key) => !initial.has(key));
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

  /** Mounts a row's controls when it nears the viewport, or on pointer or keyboard focus. */
  const mounter = createMounter();
  function createMounter(): { observe(rows: readonly Row[]): void; disconnect(): void } | undefined {
    const IO = (win as Window & typeof globalThis).IntersectionObserver as typeof IntersectionObserver | undefined;
    const byElement = new WeakMap<Element, Row>();
    const onHover = (event: Event): void => {
      const target = event.target as Element | null;
      if (!target || typeof target.closest !== 'function') return;
      const root = target.closest('[data-dogear-id]');
      const row = root ? byElement.get(root) : undefined;
      if (row) mountControls(row);
    };
    doc.addEventListener('pointerover', onHover, { passive: true });
    doc.addEventListener('focusin', onHover);
    cleanups.push(() => {
      doc.removeEventListener('pointerover', onHover);
      doc.removeEventListener('focusin', onHover);
    });
    if (!IO) {
      // No IntersectionObserver (a test DOM): mount everything.
      return { observe: (all) => all.forEach(mountControls), disconnect() {} };
    }
    const observer = new IO(
      (records) => {
        for (const record of records) {
          if (!record.isIntersecting) continue;
          const row = byElement.get(record.target);
          if (row) mountControls(row);
          observer.unobserve(record.target);
        }
      },
      { rootMargin: '400px 0px' },
    );
    return {
      observe(all) {
        for (const row of all) {
          for (const root of row.ref.roots) byElement.set(root, row);
          if (!row.host?.isConnected) observer.observe(row.ref.roots[0]!);
        }
      },
      disconnect: () => observer.disconnect(),
    };
  }

  let seen: ReturnType<typeof watchSeen> | undefined;

  function onLinkActivated(event: MouseEvent): void {
    if (event.button > 1) return;
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

  const unsubscribe = port.onChanged((keys) => void refresh(keys.filter((key) => rowsByKey.has(key))));
  cleanups.push(unsubscribe);

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
        open: () =>
          void withCurrent(async (key) => {
            port.openUrl(paperPageUrl(key));
            await markOpened(key);
          }),
        toggleHideSeen: () => void setViewMode(viewMode() === 'hide-seen' ? 'all' : 'hide-seen'),
        help: () => {
          showKeys = !showKeys;
          paintBar();
        },
      }),
    );
  }

  async function withCurrent(action: (key: string) => Promise<void>): Promise<void> {
    const key = currentKey();
    if (key !== undefined) await action(key);
  }

  const started = start();

  return {
    async annotate() {
      if (stopped) return;
      // Scanning and the lookup do not wait for the settings; they load meanwhile.
      await Promise.all([refresh(decorate()), started]);
      if (stopped) return;
      paintBar();
      // `data-dogear-ready` tells tests and users' scripts that every mark reflects the library.
      if (!stopped) doc.documentElement.setAttribute('data-dogear-ready', '');
    },
    stop() {
      stopped = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
      mounter?.disconnect();
      // A newer instance (after an extension update) owns the marks now when it has stamped <html>; leave them.
      const owner = doc.documentElement.getAttribute('data-dogear-instance');
      const ownsMarks = owner === null || owner === instance;
      for (const row of rows) {
        if (row.host) {
          render(null, row.host.shadowRoot!.lastElementChild!);
          row.host.remove();
        }
        if (ownsMarks) for (const root of row.ref.roots) for (const name of ROOT_ATTRIBUTES) root.removeAttribute(name);
      }
      render(null, bar.shadowRoot!.lastElementChild!);
      bar.remove();
      rows = [];
      rowsByKey.clear();
      if (ownsMarks) for (const name of HTML_ATTRIBUTES) doc.documentElement.removeAttribute(name);
    },
  };
}
