/**
 * The page bar on a listing: its closed host, where it sits (bar-place.ts keeps it off the keyboard's current entry),
 * and the PageBar component rendered from the state's summary. It is first painted once the settings are known (the
 * view mode decides what the page hides: painting earlier would flash hidden rows).
 */
import { render } from 'preact';
import { PageBar } from '../../components/PageBar.tsx';
import type { ViewMode } from '../../lib/settings.ts';
import { createBarPlacer } from './bar-place.ts';
import { onAbort } from './lifetime.ts';
import { viewMode, type PageState } from './state.ts';

export const BAR_ATTRIBUTE = 'data-dogear-bar';
/** Below this window width the bar starts as its one-line pill. */
export const NARROW = 600;

export interface BarHandlers {
  viewMode(mode: ViewMode): void;
  collapse(collapsed: boolean): void;
  markAllSeen(): void;
  undo(): void;
  saveSelected(): void;
  saveAllNew(): void;
  showKeys(show: boolean): void;
}

export interface Bar {
  /** Renders the bar from the current state. */
  paint(): void;
  /** Keeps the bar clear of these elements (the current entry) while the page scrolls; `undefined` lets it back. */
  avoid(roots: readonly Element[] | undefined): void;
  /** Places the bar again after its size changed (the keys shown or hidden). */
  keepClear(): void;
}

/** Mounts the bar's host (replacing one a previous instance left); it goes away when `signal` aborts. */
export function createBar(
  doc: Document,
  signal: AbortSignal,
  state: () => PageState,
  handlers: BarHandlers,
  css: string,
): Bar {
  const win = doc.defaultView as Window; // a listing document always has a window
  for (const stale of doc.querySelectorAll(`[${BAR_ATTRIBUTE}]`)) stale.remove();
  const host = doc.createElement('div');
  host.setAttribute(BAR_ATTRIBUTE, '');
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  const mount = doc.createElement('div');
  root.append(style, mount);
  const placer = createBarPlacer(win, () => root.querySelector('.bar'), paint, signal);
  onAbort(signal, () => {
    render(null, mount);
    host.remove();
  });

  function paint(): void {
    const now = state();
    const settings = now.settings;
    if (signal.aborted || !settings) return;
    if (!host.isConnected) doc.body.append(host);
    const mode = viewMode(now);
    const html = doc.documentElement;
    if (html.getAttribute('data-dogear-view') !== mode) html.setAttribute('data-dogear-view', mode); // page.css matches it
    const narrow = win.innerWidth < NARROW && !now.bar.expanded;
    const collapsed = placer.madeWay || (settings.barCollapsed[now.site] ?? false) || narrow;
    const { counts, saveable, selected } = now.summary;
    render(
      <PageBar
        counts={counts}
        saveableNew={saveable.length}
        selected={selected}
        viewMode={mode}
        collapsed={collapsed}
        placement={placer.placement}
        theme={now.theme}
        undo={now.undo && { label: now.undo.label }}
        busy={now.bar.busy}
        showKeys={now.bar.showKeys}
        keyboard={settings.keyboard}
        error={now.bar.error}
        onViewMode={handlers.viewMode}
        onCollapse={(collapsed) => {
          placer.reset();
          handlers.collapse(collapsed);
        }}
        onMarkAllSeen={handlers.markAllSeen}
        onUndo={handlers.undo}
        onSaveSelected={handlers.saveSelected}
        onSaveAllNew={handlers.saveAllNew}
        onShowKeys={(show) => {
          handlers.showKeys(show);
          placer.refresh(); // the bar grows with the keys: keep it clear of the current entry
        }}
      />,
      mount,
    );
  }

  return { paint, avoid: placer.avoid, keepClear: placer.refresh };
}
