/**
 * Dogear's Firefox build in Firefox ESR: a paper saved on the captured Hugging Face page shows saved on the captured
 * arXiv page and is listed in the popup; a note written in the note frame marks the paper. Keys are pressed as the user
 * does (WebDriver BiDi input actions are trusted events, which Dogear requires): Dogear's buttons sit in closed shadow
 * roots that Firefox gives a test no way into.
 *
 * No captured arXiv page lists a paper from the captured Hugging Face page, so the arXiv /new page is served with one
 * real entry ([2], arXiv:2609.22287) given the id of the first Hugging Face card (2609.31620). Everything else on both
 * pages is the real capture. States are read from `data-dogear-state`, which the `pageStateAttributes` setting turns
 * on.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PAGES, type ServedPage } from '../support/browser.ts';
import { extensionFrame, launchFirefox, type FirefoxDogear } from './firefox.ts';

const HF_ID = '2609.31620';
const HF_TITLE =
  'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap in Representation Autoencoders';
const NOTED_ID = '2609.18703';
const REWRITTEN_ARXIV_ID = '2609.22287';
const NOTE = 'Firefox note: compare the fusion ablation with §4';

const arxivWithHfPaper: ServedPage = {
  ...PAGES.arxivNew,
  rewrite: (html) => html.replaceAll(REWRITTEN_ARXIV_ID, HF_ID),
};

let dogear: FirefoxDogear;

beforeAll(async () => {
  dogear = await launchFirefox([PAGES.hfRendered, arxivWithHfPaper]);
  await dogear.setSettings({ pageStateAttributes: true });
});

afterAll(async () => {
  await dogear?.close();
});

const attribute = (page: Page, selector: string, name: string): Promise<string | null | undefined> =>
  page.evaluate((selector, name) => document.querySelector(selector)?.getAttribute(name), selector, name);

const count = (page: Page, selector: string): Promise<number> =>
  page.evaluate((selector) => document.querySelectorAll(selector).length, selector);

test('Firefox installs the build under its gecko id', () => {
  expect(dogear.addonId).toBe('dogear@dogear.extension');
});

test('a paper saved on Hugging Face shows saved on arXiv and in the popup', async () => {
  const hf = await dogear.open(PAGES.hfRendered);
  expect(await attribute(hf, 'html', 'data-dogear-page')).toBe('huggingface daily');
  expect(await count(hf, 'article[data-dogear-id]')).toBe(28);
  expect(await count(hf, '[data-dogear-state~="saved"]')).toBe(0);

  // j makes the first card current, s saves it.
  await hf.keyboard.press('j');
  await hf.waitForSelector(`article[data-dogear-current][data-dogear-id="arxiv:${HF_ID}"]`);
  await hf.keyboard.press('s');
  const card = `article[data-dogear-id="arxiv:${HF_ID}"]`;
  await hf.waitForSelector(`${card}[data-dogear-state~="saved"]`);
  // Still shown new, as it was when the page loaded.
  expect(await attribute(hf, card, 'data-dogear-state')).toBe('new saved');
  expect(await count(hf, '[data-dogear-state~="saved"]')).toBe(1);

  // Same canonical id on another site, in a new tab: dt and dd both carry the state.
  const arxiv = await dogear.open(arxivWithHfPaper);
  expect(await attribute(arxiv, 'html', 'data-dogear-entries')).toBe('101');
  const roots = await arxiv.evaluate(
    (selector) =>
      [...document.querySelectorAll(selector)].map(
        (root) => `${root.tagName} ${root.getAttribute('data-dogear-state')}`,
      ),
    `[data-dogear-id="arxiv:${HF_ID}"]`,
  );
  expect(roots).toEqual(['DT seen saved', 'DD seen saved']);
  expect(await count(arxiv, '[data-dogear-state~="saved"]')).toBe(2);

  const popup = await dogear.popup();
  await popup.waitForSelector('.paper');
  const items = await popup.evaluate(() =>
    [...document.querySelectorAll('.paper')].map((item) => ({
      key: item.getAttribute('data-key'),
      title: item.querySelector('.title')?.textContent,
      source: item.querySelector('.source')?.textContent,
    })),
  );
  expect(items).toEqual([{ key: `arxiv:${HF_ID}`, title: HF_TITLE, source: 'Hugging Face Papers' }]);
});

test('n writes a note in the extension frame; the page shows the paper noted and never sees the text', async () => {
  const hf = await dogear.open(PAGES.hfRendered);
  const card = `article[data-dogear-id="arxiv:${NOTED_ID}"]`;
  await hf.keyboard.press('j');
  await hf.keyboard.press('j');
  await hf.waitForSelector(`${card}[data-dogear-current]`);
  await hf.keyboard.press('n');

  // The note page is exposed to the listing sites (web_accessible_resources) and opens focused on the note.
  const frame = await extensionFrame(hf, 'note.html');
  await frame.waitForSelector('.note-editor textarea');
  expect(await frame.evaluate(() => document.querySelector('h1.title')?.textContent)).toContain(
    'RayOrch: Programming and Executing Lineage-Controlled',
  );
  await hf.keyboard.type(NOTE);
  await hf.keyboard.down('Control');
  await hf.keyboard.press('Enter');
  await hf.keyboard.up('Control');

  await hf.waitForSelector(`${card}[data-dogear-state~="noted"]`);
  expect(await hf.evaluate(() => document.documentElement.outerHTML.includes('Firefox note'))).toBe(false);
});
