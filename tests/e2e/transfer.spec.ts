/**
 * The library page's Import & export tab (#transfer) in Chromium with the built extension: what each format and scope
 * actually downloads, the progress bar of a large export, import preview and apply of real BibTeX / RIS / backup files,
 * a malformed file and Cancel leaving the database untouched, and the backup round trip.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { FIXTURES, REPO } from '../support/browser.ts';
import { expect, test, type Dogear } from './fixtures.ts';
import { downloadOf, dump, generatedPapers, openLibrary, sampleLibrary, seed } from './transfer-helpers.ts';

const NOW = Date.now();
const importFixture = (name: string): string => join(REPO, 'tests/unit/formats/fixtures', name);

async function exportAs(
  page: Page,
  format: string,
  scope = 'all',
): Promise<{ name: string; bytes: Buffer; text: string }> {
  await page.locator(`input[name="export-scope"][value="${scope}"]`).check();
  await page.locator('select.export-format').selectOption(format);
  const file = await downloadOf(page, () => page.locator('button.export-run').click());
  await expect(page.locator('.export-status')).toContainText('Exported');
  return file;
}

/** The paper keys a JSON backup holds. */
const backupKeys = (text: string): string[] =>
  (JSON.parse(text) as { tables: { papers: { key: string }[] } }).tables.papers.map((paper) => paper.key).sort();

async function transferPage(dogear: Dogear): Promise<Page> {
  const page = await openLibrary(dogear, 'transfer');
  const { papers, sightings } = sampleLibrary(NOW);
  await seed(page, papers, sightings);
  await page.locator('.transfer-panel').waitFor();
  return page;
}

