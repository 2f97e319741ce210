/**
 * Extension pages (popup, library) write the database directly — it is their own origin — and then tell every tab's
 * content script which papers changed, exactly as the background does after its own writes, so marks on open
 * listings follow within a second. Tabs without a Dogear content script reject the message; that is expected.
 */
import { browser } from 'wxt/browser';
import type { Changed } from '../lib/messages.ts';
import { MAX_LOOKUP_KEYS } from '../lib/messages.ts';

export async function announceChanged(keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const tabs = await browser.tabs.query({});
  // A content script re-looks-up at most MAX_LOOKUP_KEYS per notice: split bulk changes.
  for (let start = 0; start < keys.length; start += MAX_LOOKUP_KEYS) {
    const message: Changed = { type: 'changed', keys: keys.slice(start, start + MAX_LOOKUP_KEYS) };
    await Promise.allSettled(tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message))));
  }
}
