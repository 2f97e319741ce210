/**
 * Shows the note editor over a listing without letting the page read the note. The editor is an extension page
 * (entrypoints/note) in an iframe, inside a _closed_ shadow root, with a nonce in the URL hash, as Zotero's connector
 * isolates its UI. The page's scripts see one empty host element: no key, no title, no note or tag text. The key
 * travels only in the iframe's src, inside the closed root; the frame itself is cross-origin to the page.
 *
 * The frame asks to be closed with `postMessage({dogear: 'note-closed', nonce})`. The page can post messages too, so
 * only a message from our iframe's window carrying this editor's nonce counts.
 *
 * No `browser` import here (`frameUrl` is injected) so this runs in node tests.
 */
import { onAbort } from './lifetime.ts';

export interface NoteEditorOptions {
  doc: Document;
  /** Canonical paper key; the frame validates it again. */
  key: string;
  /** Field focused on open: `n` → note, `t` → tags. */
  focus: 'note' | 'tags';
  /** `browser.runtime.getURL` in the content script. */
  frameUrl: (path: string) => string;
  /** Called once when the editor goes away, whatever closed it (save, cancel, Escape, another editor, `close()`). */
  onClosed: () => void;
  /** Closes the editor when it aborts (the content script was invalidated). */
  signal?: AbortSignal;
}

export interface NoteEditorHandle {
  close(): void;
}

export const NOTE_HOST_ATTRIBUTE = 'data-dogear-note-host';

/** Every rule on :host is !important: the host lives in the page's DOM and the page's CSS can target it. */
const STYLE = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  top: 16px !important;
  right: 16px !important;
  bottom: auto !important;
  left: auto !important;
  width: 420px !important;
  height: 360px !important;
  max-width: calc(100vw - 32px) !important;
  max-height: calc(100vh - 32px) !important;
  margin: 0 !important;
  padding: 0 !important;
  z-index: 2147483647 !important;
  visibility: visible !important;
  opacity: 1 !important;
  transform: none !important;
}
iframe {
  display: block;
  box-sizing: border-box;
  width: 100%;
  height: 100%;
  margin: 0;
  border: 1px solid rgba(127, 127, 127, 0.45);
  border-radius: 10px;
  box-shadow: 0 10px 32px rgba(0, 0, 0, 0.35);
  background: transparent;
}
`;

/** The open editor of each document: one at a time. */
const openEditors = new WeakMap<Document, NoteEditorHandle>();

interface NoteClosed {
  dogear: 'note-closed';
  nonce: string;
}

function isNoteClosed(data: unknown): data is NoteClosed {
  return typeof data === 'object' && data !== null && (data as NoteClosed).dogear === 'note-closed';
}

/** The iframe src: the frame reads key, focus and nonce back with entrypoints/note/hash.ts. */
export function noteFrameSrc(
  frameUrl: (path: string) => string,
  key: string,
  focus: 'note' | 'tags',
  nonce: string,
): string {
  return `${frameUrl('/note.html')}#key=${encodeURIComponent(key)}&focus=${focus}&nonce=${nonce}`;
}

/** Opens the editor for one paper, closing any editor already open in `doc`. */
export function openNoteEditor(options: NoteEditorOptions): NoteEditorHandle {
  const { doc, key, focus, frameUrl, onClosed, signal } = options;
  openEditors.get(doc)?.close();

  const win = doc.defaultView as Window; // a listing document always has a window
  const nonce = crypto.randomUUID();

  const host = doc.createElement('div');
  host.setAttribute(NOTE_HOST_ATTRIBUTE, '');
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const iframe = doc.createElement('iframe');
  iframe.title = 'Dogear note editor';
  iframe.src = noteFrameSrc(frameUrl, key, focus === 'tags' ? 'tags' : 'note', nonce);
  // The user just pressed n/t or clicked Note: move the focus into the frame so its field gets the keys.
  iframe.addEventListener('load', () => iframe.focus());
  root.append(style, iframe);

  let closed = false;
  let forgetAbort = (): void => {};
  const handle: NoteEditorHandle = { close };
  function close(): void {
    if (closed) return;
    closed = true;
    forgetAbort();
    win.removeEventListener('message', onMessage);
    doc.removeEventListener('keydown', onKeyDown, true);
    host.remove();
    if (openEditors.get(doc) === handle) openEditors.delete(doc);
    onClosed();
  }
  function onMessage(event: MessageEvent): void {
    if (event.source === null || event.source !== iframe.contentWindow) return;
    if (!isNoteClosed(event.data) || event.data.nonce !== nonce) return;
    close();
  }
  function onKeyDown(event: KeyboardEvent): void {
    // Keys typed inside the frame never reach the page; this is Escape with the focus back on the listing.
    if (event.key === 'Escape' && !event.isComposing) close();
  }

  win.addEventListener('message', onMessage);
  doc.addEventListener('keydown', onKeyDown, true);
  if (signal) forgetAbort = onAbort(signal, close);
  openEditors.set(doc, handle);
  doc.body.append(host);
  return handle;
}