test('every format downloads what its readers expect', async ({ dogear }) => {
  const page = await transferPage(dogear);

  const bibtex = await exportAs(page, 'bibtex');
  expect(bibtex.name).toMatch(/^dogear-\d{4}-\d{2}-\d{2}\.bib$/);
  expect(bibtex.text).toContain('@misc{');
  expect(bibtex.text).toMatch(/eprint = \{2401\.12345\}/);
  expect(bibtex.text).toMatch(/archivePrefix = \{arXiv\}/);
  expect(bibtex.text).toMatch(/primaryClass = \{cs\.LG\}/);
  expect(bibtex.text).toMatch(/eprint = \{hep-th\/9711200\}/);
  expect(bibtex.text).toContain('$\\mathcal{L}$-Lipschitz'); // math kept verbatim
  expect(bibtex.text).toContain('100\\% \\&'); // specials escaped outside math
  expect(bibtex.text).toContain('李华'); // CJK kept, not dropped
  expect(bibtex.text).toContain('J{\\"u}rgen M{\\"u}ller'); // ASCII with LaTeX accents

  const biblatex = await exportAs(page, 'biblatex');
  expect(biblatex.text).toMatch(/eprinttype = \{arxiv\}/);
  expect(biblatex.text).toMatch(/eprintclass = \{cs\.LG\}/);
  expect(biblatex.text).toContain('Jürgen Müller'); // UTF-8

  const ris = await exportAs(page, 'ris');
  expect(ris.text).toContain('TY  - GEN\r\n');
  expect(ris.text).toContain('KW  - cs/LG\r\n');
  expect(ris.text).toContain('KW  - theory\r\n');
  // The note as plain text (bibutils and EndNote show HTML literally); its lines are the RIS writer's business.
  expect(ris.text).toContain('N1  - Read section 3.');
  expect(ris.text).toContain('Compare with **BERT**.');
  expect(ris.text).not.toContain('<p>');
  expect(ris.text.replaceAll('\r\n', '')).not.toContain('\n'); // every line ends CRLF

  const csl = await exportAs(page, 'csl-json');
  const items = JSON.parse(csl.text) as { type: string; number?: string; DOI?: string }[];
  expect(items).toHaveLength(5);
  expect(items.filter((item) => item.number === 'arXiv:2401.12345')).toHaveLength(1);
  expect(items.find((item) => item.number === 'arXiv:2401.12345')).toMatchObject({
    type: 'article',
    DOI: '10.48550/arXiv.2401.12345',
  });

  const csv = await exportAs(page, 'csv');
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
  expect(csv.text).toContain('\r\n');
  expect(csv.text).toContain(`"'=HYPERLINK(`); // formula-injection guard

  const markdown = await exportAs(page, 'markdown');
  expect(markdown.text).toContain('[Attention Is All You Need](https://arxiv.org/abs/1706.03762)');

  const zip = await exportAs(page, 'markdown-zip');
  expect(zip.name).toMatch(/\.zip$/);
  const files = unzipSync(new Uint8Array(zip.bytes));
  expect(Object.keys(files)).toHaveLength(5);
  const note = Object.values(files)
    .map((bytes) => strFromU8(bytes))
    .find((text) => text.includes('Lipschitz'));
  expect(note).toMatch(/^---\n/); // Obsidian YAML frontmatter
  expect(note).toContain('cs/LG');

  const backup = await exportAs(page, 'json');
  const parsed = JSON.parse(backup.text) as { format: string; counts: Record<string, number>; checksum: string };
  expect(parsed.format).toBe('dogear-backup');
  expect(parsed.counts.papers).toBe(5);
  expect(parsed.counts.sightings).toBe(3);
  expect(parsed.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
});

test('cite keys are assigned on the first BibTeX export and stay the same', async ({ dogear }) => {
  const page = await transferPage(dogear);
  expect((await dump(page)).papers.every((paper) => paper.citeKey === undefined)).toBe(true);
  const first = await exportAs(page, 'bibtex');
  // The file is downloaded first; its keys are stored right after, and the page says so.
  await expect(page.locator('.export-status')).toContainText('new cite keys are kept for later exports');
  await expect(page.locator('button.export-run')).toHaveText('Export');
  const stored = (await dump(page)).papers;
  expect(stored.every((paper) => typeof paper.citeKey === 'string')).toBe(true);
  for (const paper of stored) expect(first.text).toContain(`{${paper.citeKey!},`);
  const second = await exportAs(page, 'bibtex');
  expect(second.text).toBe(first.text);
});

test('each scope exports exactly its papers', async ({ dogear }) => {
  const page = await transferPage(dogear);
  const all = sampleLibrary(NOW).papers;
  const saved = all
    .filter((paper) => paper.savedAt !== undefined)
    .map((paper) => paper.key)
    .sort();

  expect(backupKeys((await exportAs(page, 'json', 'all')).text)).toEqual(all.map((paper) => paper.key).sort());
  expect(backupKeys((await exportAs(page, 'json', 'saved')).text)).toEqual(saved);
  expect(backupKeys((await exportAs(page, 'json', 'savedToday')).text)).toEqual(['arxiv:2606.28322']);

  // A tag, chosen from the tags in use with their counts; its menu takes a choice only once "A tag" is chosen.
  await expect(page.locator('select.export-tag option')).toHaveText(['theory (2)', 'cs/LG (1)']);
  await expect(page.locator('select.export-tag')).toBeDisabled();
  await page.getByRole('radio', { name: 'A tag' }).check();
  await page.locator('select.export-tag').selectOption('cs/LG');
  expect(backupKeys((await exportAs(page, 'json', 'tag')).text)).toEqual(['arxiv:2401.12345']);

  // A date range: saved (else first seen) in January 2024, both ends included.
  await expect(page.locator('input.export-from')).toBeDisabled();
  await page.getByRole('radio', { name: 'A date range' }).check();
  await page.locator('input.export-from').fill('2024-01-10');
  await page.locator('input.export-to').fill('2024-01-25');
  expect(backupKeys((await exportAs(page, 'json', 'range')).text)).toEqual([
    'arxiv:1706.03762',
    'arxiv:2401.12345',
    'doi:10.1101/2021.08.03.454978',
  ]);

  // The selection made in the Papers tab.
  await page.locator('a.tab[href="#papers"]').click();
  await page.getByRole('checkbox', { name: 'Select Attention Is All You Need' }).check();
  await page.getByRole('checkbox', { name: /^Select The Large N Limit/ }).check();
  await page.locator('a.tab[href="#transfer"]').click();
  await expect(page.locator('input[name="export-scope"][value="selection"]')).toBeEnabled();
  await expect(page.locator('.export-scope')).toContainText('The selection (2 papers)');
  expect(backupKeys((await exportAs(page, 'json', 'selection')).text)).toEqual([
    'arxiv:1706.03762',
    'arxiv:hep-th/9711200',
  ]);
});

test('a large export shows a progress bar', async ({ dogear }) => {
  // 20,000 papers: enough chunks (1,000 each) that the writer yields and the bar paints between them; seeding them
  // takes a while on a loaded 2-core machine.
  test.setTimeout(240_000);
  const page = await openLibrary(dogear, 'transfer');
  await seed(page, generatedPapers(20_000, NOW));
  await page.locator('.transfer-panel').waitFor();
  // Record every state the progress bar shows, from the page itself (a poll could miss it).
  await page.evaluate(() => {
    const seen: Array<{ value: number; max: number }> = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('progress.export-progress');
      if (bar) seen.push({ value: bar.value, max: bar.max });
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const csv = await exportAs(page, 'csv');
  expect(csv.text.split('\r\n').filter((line) => line !== '')).toHaveLength(20_001);
  const seen = await page.evaluate(
    () => (window as unknown as { progressSeen: Array<{ value: number; max: number }> }).progressSeen,
  );
  expect(seen.some((state) => state.max === 20_000 && state.value > 0 && state.value < 20_000)).toBe(true);
  await expect(page.locator('progress.export-progress')).toHaveCount(0); // gone when done
});

test('import a BibTeX file: preview, apply, the library has it', async ({ dogear }) => {
  const page = await transferPage(dogear);
  const before = await dump(page);
  await page.locator('input.import-file').setInputFiles(importFixture('zotero.bib'));
  // 4 importable entries: 3 already in the library (merged: notes and tags combined, fields filled, the unsaved DOI
  // paper saved), 1 new; Knuth's book has no arXiv id or DOI.
  await expect(page.locator('.import-summary')).toContainText('zotero.bib (BibTeX): 1 new, 3 merged, 1 rejected');
  await expect(page.locator('.import-rejection')).toHaveText([/entry 5, line 43, knuth_art_1997: no arXiv id or DOI/]);
  expect(await dump(page)).toEqual(before); // a preview writes nothing

  await page.locator('button.import-apply').click();
  await expect(page.locator('.import-done')).toContainText('1 new, 3 merged');
  const after = await dump(page);
  const keys = after.papers.map((paper) => paper.key);
  expect(keys).toContain('arxiv:2103.01234');
  expect(keys).toContain('doi:10.1101/2021.08.03.454978');
  expect(after.papers).toHaveLength(6);
  // Merged, never overwritten: the stored note is still there.
  expect(after.papers.find((paper) => paper.key === 'arxiv:2401.12345')?.note).toContain('Read section 3.');
});

test('import a RIS file dropped on the panel', async ({ dogear }) => {
  const page = await openLibrary(dogear, 'transfer');
  await page.locator('.transfer-panel').waitFor();
  const text = readFileSync(importFixture('zotero.ris'), 'utf8');
  // A real drop event carrying the file, as the browser builds one.
  const transfer = await page.evaluateHandle((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'zotero.ris', { type: 'application/x-research-info-systems' }));
    return data;
  }, text);
  await page.locator('.import-drop').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.locator('.import-summary')).toContainText('zotero.ris (RIS): 2 new, 0 merged, 1 rejected');
  await expect(page.locator('.import-rejection')).toHaveText([/entry 3, line 30: no arXiv id or DOI/]);
  await page.locator('button.import-apply').click();
  await expect(page.locator('.import-done')).toContainText('2 new, 0 merged');
  const papers = (await dump(page)).papers;
  expect(papers.map((paper) => paper.key).sort()).toEqual(['arxiv:1706.03762', 'arxiv:2401.12345']);
  expect(papers.find((paper) => paper.key === 'arxiv:1706.03762')?.savedAt).toBeGreaterThan(0);
});

