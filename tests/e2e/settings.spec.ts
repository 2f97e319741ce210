/**
 * The library page's Settings tab (#settings) in Chromium with the built extension: persistent storage and the estimate
 * shown, the library counts, the automatic-backup options kept, "Back up now" downloading a complete backup, and the
 * background's automatic check reporting in the panel.
 *
 * Not testable here: the browser's permission prompt itself. Playwright cannot click Chromium's extension permission
 * dialog (in headless Chromium the request stays pending), so the spec checks that the click asks and that nothing is
 * turned on before an answer; the granted state is then set up the way Chromium records a grant (the profile's
 * Preferences, `extensions.settings.<id>.granted_permissions`/`active_permissions`, edited while the browser is
 * closed), and the background's real automatic backup is tested on it. The decision logic is unit tested
 * (tests/unit/backup-settings.test.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { PAGES, serviceWorker } from '../support/browser.ts';
import { expect, test, type Dogear } from './fixtures.ts';
import { downloadOf, dump, openLibrary, sampleLibrary, seed } from './transfer-helpers.ts';

const NOW = Date.now();

// The automatic backup counts saves, and saves come from a listing: the real arXiv /new capture.
test.use({ served: { pages: [PAGES.arxivNew] } });

/** The bits of the extension API the page-side snippets use (they run in library.html, where `chrome` exists). */
declare const chrome: {
  storage: {
    local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  };
  permissions: { contains(permissions: { permissions: string[] }): Promise<boolean> };
  downloads: { search(query: object): Promise<Array<{ state: string; url: string; filename: string }>> };
};

async function settingsPage(dogear: Dogear): Promise<Page> {
  const page = await openLibrary(dogear, 'settings');
  const { papers, sightings } = sampleLibrary(NOW);
  await seed(page, papers, sightings);
  await page.locator('.settings-panel').waitFor();
  return page;
}

const storedBackup = (page: Page): Promise<Record<string, unknown> | undefined> =>
  page.evaluate(async () => {
    const { backup } = (await chrome.storage.local.get('backup')) as { backup?: Record<string, unknown> };
    return backup;
  });

test('storage: persistence asked for and shown, the estimate, the counts, the uninstall warning', async ({
  dogear,
}) => {
  const page = await settingsPage(dogear);
  const persisted = page.locator('.storage-persisted');
  await expect(persisted).not.toHaveAttribute('data-persisted', 'checking');
  // What the panel shows is what the browser says now (the panel asked first).
  const actual = await page.evaluate(() => navigator.storage.persisted());
  await expect(persisted).toHaveAttribute('data-persisted', String(actual));
  await expect(persisted).toContainText(actual ? 'yes' : 'no');
  await expect(page.locator('.storage-estimate')).toHaveText(
    /^\d+(\.\d)? (B|kB|MB|GB) of \d+(\.\d)? (B|kB|MB|GB|TB) available to Dogear$/,
  );
  await expect(page.locator('.library-counts')).toHaveText('5 papers (4 saved), 3 sightings');
  await expect(page.locator('.uninstall-warning')).toContainText(
    'Uninstalling Dogear deletes its library from this browser',
  );
});

