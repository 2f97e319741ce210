/**
 * What the rows and the bar show, derived from the content script's state (state.ts) once per change: each row's view
 * is computed again only when the change concerns its paper or its position, and keeps its identity when it shows
 * nothing new; the bar's summary is counted again only when a view changed. Pure.
 */
import { countStates, UNKNOWN_PAPER, visitStates, type RowStateToken } from '../../lib/paper/state.ts';
import type { ViewMode } from '../../lib/settings.ts';
import type { PageState, RowView, Summary } from './state.ts';

/** What changed, for `derive`: keys whose rows need a new view, rows whose `current` flag flips, or every row. */
export interface Touched {
  all?: boolean;
  keys?: readonly string[];
  indexes?: readonly (number | undefined)[];
}

/** Whether the view mode hides the row: the user's explicit choice, which the page can see. */
export function hiddenByView(mode: ViewMode, tokens: readonly RowStateToken[]): boolean {
  if (mode === 'hide-seen') return quiet(tokens);
  if (mode === 'only-new') return !tokens.includes('new');
  return false;
}

/** Seen, and neither saved nor noted: what "hide seen" hides and "dim seen" dims. */
export function quiet(tokens: readonly RowStateToken[]): boolean {
  return tokens.includes('seen') && !tokens.includes('saved') && !tokens.includes('noted');
}

function viewOf(state: PageState, scanned: RowView): RowView {
  const { key, version, index } = scanned;
  const atLoad = state.atLoad.get(key);
  const error = state.errors.get(key);
  const notice = state.notices.get(key);
  return {
    key,
    version,
    index,
    tokens: atLoad && visitStates(state.library.get(key) ?? UNKNOWN_PAPER, atLoad, version),
    selected: state.selected.has(key),
    current: state.current === index,
    fresh: state.fresh.has(key),
    busy: state.busy.has(key),
    ...(error === undefined ? {} : { error }),
    ...(notice === undefined ? {} : { notice }),
  };
}

function sameTokens(a: readonly RowStateToken[] | undefined, b: readonly RowStateToken[] | undefined): boolean {
  return (
    a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((token, i) => token === b[i]))
  );
}

/** The previous view when nothing it shows changed (painting then skips the row). */
function same(before: RowView | undefined, after: RowView): RowView {
  if (!before || before.key !== after.key || before.version !== after.version || before.index !== after.index)
    return after;
  const unchanged =
    sameTokens(before.tokens, after.tokens) &&
    before.selected === after.selected &&
    before.current === after.current &&
    before.fresh === after.fresh &&
    before.busy === after.busy &&
    before.error === after.error &&
    before.notice === after.notice;
  return unchanged ? before : after;
}

/** New views for the rows `touched` names, and the summary again if any view changed. */
export function derive(previous: PageState, state: PageState, touched: Touched): PageState {
  let rows = state.rows;
  if (touched.all) {
    rows = state.rows.map((row) => same(previous.rows[row.index], viewOf(state, row)));
  } else {
    const indexes = new Set<number>();
    for (const key of touched.keys ?? []) for (const index of state.byKey.get(key) ?? []) indexes.add(index);
    for (const index of touched.indexes ?? []) if (index !== undefined && index < rows.length) indexes.add(index);
    let copied: RowView[] | undefined;
    for (const index of indexes) {
      const view = same(rows[index], viewOf(state, rows[index]!));
      if (view === rows[index]) continue;
      copied ??= [...rows];
      copied[index] = view;
    }
    rows = copied ?? rows;
  }
  if (rows === previous.rows) return state;
  return { ...state, rows, summary: summarize(rows) };
}

function summarize(rows: readonly RowView[]): Summary {
  const saveable = new Set<string>();
  let selected = 0;
  for (const row of rows) {
    if (row.selected) selected += 1;
    if (row.tokens?.includes('new') && !row.tokens.includes('saved')) saveable.add(row.key);
  }
  const known = rows.flatMap((row) => (row.tokens ? [row.tokens] : []));
  return { counts: countStates(known), saveable: [...saveable], selected };
}