test('a malformed file says which line and changes nothing; Cancel changes nothing', async ({ dogear }) => {
  const page = await transferPage(dogear);
  const before = await dump(page);

  await page.locator('input.import-file').setInputFiles(join(FIXTURES, 'imports/malformed.bib'));
  await expect(page.locator('.import-error')).toContainText('malformed.bib was not imported; nothing was changed.');
  await expect(page.locator('.import-error-message')).toContainText('line 15');
  await expect(page.locator('.import-error-message')).toContainText('starts on line 10');
  await expect(page.locator('button.import-apply')).toHaveCount(0);
  expect(await dump(page)).toEqual(before);

  // A file with real changes to apply (see the BibTeX import test), dropped at the preview.
  await page.locator('input.import-file').setInputFiles(importFixture('zotero.bib'));
  await expect(page.locator('.import-summary')).toContainText('1 new, 3 merged, 1 rejected');
  await page.locator('button.import-cancel').click();
  await expect(page.locator('.import-preview')).toHaveCount(0);
  expect(await dump(page)).toEqual(before);
});

test('backup round trip: export, wipe, import, identical', async ({ dogear }) => {
  const page = await transferPage(dogear);
  const original = await dump(page);
  const backup = await exportAs(page, 'json');

  await seed(page, [], [], { clear: true });
  expect((await dump(page)).papers).toHaveLength(0);

  await page
    .locator('input.import-file')
    .setInputFiles({ name: backup.name, mimeType: 'application/json', buffer: backup.bytes });
  await expect(page.locator('.import-summary')).toContainText('(Backup): 5 new, 0 merged, 0 rejected');
  await page.locator('button.import-apply').click();
  await expect(page.locator('.import-done')).toContainText('5 new');
  const restored = await dump(page);
  expect(restored.papers).toEqual(original.papers);
  expect(restored.sightings).toEqual(original.sightings);

  // And the restored library exports the same backup again (but for the time it was written).
  const again = await exportAs(page, 'json');
  const tables = (text: string): unknown => (JSON.parse(text) as { tables: unknown }).tables;
  expect(tables(again.text)).toEqual(tables(backup.text));
});

