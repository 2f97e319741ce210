/**
 * Sync between two browsers in real Chromium profiles with the built extension, through a real WebDAV server (Apache
 * mod_dav on 127.0.0.1, tests/support/webdav-server.ts). Each profile is a device: it sets sync up in the library's
 * settings as a user does, saves and notes on the real captured Hugging Face page, and presses "Sync now"; what the
 * other device then shows is read where the user reads it: the popup, the library, the listing's buttons.
 *
 * The extension is the sync test build (tests/support/sync-build.ts: the loopback origin declared as a host permission,
 * since a test cannot click the permission prompt), built once for this file. Only the WebDAV server's origin gets
 * through the browser's request blocking (tests/support/browser.ts allowOrigins).
 *
 * With DOGEAR_SYNC_SHOTS=<dir>, each view the test passes through is also saved as screenshots there (light and dark,
 * 1280 and 390 px wide), for people to look at.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { deletePapers } from '../../lib/db/library-repo.ts';
import { savePaper } from '../../lib/db/papers-repo.ts';
import {
  extensionId,
  launchWithExtension,
  newProfileDir,
  PAGES,
  servePages,
  serviceWorker,
  waitForAnnotations,
} from '../support/browser.ts';
import { ClosedUi } from '../support/closed-ui.ts';
import { makeCandidate } from '../support/papers.ts';
import { buildSyncExtension } from '../support/sync-build.ts';
import { makeDevice, syncOk } from '../support/sync-devices.ts';
import { startWebDav, type WebDavServer } from '../support/webdav-server.ts';
import { describeViolations, runAxe } from './axe.ts';
import { expect, reach, test } from './fixtures.ts';
import { PopupPage } from './pages/popup.ts';

const HF_ID = '2606.28322';
const KEY = `arxiv:${HF_ID}`;
const HF_TITLE = 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception';
const NOTE_A = 'Read on the laptop: compare the rubric with §4 of the MoE paper';
const NOTE_B = 'Edited on the desktop: the rubric needs human raters';
const CONTROLS = `article[data-dogear-id="${KEY}"] [data-dogear-ui]`;
const SHOTS = process.env.DOGEAR_SYNC_SHOTS;

let extensionDir: string;

// A click that cannot happen fails at that step, not at the test's timeout.
test.use({ actionTimeout: 15_000 });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const build = await buildSyncExtension('chrome');
  extensionDir = build.dir;
  console.log(`sync test build (chrome): ${build.ms} ms`);
});

/** One browser profile with the test build: a device of the user's. */
interface Device {
  name: string;
  context: BrowserContext;
  extensionId: string;
  /** The library page at its settings tab, where sync is set up and run. */
  settings: Page;
  close(): Promise<void>;
}

async function launchDevice(name: string, server: WebDavServer): Promise<Device> {
  const profileDir = newProfileDir();
  const context = await launchWithExtension(profileDir, {
    extensionDir,
    allowOrigins: [new URL(server.url).origin],
  });
  await servePages(context, [PAGES.hfDaily]);
  // The DOM contract's state attributes (a user setting) let the test read a row's state as the listing shows it.
  await (
    await serviceWorker(context)
  ).evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { local: { set(items: object): Promise<void> } } };
    };
    await chrome.storage.local.set({ settings: { pageStateAttributes: true } });
  });
  const id = await extensionId(context);
  const settings = await context.newPage();
  await settings.goto(`chrome-extension://${id}/library.html#settings`);
  await settings.locator('.sync-settings').waitFor();
  return {
    name,
    context,
    extensionId: id,
    settings,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Fills the "Other WebDAV server" form and presses "Turn on sync". */
async function turnOnSync(device: Device, server: WebDavServer, password = server.password): Promise<void> {
  const page = device.settings;
  await page.bringToFront();
  await page.getByRole('radio', { name: 'Other WebDAV server' }).check();
  await page.getByLabel('WebDAV folder URL').fill(server.url);
  await page.getByLabel('User name').fill(server.user);
  await page.getByLabel('App password').fill(password);
  await page.getByRole('button', { name: 'Turn on sync' }).click();
}

/** When the last successful run ended (`storage.local` `sync.lastRun.at`), 0 before any. */
function lastRunAt(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { local: { get(key: string): Promise<{ sync?: { lastRun?: { at: number } } }> } } };
    };
    return (await chrome.storage.local.get('sync')).sync?.lastRun?.at ?? 0;
  });
}

