/**
 * What the annotator needs from outside the page: the extension (messages, settings, the note editor) as a `Port`, and
 * the page itself. index.ts wires the port to runtime messaging, the settings item (lib/app/settings.ts) and the note
 * frame; tests pass an in-memory one.
 */
import type { Request, Response } from '../../lib/messages.ts';
import type { Settings } from '../../lib/settings.ts';
import type { SiteAdapter } from '../../lib/sites/types.ts';

export interface Port {
  /** Sends one request; never rejects (failures come back as `{ok: false}`). */
  send(request: Request): Promise<Response>;
  /** Calls `listener` with the keys the background says changed; returns the unsubscribe function. */
  onChanged(listener: (keys: string[]) => void): () => void;
  loadSettings(): Promise<Settings>;
  /**
   * Read-modify-write of the stored settings, serialized with every other change this tab makes; resolves to the
   * result.
   */
  updateSettings(change: (settings: Settings) => Settings): Promise<Settings>;
  /** Opens the note editor for a paper (an extension frame the page cannot read), until `signal` aborts. */
  openNote(key: string, focus: 'note' | 'tags', onClosed: () => void, signal: AbortSignal): void;
}

/** The page a content script runs on, as the annotator needs it. */
export interface Page {
  doc: Document;
  /** Updated by index.ts when the site changes its URL without a reload. */
  url: URL;
  adapter: SiteAdapter;
  kind: string;
}
