/**
 * The note editor page. It runs as an extension page inside an iframe that the listing's content script puts in a
 * closed shadow root (entrypoints/papers.content/note-frame.ts), the way Zotero's connector isolates its UI: the page's
 * scripts can neither read this document nor the note in it.
 *
 * It reads and writes through the background with the privileged `getNote` / `setNote` / `setTags` requests that only
 * extension pages may send. It does not open the database itself: a frame embedded in another site can be denied
 * storage (Chromium without storage partitioning and with third-party cookies blocked). When done it asks the host page
 * to remove the frame; that message carries the nonce from the hash and nothing else, since the page can read it.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { NoteEditor, type NoteDraft, type SaveResult } from '../../components/NoteEditor.tsx';
import { sendRequest, type NoteView, type Request, type Response } from '../../lib/messages.ts';
import { parseNoteHash } from './hash.ts';
import './style.css';

const request = parseNoteHash(location.hash);

type State = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; paper: NoteView };

function close(): void {
  if (window.parent === window) {
    window.close(); // opened on its own (e.g. from the extension's pages): nothing to tell
    return;
  }
  // No note, tag or key here: only the nonce that lets the content script ignore forged closes.
  window.parent.postMessage({ dogear: 'note-closed', nonce: request.nonce }, '*');
}

const send = (request: Request): Promise<Response> =>
  sendRequest((message) => browser.runtime.sendMessage(message), request);

async function loadPaper(key: string): Promise<State> {
  const response = await send({ type: 'getNote', key });
  if (!response.ok) return { status: 'error', error: response.error };
  if (!response.note) return { status: 'error', error: 'Dogear sent no note.' };
  return { status: 'ready', paper: response.note };
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, index) => tag === b[index]);
}

function App() {
  const [state, setState] = useState<State>(
    request.ok ? { status: 'loading' } : { status: 'error', error: request.error },
  );

  useEffect(() => {
    if (request.ok) void loadPaper(request.key).then(setState);
  }, []);

  // Escape closes the loading and error views too (the editor handles its own keys).
  useEffect(() => {
    if (state.status === 'ready') return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [state.status]);

  if (state.status === 'loading') return <main class="note-page" aria-busy="true" />;
  if (state.status === 'error') {
    return (
      <main class="note-page message">
        <p role="alert">{state.error}</p>
        <button type="button" class="cancel" onClick={close} ref={(button) => button?.focus()}>
          Close
        </button>
      </main>
    );
  }

  return (
    <main class="note-page">
      <PaperNote paper={state.paper} focus={request.ok ? request.focus : 'note'} />
    </main>
  );
}

function PaperNote({ paper, focus }: { paper: NoteView; focus: 'note' | 'tags' }) {
  // What the background holds now: after a partial failure (note stored, tags refused) a retry resends only the rest.
  const stored = useRef({ note: paper.note, tags: paper.tags });

  async function save(draft: NoteDraft): Promise<SaveResult> {
    if (draft.note !== stored.current.note) {
      const response = await send({ type: 'setNote', key: paper.key, note: draft.note });
      if (!response.ok) return response;
      stored.current.note = draft.note;
    }
    if (!sameTags(draft.tags, stored.current.tags)) {
      const response = await send({ type: 'setTags', key: paper.key, tags: draft.tags });
      if (!response.ok) return response;
      stored.current.tags = draft.tags;
    }
    close();
    return { ok: true };
  }

  return (
    <NoteEditor title={paper.title} note={paper.note} tags={paper.tags} focus={focus} onSave={save} onClose={close} />
  );
}

render(<App />, document.getElementById('app')!); // index.html always has #app
