/**
 * The library page's Settings tab (#settings) in Chromium with the built extension: persistent storage and the
 * estimate shown, the library counts, the automatic-backup options kept, "Back up now" downloading a complete backup,
 * and the background's automatic check reporting in the panel.
 *
 * Not testable here: the browser's permission prompt. Playwright cannot click Chromium's extension permission dialog,
 * so the spec checks the opt-in's refusal path (headless Chromium answers the request without granting) and the
 * background's behaviour when a backup is due but the permission is missing; the decision logic itself is unit
 * tested (tests/unit/backup-settings.test.ts).
 */
import type { Page } from '@playwright/test';
import { expect, test, type Dogear } from './fixtures.ts';
import { downloadOf, dump, openLibrary, sampleLibrary, seed } from './transfer-helpers.ts';

const NOW = Date.now();

/** The bits of the extension API the page-side snippets use (they run in library.html, where `chrome` exists). */
declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
  permissions: { contains(permissions: { permissions: string[] }): Promise<boolean> };
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

test('storage: persistence asked for and shown, the estimate, the counts, the uninstall warning', async ({ dogear }) => {
  const page = await settingsPage(dogear);
  const persisted = page.locator('.storage-persisted');
  await expect(persisted).not.toHaveAttribute('data-persisted', 'checking');
  // What the panel shows is what the browser says now (the panel asked first).
  const actual = await page.evaluate(() => navigator.storage.persisted());
  await expect(persisted).toHaveAttribute('data-persisted', String(actual));
  await expect(persisted).toContainText(actual ? 'yes' : 'no');
  await expect(page.locator('.storage-estimate')).toHaveText(/^\d+(\.\d)? (B|kB|MB|GB) of \d+(\.\d)? (B|kB|MB|GB|TB) available to Dogear$/);
  await expect(page.locator('.library-counts')).toHaveText('5 papers (4 saved), 3 sightings');
  await expect(page.locator('.uninstall-warning')).toContainText('Uninstalling Dogear deletes its library from this browser');
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
  const backup = JSON.parse(file.text) as { format: string; counts: Record<string, number>; tables: { papers: unknown[]; sightings: unknown[] } };
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

test('opting in asks for the downloads permission at the click; refused, backups stay off', async ({ dogear }) => {
  const page = await settingsPage(dogear);
  expect(await page.evaluate(() => chrome.permissions.contains({ permissions: ['downloads'] }))).toBe(false);
  await page.locator('input.auto-backup-enabled').click();
  // Headless Chromium cannot show the prompt and answers the request as not granted.
  await expect(page.locator('.settings-status')).toContainText(/downloads permission/);
  await expect(page.locator('input.auto-backup-enabled')).not.toBeChecked();
  expect((await storedBackup(page))?.enabled ?? false).toBe(false);
  expect(await page.evaluate(() => chrome.permissions.contains({ permissions: ['downloads'] }))).toBe(false);
});

test('a due backup without the permission is reported in settings by the background, and nothing is lost', async ({ dogear }) => {
  const page = await settingsPage(dogear);
  const before = await dump(page);
  // The state of a user who opted in a while ago (everything saved since counts) and whose permission was then
  // removed in chrome://extensions: the worker's start-up check finds a backup due and cannot write it.
  await page.evaluate(
    (enabledAt) => chrome.storage.local.set({ backup: { enabled: true, afterSaves: true, everyN: 2, weekly: false, enabledAt } }),
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
