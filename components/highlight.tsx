/**
 * Search matches marked in text, for every list that says why a paper matched (the popup's rows, the library's table):
 * the ranges lib/search/reasons.ts gives, wrapped in <mark>, as text nodes and elements, never HTML.
 */
import type { ComponentChildren } from 'preact';
import type { MatchRange } from '../lib/search/reasons.ts';

/** `text` with `ranges` (ascending, not overlapping) wrapped in <mark>; `text` itself when there are none. */
export function highlight(text: string, ranges: readonly MatchRange[] | undefined): ComponentChildren {
  if (ranges === undefined || ranges.length === 0) return text;
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
