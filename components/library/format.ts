/** Small display helpers shared by the library page's panels. Pure; every string they return is rendered as text. */
import { MARKS, type MarkKind } from '../marks.ts';

const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDay(epochMs: number | undefined): string {
  return epochMs === undefined ? '' : dayFormat.format(epochMs);
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** The local date as YYYY-MM-DD: compact and sortable, for table cells. */
export function isoDay(epochMs: number | undefined): string {
  if (epochMs === undefined) return '';
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function formatTime(epochMs: number): string {
  return timeFormat.format(epochMs);
}

export function shortAuthors(authors: readonly string[]): string {
  if (authors.length <= 2) return authors.join(', ');
  return `${authors[0]} et al.`;
}

/**
 * The listing's mark palette (components/marks.ts) as custom properties for the library's chips and chart, each a
 * `light-dark()` pair so it follows the page's colour scheme: `--mark-<kind>-bg` / `-fg` (chip background and text,
 * 4.5:1 in both themes) and `--mark-<kind>-bar` (bars, 3:1 on the page). Set as a style on the panels that use them.
 */
export const MARK_PALETTE: Record<string, string> = Object.fromEntries(
  (Object.keys(MARKS.light) as MarkKind[]).flatMap((kind) => {
    const pair = (pick: (colours: (typeof MARKS)['light'][MarkKind]) => string): string =>
      `light-dark(${pick(MARKS.light[kind])}, ${pick(MARKS.dark[kind])})`;
    return [
      [`--mark-${kind}-bg`, pair((colours) => colours.chip)],
      [`--mark-${kind}-fg`, pair((colours) => colours.chipText)],
      [`--mark-${kind}-bar`, pair((colours) => colours.bar)],
    ];
  }),
);

/** Only http(s) URLs become links (stored URLs are validated so, but the page does not rely on it). */
export function safeHref(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? url : undefined;
}
