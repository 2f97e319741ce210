/**
 * The controls Dogear adds to one listing entry: a select box, Save, Note and Send to Zotero, then the state chips.
 * What the last send to Zotero did shows in place of the chips, in a live region, until the row's next action. Rendered
 * in a closed shadow root of fixed size (the page cannot measure which chips show), with the chips after the buttons so
 * they never shift them. Props in, markup out (no browser APIs here). Page text never reaches this component as HTML,
 * and note text never reaches it at all: it only knows _that_ a note exists. Every handler acts on trusted events only:
 * a page script's `click()` or synthetic event does nothing.
 */
import type { RowStateToken } from '../lib/paper/state.ts';
import type { Theme } from './marks.ts';
import { trusted } from './trusted.ts';

export interface RowControlsProps {
  states: readonly RowStateToken[];
  theme: Theme;
  selected: boolean;
  busy: boolean;
  /** Last failure, shown in place of the chips until the next attempt. */
  error?: string;
  /** What the last send to Zotero did, shown (politely announced) in place of the chips. */
  notice?: string;
  onToggleSave(): void;
  onToggleSelect(shiftKey: boolean): void;
  onNote(): void;
  onZotero(): void;
}

export const CHIP_LABELS: Partial<Record<RowStateToken, string>> = {
  new: 'New',
  seen: 'Seen',
  updated: 'New version',
  opened: 'Opened',
  zotero: 'In Zotero',
};

export function RowControls({
  states,
  theme,
  selected,
  busy,
  error,
  notice,
  onToggleSave,
  onToggleSelect,
  onNote,
  onZotero,
}: RowControlsProps) {
  const saved = states.includes('saved');
  const noted = states.includes('noted');
  const inZotero = states.includes('zotero');
  const chips = states.flatMap((state) => {
    const label = CHIP_LABELS[state];
    return label === undefined ? [] : [<span class={`chip chip-${state}`}>{label}</span>];
  });
  return (
    <span class="dogear-row" data-theme={theme}>
      <input
        type="checkbox"
        class="select"
        aria-label="Select for bulk actions"
        checked={selected}
        onClick={(event) => {
          event.preventDefault(); // the annotator decides; the next render shows the result
          if (event.isTrusted) onToggleSelect(event.shiftKey);
        }}
      />
      <button
        type="button"
        class="save"
        aria-pressed={saved}
        disabled={busy}
        title={saved ? 'Saved in Dogear: click to remove from your library (s)' : 'Save to your Dogear library (s)'}
        onClick={trusted(onToggleSave)}
      >
        <span aria-hidden="true">{saved ? '★' : '☆'}</span> {saved ? 'Saved' : 'Save'}
      </button>
      <button
        type="button"
        class="note"
        aria-pressed={noted}
        title={noted ? 'Edit your note and tags (n)' : 'Add a note or tags (n)'}
        onClick={trusted(onNote)}
      >
        <span aria-hidden="true">✎</span> {noted ? 'Noted' : 'Note'}
      </button>
      <button
        type="button"
        class={inZotero ? 'zotero in-zotero' : 'zotero'}
        aria-label="Send to Zotero"
        disabled={busy}
        title={inZotero ? 'In your Zotero (z)' : 'Send to Zotero (z)'}
        onClick={trusted(onZotero)}
      >
        <span aria-hidden="true">Z</span>
      </button>
      {/* Always present, so the browser announces what is written into it. */}
      {/* A narrow card cuts the text: the whole of it is the tooltip (and what the live region announces). */}
      <span class="notice" role="status" title={error === undefined ? notice : undefined}>
        {error === undefined ? (notice ?? '') : ''}
      </span>
      {error === undefined ? (
        notice === undefined ? (
          <span class="chips">{chips}</span>
        ) : null
      ) : (
        <span class="error" role="alert" title={error}>
          ⚠ {error}
        </span>
      )}
    </span>
  );
}
