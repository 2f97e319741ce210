/**
 * One content script for every supported listing. Its matches come from the adapter registry at build time; at run time
 * the URL picks the adapter (cheap), then the adapter parses the page in place. Wiring only: the annotator does the
 * work; this file connects it to runtime messaging, storage and the note-editor frame.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { loadSettings } from '../../lib/app/settings.ts';
import { allMatchPatterns, findAdapter } from '../../lib/sites/registry.ts';
import { createAnnotator } from './annotator.ts';
import { watchPage } from './page-watch.ts';
import { runtimePort } from './runtime-port.ts';
import './page.css';

const port = runtimePort;

/**
 * Runs at document_start so that evaluating this script costs nothing after the page is parsed: the annotation itself
 * waits for DOMContentLoaded and runs inside its dispatch, ahead of the tasks Chrome queues after it (its page-text
 * capture blocks the main thread for 100-250 ms on a 2,000-row arXiv page). At document_end or document_idle Chrome
 * injects the script after those tasks, 200 ms or more later (npm run bench).
 */
export default defineContentScript({
  matches: allMatchPatterns(),
  runAt: 'document_start',
  main(ctx) {
    const url = new URL(location.href);
    const found = findAdapter(url);
    if (!found) return; // a matched URL that is not a listing, e.g. a single Hugging Face paper page
    const settings = loadSettings(); // meanwhile: it is needed once the rows are marked
    const start = (): void => {
      if (ctx.isInvalid) return;
      const page = { doc: document, url, adapter: found.adapter, kind: found.kind };
      // Everything the annotator and the page watch start ends with ctx.signal (an extension reload or update).
      const annotator = createAnnotator(
        page,
        { ...port, loadSettings: () => settings.catch(loadSettings) },
        ctx.signal,
      );
      watchPage(document, () => void annotator.annotate(), ctx.signal);
      // Hugging Face switches Daily/Weekly/Monthly and search without a reload: keep the page's URL and kind current
      // (saves record where they came from); the re-rendered list itself is picked up by watchPage.
      ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => {
        const next = findAdapter(newUrl);
        if (next?.adapter !== page.adapter) return;
        page.url = newUrl;
        page.kind = next.kind;
        void annotator.annotate();
      });
      void annotator.annotate();
    };
    // Injected again into an open tab after an update (background.ts), the document is long complete.
    if (document.readyState === 'loading') ctx.addEventListener(document, 'DOMContentLoaded', start, { once: true });
    else start();
  },
});
