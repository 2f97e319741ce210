/**
 * One windowed list for both of Dogear's long lists (the popup's saved papers, the library page's papers table): rows
 * of one fixed height, and only those in view plus `overscan` on each side are in the DOM, so 100,000 rows cost what 20
 * do.
 *
 * Accessibility model: an ARIA **grid** of rows, for both lists. Not a listbox: an option's content is presentational,
 * and both lists put controls inside their rows (links, buttons, a checkbox), which a listbox would hide from assistive
 * technology. The grid carries `aria-rowcount` (all rows, header included) and each rendered row its `aria-rowindex`,
 * so a screen reader announces "row 4,210 of 100,001" although few rows exist in the DOM.
 *
 * Focus: a roving tabindex on the rows. The current row has tabindex 0 and every other row -1, so Tab enters the list
 * at the current row and leaves it with the next Tab. The current row stays in the DOM even when scrolled out of view
 * (`indexes` always includes it), so focus never has to jump to the container when it scrolls away; the reason
 * `aria-activedescendant` (which must name an element that exists) is not used. Keys are the caller's: `targetOf` maps
 * ↑/↓, Page Up/Down, Home/End to the row they move to, and `focusRow` scrolls a row into view and focuses it.
 *
 * Props in, markup out: the hook renders nothing itself and knows nothing of papers.
 */
import type { RefObject } from 'preact';
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface WindowedListOptions {
  /** How many rows the list has (not how many are rendered). */
  count: number;
  /** Every row's height in px. */
  rowHeight: number;
  /** The current row (the one in the Tab order), or -1 for none. */
  active: number;
  /** Rows rendered beyond each edge of the viewport. @default 4 */
  overscan?: number;
  /** Viewport height assumed until the first measurement, so the very first paint already fills the view. */
  initialHeight: number;
  /** Rows of the grid above the first item (a header row): they count in `aria-rowcount` and `aria-rowindex`. */
  headerRows?: number;
  /** When this value changes the list scrolls back to its top (another search, filter or sort). */
  resetKey?: unknown;
}

export interface WindowedList {
  /** For the scrolling element (overflow-y: auto, a bounded height). */
  scrollerRef: RefObject<HTMLDivElement | null>;
  /** For the scrolling element's `onScroll`. */
  onScroll(event: Event): void;
  /** Height in px of everything: the rows' container gets it, so the scrollbar is right. */
  totalHeight: number;
  /** The rows to render, ascending: those in view, `overscan` either side, and the current row wherever it is. */
  indexes: readonly number[];
  /** Where row `index` starts, in px from the top of the rows' container. */
  topOf(index: number): number;
  /** Rows a Page Up/Down moves: one viewport, less one row of context. */
  pageRows: number;
  /** The grid element's ARIA attributes. */
  gridProps: { role: 'grid'; 'aria-rowcount': number };
  /** Row `index`'s attributes: role, 1-based `aria-rowindex`, roving tabindex, and `data-index` (focusRow finds it). */
  rowProps(index: number): { role: 'row'; 'aria-rowindex': number; tabIndex: 0 | -1; 'data-index': number };
  /** The row a navigation key moves to from the current row (clamped), or undefined for any other key. */
  targetOf(key: string): number | undefined;
  /** Scrolls row `index` into view (the least scroll that shows it whole). */
  reveal(index: number): void;
  /**
   * Scrolls row `index` into view and focuses it, once it is rendered (call after the state change that makes it
   * current).
   */
  focusRow(index: number): void;
}

export function useWindowedList(options: WindowedListOptions): WindowedList {
  const { count, rowHeight, active, overscan = 4, headerRows = 0 } = options;
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(options.initialHeight);
  /** A row waiting to be focused once rendered (focusRow right after a state change that renders it). */
  const pendingFocus = useRef<number | undefined>(undefined);
  const [, setFocusTick] = useState(0);

  useLayoutEffect(() => {
    const element = scrollerRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = useRef(true);
  useLayoutEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const element = scrollerRef.current;
    if (element) element.scrollTop = 0;
    setScrollTop(0);
  }, [options.resetKey]);

  const reveal = useCallback(
    (index: number): void => {
      const element = scrollerRef.current;
      if (!element || index < 0) return;
      const top = index * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + viewport) element.scrollTop = top + rowHeight - viewport;
      setScrollTop(element.scrollTop);
    },
    [rowHeight, viewport],
  );

  // The current row stays in view when it moves (keys, a click, the list shrinking under it).
  useLayoutEffect(() => {
    if (active >= 0 && active < count) reveal(active);
  }, [active, count, reveal]);

  // Focus right after the render that put the row in the DOM (before paint: a key pressed next acts on that row).
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === undefined) return;
    pendingFocus.current = undefined;
    scrollerRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus({ preventScroll: true });
  });

  const focusRow = useCallback(
    (index: number): void => {
      if (index < 0 || index >= count) return;
      reveal(index);
      const row = scrollerRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
      // Focus now if the row is rendered and current; else after the render that makes it so.
      if (row && index === active) row.focus({ preventScroll: true });
      else pendingFocus.current = index;
      // A render is needed for the pending focus even when nothing else changes.
      setFocusTick((tick) => tick + 1);
    },
    [count, active, reveal],
  );

  const totalHeight = count * rowHeight;
  // After a new, shorter result set, a scroll position past the end would show nothing.
  const top = Math.min(scrollTop, Math.max(0, totalHeight - viewport));
  const from = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const to = Math.min(count - 1, Math.floor((top + viewport) / rowHeight) + overscan);
  const indexes: number[] = [];
  if (active >= 0 && active < from) indexes.push(active);
  for (let index = from; index <= to; index += 1) indexes.push(index);
  if (active > to && active < count) indexes.push(active);

  const pageRows = Math.max(1, Math.floor(viewport / rowHeight) - 1);
  const targetOf = (key: string): number | undefined => {
    if (count === 0) return undefined;
    const from = Math.max(0, active);
    const moves: Record<string, number> = {
      ArrowDown: active < 0 ? 0 : from + 1,
      ArrowUp: from - 1,
      PageDown: from + pageRows,
      PageUp: from - pageRows,
      Home: 0,
      End: count - 1,
    };
    const target = moves[key];
    return target === undefined ? undefined : Math.max(0, Math.min(count - 1, target));
  };

  return {
    scrollerRef,
    onScroll: (event) => setScrollTop((event.currentTarget as HTMLElement).scrollTop),
    totalHeight,
    indexes,
    topOf: (index) => index * rowHeight,
    pageRows,
    gridProps: { role: 'grid', 'aria-rowcount': count + headerRows },
    rowProps: (index) => ({
      role: 'row',
      'aria-rowindex': index + 1 + headerRows,
      tabIndex: index === active ? 0 : -1,
      'data-index': index,
    }),
    targetOf,
    reveal,
    focusRow,
  };
}
