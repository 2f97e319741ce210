/**
 * The Activity tab: papers seen and saved per week over the last 26 weeks (lib/library/activity.ts), drawn as an inline
 * SVG bar chart (no chart library: two bar series and two axes are a few dozen lines) with a <title> tooltip on every
 * bar, and the same numbers as a table for screen readers and for copying.
 */
import { useMemo } from 'preact/hooks';
import { weeklyActivity, type WeekActivity } from '../../lib/library/activity.ts';
import type { Paper, Sighting } from '../../lib/paper/model.ts';
import { MARK_PALETTE } from './format.ts';

export interface ActivityPanelProps {
  papers: readonly Paper[] | undefined;
  sightings: readonly Sighting[] | undefined;
  now: number;
}

const WIDTH = 760;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 12, bottom: 40, left: 40 };

/** A round axis maximum at or above `max`: 1, 2, 5 × 10^n. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

const monthDay = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const weekLabel = (weekStart: string): string => monthDay.format(new Date(`${weekStart}T00:00:00Z`));

function Chart({ weeks }: { weeks: readonly WeekActivity[] }) {
  const top = niceMax(Math.max(0, ...weeks.map((week) => Math.max(week.seen, week.saved))));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(1, weeks.length);
  const bar = Math.max(1, (slot - 4) / 2);
  const y = (value: number): number => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const ticks = [0, top / 2, top].filter((tick, index, all) => Number.isInteger(tick) && all.indexOf(tick) === index);
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="activity-chart-title">
      <title id="activity-chart-title">Papers seen and saved per week, last {weeks.length} weeks</title>
      {ticks.map((tick) => (
        <g key={tick} class="tick">
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
          <text x={MARGIN.left - 6} y={y(tick) + 4} text-anchor="end">
            {tick}
          </text>
        </g>
      ))}
      {weeks.map((week, index) => {
        const x = MARGIN.left + index * slot + 2;
        return (
          <g key={week.weekStart} data-week={week.weekStart}>
            <rect
              class="bar seen"
              data-kind="seen"
              data-count={week.seen}
              x={x}
              y={y(week.seen)}
              width={bar}
              height={y(0) - y(week.seen)}
            >
              <title>{`Week of ${week.weekStart}: ${week.seen} seen`}</title>
            </rect>
            <rect
              class="bar saved"
              data-kind="saved"
              data-count={week.saved}
              x={x + bar}
              y={y(week.saved)}
              width={bar}
              height={y(0) - y(week.saved)}
            >
              <title>{`Week of ${week.weekStart}: ${week.saved} saved`}</title>
            </rect>
            {/* Every fourth week, counted back from this one so the newest is always labelled. */}
            {(weeks.length - 1 - index) % 4 === 0 ? (
              <text class="x-label" x={x + bar} y={HEIGHT - MARGIN.bottom + 16} text-anchor="middle">
                {weekLabel(week.weekStart)}
              </text>
            ) : null}
          </g>
        );
      })}
      <line class="axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} />
      <text class="axis-title" x={MARGIN.left + plotWidth / 2} y={HEIGHT - 6} text-anchor="middle">
        Week starting (Monday, UTC)
      </text>
    </svg>
  );
}

export function ActivityPanel({ papers, sightings, now }: ActivityPanelProps) {
  const weeks = useMemo(
    () => (papers === undefined || sightings === undefined ? undefined : weeklyActivity(papers, sightings, now)),
    [papers, sightings, now],
  );
  if (weeks === undefined) return <section class="panel activity" aria-busy="true" />;
  const seen = weeks.reduce((sum, week) => sum + week.seen, 0);
  const saved = weeks.reduce((sum, week) => sum + week.saved, 0);
  return (
    <section class="panel activity" style={MARK_PALETTE}>
      <h2>Reading activity</h2>
      <p class="summary">
        Last {weeks.length} weeks: {seen.toLocaleString('en')} papers first seen, {saved.toLocaleString('en')} saved.
      </p>
      <p class="legend">
        <span class="swatch seen" /> seen <span class="swatch saved" /> saved
      </p>
      <Chart weeks={weeks} />
      <details class="activity-table">
        <summary>The numbers as a table</summary>
        <table>
          <caption>Papers first seen and saved per week</caption>
          <thead>
            <tr>
              <th scope="col">Week starting</th>
              <th scope="col">Seen</th>
              <th scope="col">Saved</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.weekStart} data-week={week.weekStart}>
                <th scope="row">{week.weekStart}</th>
                <td>{week.seen}</td>
                <td>{week.saved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
