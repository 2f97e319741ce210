import { describe, expect, it } from 'vitest';
import { countStates, primaryMark, rowStates, UNKNOWN_PAPER, visitStates, type PaperState } from '../../../lib/paper/state.ts';
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
  ])('%s → %s', (_name, state, version, expected) => {
    expect(rowStates(state, version).join(' ')).toBe(expected);
  });
});

describe('countStates', () => {
  it('counts each row once as new or seen, and saved on top', () => {
    expect(countStates([['new'], ['seen'], ['seen', 'saved'], ['seen', 'updated'], ['new']])).toEqual({ new: 2, seen: 3, saved: 1 });
  });
});

describe('parseSettings', () => {
  it('gives the defaults for nothing stored', () => {
    expect(parseSettings(undefined)).toEqual({ keyboard: true, seenThreshold: 0.5, seenDwellMs: 1000, viewMode: {}, barCollapsed: {}, pageStateAttributes: false });
  });

  it('keeps valid values and repairs damaged ones one by one', () => {
    expect(
      parseSettings({ keyboard: false, seenThreshold: 7, seenDwellMs: 'x', viewMode: { arxiv: 'hide-seen', hf: 'bogus' } }),
    ).toEqual({ keyboard: false, seenThreshold: 0.5, seenDwellMs: 1000, viewMode: { arxiv: 'hide-seen', hf: 'all' }, barCollapsed: {}, pageStateAttributes: false });
  });

  it('survives a stored value of the wrong type', () => {
    expect(parseSettings('garbage').keyboard).toBe(true);
  });
});

describe('visitStates', () => {
  const state = (over: Partial<PaperState>): PaperState => ({ saved: false, seen: false, opened: false, noted: false, ...over });

  it('keeps new for the whole visit once read, while saved and noted follow the library', () => {
    const atLoad = state({});
    expect(visitStates(state({ seen: true }), atLoad)).toEqual(['new']);
    expect(visitStates(state({ seen: true, saved: true, noted: true }), atLoad)).toEqual(['new', 'saved', 'noted']);
    expect(visitStates(state({ seen: true }), state({ seen: true }))).toEqual(['seen']);
  });

  it('compares the shown version with what was seen before the visit', () => {
    expect(visitStates(state({ seen: true, seenVersion: 3 }), state({ seen: true, seenVersion: 1 }), 2)).toEqual(['seen', 'updated']);
  });

  it('picks one bar colour: new version, saved, noted, new, seen', () => {
    expect(primaryMark(['new', 'saved', 'updated'])).toBe('updated');
    expect(primaryMark(['seen', 'noted', 'saved'])).toBe('saved');
    expect(primaryMark(['seen', 'noted'])).toBe('noted');
    expect(primaryMark(['new', 'opened'])).toBe('new');
    expect(primaryMark(['seen', 'opened'])).toBe('seen');
  });
});
