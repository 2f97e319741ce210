/**
 * `npm run bench:transfer` (after `wxt build`): export and import speed at 100,000 papers, in Chromium with the built
 * extension, through the library page's real Import & export tab (targets: export 100k to BibTeX/CSV/JSON ≤ 2 s each,
 * import of a 100k backup ≤ 10 s).
 *
 * - Library: 100,000 generated arXiv papers (tests/e2e/transfer-helpers.ts generatedPapers: valid unique ids, varied
 *   first authors, TeX and specials in the title, an umlaut and CJK among the authors, an abstract, a third tagged),
 *   written with raw IndexedDB from library.html, 10,000 per transaction.
 * - Export, per format (BibTeX, CSV, JSON), RUNS times: click Export → the `download` event. The page's own phase
 *   measures (dogear:export:read|prepare|write|download: IndexedDB read, scope + cite keys, runExport, Blob link) are
 *   printed too. BibTeX's first run also assigns 100k cite keys, and stores them after the download (keepCiteKeys): it
 *   is reported apart, with the time the storing took.
 * - Import: the JSON backup just downloaded, after wiping the tables: choose the file → preview shown (parseImport +
 *   previewImport), then Apply → done (applyImport, one transaction).
 * - Floors, measured in the same page in the same run: raw `getAll()` of the papers store; `JSON.stringify` of those
 *   records (the least any JSON export does); raw IndexedDB `put` of the same 100k records in one transaction into a
 *   scratch database (the least any import writes) plus `JSON.parse` of the backup text (the least any import reads).
 *
 * Prints numbers, ratios and PASS/FAIL against the targets; exits 0 whatever they are (1 only when setup failed).
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { seed } from '../e2e/seed.ts';
import { generatedPapers } from '../e2e/transfer-helpers.ts';
import { extensionId, launchWithExtension, newProfileDir } from '../support/browser.ts';

const PAPERS = Number(process.env.DOGEAR_BENCH_PAPERS ?? 100_000);
const RUNS = Number(process.env.DOGEAR_BENCH_RUNS ?? 3);
const EXPORT_TARGET_MS = 2000;
const IMPORT_TARGET_MS = 10_000;

const log = (line: string): void => console.log(line);
const ms = (value: number): string => `${Math.round(value)} ms`;
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const verdict = (value: number, target: number): string => (value <= target ? 'PASS' : 'FAIL');

/** Writes `count` generated papers (transfer-helpers.ts) through the E2E seeding fixture, 10,000 per transaction. */
async function seedLibrary(page: Page, count: number): Promise<void> {
  const papers = generatedPapers(count, Date.now());
  for (let start = 0; start < count; start += 10_000) {
    await seed(page, papers.slice(start, start + 10_000), [], { clear: start === 0, reload: false });
  }
}

/** The page's `dogear:<kind>:*` measures since the last call, summed by name. */
async function takeMeasures(page: Page, kind: string): Promise<Record<string, number>> {
  return page.evaluate((kind) => {
    const sums: Record<string, number> = {};
    for (const entry of performance.getEntriesByType('measure')) {
      if (!entry.name.startsWith(`dogear:${kind}:`)) continue;
      const name = entry.name.slice(`dogear:${kind}:`.length);
      sums[name] = (sums[name] ?? 0) + entry.duration;
    }
    performance.clearMeasures();
    return sums;
  }, kind);
}

const phases = (measures: Record<string, number>): string =>
  Object.entries(measures)
    .map(([name, value]) => `${name} ${ms(value)}`)
    .join(', ');

async function exportOnce(
  page: Page,
  format: string,
): Promise<{ total: number; keep: number; measures: Record<string, number>; path: string; bytes: number }> {
  await page.locator('input[name="export-scope"][value="all"]').check();
  await page.locator('select.export-format').selectOption(format);
  await takeMeasures(page, 'export');
  const started = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 300_000 }),
    page.locator('button.export-run').click(),
  ]);
  const total = Date.now() - started;
  await page.locator('.export-status', { hasText: 'Exported' }).waitFor({ timeout: 300_000 });
  // A first BibTeX export stores its new cite keys after the download: timed apart, and waited for.
  const keepStarted = Date.now();
  await page.locator('button.export-run', { hasText: /^Export$/ }).waitFor({ timeout: 300_000 });
  const keep = Date.now() - keepStarted;
  const path = await download.path();
  return { total, keep, measures: await takeMeasures(page, 'export'), path, bytes: readFileSync(path).length };
}

