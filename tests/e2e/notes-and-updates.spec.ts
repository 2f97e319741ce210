/**
 * Notes and tags live in an extension frame the page cannot read; a noted paper is marked wherever it appears. And
 * after an extension update, open listings are re-annotated by the new version. Marks and controls are read inside
 * Dogear's closed shadow roots (tests/support/closed-ui.ts), as the reader sees them.
 */
import type { Frame, Page } from '@playwright/test';
import { allMatchPatterns } from '../../lib/sites/registry.ts';
import { PAGES, serviceWorker, type ServedPage } from '../support/browser.ts';
import type { ClosedUi } from '../support/closed-ui.ts';
import { expect, reach, test } from './fixtures.ts';

const NOTE = 'Secret reading note: compare with §3 of the MoE paper';
const ID = '2609.22287';
/** The real search capture, its first result given the id of a /new entry, to meet the noted paper on another page. */
const searchWithPaper: ServedPage = {
  ...PAGES.arxivSearch,
  rewrite: (html) => html.replaceAll(/arXiv:(\d{4}\.\d{4,5})/.exec(html)![1]!, ID),
};

test.use({ served: { pages: [PAGES.arxivNew, searchWithPaper] } });

const BAR = '[data-dogear-bar]';
const bar = (page: Page) => page.locator(BAR);
/** Host selectors of one entry's controls and mark (`root` is the entry's first root element: dt, or li on search). */
const controls = (id: string, root = 'dt'): string => `${root}[data-dogear-id="arxiv:${id}"] [data-dogear-ui]`;
const mark = (id: string, root = 'dt'): string => `${root}[data-dogear-id="arxiv:${id}"] > [data-dogear-mark]`;

/** The class list of an entry's mark (`mark <kind> …`) and its overlays, once it has mounted. */
async function markOf(ui: ClosedUi, host: string): Promise<{ kind?: string; current: boolean; selected: boolean }> {
  const [found] = await ui.query(host, '.mark');
  return {
    kind: found?.attributes.class?.split(' ')[1],
    current: (await ui.query(host, '.mark > .outline')).length === 1,
    selected: (await ui.query(host, '.mark > .tint')).length === 1,
  };
}

async function saveButton(ui: ClosedUi, host: string): Promise<string | undefined> {
  const [save] = await ui.query(host, 'button.save');
  return save && `${save.text} ${save.attributes['aria-pressed']}`;
}

/** The editor frame that is open now (a closed one may linger in page.frames() while it detaches). */
async function noteFrame(page: Page, previous?: Frame): Promise<Frame> {
  const open = (): Frame | undefined =>
    page.frames().find((frame) => frame.url().includes('/note.html') && !frame.isDetached() && frame !== previous);
  await expect.poll(() => open() !== undefined).toBe(true);
  const frame = open()!;
  await frame.locator('.note-editor').waitFor();
  return frame;
}

test('n and t edit the note and tags in a frame the page cannot read', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(page);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect.poll(() => markOf(ui, mark(ID))).toEqual({ kind: 'new', current: true, selected: false });
  await page.keyboard.press('n');

  const frame = await noteFrame(page);
  await expect(frame.locator('h1.title')).toContainText('Predicting energy and structural response');
  // The page sees a host element only: its shadow root is closed and the frame is another origin.
  const host = page.locator('[data-dogear-note-host]');
  await expect(host).toHaveCount(1);
  expect(await host.evaluate((el) => el.shadowRoot)).toBeNull();

  await frame.getByRole('textbox', { name: 'Note (Markdown)' }).fill(NOTE);
  await frame.getByRole('textbox', { name: 'Note (Markdown)' }).press('Control+Enter');
  await expect(host).toHaveCount(0, { timeout: 15_000 }); // the write goes through the background first
  // Noted: the mark and the Note button say so; the page itself learns nothing of it.
  await expect.poll(() => markOf(ui, mark(ID))).toEqual({ kind: 'noted', current: true, selected: false });
  const note = await ui.one(controls(ID), 'button.note');
  expect(note.text).toBe('✎ Noted');
  expect(note.attributes['aria-pressed']).toBe('true');
  await expect(page.locator('[data-dogear-state]')).toHaveCount(0);
  expect(await page.content()).not.toContain('Secret reading note');
  expect(await page.evaluate(() => document.documentElement.outerHTML.includes('Secret reading note'))).toBe(false);

  // Tags: `t` opens the same editor on the tags field; what was saved comes back.
  await page.keyboard.press('t');
  const tagsFrame = await noteFrame(page, frame);
  await expect(tagsFrame.getByRole('textbox', { name: 'Note (Markdown)' })).toHaveValue(NOTE);
  const tags = tagsFrame.getByRole('textbox', { name: 'Tags (comma-separated)' });
  // The tags field has the keyboard: what the user types next lands there.
  await expect(tags).toBeFocused();
  await page.keyboard.type('cond-mat, to read, To Read');
  await expect(tags).toHaveValue('cond-mat, to read, To Read');
  await tagsFrame.getByRole('button', { name: 'Save' }).click();
  await expect(host).toHaveCount(0);
  await page.keyboard.press('t');
  const again = await noteFrame(page, tagsFrame);
  await expect(again.locator('.chips .chip-text')).toHaveText(['cond-mat', 'to read']);
  // Nothing changed: the editor closes at once, on the key's down stroke. The release is sent after the frame is gone,
  // so the press never waits on a frame being torn down (a whole `press` into it could stall the test).
  await page.keyboard.down('Escape');
  await expect(host).toHaveCount(0);
  await page.keyboard.up('Escape');

  // The same paper on another page shows its note marker.
  const search = await dogear.open(searchWithPaper);
  const searchUi = await dogear.ui(search);
  await reach(search.locator(`li[data-dogear-id="arxiv:${ID}"]`));
  await expect.poll(async () => (await markOf(searchUi, mark(ID, 'li'))).kind).toBe('noted');
  expect((await searchUi.one(controls(ID, 'li'), 'button.note')).text).toBe('✎ Noted');
  expect(await search.content()).not.toContain('Secret reading note');
});

