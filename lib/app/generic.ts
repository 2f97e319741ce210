/**
 * Generic mode's wiring to the browser: it runs on a page only when the user asks.
 *
 * - **This tab, now**: the popup's "Mark papers on this page" or the keyboard command. Both come with the `activeTab`
 *   grant for the current tab, so the content script is injected without any host permission. The tab and its origin
 *   are remembered in `storage.session` (the session's tabs only; content scripts cannot read it) so that the
 *   background accepts that page's saves (genericAllowed).
 * - **Always on this site**: the popup asks for that one origin as an optional host permission, then the content script
 *   is registered for it (`scripting.registerContentScripts`, kept across sessions), and the origin is listed in
 *   `storage.local`. The library's settings list these origins; Remove unregisters the script and gives the permission
 *   back.
 *
 * The popup, the library page and the background all call these functions; the background also registers an origin
 * whose permission was granted while the popup closed (the browser's prompt can close it before the answer arrives).
 */
import { browser } from 'wxt/browser';

/** The generic content script and its stylesheet, as WXT builds them (entrypoints/generic.content). */
const SCRIPT = '/content-scripts/generic.js';
const STYLE = '/content-scripts/generic.css';

/** Tabs the user started generic mode on this session: tab id → the origin it was started on. */
const TABS_KEY = 'genericTabs';
/** Origins where generic mode is always on, in the order they were added. */
const ORIGINS_KEY = 'genericOrigins';
/** Origins the popup asked the permission for, not yet registered (the popup may close before the answer). */
const PENDING_KEY = 'genericPending';

/** The keyboard command's name in the manifest (`commands`). */
export const MARK_COMMAND = 'mark-papers';

