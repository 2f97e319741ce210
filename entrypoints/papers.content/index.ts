/**
 * One content script for every supported listing. Its matches come from the adapter registry at build time; at run
 * time the URL picks the adapter (cheap), then the adapter parses the page in place.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { ChangedSchema, type Request, type Response } from '../../lib/messages.ts';
import { allMatchPatterns, findAdapter } from '../../lib/sites/registry.ts';
import { createAnnotator, type Port } from './annotator.tsx';
import './page.css';

const port: Port = {
  async send(request: Request): Promise<Response> {
    try {
      const response = (await browser.runtime.sendMessage(request)) as Response | undefined;
      return response ?? { ok: false, error: 'Dogear did not answer' };
    } catch (error) {
      // After an extension update this context is invalidated; the new content script takes over the page.
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  },
  onChanged(listener) {
    const onMessage = (raw: unknown, sender: { id?: string }): undefined => {
      if (sender.id !== browser.runtime.id) return;
      const changed = ChangedSchema.safeParse(raw);
      if (changed.success) listener(changed.data.keys);
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  },
};

export default defineContentScript({
  matches: allMatchPatterns(),
  runAt: 'document_idle',
  main(ctx) {
    const url = new URL(location.href);
    const found = findAdapter(url);
    if (!found) return; // a matched URL that is not a listing, e.g. a single Hugging Face paper page
    const annotator = createAnnotator({ doc: document, url, adapter: found.adapter, kind: found.kind }, port);
    ctx.onInvalidated(() => annotator.stop());
    void annotator.annotate();
  },
});
