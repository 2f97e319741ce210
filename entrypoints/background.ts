/**
 * Owns the database and answers messages. Wiring only: the logic is in lib/messages.ts and lib/db/.
 * The worker can be killed at any moment (MV3 idles it after ~30 s); every write is one committed transaction, so a
 * kill loses at most the message in flight, which the sender sees as an error.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { AppDB } from '../lib/db/app-db.ts';
import { lookupStates, savePaper, unsavePaper } from '../lib/db/papers-repo.ts';
import { dispatch, type Changed, type Handlers } from '../lib/messages.ts';

export default defineBackground(() => {
  const db = new AppDB();

  /** Tells every tab to refresh these papers' marks. Tabs without our content script reject; that is expected. */
  async function announce(keys: string[]): Promise<void> {
    const message: Changed = { type: 'changed', keys };
    const tabs = await browser.tabs.query({});
    await Promise.allSettled(tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message))));
  }

  const handlers: Handlers = {
    lookup: (keys) => lookupStates(db, keys),
    async save({ paper, source }) {
      const state = await savePaper(db, paper, source);
      void announce([paper.key]);
      return state;
    },
    async unsave(key) {
      const state = await unsavePaper(db, key);
      void announce([key]);
      return state;
    },
  };

  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    void dispatch(raw, sender, browser.runtime.id, handlers).then(sendResponse);
    return true; // the answer is sent asynchronously
  });
});
