/**
 * The annotator's Port in a content script: runtime messaging to the background, the stored settings, and the note
 * editor frame. Shared by the listing sites' content script (index.ts) and generic mode's
 * (entrypoints/generic.content).
 */
import { browser } from 'wxt/browser';
import { loadSettings, updateSettings } from '../../lib/app/settings.ts';
import { ChangedSchema, sendRequest } from '../../lib/messages.ts';
import { openNoteEditor } from './note-frame.ts';
import type { Port } from './port.ts';

export const runtimePort: Port = {
  // After an extension update this context is invalidated and sending fails; the new content script takes over.
  send: (request) => sendRequest((message) => browser.runtime.sendMessage(message), request),
  onChanged(listener) {
    const onMessage = (raw: unknown, sender: { id?: string }): undefined => {
      if (sender.id !== browser.runtime.id) return;
      const changed = ChangedSchema.safeParse(raw);
      if (changed.success) listener(changed.data.keys);
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  },
  loadSettings,
  updateSettings,
  openNote(key, focus, onClosed, signal) {
    openNoteEditor({
      doc: document,
      key,
      focus,
      frameUrl: (path) => browser.runtime.getURL(path as '/note.html'),
      onClosed,
      signal,
    });
  },
};
