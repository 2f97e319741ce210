/**
 * Reading activity for the library page's chart: papers first seen and papers saved, per week. Weeks are ISO weeks in
 * UTC (Monday 00:00 UTC to the next Monday), so the chart does not depend on the machine's time zone and a backup
 * restored elsewhere draws the same bars.
 */
import type { Paper, Sighting } from '../paper/model.ts';

export interface WeekActivity {
  /** YYYY-MM-DD, Monday, UTC */
  weekStart: string;
  seen: number;
  saved: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (a Thursday) of the Monday starting the UTC week of `time`. */
function mondayOf(time: number): number {
  const day = Math.floor(time / DAY_MS);
  // 1970-01-01 is a Thursday: day 0 is 3 days after Monday.
  return day - ((((day + 3) % 7) + 7) % 7);
}

/**
 * `weeks` consecutive weeks ending with the one containing `now`, oldest first.
 *
 * - `seen`: distinct papers first seen in the week: the paper's firstSeenAt, else (a record that lacks it, as an import
 *   without it would) its earliest sighting. Sightings of papers not in `papers` are ignored.
 * - `saved`: papers whose savedAt is in the week (a paper unsaved since is not counted: the record no longer says when).
 *   Times before the first week or after `now`'s week are left out.
 */
export function weeklyActivity(
  papers: readonly Paper[],
  sightings: readonly Sighting[],
  now: number,
  weeks = 26,
): WeekActivity[] {
  const count = Math.max(0, Math.floor(weeks));
  const lastMonday = mondayOf(now);
  const firstMonday = lastMonday - 7 * (count - 1);
  const result: WeekActivity[] = Array.from({ length: count }, (_, index) => ({
    weekStart: new Date((firstMonday + 7 * index) * DAY_MS).toISOString().slice(0, 10),
    seen: 0,
    saved: 0,
  }));
  const bucketOf = (time: number): WeekActivity | undefined => {
    if (!Number.isFinite(time)) return undefined;
    const index = (mondayOf(time) - firstMonday) / 7;
    return index >= 0 && index < count ? result[index] : undefined;
  };

  let earliestSighting: Map<string, number> | undefined;
  const firstSeen = (paper: Paper): number | undefined => {
    if (paper.firstSeenAt !== undefined) return paper.firstSeenAt;
    if (earliestSighting === undefined) {
      earliestSighting = new Map();
      for (const sighting of sightings) {
        const known = earliestSighting.get(sighting.paperKey);
        if (known === undefined || sighting.at < known) earliestSighting.set(sighting.paperKey, sighting.at);
      }
    }
    return earliestSighting.get(paper.key);
  };

  const counted = new Set<string>();
  for (const paper of papers) {
    if (counted.has(paper.key)) continue;
    counted.add(paper.key);
    const seenAt = firstSeen(paper);
    if (seenAt !== undefined) {
      const week = bucketOf(seenAt);
      if (week) week.seen += 1;
    }
    if (paper.savedAt !== undefined) {
      const week = bucketOf(paper.savedAt);
      if (week) week.saved += 1;
    }
  }
  return result;
}
