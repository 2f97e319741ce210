/**
 * The page bar: a small, collapsible summary of the listing ("12 new · 30 seen · 2 saved") with the view mode and
 * the page-wide actions. Props in, markup out.
 */
import type { PageCounts } from '../lib/row-state.ts';
import { VIEW_MODES, type ViewMode } from '../lib/settings.ts';

export interface PageBarProps {
  counts: PageCounts;
  selected: number;
  viewMode: ViewMode;
  collapsed: boolean;
  canUndo: boolean;
  showKeys: boolean;
  keyboard: boolean;
  /** Last failure of a page-wide action. */
  error?: string;
  onViewMode(mode: ViewMode): void;
  onCollapse(collapsed: boolean): void;
  onMarkAllSeen(): void;
  onUndoMark(): void;
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

export const KEYS: readonly [string, string][] = [
  ['j / k', 'next / previous entry'],
  ['s', 'save or unsave'],
  ['n', 'note'],
  ['t', 'tags'],
  ['x', 'select'],
  ['o', 'open the paper'],
  ['h', 'hide seen on / off'],
  ['?', 'show these keys'],
];

export function PageBar(props: PageBarProps) {
  const { counts, selected, viewMode, collapsed } = props;
  const summary = `${counts.new} new · ${counts.seen} seen · ${counts.saved} saved`;
  if (collapsed) {
    return (
      <div class="bar collapsed">
        <button type="button" class="expand" title="Show the Dogear bar" onClick={() => props.onCollapse(false)}>
          <span class="summary">{summary}</span>
        </button>
      </div>
    );
  }
  return (
    <div class="bar" role="region" aria-label="Dogear">
      <div class="row">
        <span class="summary" aria-live="polite">
          {summary}
        </span>
        <button type="button" class="icon" title="Collapse" aria-label="Collapse the Dogear bar" onClick={() => props.onCollapse(true)}>
          –
        </button>
      </div>
      <div class="row">
        <select
          aria-label="View"
          value={viewMode}
          onChange={(event) => props.onViewMode(event.currentTarget.value as ViewMode)}
        >
          {VIEW_MODES.map((mode) => (
            <option value={mode}>{MODE_LABELS[mode]}</option>
          ))}
        </select>
        <button type="button" onClick={props.onMarkAllSeen} disabled={counts.new === 0}>
          Mark all seen
        </button>
        <button type="button" onClick={props.onUndoMark} disabled={!props.canUndo}>
          Undo mark
        </button>
      </div>
      <div class="row">
        <button type="button" onClick={props.onSaveSelected} disabled={selected === 0}>
          Save selected ({selected})
        </button>
        <button type="button" onClick={props.onSaveAllNew} disabled={counts.new === 0}>
          Save all new
        </button>
        <button
          type="button"
          class="icon"
          aria-label="Keyboard shortcuts"
          aria-expanded={props.showKeys}
          onClick={() => props.onShowKeys(!props.showKeys)}
        >
          ?
        </button>
      </div>
      {props.error === undefined ? null : (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      {props.showKeys ? (
        <dl class="keys">
          {props.keyboard ? null : <p>Keyboard shortcuts are off (Dogear settings).</p>}
          {KEYS.map(([key, action]) => (
            <div>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{action}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
