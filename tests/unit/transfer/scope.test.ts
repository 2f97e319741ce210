import { describe, expect, it } from 'vitest';
import { describeScope, localDayBounds, papersInScope, type ExportScope } from '../../../lib/transfer/scope.ts';
import { makePaper } from '../../support/papers.ts';

const noon = new Date(2026, 10, 30, 12).getTime();
const { start, end } = localDayBounds(noon);
const papers = [
  makePaper('2611.00001', { savedAt: start, tags: ['cs/LG'] }),
  makePaper('2611.00002', { savedAt: end - 1, firstSeenAt: start - 10 }),
  makePaper('2611.00003', { savedAt: end, tags: ['CS/lg', 'other'] }),
  makePaper('2611.00004', { firstSeenAt: start + 5 }),
  makePaper('2611.00005'),
];
const keys = (scope: ExportScope) => papersInScope(papers, scope).map((found) => found.key.slice(-1));

describe('papersInScope', () => {
  it.each<[ExportScope, string[]]>([
    [{ kind: 'all' }, ['1', '2', '3', '4', '5']],
    [{ kind: 'saved' }, ['1', '2', '3']],
    [{ kind: 'selection', keys: ['arxiv:2611.00004', 'arxiv:2611.00001', 'arxiv:2611.09999'] }, ['1', '4']],
    [{ kind: 'tag', tag: 'cs/LG' }, ['1', '3']],
    [{ kind: 'tag', tag: 'missing' }, []],
    // savedAt first, else firstSeenAt; `to` is exclusive.
    [{ kind: 'range', from: start, to: end }, ['1', '2', '4']],
    [{ kind: 'range', from: start + 1, to: end }, ['2', '4']],
    [{ kind: 'savedToday', now: noon }, ['1', '2']],
    [{ kind: 'savedToday', now: end }, ['3']],
  ])('%j', (scope, expected) => {
    expect(keys(scope)).toEqual(expected);
  });

  it('knows a local day is 24 hours apart from DST changes', () => {
    expect(end - start).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(end - start).toBeLessThanOrEqual(25 * 3_600_000);
    expect(new Date(start).getHours()).toBe(0);
  });
});

describe('describeScope', () => {
  it.each<[ExportScope, string]>([
    [{ kind: 'all' }, 'all papers'],
    [{ kind: 'saved' }, 'saved papers'],
    [{ kind: 'selection', keys: ['a', 'b', 'a'] }, '2 selected papers'],
    [{ kind: 'selection', keys: ['a'] }, '1 selected paper'],
    [{ kind: 'tag', tag: 'cs/LG' }, 'tag “cs/LG”'],
    [
      { kind: 'range', from: new Date(2026, 10, 1).getTime(), to: new Date(2026, 11, 1).getTime() },
      'saved or seen 2026-11-01 – 2026-11-30',
    ],
    [{ kind: 'range', from: start, to: end }, 'saved or seen on 2026-11-30'],
    [{ kind: 'range', from: end, to: start }, 'an empty date range'],
    [{ kind: 'savedToday', now: noon }, 'saved today'],
  ])('%j → %s', (scope, text) => {
    expect(describeScope(scope)).toBe(text);
  });
});
