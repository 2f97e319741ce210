/**
 * The note frame as the page sees it (jsdom): one host element with a closed shadow root, an extension iframe whose
 * hash carries key, focus and nonce, and closes accepted only from that iframe with that nonce: the page can neither
 * read the note nor forge a close.
 */
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseNoteHash } from '../../entrypoints/note/hash.ts';
import {
  NOTE_HOST_ATTRIBUTE,
  noteFrameSrc,
  openNoteEditor,
  type NoteEditorOptions,
} from '../../entrypoints/papers.content/note-frame.ts';

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const frameUrl = (path: string) => `${EXTENSION}${path}`;
const open: { close(): void }[] = [];

function page() {
  const dom = new JSDOM('<!doctype html><html><body><dl id="articles"><dt>Entry</dt></dl></body></html>', {
    url: 'https://arxiv.org/list/cs.LG/new',
  });
  const win = dom.window;
  // The page cannot reach a closed root; the test can, by recording what attachShadow returns.
  const roots: ShadowRoot[] = [];
  const attachShadow = win.Element.prototype.attachShadow;
  win.Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    roots.push(root);
    return root;
  };
  return { win, doc: win.document, roots };
}

function openEditor(doc: Document, overrides: Partial<NoteEditorOptions> = {}) {
  const onClosed = vi.fn();
  const handle = openNoteEditor({ doc, key: 'doi:10.1000/a&b#c d', focus: 'note', frameUrl, onClosed, ...overrides });
  open.push(handle);
  return { handle, onClosed };
}

/**
 * Our iframe. jsdom gives iframes inside a shadow tree no browsing context (`contentWindow` stays null; browsers do
 * give them one), so each gets a window of its own here, standing in for the extension page's.
 */
function frameOf(roots: ShadowRoot[], index = -1): HTMLIFrameElement {
  const iframe = roots.at(index)!.querySelector('iframe')!;
  if (iframe.contentWindow === null) {
    const frameWindow = new JSDOM('', { url: 'https://example.invalid/' }).window;
    Object.defineProperty(iframe, 'contentWindow', { value: frameWindow, configurable: true });
  }
  return iframe;
}

function hashOf(iframe: HTMLIFrameElement): URLSearchParams {
  return new URLSearchParams(new URL(iframe.src).hash.slice(1));
}

function post(win: JSDOM['window'], data: unknown, source: unknown): void {
  win.dispatchEvent(new win.MessageEvent('message', { data, source: source as Window }));
}

afterEach(() => {
  for (const handle of open.splice(0)) handle.close();
});

