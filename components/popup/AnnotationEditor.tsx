/**
 * The note and tags of one paper, edited inside its row. Save writes both; Escape (or Cancel) leaves without writing;
 * Ctrl/Cmd+Enter saves from either field. The parent does the writing.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export interface AnnotationEditorProps {
  note: string;
  tags: readonly string[];
  onSave(note: string, tags: string[]): void;
  onCancel(): void;
}

/** Tags as typed: comma-separated; blanks and case-insensitive repeats are dropped by the writer (normalizeTags). */
export function splitTags(text: string): string[] {
  return text.split(',').map((tag) => tag.trim()).filter(Boolean);
}

export function AnnotationEditor({ note, tags, onSave, onCancel }: AnnotationEditorProps) {
  const [noteText, setNoteText] = useState(note);
  const [tagText, setTagText] = useState(tags.join(', '));
  const noteField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => noteField.current?.focus(), []);

  const save = (): void => onSave(noteText, splitTags(tagText));
  return (
    <form
      class="editor"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
      onKeyDown={(event) => {
        // Keys typed here belong to the fields, not to the list's shortcuts.
        event.stopPropagation();
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          save();
        }
      }}
    >
      <label>
        <span>Note (Markdown)</span>
        <textarea ref={noteField} rows={3} value={noteText} onInput={(event) => setNoteText(event.currentTarget.value)} />
      </label>
      <label>
        <span>Tags (comma-separated)</span>
        <input type="text" value={tagText} onInput={(event) => setTagText(event.currentTarget.value)} />
      </label>
      <div class="editor-buttons">
        <button type="submit" class="primary">
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
