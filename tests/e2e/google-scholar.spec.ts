/**
 * Google Scholar in Chromium with the built extension, on the real captures (tests/fixtures/PROVENANCE.md) served under
 * Scholar URLs: a results page is marked and a result saved (its arXiv key shows saved on an arXiv listing too), a
 * country domain works, and an author profile marks the rows "Show more" appends in place.
 *
 * "Show more" is simulated with the capture's own rows: the profile is served with its first 20 rows in the table and
 * the other 1094 in a `<template>` (not part of the document, so not a listing), and the test moves them into the
 * table, as Scholar's script appends the rows it fetches.
 */
import type { Page } from '@playwright/test';
import { PAGES, type ServedPage } from '../support/browser.ts';
import { expect, reach, test } from './fixtures.ts';

const attention: ServedPage = {
  url: 'https://scholar.google.com/scholar?q=attention+mechanism&hl=en&as_sdt=0,5',
  fixture: 'google-scholar/search-attention-mechanism-2026-03.html',
};

/** The 2020 capture, served on the German country domain. */
const geologyDe: ServedPage = {
  url: 'https://scholar.google.de/scholar?q=Geology+of+the+Olympus+Range+area,+southern+Victoria+Land&hl=de',
  fixture: 'google-scholar/search-geology-olympus-range-2020-11-15.html',
};

const ROW = '<tr class="gsc_a_tr">';
const FIRST_ROWS = 20;

/** The profile with rows after the first FIRST_ROWS held back in a template, for the test to append. */
const profile: ServedPage = {
  url: 'https://scholar.google.com/citations?user=qc6CJjYAAAAJ&hl=en',
  fixture: 'google-scholar/profile-rows-aeinstein-2021_in-table.html',
  rewrite: (html) => {
    let at = -1;
    for (let count = 0; count <= FIRST_ROWS; count += 1) at = html.indexOf(ROW, at + 1);
    const end = html.lastIndexOf('</tbody></table>');
    return `${html.slice(0, at)}</tbody></table><template id="more-rows">${html.slice(at, end)}</template>\n`;
  },
};

/** The arXiv /new capture with entry [2] given the id of the Scholar result whose PDF is on arXiv (2204.13154). */
const arxivWithScholarPaper: ServedPage = {
  ...PAGES.arxivNew,
  rewrite: (html) => html.replaceAll('2609.22287', '2204.13154'),
};

test.use({
  served: { pages: [attention, geologyDe, profile, arxivWithScholarPaper] },
  settings: { pageStateAttributes: true },
});

const RESULT = 'div.gs_r.gs_or.gs_scl';
const result = (page: Page, key: string) => page.locator(`${RESULT}[data-dogear-id="${key}"]`);
const controls = (key: string): string => `[data-dogear-id="${key}"] [data-dogear-ui]`;

test('a results page is marked; a result saved there stays saved, under its arXiv key, on arXiv too', async ({
  dogear,
}) => {
  const page = await dogear.open(attention);
  await expect(page.locator('html')).toHaveAttribute('data-dogear-page', 'google-scholar results');
  await expect(page.locator('html')).toHaveAttribute('data-dogear-entries', '10');
  await expect(page.locator(`${RESULT}[data-dogear-id]`)).toHaveCount(10);
  await expect(page.locator(`${RESULT}:not([data-dogear-id])`)).toHaveCount(0);
  await expect(page.locator(`${RESULT}[data-dogear-state="new"]`)).toHaveCount(10);
  // The result whose title links Springer and whose side link is the arXiv PDF, and one keyed by its publisher page.
  const arxivResult = result(page, 'arxiv:2204.13154');
  await expect(arxivResult).toHaveAttribute('data-cid', 'tSXH40rzg04J');
  await expect(result(page, 'doi:10.1038/s41598-020-67529-x')).toHaveAttribute('data-cid', 'w-gtTWbKemwJ');
  const first = result(page, 'url:https://sciencedirect.com/science/article/pii/S092523122100477X');
  await expect(first).toHaveAttribute('data-cid', '2BmMArIDz08J');

  const ui = await dogear.ui(page);
  await reach(arxivResult);
  await ui.click(controls('arxiv:2204.13154'), 'button.save');
  await expect(arxivResult).toHaveAttribute('data-dogear-state', 'new saved');

  // The keyboard saves too: j makes the first result current, s saves it.
  await page.keyboard.press('j');
  await expect(first).toHaveAttribute('data-dogear-current', '');
  await page.keyboard.press('s');
  await expect(first).toHaveAttribute('data-dogear-state', 'new saved');

  await page.reload();
  await expect(page.locator('html[data-dogear-ready]')).toBeAttached();
  await expect(result(page, 'arxiv:2204.13154')).toHaveAttribute('data-dogear-state', 'seen saved');
  await expect(first).toHaveAttribute('data-dogear-state', 'seen saved');
  await expect(page.locator(`${RESULT}[data-dogear-state~="saved"]`)).toHaveCount(2);

  const arxiv = await dogear.open(arxivWithScholarPaper);
  await expect(arxiv.locator('dt[data-dogear-id="arxiv:2204.13154"]')).toHaveAttribute(
    'data-dogear-state',
    'seen saved',
  );

  const popup = await dogear.popup();
  const items = popup.locator('.paper');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveAttribute(
    'data-key',
    'url:https://sciencedirect.com/science/article/pii/S092523122100477X',
  );
  await expect(items.nth(1)).toHaveAttribute('data-key', 'arxiv:2204.13154');
  await expect(items.nth(1).locator('.title')).toHaveText(
    'Attention mechanism in neural networks: where it comes and where it goes',
  );
  await expect(items.nth(1).locator('.source')).toHaveText('Google Scholar');
});

