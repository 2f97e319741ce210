/**
 * The note and tags editor (issue #3). It only ever runs inside the note frame (entrypoints/note), an extension page
 * the listing's own scripts cannot read; props in, markup out (no browser APIs, no database here). The title is
 * page-derived and the note is the user's own text: both are rendered as text, and the note is never rendered as
 * Markdown here (no HTML at all).
 *
 * Keys: Ctrl/Cmd+Enter saves, Escape closes. With unsaved changes the first Escape only warns, so a stray key press
 * cannot throw away what the user typed; a failed save keeps the text and shows why.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/** Limits of the `setNote` / `setTags` messages (lib/messages.ts, lib/paper/model.ts), checked before sending. */
export const MAX_NOTE_LENGTH = 100_000;
export const MAX_TAG_LENGTH = 100;
export const MAX_TAGS = 200;

export interface NoteDraft {
  note: string;
  tags: string[];
}

export type SaveResult = { ok: true } | { ok: false; error: string };

export interface NoteEditorProps {
  /** The paper's title, shown as text. */
  title: string;
  /** The stored note and tags the fields start with. */
  note: string;
  tags: readonly string[];
  /** Which field gets the focus on mount (`n` → note, `t` → tags). */
  focus: 'note' | 'tags';
  /** Stores the draft; on failure the editor shows `error` and keeps the draft. Closing after success is the caller's. */
  onSave(draft: NoteDraft): Promise<SaveResult>;
  onClose(): void;
}

/** Comma-separated tags → trimmed, inner spaces collapsed, empty parts dropped, deduplicated ignoring case (first spelling wins). */
export function parseTags(input: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const part of input.split(',')) {
    const tag = part.trim().replace(/\s+/g, ' ');
    const id = tag.toLowerCase();
    if (tag === '' || seen.has(id)) continue;
    seen.add(id);
    tags.push(tag);
  }
  return tags;
}

/** Why the background would refuse this draft, in words; undefined when it fits. */
export function draftProblem(draft: NoteDraft): string | undefined {
  if (draft.note.length > MAX_NOTE_LENGTH) {
    return `The note is too long (${draft.note.length} characters; at most ${MAX_NOTE_LENGTH}).`;
  }
  if (draft.tags.length > MAX_TAGS) return `Too many tags (${draft.tags.length}; at most ${MAX_TAGS}).`;
  const long = draft.tags.find((tag) => tag.length > MAX_TAG_LENGTH);
  if (long !== undefined) return `A tag is too long (at most ${MAX_TAG_LENGTH} characters): “${long.slice(0, 30)}…”`;
  return undefined;
}

export function NoteEditor({ title, note: initialNote, tags: initialTags, focus, onSave, onClose }: NoteEditorProps) {
  const [note, setNote] = useState(initialNote);
  const [tagsInput, setTagsInput] = useState(initialTags.join(', '));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const tagsRef = useRef<HTMLInputElement>(null);
  /** Set synchronously, unlike `saving`: a second Ctrl+Enter before the next render must not send twice. */
  const inFlight = useRef(false);

  const tags = parseTags(tagsInput);
  const dirty = note !== initialNote || tags.join('\n') !== initialTags.join('\n');

  useEffect(() => {
    const field = focus === 'tags' ? tagsRef.current : noteRef.current;
    if (!field) return; // both fields are always rendered; only null before the first commit
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length); // caret after the existing text
  }, []);

  async function save(): Promise<void> {
    if (inFlight.current) return;
    const draft = { note, tags };
    const problem = draftProblem(draft);
    if (problem !== undefined) {
      setError(problem);
      return;
    }
    inFlight.current = true;
    setSaving(true);
    setError(undefined);
    let result: SaveResult;
    try {
      result = await onSave(draft);
    } catch (thrown) {
      result = { ok: false, error: thrown instanceof Error ? thrown.message : String(thrown) };
    }
    inFlight.current = false;
    setSaving(false);
    if (!result.ok) setError(`Not saved: ${result.error}`);
  }

  function requestClose(): void {
    if (dirty && !confirmDiscard && !saving) {
      setConfirmDiscard(true);
      return;
    }
    onClose();
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.isComposing) return; // an IME uses Enter and Escape itself
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      requestClose();
    }
  }

  function edited(): void {
    setConfirmDiscard(false);
  }

  function removeTag(tag: string): void {
    setTagsInput(tags.filter((other) => other !== tag).join(', '));
    edited();
    tagsRef.current?.focus(); // the chip's button is gone: keep the focus in the form
  }

  const status = error ?? (confirmDiscard ? 'Unsaved changes: press Escape again to discard them.' : undefined);

  return (
    <form
      class="note-editor"
      aria-busy={saving}
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <header>
        <h1 class="title" title={title}>
          {title}
        </h1>
      </header>
      <label class="field note">
        <span class="label">Note (Markdown)</span>
        <textarea
          ref={noteRef}
          name="note"
          value={note}
          readOnly={saving}
          spellcheck
          placeholder="Your note. Markdown is fine."
          onInput={(event) => {
            setNote(event.currentTarget.value);
            edited();
          }}
        />
      </label>
      <label class="field tags">
        <span class="label">Tags (comma-separated)</span>
        <input
          ref={tagsRef}
          name="tags"
          type="text"
          value={tagsInput}
          readOnly={saving}
          autocomplete="off"
          placeholder="e.g. diffusion, to read"
          onInput={(event) => {
            setTagsInput(event.currentTarget.value);
            edited();
          }}
        />
      </label>
      {tags.length === 0 ? null : (
        <ul class="chips" aria-label="Tags">
          {tags.map((tag) => (
            <li class="chip" key={tag.toLowerCase()}>
              <span class="chip-text">{tag}</span>
              <button type="button" class="chip-remove" aria-label={`Remove tag ${tag}`} disabled={saving} onClick={() => removeTag(tag)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <footer>
        {status === undefined ? (
          <span class="hint">Ctrl/⌘+Enter saves · Esc closes</span>
        ) : (
          <span class={error === undefined ? 'warning' : 'error'} role="alert">
            {status}
          </span>
        )}
        <span class="actions">
          <button type="button" class="cancel" onClick={onClose}>
            {dirty ? 'Cancel' : 'Close'}
          </button>
          <button type="submit" class="save" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </span>
      </footer>
    </form>
  );
}
