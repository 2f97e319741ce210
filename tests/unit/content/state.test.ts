/**
 * The content script's state (entrypoints/papers.content/state.ts, views.ts): what each row shows for the visit, the
 * bar's summary, selection and the current row, sightings held back by an undo offer — and that a change derives new
 * views only for the rows it concerns (painting compares views by identity).
 */
import { describe, expect, it } from 'vitest';
import {
  initialState,
  newKeys,
  nextIndex,
  reduce,
  releasedBy,
  unheld,
  viewMode,
  type Action,
  type PageState,
  type UndoOffer,
} from '../../../entrypoints/papers.content/state.ts';
import { hiddenByView } from '../../../entrypoints/papers.content/views.ts';
import { UNKNOWN_PAPER, type PaperState } from '../../../lib/paper/state.ts';
import { parseSettings } from '../../../lib/settings.ts';

const SEEN: PaperState = { ...UNKNOWN_PAPER, seen: true };
const SAVED: PaperState = { ...UNKNOWN_PAPER, seen: true, saved: true };

function run(...actions: Action[]): PageState {
  return actions.reduce(reduce, initialState('arxiv-listing'));
}

/** Five rows: a, b, c, a again (a paper listed twice), d shown at v3. */
const scanned: Action = {
  type: 'scanned',
  rows: [{ key: 'a' }, { key: 'b' }, { key: 'c' }, { key: 'a' }, { key: 'd', version: 3 }],
};
const lookedUp: Action = {
  type: 'looked-up',
  keys: ['a', 'b', 'c', 'd'],
  states: { b: SEEN, c: SAVED, d: { ...SEEN, seenVersion: 2 } },
};

