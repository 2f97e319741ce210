/**
 * Sync between Firefox and Chromium ("works between Chromium and Firefox builds, same server, same files"): Dogear's
 * Firefox build in Firefox ESR and its Chromium build in Chromium, each with the loopback origin declared as a host
 * permission (tests/support/sync-build.ts: a test cannot click the permission prompt), set sync up in the library's
 * settings against one real WebDAV server (Apache mod_dav on 127.0.0.1, tests/support/webdav-server.ts).
 *
 * Firefox saves a paper and writes a note on the captured Hugging Face page and syncs; Chromium (driven with
 * Playwright's API from this node test, a persistent profile as in tests/e2e/) reads both, edits the note and unsaves
 * the paper, and syncs; Firefox syncs again and shows the paper unsaved with Chromium's note.
 */
import type { BrowserContext, Page as ChromiumPage } from '@playwright/test';
import { rmSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { extensionId, launchWithExtension, newProfileDir, PAGES } from '../support/browser.ts';
import { buildSyncExtension, SYNC_OUT_DIR } from '../support/sync-build.ts';
import { startWebDav, type WebDavServer } from '../support/webdav-server.ts';
import type { FirefoxDogear } from './firefox.ts';

const HF_ID = '2609.31620';
const KEY = `arxiv:${HF_ID}`;
const HF_TITLE =
  'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap in Representation Autoencoders';
const FIREFOX_NOTE = 'Written in Firefox: check the fusion ablation';
const CHROMIUM_NOTE = 'Edited in Chromium: the ablation holds';

let server: WebDavServer;
let firefox: FirefoxDogear;
let chromiumExtension: string;
let chromium: { context: BrowserContext; id: string; profileDir: string } | undefined;

beforeAll(async () => {
  const [chrome, gecko] = [await buildSyncExtension('chrome'), await buildSyncExtension('firefox')];
  console.log(`sync test builds: chrome ${chrome.ms} ms, firefox ${gecko.ms} ms`);
  chromiumExtension = chrome.dir;
  server = await startWebDav();
  // tests/e2e-firefox/firefox.ts installs the build under DOGEAR_OUT_DIR, read when it is first imported.
  process.env.DOGEAR_OUT_DIR = SYNC_OUT_DIR;
  const { launchFirefox } = await import('./firefox.ts');
  firefox = await launchFirefox([PAGES.hfRendered]);
  await firefox.setSettings({ pageStateAttributes: true });
}, 120_000);

afterAll(async () => {
  await firefox?.close();
  if (chromium !== undefined) {
    await chromium.context.close();
    rmSync(chromium.profileDir, { recursive: true, force: true });
  }
  await server?.stop();
});

/** The text of the first element matching `selector`, or '' . */
const textOf = (page: Page, selector: string): Promise<string> =>
  page.evaluate((selector) => document.querySelector(selector)?.textContent ?? '', selector);

/**
 * Waits until the text of `selector` in `page` matches `pattern`, and returns it. Polled with evaluate: Firefox's CSP
 * on extension pages blocks the Function() that puppeteer's waitForFunction relies on.
 */
async function waitForText(page: Page, selector: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await textOf(page, selector);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`${selector} still reads "${text}", not ${String(pattern)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Firefox: the library's settings, sync set up with the test server's folder, user and app password. */
async function firefoxTurnOn(): Promise<Page> {
  const settings = await firefox.extensionPage('library.html#settings', '.sync-setup');
  await settings.bringToFront();
  await settings.click('input[name="sync-kind"][value="webdav"]');
  await settings.type('#sync-url', server.url);
  await settings.type('#sync-user', server.user);
  await settings.type('#sync-password', server.password);
  await settings.click('button.sync-turn-on');
  await waitForText(settings, '.sync-message', /^Sync is on\. Synced:/);
  return settings;
}

test('a save and a note made in Firefox reach Chromium, and an unsave and a note edit come back', async () => {
  // Firefox: j makes the first card current, s saves it, n opens the note frame.
  const hf = await firefox.open(PAGES.hfRendered);
  const card = `article[data-dogear-id="${KEY}"]`;
  await hf.keyboard.press('j');
  await hf.waitForSelector(`${card}[data-dogear-current]`);
  await hf.keyboard.press('s');
  await hf.waitForSelector(`${card}[data-dogear-state~="saved"]`);
  await hf.keyboard.press('n');
  const { extensionFrame } = await import('./firefox.ts');
  const frame = await extensionFrame(hf, 'note.html');
  await frame.waitForSelector('.note-editor textarea');
  await hf.keyboard.type(FIREFOX_NOTE);
  await hf.keyboard.down('Control');
  await hf.keyboard.press('Enter');
  await hf.keyboard.up('Control');
  await hf.waitForSelector(`${card}[data-dogear-state~="noted"]`);

  // Firefox turns sync on: its first run uploads the library.
  const firefoxSettings = await firefoxTurnOn();
  expect(await textOf(firefoxSettings, '.sync-last')).toMatch(/^Synced just now: [1-9]\d* change files? sent/);

  // Chromium turns sync on and finds the paper saved, with Firefox's note.
  const profileDir = newProfileDir();
  const context = await launchWithExtension(profileDir, {
    extensionDir: chromiumExtension,
    allowOrigins: [new URL(server.url).origin],
  });
  const id = await extensionId(context);
  chromium = { context, id, profileDir };
  const settings = await context.newPage();
  await settings.goto(`chrome-extension://${id}/library.html#settings`);
  await settings.getByRole('radio', { name: 'Other WebDAV server' }).check();
  await settings.getByLabel('WebDAV folder URL').fill(server.url);
  await settings.getByLabel('User name').fill(server.user);
  await settings.getByLabel('App password').fill(server.password);
  await settings.getByRole('button', { name: 'Turn on sync' }).click();
  await settings
    .locator('.sync-message', { hasText: /^Sync is on\. Synced: .* [1-9]\d* papers? changed here/ })
    .waitFor({
      timeout: 30_000,
    });

  const popup = await chromiumPopup(context, id);
  const row = popup.locator(`.paper[role="row"][data-key="${KEY}"]`);
  expect(await row.locator('.title').innerText()).toBe(HF_TITLE);
  await row.getByRole('button', { name: 'Note & tags' }).click();
  const panel = popup.getByRole('dialog', { name: 'Note and tags' });
  const noteField = panel.getByRole('textbox', { name: 'Note (Markdown)' });
  expect(await noteField.inputValue()).toBe(FIREFOX_NOTE);

  // Chromium edits the note and unsaves the paper in its popup, then syncs.
  await noteField.fill(CHROMIUM_NOTE);
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await panel.waitFor({ state: 'detached' });
  await row.getByRole('button', { name: 'Unsave' }).click();
  await row.waitFor({ state: 'detached' });
  await chromiumSyncNow(settings);

  // Firefox syncs: the paper is no longer saved there, and its note is Chromium's.
  await firefoxSettings.bringToFront();
  await firefoxSettings.click('button.sync-now');
  await waitForText(firefoxSettings, '.sync-message', /^Synced:/);
  expect(await textOf(firefoxSettings, '.sync-message')).toMatch(/[1-9]\d* papers? changed here/);
  const firefoxPopup = await firefox.popup();
  expect(await firefoxPopup.evaluate((key) => document.querySelector(`.paper[data-key="${key}"]`), KEY)).toBeNull();
  const again = await firefox.open(PAGES.hfRendered);
  const state = await again.evaluate((card) => document.querySelector(card)?.getAttribute('data-dogear-state'), card);
  expect(state?.split(' ')).toContain('noted');
  expect(state?.split(' ')).not.toContain('saved');
  const library = await firefox.extensionPage('library.html#papers', `.rows .row[data-key="${KEY}"]`);
  await library.click(`.rows .row[data-key="${KEY}"] .cell.title`);
  await library.waitForSelector(`aside.detail[data-key="${KEY}"] textarea[name="note"]`);
  expect(
    await library.evaluate(
      (key) =>
        document.querySelector<HTMLTextAreaElement>(`aside.detail[data-key="${key}"] textarea[name="note"]`)?.value,
      KEY,
    ),
  ).toBe(CHROMIUM_NOTE);
}, 150_000);

