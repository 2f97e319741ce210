/**
 * The page bar: a small, collapsible summary of the listing ("12 new · 30 seen · 2 saved"), a one-line colour key, the
 * view mode and the page-wide actions, each of which can be undone. Rendered in a closed shadow root; props in, markup
 * out. Every handler acts on trusted events only (trusted.ts).
 */
import type { PageCounts } from '../lib/paper/state.ts';
import { VIEW_MODES, type ViewMode } from '../lib/settings.ts';
import { KeyList } from './KeyList.tsx';
import type { Theme } from './marks.ts';
import { trusted } from './trusted.ts';

export interface PageBarProps {
  counts: PageCounts;
  /** Entries shown as new and not saved: what "Save N new" saves. */
  saveableNew: number;
  selected: number;
  viewMode: ViewMode;
  /** Shown as the one-line pill (the user collapsed it, the window is narrow, or it made way for the current entry). */
  collapsed: boolean;
  /** Where it sits: bottom right, or top right while the current entry is under the bottom corner. */
  placement: 'top' | 'bottom';
  theme: Theme;
  /** The last page-wide action, while it can be undone. */
  undo?: { label: string };
  /** A page-wide action in flight. */
  busy: boolean;
  showKeys: boolean;
  keyboard: boolean;
  /** Last failure of a page-wide action or of a row's save. */
  error?: string;
  onViewMode(mode: ViewMode): void;
  onCollapse(collapsed: boolean): void;
  onMarkAllSeen(): void;
  onUndo(): void;
  onSaveSelected(): void;
  onSaveAllNew(): void;
  onShowKeys(show: boolean): void;
}

const MODE_LABELS: Record<ViewMode, string> = {
  all: 'Show all',
  'dim-seen': 'Dim seen',
  'hide-seen': 'Hide seen',
  'only-new': 'Only new',
};

/** The colour key: what each bar colour means. */
export const LEGEND: readonly [string, string][] = [
  ['new', 'new'],
  ['seen', 'seen'],
  ['saved', 'saved'],
  ['noted', 'noted'],
  ['updated', 'new version'],
];

export function summaryText(counts: PageCounts): string {
  return `${counts.new} new · ${counts.seen} seen · ${counts.saved} saved`;
}

export function PageBar(props: PageBarProps) {
  const { counts, selected, viewMode, collapsed, placement, theme } = props;
  const summary = summaryText(counts);
  if (collapsed) {
    return (
      <div class={`bar collapsed ${placement}`} data-theme={theme}>
        <button
          type="button"
          class="expand"
          title="Show the Dogear bar"
          aria-label={`Dogear: ${summary}. Show the bar`}
          onClick={trusted(() => props.onCollapse(false))}
        >
          <span class="summary">{summary}</span>
        </button>
      </div>
    );
  }
  return (
    <div class={`bar ${placement}`} data-theme={theme} role="region" aria-label="Dogear">
      <div class="row">
        <span class="summary" aria-live="polite">
          {summary}
        </span>
        <button
          type="button"
          class="icon"
          title="Collapse"
          aria-label="Collapse the Dogear bar"
          onClick={trusted(() => props.onCollapse(true))}
        >
          –
        </button>
      </div>
      <p class="legend" aria-label="Colour key">
        {LEGEND.map(([kind, label]) => (
          <span class="key">
            <span class={`swatch swatch-${kind}`} aria-hidden="true" />
            {label}
          </span>
        ))}
      </p>
      <div class="row">
        <select
          aria-label="View"
          value={viewMode}
          onChange={trusted((event: Event) =>
            props.onViewMode((event.currentTarget as HTMLSelectElement).value as ViewMode),
          )}
        >
          {VIEW_MODES.map((mode) => (
            <option value={mode}>{MODE_LABELS[mode]}</option>
          ))}
        </select>
        <button
          type="button"
          class="mark-all"
          onClick={trusted(props.onMarkAllSeen)}
          disabled={props.busy || counts.new === 0}
        >
          Mark all seen
        </button>
      </div>
      <div class="row">
        <button
          type="button"
          class="save-selected"
          onClick={trusted(props.onSaveSelected)}
          disabled={props.busy || selected === 0}
        >
          Save selected ({selected})
        </button>
        <button
          type="button"
          class="save-new"
          onClick={trusted(props.onSaveAllNew)}
          disabled={props.busy || props.saveableNew === 0}
        >
          Save {props.saveableNew} new
        </button>
        <button
          type="button"
          class="icon keys-toggle"
          aria-label="Keyboard shortcuts"
          aria-expanded={props.showKeys}
          onClick={trusted(() => props.onShowKeys(!props.showKeys))}
        >
          ?
        </button>
      </div>
      {props.undo === undefined ? null : (
        <div class="row undo-row">
          <span class="done">{props.undo.label}</span>
          <button type="button" class="undo" onClick={trusted(props.onUndo)} disabled={props.busy}>
            Undo
          </button>
        </div>
      )}
      {props.error === undefined ? null : (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      {props.showKeys ? (
        <div class="keys">
          {props.keyboard ? null : <p>Keyboard shortcuts are off (Dogear settings).</p>}
          <KeyList />
        </div>
      ) : null}
    </div>
  );
}
