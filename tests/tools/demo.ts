/**
 * `npm run demo`: opens Chromium with the freshly built Dogear on bundled copies of real digest pages, served under
 * their real URLs and styled by the sites' stylesheets (tests/fixtures/site-assets/). With a display it stays open for
 * you to use (close the window to end). Without one (CI, a server, or `--headless`) it runs headless, prints per page
 * the entries Dogear found and marked, and writes screenshots to demo-output/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from '@playwright/test';
import { ClosedUi } from '../support/closed-ui.ts';
import {
  EXTENSION_DIR,
  extensionId,
  findChromium,
  launchWithExtension,
  NO_CHROMIUM,
  newProfileDir,
  PAGES,
  REPO,
  servePages,
  waitForAnnotations,
} from '../support/browser.ts';

const pages = [
  PAGES.hfDaily,
  PAGES.arxivNew,
  PAGES.hfRendered,
  PAGES.arxivMonth,
  PAGES.arxivSearch,
  PAGES.scholarResults,
  PAGES.papersCool,
  PAGES.pubmed,
];
const headless = process.env.CI !== undefined || !process.env.DISPLAY || process.argv.includes('--headless');
const outDir = join(REPO, 'demo-output');
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };

interface Summary {
  text: string;
  new: number;
  seen: number;
  saved: number;
}

/** The page bar's summary, "N new · M seen · K saved", read inside its closed shadow root once it is shown. */
async function summary(ui: ClosedUi, until: (summary: Summary) => boolean = () => true): Promise<Summary | undefined> {
  const deadline = Date.now() + 5_000;
  let last: Summary | undefined;
  for (;;) {
    const text = await ui.text('[data-dogear-bar]', '.summary');
    const match = text === undefined ? null : /(\d+) new · (\d+) seen · (\d+) saved/.exec(text);
    if (match) {
      last = { text: match[0], new: Number(match[1]), seen: Number(match[2]), saved: Number(match[3]) };
      if (until(last)) return last;
    }
    if (Date.now() > deadline) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Scrolls the listing's first entry near the top of the window, so the screenshot shows several marked entries. */
async function showListing(page: Page): Promise<void> {
  await page
    .locator('[data-dogear-id]')
    .first()
    .evaluate((entry) => {
      window.scrollTo({ top: entry.getBoundingClientRect().top + window.scrollY - 72, behavior: 'instant' });
    });
  // Two frames: the rows that came into view mount their controls and paint.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path, ...options });
  return relative(REPO, path);
}

if (findChromium() === undefined) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}
const context = await launchWithExtension(newProfileDir(), { headless });
await servePages(context, pages);
const id = await extensionId(context);

if (headless) {
  mkdirSync(outDir, { recursive: true });
  console.log(`Dogear ${id} loaded in headless Chromium.\n`);
  for (const [index, served] of pages.entries()) {
    const page = await context.newPage();
    await page.setViewportSize(WIDE);
    const ui = await ClosedUi.attach(page);
    await page.goto(served.url);
    const { site, kind, entries } = await waitForAnnotations(page);
    const atLoad = await summary(ui);
    const marked = atLoad ? atLoad.new + atLoad.seen : 0;
    console.log(served.url);
    console.log(`  site: ${site}  kind: ${kind}  entries found: ${entries}  marked: ${marked}`);
    console.log(`  page bar: ${atLoad?.text ?? '(no page bar summary found)'}`);
    if (marked !== entries) console.log(`  NOTE: ${entries - marked} of ${entries} entries are not marked`);

    const name = `${String(index + 1).padStart(2, '0')}-${site}-${kind}`;
    await showListing(page);
    if (index === 0) {
      // Save the first entry as a user would, with the keys (real key presses are trusted events): j, then s.
      await page.bringToFront();
      await page.keyboard.press('j');
      await page.keyboard.press('s');
      const saved = await summary(ui, (now) => now.saved > (atLoad?.saved ?? 0));
      console.log(`  saved the first entry with the keys j, s: ${saved?.text ?? '(no page bar summary found)'}`);
      await showListing(page);
    }
    const shots = [await shoot(page, name)];

    await page.setViewportSize(NARROW);
    await showListing(page);
    shots.push(await shoot(page, `${name}-390px`));
    await page.setViewportSize(WIDE);

    if (site === 'huggingface') {
      // Hugging Face's dark theme: the `dark` class on <html> (the site sets it from the account's or the OS's
      // setting), here with the OS scheme emulated as dark too.
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.evaluate(() => document.documentElement.classList.add('dark'));
      const dark = await (async () => {
        const deadline = Date.now() + 5_000;
        while (Date.now() < deadline) {
          if ((await ui.query('[data-dogear-bar]', '[data-theme="dark"]')).length > 0) return true;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return false;
      })();
      if (!dark) console.log("  NOTE: Dogear's page bar did not switch to its dark theme");
      await showListing(page);
      shots.push(await shoot(page, `${name}-dark`));
    }
    console.log(`  screenshots: ${shots.join(', ')}\n`);
    await page.close();
  }

  if (existsSync(join(EXTENSION_DIR, 'welcome.html'))) {
    const welcome = await context.newPage();
    await welcome.setViewportSize(WIDE);
    await welcome.goto(`chrome-extension://${id}/welcome.html`);
    await welcome.locator('h1').first().waitFor();
    console.log(`welcome page: ${(await welcome.locator('h1').first().textContent())?.trim()}`);
    console.log(`  screenshot: ${await shoot(welcome, 'welcome', { fullPage: true })}\n`);
    await welcome.close();
  } else {
    console.log('welcome page: not in this build (no welcome.html), skipped\n');
  }

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${id}/popup.html`);
  await popup.locator('main.popup:not([aria-busy])').waitFor();
  console.log(`popup: ${await popup.locator('.paper').count()} saved paper(s)`);
  console.log(`  screenshot: ${await shoot(popup, 'popup')}`);
  await context.close();
} else {
  for (const served of pages) await (await context.newPage()).goto(served.url);
  await context.pages()[0]?.close(); // the blank start tab
  console.log(`Dogear ${id} is running on ${pages.length} bundled pages. Close the browser window to end the demo.`);
  await new Promise<void>((resolve) => context.on('close', () => resolve()));
}