async function chromiumPopup(context: BrowserContext, id: string): Promise<ChromiumPage> {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${id}/popup.html`);
  await popup.bringToFront();
  await popup.locator('main.popup:not([aria-busy])').waitFor();
  return popup;
}

/**
 * Chromium: presses "Sync now" until a run that started after the press has ended ("Another Dogear page is syncing"
 * means the background's run, begun 30 s after an edit, held the lock: the press is repeated after it).
 */
async function chromiumSyncNow(page: ChromiumPage): Promise<void> {
  await page.bringToFront();
  const lastRunAt = (): Promise<number> =>
    page.evaluate(async () => {
      const { chrome } = globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<{ sync?: { lastRun?: { at: number } } }> } } };
      };
      return (await chrome.storage.local.get('sync')).sync?.lastRun?.at ?? 0;
    });
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await lastRunAt();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.locator('.sync-settings[aria-busy="false"] button.sync-now:enabled').waitFor({ timeout: 30_000 });
    const message = await page.locator('.sync-message').innerText();
    if (message.startsWith('Synced:')) return;
    expect(message).toBe('Another Dogear page is syncing right now.');
    // The background's run ends (and records itself) before the press is repeated.
    await page.waitForFunction(
      async (before) => {
        const { chrome } = globalThis as unknown as {
          chrome: { storage: { local: { get(key: string): Promise<{ sync?: { lastRun?: { at: number } } }> } } };
        };
        return ((await chrome.storage.local.get('sync')).sync?.lastRun?.at ?? 0) > before;
      },
      before,
      { timeout: 30_000 },
    );
  }
  throw new Error('Chromium: the sync lock stayed taken');
}
