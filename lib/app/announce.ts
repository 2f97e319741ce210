/**
 * Extension pages (popup, library) write the database directly — it is their own origin — and then tell every tab's
 * content script which papers changed, exactly as the background does after its own writes, so marks on open listings
 * follow within a second. Other extension pages need no message: their papers mirror sees the write (papers-mirror.ts).
 * Tabs without a Dogear content script reject the message; that is expected.
 */
import { browser } from 'wxt/browser';
import { MAX_LOOKUP_KEYS, type Changed } from '../messages.ts';

export async function announceChanged(keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const tabs = await browser.tabs.query({});
  // A content script re-looks-up at most MAX_LOOKUP_KEYS per notice: split bulk changes.
  for (let start = 0; start < keys.length; start += MAX_LOOKUP_KEYS) {
    const message: Changed = { type: 'changed', keys: keys.slice(start, start + MAX_LOOKUP_KEYS) };
    await Promise.allSettled(
      tabs.flatMap((tab) => (tab.id === undefined ? [] : [browser.tabs.sendMessage(tab.id, message)])),
    );
  }
}