/** The origin of an http(s) page, or undefined for any other address (browser pages, files, the Web Store…). */
export function pageOrigin(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The match pattern and permission of one origin: every page on it. */
export function originPattern(origin: string): string {
  return `${origin}/*`;
}

/** The id of an origin's registered content script. */
function scriptId(origin: string): string {
  return `dogear-generic ${origin}`;
}

async function sessionTabs(): Promise<Record<string, string>> {
  const stored = (await browser.storage.session.get(TABS_KEY))[TABS_KEY];
  return typeof stored === 'object' && stored !== null ? (stored as Record<string, string>) : {};
}

async function storedList(key: string): Promise<string[]> {
  const area = key === PENDING_KEY ? browser.storage.session : browser.storage.local;
  const stored = (await area.get(key))[key];
  return Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string') : [];
}

async function storeList(key: string, values: readonly string[]): Promise<void> {
  const area = key === PENDING_KEY ? browser.storage.session : browser.storage.local;
  await area.set({ [key]: [...values] });
}

/** What starting generic mode on a tab gave: how many entries it marks, or why it did not run. */
export type StartResult = { entries: number } | { error: string };

/**
 * Runs generic mode on a tab: remembers the tab and its origin (first, so the page's first messages are accepted), then
 * injects the stylesheet and the content script. Needs host access to the tab: the `activeTab` grant of the toolbar
 * button or keyboard command, or the origin's permission. The content script answers with the number of entries it
 * found; a second start on the same page annotates it again.
 */
export async function startOnTab(tabId: number, href: string | undefined): Promise<StartResult> {
  const origin = pageOrigin(href);
  if (origin === undefined) return { error: 'Dogear can only mark papers on web pages (http or https).' };
  const tabs = await sessionTabs();
  await browser.storage.session.set({ [TABS_KEY]: { ...tabs, [String(tabId)]: origin } });
  try {
    await browser.scripting.insertCSS({ target: { tabId }, files: [STYLE] });
    const [result] = await browser.scripting.executeScript({ target: { tabId }, files: [SCRIPT] });
    const entries = (result as { result?: unknown } | undefined)?.result;
    return { entries: typeof entries === 'number' ? entries : 0 };
  } catch (error) {
    return { error: `Dogear could not run on this page: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Forgets a closed tab (tabs.onRemoved). */
export async function forgetTab(tabId: number): Promise<void> {
  const tabs = await sessionTabs();
  if (!(String(tabId) in tabs)) return;
  delete tabs[String(tabId)];
  await browser.storage.session.set({ [TABS_KEY]: tabs });
}

/**
 * Whether generic mode may record papers from a page (lib/messages.ts dispatch): the user started it on this tab and
 * the page is still on that origin, or generic mode is always on for the page's origin (listed, and its permission
 * still granted).
 */
export async function genericAllowed(url: URL, tabId: number | undefined): Promise<boolean> {
  const origin = pageOrigin(url.href);
  if (origin === undefined) return false;
  if (tabId !== undefined && (await sessionTabs())[String(tabId)] === origin) return true;
  if (!(await storedList(ORIGINS_KEY)).includes(origin)) return false;
  return browser.permissions.contains({ origins: [originPattern(origin)] });
}

/** Whether the user started generic mode on this tab, at this origin, this session. */
export async function isStartedOn(tabId: number, href: string | undefined): Promise<boolean> {
  const origin = pageOrigin(href);
  return origin !== undefined && (await sessionTabs())[String(tabId)] === origin;
}

/** Notes that the popup asked for `origin`'s permission, for the background to finish if the popup closes. */
export async function notePending(origin: string): Promise<void> {
  const pending = await storedList(PENDING_KEY);
  if (!pending.includes(origin)) await storeList(PENDING_KEY, [...pending, origin]);
}

/**
 * Turns "always on" on for an origin whose permission is granted: registers the content script for it (kept across
 * sessions) and lists it. Idempotent. False when the permission is not granted.
 */
export async function enableOrigin(origin: string): Promise<boolean> {
  const pattern = originPattern(origin);
  if (!(await browser.permissions.contains({ origins: [pattern] }))) return false;
  const id = scriptId(origin);
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (registered.length === 0) {
    await browser.scripting.registerContentScripts([
      {
        id,
        matches: [pattern],
        // Registered files are named from the extension's root, without the leading slash.
        js: [SCRIPT.slice(1)],
        css: [STYLE.slice(1)],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  }
  const origins = await storedList(ORIGINS_KEY);
  if (!origins.includes(origin)) await storeList(ORIGINS_KEY, [...origins, origin]);
  await storeList(
    PENDING_KEY,
    (await storedList(PENDING_KEY)).filter((pending) => pending !== origin),
  );
  return true;
}

/** Registers the pending origins among newly granted permissions (permissions.onAdded, in the background). */
export async function enableGranted(patterns: readonly string[]): Promise<void> {
  const pending = await storedList(PENDING_KEY);
  for (const origin of pending) if (patterns.includes(originPattern(origin))) await enableOrigin(origin);
}

/**
 * Turns "always on" off for an origin: unregisters the content script, unlists it and gives the host permission back.
 * An origin Dogear holds anyway (a listing site of the manifest) keeps that permission: the browser refuses to remove a
 * required one, and the listing sites need it.
 */
export async function disableOrigin(origin: string): Promise<void> {
  const id = scriptId(origin);
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [id] });
  await storeList(
    ORIGINS_KEY,
    (await storedList(ORIGINS_KEY)).filter((listed) => listed !== origin),
  );
  const required = browser.runtime.getManifest().host_permissions ?? [];
  if (!required.includes(originPattern(origin))) {
    await browser.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
  }
}

/** The origins where generic mode is always on. */
export function alwaysOnOrigins(): Promise<string[]> {
  return storedList(ORIGINS_KEY);
}

/** Calls `listener` whenever the always-on list changes; returns the unsubscribe function. */
export function watchAlwaysOn(listener: (origins: string[]) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area !== 'local' || !(ORIGINS_KEY in changes)) return;
    const value = changes[ORIGINS_KEY]!.newValue;
    listener(Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

/** The tab under the popup: the active tab of the last focused browser window. */
export async function currentTab(): Promise<{ id: number; url?: string } | undefined> {
  // Chromium counts a popup opened in a window of its own (type popup) as the last focused window; Firefox ignores the
  // filter (deprecated there, with a warning that an add-on in a strict profile gets as an error), and its toolbar popup
  // is a panel of the browser window, never a window.
  const window = await browser.windows.getLastFocused(import.meta.env.FIREFOX ? {} : { windowTypes: ['normal'] });
  const [tab] = await browser.tabs.query({ active: true, windowId: window.id });
  return tab?.id === undefined ? undefined : { id: tab.id, ...(tab.url === undefined ? {} : { url: tab.url }) };
}

/**
 * Asks for an origin's host permission, for "Always on this site". Must run in the click handler itself, before any
 * other await: the browser grants it only during the user's gesture. Resolves to whether the user allowed it.
 */
export function requestOrigin(origin: string): Promise<boolean> {
  const asked = browser.permissions.request({ origins: [originPattern(origin)] });
  void notePending(origin);
  return asked;
}