/**
 * What the background does for open listings on `runtime.onInstalled` with reason `update`: run the (new) content
 * script in them. Chromium launched by Playwright does not bring an extension back after `runtime.reload()`, so the
 * test performs that same injection from the service worker; the page then holds an old and a new instance, exactly as
 * after an update, and the old one must step aside.
 */
test('a second content script instance (as after an update) takes over the page cleanly', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(page);
  const before = await page.locator('html').getAttribute('data-dogear-instance');
  await ui.click(controls(ID), 'button.save');
  await expect.poll(() => saveButton(ui, controls(ID))).toBe('★ Saved true');
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  const worker = await serviceWorker(dogear.context);
  const injected = await worker.evaluate(async (patterns) => {
    const { chrome } = globalThis as unknown as {
      chrome: {
        tabs: { query(q: object): Promise<{ id?: number }[]> };
        scripting: { executeScript(o: object): Promise<unknown>; insertCSS(o: object): Promise<unknown> };
      };
    };
    const tabs = await chrome.tabs.query({ url: patterns });
    for (const tab of tabs) {
      await chrome.scripting.insertCSS({ target: { tabId: tab.id }, files: ['/content-scripts/papers.css'] });
      await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['/content-scripts/papers.js'] });
    }
    return tabs.length;
  }, allMatchPatterns());
  expect(injected).toBe(1);

  await expect(page.locator('html')).not.toHaveAttribute('data-dogear-instance', before!);
  await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
  await expect(bar(page)).toHaveCount(1);
  await expect(page.locator('dt[data-dogear-id]')).toHaveCount(101);
  await expect(page.locator('dd[data-dogear-id]')).toHaveCount(101);
  // The new instance mounted its own hosts (one per entry, never two) and shows the save made before.
  await reach(page.locator(`dt[data-dogear-id="arxiv:${ID}"]`));
  await expect.poll(() => saveButton(ui, controls(ID))).toBe('★ Saved true');
  await expect(page.locator(controls(ID))).toHaveCount(1);
  await expect(page.locator(mark(ID))).toHaveCount(1);
  const other = await reach(page.locator('dt[data-dogear-id="arxiv:2609.22341"]'));
  await expect(other.locator('[data-dogear-ui]')).toHaveCount(1);
  await ui.click(controls('2609.22341'), 'button.save'); // the new instance answers clicks
  await expect.poll(() => saveButton(ui, controls('2609.22341'))).toBe('★ Saved true');
  // A live old instance would repaint its own page bar on the next action, and select twice: there must be one of each.
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect.poll(() => ui.text(BAR, 'button.save-selected')).toBe('Save selected (1)');
  await expect(bar(page)).toHaveCount(1);
  expect(await ui.query('[data-dogear-mark]', '.mark > .tint')).toHaveLength(1);
  const checked = await ui.evaluate(
    (_, open) =>
      [...document.querySelectorAll('[data-dogear-ui]')].filter(
        (host) => open(host)?.querySelector<HTMLInputElement>('input.select')?.checked,
      ).length,
  );
  expect(checked).toBe(1);
  expect(errors).toEqual([]);
});
