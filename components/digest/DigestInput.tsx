/**
 * Where a digest comes in: a file input, the drop area around it, and a paste area. Markup and callbacks only; reading
 * the file and parsing it is the page's (entrypoints/digest/read-input.ts).
 */
import { useState } from 'preact/hooks';

export interface DigestInputProps {
  /** The `accept` list of the file input. */
  accept: string;
  /** A file is being read: the controls wait. */
  busy: boolean;
  /** A file dropped over the drop area is being dragged. */
  dragging: boolean;
  onFile(file: File): void;
  onPaste(text: string): void;
}

export function DigestInput({ accept, busy, dragging, onFile, onPaste }: DigestInputProps) {
  const [text, setText] = useState('');
  /** Changing it gives a fresh file input, so choosing the same file again reads it again. */
  const [inputKey, setInputKey] = useState(0);
  return (
    <section class="digest-input" aria-labelledby="input-heading">
      <h2 id="input-heading">Open a digest</h2>
      <p class="hint">
        An arXiv listing mail (plain text) or a Google Scholar alert (HTML), saved from your mail program as .eml, .txt
        or .html. The mail stays on this page: Dogear keeps only the papers you save or see, as it does on a site.
      </p>
      <div class={`drop-area${dragging ? ' dragging' : ''}`} data-drop-area>
        <p class="drop-target" aria-hidden="true">
          Drop a mail or a saved page here
        </p>
        <p class="drop-or" aria-hidden="true">
          or
        </p>
        <label class="visually-hidden" for="digest-file">
          Choose a file
        </label>
        <input
          key={inputKey}
          id="digest-file"
          type="file"
          accept={accept}
          disabled={busy}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            setInputKey((key) => key + 1);
            if (file) onFile(file);
          }}
        />
      </div>
      <form
        class="paste-area"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() !== '') onPaste(text);
        }}
      >
        <label for="digest-paste">Or paste the mail's text</label>
        <textarea
          id="digest-paste"
          rows={4}
          spellcheck={false}
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <button type="submit" disabled={busy || text.trim() === ''}>
          Read
        </button>
      </form>
    </section>
  );
}