test('the tab says what each format keeps and drops, and warns before a file without notes, tags or save dates', async ({
  dogear,
}) => {
  const page = await transferPage(dogear);
  const format = page.getByRole('combobox', { name: 'File format' });
  await format.selectOption('bibtex');
  await expect(page.locator('#export-carries .keeps')).toHaveText('titles, authors, identifiers, years and cite keys');
  await expect(page.locator('#export-carries .drops')).toHaveText(
    'abstracts, notes, tags, save dates and where and when you met each paper',
  );
  await expect(page.locator('.export-warning')).toHaveText(
    'Your notes, tags and save dates will not be in this file. BibTeX has no place for them; Backup (JSON) keeps everything.',
  );
  await format.selectOption('csv');
  await expect(page.locator('#export-carries .keeps')).toHaveText(
    'titles, authors, identifiers, years, notes, tags and save dates',
  );
  await expect(page.locator('#export-carries .drops')).toHaveText(
    'cite keys, abstracts and where and when you met each paper',
  );
  await expect(page.locator('.export-warning')).toHaveCount(0);
  await format.selectOption('json');
  await expect(page.locator('#export-carries .drops')).toHaveText('nothing');
  await expect(page.locator('.export-warning')).toHaveCount(0);
  // Every format in the table, from the registry.
  await page.getByText('What each format keeps').click();
  await expect(page.locator('.format-table tbody tr')).toHaveCount(await format.locator('option').count());

  // The scope's radios are stacked, one per line, each with its label.
  const tops = await page
    .locator('.export-scope input[type="radio"]')
    .evaluateAll((radios) => radios.map((radio) => radio.getBoundingClientRect().top));
  expect(new Set(tops).size).toBe(tops.length);
  // The drop area is a visible target, with the file input inside it.
  const drop = page.locator('.import-drop');
  await expect(drop).toContainText('Drop a file here');
  expect((await drop.boundingBox())!.height).toBeGreaterThan(80);
  await expect(drop.locator('input.import-file')).toBeVisible();
});
