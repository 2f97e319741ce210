/**
 * The one note-and-tags editor: the listing's note frame (entrypoints/note), the popup's note panel and the library
 * page's detail panel all show this component. Props in, markup out: no database, no browser APIs; the caller stores
 * the draft (`onSave`) and says whether it worked. The title is page-derived and the note is the user's own text: both
 * are rendered as text, and the note is never rendered as Markdown here (no HTML at all).
 *
 * Keys: Ctrl/Cmd+Enter saves, Escape closes. With unsaved changes the first Escape only warns, so a stray key press
 * cannot throw away what the user typed; a failed save keeps the text and shows why.
 *
 * Two ways to close. With `onClose` (frame, popup panel) the editor is a dialog the caller removes: Close/Cancel and
 * Escape call it, and closing after a successful save is the caller's. Without it (an editor that stays on screen, as
 * in the library's detail panel) there is no Close button, Escape is left to the page, a successful save says "Saved."
 * and becomes the new starting point, and Revert puts back what was stored.
 *
 * Looks: components/note-editor.css, imported here so every page that shows the editor gets it (and a page that loads
 * the editor late loads its style with it); it carries its own light and dark palette, so it looks the same on every
 * page.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { PAPER_LIMITS } from '../lib/paper/model.ts';
import { parseTags } from '../lib/paper/tags.ts';
import './note-editor.css';

/** Limits of the `setNote` / `setTags` messages (lib/paper/model.ts PAPER_LIMITS), checked before sending. */
export const MAX_NOTE_LENGTH = PAPER_LIMITS.note;
export const MAX_TAG_LENGTH = PAPER_LIMITS.tag;
export const MAX_TAGS = PAPER_LIMITS.tags;

export interface NoteDraft {
  note: string;
  tags: string[];
}

export type SaveResult = { ok: true } | { ok: false; error: string };

export interface NoteEditorProps {
  /** The paper's title, shown as text in a heading; omitted where the page already shows it (the library detail). */
  title?: string;
  /** The heading's level: 1 where the editor is the whole page (the frame), 2 in a panel. @default 1 */
  headingLevel?: 1 | 2;
  /** The stored note and tags the fields start with. */
  note: string;
  tags: readonly string[];
  /** Which field gets the focus on mount (`n` → note, `t` → tags); none when omitted. */
  focus?: 'note' | 'tags';
  /** Stores the draft; on failure the editor shows `error` and keeps the draft. */
  onSave(draft: NoteDraft): Promise<SaveResult>;
  /** Removes the editor (Close/Cancel, Escape). Omitted: the editor stays, see above. */
  onClose?(): void;
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

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

export function NoteEditor({
  title,
  headingLevel = 1,
  note: storedNote,
  tags: storedTags,
  focus,
  onSave,
  onClose,
}: NoteEditorProps) {
  /** What the fields are compared with to tell unsaved changes: the stored values, or the last draft saved here. */
  const [base, setBase] = useState<NoteDraft>({ note: storedNote, tags: [...storedTags] });
  const [note, setNote] = useState(storedNote);
  const [tagsInput, setTagsInput] = useState(storedTags.join(', '));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const tagsRef = useRef<HTMLInputElement>(null);
  /** Set synchronously, unlike `saving`: a second Ctrl+Enter before the next render must not send twice. */
  const inFlight = useRef(false);

  const tags = parseTags(tagsInput);
  const dirty = note !== base.note || !sameList(tags, base.tags);

  // Before the first paint, not after it: keys typed right after the editor opens must land in the field.
  useLayoutEffect(() => {
    if (focus === undefined) return;
    const field = focus === 'tags' ? tagsRef.current : noteRef.current;
    if (!field) return; // both fields are always rendered; only null before the first commit
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length); // caret after the existing text
    field.scrollTop = 0; // but the note's start in view: typing brings the caret back into view by itself
  }, []);

  // The stored values changed elsewhere (another tab, the listing) while nothing here was edited: show them.
  const storedTagsText = storedTags.join('\n');
  useEffect(() => {
    if (dirty || saving) return;
    if (storedNote === base.note && storedTagsText === base.tags.join('\n')) return;
    setBase({ note: storedNote, tags: [...storedTags] });
    setNote(storedNote);
    setTagsInput(storedTags.join(', '));
  }, [storedNote, storedTagsText]);

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
    if (!result.ok) {
      setError(`Not saved: ${result.error}`);
      return;
    }
    // An editor that stays: what was saved is the new starting point.
    if (onClose === undefined) {
      setBase(draft);
      setSaved(true);
    }
  }

  function requestClose(): void {
    if (onClose === undefined) return;
    if (dirty && !confirmDiscard && !saving) {
      setConfirmDiscard(true);
      return;
    }
    onClose();
  }

  function revert(): void {
    setNote(base.note);
    setTagsInput(base.tags.join(', '));
    setError(undefined);
    setConfirmDiscard(false);
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.isComposing) return; // an IME uses Enter and Escape itself
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape' && onClose !== undefined) {
      event.preventDefault();
      event.stopPropagation(); // the Escape is the editor's, not the page's
      requestClose();
    }
  }

  function edited(): void {
    setConfirmDiscard(false);
    setSaved(false);
  }

  function removeTag(tag: string): void {
    setTagsInput(tags.filter((other) => other !== tag).join(', '));
    edited();
    tagsRef.current?.focus(); // the chip's button is gone: keep the focus in the form
  }

  const status = error ?? (confirmDiscard ? 'Unsaved changes: press Escape again to discard them.' : undefined);
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const hint = onClose === undefined ? 'Ctrl/⌘+Enter saves' : 'Ctrl/⌘+Enter saves · Esc closes';

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
      {title === undefined ? null : (
        <header>
          <Heading class="title" title={title}>
            {title}
          </Heading>
        </header>
      )}
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
              <button
                type="button"
                class="chip-remove"
                aria-label={`Remove tag ${tag}`}
                disabled={saving}
                onClick={() => removeTag(tag)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <footer>
        {status !== undefined ? (
          <span class={error === undefined ? 'warning' : 'error'} role="alert">
            {status}
          </span>
        ) : saved ? (
          <span class="saved" role="status">
            Saved.
          </span>
        ) : (
          <span class="hint">{hint}</span>
        )}
        <span class="actions">
          {onClose !== undefined ? (
            <button type="button" class="cancel" onClick={onClose}>
              {dirty ? 'Cancel' : 'Close'}
            </button>
          ) : dirty ? (
            <button type="button" class="cancel" onClick={revert}>
              Revert
            </button>
          ) : null}
          <button type="submit" class="save" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </span>
      </footer>
    </form>
  );
}
