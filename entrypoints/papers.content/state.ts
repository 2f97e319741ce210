/**
 * What the content script knows about the listing it annotates, as one immutable value changed only by `reduce`: the
 * rows in page order, what the library says about each paper (now, and when this visit first asked), the selection, the
 * keyboard's current row, each row's save status, the page bar, and the page-wide action that can still be undone.
 *
 * What a row and the bar show is derived once per change (views.ts): `rows` holds each row's `RowView` (its marks,
 * whether it is selected, current, busy…) and `summary` the bar's counts. A view that did not change keeps its
 * identity, so painting compares views and touches only the rows that changed. Pure: no DOM, no messages, no timers;
 * the annotator dispatches what happened and paints the result.
 */
import type { Theme } from '../../components/marks.ts';
import { UNKNOWN_PAPER, type PageCounts, type PaperState, type RowStateToken } from '../../lib/paper/state.ts';
import type { Settings, ViewMode } from '../../lib/settings.ts';
import { derive, type Touched } from './views.ts';

/** What the page's scan says about one row. */
export interface ScannedRow {
  key: string;
  /** The version the listing shows, when it shows one. */
  version?: number;
}

/** Everything one row shows. */
export interface RowView {
  readonly key: string;
  readonly version?: number;
  readonly index: number;
  /** Its marks; undefined until the library has answered for it (it shows nothing rather than a "new" it may not be). */
  readonly tokens?: readonly RowStateToken[];
  readonly selected: boolean;
  readonly current: boolean;
  /** Became seen during this visit (and is still shown as it was at load). */
  readonly fresh: boolean;
  readonly busy: boolean;
  /** The last failure of a save or unsave, shown until the next attempt. */
  readonly error?: string;
  /** What the last send to Zotero did ("Sent to Zotero (My Library)"), shown until the row's next action. */
  readonly notice?: string;
}

/** The last page-wide action, while it can be undone. */
export interface UndoOffer {
  readonly markId: string;
  readonly label: string;
  /** The papers it wrote: their sightings are held back until the offer ends (see the `seen` action). */
  readonly keys: ReadonlySet<string>;
  /** For "mark all seen": what each key showed at load before it, put back by the undo. */
  readonly atLoadBefore?: ReadonlyMap<string, PaperState | undefined>;
}

export interface BarState {
  /** A page-wide action is in flight. */
  readonly busy: boolean;
  readonly error?: string;
  readonly showKeys: boolean;
  /** Expanded by the user on a window narrow enough to start it collapsed. */
  readonly expanded: boolean;
}

/** The page bar's numbers. */
export interface Summary {
  readonly counts: PageCounts;
  /** Papers shown as new and not saved, in page order: what "Save N new" saves. */
  readonly saveable: readonly string[];
  /** Rows whose paper is selected. */
  readonly selected: number;
}

export interface PageState {
  /** The site adapter's id: view mode and bar collapse are remembered per site. */
  readonly site: string;
  readonly rows: readonly RowView[];
  /** Row indexes of each paper (a listing can show one paper twice). */
  readonly byKey: ReadonlyMap<string, readonly number[]>;
  /** What the library says about each paper now. */
  readonly library: ReadonlyMap<string, PaperState>;
  /** As this visit first looked each paper up (or after an explicit mark): new and seen come from here. */
  readonly atLoad: ReadonlyMap<string, PaperState>;
  readonly fresh: ReadonlySet<string>;
  readonly busy: ReadonlySet<string>;
  readonly errors: ReadonlyMap<string, string>;
  readonly notices: ReadonlyMap<string, string>;
  readonly selected: ReadonlySet<string>;
  /** Where the last selection click was: a shift-click selects the range from here. */
  readonly anchor?: number;
  readonly current?: number;
  /** Undefined until loaded: nothing is hidden or counted before the view mode is known. */
  readonly settings?: Settings;
  readonly theme: Theme;
  readonly undo?: UndoOffer;
  /** Sightings of the undo offer's papers, held back while it lasts. */
  readonly held: ReadonlySet<string>;
  readonly bar: BarState;
  readonly summary: Summary;
}

/** Library states by key, as the background answers them; a key left out has no record. */
export type StatesReply = Readonly<Record<string, PaperState>>;

