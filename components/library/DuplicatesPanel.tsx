/**
 * The Duplicates tab: groups of papers that look like one paper under two keys (same normalized title, first author's
 * surname, years within one: lib/library/duplicates.ts), each with the reason. Nothing is merged until the user picks
 * the record to keep with "Merge into this one"; the merge is undoable like any bulk action.
 */
import { useMemo } from 'preact/hooks';
import type { AppDB } from '../../lib/app/db.ts';
import { findDuplicates } from '../../lib/library/duplicates.ts';
import { paperYear } from '../../lib/paper/dates.ts';
import { keyLabel } from '../../lib/paper/links.ts';
import type { Paper } from '../../lib/paper/model.ts';
import { plural } from '../plural.ts';
import { paperMarks } from '../../lib/paper/state.ts';
import { formatDay, shortAuthors } from './format.ts';
import type { Perform } from './PapersPanel.tsx';

export interface DuplicatesPanelProps {
  db: AppDB;
  papers: readonly Paper[] | undefined;
  perform: Perform;
}

export function DuplicatesPanel({ db, papers, perform }: DuplicatesPanelProps) {
  const groups = useMemo(() => (papers === undefined ? [] : findDuplicates(papers)), [papers]);
  const byKey = useMemo(() => new Map((papers ?? []).map((paper) => [paper.key, paper])), [papers]);

  if (papers === undefined) return <section class="panel duplicates" aria-busy="true" />;
  return (
    <section class="panel duplicates">
      <h2>Possible duplicates</h2>
      <p class="hint">
        Papers with the same title and first author, a year or less apart. Pick the record to keep: the others' notes,
        tags and history move into it and they are deleted. Undo is offered after each merge.
      </p>
      {groups.length === 0 ? (
        <p class="empty">No possible duplicates.</p>
      ) : (
        <>
          <p class="summary">{plural(groups.length, 'group')}</p>
          <ul class="dup-groups">
            {groups.map((group, groupIndex) => (
              <li key={group.keys.join(' ')} class="dup-group" data-keys={group.keys.join(' ')}>
                <p class="reason">{group.reason}</p>
                <ul>
                  {group.keys.map((key, memberIndex) => {
                    const paper = byKey.get(key);
                    const others = group.keys.filter((other) => other !== key);
                    // The button's name is its visible text (label in name); the record it keeps describes it.
                    const describedBy = `dup-${groupIndex}-${memberIndex}`;
                    return (
                      <li key={key} class="dup-member" data-key={key}>
                        <div id={describedBy}>
                          <span class="dup-title">{paper?.title ?? key}</span>{' '}
                          <span class="hint">
                            {keyLabel(key).text}
                            {paper === undefined
                              ? ''
                              : ` · ${shortAuthors(paper.authors)} · ${paperYear(paper) ?? 'no year'} · ${paperMarks(paper).join(' ')}`}
                            {paper?.savedAt === undefined ? '' : ` · saved ${formatDay(paper.savedAt)}`}
                          </span>
                        </div>
                        <button
                          type="button"
                          aria-describedby={describedBy}
                          onClick={() =>
                            void perform(`Merged ${plural(others.length, 'paper')} into ${key}.`, (act) =>
                              act.mergeInto(db, key, others),
                            )
                          }
                        >
                          Merge into this one
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
