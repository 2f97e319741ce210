/**
 * The popup's note panel: the shared note-and-tags editor (components/NoteEditor.tsx) over the whole popup, with the
 * room a note needs, instead of squeezed into a list row. A modal dialog: the popup behind it is inert while it is
 * open, Escape or Cancel closes it, and the caller puts the focus back on the paper's row.
 */
import type { Paper } from '../../lib/paper/model.ts';
import { NoteEditor, type NoteDraft, type SaveResult } from '../NoteEditor.tsx';

export interface NotePanelProps {
  paper: Paper;
  /** Stores the draft; the panel stays open with the message when it fails. */
  onSave(draft: NoteDraft): Promise<SaveResult>;
  onClose(): void;
}

export function NotePanel({ paper, onSave, onClose }: NotePanelProps) {
  return (
    <section class="editor" role="dialog" aria-modal="true" aria-label="Note and tags" data-key={paper.key}>
      <NoteEditor
        title={paper.title}
        headingLevel={2}
        note={paper.note ?? ''}
        tags={paper.tags ?? []}
        focus="note"
        onSave={onSave}
        onClose={onClose}
      />
    </section>
  );
}