export type Action =
  /** The page was scanned (first load, or it re-rendered). */
  | { type: 'scanned'; rows: readonly ScannedRow[] }
  | { type: 'settings'; settings: Settings }
  | { type: 'theme'; theme: Theme }
  /** The first answer for `keys`: it also fixes what they show for the visit. */
  | { type: 'looked-up'; keys: readonly string[]; states: StatesReply }
  /** The library's state of `keys` changed (a save here, a change announced by another tab). */
  | { type: 'states'; keys: readonly string[]; states: StatesReply }
  /** Rows looked at long enough: shown fresh; those of the undo offer are held back. */
  | { type: 'seen'; keys: readonly string[] }
  | { type: 'row-status'; keys: readonly string[]; busy: boolean; error?: string; notice?: string }
  | { type: 'bar-busy'; busy: boolean }
  | { type: 'bar-error'; error?: string }
  /** A click on a row's select box; with `range`, everything from the last click's row takes the new value. */
  | { type: 'select'; index: number; range: boolean }
  | { type: 'deselect'; keys: readonly string[] }
  | { type: 'current'; index: number | undefined }
  | { type: 'show-keys'; show: boolean }
  | { type: 'expand'; expanded: boolean }
  /** A new undo offer, or none: the held sightings it does not cover are released (see `releasedBy`). */
  | { type: 'offer-undo'; offer?: UndoOffer }
  /** "Mark all seen" succeeded: these papers read seen for the rest of the visit. */
  | { type: 'marked-seen'; keys: readonly string[] }
  /** An undo succeeded: what the visit showed before the action comes back. */
  | { type: 'undone'; atLoadBefore?: ReadonlyMap<string, PaperState | undefined> };

const NO_KEYS: ReadonlySet<string> = new Set();

export function initialState(site: string): PageState {
  return {
    site,
    rows: [],
    byKey: new Map(),
    library: new Map(),
    atLoad: new Map(),
    fresh: NO_KEYS,
    busy: NO_KEYS,
    errors: new Map(),
    notices: new Map(),
    selected: NO_KEYS,
    theme: 'light',
    held: NO_KEYS,
    bar: { busy: false, showKeys: false, expanded: false },
    summary: { counts: { new: 0, seen: 0, saved: 0 }, saveable: [], selected: 0 },
  };
}

export function viewMode(state: PageState): ViewMode {
  return state.settings?.viewMode[state.site] ?? 'all';
}

/** Papers shown as new (saved or not), in page order: what "Mark all seen" marks. */
export function newKeys(state: PageState): string[] {
  return [...new Set(state.rows.filter((row) => row.tokens?.includes('new')).map((row) => row.key))];
}

/** Of `keys` just seen, those to record now: the undo offer's papers wait until it ends. */
export function unheld(state: PageState, keys: readonly string[]): string[] {
  const held = state.undo?.keys;
  return held ? keys.filter((key) => !held.has(key)) : [...keys];
}

/** The held sightings to record once `offer` replaces the current one (those it does not cover). */
export function releasedBy(state: PageState, offer: UndoOffer | undefined): string[] {
  return [...state.held].filter((key) => !offer?.keys.has(key));
}

/** The next row from the current one in `step`'s direction that `visible` accepts, if any. */
export function nextIndex(state: PageState, step: 1 | -1, visible: (index: number) => boolean): number | undefined {
  const count = state.rows.length;
  let index = state.current ?? (step === 1 ? -1 : count);
  do index += step;
  while (index >= 0 && index < count && !visible(index));
  return index >= 0 && index < count ? index : undefined;
}

function withKeys<T>(set: ReadonlySet<T>, keys: Iterable<T>, add: boolean): ReadonlySet<T> {
  const next = new Set(set);
  for (const key of keys) {
    if (add) next.add(key);
    else next.delete(key);
  }
  return next;
}

function withStates(map: ReadonlyMap<string, PaperState>, keys: readonly string[], states: StatesReply) {
  const next = new Map(map);
  for (const key of keys) {
    const state = states[key];
    if (state) next.set(key, state);
    else next.delete(key);
  }
  return next;
}

export function reduce(state: PageState, action: Action): PageState {
  const [next, touched] = apply(state, action);
  return next === state ? state : derive(state, next, touched);
}

