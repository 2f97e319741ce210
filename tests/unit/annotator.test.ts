/**
 * The annotator on real captured pages (jsdom), with an in-memory background: DOM contract (with and without
 * `pageStateAttributes`), closed shadow roots, untrusted events ignored, idempotence, no page node moved, batched
 * lookups. Clicks that must be trusted are driven in the E2E tests (a real browser); here a synthetic click must do
 * nothing.
 */
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotator } from '../../entrypoints/papers.content/annotator.ts';
import type { Port } from '../../entrypoints/papers.content/port.ts';
import type { Request, Response } from '../../lib/messages.ts';
import type { PaperState } from '../../lib/paper/state.ts';
import { parseSettings, type Settings } from '../../lib/settings.ts';
import { findAdapter } from '../../lib/sites/registry.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** Every shadow root the annotator attaches, open or closed, so the test can look inside as only Dogear can. */
const roots = new WeakMap<Element, ShadowRoot>();

function load(fixture: string, url: string) {
  const dom = new JSDOM(readFileSync(join(FIXTURES, fixture), 'utf8'), { url });
  const attach = dom.window.Element.prototype.attachShadow;
  dom.window.Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    roots.set(this, root);
    return root;
  };
  // Preact creates nodes through the global document.
  Object.assign(globalThis, { document: dom.window.document });
  const found = findAdapter(new URL(url));
  if (!found) throw new Error(`no adapter for ${url}`);
  // The annotator's lifetime: what WXT's ctx.signal is in the content script (a signal of the page's realm).
  const controller = new dom.window.AbortController();
  return {
    doc: dom.window.document,
    page: { doc: dom.window.document, url: new URL(url), ...found },
    controller,
    signal: controller.signal,
  };
}

/** An in-memory background speaking the real protocol: the saved set decides `saved`, the seen set `seen`. */
function fakeBackground(
  saved: Set<string>,
  seen = new Set<string>(saved),
  settings: Record<string, unknown> = { pageStateAttributes: true },
) {
  const requests: Request[] = [];
  let listener: ((keys: string[]) => void) | undefined;
  const stateOf = (key: string): PaperState => ({
    saved: saved.has(key),
    seen: seen.has(key),
    opened: false,
    noted: false,
  });
  const statesOf = (keys: string[]) => Object.fromEntries(keys.filter((k) => seen.has(k)).map((k) => [k, stateOf(k)]));
  const port: Port = {
    async send(request): Promise<Response> {
      requests.push(request);
      switch (request.type) {
        case 'lookup':
          return { ok: true, states: statesOf(request.keys) };
        case 'save':
          saved.add(request.paper.key);
          seen.add(request.paper.key);
          return { ok: true, states: statesOf([request.paper.key]) };
        case 'unsave':
          saved.delete(request.key);
          return { ok: true, states: statesOf([request.key]) };
        case 'markSeen':
          for (const paper of request.papers) seen.add(paper.key);
          return { ok: true, states: statesOf(request.papers.map((paper) => paper.key)) };
        default:
          return { ok: false, error: `unexpected ${request.type}` };
      }
    },
    onChanged(next) {
      listener = next;
      return () => (listener = undefined);
    },
    loadSettings: async () => parseSettings(settings),
    updateSettings: async (change: (settings: Settings) => Settings) => change(parseSettings(settings)),
    openNote: () => {},
  };
  return { port, requests, changed: (keys: string[]) => listener?.(keys) };
}

afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

const inside = (host: Element | null): ShadowRoot => {
  const root = host && roots.get(host);
  if (!root) throw new Error('no shadow root');
  return root;
};

