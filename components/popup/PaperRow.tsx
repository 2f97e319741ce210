/**
 * One paper in the popup's virtualized list: title, authors and year, where and when it was saved, its tags and
 * whether it has a note, and its actions. Every field is page-derived or user text and is rendered as text.
 */
import type { ComponentChildren } from 'preact';
import { dateOf } from '../../lib/formats/common/paper.ts';
import type { Paper } from '../../lib/paper/model.ts';
import { paperLinks } from './links.ts';
import type { RowPlacement } from './VirtualList.tsx';

export type RowAction = 'copy' | 'edit' | 'unsave';

export interface PaperRowProps {
  paper: Paper;
  placement: RowPlacement;
  setSize: number;
  sourceLabel: string;
  /** The editor shown inside the row, when this row's note and tags are being edited. */
  editor?: ComponentChildren;
  onAction(action: RowAction): void;
  /** The row was clicked or focused: it becomes the current row. */
  onActivate(): void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function shortAuthors(authors: readonly string[]): string {
  if (authors.length <= 3) return authors.join(', ');
  return `${authors.slice(0, 3).join(', ')} et al.`;
}

/** The row's id, for aria-activedescendant-free lookups (tests, the keyboard handler). */
export const rowId = (index: number): string => `paper-row-${index}`;

export function PaperRow({ paper, placement, setSize, sourceLabel, editor, onAction, onActivate }: PaperRowProps) {
  const links = paperLinks(paper.key);
  const year = dateOf(paper)?.year;
  const byline = [shortAuthors(paper.authors), year === undefined ? '' : String(year)].filter(Boolean).join(' · ');
  const noted = paper.note !== undefined && paper.note.trim() !== '';
  // Controls of other rows stay out of the Tab order: Tab walks the current row only (roving tabindex).
  const tab = placement.active ? 0 : -1;
  return (
    <li
      class={placement.active ? 'paper current' : 'paper'}
      id={rowId(placement.index)}
      data-index={placement.index}
      data-key={paper.key}
      tabIndex={tab}
      aria-posinset={placement.index + 1}
      aria-setsize={setSize}
      aria-current={placement.active ? 'true' : undefined}
      style={{ top: `${placement.top}px`, height: `${placement.height}px` }}
      onFocus={(event) => {
        if (!placement.active && event.currentTarget.contains(event.target as Node)) onActivate();
      }}
      onMouseDown={() => {
        if (!placement.active) onActivate();
      }}
    >
      <a
        class="title"
        href={links[0]!.url}
        target="_blank"
        rel="noopener noreferrer"
        tabIndex={tab}
        title={paper.title}
        // Element Timing: when the first row's title is painted (tests/bench/popup.ts reads it).
        elementtiming={placement.index === 0 ? 'first-paper' : undefined}
      >
        {paper.title}
      </a>
      <div class="byline" title={paper.authors.join(', ')}>
        {byline}
      </div>
      <div class="meta">
        {sourceLabel === '' ? null : <span class="source">{sourceLabel}</span>}
        {paper.savedAt === undefined ? (
          paper.firstSeenAt === undefined ? null : (
            <time dateTime={new Date(paper.firstSeenAt).toISOString()}>seen {dateFormat.format(paper.firstSeenAt)}</time>
          )
        ) : (
          <time dateTime={new Date(paper.savedAt).toISOString()}>saved {dateFormat.format(paper.savedAt)}</time>
        )}
        {noted ? (
          <span class="noted" title={paper.note}>
            note
          </span>
        ) : null}
        {(paper.tags ?? []).map((tag) => (
          <span class="tag" key={tag}>
            {tag}
          </span>
        ))}
      </div>
      <div class="actions">
        {links.map((link) => (
          <a key={link.label} class="link" href={link.url} target="_blank" rel="noopener noreferrer" aria-label={link.name} title={link.name} tabIndex={tab}>
            {link.label}
          </a>
        ))}
        <span class="spacer" />
        <button type="button" class="copy" tabIndex={tab} aria-label="Copy BibTeX" title="Copy BibTeX (c)" onClick={() => onAction('copy')}>
          BibTeX
        </button>
        <button
          type="button"
          class="edit"
          tabIndex={tab}
          aria-expanded={editor === undefined ? 'false' : 'true'}
          title="Edit note and tags (e)"
          onClick={() => onAction('edit')}
        >
          Note &amp; tags
        </button>
        {paper.savedAt === undefined ? null : (
          <button type="button" class="unsave" tabIndex={tab} title="Remove from the saved collection (u)" onClick={() => onAction('unsave')}>
            Unsave
          </button>
        )}
      </div>
      {editor}
    </li>
  );
}
