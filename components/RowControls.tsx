/**
 * The controls Dogear adds to one listing entry: a select box, state chips, Save and Note. Rendered inside a shadow
 * root by the content script; props in, markup out (no browser APIs here). Page text never reaches this component
 * as HTML, and note text never reaches it at all: it only knows *that* a note exists.
 */
import type { RowStateToken } from '../lib/row-state.ts';

export interface RowControlsProps {
  states: readonly RowStateToken[];
  selected: boolean;
  busy: boolean;
  /** Last failure, shown until the next attempt. */
  error?: string;
  onToggleSave(): void;
  onToggleSelect(shiftKey: boolean): void;
  onNote(): void;
}

const CHIPS: Partial<Record<RowStateToken, string>> = { new: 'New', updated: 'New version', opened: 'Opened' };

export function RowControls({ states, selected, busy, error, onToggleSave, onToggleSelect, onNote }: RowControlsProps) {
  const saved = states.includes('saved');
  const noted = states.includes('noted');
  return (
    <span class="dogear-row">
      <input
        type="checkbox"
        class="select"
        aria-label="Select for bulk actions"
        checked={selected}
        onClick={(event) => {
          event.preventDefault(); // the parent decides; the next render shows the result
          onToggleSelect(event.shiftKey);
        }}
      />
      {states.flatMap((state) => {
        const label = CHIPS[state];
        return label === undefined ? [] : [<span class={`chip chip-${state}`}>{label}</span>];
      })}
      <button
        type="button"
        class="save"
        aria-pressed={saved}
        disabled={busy}
        title={saved ? 'Saved in Dogear: click to remove from your library (s)' : 'Save to your Dogear library (s)'}
        onClick={onToggleSave}
      >
        <span aria-hidden="true">{saved ? '★' : '☆'}</span> {saved ? 'Saved' : 'Save'}
      </button>
      <button
        type="button"
        class="note"
        aria-pressed={noted}
        title={noted ? 'Edit your note and tags (n)' : 'Add a note or tags (n)'}
        onClick={onNote}
      >
        <span aria-hidden="true">✎</span> {noted ? 'Noted' : 'Note'}
      </button>
      {error === undefined ? null : (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
