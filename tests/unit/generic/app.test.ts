/**
 * Generic mode's browser wiring (lib/app/generic.ts) on WXT's fakeBrowser: which pages may record (genericAllowed),
 * what starting on a tab remembers and injects, and "always on" registration and removal. The fake has no scripting or
 * permissions, so those calls are recorded by stand-ins that keep the state the browser would.
 */
import { fakeBrowser } from '../app/fake-chrome.ts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  alwaysOnOrigins,
  disableOrigin,
  enableGranted,
  enableOrigin,
  forgetTab,
  genericAllowed,
  isStartedOn,
  notePending,
  startOnTab,
} from '../../../lib/app/generic.ts';

const PAGE = 'https://lab.example.org/reading/2026.html';
const ORIGIN = 'https://lab.example.org';

let granted: Set<string>;
let registered: Map<string, { id: string; matches?: string[]; js?: string[]; persistAcrossSessions?: boolean }>;
let injected: Array<{ tabId: number; files: string[] }>;

beforeEach(() => {
  fakeBrowser.reset();
  granted = new Set();
  registered = new Map();
  injected = [];
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins = [] }) =>
    origins.every((origin) => granted.has(origin)),
  );
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins = [] }) => {
    for (const origin of origins) granted.delete(origin);
    return true;
  });
  // The manifest's own hosts (the listing sites), which Remove must leave granted.
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'Dogear',
    version: '0',
    host_permissions: ['https://arxiv.org/*'],
  });
  vi.spyOn(fakeBrowser.scripting, 'insertCSS').mockImplementation(async () => undefined);
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async ({ target, files }: never) => {
    injected.push({ tabId: (target as { tabId: number }).tabId, files });
    return [{ result: 12, frameId: 0, documentId: 'd' }];
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation((async (filter?: {
    ids?: string[];
  }) => [...registered.values()].filter((script) => !filter?.ids || filter.ids.includes(script.id))) as never);
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation((async (scripts: never[]) => {
    for (const script of scripts as Array<{ id: string }>) registered.set(script.id, script);
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation((async (filter: { ids: string[] }) => {
    for (const id of filter.ids) registered.delete(id);
  }) as never);
});

describe('this tab, now', () => {
  it('remembers the tab and its origin, then injects the stylesheet and the script; answers the entry count', async () => {
    expect(await genericAllowed(new URL(PAGE), 7)).toBe(false);
    expect(await startOnTab(7, PAGE)).toEqual({ entries: 12 });
    expect(injected).toEqual([{ tabId: 7, files: ['/content-scripts/generic.js'] }]);
    expect(await genericAllowed(new URL(PAGE), 7)).toBe(true);
    expect(await genericAllowed(new URL(`${ORIGIN}/other-page`), 7)).toBe(true);
    expect(await isStartedOn(7, PAGE)).toBe(true);
  });

  it('refuses another tab, another origin in the same tab, and a closed tab', async () => {
    await startOnTab(7, PAGE);
    expect(await genericAllowed(new URL(PAGE), 8)).toBe(false);
    expect(await genericAllowed(new URL(PAGE), undefined)).toBe(false);
    expect(await genericAllowed(new URL('https://elsewhere.example.com/list'), 7)).toBe(false);
    await forgetTab(7);
    expect(await genericAllowed(new URL(PAGE), 7)).toBe(false);
  });

  it('does not run on pages that are not on the web', async () => {
    expect(await startOnTab(7, 'chrome://extensions/')).toEqual({
      error: 'Dogear can only mark papers on web pages (http or https).',
    });
    expect(await startOnTab(7, undefined)).toHaveProperty('error');
    expect(injected).toEqual([]);
  });

  it('says why when the browser refuses the injection', async () => {
    vi.mocked(fakeBrowser.scripting.executeScript).mockRejectedValueOnce(
      new Error('Cannot access contents of the page'),
    );
    expect(await startOnTab(7, PAGE)).toEqual({
      error: 'Dogear could not run on this page: Cannot access contents of the page',
    });
  });
});

describe('always on this site', () => {
  it('registers the script for the granted origin only, lists it, and allows its pages in any tab', async () => {
    expect(await enableOrigin(ORIGIN)).toBe(false);
    expect(registered.size).toBe(0);
    granted.add(`${ORIGIN}/*`);
    expect(await enableOrigin(ORIGIN)).toBe(true);
    expect(await enableOrigin(ORIGIN)).toBe(true); // idempotent
    expect([...registered.values()]).toEqual([
      {
        id: `dogear-generic ${ORIGIN}`,
        matches: [`${ORIGIN}/*`],
        js: ['content-scripts/generic.js'],
        css: ['content-scripts/generic.css'],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
    expect(await alwaysOnOrigins()).toEqual([ORIGIN]);
    expect(await genericAllowed(new URL(PAGE), 99)).toBe(true);
    // The permission taken back elsewhere (the browser's extension settings): refused again.
    granted.clear();
    expect(await genericAllowed(new URL(PAGE), 99)).toBe(false);
  });

  it('Remove unregisters, unlists and gives the permission back', async () => {
    granted.add(`${ORIGIN}/*`);
    await enableOrigin(ORIGIN);
    await disableOrigin(ORIGIN);
    expect(registered.size).toBe(0);
    expect(await alwaysOnOrigins()).toEqual([]);
    expect(granted.size).toBe(0);
    expect(await genericAllowed(new URL(PAGE), 99)).toBe(false);
  });

  it('Remove keeps the permission of a site Dogear holds anyway (a listing site of the manifest)', async () => {
    granted.add('https://arxiv.org/*');
    await enableOrigin('https://arxiv.org');
    await disableOrigin('https://arxiv.org');
    expect(registered.size).toBe(0);
    expect(await alwaysOnOrigins()).toEqual([]);
    expect([...granted]).toEqual(['https://arxiv.org/*']);
  });

  it('the background finishes a grant the popup did not live to hear, for the origin the popup asked for only', async () => {
    await notePending(ORIGIN);
    granted.add(`${ORIGIN}/*`).add('https://other.example.com/*');
    await enableGranted([`${ORIGIN}/*`, 'https://other.example.com/*']);
    expect(await alwaysOnOrigins()).toEqual([ORIGIN]);
    expect([...registered.keys()]).toEqual([`dogear-generic ${ORIGIN}`]);
  });
});
