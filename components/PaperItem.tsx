/** One saved paper in the popup list. Every field is page-derived text and rendered as text. */
import type { Paper } from '../lib/paper/model.ts';

export interface PaperItemProps {
  paper: Paper;
  sourceLabel: string;
  href: string;
  onUnsave(): void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function shortAuthors(authors: string[]): string {
  if (authors.length <= 3) return authors.join(', ');
  return `${authors.slice(0, 3).join(', ')} et al.`;
}

export function PaperItem({ paper, sourceLabel, href, onUnsave }: PaperItemProps) {
  return (
    <li class="paper" data-key={paper.key}>
      <a class="title" href={href} target="_blank" rel="noopener noreferrer">
        {paper.title}
      </a>
      {paper.authors.length > 0 ? <div class="authors">{shortAuthors(paper.authors)}</div> : null}
      <div class="meta">
        <span class="source">{sourceLabel}</span>
        {paper.savedAt === undefined ? null : (
          <time dateTime={new Date(paper.savedAt).toISOString()}>saved {dateFormat.format(paper.savedAt)}</time>
        )}
        <button type="button" class="unsave" onClick={onUnsave} title="Remove from the saved collection">
          Unsave
        </button>
      </div>
    </li>
  );
}
