/**
 * An import keeps the cite keys of the file, in Chromium with the built extension: a real Zotero BibTeX export
 * (tests/unit/formats/fixtures/zotero.bib, keys like `vaswani_attention_2023`) imported into a library where one of its
 * keys is already another paper's. The preview says which keys are kept and which one clashes, Apply stores them, and a
 * BibTeX export then cites every imported paper by its own key (the clashing one by a new key, kept from then on). What
 * an import cannot bring is on the tab before a file is chosen. The tab, with the preview, is checked with axe and
 * photographed light and dark at 1280 and 390 px wide (DOGEAR_SHOTS=<dir> keeps the pictures).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeViolations, runAxe } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { LibraryPage } from './pages/library.ts';
import { downloadOf, dump } from './transfer-helpers.ts';
import { REPO } from '../support/browser.ts';
import { makePaper } from '../support/papers.ts';

const ZOTERO_BIB = join(REPO, 'tests/unit/formats/fixtures/zotero.bib');
const ZOTERO_CSL = join(REPO, 'tests/unit/formats/fixtures/zotero-csl.json');
const SHOTS = process.env.DOGEAR_SHOTS;

/** A paper of the library that already holds `smith_graphs_2021`, the key the file gives Smith's paper. */
const HOLDER = makePaper('2302.04567', {
  title: 'Smith, another graphs paper',
  authors: ['Ann Smith'],
  published: '2023-02-09',
  savedAt: Date.UTC(2026, 0, 5),
  citeKey: 'smith_graphs_2021',
});

