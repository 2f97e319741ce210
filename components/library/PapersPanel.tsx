/**
 * The Papers tab: every paper in the library (saved and only seen), searched, filtered and sorted with lib/search/, in
 * a virtualized table; multi-select and bulk tag / untag / unsave / delete (each undoable) and Send to Zotero; and the
 * detail panel of the paper opened.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AppDB } from '../../lib/app/db.ts';
import type { Actions, Outcome, Snapshot } from './lazy.ts';
import { siteIds, tagCounts, type LibraryFilters } from '../../lib/search/facets.ts';
import { buildIndex, runQuery } from '../../lib/search/index.ts';
import { parseQuery } from '../../lib/search/parse.ts';
import type { SortKey, SortOrder } from '../../lib/search/sort.ts';
import type { StateFilter } from '../../lib/search/state.ts';
import type { Paper } from '../../lib/paper/model.ts';
import { plural } from '../plural.ts';
import { siteLabel } from '../../lib/sites/labels.ts';
import { MARK_PALETTE } from './format.ts';
import { PaperTable } from './PaperTable.tsx';
import { ZoteroBulkSend } from './ZoteroBulkSend.tsx';
import type { LibraryState } from './use-library.ts';

export interface PapersPanelProps {
  db: AppDB;
  library: LibraryState;
  selection: ReadonlySet<string>;
  onSelection(next: ReadonlySet<string>): void;
  perform: Perform;
}

/**
 * Runs an undoable action (lib/app/actions.ts, loaded on first use) and offers its undo; `message` says what was done.
 * Resolves to whether it succeeded.
 */
export type Perform = (message: string, write: (actions: Actions) => Promise<Outcome<Snapshot>>) => Promise<boolean>;

const STATE_CHOICES: Array<[StateFilter, string]> = [
  ['saved', 'Saved'],
  ['unsaved', 'Not saved'],
  ['seen', 'Seen'],
  ['opened', 'Opened'],
  ['noted', 'With a note'],
  ['tagged', 'Tagged'],
  ['updated', 'Updated (new version)'],
];

const SORT_CHOICES: Array<[string, string]> = [
  ['saved:desc', 'Saved, newest first'],
  ['saved:asc', 'Saved, oldest first'],
  ['seen:desc', 'Seen, most recent first'],
  ['published:desc', 'Published, newest first'],
  ['published:asc', 'Published, oldest first'],
  ['title:asc', 'Title, A–Z'],
];

function sortOf(value: string): SortOrder {
  const [key, direction] = value.split(':') as [SortKey, 'asc' | 'desc'];
  return { key, direction };
}

const EMPTY: readonly Paper[] = [];

/**
 * The detail panel loads when a paper is first opened: its note editor brings the paper schemas (zod), which the
 * table's first render does not need.
 */
type DetailModule = typeof import('./PaperDetail.tsx');
const loadDetail = (): Promise<DetailModule> => import('./PaperDetail.tsx');

