/**
 * The papers table, windowed (components/use-windowed-list.ts): rows have a fixed height, and only those in view (plus
 * a margin) are in the DOM, so 100,000 rows scroll and re-render like 50.
 *
 * An ARIA grid with a roving tabindex: the current row is the one Tab stop, and keys move it. ↑/↓, Page Up/Down,
 * Home/End move the current row; Space toggles its selection (Shift+Space selects the range from the last toggled row);
 * Enter opens its detail.
 *
 * With a search, each row says why it matched (lib/search/reasons.ts): the matching author is shown (even one the "et
 * al." would hide) and a note that matched shows a snippet under the title, the matched words highlighted. Rows are
 * taller then, to hold that line. Every cell is page-derived or user text rendered as text.
 */
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { paperYear } from '../../lib/paper/dates.ts';
import type { Paper } from '../../lib/paper/model.ts';
import type { ParsedQuery } from '../../lib/search/parse.ts';
import { hasReasonTerms, matchReasons, type MatchReason } from '../../lib/search/reasons.ts';
import { highlight } from '../highlight.tsx';
import { useWindowedList } from '../use-windowed-list.ts';
import { paperMarks } from '../../lib/paper/state.ts';
import { formatDay, isoDay, shortAuthors } from './format.ts';

export const ROW_HEIGHT = 34;
/** With a search: room for the line that says why the row matched. */
export const REASON_ROW_HEIGHT = 52;

export interface PaperTableProps {
  papers: readonly Paper[];
  selected: ReadonlySet<string>;
  /** The keyboard's current row (index into papers). */
  active: number;
  /** The text the rows were computed for: `data-query` on the grid, so a test or benchmark knows they are current. */
  query: string;
  /** The parsed search, for the reasons; undefined or empty: no reasons. */
  parsed?: ParsedQuery;
  /** Changes when the search, filters or sort change: the list then starts again at its top. */
  view: string;
  onActive(index: number): void;
  onToggle(index: number, range: boolean): void;
  onOpen(index: number): void;
}

/** The authors cell: the first matching author highlighted (and how many others), else the short list. */
function authorsCell(paper: Paper, reasons: readonly MatchReason[]): ComponentChildren {
  const author = reasons.find((reason) => reason.field === 'authors');
  if (author === undefined) return shortAuthors(paper.authors);
  const others = paper.authors.length - 1;
  return (
    <>
      {highlight(author.text, author.ranges)}
      {others > 0 ? ` +${others}` : ''}
    </>
  );
}

export function PaperTable({
  papers,
  selected,
  active,
  query,
  parsed,
  view,
  onActive,
  onToggle,
  onOpen,
}: PaperTableProps) {
  // The year has its own column: a year-only search needs no reason line.
  const reasonQuery = parsed !== undefined && hasReasonTerms({ ...parsed, years: undefined }) ? parsed : undefined;
  const withReasons = reasonQuery !== undefined;
  const rowHeight = withReasons ? REASON_ROW_HEIGHT : ROW_HEIGHT;
  const list = useWindowedList({
    count: papers.length,
    rowHeight,
    active: papers.length === 0 ? -1 : active,
    overscan: 8,
    initialHeight: 600,
    headerRows: 1,
    resetKey: view,
  });
  const reasonCache = useMemo(() => new Map<Paper, MatchReason[]>(), [parsed]);
  const reasonsOf = (paper: Paper): MatchReason[] => {
    if (!withReasons) return [];
    let reasons = reasonCache.get(paper);
    if (reasons === undefined) {
      reasons = matchReasons(paper, reasonQuery);
      reasonCache.set(paper, reasons);
    }
    return reasons;
  };

  function onKeyDown(event: KeyboardEvent): void {
    if (papers.length === 0 || event.target instanceof HTMLInputElement) return;
    const target = list.targetOf(event.key);
    if (target !== undefined) {
      event.preventDefault();
      onActive(target);
      list.focusRow(target);
    } else if (event.key === ' ') {
      event.preventDefault();
      onToggle(active, event.shiftKey);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onOpen(active);
    }
  }

  const rows = list.indexes.map((index) => {
    const paper = papers[index]!;
    const isSelected = selected.has(paper.key);
    const marks = paperMarks(paper);
    const reasons = reasonsOf(paper);
    const note = reasons.find((reason) => reason.field === 'note');
    const tags = reasons.filter((reason) => reason.field === 'tags');
    return (
      <div
        key={paper.key}
        {...list.rowProps(index)}
        id={`row-${index}`}
        class={`row${index === active ? ' active' : ''}${isSelected ? ' selected' : ''}${withReasons ? ' with-reason' : ''}`}
        aria-selected={isSelected}
        data-key={paper.key}
        data-state={marks.join(' ')}
        style={{ transform: `translateY(${list.topOf(index)}px)`, height: `${rowHeight}px` }}
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
          <span class="title-text">{paper.title}</span>
          {note === undefined ? null : (
            <span class="reason note-reason">
              <span class="reason-label">Note: </span>
              {highlight(note.text, note.ranges)}
            </span>
          )}
        </div>
        <div role="gridcell" class="cell authors" title={paper.authors.join(', ')}>
          {authorsCell(paper, reasons)}
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
          {tags.length === 0
            ? (paper.tags ?? []).join(', ')
            : (paper.tags ?? []).map((tag, item) => {
                const reason = tags.find((each) => each.item === item);
                return (
                  <span key={tag}>
                    {item > 0 ? ', ' : ''}
                    {reason === undefined ? tag : highlight(reason.text, reason.ranges)}
                  </span>
                );
              })}
        </div>
        <div role="gridcell" class="cell date saved" title={formatDay(paper.savedAt)}>
          {isoDay(paper.savedAt)}
        </div>
        <div role="gridcell" class="cell date seen" title={formatDay(paper.firstSeenAt)}>
          {isoDay(paper.firstSeenAt)}
        </div>
      </div>
    );
  });

  return (
    <div
      class="grid"
      {...list.gridProps}
      aria-label="Papers"
      aria-multiselectable="true"
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
      <div class="scroller" ref={list.scrollerRef} onScroll={list.onScroll}>
        <div class="rows" role="rowgroup" style={{ height: `${list.totalHeight}px` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