describe('openNoteEditor', () => {
  it('adds one host with a closed shadow root holding a style and the extension iframe', () => {
    const { doc, roots } = page();
    openEditor(doc);
    const hosts = doc.querySelectorAll(`[${NOTE_HOST_ATTRIBUTE}]`);
    expect(hosts).toHaveLength(1);
    const host = hosts[0]!;
    expect(host.parentNode).toBe(doc.body);
    expect(host.shadowRoot).toBeNull();
    expect(roots).toHaveLength(1);
    expect(roots[0]!.mode).toBe('closed');
    expect(roots[0]!.host).toBe(host);
    const style = roots[0]!.querySelector('style')!.textContent!;
    expect(style).toContain(':host');
    expect(style).toContain('all: initial !important');
    expect(style).toContain('position: fixed !important');
    expect(style).not.toMatch(/\d(rem|em)\b/); // rem follows the page's font size
  });

  it('builds the src from frameUrl with the key encoded, the focus and a fresh nonce', () => {
    const { doc, roots } = page();
    openEditor(doc, { focus: 'tags' });
    const src = frameOf(roots).src;
    expect(src.startsWith(`${EXTENSION}/note.html#key=doi%3A10.1000%2Fa%26b%23c%20d&focus=tags&nonce=`)).toBe(true);
    const hash = hashOf(frameOf(roots));
    expect(hash.get('key')).toBe('doi:10.1000/a&b#c d');
    expect(hash.get('focus')).toBe('tags');
    expect(hash.get('nonce')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    openEditor(doc, { key: 'arxiv:2401.12345' });
    expect(hashOf(frameOf(roots)).get('focus')).toBe('note');
    expect(hashOf(frameOf(roots)).get('nonce')).not.toBe(hash.get('nonce'));
  });

  it('hands the note page what it asked for (entrypoints/note/hash.ts reads the same hash)', () => {
    for (const key of ['arxiv:2401.12345', 'arxiv:hep-th/9901001', 'doi:10.1000/x(1)&y#z']) {
      const src = noteFrameSrc(frameUrl, key, 'tags', '0f8fad5b-d9cb-469f-a165-70867728950e');
      expect(parseNoteHash(new URL(src).hash)).toEqual({
        ok: true,
        key,
        focus: 'tags',
        nonce: '0f8fad5b-d9cb-469f-a165-70867728950e',
      });
    }
    expect(parseNoteHash('#key=arxiv%3A2401.12345v2&focus=note&nonce=abc')).toMatchObject({ ok: false });
    expect(parseNoteHash('#focus=note')).toMatchObject({ ok: false, error: 'No paper was given to this note editor.' });
    expect(parseNoteHash('#key=arxiv%3A2401.12345&focus=evil&nonce=<x>')).toEqual({
      ok: true,
      key: 'arxiv:2401.12345',
      focus: 'note',
      nonce: '',
    });
  });

  it('shows the page nothing but an empty host: no key, no focus, no nonce in the light DOM', () => {
    const { doc, roots } = page();
    const key = 'arxiv:2401.12345';
    openEditor(doc, { key });
    const nonce = hashOf(frameOf(roots)).get('nonce')!;
    const html = doc.documentElement.outerHTML;
    expect(html).toContain(`<div ${NOTE_HOST_ATTRIBUTE}=""></div>`);
    for (const secret of [key, '2401.12345', nonce, 'note.html', 'iframe', EXTENSION])
      expect(html).not.toContain(secret);
    expect([...doc.querySelectorAll('iframe')]).toEqual([]);
  });

  it('ignores forged closes: wrong nonce, wrong source, no source, other shapes', () => {
    const { win, doc, roots } = page();
    const { onClosed } = openEditor(doc);
    const iframe = frameOf(roots);
    const nonce = hashOf(iframe).get('nonce')!;
    expect(iframe.contentWindow).not.toBeNull();

    post(win, { dogear: 'note-closed', nonce: 'guess' }, iframe.contentWindow);
    post(win, { dogear: 'note-closed' }, iframe.contentWindow);
    post(win, { dogear: 'note-closed', nonce }, win); // the page posting to itself
    post(win, { dogear: 'note-closed', nonce }, null);
    post(win, 'note-closed', iframe.contentWindow);
    post(win, null, iframe.contentWindow);
    const other = doc.createElement('iframe');
    doc.body.append(other);
    expect(other.contentWindow).not.toBeNull();
    post(win, { dogear: 'note-closed', nonce }, other.contentWindow); // a page frame that learnt the nonce

    expect(onClosed).not.toHaveBeenCalled();
    expect(doc.querySelector(`[${NOTE_HOST_ATTRIBUTE}]`)).not.toBeNull();
  });

  it('closes on the frame’s own message with the right nonce, once', () => {
    const { win, doc, roots } = page();
    const { onClosed } = openEditor(doc);
    const iframe = frameOf(roots);
    const nonce = hashOf(iframe).get('nonce')!;
    post(win, { dogear: 'note-closed', nonce }, iframe.contentWindow);
    expect(onClosed).toHaveBeenCalledTimes(1);
    expect(doc.querySelector(`[${NOTE_HOST_ATTRIBUTE}]`)).toBeNull();
    post(win, { dogear: 'note-closed', nonce }, iframe.contentWindow);
    expect(onClosed).toHaveBeenCalledTimes(1);
  });

  it('keeps one editor at a time: opening another closes the first', () => {
    const { win, doc, roots } = page();
    const first = openEditor(doc, { key: 'arxiv:2401.00001' });
    const firstFrame = frameOf(roots);
    const firstNonce = hashOf(firstFrame).get('nonce')!;
    const second = openEditor(doc, { key: 'arxiv:2401.00002', focus: 'tags' });
    expect(first.onClosed).toHaveBeenCalledTimes(1);
    expect(second.onClosed).not.toHaveBeenCalled();
    expect(doc.querySelectorAll(`[${NOTE_HOST_ATTRIBUTE}]`)).toHaveLength(1);
    expect(hashOf(frameOf(roots)).get('key')).toBe('arxiv:2401.00002');

    // The first frame's late close must not close the second editor.
    post(win, { dogear: 'note-closed', nonce: firstNonce }, firstFrame.contentWindow);
    expect(second.onClosed).not.toHaveBeenCalled();
    expect(doc.querySelectorAll(`[${NOTE_HOST_ATTRIBUTE}]`)).toHaveLength(1);
  });

  it('closes on Escape in the page, and close() is idempotent and stops listening', () => {
    const { win, doc } = page();
    const { onClosed } = openEditor(doc);
    doc.body.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    expect(onClosed).not.toHaveBeenCalled();
    doc.body.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onClosed).toHaveBeenCalledTimes(1);
    expect(doc.querySelector(`[${NOTE_HOST_ATTRIBUTE}]`)).toBeNull();

    const again = openEditor(doc);
    again.handle.close();
    again.handle.close();
    expect(again.onClosed).toHaveBeenCalledTimes(1);
    doc.body.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(again.onClosed).toHaveBeenCalledTimes(1);
    expect(onClosed).toHaveBeenCalledTimes(1);
  });

  it('keeps editors of different documents apart', () => {
    const a = page();
    const b = page();
    const first = openEditor(a.doc);
    openEditor(b.doc);
    expect(first.onClosed).not.toHaveBeenCalled();
    expect(a.doc.querySelectorAll(`[${NOTE_HOST_ATTRIBUTE}]`)).toHaveLength(1);
  });
});
