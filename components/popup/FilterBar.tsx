/**
 * The popup's filter and sort controls: state, tag, site and order. The default view is the saved collection, newest
 * save first.
 */
import type { LibraryFilters } from '../../lib/search/facets.ts';
import type { SortOrder } from '../../lib/search/sort.ts';
import type { StateFilter } from '../../lib/search/state.ts';

export interface View {
  filters: LibraryFilters;
  sort: SortOrder;
}

export const DEFAULT_VIEW: View = { filters: { states: ['saved'] }, sort: { key: 'saved', direction: 'desc' } };

export function isDefaultView(view: View): boolean {
  return (
    view.filters.tag === undefined &&
    view.filters.site === undefined &&
    view.filters.states?.length === 1 &&
    view.filters.states[0] === 'saved' &&
    view.sort.key === 'saved' &&
    view.sort.direction === 'desc'
  );
}

/** The state choices: one state at a time, or every paper the library knows. */
const STATES: { value: string; label: string; states: StateFilter[] }[] = [
  { value: 'saved', label: 'Saved', states: ['saved'] },
  { value: 'saved-noted', label: 'Saved, with a note', states: ['saved', 'noted'] },
  { value: 'saved-updated', label: 'Saved, new version', states: ['saved', 'updated'] },
  { value: 'all', label: 'All papers', states: [] },
  { value: 'seen', label: 'Seen', states: ['seen'] },
  { value: 'opened', label: 'Opened', states: ['opened'] },
  { value: 'noted', label: 'Noted', states: ['noted'] },
  { value: 'tagged', label: 'Tagged', states: ['tagged'] },
  { value: 'updated', label: 'New version', states: ['updated'] },
  { value: 'unsaved', label: 'Not saved', states: ['unsaved'] },
];

const SORTS: { value: string; label: string; sort: SortOrder }[] = [
  { value: 'saved-desc', label: 'Saved, newest', sort: { key: 'saved', direction: 'desc' } },
  { value: 'saved-asc', label: 'Saved, oldest', sort: { key: 'saved', direction: 'asc' } },
  { value: 'seen-desc', label: 'Seen, latest', sort: { key: 'seen', direction: 'desc' } },
  { value: 'published-desc', label: 'Published, newest', sort: { key: 'published', direction: 'desc' } },
  { value: 'published-asc', label: 'Published, oldest', sort: { key: 'published', direction: 'asc' } },
  { value: 'title-asc', label: 'Title, A–Z', sort: { key: 'title', direction: 'asc' } },
];

export interface FilterBarProps {
  view: View;
  tags: readonly { tag: string; count: number }[];
  sites: readonly { id: string; label: string }[];
  onChange(view: View): void;
}

const stateValue = (states: readonly StateFilter[] | undefined): string =>
  STATES.find((choice) => choice.states.join() === (states ?? []).join())?.value ?? 'all';

export function FilterBar({ view, tags, sites, onChange }: FilterBarProps) {
  const { filters, sort } = view;
  const set = (next: Partial<LibraryFilters>): void => {
    const merged: LibraryFilters = { ...filters, ...next };
    for (const field of ['tag', 'site'] as const) if (merged[field] === undefined) delete merged[field];
    onChange({ filters: merged, sort });
  };
  return (
    <div class="filters">
      <select
        aria-label="Show"
        value={stateValue(filters.states)}
        onChange={(event) =>
          set({ states: STATES.find((choice) => choice.value === event.currentTarget.value)?.states ?? [] })
        }
      >
        {STATES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Tag"
        value={filters.tag ?? ''}
        onChange={(event) => set({ tag: event.currentTarget.value || undefined })}
      >
        <option value="">Any tag</option>
        {filters.tag !== undefined && !tags.some((entry) => entry.tag === filters.tag) ? (
          <option value={filters.tag}>{filters.tag}</option>
        ) : null}
        {tags.map((entry) => (
          <option key={entry.tag} value={entry.tag}>
            {entry.tag} ({entry.count})
          </option>
        ))}
      </select>
      <select
        aria-label="Site"
        value={filters.site ?? ''}
        onChange={(event) => set({ site: event.currentTarget.value || undefined })}
      >
        <option value="">Any site</option>
        {sites.map((site) => (
          <option key={site.id} value={site.id}>
            {site.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Sort"
        value={
          SORTS.find((choice) => choice.sort.key === sort.key && choice.sort.direction === sort.direction)?.value ??
          'saved-desc'
        }
        onChange={(event) =>
          onChange({
            filters,
            sort: SORTS.find((choice) => choice.value === event.currentTarget.value)?.sort ?? DEFAULT_VIEW.sort,
          })
        }
      >
        {SORTS.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
