/**
 * A virtualized list with fixed row heights: only the rows in the viewport, plus `overscan` rows on each side, are in
 * the DOM, so 100,000 items cost what 20 do. One row at a time may be taller (`expanded`, e.g. an open editor); every
 * row below it moves down by the extra height.
 *
 * Keyboard model (the caller handles the keys): a roving tabindex. The active row has tabindex 0, every other row -1,
 * so Tab enters the list at the current row; `focusRequest` changing focuses the active row (after scrolling it into
 * view). Rows carry aria-posinset/aria-setsize, so assistive technology knows the full length while few are rendered.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface RowPlacement {
  index: number;
  top: number;
  height: number;
  active: boolean;
}

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** A row that is taller than the others, and by how many px. */
  expanded?: { index: number; extra: number };
  /** The current row (roving tabindex), or -1 for none. */
  activeIndex: number;
  /** Changes whenever the caller wants the active row focused (a counter). */
  focusRequest: number;
  /** Rows rendered above and below the viewport. @default 4 */
  overscan?: number;
  /** Viewport height assumed until the first measurement, so the very first paint already fills the popup. */
  initialHeight: number;
  label: string;
  /** One row: an element with a `key`, positioned at `placement.top` with `placement.height`. */
  renderRow(item: T, placement: RowPlacement): ComponentChildren;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, expanded, activeIndex, overscan = 4 } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(props.initialHeight);

  const extra = expanded !== undefined && expanded.index < items.length ? expanded.extra : 0;
  const topOf = (index: number): number => index * rowHeight + (expanded !== undefined && index > expanded.index ? extra : 0);
  const heightOf = (index: number): number => rowHeight + (expanded?.index === index ? extra : 0);
  const total = items.length * rowHeight + extra;
  /** The row at pixel offset `y` (inverse of topOf). */
  const indexAt = (y: number): number => {
    if (expanded !== undefined && y >= topOf(expanded.index) + rowHeight) {
      if (y < topOf(expanded.index) + heightOf(expanded.index)) return expanded.index;
      return Math.floor((y - extra) / rowHeight);
    }
    return Math.floor(y / rowHeight);
  };

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Keep the active row in view when it moves (keys) or grows (the editor opens).
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || activeIndex < 0 || activeIndex >= items.length) return;
    const top = topOf(activeIndex);
    const bottom = top + heightOf(activeIndex);
    if (top < element.scrollTop) element.scrollTop = top;
    else if (bottom > element.scrollTop + element.clientHeight) element.scrollTop = bottom - element.clientHeight;
    setScrollTop(element.scrollTop);
  }, [activeIndex, props.focusRequest, extra, items.length]);

  useEffect(() => {
    if (props.focusRequest === 0) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    row?.focus({ preventScroll: true });
  }, [props.focusRequest]);

  // After a new result set, a scroll position past the end would show nothing.
  const maxTop = Math.max(0, total - viewport);
  const top = Math.min(scrollTop, maxTop);
  const first = Math.max(0, indexAt(top) - overscan);
  const last = Math.min(items.length - 1, indexAt(top + viewport) + overscan);
  const rows: ComponentChildren[] = [];
  const render = (index: number): void => {
    rows.push(props.renderRow(items[index]!, { index, top: topOf(index), height: heightOf(index), active: index === activeIndex }));
  };
  // The active row is always in the DOM, even scrolled out of view: it holds the focus and the Tab stop.
  if (activeIndex >= 0 && activeIndex < first) render(activeIndex);
  for (let index = first; index <= last; index += 1) render(index);
  if (activeIndex > last && activeIndex < items.length) render(activeIndex);

  return (
    <div
      class="scroller"
      ref={scroller}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <ul class="papers" aria-label={props.label} style={{ height: `${total}px` }}>
        {rows}
      </ul>
    </div>
  );
}
