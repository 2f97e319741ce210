import { describe, expect, it } from 'vitest';
import {
  countStates,
  decodeFlags,
  encodeFlags,
  hasNote,
  isUpdated,
  paperFlags,
  paperMarks,
  paperState,
  primaryMark,
  rowStates,
  STATE_FLAGS,
  UNKNOWN_PAPER,
  visitStates,
  type PaperState,
} from '../../../lib/paper/state.ts';
import { makePaper } from '../../support/papers.ts';
import { parseSettings } from '../../../lib/settings.ts';

const seen: PaperState = { ...UNKNOWN_PAPER, seen: true };

describe('rowStates', () => {
  it.each<[string, PaperState, number | undefined, string]>([
    ['unknown paper', UNKNOWN_PAPER, undefined, 'new'],
    ['unknown paper, listing shows v3', UNKNOWN_PAPER, 3, 'new'],
    ['seen', seen, undefined, 'seen'],
    ['opened', { ...seen, opened: true }, undefined, 'seen opened'],
    ['saved and noted', { ...seen, saved: true, noted: true }, undefined, 'seen saved noted'],
    ['seen at v1, listing shows v2', { ...seen, seenVersion: 1 }, 2, 'seen updated'],
    ['seen at v2, listing shows v2', { ...seen, seenVersion: 2 }, 2, 'seen'],
    ['seen at v3, listing shows v2', { ...seen, seenVersion: 3 }, 2, 'seen'],
    ['seen without a known version, listing shows v2', seen, 2, 'seen'],
    ['saved at v1, listing shows v4', { ...seen, saved: true, seenVersion: 1 }, 4, 'seen saved updated'],
    ['in Zotero, unknown to Dogear', { ...UNKNOWN_PAPER, zotero: true }, undefined, 'new zotero'],
    ['saved and in Zotero', { ...seen, saved: true, zotero: true }, undefined, 'seen saved zotero'],
  ])('%s → %s', (_name, state, version, expected) => {
    expect(rowStates(state, version).join(' ')).toBe(expected);
  });
});

describe('countStates', () => {
  it('counts each row once as new or seen, and saved on top', () => {
    expect(countStates([['new'], ['seen'], ['seen', 'saved'], ['seen', 'updated'], ['new']])).toEqual({
      new: 2,
      seen: 3,
      saved: 1,
    });
  });
});

describe('parseSettings', () => {
  it('gives the defaults for nothing stored', () => {
    expect(parseSettings(undefined)).toEqual({
      keyboard: true,
      seenThreshold: 0.5,
      seenDwellMs: 1000,
      viewMode: {},
      barCollapsed: {},
      pageStateAttributes: false,
    });
  });

  it('keeps valid values and repairs damaged ones one by one', () => {
    expect(
      parseSettings({
        keyboard: false,
        seenThreshold: 7,
        seenDwellMs: 'x',
        viewMode: { arxiv: 'hide-seen', hf: 'bogus' },
      }),
    ).toEqual({
      keyboard: false,
      seenThreshold: 0.5,
      seenDwellMs: 1000,
      viewMode: { arxiv: 'hide-seen', hf: 'all' },
      barCollapsed: {},
      pageStateAttributes: false,
    });
  });

  it('survives a stored value of the wrong type', () => {
    expect(parseSettings('garbage').keyboard).toBe(true);
  });
});

describe('visitStates', () => {
  const state = (over: Partial<PaperState>): PaperState => ({
    saved: false,
    seen: false,
    opened: false,
    noted: false,
    ...over,
  });

  it('keeps new for the whole visit once read, while saved and noted follow the library', () => {
    const atLoad = state({});
    expect(visitStates(state({ seen: true }), atLoad)).toEqual(['new']);
    expect(visitStates(state({ seen: true, saved: true, noted: true }), atLoad)).toEqual(['new', 'saved', 'noted']);
    expect(visitStates(state({ seen: true }), state({ seen: true }))).toEqual(['seen']);
  });

  it('compares the shown version with what was seen before the visit', () => {
    expect(visitStates(state({ seen: true, seenVersion: 3 }), state({ seen: true, seenVersion: 1 }), 2)).toEqual([
      'seen',
      'updated',
    ]);
  });

  it('picks one bar colour: new version, saved, noted, new, seen', () => {
    expect(primaryMark(['new', 'saved', 'updated'])).toBe('updated');
    expect(primaryMark(['seen', 'noted', 'saved'])).toBe('saved');
    expect(primaryMark(['seen', 'noted'])).toBe('noted');
    expect(primaryMark(['new', 'opened'])).toBe('new');
    expect(primaryMark(['seen', 'opened'])).toBe('seen');
    expect(primaryMark(['seen', 'zotero'])).toBe('seen');
  });
});

describe('paperState, flags and marks of a stored paper', () => {
  const base = makePaper('2401.00001');
  const full = makePaper('2401.00001', {
    savedAt: 3,
    firstSeenAt: 1,
    openedAt: 2,
    note: 'n',
    tags: ['t'],
    latestVersion: 3,
    seenVersion: 2,
  });

  it('hasNote: a blank note is no note', () => {
    expect(hasNote(base)).toBe(false);
    expect(hasNote({ note: ' \n\t' })).toBe(false);
    expect(hasNote({ note: 'x' })).toBe(true);
  });

  it('isUpdated: only a known version above the one seen', () => {
    expect(isUpdated({ latestVersion: 3, seenVersion: 2 })).toBe(true);
    expect(isUpdated({ latestVersion: 2, seenVersion: 2 })).toBe(false);
    expect(isUpdated({ latestVersion: 3 })).toBe(false);
  });

  it('paperState carries flags and versions only', () => {
    expect(paperState(base)).toEqual(UNKNOWN_PAPER);
    expect(paperState(full)).toEqual({
      saved: true,
      seen: true,
      opened: true,
      noted: true,
      latestVersion: 3,
      seenVersion: 2,
    });
  });

  it('stores the four PaperState flags in the layout existing databases hold (saved 1, seen 2, opened 4, noted 8)', () => {
    expect(encodeFlags({ ...UNKNOWN_PAPER, saved: true })).toBe(1);
    expect(encodeFlags({ ...UNKNOWN_PAPER, seen: true })).toBe(2);
    expect(encodeFlags({ ...UNKNOWN_PAPER, opened: true })).toBe(4);
    expect(encodeFlags({ ...UNKNOWN_PAPER, noted: true })).toBe(8);
    for (let flags = 0; flags < 16; flags += 1) expect(encodeFlags(decodeFlags(flags))).toBe(flags);
    expect(decodeFlags(15, 3, 2)).toEqual(paperState(full));
  });

  it('paperFlags adds tagged and updated on top of the stored flags', () => {
    expect(paperFlags(base)).toBe(0);
    expect(paperFlags(full)).toBe(
      STATE_FLAGS.saved |
        STATE_FLAGS.seen |
        STATE_FLAGS.opened |
        STATE_FLAGS.noted |
        STATE_FLAGS.tagged |
        STATE_FLAGS.updated,
    );
    expect(paperFlags(full) & 15).toBe(encodeFlags(paperState(full)));
  });

  it('paperMarks lists the marks a listing row would show, saved first', () => {
    expect(paperMarks(base)).toEqual(['new']);
    expect(paperMarks(full)).toEqual(['saved', 'seen', 'opened', 'noted', 'updated']);
    expect(paperMarks({ ...full, openedAt: undefined, seenVersion: 3 } as never)).toEqual(['saved', 'seen', 'noted']);
  });
});