export function PapersPanel({ db, library, selection, onSelection, perform }: PapersPanelProps) {
  const [text, setText] = useState('');
  const [state, setState] = useState<StateFilter | ''>('');
  const [tag, setTag] = useState('');
  const [site, setSite] = useState('');
  const [sort, setSort] = useState('saved:desc');
  const [active, setActive] = useState(0);
  const [anchor, setAnchor] = useState<number>();
  const [openKey, setOpenKey] = useState<string>();
  const [bulkTag, setBulkTag] = useState('');
  const [detail, setDetail] = useState<DetailModule>();
  useEffect(() => {
    if (openKey !== undefined && detail === undefined) void loadDetail().then(setDetail);
  }, [openKey]);

  const papers = library.status === 'ready' ? library.papers : EMPTY;
  const index = useMemo(() => buildIndex(papers), [papers]);
  const tags = useMemo(() => tagCounts(papers), [papers]);
  const sites = useMemo(() => siteIds(papers), [papers]);
  const byKey = useMemo(() => new Map(papers.map((paper) => [paper.key, paper])), [papers]);
  const query = useMemo(() => parseQuery(text), [text]);
  const filters = useMemo<LibraryFilters>(() => {
    const result: LibraryFilters = {};
    if (state !== '') result.states = [state];
    if (tag !== '') result.tag = tag;
    if (site !== '') result.site = site;
    return result;
  }, [state, tag, site]);
  const results = useMemo(() => runQuery(index, query, filters, sortOf(sort)), [index, query, filters, sort]);
  const view = JSON.stringify([text, state, tag, site, sort]);
  // Row indices belong to one result list: another search, filter or sort starts over.
  useEffect(() => {
    setActive(0);
    setAnchor(undefined);
  }, [view]);

  if (library.status === 'loading') return <section class="panel papers" aria-busy="true" />;
  if (library.status === 'error') {
    return (
      <section class="panel papers">
        <p role="alert">Dogear could not open its library: {library.error}</p>
      </section>
    );
  }

  const ready = library.status === 'ready';
  const rows = ready ? results : library.preview;
  const total = ready ? papers.length : undefined;
  const selectedKeys = [...selection];
  const activeRow = Math.min(active, Math.max(0, rows.length - 1));

  function toggle(index: number, range: boolean): void {
    const paper = rows[index];
    if (!paper) return;
    const next = new Set(selection);
    if (range && anchor !== undefined) {
      for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i += 1) next.add(rows[i]!.key);
    } else if (next.has(paper.key)) next.delete(paper.key);
    else next.add(paper.key);
    setAnchor(index);
    onSelection(next);
  }

  function selectAllMatching(): void {
    onSelection(new Set([...selection, ...rows.map((paper) => paper.key)]));
  }

  const tagName = bulkTag.trim();
  const count = plural(selectedKeys.length, 'paper');

  return (
    <section
      class={`panel papers${openKey === undefined ? '' : ' with-detail'}`}
      data-phase={library.status}
      style={MARK_PALETTE}
    >
      <div class="toolbar">
        <input
          type="search"
          class="search"
          placeholder='Search: words, t:title a:author tag:cs/LG note:… y:2024 y:2020-2023 t:"a phrase"'
          aria-label="Search the library"
          aria-describedby="search-help"
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <label>
          State{' '}
          <select
            class="filter-state"
            value={state}
            onChange={(event) => setState(event.currentTarget.value as StateFilter | '')}
          >
            <option value="">Any</option>
            {STATE_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag{' '}
          <select class="filter-tag" value={tag} onChange={(event) => setTag(event.currentTarget.value)}>
            <option value="">Any</option>
            {tags.map((entry) => (
              <option key={entry.tag} value={entry.tag}>
                {`${entry.tag} (${entry.count})`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Site{' '}
          <select class="filter-site" value={site} onChange={(event) => setSite(event.currentTarget.value)}>
            <option value="">Any</option>
            {sites.map((id) => (
              <option key={id} value={id}>
                {siteLabel(id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort{' '}
          <select class="sort" value={sort} onChange={(event) => setSort(event.currentTarget.value)}>
            {SORT_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p id="search-help" class="summary" role="status">
        {ready
          ? `${plural(results.length, 'paper')} of ${papers.length.toLocaleString('en')}`
          : 'Showing the newest saves; loading the whole library…'}
        {query.errors.length > 0 ? <span class="query-errors"> — {query.errors.join('; ')}</span> : null}
      </p>

      <div class="bulk" aria-label="Selection">
        <span class="selected-count">{selectedKeys.length === 0 ? 'None selected' : `${count} selected`}</span>
        {ready && results.length > 0 && results.some((paper) => !selection.has(paper.key)) ? (
          <button type="button" class="select-all" onClick={selectAllMatching}>
            Select all {results.length.toLocaleString('en')} matching
          </button>
        ) : null}
        {selectedKeys.length === 0 ? null : (
          <>
            <button type="button" class="clear-selection" onClick={() => onSelection(new Set())}>
              Clear
            </button>
            <input
              type="text"
              class="bulk-tag"
              list="library-tags"
              placeholder="tag"
              aria-label="Tag for the selected papers"
              value={bulkTag}
              onInput={(event) => setBulkTag(event.currentTarget.value)}
            />
            <datalist id="library-tags">
              {tags.map((entry) => (
                <option key={entry.tag} value={entry.tag} />
              ))}
            </datalist>
            <button
              type="button"
              disabled={tagName === ''}
              onClick={() =>
                void perform(`Tagged ${count} “${tagName}”.`, (act) => act.tagPapers(db, selectedKeys, [tagName], []))
              }
            >
              Add tag
            </button>
            <button
              type="button"
              disabled={tagName === ''}
              onClick={() =>
                void perform(`Removed “${tagName}” from ${count}.`, (act) =>
                  act.tagPapers(db, selectedKeys, [], [tagName]),
                )
              }
            >
              Remove tag
            </button>
            <ZoteroBulkSend db={db} keys={selectedKeys} />
            <button
              type="button"
              onClick={() => void perform(`Unsaved ${count}.`, (act) => act.unsave(db, selectedKeys))}
            >
              Unsave
            </button>
            <button
              type="button"
              class="danger"
              onClick={() =>
                void perform(`Deleted ${count} and their history.`, (act) => act.deleteForever(db, selectedKeys)).then(
                  (done) => {
                    if (!done) return;
                    onSelection(new Set());
                    if (openKey !== undefined && selection.has(openKey)) setOpenKey(undefined);
                  },
                )
              }
            >
              Delete
            </button>
          </>
        )}
      </div>

      <div class="papers-body">
        <div class="table-wrap">
          {rows.length === 0 && ready ? (
            <p class="empty">
              {total === 0
                ? 'The library is empty. Open Hugging Face Daily Papers or an arXiv listing: papers you see and save appear here.'
                : 'No paper matches.'}
            </p>
          ) : null}
          <PaperTable
            papers={rows}
            selected={selection}
            active={activeRow}
            query={ready ? text : ''}
            {...(ready ? { parsed: query } : {})}
            view={view}
            onActive={setActive}
            onToggle={toggle}
            onOpen={(index) => setOpenKey(rows[index]?.key)}
          />
        </div>
        {openKey === undefined || detail === undefined ? null : (
          <detail.PaperDetail
            key={openKey}
            db={db}
            paperKey={openKey}
            paper={byKey.get(openKey) ?? (ready ? undefined : library.preview.find((paper) => paper.key === openKey))}
            onClose={() => {
              setOpenKey(undefined);
              // Back to the table's current row (its one Tab stop).
              document.querySelector<HTMLElement>('.grid .rows .row[tabindex="0"]')?.focus();
            }}
          />
        )}
      </div>
    </section>
  );
}
