/**
 * The mark palette (components/marks.ts) as CSS custom properties for Dogear's shadow roots on listings, per theme:
 * `--dg-<kind>-bar`, `--dg-<kind>-chip`, `--dg-<kind>-text`. The root element inside each shadow root carries
 * `data-theme="light|dark"`, set from the page's own background (theme.ts in the content script).
 */
import { MARKS, type Theme } from './marks.ts';

function variables(theme: Theme): string {
  return Object.entries(MARKS[theme])
    .map(
      ([kind, colours]) =>
        `--dg-${kind}-bar:${colours.bar};--dg-${kind}-chip:${colours.chip};--dg-${kind}-text:${colours.chipText};`,
    )
    .join('');
}

/** Prepended to each listing stylesheet: `[data-theme]` elements get the palette of their theme. */
export const MARK_VARIABLES = `[data-theme='light']{${variables('light')}}[data-theme='dark']{${variables('dark')}}`;