/**
 * Presses "Sync now" and waits for the run's outcome on the page. A sync the background started meanwhile (30 s after
 * an edit) holds the profile's lock, and the page then says so: the press is repeated once that run has ended, so the
 * run that counts always starts after the press.
 */
async function syncNow(device: Device): Promise<string> {
  const page = device.settings;
  await page.bringToFront();
  const button = page.getByRole('button', { name: 'Sync now' });
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await lastRunAt(page);
    await button.click();
    await expect(page.locator('.sync-settings')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
    await expect(button).toBeEnabled();
    const message = await page.locator('.sync-message').innerText();
    if (message.startsWith('Synced:')) {
      expect(await lastRunAt(page)).toBeGreaterThan(before);
      await expect(page.locator('.sync-last')).toContainText('Synced just now');
      return message;
    }
    expect(message, `${device.name}: Sync now`).toBe('Another Dogear page is syncing right now.');
    await expect.poll(() => lastRunAt(page), { timeout: 30_000 }).toBeGreaterThan(before);
  }
  throw new Error(`${device.name}: the sync lock stayed taken`);
}

async function openListing(device: Device): Promise<{ page: Page; ui: ClosedUi }> {
  const page = await device.context.newPage();
  await page.goto(PAGES.hfDaily.url);
  await page.bringToFront();
  await waitForAnnotations(page);
  await reach(page.locator(`article[data-dogear-id="${KEY}"]`));
  return { page, ui: await ClosedUi.attach(page) };
}

/** The Save and Note buttons of the paper on the listing, as text and pressed state. */
async function buttons(ui: ClosedUi): Promise<{ save: string; note: string }> {
  const [save] = await ui.query(CONTROLS, 'button.save');
  const [note] = await ui.query(CONTROLS, 'button.note');
  return {
    save: `${save?.text} ${save?.attributes['aria-pressed']}`,
    note: `${note?.text} ${note?.attributes['aria-pressed']}`,
  };
}

/** The note editor frame that is open now. */
async function noteFrame(page: Page): Promise<Frame> {
  const open = (): Frame | undefined =>
    page.frames().find((frame) => frame.url().includes('/note.html') && !frame.isDetached());
  await expect.poll(() => open() !== undefined).toBe(true);
  const frame = open()!;
  await frame.locator('.note-editor').waitFor();
  return frame;
}

/** Writes `text` as the paper's note in the listing's note frame (opened with its Note button), and saves it. */
async function writeNote(listing: { page: Page; ui: ClosedUi }, text: string): Promise<void> {
  await listing.page.bringToFront();
  await listing.ui.click(CONTROLS, 'button.note');
  const frame = await noteFrame(listing.page);
  await frame.getByRole('textbox', { name: 'Note (Markdown)' }).fill(text);
  await frame.getByRole('textbox', { name: 'Note (Markdown)' }).press('Control+Enter');
  // The write goes through the background before the frame closes.
  await expect(listing.page.locator('[data-dogear-note-host]')).toHaveCount(0, { timeout: 15_000 });
}

