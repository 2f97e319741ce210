import { describe, expect, it } from 'vitest';
import { countStates, rowStates, UNKNOWN_PAPER, type PaperState } from '../../lib/row-state.ts';
import { parseSettings } from '../../lib/settings.ts';

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
    expect(parseSettings(undefined)).toEqual({ keyboard: true, seenThreshold: 0.5, seenDwellMs: 1000, viewMode: {}, barCollapsed: {} });
  });

  it('keeps valid values and repairs damaged ones one by one', () => {
    expect(
      parseSettings({ keyboard: false, seenThreshold: 7, seenDwellMs: 'x', viewMode: { arxiv: 'hide-seen', hf: 'bogus' } }),
    ).toEqual({ keyboard: false, seenThreshold: 0.5, seenDwellMs: 1000, viewMode: { arxiv: 'hide-seen', hf: 'all' }, barCollapsed: {} });
  });

  it('survives a stored value of the wrong type', () => {
    expect(parseSettings('garbage').keyboard).toBe(true);
  });
});
