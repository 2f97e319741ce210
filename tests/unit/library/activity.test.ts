import { describe, expect, it } from 'vitest';
import { weeklyActivity } from '../../../lib/library/activity.ts';
import type { Sighting } from '../../../lib/paper/model.ts';
import { makePaper } from '../../support/papers.ts';

const utc = (text: string) => Date.parse(`${text}Z`);

function sighting(id: string, paperKey: string, at: number): Sighting {
  return { id, paperKey, site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new', at };
}

// 2026-11-30 is a Monday.
const NOW = utc('2026-12-02T10:00:00');

describe('weeklyActivity', () => {
  it('returns 26 weeks by default, Mondays in UTC, oldest first, ending with the current week', () => {
    const weeks = weeklyActivity([], [], NOW);
    expect(weeks).toHaveLength(26);
    expect(weeks.at(-1)).toEqual({ weekStart: '2026-11-30', seen: 0, saved: 0 });
    expect(weeks[0]!.weekStart).toBe('2026-06-08');
    for (const week of weeks) expect(new Date(`${week.weekStart}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it('counts first-seen and saved papers in their UTC week, with Monday 00:00 UTC as the boundary', () => {
    const papers = [
      makePaper('2611.00001', { firstSeenAt: utc('2026-11-29T23:59:59.999'), savedAt: utc('2026-11-30T00:00:00') }),
      makePaper('2611.00002', { firstSeenAt: utc('2026-11-30T00:00:00') }),
      makePaper('2611.00003', { firstSeenAt: utc('2026-11-23T00:00:00'), savedAt: utc('2026-11-29T12:00:00') }),
    ];
    expect(weeklyActivity(papers, [], NOW, 2)).toEqual([
      { weekStart: '2026-11-23', seen: 2, saved: 1 },
      { weekStart: '2026-11-30', seen: 1, saved: 1 },
    ]);
  });

  it('counts each paper once however many sightings it has, and uses the earliest sighting only when firstSeenAt is missing', () => {
    const seen = makePaper('2611.00001', { firstSeenAt: utc('2026-11-30T08:00:00') });
    const imported = makePaper('2611.00002');
    const sightings = [
      sighting('s1', seen.key, utc('2026-11-30T08:00:00')),
      sighting('s2', seen.key, utc('2026-12-01T08:00:00')),
      sighting('s3', imported.key, utc('2026-11-25T08:00:00')),
      sighting('s4', imported.key, utc('2026-12-01T08:00:00')),
      sighting('s5', 'arxiv:2611.09999', utc('2026-12-01T08:00:00')),
    ];
    expect(weeklyActivity([seen, imported, seen], sightings, NOW, 2)).toEqual([
      { weekStart: '2026-11-23', seen: 1, saved: 0 },
      { weekStart: '2026-11-30', seen: 1, saved: 0 },
    ]);
  });

  it('leaves out times before the first week and after the current one', () => {
    const papers = [
      makePaper('2611.00001', { firstSeenAt: utc('2026-11-22T23:00:00') }),
      makePaper('2611.00002', { savedAt: utc('2026-12-07T00:00:00') }),
    ];
    expect(weeklyActivity(papers, [], NOW, 2).every((week) => week.seen === 0 && week.saved === 0)).toBe(true);
  });

  it('handles a week crossing a year and zero weeks', () => {
    const now = utc('2027-01-01T12:00:00');
    const weeks = weeklyActivity([makePaper('2612.00001', { savedAt: utc('2026-12-28T00:00:00') })], [], now, 1);
    expect(weeks).toEqual([{ weekStart: '2026-12-28', seen: 0, saved: 1 }]);
    expect(weeklyActivity([], [], now, 0)).toEqual([]);
  });
});