describe('content script state', () => {
  it('derives each row’s marks and the bar’s summary once the library has answered', () => {
    const before = run(scanned);
    expect(before.rows.map((row) => row.tokens)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(before.summary.counts).toEqual({ new: 0, seen: 0, saved: 0 });

    const state = reduce(before, lookedUp);
    expect(state.rows.map((row) => row.tokens)).toEqual([
      ['new'],
      ['seen'],
      ['seen', 'saved'],
      ['new'],
      ['seen', 'updated'],
    ]);
    expect(state.summary).toEqual({ counts: { new: 2, seen: 3, saved: 1 }, saveable: ['a'], selected: 0 });
    expect(newKeys(state)).toEqual(['a']);
  });

  it('keeps new and seen as they were at the first lookup; saved follows the library', () => {
    const state = run(
      scanned,
      lookedUp,
      { type: 'states', keys: ['a'], states: { a: SAVED } },
      { type: 'seen', keys: ['a'] },
    );
    expect(state.rows[0]).toMatchObject({ tokens: ['new', 'saved'], fresh: true });
    expect(state.rows[3]).toMatchObject({ tokens: ['new', 'saved'], fresh: true });
    // A later lookup (the page re-rendered, or a change announced) does not move the visit's baseline.
    const again = reduce(state, { type: 'looked-up', keys: ['a'], states: { a: SAVED } });
    expect(again.rows[0]!.tokens).toEqual(['new', 'saved']);
    expect(again.summary.saveable).toEqual([]);
  });

  it('gives new views only to the rows a change concerns', () => {
    const state = run(scanned, lookedUp);
    const next = reduce(state, { type: 'states', keys: ['b'], states: { b: SAVED } });
    expect(next.rows.map((row, i) => row === state.rows[i])).toEqual([true, false, true, true, true]);
    // A change that shows nothing new keeps every view, and the rows array itself.
    const same = reduce(next, { type: 'states', keys: ['b'], states: { b: { ...SAVED } } });
    expect(same.rows).toBe(next.rows);
    expect(reduce(same, { type: 'bar-error', error: 'x' }).rows).toBe(same.rows);
  });

  it('moves the current row: only the old and the new current row change', () => {
    const first = run(scanned, lookedUp, { type: 'current', index: 1 });
    const second = reduce(first, { type: 'current', index: 2 });
    expect(second.rows.map((row) => row.current)).toEqual([false, false, true, false, false]);
    expect(second.rows.map((row, i) => row === first.rows[i])).toEqual([true, false, false, true, true]);
    // j/k skip rows that are not visible, and stop at either end.
    expect(nextIndex(second, 1, (index) => index !== 3)).toBe(4);
    expect(nextIndex(second, -1, () => false)).toBeUndefined();
    expect(nextIndex(run(scanned), -1, () => true)).toBe(4);
    // A scan with fewer rows forgets a current row that is gone.
    expect(
      reduce(reduce(second, { type: 'current', index: 4 }), { type: 'scanned', rows: [{ key: 'a' }] }).current,
    ).toBeUndefined();
  });

  it('selects by paper, and a shift-click selects the range from the last click', () => {
    let state = run(scanned, lookedUp, { type: 'select', index: 1, range: false });
    expect(state.rows.map((row) => row.selected)).toEqual([false, true, false, false, false]);
    state = reduce(state, { type: 'select', index: 3, range: true });
    // Rows 1–3 are selected; row 0 shows the same paper as row 3, so it reads selected too.
    expect(state.rows.map((row) => row.selected)).toEqual([true, true, true, true, false]);
    expect(state.summary.selected).toBe(4);
    state = reduce(state, { type: 'select', index: 2, range: false });
    expect([...state.selected].sort()).toEqual(['a', 'b']);
    state = reduce(state, { type: 'deselect', keys: ['a', 'b'] });
    expect(state.summary.selected).toBe(0);
  });

  it('holds back sightings of the undo offer’s papers until the offer ends', () => {
    const offer: UndoOffer = { markId: 'm1', label: 'Saved 1 paper', keys: new Set(['a']) };
    let state = run(scanned, lookedUp, { type: 'offer-undo', offer });
    expect(unheld(state, ['a', 'b'])).toEqual(['b']);
    state = reduce(state, { type: 'seen', keys: ['a', 'b'] });
    expect([...state.held]).toEqual(['a']);
    expect(state.rows[0]!.fresh).toBe(true);
    // The next offer covers other papers: the held sighting is released (to be recorded now).
    const next: UndoOffer = { markId: 'm2', label: 'Saved 1 paper', keys: new Set(['c']) };
    expect(releasedBy(state, next)).toEqual(['a']);
    expect(releasedBy(state, offer)).toEqual([]);
    state = reduce(state, { type: 'offer-undo', offer: next });
    expect([...state.held]).toEqual([]);
    expect(state.undo?.markId).toBe('m2');
  });

  it('"mark all seen" shows the rows seen, and its undo puts back what they showed', () => {
    let state = run(scanned, lookedUp);
    const atLoadBefore = new Map(['a', 'd'].map((key) => [key, state.atLoad.get(key)]));
    state = reduce(state, { type: 'marked-seen', keys: ['a'] });
    expect(state.rows[0]!.tokens).toEqual(['seen']);
    expect(state.summary.counts).toEqual({ new: 0, seen: 5, saved: 1 });
    state = reduce(state, { type: 'undone', atLoadBefore });
    expect(state.rows[0]!.tokens).toEqual(['new']);
    expect(state.rows[4]!.tokens).toEqual(['seen', 'updated']);
  });

  it('keeps a save’s status and failure on every row of the paper until the next attempt', () => {
    let state = run(scanned, lookedUp, { type: 'row-status', keys: ['a'], busy: true });
    expect([state.rows[0]!.busy, state.rows[3]!.busy]).toEqual([true, true]);
    state = reduce(state, { type: 'row-status', keys: ['a'], busy: false, error: 'Not saved: full' });
    expect(state.rows[3]).toMatchObject({ busy: false, error: 'Not saved: full' });
    state = reduce(state, { type: 'row-status', keys: ['a'], busy: true });
    expect(state.rows[3]!.error).toBeUndefined();
  });

  it('shows what a send to Zotero did on every row of the paper until the row’s next action', () => {
    let state = run(scanned, lookedUp, {
      type: 'row-status',
      keys: ['a'],
      busy: false,
      notice: 'Sent to Zotero (My Library)',
    });
    expect([state.rows[0]!.notice, state.rows[3]!.notice]).toEqual([
      'Sent to Zotero (My Library)',
      'Sent to Zotero (My Library)',
    ]);
    expect(state.rows[1]!.notice).toBeUndefined();
    state = reduce(state, { type: 'states', keys: ['a'], states: { a: { ...SEEN, zotero: true } } });
    expect(state.rows[0]!.tokens).toEqual(['new', 'zotero']);
    state = reduce(state, { type: 'row-status', keys: ['a'], busy: true });
    expect(state.rows[0]!.notice).toBeUndefined();
  });

  it('reads the view mode of its own site, and hides by it', () => {
    const settings = parseSettings({ viewMode: { 'arxiv-listing': 'hide-seen', huggingface: 'only-new' } });
    const state = run(scanned, lookedUp, { type: 'settings', settings });
    expect(viewMode(state)).toBe('hide-seen');
    expect(viewMode(run(scanned))).toBe('all');
    expect(state.rows.map((row) => hiddenByView('hide-seen', row.tokens!))).toEqual([false, true, false, false, true]);
    expect(state.rows.map((row) => hiddenByView('only-new', row.tokens!))).toEqual([false, true, true, false, true]);
    expect(hiddenByView('dim-seen', ['seen'])).toBe(false);
  });
});
