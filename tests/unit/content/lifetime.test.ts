/**
 * Invalidation ends everything the content script started: when WXT aborts `ctx.signal` (an extension reload or
 * update), every listener on the window, the document and the media query, every observer, timer and animation frame,
 * the port's listeners and the note editor are gone, and so is everything Dogear added to the page. On a real captured
 * page in jsdom, with recording stand-ins for what jsdom lacks (IntersectionObserver, ResizeObserver,
 * requestAnimationFrame, matchMedia).
 */
// @vitest-environment node
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotator } from '../../../entrypoints/papers.content/annotator.ts';
import { animationFrame, onAbort, timeout } from '../../../entrypoints/papers.content/lifetime.ts';
import { openNoteEditor } from '../../../entrypoints/papers.content/note-frame.ts';
import { watchPage } from '../../../entrypoints/papers.content/page-watch.ts';
import type { Port } from '../../../entrypoints/papers.content/port.ts';
import type { Response } from '../../../lib/messages.ts';
import { parseSettings } from '../../../lib/settings.ts';
import { findAdapter } from '../../../lib/sites/registry.ts';

const URL_NEW = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
const FIXTURE = join(import.meta.dirname, '../../fixtures/arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html');

interface Listener {
  target: EventTarget;
  type: string;
  listener: unknown;
  capture: boolean;
  signal?: AbortSignal;
}

/** A window that records what is started on it, and can tell what is still running. */
function recordingWindow() {
  const dom = new JSDOM(readFileSync(FIXTURE, 'utf8'), { url: URL_NEW });
  const win = dom.window as unknown as Window & typeof globalThis;
  const listeners: Listener[] = [];
  const proto = win.EventTarget.prototype;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  type Options = AddEventListenerOptions | boolean | undefined;
  const captureOf = (options: Options): boolean => (typeof options === 'boolean' ? options : Boolean(options?.capture));
  proto.addEventListener = function (this: EventTarget, type: string, listener: unknown, options?: Options) {
    const signal = typeof options === 'object' ? options.signal : undefined;
    // jsdom's selector engine listens for mouseover/mouseout on the document (for :hover): not ours.
    if (!new Error().stack?.includes('nwsapi'))
      listeners.push({ target: this, type, listener, capture: captureOf(options), signal });
    return add.call(this, type, listener as EventListener, options);
  };
  proto.removeEventListener = function (this: EventTarget, type: string, listener: unknown, options?: Options) {
    const capture = captureOf(options);
    const index = listeners.findIndex(
      (l) => l.target === this && l.type === type && l.listener === listener && l.capture === capture,
    );
    if (index >= 0) listeners.splice(index, 1);
    return remove.call(this, type, listener as EventListener, options);
  };

  const timers = new Set<number>();
  const setTimeout = win.setTimeout.bind(win);
  const clearTimeout = win.clearTimeout.bind(win);
  win.setTimeout = ((callback: () => void, ms?: number) => {
    const id = setTimeout(() => {
      timers.delete(id);
      callback();
    }, ms);
    timers.add(id);
    return id;
  }) as typeof win.setTimeout;
  win.clearTimeout = ((id: number) => {
    timers.delete(id);
    clearTimeout(id);
  }) as typeof win.clearTimeout;

  const frames = new Map<number, FrameRequestCallback>();
  let nextFrame = 1;
  win.requestAnimationFrame = (callback) => {
    frames.set(nextFrame, callback);
    return nextFrame++;
  };
  win.cancelAnimationFrame = (id) => void frames.delete(id);

  const observers: { connected: boolean; targets: Set<Element>; fire(): void }[] = [];
  function fakeObserver(kind: 'intersection' | 'resize') {
    return class {
      connected = true;
      targets = new Set<Element>();
      constructor(private readonly callback: (records: unknown[], observer: unknown) => void) {
        observers.push(this);
      }
      observe(target: Element) {
        this.targets.add(target);
      }
      unobserve(target: Element) {
        this.targets.delete(target);
      }
      disconnect() {
        this.connected = false;
        this.targets.clear();
      }
      /** Every target on screen, whole. */
      fire() {
        const records = [...this.targets].map((target) =>
          kind === 'intersection'
            ? {
                target,
                isIntersecting: true,
                intersectionRatio: 1,
                intersectionRect: { height: 100 },
                rootBounds: { height: 800 },
              }
            : { target },
        );
        if (records.length > 0) this.callback(records, this);
      }
    };
  }
  Object.assign(win, { IntersectionObserver: fakeObserver('intersection'), ResizeObserver: fakeObserver('resize') });
  const RealMutationObserver = win.MutationObserver;
  const mutationObservers: { connected: boolean }[] = [];
  win.MutationObserver = class extends RealMutationObserver {
    connected = true;
    constructor(callback: MutationCallback) {
      super(callback);
      mutationObservers.push(this);
    }
    override disconnect() {
      this.connected = false;
      super.disconnect();
    }
  };
  const media = new win.EventTarget();
  win.matchMedia = (() => Object.assign(media, { matches: false })) as unknown as typeof win.matchMedia;

  // Preact creates nodes through the global document.
  Object.assign(globalThis, { document: win.document });
  return {
    win,
    doc: win.document,
    observers,
    /** What is still running: listeners on the window, the document or the media query, observers, timers, frames. */
    running() {
      const globals = new Set<EventTarget>([win, win.document, media]);
      return {
        listeners: listeners.filter((l) => globals.has(l.target) && !l.signal?.aborted).map((l) => l.type),
        observers: observers.filter((o) => o.connected).length + mutationObservers.filter((o) => o.connected).length,
        timers: timers.size,
        frames: frames.size,
      };
    },
  };
}

afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

// Parsing the 101-entry page in jsdom takes seconds on a loaded machine.
describe('content script lifetime', { timeout: 30_000 }, () => {
  it('an aborted signal ends every listener, observer, timer, frame, port listener and the note editor', async () => {
    const { win, doc, observers, running } = recordingWindow();
    const pristine = doc.body.innerHTML;
    const found = findAdapter(new URL(URL_NEW))!;
    const page = { doc, url: new URL(URL_NEW), ...found };
    const subscriptions = { changed: 0 };
    const port: Port = {
      send: async (request): Promise<Response> =>
        request.type === 'lookup' ? { ok: true, states: {} } : { ok: true, states: {} },
      onChanged() {
        subscriptions.changed += 1;
        return () => (subscriptions.changed -= 1);
      },
      loadSettings: async () => parseSettings({}),
      updateSettings: async (change) => change(parseSettings({})),
      openNote(key, focus, onClosed, signal) {
        openNoteEditor({ doc, key, focus, frameUrl: (path) => `chrome-extension://x${path}`, onClosed, signal });
      },
    };
    const controller = new win.AbortController();
    const annotator = createAnnotator(page, port, controller.signal);
    watchPage(doc, () => void annotator.annotate(), controller.signal);
    await annotator.annotate();

    // Bring everything to life: rows reach the viewport (hosts mount; the seen tracker arms its dwell timers), entries
    // resize, the window resizes, the page changes, the note editor opens.
    for (const observer of [...observers]) observer.fire();
    for (const observer of [...observers]) observer.fire();
    win.dispatchEvent(new win.Event('resize'));
    doc.body.append(doc.createElement('p'));
    await new Promise((resolve) => win.setTimeout(resolve, 0));
    port.openNote('arxiv:2609.22268', 'note', () => {}, controller.signal);
    const live = running();
    expect(doc.querySelectorAll('[data-dogear-ui]').length).toBeGreaterThan(0);
    expect(doc.querySelectorAll('[data-dogear-note-host]')).toHaveLength(1);
    const started = [
      'pointerover',
      'focusin',
      'click',
      'auxclick',
      'keydown',
      'resize',
      'scroll',
      'visibilitychange',
      'message',
      'change',
    ];
    expect(live.listeners).toEqual(expect.arrayContaining(started));
    expect(live.observers).toBeGreaterThanOrEqual(5); // mounting, seen, resize, theme, page watch
    expect(live.timers).toBeGreaterThan(0);
    expect(live.frames).toBeGreaterThan(0);
    expect(subscriptions).toEqual({ changed: 1 });

    controller.abort();
    expect(running()).toEqual({ listeners: [], observers: 0, timers: 0, frames: 0 });
    expect(subscriptions).toEqual({ changed: 0 });
    expect(
      doc.querySelectorAll('[data-dogear-note-host], [data-dogear-bar], [data-dogear-ui], [data-dogear-mark]'),
    ).toHaveLength(0);
    expect(doc.body.innerHTML.replace('<p></p>', '')).toBe(pristine);
    // And nothing starts again: annotating once more does nothing.
    await annotator.annotate();
    expect(doc.querySelectorAll('[data-dogear-id]')).toHaveLength(0);
  });

  it('timers and frames end with the signal, and forget it once they have run', async () => {
    const { win, running } = recordingWindow();
    const controller = new win.AbortController();
    const ran: string[] = [];
    timeout(win, controller.signal, () => ran.push('early'), 0);
    timeout(win, controller.signal, () => ran.push('late'), 60_000);
    const cancel = timeout(win, controller.signal, () => ran.push('cancelled'), 0);
    cancel();
    animationFrame(win, controller.signal, () => ran.push('frame'));
    await new Promise((resolve) => win.setTimeout(resolve, 5));
    expect(ran).toEqual(['early']);
    expect(running()).toMatchObject({ timers: 1, frames: 1 });
    controller.abort();
    expect(running()).toMatchObject({ timers: 0, frames: 0 });
    // Already aborted: nothing starts, cleanups run at once.
    let cleaned = false;
    onAbort(controller.signal, () => (cleaned = true));
    timeout(win, controller.signal, () => ran.push('after'), 0);
    expect(cleaned).toBe(true);
    expect(running().timers).toBe(0);
  });
});
