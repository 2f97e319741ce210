/**
 * The controls Dogear adds to one listing entry: a state mark and a Save toggle. Rendered inside a shadow root by the
 * content script; props in, markup out (no browser APIs here). Titles and other page text never reach this
 * component as HTML: Preact renders strings as text nodes.
 */
export interface RowControlsProps {
  saved: boolean;
  busy: boolean;
  /** Last failure, shown until the next attempt. */
  error?: string;
  onToggleSave(): void;
}

export function RowControls({ saved, busy, error, onToggleSave }: RowControlsProps) {
  return (
    <span class="dogear-row" data-saved={saved ? '' : undefined}>
      <button
        type="button"
        class="save"
        aria-pressed={saved}
        disabled={busy}
        title={saved ? 'Saved in Dogear: click to remove from your library' : 'Save to your Dogear library'}
        onClick={onToggleSave}
      >
        <span aria-hidden="true">{saved ? '★' : '☆'}</span> {saved ? 'Saved' : 'Save'}
      </button>
      {error === undefined ? null : (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
