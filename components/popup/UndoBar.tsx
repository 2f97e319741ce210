/** The bar that offers to undo the last unsave for a few seconds (the parent removes it when the time is up). */
export interface UndoBarProps {
  /** Includes page-derived text (the title): rendered as text. */
  message: string;
  onUndo(): void;
}

export function UndoBar({ message, onUndo }: UndoBarProps) {
  return (
    <div class="undo" role="status">
      <span class="undo-message">{message}</span>
      <button type="button" onClick={onUndo}>
        Undo
      </button>
    </div>
  );
}