async function popupOf(device: Device): Promise<PopupPage> {
  const page = await device.context.newPage();
  await page.setViewportSize({ width: 380, height: 600 });
  await page.goto(`chrome-extension://${device.extensionId}/popup.html`);
  await page.bringToFront();
  const popup = new PopupPage(page);
  await popup.loaded();
  return popup;
}

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const violations = await runAxe(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

/** With DOGEAR_SYNC_SHOTS set: `page` in light and dark, 1280 and 390 px wide, as `<name>-<scheme>-<width>.png`. */
async function shoot(page: Page, name: string, widths: readonly number[] = [1280, 390]): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of widths) {
      await page.setViewportSize({ width, height: size.height });
      await page.locator('.sync-settings, .sync-state').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `${name}-${colorScheme}-${width}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: null });
  await page.setViewportSize(size);
}

test('a save, a note and an unsave sync both ways between two browsers; errors and conflicts are shown', async () => {
  test.setTimeout(150_000);
  const server = await startWebDav();
  const a = await launchDevice('A', server);
  const b = await launchDevice('B', server);
  try {
    await shoot(a.settings, 'off');

    // A wrong app password is refused in plain words, and sync stays off.
    await turnOnSync(a, server, 'not the app password');
    const refused = a.settings.locator('.sync-message');
    await expect(refused).toHaveAttribute('role', 'alert', { timeout: 30_000 });
    await expect(refused).toContainText('The server refused the user name or app password.');
    await expect(a.settings.getByRole('button', { name: 'Turn on sync' })).toBeVisible();
    await expectNoAxeViolations(a.settings, 'settings after a refused password');
    await shoot(a.settings, 'setup-error');

    // Both devices turn sync on with the right password.
    for (const device of [a, b]) {
      await turnOnSync(device, server);
      await expect(device.settings.locator('.sync-message')).toContainText('Sync is on. Synced:', { timeout: 30_000 });
      await expect(device.settings.locator('.sync-server')).toHaveText(new URL(server.url).host + '/dav/');
      await expect(device.settings.locator('.sync-last')).toContainText('Synced just now');
    }
    await expectNoAxeViolations(a.settings, 'sync on');

    // A saves the paper on the Hugging Face listing and writes a note in the note frame.
    const listingA = await openListing(a);
    await listingA.ui.click(CONTROLS, 'button.save');
    await expect.poll(() => buttons(listingA.ui)).toMatchObject({ save: '★ Saved true' });
    await writeNote(listingA, NOTE_A);
    await expect.poll(() => buttons(listingA.ui)).toEqual({ save: '★ Saved true', note: '✎ Noted true' });

    // A syncs; its popup's sync line says when, and links to the settings.
    const popupA = await popupOf(a);
    await syncNow(a);
    await popupA.page.bringToFront();
    await expect(popupA.page.locator('.sync-state-text')).toHaveText('Synced just now');
    await expect(popupA.page.getByRole('link', { name: 'Sync settings' })).toBeVisible();
    await expectNoAxeViolations(popupA.page, 'popup with its sync line');
    await shoot(popupA.page, 'popup-synced', [380]);

    // B syncs: its popup lists the paper with A's note, and the listing shows it saved and noted.
    expect(await syncNow(b)).toMatch(/[1-9]\d* papers? changed here/);
    await shoot(b.settings, 'on');
    const popupB = await popupOf(b);
    await expect(popupB.row(KEY).locator('.title')).toHaveText(HF_TITLE);
    await popupB.openNote(KEY);
    await expect(popupB.noteField).toHaveValue(NOTE_A);
    // B edits the note there…
    await popupB.saveNote({ note: NOTE_B });
    const listingB = await openListing(b);
    await expect(listingB.page.locator(`article[data-dogear-id="${KEY}"]`)).toHaveAttribute(
      'data-dogear-state',
      /\bsaved\b/,
    );
    await expect.poll(() => buttons(listingB.ui)).toEqual({ save: '★ Saved true', note: '✎ Noted true' });
    // …and unsaves it on the listing.
    await listingB.ui.click(CONTROLS, 'button.save');
    await expect.poll(() => buttons(listingB.ui)).toMatchObject({ save: '☆ Save false' });

    // B syncs, then A: A shows it unsaved, with B's note.
    await syncNow(b);
    expect(await syncNow(a)).toMatch(/[1-9]\d* papers? changed here/);
    // A's listing, open since the save, follows the change without a reload.
    await expect.poll(() => buttons(listingA.ui)).toMatchObject({ save: '☆ Save false' });
    await popupA.reload();
    await expect(popupA.row(KEY)).toHaveCount(0);
    const again = await openListing(a);
    await expect(again.page.locator(`article[data-dogear-id="${KEY}"]`)).not.toHaveAttribute(
      'data-dogear-state',
      /\bsaved\b/,
    );
    await expect.poll(() => buttons(again.ui)).toEqual({ save: '☆ Save false', note: '✎ Noted true' });
    const library = await a.context.newPage();
    await library.goto(`chrome-extension://${a.extensionId}/library.html#papers`);
    await library.locator(`.rows .row[data-key="${KEY}"] .cell.title`).click();
    const detail = library.getByRole('complementary', { name: 'Paper details' });
    await expect(detail.getByRole('textbox', { name: /Note/ })).toHaveValue(NOTE_B);

    // Both edit the note before syncing: one text wins, the other waits as a conflict to resolve, never dropped.
    await detail.getByRole('textbox', { name: /Note/ }).fill('Laptop edit');
    await detail.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(detail.getByRole('textbox', { name: /Note/ })).toHaveValue('Laptop edit');
    await writeNote(listingB, 'Desktop edit');
    await syncNow(a);
    await syncNow(b);
    await syncNow(a);
    const withConflict = (await a.settings.locator('.sync-conflict').count()) > 0 ? a : b;
    const conflict = withConflict.settings.locator('.sync-conflict');
    await expect(conflict).toHaveCount(1);
    await expect(conflict.locator('.sync-conflict-title')).toHaveText(HF_TITLE);
    const texts = await conflict.locator('.sync-conflict-text').allInnerTexts();
    expect(texts.toSorted()).toEqual(['Desktop edit', 'Laptop edit']);
    await expectNoAxeViolations(withConflict.settings, 'a note conflict to resolve');
    await shoot(withConflict.settings, 'conflict');
    const popupConflict = await popupOf(withConflict);
    await expect(popupConflict.page.locator('.sync-state-text')).toHaveText(
      '1 note conflict to resolve — see settings',
    );
    await shoot(popupConflict.page, 'popup-conflict', [380]);
    await withConflict.settings.bringToFront();
    await conflict.getByRole('button', { name: 'Add to note' }).click();
    await expect(conflict).toHaveCount(0);
    await expect(withConflict.settings.locator('.sync-message')).toHaveText('Added to the note.');

    // The server goes away: the next run fails in plain words, and the popup points to the settings.
    await server.stop();
    await a.settings.bringToFront();
    await a.settings.getByRole('button', { name: 'Sync now' }).click();
    const failure = a.settings.locator('.sync-error');
    await expect(failure).toContainText('The server could not be reached', { timeout: 30_000 });
    await expect(a.settings.locator('.sync-message')).toContainText('Sync failed: the message above says why.');
    await expectNoAxeViolations(a.settings, 'a failed sync');
    await shoot(a.settings, 'error');
    await popupA.reload();
    await expect(popupA.page.locator('.sync-state.problem .sync-state-text')).toHaveText('Sync error — see settings');
    await shoot(popupA.page, 'popup-error', [380]);
  } finally {
    await a.close();
    await b.close();
    await server.stop();
  }
});

