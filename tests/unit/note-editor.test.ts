/**
 * The one note-and-tags editor (note frame, popup panel, library detail) in jsdom: page text stays text, tags parse
 * predictably, the keys work, and a failed save never loses what the user typed.
 */
import { JSDOM } from 'jsdom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  draftProblem,
  MAX_NOTE_LENGTH,
  NoteEditor,
  type NoteEditorProps,
  type SaveResult,
} from '../../components/NoteEditor.tsx';

let dom: JSDOM | undefined;

async function mount(overrides: Partial<NoteEditorProps> = {}) {
  dom = new JSDOM('<!doctype html><html><body><div id="app"></div></body></html>', {
    url: 'chrome-extension://abc/note.html',
  });
  const win = dom.window;
  const doc = win.document;
  // Preact creates nodes through the global document.
  Object.assign(globalThis, { document: doc });
  const onSave = vi.fn<(draft: { note: string; tags: string[] }) => Promise<SaveResult>>(async () => ({ ok: true }));
  const onClose = vi.fn();
  const props: NoteEditorProps = { title: 'A paper', note: '', tags: [], focus: 'note', onSave, onClose, ...overrides };
  const app = doc.getElementById('app')!;
  await act(() => render(h(NoteEditor, props), app));
  const textarea = app.querySelector('textarea')!;
  const tagsInput = app.querySelector<HTMLInputElement>('input[name="tags"]')!;

  async function type(field: HTMLTextAreaElement | HTMLInputElement, value: string): Promise<void> {
    await act(() => {
      field.value = value;
      field.dispatchEvent(new win.Event('input', { bubbles: true }));
    });
  }
  async function key(target: Element, init: KeyboardEventInit): Promise<void> {
    await act(() => {
      target.dispatchEvent(new win.KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
    });
  }
  const alert = () => app.querySelector('[role="alert"]')?.textContent;
  const chips = () => [...app.querySelectorAll('.chip-text')].map((chip) => chip.textContent);
  return { win, doc, app, textarea, tagsInput, onSave, onClose, type, key, alert, chips };
}

afterEach(() => {
  if (dom) render(null, dom.window.document.getElementById('app')!);
  dom = undefined;
  delete (globalThis as { document?: unknown }).document;
});

describe('draftProblem', () => {
  it('accepts what the background accepts and names what it would refuse', () => {
    expect(draftProblem({ note: 'x'.repeat(MAX_NOTE_LENGTH), tags: ['a'.repeat(100)] })).toBeUndefined();
    expect(draftProblem({ note: 'x'.repeat(MAX_NOTE_LENGTH + 1), tags: [] })).toMatch(/too long/);
    expect(draftProblem({ note: '', tags: ['a'.repeat(101)] })).toMatch(/tag is too long/);
    expect(draftProblem({ note: '', tags: Array.from({ length: 201 }, (_, i) => `t${i}`) })).toMatch(/Too many tags/);
  });
});

describe('NoteEditor', () => {
  it('renders a hostile title as text, never as markup', async () => {
    const title = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const { app } = await mount({ title });
    expect(app.querySelector('.title')!.textContent).toBe(title);
    expect(app.querySelector('img')).toBeNull();
    expect(app.querySelector('script')).toBeNull();
  });

  it('prefills the note and tags, shows tags as chips and focuses the field asked for', async () => {
    const first = await mount({ note: 'Read §3.', tags: ['ml', 'to read'] });
    expect(first.textarea.value).toBe('Read §3.');
    expect(first.tagsInput.value).toBe('ml, to read');
    expect(first.chips()).toEqual(['ml', 'to read']);
    expect(first.doc.activeElement).toBe(first.textarea);
    render(null, first.app);

    const second = await mount({ focus: 'tags', tags: ['ml'] });
    expect(second.doc.activeElement).toBe(second.tagsInput);
  });

  it('updates the chips as tags are typed, and a chip’s × removes its tag', async () => {
    const { app, tagsInput, type, chips } = await mount();
    await type(tagsInput, ' diffusion, ML ,ml,, robotics ');
    expect(chips()).toEqual(['diffusion', 'ML', 'robotics']);
    await act(() => app.querySelector<HTMLButtonElement>('button[aria-label="Remove tag ML"]')!.click());
    expect(tagsInput.value).toBe('diffusion, robotics');
    expect(chips()).toEqual(['diffusion', 'robotics']);
  });

  it('saves note and parsed tags on Ctrl+Enter and on Cmd+Enter, not on a plain Enter', async () => {
    const { textarea, tagsInput, onSave, type, key } = await mount();
    await type(textarea, '# Idea\n\nTry it **now**.');
    await type(tagsInput, 'b, a, b ,');
    await key(textarea, { key: 'Enter' });
    expect(onSave).not.toHaveBeenCalled();
    await key(textarea, { key: 'Enter', ctrlKey: true });
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenLastCalledWith({ note: '# Idea\n\nTry it **now**.', tags: ['b', 'a'] });
    await key(tagsInput, { key: 'Enter', metaKey: true });
    expect(onSave).toHaveBeenCalledTimes(2);
  });

  it('saves from the Save button', async () => {
    const { app, textarea, onSave, type } = await mount({ tags: ['x'] });
    await type(textarea, 'note');
    await act(() => app.querySelector<HTMLButtonElement>('button.save')!.click());
    expect(onSave).toHaveBeenCalledWith({ note: 'note', tags: ['x'] });
  });

  it('sends once when Ctrl+Enter is pressed twice during a save', async () => {
    let finish: (result: SaveResult) => void = () => {};
    const onSave = vi.fn(() => new Promise<SaveResult>((resolve) => (finish = resolve)));
    const { textarea, key, app } = await mount({ onSave });
    await key(textarea, { key: 'Enter', ctrlKey: true });
    await key(textarea, { key: 'Enter', ctrlKey: true });
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(app.querySelector<HTMLButtonElement>('button.save')!.disabled).toBe(true);
    await act(async () => finish({ ok: true }));
    expect(app.querySelector<HTMLButtonElement>('button.save')!.disabled).toBe(false);
  });

  it('closes on Escape when nothing changed, and from the Cancel/Close button', async () => {
    const first = await mount({ note: 'kept' });
    await first.key(first.textarea, { key: 'Escape' });
    expect(first.onClose).toHaveBeenCalledTimes(1);
    render(null, first.app);

    const second = await mount();
    await second.type(second.textarea, 'typed');
    await act(() => second.app.querySelector<HTMLButtonElement>('button.cancel')!.click());
    expect(second.onClose).toHaveBeenCalledTimes(1);
  });

  it('asks for a second Escape before discarding typed text', async () => {
    const { textarea, onClose, type, key, alert } = await mount({ note: 'old' });
    await type(textarea, 'old and new');
    await key(textarea, { key: 'Escape' });
    expect(onClose).not.toHaveBeenCalled();
    expect(alert()).toMatch(/Unsaved changes/);
    expect(textarea.value).toBe('old and new');
    await key(textarea, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('shows why a save failed and keeps everything typed', async () => {
    const onSave = vi.fn(async (): Promise<SaveResult> => ({
      ok: false,
      error: 'The browser refused to store more data',
    }));
    const { app, textarea, tagsInput, type, key, alert, chips, onClose } = await mount({ onSave });
    await type(textarea, 'precious words');
    await type(tagsInput, 'keep, me');
    await key(textarea, { key: 'Enter', ctrlKey: true });
    expect(alert()).toBe('Not saved: The browser refused to store more data');
    expect(textarea.value).toBe('precious words');
    expect(tagsInput.value).toBe('keep, me');
    expect(chips()).toEqual(['keep', 'me']);
    expect(onClose).not.toHaveBeenCalled();
    expect(app.querySelector<HTMLButtonElement>('button.save')!.disabled).toBe(false);

    // A thrown error is shown the same way; a later success clears the message.
    onSave.mockRejectedValueOnce(new Error('Dogear did not answer.'));
    await key(textarea, { key: 'Enter', ctrlKey: true });
    expect(alert()).toBe('Not saved: Dogear did not answer.');
    onSave.mockResolvedValueOnce({ ok: true });
    await key(textarea, { key: 'Enter', ctrlKey: true });
    expect(alert()).toBeUndefined();
    expect(textarea.value).toBe('precious words');
  });

  it('refuses to send a note the background would reject, and says why', async () => {
    const { textarea, onSave, type, key, alert } = await mount();
    await type(textarea, 'x'.repeat(MAX_NOTE_LENGTH + 1));
    await key(textarea, { key: 'Enter', ctrlKey: true });
    expect(onSave).not.toHaveBeenCalled();
    expect(alert()).toMatch(/The note is too long/);
    expect(textarea.value).toHaveLength(MAX_NOTE_LENGTH + 1);
  });
});

describe('NoteEditor as a panel that stays (the library detail: no onClose)', () => {
  it('has no Close button and leaves Escape to the page', async () => {
    const { app, textarea, doc } = await mount({ onClose: undefined, title: undefined, focus: undefined });
    expect(app.querySelector('button.cancel')).toBeNull();
    expect(app.querySelector('h1, h2')).toBeNull();
    expect(doc.activeElement).not.toBe(textarea); // no focus taken without `focus`
    const escape = new dom!.window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    let reachedPage = false;
    app.addEventListener('keydown', () => (reachedPage = true));
    await act(() => {
      textarea.dispatchEvent(escape);
    });
    expect(escape.defaultPrevented).toBe(false);
    expect(reachedPage).toBe(true);
  });

  it('says Saved, takes the saved draft as its new start, and Revert puts back the stored text', async () => {
    const { app, textarea, tagsInput, type, key, onSave } = await mount({
      onClose: undefined,
      note: 'stored',
      tags: ['a'],
    });
    await type(textarea, 'edited');
    const revert = () => [...app.querySelectorAll('button')].find((button) => button.textContent === 'Revert');
    expect(revert()).toBeDefined();
    await act(() => revert()!.click());
    expect(textarea.value).toBe('stored');
    expect(revert()).toBeUndefined();

    await type(textarea, 'edited again');
    await type(tagsInput, 'a, b');
    await key(textarea, { key: 'Enter', ctrlKey: true });
    expect(onSave).toHaveBeenLastCalledWith({ note: 'edited again', tags: ['a', 'b'] });
    expect(app.querySelector('[role="status"]')?.textContent).toBe('Saved.');
    expect(revert()).toBeUndefined(); // nothing unsaved any more
    await type(textarea, 'edited again!');
    expect(app.querySelector('[role="status"]')).toBeNull();
  });

  it('shows a change made elsewhere while nothing was typed, and keeps typed text when one arrives', async () => {
    const first = await mount({ onClose: undefined, note: 'old', tags: [] });
    const onSave = first.onSave;
    await act(() => render(h(NoteEditor, { note: 'from another tab', tags: ['x'], onSave }), first.app));
    expect(first.textarea.value).toBe('from another tab');
    expect(first.tagsInput.value).toBe('x');

    await first.type(first.textarea, 'my words');
    await act(() => render(h(NoteEditor, { note: 'yet another', tags: ['x'], onSave }), first.app));
    expect(first.textarea.value).toBe('my words');
  });

  it('uses a level-2 heading in a panel', async () => {
    const { app } = await mount({ headingLevel: 2, title: 'In the popup' });
    expect(app.querySelector('h2.title')?.textContent).toBe('In the popup');
    expect(app.querySelector('h1')).toBeNull();
  });
});
