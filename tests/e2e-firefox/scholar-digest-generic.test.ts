/**
 * Dogear's Firefox build in Firefox ESR, the other ways in beyond Hugging Face and arXiv, each on a real capture: a
 * Google Scholar results page, an arXiv listing mail read on the digest page, and generic mode on a page no site
 * adapter knows. In each, a paper saved with the keys (`j`, `s`) is listed in the popup under where it was met. One
 * Firefox serves the three (a launch costs more than all of them), so each checks its own popup row, not the whole
 * list.
 *
 * Generic mode is started the user's way, from the popup's "Mark papers on this page", which injects the content script
 * through the real code (lib/app/generic.ts). The popup is popup.html in a window opened in the background, so the
 * browser window and its active tab (the captured page) stay the last focused, as under the toolbar popup, which is a
 * panel WebDriver BiDi cannot reach. The captured page is served at a Hugging Face address no adapter detects, on a
 * host Dogear holds the permission for, which stands in for the `activeTab` grant the toolbar button would give.
 */
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FIXTURES, PAGES, type ServedPage } from '../support/browser.ts';
import { launchFirefox, listedInPopup, type FirefoxDogear } from './firefox.ts';

const DIGEST = join(FIXTURES, 'arxiv-email/digest_cs_2026-01-26.txt');

/** The rendered Daily Papers capture at an address of its site that no adapter (nor the listing script) matches. */
const READING_LIST: ServedPage = {
  url: 'https://huggingface.co/collections/dogear/reading-list',
  fixture: 'huggingface/daily_papers_2026-09-28_rendered.html',
};

let dogear: FirefoxDogear;

beforeAll(async () => {
  dogear = await launchFirefox([PAGES.scholarResults, READING_LIST]);
  await dogear.setSettings({ pageStateAttributes: true });
});

afterAll(async () => {
  await dogear?.close();
});

const attribute = (page: Page, selector: string, name: string): Promise<string | null | undefined> =>
  page.evaluate((selector, name) => document.querySelector(selector)?.getAttribute(name), selector, name);

const attributes = (page: Page, selector: string, name: string): Promise<(string | null)[]> =>
  page.evaluate(
    (selector, name) => [...document.querySelectorAll(selector)].map((element) => element.getAttribute(name)),
    selector,
    name,
  );

const count = (page: Page, selector: string): Promise<number> =>
  page.evaluate((selector) => document.querySelectorAll(selector).length, selector);

/** j makes the first entry current, s saves it; resolves once it shows saved. */
async function saveFirst(page: Page, entry: string): Promise<void> {
  await page.keyboard.press('j');
  await page.waitForSelector(`${entry}[data-dogear-current]`);
  await page.keyboard.press('s');
  await page.waitForSelector(`${entry}[data-dogear-state~="saved"]`);
}

test('a Google Scholar results page is marked, and a result saved there is listed from Google Scholar', async () => {
  const RESULT = 'div.gs_r.gs_or.gs_scl';
  const FIRST_KEY = 'url:https://sciencedirect.com/science/article/pii/S092523122100477X';
  const first = `${RESULT}[data-dogear-id="${FIRST_KEY}"]`;

  const page = await dogear.open(PAGES.scholarResults);
  expect(await attribute(page, 'html', 'data-dogear-page')).toBe('google-scholar results');
  expect(await attribute(page, 'html', 'data-dogear-entries')).toBe('10');
  expect(await count(page, `${RESULT}:not([data-dogear-id])`)).toBe(0);
  expect(await attributes(page, RESULT, 'data-dogear-state')).toEqual(Array(10).fill('new'));
  // Keyed by the arXiv PDF a result links beside its publisher's title, by its DOI, else by its page.
  expect(await attribute(page, `${RESULT}[data-dogear-id="arxiv:2204.13154"]`, 'data-cid')).toBe('tSXH40rzg04J');
  expect(await attribute(page, `${RESULT}[data-dogear-id="doi:10.1038/s41598-020-67529-x"]`, 'data-cid')).toBe(
    'w-gtTWbKemwJ',
  );
  expect(await attribute(page, first, 'data-cid')).toBe('2BmMArIDz08J');

  await saveFirst(page, first);
  expect(await attribute(page, first, 'data-dogear-state')).toBe('new saved');
  expect(await count(page, `${RESULT}[data-dogear-state~="saved"]`)).toBe(1);

  const popup = await dogear.popup();
  expect(await listedInPopup(popup, FIRST_KEY)).toEqual({
    title: 'A review on the attention mechanism of deep learning',
    source: 'Google Scholar',
  });
});