test('an import keeps the file’s cite keys, reports the clash, and the export cites by them', async ({ dogear }) => {
  test.setTimeout(120_000);
  const library = await LibraryPage.seeded(dogear, [HOLDER], [], 'transfer');
  const { page } = library;
  await page.locator('.transfer-panel').waitFor();

  // Before any file: what an import brings, and what it cannot.
  const reads = page.locator('.import-formats');
  await expect(reads).toBeVisible();
  await expect(reads.locator('li')).toHaveText([
    'BibTeX, RIS (Zotero, EndNote) and CSL-JSON: titles, authors, identifiers, dates, abstracts, notes, tags and cite ' +
      'keys when the file has them; not save dates or where and when you met each paper (an imported paper counts as ' +
      'saved when you import it).',
    'Backup (JSON): everything, as it was written.',
  ]);

  // And for each export format, in the table: which keep cite keys.
  await page.getByText('What each format keeps').click();
  await expect(page.locator('.format-table tbody tr').filter({ hasText: 'CSV' }).locator('td').last()).toContainText(
    'cite keys',
  );
  await expect(
    page.locator('.format-table tbody tr').filter({ hasText: 'CSL-JSON' }).locator('td').first(),
  ).toContainText('cite keys');
  if (SHOTS !== undefined) {
    mkdirSync(SHOTS, { recursive: true });
    for (const [theme, width] of [
      ['light', 1280],
      ['dark', 390],
    ] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width, height: 2400 });
      await page.screenshot({ path: join(SHOTS, `before-file-${theme}-${width}.png`), fullPage: true });
    }
  }
  expect(await runAxe(page)).toEqual([]);

  await page.locator('input.import-file').setInputFiles(ZOTERO_BIB);
  await expect(page.locator('.import-summary')).toContainText('zotero.bib (BibTeX): 4 new, 0 merged, 1 rejected');
  await expect(page.locator('.import-keys-summary')).toHaveText(
    'Cite keys from the file: 3 kept, 1 already used by another paper; a paper without a key gets a new one at its first export.',
  );
  // A clash opens the list: every key, entry by entry.
  await expect(page.locator('.import-key-list')).toHaveAttribute('open', '');
  await expect(page.locator('.import-key')).toHaveText([
    'entry 1: vaswani_attention_2023 kept',
    'entry 2: muller_lipschitz_2024 kept',
    'entry 3: smith_graphs_2021 is already used by “Smith, another graphs paper” (arxiv:2302.04567): a new key will be given',
    'entry 4: doe_biology_2021 kept',
  ]);
  await expect(page.locator('.import-key.clash code')).toHaveText('smith_graphs_2021');

  if (SHOTS !== undefined) mkdirSync(SHOTS, { recursive: true });
  const failures: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width, height: 900 });
      await expect(page.locator('.import-keys')).toBeVisible();
      const violations = await runAxe(page);
      if (violations.length > 0) failures.push(`${theme} ${width}: ${describeViolations(violations)}`);
      // Nothing wider than the window at 390 px: long keys and titles wrap.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${theme} ${width}`).toBeLessThanOrEqual(0);
      if (SHOTS !== undefined) {
        // The panel scrolls inside the page: a window tall enough to show all of it.
        await page.setViewportSize({ width, height: 3600 });
        await page.screenshot({ path: join(SHOTS, `import-keys-${theme}-${width}.png`), fullPage: true });
      }
    }
  }
  expect(failures).toEqual([]);

  await page.locator('button.import-apply').click();
  await expect(page.locator('.import-done')).toHaveText(
    'Imported zotero.bib: 4 new, 0 merged, 1 rejected (not imported); 3 cite keys from the file kept.',
  );
  const stored = new Map((await dump(page)).papers.map((paper) => [paper.key, paper.citeKey]));
  expect(Object.fromEntries(stored)).toEqual({
    'arxiv:1706.03762': 'vaswani_attention_2023',
    'arxiv:2103.01234': undefined,
    'arxiv:2302.04567': 'smith_graphs_2021',
    'arxiv:2401.12345': 'muller_lipschitz_2024',
    'doi:10.1101/2021.08.03.454978': 'doe_biology_2021',
  });

  // Export BibTeX: every paper by its stored key; Smith's imported paper gets a new one, stored after the download.
  await page.locator('input[name="export-scope"][value="all"]').check();
  await page.locator('select.export-format').selectOption('bibtex');
  const file = await downloadOf(page, () => page.locator('button.export-run').click());
  await expect(page.locator('.export-status')).toContainText('Its 1 new cite key is kept for later exports.');
  const keysInFile = [...file.text.matchAll(/^@\w+\{([^,]+),/gm)].map((match) => match[1]!);
  const after = new Map((await dump(page)).papers.map((paper) => [paper.key, paper.citeKey]));
  const generated = after.get('arxiv:2103.01234');
  expect(generated).toMatch(/^smith2021graphs$/);
  expect(keysInFile.sort()).toEqual([...after.values()].sort());
  expect(keysInFile).toEqual(
    expect.arrayContaining([
      'vaswani_attention_2023',
      'muller_lipschitz_2024',
      'doe_biology_2021',
      'smith_graphs_2021',
    ]),
  );
});

test('a key that cannot be one (a Zotero CSL-JSON id is a URL) is reported, and wraps in a narrow window', async ({
  dogear,
}) => {
  const library = await LibraryPage.open(dogear, 'transfer');
  const { page } = library;
  await page.setViewportSize({ width: 390, height: 900 });
  await page.locator('.transfer-panel').waitFor();
  await page.locator('input.import-file').setInputFiles(ZOTERO_CSL);
  await expect(page.locator('.import-keys-summary')).toHaveText(
    'Cite keys from the file: 1 kept, 1 not valid; a paper without a key gets a new one at its first export.',
  );
  await expect(page.locator('.import-key')).toHaveText([
    'entry 1: http://zotero.org/users/local/kPz4aQ1b/items/7WQ9XJ2C is not a valid cite key (letters, digits and _ : . - only, at most 100): a new key will be given',
    'entry 2: muller2024 kept',
  ]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const key = page.locator('.import-key.invalid code');
  const item = page.locator('.import-key.invalid');
  expect((await key.boundingBox())!.width).toBeLessThanOrEqual((await item.boundingBox())!.width);
  expect(await runAxe(page)).toEqual([]);
});
