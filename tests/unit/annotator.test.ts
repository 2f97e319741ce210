/**
 * The annotator on real captured pages (jsdom), with an in-memory background: DOM contract, idempotence, no page
 * node moved, one batched lookup per pass.
 */
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotator, type Port } from '../../entrypoints/papers.content/annotator.tsx';
import type { Request, Response } from '../../lib/messages.ts';
import type { PaperState } from '../../lib/row-state.ts';
import { parseSettings } from '../../lib/settings.ts';
import { findAdapter } from '../../lib/sites/registry.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');

function load(fixture: string, url: string) {
  const dom = new JSDOM(readFileSync(join(FIXTURES, fixture), 'utf8'), { url });
  // Preact creates nodes through the global document.
  Object.assign(globalThis, { document: dom.window.document });
  const found = findAdapter(new URL(url));
  if (!found) throw new Error(`no adapter for ${url}`);
  return { doc: dom.window.document, page: { doc: dom.window.document, url: new URL(url), ...found } };
}

/** An in-memory background speaking the real protocol: the saved set decides `saved`, the seen set `seen`. */
function fakeBackground(saved: Set<string>, seen = new Set<string>(saved)) {
  const requests: Request[] = [];
  let listener: ((keys: string[]) => void) | undefined;
  const stateOf = (key: string): PaperState => ({ saved: saved.has(key), seen: seen.has(key), opened: false, noted: false });
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
    loadSettings: async () => parseSettings({}),
    saveSettings: async () => {},
    openNote: () => {},
    openUrl: () => {},
  };
  return { port, requests, changed: (keys: string[]) => listener?.(keys) };
}

afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

describe('annotator on the full arXiv /new page', () => {
  const url = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';

  it('marks dt and dd of all 101 entries with one lookup, and adds without moving anything', async () => {
    const { doc, page } = load('arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url);
    const before = [...doc.querySelectorAll('#dlpage *')];
    const background = fakeBackground(new Set(['arxiv:2609.22287']));
    await createAnnotator(page, background.port).annotate();

    expect(background.requests).toHaveLength(1);
    expect(background.requests[0]).toMatchObject({ type: 'lookup' });
    expect((background.requests[0] as { keys: string[] }).keys).toHaveLength(101);
    expect(doc.querySelectorAll('dt[data-dogear-id]')).toHaveLength(101);
    expect(doc.querySelectorAll('dd[data-dogear-id]')).toHaveLength(101);
    expect(doc.querySelectorAll('[data-dogear-ui]')).toHaveLength(101);
    expect([...doc.querySelectorAll('[data-dogear-state~="saved"]')].map((el) => el.tagName)).toEqual(['DT', 'DD']);
    expect(doc.querySelector('dt[data-dogear-id="arxiv:2609.22287"]')!.getAttribute('data-dogear-state')).toBe('seen saved');
    expect(doc.querySelectorAll('dt[data-dogear-state="new"]')).toHaveLength(100);
    expect(doc.documentElement.getAttribute('data-dogear-page')).toBe('arxiv-listing new');
    // Every original element is still there, in the same order, with the same parent.
    const after = [...doc.querySelectorAll('#dlpage *')].filter((el) => !el.closest('[data-dogear-ui]'));
    expect(after).toEqual(before);
  });

  it('is idempotent: annotating again adds no second control', async () => {
    const { doc, page } = load('arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url);
    const background = fakeBackground(new Set());
    const annotator = createAnnotator(page, background.port);
    await annotator.annotate();
    await annotator.annotate();
    await createAnnotator(page, fakeBackground(new Set()).port).annotate(); // a second script instance
    expect(doc.querySelectorAll('[data-dogear-ui]')).toHaveLength(101);
    for (const dt of doc.querySelectorAll('dt')) expect(dt.querySelectorAll('[data-dogear-ui]')).toHaveLength(1);
  });

  it('saves through the background and follows changes announced by other tabs', async () => {
    const { doc, page } = load('arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url);
    const saved = new Set<string>();
    const background = fakeBackground(saved);
    await createAnnotator(page, background.port).annotate();

    const dt = doc.querySelector('dt[data-dogear-id="arxiv:2609.22268"]')!;
    const button = dt.querySelector('[data-dogear-ui]')!.shadowRoot!.querySelector<HTMLButtonElement>('button.save')!;
    expect(button.textContent).toContain('Save');
    button.click();
    await expect.poll(() => dt.getAttribute('data-dogear-state')).toBe('seen saved');
    expect(background.requests.at(-1)).toMatchObject({ type: 'save', paper: { key: 'arxiv:2609.22268' }, source: { site: 'arxiv-listing', url } });
    expect(button.getAttribute('aria-pressed')).toBe('true');

    saved.delete('arxiv:2609.22268'); // unsaved elsewhere (popup)
    background.changed(['arxiv:2609.22268', 'arxiv:2401.00001']);
    await expect.poll(() => dt.getAttribute('data-dogear-state')).toBe('seen');
    expect(background.requests.at(-1)).toEqual({ type: 'lookup', keys: ['arxiv:2609.22268'] });
  });

  it('stop() removes every trace', async () => {
    const { doc, page } = load('arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', url);
    const pristine = doc.body.innerHTML;
    const annotator = createAnnotator(page, fakeBackground(new Set()).port);
    await annotator.annotate();
    annotator.stop();
    expect(doc.body.innerHTML).toBe(pristine);
    expect(doc.documentElement.hasAttribute('data-dogear-page')).toBe(false);
  });
});

describe('annotator on Hugging Face', () => {
  it('shows a failed save on the row instead of losing it silently', async () => {
    const { doc, page } = load('huggingface/daily_papers_2026-07-02_server.html', 'https://huggingface.co/papers');
    const background = fakeBackground(new Set());
    const port: Port = {
      ...background.port,
      async send(request) {
        if (request.type === 'save') return { ok: false, error: 'The browser refused to store more data' };
        return background.port.send(request);
      },
    };
    await createAnnotator(page, port).annotate();
    const article = doc.querySelector('article[data-dogear-id="arxiv:2606.28322"]')!;
    const shadow = article.querySelector('[data-dogear-ui]')!.shadowRoot!;
    shadow.querySelector<HTMLButtonElement>('button.save')!.click();
    await expect.poll(() => shadow.querySelector('[role="alert"]')?.textContent).toBe('Not saved: The browser refused to store more data');
    expect(article.getAttribute('data-dogear-state')).toBe('new');
  });
});
