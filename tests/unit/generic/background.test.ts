/**
 * The background's generic-mode wiring (entrypoints/background.ts): a content script on a page no adapter knows is
 * refused until the user starts generic mode on its tab, then its saves are recorded with the site `generic`; other
 * tabs stay refused. Run against WXT's fakeBrowser and fake-indexeddb, as tests/unit/app/background.test.ts.
 */
import { fakeBrowser } from '../app/fake-chrome.ts';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { startOnTab } from '../../../lib/app/generic.ts';
import { appDb } from '../../../lib/app/db.ts';
import { makeCandidate } from '../../support/papers.ts';

Dexie.dependencies.indexedDB = new IDBFactory();
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

const PAGE = 'https://lab.example.org/reading/2026.html';
const sender = (tabId: number) => ({
  id: fakeBrowser.runtime.id,
  url: PAGE,
  tab: { id: tabId, index: 0, windowId: 1, url: PAGE },
});

async function send(message: unknown, from: object): Promise<any> {
  let answer: (value: unknown) => void = () => undefined;
  const answered = new Promise((resolve) => (answer = resolve));
  await fakeBrowser.runtime.onMessage.trigger(message, from, answer);
  return answered;
}

let command: ((name: string, tab?: { id?: number; url?: string }) => void) | undefined;

beforeAll(async () => {
  fakeBrowser.reset();
  // The fake has no commands, permissions events or scripting: stand-ins that record what the background asks.
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(((listener: typeof command) => {
    command = listener;
  }) as never);
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.scripting, 'insertCSS').mockImplementation(async () => undefined);
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async () => [
    { result: 3, frameId: 0, documentId: 'd' },
  ]) as never);
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('no receiver'));
  const background = (await import('../../../entrypoints/background.ts')).default;
  background.main();
});

describe('generic mode in the background', () => {
  it('refuses a page no adapter knows until the user starts generic mode on its tab; then records it as generic', async () => {
    const paper = makeCandidate('2401.00011');
    const before = await send({ type: 'save', paper }, sender(5));
    expect(before.ok).toBe(false);
    expect(before.error).toMatch(/^refused: https:\/\/lab\.example\.org\/reading\/2026\.html is not a listing/);

    expect(await startOnTab(5, PAGE)).toEqual({ entries: 3 });
    const after = await send({ type: 'save', paper }, sender(5));
    expect(after.ok).toBe(true);
    const stored = await appDb().papers.get('arxiv:2401.00011');
    expect(stored?.savedFrom).toEqual({ site: 'generic', url: PAGE });

    // Another tab on the same page was not started.
    expect((await send({ type: 'save', paper: makeCandidate('2401.00012') }, sender(6))).ok).toBe(false);
  });

  it('the keyboard command starts generic mode on the tab it came from and shows the count on the badge', async () => {
    expect(command).toBeDefined();
    command!('mark-papers', { id: 9, url: PAGE });
    await vi.waitFor(async () => expect(await fakeBrowser.action.getBadgeText({ tabId: 9 })).toBe('3'));
    expect((await send({ type: 'save', paper: makeCandidate('2401.00013') }, sender(9))).ok).toBe(true);
  });
});
