/**
 * The listing's rows as elements, and how a row's view (state.ts `RowView`) is written to them: the DOM contract's
 * attributes on the entry's own elements (the state attributes only with `pageStateAttributes` on), and the mark and
 * controls rendered inside the row's closed hosts (row-hosts.ts). Writes only: what to show is decided in state.ts.
 */
import { render } from 'preact';
import type { Theme } from '../../components/marks.ts';
import { RowControls } from '../../components/RowControls.tsx';
import { RowMark } from '../../components/RowMark.tsx';
import type { ViewMode } from '../../lib/settings.ts';
import type { ListingEntry, ListingRow } from '../../lib/sites/types.ts';
import { removeHosts, type RowHosts } from './row-hosts.ts';
import type { RowView } from './state.ts';
import { hiddenByView, quiet } from './views.ts';

/** State attributes of the DOM contract, written only with `pageStateAttributes` on. */
const STATE_ATTRIBUTES = ['data-dogear-state', 'data-dogear-fresh', 'data-dogear-current', 'data-dogear-selected'];
/** Every attribute Dogear writes on an entry's elements; `clearRow` removes them all. */
const ROOT_ATTRIBUTES = ['data-dogear-id', 'data-dogear-hidden', ...STATE_ATTRIBUTES];

/** One row of the page, at the same index as its view in the state. */
export interface PageRow {
  /** What the cheap scan found: key, shown version, the page's elements. */
  readonly ref: ListingRow;
  readonly index: number;
  hosts?: RowHosts;
  /** The mark's bar sits inside the entry (measured when placed). */
  inside: boolean;
  /** The full entry, read on first need (save, note, seen); null when it does not validate. */
  entry?: ListingEntry | null;
}

/** The rows of a new scan, keeping what an earlier scan knew of the same element showing the same paper. */
export function rescan(previous: readonly PageRow[], refs: readonly ListingRow[]): PageRow[] {
  const byRoot = new Map(previous.map((row) => [row.ref.roots[0], row]));
  return refs.map((ref, index) => {
    const old = byRoot.get(ref.roots[0]);
    const same = old?.ref.key === ref.key;
    return same
      ? { ref, index, entry: old.entry, hosts: old.hosts, inside: old.inside }
      : { ref, index, inside: false };
  });
}

/** What every row's painting depends on besides its own view. */
export interface Look {
  /** Undefined until the settings are loaded: nothing is hidden before the view mode is known. */
  mode?: ViewMode;
  writeStates: boolean;
  theme: Theme;
}

export interface RowHandlers {
  toggleSave(key: string): void;
  toggleSelect(index: number, range: boolean): void;
  openNote(key: string): void;
  sendToZotero(key: string): void;
}

/** Writes the row's attributes and, when its hosts are mounted, renders them. */
export function paintRow(row: PageRow, view: RowView, look: Look, handlers: RowHandlers): void {
  const { key, tokens } = view;
  for (const root of row.ref.roots) {
    if (root.getAttribute('data-dogear-id') !== key) root.setAttribute('data-dogear-id', key);
    // Not looked up yet (waiting for the rate limit): nothing to show, rather than a "new" it may not be.
    if (!tokens) continue;
    root.toggleAttribute('data-dogear-hidden', look.mode !== undefined && hiddenByView(look.mode, tokens));
    if (look.writeStates) {
      const stateText = tokens.join(' ');
      if (root.getAttribute('data-dogear-state') !== stateText) root.setAttribute('data-dogear-state', stateText);
      root.toggleAttribute('data-dogear-fresh', view.fresh);
      root.toggleAttribute('data-dogear-selected', view.selected);
      root.toggleAttribute('data-dogear-current', view.current);
    }
  }
  if (row.hosts) paintHosts(row, view, look, handlers);
}

/** Renders the row's mark and controls inside its closed hosts (which must be mounted). */
export function paintHosts(row: PageRow, view: RowView, look: Look, handlers: RowHandlers): void {
  const hosts = row.hosts!;
  const { key, tokens } = view;
  if (!tokens) {
    render(null, hosts.markMount);
    render(null, hosts.controlsMount);
    return;
  }
  const dimmed = look.mode === 'dim-seen' && quiet(tokens) && !view.current;
  render(
    <RowMark
      states={tokens}
      theme={look.theme}
      current={view.current}
      selected={view.selected}
      dimmed={dimmed}
      inside={row.inside}
    />,
    hosts.markMount,
  );
  render(
    <RowControls
      states={tokens}
      theme={look.theme}
      selected={view.selected}
      busy={view.busy}
      error={view.error}
      notice={view.notice}
      onToggleSave={() => handlers.toggleSave(key)}
      onToggleSelect={(shift) => handlers.toggleSelect(view.index, shift)}
      onNote={() => handlers.openNote(key)}
      onZotero={() => handlers.sendToZotero(key)}
    />,
    hosts.controlsMount,
  );
}

/**
 * Takes Dogear off the row: its hosts always; its attributes when `ownsMarks` (a newer instance that has taken the page
 * over keeps the attributes it wrote).
 */
export function clearRow(row: PageRow, ownsMarks: boolean): void {
  if (row.hosts) {
    render(null, row.hosts.markMount);
    render(null, row.hosts.controlsMount);
    removeHosts(row.hosts);
  }
  if (ownsMarks) for (const root of row.ref.roots) for (const name of ROOT_ATTRIBUTES) root.removeAttribute(name);
}
