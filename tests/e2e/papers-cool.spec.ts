/**
 * papers.cool in a real Chromium with the built extension: the captured AAAI.2026 venue page, served under the address
 * it was captured from, is marked entry by entry, and a paper saved there is in the popup under papers.cool.
 */
import type { ServedPage } from '../support/browser.ts';
import { expect, test } from './fixtures.ts';

const VENUE: ServedPage = {
  url: 'https://papers.cool/venue/AAAI.2026?group=Application%20Domains',
  fixture: 'papers-cool/venue_AAAI2026_excerpt.html',
};

const FIRST = 'url:https://papers.cool/venue/36958@AAAI';
const SECOND = 'url:https://papers.cool/venue/36959@AAAI';

// States are read from the DOM contract's `data-dogear-state`, on only when `pageStateAttributes` is.
test.use({ served: { pages: [VENUE] }, settings: { pageStateAttributes: true } });

const panel = (key: string): string => `div.panel.paper[data-dogear-id="${key}"]`;

test('a papers.cool venue page is marked, and a paper saved there is in the popup', async ({ dogear }) => {
  const page = await dogear.open(VENUE);
  await expect(page.locator('html')).toHaveAttribute('data-dogear-page', 'papers-cool venue');
  await expect(page.locator('html')).toHaveAttribute('data-dogear-entries', '2');
  await expect(page.locator('div.panel.paper[data-dogear-id]')).toHaveCount(2);
  await expect(page.locator(panel(FIRST))).toHaveAttribute('id', '36958@AAAI');
  await expect(page.locator(panel(SECOND))).toHaveAttribute('data-dogear-state', 'new');
  // The controls sit in each panel's title line.
  await expect(page.locator('h2.title > [data-dogear-ui]')).toHaveCount(2);

  await (await dogear.ui(page)).click(`${panel(SECOND)} [data-dogear-ui]`, 'button.save');
  await expect(page.locator(panel(SECOND))).toHaveAttribute('data-dogear-state', 'new saved');
  await expect(page.locator(panel(FIRST))).toHaveAttribute('data-dogear-state', 'new');

  const popup = await dogear.popup();
  const items = popup.locator('.paper');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-key', SECOND);
  await expect(items.first().locator('.title')).toHaveText(
    'AutoMalDesc: Large-Scale Script Analysis for Cyber Threat Research',
  );
  await expect(items.first().locator('.source')).toHaveText('papers.cool');
});
