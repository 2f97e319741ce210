/**
 * The papers table, virtualized: rows have a fixed height, and only those in view (plus a margin) are in the DOM, so
 * 100,000 rows scroll and re-render like 50.
 *
 * An ARIA grid with one focus stop: the grid itself holds focus and `aria-activedescendant` names the current row
 * (rows come and go as they scroll, so focus cannot live on them). Keys: ↑/↓, Page Up/Down, Home/End move the current
 * row; Space toggles its selection (Shift+Space selects the range from the last toggled row); Enter opens its detail.
 * Every cell is page-derived text rendered as text.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Paper } from '../../lib/paper/model.ts';
import { paperYear } from '../../lib/paper/dates.ts';
import { formatDay, isoDay, shortAuthors, stateMarks } from './format.ts';

export const ROW_HEIGHT = 34;
/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN = 8;

export interface PaperTableProps {
  papers: readonly Paper[];
  selected: ReadonlySet<string>;
  /** The keyboard's current row (index into papers). */
  active: number;
  /** The text the rows were computed for: `data-query` on the grid, so a test or benchmark knows they are current. */
  query: string;
  /** Changes when the search, filters or sort change: the list then starts again at its top. */
  view: string;
  onActive(index: number): void;
  onToggle(index: number, range: boolean): void;
  onOpen(index: number): void;
}

export function PaperTable({ papers, selected, active, query, view, onActive, onToggle, onOpen }: PaperTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Another search, filter or sort starts at the top; an edit of the same view (tags, unsave) keeps the place.
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = 0;
  }, [view]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(papers.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  function reveal(index: number): void {
    const element = scroller.current;
    if (!element) return;
    const top = index * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (papers.length === 0) return;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: papers.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      const index = Math.min(papers.length - 1, Math.max(0, target));
      onActive(index);
      reveal(index);
    } else if (event.key === ' ') {
      event.preventDefault();
      onToggle(active, event.shiftKey);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onOpen(active);
    }
  }

  const rows = [];
  for (let index = first; index < last; index += 1) {
    const paper = papers[index]!;
    const isSelected = selected.has(paper.key);
    const marks = stateMarks(paper);
    rows.push(
      <div
        key={paper.key}
        id={`row-${index}`}
        role="row"
        class={`row${index === active ? ' active' : ''}${isSelected ? ' selected' : ''}`}
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        data-key={paper.key}
        data-state={marks.join(' ')}
        style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
        onClick={(event) => {
          onActive(index);
          if (!(event.target instanceof HTMLInputElement)) onOpen(index);
        }}
      >
        <div role="gridcell" class="cell check">
          <input
            type="checkbox"
            tabIndex={-1}
            checked={isSelected}
            aria-label={`Select ${paper.title}`}
            onClick={(event) => {
              event.stopPropagation();
              onActive(index);
              onToggle(index, event.shiftKey);
            }}
          />
        </div>
        <div role="gridcell" class="cell title" title={paper.title}>
          {paper.title}
        </div>
        <div role="gridcell" class="cell authors" title={paper.authors.join(', ')}>
          {shortAuthors(paper.authors)}
        </div>
        <div role="gridcell" class="cell year">
          {paperYear(paper) ?? ''}
        </div>
        <div role="gridcell" class="cell marks">
          {marks.map((mark) => (
            <span key={mark} class={`mark mark-${mark}`}>
              {mark}
            </span>
          ))}
        </div>
        <div role="gridcell" class="cell tags" title={(paper.tags ?? []).join(', ')}>
          {(paper.tags ?? []).join(', ')}
        </div>
        <div role="gridcell" class="cell date saved" title={formatDay(paper.savedAt)}>
          {isoDay(paper.savedAt)}
        </div>
        <div role="gridcell" class="cell date seen" title={formatDay(paper.firstSeenAt)}>
          {isoDay(paper.firstSeenAt)}
        </div>
      </div>,
    );
  }

  return (
    <div
      class="grid"
      role="grid"
      tabIndex={0}
      aria-label="Papers"
      aria-rowcount={papers.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={papers.length > 0 && active >= first && active < last ? `row-${active}` : undefined}
      data-count={papers.length}
      data-query={query}
      onKeyDown={onKeyDown}
    >
      <div role="row" class="row head" aria-rowindex={1}>
        <div role="columnheader" class="cell check">
          <span class="visually-hidden">Selected</span>
        </div>
        <div role="columnheader" class="cell title">
          Title
        </div>
        <div role="columnheader" class="cell authors">
          Authors
        </div>
        <div role="columnheader" class="cell year">
          Year
        </div>
        <div role="columnheader" class="cell marks">
          State
        </div>
        <div role="columnheader" class="cell tags">
          Tags
        </div>
        <div role="columnheader" class="cell date">
          Saved
        </div>
        <div role="columnheader" class="cell date">
          First seen
        </div>
      </div>
      <div class="scroller" ref={scroller} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
        <div class="rows" role="rowgroup" style={{ height: `${papers.length * ROW_HEIGHT}px` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