test('an arXiv mail uploaded to the digest page is marked, and an entry saved there is listed from it', async () => {
  const digest = await dogear.extensionPage('digest.html', 'input#digest-file');
  // Keys go to the active tab.
  await digest.bringToFront();
  // WebDriver BiDi's input.setFiles: the file input's change event, as when the user picks the file.
  const input = await digest.$('input#digest-file');
  await input!.uploadFile(DIGEST);
  await digest.waitForSelector('html[data-dogear-entries="10"][data-dogear-ready]');
  expect(await digest.evaluate(() => document.querySelector('[data-digest-counts]')?.textContent)).toContain(
    '10 papers · from digest_cs_2026-01-26.txt',
  );
  const keys = await attributes(digest, '[data-digest-entry]', 'data-dogear-id');
  expect(keys).toHaveLength(10);
  expect(new Set(keys).size).toBe(10);
  expect(keys[0]).toBe('arxiv:2601.16280');
  expect(await attributes(digest, '[data-digest-entry]', 'data-dogear-state')).toEqual(Array(10).fill('new'));

  const first = '[data-digest-entry][data-dogear-id="arxiv:2601.16280"]';
  await saveFirst(digest, first);
  expect(await attribute(digest, first, 'data-dogear-state')).toBe('new saved');
  expect(await count(digest, '[data-digest-entry][data-dogear-state~="saved"]')).toBe(1);

  const popup = await dogear.popup();
  expect(await listedInPopup(popup, 'arxiv:2601.16280')).toEqual({
    title: 'When Agents Fail to Act: A Diagnostic Framework for Tool Invocation Reliability in Multi-Agent LLM Systems',
    source: 'arXiv e-mail digest',
  });
});

test('generic mode marks a page only once started from the popup; a save there is listed from generic mode', async () => {
  const ID = '2609.31620';
  const card = `article[data-dogear-id="arxiv:${ID}"]`;

  const page = await dogear.open(READING_LIST, { marked: false });
  expect(await attribute(page, 'html', 'data-dogear-page')).toBeNull();
  expect(await count(page, '[data-dogear-id]')).toBe(0);

  const over = await dogear.popupOver();
  // The popup found the captured page under it: a web page, so the button is live.
  expect(await over.evaluate(() => document.querySelector('.generic-status')?.textContent)).toBe('');
  expect(await attribute(over, '.generic-mode .mark-page', 'disabled')).toBeNull();
  await over.click('.generic-mode .mark-page');
  await over.waitForSelector('.generic-status ::-p-text(Marked 28 papers on this page.)');
  await over.close();

  await page.waitForSelector('html[data-dogear-entries="28"][data-dogear-ready]');
  expect(await attribute(page, 'html', 'data-dogear-page')).toBe('generic generic');
  expect(await count(page, 'article[data-dogear-id]')).toBe(28);
  await page.bringToFront();
  await saveFirst(page, card);
  expect(await count(page, '[data-dogear-state~="saved"]')).toBe(1);

  const popup = await dogear.popup();
  expect(await listedInPopup(popup, `arxiv:${ID}`)).toEqual({
    title:
      'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap in Representation Autoencoders',
    source: 'Any listing (generic mode)',
  });
});