test('backup options are kept; "Back up now" downloads the whole library and records it', async ({ dogear }) => {
  const page = await settingsPage(dogear);
  await expect(page.locator('.last-backup')).toHaveText('Last backup: never');

  await page.locator('input.auto-backup-n').fill('3');
  await page.locator('input.auto-backup-n').blur();
  await page.locator('input.auto-backup-weekly').check();
  await expect.poll(async () => (await storedBackup(page))?.everyN).toBe(3);
  await page.reload();
  await expect(page.locator('input.auto-backup-n')).toHaveValue('3');
  await expect(page.locator('input.auto-backup-weekly')).toBeChecked();
  await expect(page.locator('input.auto-backup-saves')).toBeChecked();
  await expect(page.locator('input.auto-backup-enabled')).not.toBeChecked();

  const file = await downloadOf(page, () => page.locator('button.backup-now').click());
  expect(file.name).toMatch(/^dogear-backup-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
  const backup = JSON.parse(file.text) as {
    format: string;
    counts: Record<string, number>;
    tables: { papers: unknown[]; sightings: unknown[] };
  };
  expect(backup.format).toBe('dogear-backup');
  expect(backup.counts).toEqual({ papers: 5, sightings: 3 });
  const stored = await dump(page);
  expect(backup.tables.papers).toEqual(expect.arrayContaining(stored.papers));
  expect(backup.tables.sightings).toEqual(expect.arrayContaining(stored.sightings));
  await expect(page.locator('.settings-status')).toContainText('Backed up 5 papers');
  await expect(page.locator('.last-backup')).not.toHaveText('Last backup: never');
  await expect(page.locator('.last-backup')).toContainText(file.name);
  expect((await storedBackup(page))?.lastBackupAt).toBeGreaterThan(NOW - 1000);
});

test('opting in asks for the downloads permission at the click, and turns nothing on before it is granted', async ({
  dogear,
}) => {
  const page = await settingsPage(dogear);
  expect(await page.evaluate(() => chrome.permissions.contains({ permissions: ['downloads'] }))).toBe(false);
  await page.locator('input.auto-backup-enabled').click();
  // The browser's prompt is up (headless: invisible, and it stays pending): the panel says it is waiting.
  await expect(page.locator('.settings-status')).toContainText('Waiting for your answer to the browser');
  await expect(page.locator('input.auto-backup-enabled')).not.toBeChecked();
  expect((await storedBackup(page))?.enabled ?? false).toBe(false);
  expect(await page.evaluate(() => chrome.permissions.contains({ permissions: ['downloads'] }))).toBe(false);
});

/** Records `downloads` as granted in the closed profile, as Chromium does when the user accepts the prompt. */
async function grantDownloads(dogear: Dogear): Promise<void> {
  await dogear.context.close();
  const path = join(dogear.profileDir, 'Default', 'Preferences');
  expect(existsSync(path)).toBe(true);
  const preferences = JSON.parse(readFileSync(path, 'utf8')) as {
    extensions: {
      settings: Record<string, { active_permissions: { api: string[] }; granted_permissions: { api: string[] } }>;
    };
  };
  const settings = preferences.extensions.settings[dogear.extensionId];
  expect(settings, 'Dogear is in the profile').toBeDefined();
  settings!.active_permissions.api.push('downloads');
  settings!.granted_permissions.api.push('downloads');
  writeFileSync(path, JSON.stringify(preferences));
  await dogear.restart();
}

test('opted in and granted: the background writes a complete backup to Downloads/dogear after N saves', async ({
  dogear,
}) => {
  const page = await settingsPage(dogear);
  const optedIn = Date.now();
  await page.evaluate(
    (enabledAt) =>
      chrome.storage.local.set({ backup: { enabled: true, afterSaves: true, everyN: 2, weekly: false, enabledAt } }),
    optedIn,
  );
  await grantDownloads(dogear);
  const worker = await serviceWorker(dogear.context);
  const library = await openLibrary(dogear, 'settings');
  expect(await library.evaluate(() => chrome.permissions.contains({ permissions: ['downloads'] }))).toBe(true);
  await expect(library.locator('input.auto-backup-enabled')).toBeChecked();

  // Two saves on a listing, with the real mouse on Dogear's Save buttons: the second makes the backup due (every 2),
  // and it is written without a dialog and recorded.
  const listing = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(listing);
  const ids = ['2609.22268', '2609.22287'];
  for (const id of ids) {
    const controls = `dt[data-dogear-id="arxiv:${id}"] [data-dogear-ui]`;
    await ui.click(controls, 'button.save');
    await expect.poll(async () => (await ui.one(controls, 'button.save')).attributes['aria-pressed']).toBe('true');
  }
  await expect
    .poll(async () => (await storedBackup(library))?.lastBackupAt, { timeout: 15_000 })
    .toBeGreaterThan(optedIn);
  const stored = await storedBackup(library);
  expect(stored?.lastError).toBeUndefined();

  // Exactly one backup, holding both saves: so none was written after the first save alone (1 of 2, not due).
  const items = await worker.evaluate(() => chrome.downloads.search({}));
  expect(items).toHaveLength(1);
  const [item] = items;
  expect(item!.state).toBe('complete');
  expect(item!.url.startsWith('data:application/json;base64,')).toBe(true);
  const backup = JSON.parse(readFileSync(item!.filename, 'utf8')) as {
    format: string;
    counts: Record<string, number>;
    tables: {
      papers: { key: string; savedFrom?: { site: string; url: string } }[];
      sightings: { id: string; site: string; url: string }[];
    };
  };
  expect(backup.format).toBe('dogear-backup');
  // The whole library at that moment: the five seeded papers and three sightings, the two saves (their source is the
  // listing they were saved on), and whatever rows the listing had recorded as seen by then (its own sightings).
  expect(backup.counts).toEqual({ papers: backup.tables.papers.length, sightings: backup.tables.sightings.length });
  const keys = backup.tables.papers.map((paper) => paper.key);
  expect(keys).toEqual(
    expect.arrayContaining([...sampleLibrary(NOW).papers.map((paper) => paper.key), ...ids.map((id) => `arxiv:${id}`)]),
  );
  for (const id of ids) {
    expect(backup.tables.papers.find((paper) => paper.key === `arxiv:${id}`)?.savedFrom).toEqual({
      site: 'arxiv-listing',
      url: PAGES.arxivNew.url,
    });
  }
  const seeded = new Set(sampleLibrary(NOW).sightings.map((sighting) => sighting.id));
  expect(backup.tables.sightings.filter((sighting) => seeded.has(sighting.id))).toHaveLength(3);
  for (const sighting of backup.tables.sightings.filter((s) => !seeded.has(s.id))) {
    expect(sighting).toMatchObject({ site: 'arxiv-listing', url: PAGES.arxivNew.url });
  }
  await expect(library.locator('.last-backup')).toContainText('dogear');
});

test('a due backup without the permission is reported in settings by the background, and nothing is lost', async ({
  dogear,
}) => {
  const page = await settingsPage(dogear);
  const before = await dump(page);
  // The state of a user who opted in a while ago (everything saved since counts) and whose permission was then
  // removed in chrome://extensions: the worker's start-up check finds a backup due and cannot write it.
  await page.evaluate(
    (enabledAt) =>
      chrome.storage.local.set({ backup: { enabled: true, afterSaves: true, everyN: 2, weekly: false, enabledAt } }),
    NOW - 30 * 24 * 3600_000,
  );
  await dogear.restart();
  const again = await openLibrary(dogear, 'settings');
  await expect(again.locator('.backup-error')).toContainText('the downloads permission was withdrawn');
  await expect(again.locator('.backup-warning')).toContainText('no longer granted');
  expect(await dump(again)).toEqual(before);
  const stored = await storedBackup(again);
  expect(stored?.lastBackupAt).toBeUndefined();
  expect((stored?.lastError as { message?: string } | undefined)?.message).toContain('withdrawn');
});