/** Floors, in the page: raw getAll, JSON.stringify of what it read, JSON.parse of `backupText`, raw bulk put. */
async function floors(
  page: Page,
  backupPath: string,
): Promise<{ getAll: number; stringify: number; parse: number; put: number }> {
  const backupText = readFileSync(backupPath, 'utf8');
  return page.evaluate(async (backupText) => {
    const open = (name: string, create?: (db: IDBDatabase) => void): Promise<IDBDatabase> =>
      new Promise((resolve, reject) => {
        const request = create ? indexedDB.open(name, 1) : indexedDB.open(name);
        if (create) request.onupgradeneeded = () => create(request.result);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const db = await open('dogear');
    let start = performance.now();
    const papers = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction('papers').objectStore('papers').getAll();
      request.onsuccess = () => resolve(request.result as unknown[]);
      request.onerror = () => reject(request.error);
    });
    const getAll = performance.now() - start;
    db.close();
    start = performance.now();
    JSON.stringify(papers, null, 2);
    const stringify = performance.now() - start;
    start = performance.now();
    const parsed = JSON.parse(backupText) as { tables: { papers: unknown[] } };
    const parse = performance.now() - start;
    // Same indexes as the real papers store, so the floor pays for the same index upkeep.
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase('dogear-bench-floor');
      request.onsuccess = request.onerror = () => resolve();
    });
    const scratch = await open('dogear-bench-floor', (created) => {
      const store = created.createObjectStore('papers', { keyPath: 'key' });
      for (const index of ['savedAt', 'updatedAt', 'firstSeenAt', 'lastSeenAt']) store.createIndex(index, index);
      store.createIndex('tags', 'tags', { multiEntry: true });
    });
    start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = scratch.transaction('papers', 'readwrite');
      const store = tx.objectStore('papers');
      for (const paper of parsed.tables.papers) store.put(paper);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    const put = performance.now() - start;
    scratch.close();
    indexedDB.deleteDatabase('dogear-bench-floor');
    return { getAll, stringify, parse, put };
  }, backupText);
}

async function main(): Promise<void> {
  const profileDir = newProfileDir();
  const context = await launchWithExtension(profileDir);
  try {
    const id = await extensionId(context);
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/library.html#transfer`);
    await page.waitForFunction(async () =>
      (await indexedDB.databases()).some((db) => db.name === 'dogear' && (db.version ?? 0) >= 20),
    );
    let started = Date.now();
    await seedLibrary(page, PAPERS);
    log(`Seeded ${PAPERS} papers (raw IndexedDB) in ${ms(Date.now() - started)}`);
    await page.reload();
    await page.locator('.transfer-panel').waitFor();
    log(
      `Chromium, built extension, library.html#transfer; ${RUNS} runs per format; times are click → download event.\n`,
    );

    const results: Record<string, number[]> = {};
    let backupPath = '';
    for (const format of ['bibtex', 'csv', 'json']) {
      const totals: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const result = await exportOnce(page, format);
        const first = format === 'bibtex' && run === 0;
        log(
          `export ${format.padEnd(6)} run ${run + 1}${first ? ` (assigns ${PAPERS} cite keys)` : ''}: ${ms(result.total)} ` +
            `(${phases(result.measures)}), ${(result.bytes / 1e6).toFixed(1)} MB` +
            (result.keep > 500 ? `; then stored the new cite keys in ${ms(result.keep)} (the file did not wait)` : ''),
        );
        if (!first) totals.push(result.total);
        if (format === 'json') backupPath = result.path;
      }
      results[format] = totals;
    }

    const floor = await floors(page, backupPath);
    log(
      `\nfloors: raw getAll ${ms(floor.getAll)}, JSON.stringify ${ms(floor.stringify)}, JSON.parse of the backup ` +
        `${ms(floor.parse)}, raw IndexedDB put of ${PAPERS} ${ms(floor.put)}`,
    );
    const exportFloor = floor.getAll + floor.stringify;

    // Import: wipe, then the backup just exported.
    const importTotals: number[] = [];
    for (let run = 0; run < Math.min(RUNS, 2); run++) {
      await seed(page, [], [], { clear: true });
      await page.locator('.transfer-panel').waitFor();
      await takeMeasures(page, 'import');
      started = Date.now();
      await page.locator('input.import-file').setInputFiles(backupPath);
      await page.locator('.import-summary, .import-error').first().waitFor({ timeout: 300_000 });
      const previewed = Date.now() - started;
      if (await page.locator('.import-error').count())
        throw new Error(`import refused: ${await page.locator('.import-error').textContent()}`);
      const summary = await page.locator('.import-summary').textContent();
      const applyStarted = Date.now();
      await page.locator('button.import-apply').click();
      await page.locator('.import-done').waitFor({ timeout: 300_000 });
      const applied = Date.now() - applyStarted;
      const total = previewed + applied;
      importTotals.push(total);
      log(
        `import run ${run + 1}: ${ms(total)} = file → preview ${ms(previewed)} + apply ${ms(applied)} ` +
          `(${phases(await takeMeasures(page, 'import'))}); ${summary?.trim()}`,
      );
    }
    const importFloor = floor.parse + floor.put;

    log('\n| what | median | target | floor | ratio | verdict |\n|---|---|---|---|---|---|');
    for (const format of ['bibtex', 'csv', 'json']) {
      const value = median(results[format] ?? []);
      log(
        `| export ${format} (${PAPERS}) | ${ms(value)} | ${ms(EXPORT_TARGET_MS)} | ${ms(exportFloor)} | ${(value / exportFloor).toFixed(1)}× | ${verdict(value, EXPORT_TARGET_MS)} |`,
      );
    }
    const importValue = median(importTotals);
    log(
      `| import backup (${PAPERS}) | ${ms(importValue)} | ${ms(IMPORT_TARGET_MS)} | ${ms(importFloor)} | ${(importValue / importFloor).toFixed(1)}× | ${verdict(importValue, IMPORT_TARGET_MS)} |`,
    );
    log('(export floor = raw getAll + JSON.stringify; import floor = JSON.parse of the file + raw IndexedDB put)');
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
