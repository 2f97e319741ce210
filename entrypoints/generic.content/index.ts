/**
 * Generic mode's content script: marks the papers of a page no site adapter knows (lib/generic), with the same
 * annotator, port and marks as the listing sites' script. Never in the manifest's content scripts: the background
 * injects it into the current tab when the user asks (popup button, keyboard command), or registers it for an origin
 * the user set to "always on" (lib/app/generic.ts). Wiring only.
 *
 * `main` answers the injection with the number of entries found, which the popup shows.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { loadSettings } from '../../lib/app/settings.ts';
import { genericAdapter, GENERIC_KIND } from '../../lib/generic/adapter.ts';
import { findAdapter } from '../../lib/sites/registry.ts';
import type { Annotator } from '../papers.content/annotator.ts';
import { watchPage } from '../papers.content/page-watch.ts';
import { runtimePort } from '../papers.content/runtime-port.ts';
import '../papers.content/page.css';

/**
 * Where a started instance keeps its annotator: every injection into a tab runs in the same isolated world, so a second
 * start (the user clicks again after a feed loaded more) re-annotates instead of stacking a second annotator.
 */
const STARTED = Symbol.for('dogear.generic');
type World = typeof globalThis & { [STARTED]?: Annotator };

export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  async main(ctx): Promise<number> {
    const url = new URL(location.href);
    // A listing site's own content script already marks this page, with its adapter's richer entries.
    if (findAdapter(url)) return 0;
    const entries = genericAdapter.scan(document, url).length;
    const world = globalThis as World;
    const running = world[STARTED];
    if (running) {
      void running.annotate();
      return entries;
    }
    const settings = loadSettings();
    // Imported here rather than at the top: WXT imports every entrypoint in node at build time to read its options, and
    // two entrypoints importing the annotator's inline stylesheets there make Vite's CSS plugin fail.
    const { createAnnotator } = await import('../papers.content/annotator.ts');
    if (ctx.isInvalid || world[STARTED]) return entries;
    const page = { doc: document, url, adapter: genericAdapter, kind: GENERIC_KIND };
    // Everything the annotator and the page watch start ends with ctx.signal (an extension reload or update).
    const annotator = createAnnotator(
      page,
      { ...runtimePort, loadSettings: () => settings.catch(loadSettings) },
      ctx.signal,
    );
    world[STARTED] = annotator;
    ctx.onInvalidated(() => {
      if (world[STARTED] === annotator) delete world[STARTED];
    });
    watchPage(document, () => void annotator.annotate(), ctx.signal);
    // Feeds that change their address without a reload: saves record the page they came from.
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => {
      page.url = newUrl;
      void annotator.annotate();
    });
    void annotator.annotate();
    return entries;
  },
});
