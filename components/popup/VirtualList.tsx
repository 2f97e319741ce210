/**
 * The popup's list of papers: a windowed ARIA grid of fixed-height rows (components/use-windowed-list.ts, which the
 * library page's table shares: the same grid, row indexes and roving tabindex). The caller handles the keys and says
 * which row is current; `focusRequest` changing focuses that row (after scrolling it into view).
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { useWindowedList, type WindowedList } from '../use-windowed-list.ts';

export interface RowPlacement {
  index: number;
  top: number;
  height: number;
  active: boolean;
  /** The row element's role, aria-rowindex, tabindex and data-index. */
  attributes: ReturnType<WindowedList['rowProps']>;
}

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** The current row (roving tabindex), or -1 for none. */
  activeIndex: number;
  /** Changes whenever the caller wants the active row focused (a counter). */
  focusRequest: number;
  /** Viewport height assumed until the first measurement, so the very first paint already fills the popup. */
  initialHeight: number;
  label: string;
  /** Another search, filter or sort: the list starts again at its top. */
  resetKey?: unknown;
  /** One row: an element with a `key` and `placement.attributes`, positioned at `placement.top`. */
  renderRow(item: T, placement: RowPlacement): ComponentChildren;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, activeIndex } = props;
  const list = useWindowedList({
    count: items.length,
    rowHeight,
    active: activeIndex,
    initialHeight: props.initialHeight,
    resetKey: props.resetKey,
  });

  useLayoutEffect(() => {
    if (props.focusRequest !== 0) list.focusRow(activeIndex);
  }, [props.focusRequest]);

  return (
    <div class="scroller" ref={list.scrollerRef} onScroll={list.onScroll}>
      <div class="papers" aria-label={props.label} {...list.gridProps} style={{ height: `${list.totalHeight}px` }}>
        {list.indexes.map((index) =>
          props.renderRow(items[index]!, {
            index,
            top: list.topOf(index),
            height: rowHeight,
            active: index === activeIndex,
            attributes: list.rowProps(index),
          }),
        )}
      </div>
    </div>
  );
}
