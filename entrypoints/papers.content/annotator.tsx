/**
 * Annotates a parsed listing in place: `data-dogear-id` / `data-dogear-state` on each entry's own root elements (the
 * DOM contract in the README) and a shadow-root control appended at the adapter's anchor. Nothing of the page is
 * moved or rewrapped. Running it again on the same page is idempotent.
 */
import { render } from 'preact';
import { RowControls } from '../../components/RowControls.tsx';
import type { PaperState } from '../../lib/db/papers-repo.ts';
import type { Request, Response } from '../../lib/messages.ts';
import type { Source } from '../../lib/model.ts';
import type { ListingEntry, SiteAdapter } from '../../lib/sites/types.ts';
import rowCss from './row.css?inline';

const UI_ATTRIBUTE = 'data-dogear-ui';

interface Row {
  entry: ListingEntry;
  host: HTMLElement;
  busy: boolean;
  error?: string;
}

/** The page a content script runs on, as the annotator needs it. */
export interface Page {
  doc: Document;
  url: URL;
  adapter: SiteAdapter;
  kind: string;
}

/** How the annotator talks to the background; the content script wires it to `runtime` messaging. */
export interface Port {
  /** Sends one request; never rejects (failures come back as `{ok: false}`). */
  send(request: Request): Promise<Response>;
  /** Calls `listener` with the keys the background says changed; returns the unsubscribe function. */
  onChanged(listener: (keys: string[]) => void): () => void;
}

export interface Annotator {
  /** Parses the page again and decorates every entry (idempotent); resolves once marks reflect the library. */
  annotate(): Promise<void>;
  /** Removes everything Dogear added to the page. */
  stop(): void;
}

/** The page address as a saved source; very long URLs keep their path only. */
function sourceOf(page: Page): Source {
  const href = page.url.href.length <= 2000 ? page.url.href : `${page.url.origin}${page.url.pathname}`.slice(0, 2000);
  return { site: page.adapter.id, url: href };
}

function statesToken(state: PaperState | undefined): string {
  return state?.saved ? 'saved' : '';
}

export function createAnnotator(page: Page, port: Port): Annotator {
  const { doc } = page;
  const { send } = port;
  const rows = new Map<string, Row[]>();
  const states = new Map<string, PaperState>();

  function paint(row: Row): void {
    const key = row.entry.paper.key;
    const state = states.get(key);
    for (const root of row.entry.roots) {
      root.setAttribute('data-dogear-id', key);
      root.setAttribute('data-dogear-state', statesToken(state));
    }
    render(
      <RowControls
        saved={state?.saved ?? false}
        busy={row.busy}
        error={row.error}
        onToggleSave={() => void toggleSave(key)}
      />,
      row.host.shadowRoot!.lastElementChild!, // the container mount() created
    );
  }

  function paintKey(key: string): void {
    for (const row of rows.get(key) ?? []) paint(row);
  }

  /** A fresh host at the entry's anchor, replacing one an earlier run (or an older version of Dogear) left there. */
  function mount(entry: ListingEntry): HTMLElement {
    for (const stale of entry.anchor.querySelectorAll(`:scope > [${UI_ATTRIBUTE}]`)) stale.remove();
    const host = doc.createElement('span');
    host.setAttribute(UI_ATTRIBUTE, '');
    const shadow = host.attachShadow({ mode: 'open' });
    // A <style> per root rather than adoptedStyleSheets: Chromium shares the parsed sheet between identical texts,
    // and constructed sheets do not cross Firefox's content-script compartment.
    const style = doc.createElement('style');
    style.textContent = rowCss;
    shadow.append(style, doc.createElement('span'));
    entry.anchor.append(host);
    return host;
  }

  async function refresh(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const response = await send({ type: 'lookup', keys });
    if (!response.ok) {
      console.warn('Dogear: lookup failed:', response.error);
      return;
    }
    for (const key of keys) {
      const state = response.states[key];
      if (state) states.set(key, state);
      else states.delete(key);
      paintKey(key);
    }
  }

  async function toggleSave(key: string): Promise<void> {
    const group = rows.get(key);
    const first = group?.[0];
    if (!group || !first) return;
    const saved = states.get(key)?.saved ?? false;
    for (const row of group) {
      row.busy = true;
      delete row.error;
    }
    paintKey(key);
    const response = await send(
      saved ? { type: 'unsave', key } : { type: 'save', paper: first.entry.paper, source: sourceOf(page) },
    );
    for (const row of group) {
      row.busy = false;
      if (!response.ok) row.error = `Not ${saved ? 'removed' : 'saved'}: ${response.error}`;
    }
    if (response.ok) {
      const state = response.states[key];
      if (state) states.set(key, state);
    }
    paintKey(key);
  }

  /** Parses the page and decorates every entry; safe to call again after the page changes. */
  function decorate(): string[] {
    const entries = page.adapter.parse(doc, page.url);
    rows.clear();
    for (const entry of entries) {
      const row: Row = { entry, host: mount(entry), busy: false };
      const group = rows.get(entry.paper.key);
      if (group) group.push(row);
      else rows.set(entry.paper.key, [row]);
      paint(row);
    }
    doc.documentElement.setAttribute('data-dogear-page', `${page.adapter.id} ${page.kind}`);
    doc.documentElement.setAttribute('data-dogear-entries', String(entries.length));
    return [...rows.keys()];
  }

  const unsubscribe = port.onChanged((keys) => void refresh(keys.filter((key) => rows.has(key))));

  return {
    async annotate() {
      await refresh(decorate());
      // `data-dogear-ready` tells tests and users' scripts that every mark reflects the library.
      doc.documentElement.setAttribute('data-dogear-ready', '');
    },
    stop() {
      unsubscribe();
      for (const group of rows.values()) {
        for (const row of group) {
          render(null, row.host.shadowRoot!.lastElementChild!);
          row.host.remove();
          for (const root of row.entry.roots) {
            root.removeAttribute('data-dogear-id');
            root.removeAttribute('data-dogear-state');
          }
        }
      }
      rows.clear();
      for (const name of ['data-dogear-page', 'data-dogear-entries', 'data-dogear-ready']) {
        doc.documentElement.removeAttribute(name);
      }
    },
  };
}