test('a country domain (scholar.google.de) is marked, the linkless [CITATION] entry by its cluster', async ({
  dogear,
}) => {
  const page = await dogear.open(geologyDe);
  await expect(page.locator('html')).toHaveAttribute('data-dogear-page', 'google-scholar results');
  await expect(page.locator(`${RESULT}[data-dogear-id]`)).toHaveCount(10);
  const citation = result(page, 'url:https://scholar.google.com/scholar?cluster=15801554877513113826');
  await expect(citation).toHaveAttribute('data-cid', '4qAC3XBmStsJ');
  await reach(citation);
  await (
    await dogear.ui(page)
  ).click(controls('url:https://scholar.google.com/scholar?cluster=15801554877513113826'), 'button.save');
  await expect(citation).toHaveAttribute('data-dogear-state', 'new saved');
  const popup = await dogear.popup();
  await expect(popup.locator('.paper .title')).toHaveText('Geology of the Olympus Range Area, Southern Victoria Land');
});

test('a profile is marked, and so are the rows "Show more" appends in place', async ({ dogear }) => {
  const page = await dogear.open(profile);
  await expect(page.locator('html')).toHaveAttribute('data-dogear-page', 'google-scholar profile');
  await expect(page.locator('html')).toHaveAttribute('data-dogear-entries', String(FIRST_ROWS));
  await expect(page.locator('tr.gsc_a_tr[data-dogear-id]')).toHaveCount(FIRST_ROWS);
  const firstKey =
    'url:https://scholar.google.com/citations?view_op=view_citation&citation_for_view=qc6CJjYAAAAJ:qyhmnyLat1gC';
  await expect(page.locator('tr.gsc_a_tr').first()).toHaveAttribute('data-dogear-id', firstKey);

  const appended = await page.evaluate(() => {
    const template = document.querySelector<HTMLTemplateElement>('template#more-rows')!;
    const rows = [...template.content.querySelectorAll('tr.gsc_a_tr')];
    document.querySelector('#gsc_a_b')!.append(...rows);
    return rows.length;
  });
  expect(appended).toBe(1114 - FIRST_ROWS);
  await expect(page.locator('html')).toHaveAttribute('data-dogear-entries', '1114');
  await expect(page.locator('tr.gsc_a_tr[data-dogear-id]')).toHaveCount(1114);
  await expect(page.locator('tr.gsc_a_tr[data-dogear-state="new"]')).toHaveCount(1114);

  // An appended row is a full entry: its controls mount and save it.
  const lastKey =
    'url:https://scholar.google.com/citations?view_op=view_citation&citation_for_view=qc6CJjYAAAAJ:qbqt7gslDFUC';
  const last = page.locator(`tr.gsc_a_tr[data-dogear-id="${lastKey}"]`);
  await expect(last).toHaveCount(1);
  await reach(last);
  await (await dogear.ui(page)).click(controls(lastKey), 'button.save');
  await expect(last).toHaveAttribute('data-dogear-state', 'new saved');
  const popup = await dogear.popup();
  await expect(popup.locator('.paper')).toHaveAttribute('data-key', lastKey);
  await expect(popup.locator('.paper .title')).toHaveText(
    'The manuscript of Einstein\'s" Zur einheitlichen Feld-Theorie".',
  );
});
