/**
 * The foundation flow in a real Chromium with the built extension: save on Hugging Face, see it saved on arXiv, manage
 * it in the popup, keep it across a browser restart.
 *
 * No captured arXiv page lists a paper from the captured Hugging Face page, so the arXiv /new page is served with one
 * real entry ([2], arXiv:2609.22287) given the id of the first Hugging Face card (2606.28322). Everything else on both
 * pages is the real capture.
 */
import { readFileSync } from 'node:fs';
import { PAGES, type ServedPage } from '../support/browser.ts';
import { expect, scrollThrough, test } from './fixtures.ts';

const HF_ID = '2606.28322';
const HF_TITLE = 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception';
const REWRITTEN_ARXIV_ID = '2609.22287';

const arxivWithHfPaper: ServedPage = {
  ...PAGES.arxivNew,
  rewrite: (html) => html.replaceAll(REWRITTEN_ARXIV_ID, HF_ID),
};

// States are read from the DOM contract's `data-dogear-state`, which a user turns on with `pageStateAttributes` (off by
// default: then the page cannot tell one paper's state from another's). Dogear's own controls are clicked inside their
// closed shadow roots with the real mouse (tests/support/closed-ui.ts).
test.use({ served: { pages: [PAGES.hfDaily, arxivWithHfPaper] }, settings: { pageStateAttributes: true } });

const controls = (root: string, id: string): string => `${root}[data-dogear-id="arxiv:${id}"] [data-dogear-ui]`;

test('a paper saved on Hugging Face shows saved on arXiv, in the popup, and after a restart', async ({ dogear }) => {
  const hf = await dogear.open(PAGES.hfDaily);
  const hfUi = await dogear.ui(hf);
  await expect(hf.locator('html')).toHaveAttribute('data-dogear-page', 'huggingface daily');
  await expect(hf.locator('article[data-dogear-id]')).toHaveCount(31);
  await scrollThrough(hf);
  await expect(hf.locator('[data-dogear-ui]')).toHaveCount(31);
  await expect(hf.locator('article[data-dogear-state~="saved"]')).toHaveCount(0);

  const card = hf.locator(`article[data-dogear-id="arxiv:${HF_ID}"]`);
  await hfUi.click(controls('article', HF_ID), 'button.save');
  // Saved; still shown new, as it was when the page loaded (the library has it seen from now on).
  await expect(card).toHaveAttribute('data-dogear-state', 'new saved');
  const saved = await hfUi.one(controls('article', HF_ID), 'button.save');
  expect([saved.text, saved.attributes['aria-pressed']]).toEqual(['★ Saved', 'true']);
  await expect(hf.locator('article[data-dogear-state~="saved"]')).toHaveCount(1);

  // Same canonical id on another site, in a new tab: dt and dd both carry the state.
  const arxiv = await dogear.open(arxivWithHfPaper);
  await expect(arxiv.locator('html')).toHaveAttribute('data-dogear-entries', '101');
  const roots = arxiv.locator(`[data-dogear-id="arxiv:${HF_ID}"]`);
  await expect(roots).toHaveCount(2);
  await expect(roots.nth(0)).toHaveJSProperty('tagName', 'DT');
  await expect(roots.nth(1)).toHaveJSProperty('tagName', 'DD');
  for (const root of await roots.all()) await expect(root).toHaveAttribute('data-dogear-state', 'seen saved');
  await expect(arxiv.locator('[data-dogear-state~="saved"]')).toHaveCount(2);

  // A second save, from arXiv this time.
  const other = arxiv.locator('dt[data-dogear-id="arxiv:2609.22268"]');
  await (await dogear.ui(arxiv)).click(controls('dt', '2609.22268'), 'button.save');
  await expect(other).toHaveAttribute('data-dogear-state', 'new saved');

  const popup = await dogear.popup();
  const items = popup.locator('.paper');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveAttribute('data-key', 'arxiv:2609.22268'); // newest first
  await expect(items.nth(1).locator('.title')).toHaveText(HF_TITLE);
  await expect(items.nth(1).locator('.source')).toHaveText('Hugging Face Papers');
  await expect(items.nth(0).locator('.source')).toHaveText('arXiv listings');
  await expect(items.nth(1).locator('time')).toContainText('saved');

  const search = popup.getByRole('searchbox', { name: 'Search saved papers' });
  await search.fill('perception rubrics');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-key', `arxiv:${HF_ID}`);
  await search.fill('no such words anywhere');
  await expect(items).toHaveCount(0);
  await expect(popup.locator('.empty')).toContainText('No saved paper matches');
  await search.fill('');
  await expect(items).toHaveCount(2);

  // Unsave in the popup: the open arXiv tab follows without a reload (and the row is still new for this visit).
  await items.nth(0).getByRole('button', { name: 'Unsave' }).click();
  await expect(items).toHaveCount(1);
  await expect(other).toHaveAttribute('data-dogear-state', 'new', { timeout: 1_000 });

  await dogear.restart();
  const again = await dogear.open(arxivWithHfPaper);
  await expect(again.locator(`dt[data-dogear-id="arxiv:${HF_ID}"]`)).toHaveAttribute('data-dogear-state', 'seen saved');
  await expect(again.locator('dt[data-dogear-id="arxiv:2609.22268"]')).toHaveAttribute('data-dogear-state', 'seen');
  const popupAfter = await dogear.popup();
  await expect(popupAfter.locator('.paper')).toHaveCount(1);
});

test('the popup exports the saved papers as BibTeX and as a JSON backup', async ({ dogear }) => {
  const hf = await dogear.open(PAGES.hfDaily);
  await (await dogear.ui(hf)).click(controls('article', HF_ID), 'button.save');
  await expect(hf.locator(`article[data-dogear-id="arxiv:${HF_ID}"]`)).toHaveAttribute(
    'data-dogear-state',
    'new saved',
  );

  const popup = await dogear.popup();
  const [bib] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name: 'Export BibTeX' }).click(),
  ]);
  expect(bib.suggestedFilename()).toMatch(/^dogear-\d{4}-\d{2}-\d{2}\.bib$/);
  const bibtex = readFileSync((await bib.path())!, 'utf8');
  expect(bibtex).toMatch(/^@misc\{\w+,$/m);
  expect(bibtex).toContain(`eprint = {${HF_ID}}`);
  expect(bibtex).toContain('archivePrefix = {arXiv}');
  expect(bibtex).toContain('PerceptionRubrics');

  const [backup] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name: 'Export JSON backup' }).click(),
  ]);
  const json = JSON.parse(readFileSync((await backup.path())!, 'utf8')) as {
    format: string;
    counts: { papers: number };
    tables: { papers: { key: string; title: string; savedAt?: number; savedFrom?: { site: string } }[] };
  };
  expect(json.format).toBe('dogear-backup');
  // The backup holds every paper the library knows (cards seen while saving included), one of them saved.
  expect(json.counts.papers).toBe(json.tables.papers.length);
  const saved = json.tables.papers.filter((paper) => paper.savedAt !== undefined);
  expect(saved).toHaveLength(1);
  expect(saved[0]).toMatchObject({ key: `arxiv:${HF_ID}`, title: HF_TITLE, savedFrom: { site: 'huggingface' } });
});