test('a remote change that would delete half the library waits for the user, then applies', async () => {
  test.setTimeout(90_000);
  const server = await startWebDav();
  // The other device is a node-level one (tests/support/sync-devices.ts): the same engine, fake-indexeddb.
  const other = makeDevice('other', { server });
  const device = await launchDevice('browser', server);
  try {
    const keys = Array.from({ length: 10 }, (_, index) => `2401.000${10 + index}`);
    for (const id of keys) {
      await savePaper(other.db, makeCandidate(id), { site: 'arxiv-listing', url: PAGES.arxivNew.url });
    }
    await syncOk(other);
    await turnOnSync(device, server);
    await expect(device.settings.locator('.sync-message')).toContainText('10 papers changed here', {
      timeout: 30_000,
    });
    await deletePapers(
      other.db,
      keys.slice(0, 5).map((id) => `arxiv:${id}`),
    );
    await syncOk(other);

    await device.settings.getByRole('button', { name: 'Sync now' }).click();
    const question = device.settings.locator('.sync-confirmation');
    await expect(question).toContainText(
      'A change from another device would delete or unsave 5 papers of your 10 papers.',
      { timeout: 30_000 },
    );
    await expect(device.settings.locator('.sync-message')).toHaveText('Sync waits for your answer above.');
    await expectNoAxeViolations(device.settings, 'the deletion question');
    await shoot(device.settings, 'deletions');
    const popup = await popupOf(device);
    await expect(popup.count).toHaveText('10 saved');
    await expect(popup.page.locator('.sync-state-text')).toHaveText('Sync waits for your answer — see settings');
    await shoot(popup.page, 'popup-question', [380]);

    await device.settings.bringToFront();
    await question.getByRole('button', { name: 'Apply it' }).click();
    await expect(question).toHaveCount(0, { timeout: 30_000 });
    await expect(device.settings.locator('.sync-message')).toContainText('5 papers changed here');
    // The library was backed up first, and the deletion is applied.
    await expect(device.settings.locator('.sync-backups')).toBeVisible();
    await popup.reload();
    await expect(popup.count).toHaveText('5 saved');
  } finally {
    other.close();
    await device.close();
    await server.stop();
  }
});
