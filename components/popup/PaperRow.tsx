/**
 * One paper in the popup's list (a row of the grid in VirtualList.tsx): title, authors and year, where and when it was
 * saved, its tags and whether it has a note, and its actions. While searching, the row also says why it matched
 * (lib/search/reasons.ts): the matched words are marked in the title, authors and tags; an author the row would not
 * show (the fourth or later) is brought into the byline; a match in the note shows a snippet of it in place of the date
 * line. Every field is page-derived or user text and is rendered as text.
 */
import type { ComponentChildren } from 'preact';
import { paperYear } from '../../lib/paper/dates.ts';
import type { Paper } from '../../lib/paper/model.ts';
import { hasNote } from '../../lib/paper/state.ts';
import type { MatchRange, MatchReason } from '../../lib/search/reasons.ts';
import { highlight } from '../highlight.tsx';
import { paperLinks } from './links.ts';
import type { RowPlacement } from './VirtualList.tsx';

export type RowAction = 'copy' | 'edit' | 'unsave' | 'zotero';

export interface PaperRowProps {
  paper: Paper;
  placement: RowPlacement;
  sourceLabel: string;
  /** Why the paper matched the search; undefined when there is no search. */
  reasons?: readonly MatchReason[];
  /** The note panel is open for this paper. */
  editing: boolean;
  onAction(action: RowAction): void;
  /** The row was clicked or focused: it becomes the current row. */
  onActivate(): void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** Authors shown in the byline before "et al.". */
const SHOWN_AUTHORS = 3;

/**
 * The authors the byline names: the first three, or, when the search matched an author past them, the first one and the
 * matched ones (at most two), so the reason for the match is on screen.
 */
function bylineAuthors(
  authors: readonly string[],
  matched: ReadonlyMap<number, MatchRange[]>,
): { items: number[]; gap: boolean } {
  const hidden = [...matched.keys()].filter((item) => item >= SHOWN_AUTHORS).sort((a, b) => a - b);
  if (hidden.length === 0) return { items: authors.slice(0, SHOWN_AUTHORS).map((_, i) => i), gap: false };
  return { items: [0, ...hidden.slice(0, 2)], gap: true };
}

export function PaperRow({ paper, placement, sourceLabel, reasons, editing, onAction, onActivate }: PaperRowProps) {
  const links = paperLinks(paper.key);
  const year = paperYear(paper);
  const noted = hasNote(paper);
  const titleRanges = reasons?.find((reason) => reason.field === 'title')?.ranges;
  const authorRanges = new Map<number, MatchRange[]>();
  const tagRanges = new Map<number, MatchRange[]>();
  for (const reason of reasons ?? []) {
    if (reason.field === 'authors' && reason.item !== undefined) authorRanges.set(reason.item, reason.ranges);
    if (reason.field === 'tags' && reason.item !== undefined) tagRanges.set(reason.item, reason.ranges);
  }
  const noteReason = reasons?.find((reason) => reason.field === 'note');
  const { items, gap } = bylineAuthors(paper.authors, authorRanges);
  const byline: ComponentChildren[] = [];
  items.forEach((item, position) => {
    if (position > 0) byline.push(gap && position === 1 ? ', …, ' : ', ');
    byline.push(<span key={item}>{highlight(paper.authors[item]!, authorRanges.get(item))}</span>);
  });
  if (items.length > 0 && items[items.length - 1]! < paper.authors.length - 1) byline.push(' et al.');
  if (year !== undefined) byline.push(byline.length > 0 ? ` · ${year}` : String(year));

  // Controls of other rows stay out of the Tab order: Tab walks the current row only (roving tabindex).
  const tab = placement.active ? 0 : -1;
  return (
    <div
      {...placement.attributes}
      class={placement.active ? 'paper current' : 'paper'}
      data-key={paper.key}
      aria-current={placement.active ? 'true' : undefined}
      style={{ top: `${placement.top}px`, height: `${placement.height}px` }}
      onFocus={(event) => {
        if (!placement.active && event.currentTarget.contains(event.target as Node)) onActivate();
      }}
      onMouseDown={() => {
        if (!placement.active) onActivate();
      }}
    >
      <div role="gridcell" class="cell">
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
          {highlight(paper.title, titleRanges)}
        </a>
        <div class="byline" title={paper.authors.join(', ')}>
          {byline}
        </div>
        {noteReason === undefined ? (
          <div class="meta">
            {paper.savedAt === undefined ? (
              paper.firstSeenAt === undefined ? null : (
                <time dateTime={new Date(paper.firstSeenAt).toISOString()}>
                  seen {dateFormat.format(paper.firstSeenAt)}
                </time>
              )
            ) : (
              <time dateTime={new Date(paper.savedAt).toISOString()}>saved {dateFormat.format(paper.savedAt)}</time>
            )}
            {noted ? (
              <span class="noted" title={paper.note}>
                note
              </span>
            ) : null}
            {(paper.tags ?? []).map((tag, item) => (
              <span class="tag" key={tag} title={tag}>
                {highlight(tag, tagRanges.get(item))}
              </span>
            ))}
            {sourceLabel === '' ? null : (
              <span class="source" title={sourceLabel}>
                {sourceLabel}
              </span>
            )}
          </div>
        ) : (
          <div class="meta why" title={paper.note}>
            <span class="why-label">Note:</span>{' '}
            <span class="snippet">{highlight(noteReason.text, noteReason.ranges)}</span>
          </div>
        )}
        <div class="actions">
          {links.map((link) => (
            <a
              key={link.label}
              class="link"
              href={link.url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={link.name}
              title={link.name}
              tabIndex={tab}
            >
              {link.label}
            </a>
          ))}
          <span class="spacer" />
          <button
            type="button"
            class="copy"
            tabIndex={tab}
            aria-label="Copy BibTeX"
            title="Copy BibTeX (c)"
            onClick={() => onAction('copy')}
          >
            BibTeX
          </button>
          <button
            type="button"
            class="edit"
            tabIndex={tab}
            aria-haspopup="dialog"
            aria-expanded={editing ? 'true' : 'false'}
            title="Edit note and tags (e)"
            onClick={() => onAction('edit')}
          >
            Note &amp; tags
          </button>
          {paper.savedAt === undefined ? null : (
            <button
              type="button"
              class="zotero"
              tabIndex={tab}
              aria-label="Send to Zotero"
              title="Send to Zotero (z)"
              onClick={() => onAction('zotero')}
            >
              {/* One letter, as on the listing rows: "Zotero" in words would push the row's actions past 380 px. */}
              <span aria-hidden="true">Z</span>
            </button>
          )}
          {paper.savedAt === undefined ? null : (
            <button
              type="button"
              class="unsave"
              tabIndex={tab}
              title="Remove from the saved collection (u)"
              onClick={() => onAction('unsave')}
            >
              Unsave
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