// Parsing the 101-entry page in jsdom takes seconds on a loaded machine.
describe('annotator on the full arXiv /new page', { timeout: 30_000 }, () => {
  const url = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';

  it('marks dt and dd of all 101 entries with one lookup, and adds without moving anything', async () => {
    const { doc, page, signal } = load('arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url);
    const before = [...doc.querySelectorAll('#dlpage *')];
    const background = fakeBackground(new Set(['arxiv:2609.22287']));
    await createAnnotator(page, background.port, signal).annotate();

    expect(background.requests).toHaveLength(1);
    expect(background.requests[0]).toMatchObject({ type: 'lookup' });
    expect((background.requests[0] as { keys: string[] }).keys).toHaveLength(101);
    expect(doc.querySelectorAll('dt[data-dogear-id]')).toHaveLength(101);
    expect(doc.querySelectorAll('dd[data-dogear-id]')).toHaveLength(101);
    expect(doc.querySelectorAll('[data-dogear-ui]')).toHaveLength(101);
    expect(doc.querySelectorAll('dt > [data-dogear-mark]')).toHaveLength(101);
    expect([...doc.querySelectorAll('[data-dogear-state~="saved"]')].map((el) => el.tagName)).toEqual(['DT', 'DD']);
    expect(doc.querySelector('dt[data-dogear-id="arxiv:2609.22287"]')!.getAttribute('data-dogear-state')).toBe(
      'seen saved',
    );
    expect(doc.querySelectorAll('dt[data-dogear-state="new"]')).toHaveLength(100);
    expect(doc.documentElement.getAttribute('data-dogear-page')).toBe('arxiv-listing new');
    // Every original element is still there, in the same order, with the same parent.
    const after = [...doc.querySelectorAll('#dlpage *')].filter(
      (el) => !el.closest('[data-dogear-ui], [data-dogear-mark]'),
    );
    expect(after).toEqual(before);
  });

  it('by default tells the page nothing about states: closed roots, no state attributes, same markup saved or not', async () => {
    const { doc, page, signal } = load('arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url);
    const background = fakeBackground(new Set(['arxiv:2609.22287']), undefined, {});
    await createAnnotator(page, background.port, signal).annotate();
    expect(
      doc.querySelectorAll('[data-dogear-state], [data-dogear-fresh], [data-dogear-selected], [data-dogear-current]'),
    ).toHaveLength(0);
    const saved = doc.querySelector('dt[data-dogear-id="arxiv:2609.22287"]')!;
    const unsaved = doc.querySelector('dt[data-dogear-id="arxiv:2609.22268"]')!;
    for (const dt of [saved, unsaved]) {
      expect(dt.querySelector('[data-dogear-ui]')!.shadowRoot).toBeNull();
      expect(dt.querySelector('[data-dogear-mark]')!.shadowRoot).toBeNull();
    }
    const strip = (element: Element): string =>
      element.outerHTML.replaceAll(/arxiv:\d{4}\.\d{5}|\d{4}\.\d{5}(v\d)?/g, 'ID');
    expect(strip(saved.querySelector('[data-dogear-ui]')!)).toBe(strip(unsaved.querySelector('[data-dogear-ui]')!));
    expect(strip(saved.querySelector('[data-dogear-mark]')!)).toBe(strip(unsaved.querySelector('[data-dogear-mark]')!));
    // Only Dogear sees the difference.
    expect(inside(saved.querySelector('[data-dogear-ui]')).querySelector('button.save')!.textContent).toContain(
      'Saved',
    );
    expect(inside(unsaved.querySelector('[data-dogear-ui]')).querySelector('button.save')!.textContent).toContain(
      'Save',
    );
    expect(inside(saved.querySelector('[data-dogear-mark]')).querySelector('.mark')!.className).toContain('saved');
  });

  it('is idempotent: annotating again adds no second control', async () => {
    const { doc, page, signal } = load('arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url);
    const background = fakeBackground(new Set());
    const annotator = createAnnotator(page, background.port, signal);
    await annotator.annotate();
    await annotator.annotate();
    await createAnnotator(page, fakeBackground(new Set()).port, signal).annotate(); // a second script instance
    expect(doc.querySelectorAll('[data-dogear-ui]')).toHaveLength(101);
    expect(doc.querySelectorAll('[data-dogear-mark]')).toHaveLength(101);
    for (const dt of doc.querySelectorAll('dt')) expect(dt.querySelectorAll('[data-dogear-ui]')).toHaveLength(1);
  });

  it('ignores synthetic clicks and keys, and follows changes announced by other tabs', async () => {
    const { doc, page, signal } = load('arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url);
    const saved = new Set<string>();
    const seen = new Set<string>();
    const background = fakeBackground(saved, seen);
    await createAnnotator(page, background.port, signal).annotate();

    const dt = doc.querySelector('dt[data-dogear-id="arxiv:2609.22268"]')!;
    const button = inside(dt.querySelector('[data-dogear-ui]')).querySelector<HTMLButtonElement>('button.save')!;
    button.click(); // what a page script could do if it reached the button
    for (const key of ['j', 's', 'j', 's'])
      doc.dispatchEvent(new doc.defaultView!.KeyboardEvent('keydown', { key, bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(background.requests.map((request) => request.type)).toEqual(['lookup']);
    expect(dt.hasAttribute('data-dogear-current')).toBe(false);

    saved.add('arxiv:2609.22268'); // saved elsewhere (popup): new for this visit, and saved
    seen.add('arxiv:2609.22268');
    background.changed(['arxiv:2609.22268', 'arxiv:2401.00001']);
    await expect.poll(() => dt.getAttribute('data-dogear-state')).toBe('new saved');
    expect(background.requests.at(-1)).toEqual({ type: 'lookup', keys: ['arxiv:2609.22268'] });
    expect(button.getAttribute('aria-pressed')).toBe('true');
  });

  it('removes every trace when its signal aborts (the content script was invalidated)', async () => {
    const { doc, page, signal, controller } = load('arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url);
    const pristine = doc.body.innerHTML;
    const annotator = createAnnotator(page, fakeBackground(new Set()).port, signal);
    await annotator.annotate();
    controller.abort();
    expect(doc.body.innerHTML).toBe(pristine);
    expect(doc.documentElement.hasAttribute('data-dogear-page')).toBe(false);
  });
});