function apply(state: PageState, action: Action): [PageState, Touched] {
  switch (action.type) {
    case 'scanned': {
      const byKey = new Map<string, number[]>();
      action.rows.forEach((row, index) => {
        const group = byKey.get(row.key);
        if (group) group.push(index);
        else byKey.set(row.key, [index]);
      });
      const rows = action.rows.map((row, index) => ({ key: row.key, version: row.version, index }) as RowView);
      const current = state.current !== undefined && state.current < rows.length ? state.current : undefined;
      return [{ ...state, rows, byKey, current }, { all: true }];
    }
    case 'settings':
      return [{ ...state, settings: action.settings }, {}];
    case 'theme':
      return action.theme === state.theme ? [state, {}] : [{ ...state, theme: action.theme }, {}];
    case 'looked-up': {
      const library = withStates(state.library, action.keys, action.states);
      const atLoad = new Map(state.atLoad);
      for (const key of action.keys) if (!atLoad.has(key)) atLoad.set(key, library.get(key) ?? UNKNOWN_PAPER);
      return [{ ...state, library, atLoad }, { keys: action.keys }];
    }
    case 'states':
      return [{ ...state, library: withStates(state.library, action.keys, action.states) }, { keys: action.keys }];
    case 'seen': {
      const held = state.undo ? action.keys.filter((key) => state.undo!.keys.has(key)) : [];
      const fresh = withKeys(state.fresh, action.keys, true);
      return [
        { ...state, fresh, held: held.length > 0 ? withKeys(state.held, held, true) : state.held },
        { keys: action.keys },
      ];
    }
    case 'row-status': {
      const errors = new Map(state.errors);
      const notices = new Map(state.notices);
      for (const key of action.keys) {
        if (action.error === undefined) errors.delete(key);
        else errors.set(key, action.error);
        if (action.notice === undefined) notices.delete(key);
        else notices.set(key, action.notice);
      }
      return [
        { ...state, busy: withKeys(state.busy, action.keys, action.busy), errors, notices },
        { keys: action.keys },
      ];
    }
    case 'bar-busy':
      return [{ ...state, bar: { ...state.bar, busy: action.busy } }, {}];
    case 'bar-error':
      return [{ ...state, bar: { ...state.bar, error: action.error } }, {}];
    case 'select': {
      const row = state.rows[action.index];
      if (!row) return [state, {}];
      const select = !state.selected.has(row.key);
      const from = action.range && state.anchor !== undefined ? Math.min(state.anchor, action.index) : action.index;
      const to = action.range && state.anchor !== undefined ? Math.max(state.anchor, action.index) : action.index;
      const keys = state.rows.slice(from, to + 1).map((other) => other.key);
      return [{ ...state, selected: withKeys(state.selected, keys, select), anchor: action.index }, { keys }];
    }
    case 'deselect':
      return [{ ...state, selected: withKeys(state.selected, action.keys, false) }, { keys: action.keys }];
    case 'current':
      if (action.index === state.current) return [state, {}];
      return [{ ...state, current: action.index }, { indexes: [state.current, action.index] }];
    case 'show-keys':
      return [{ ...state, bar: { ...state.bar, showKeys: action.show } }, {}];
    case 'expand':
      return [{ ...state, bar: { ...state.bar, expanded: action.expanded } }, {}];
    case 'offer-undo': {
      const offer = action.offer;
      const held = offer ? [...state.held].filter((key) => offer.keys.has(key)) : [];
      return [{ ...state, undo: offer, held: held.length > 0 ? new Set(held) : NO_KEYS }, {}];
    }
    case 'marked-seen': {
      const atLoad = new Map(state.atLoad);
      for (const key of action.keys) atLoad.set(key, { ...(atLoad.get(key) ?? UNKNOWN_PAPER), seen: true });
      return [{ ...state, atLoad }, { keys: action.keys }];
    }
    case 'undone': {
      const atLoad = new Map(state.atLoad);
      const keys = [...(action.atLoadBefore ?? new Map<string, PaperState | undefined>())];
      for (const [key, before] of keys) {
        if (before) atLoad.set(key, before);
        else atLoad.delete(key);
      }
      return [{ ...state, atLoad }, { keys: keys.map(([key]) => key) }];
    }
  }
}
