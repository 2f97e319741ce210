/**
 * `npm run demo`: opens Chromium with the freshly built Dogear on bundled copies of real digest pages, served under
 * their real URLs. With a display it stays open for you to use (close the window to end). Without one (CI, a server)
 * it runs headless, prints what Dogear detected on each page and writes screenshots to demo-output/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  extensionId,
  launchWithExtension,
  newProfileDir,
  PAGES,
  REPO,
  servePages,
  waitForAnnotations,
} from '../support/browser.ts';

const pages = [PAGES.hfDaily, PAGES.arxivNew, PAGES.hfRendered, PAGES.arxivMonth, PAGES.arxivSearch];
const headless = process.env.CI !== undefined || !process.env.DISPLAY || process.argv.includes('--headless');
const outDir = join(REPO, 'demo-output');

const context = await launchWithExtension(newProfileDir(), { headless });
await servePages(context, pages);
const id = await extensionId(context);

if (headless) {
  mkdirSync(outDir, { recursive: true });
  console.log(`Dogear ${id} loaded in headless Chromium.\n`);
  for (const [index, served] of pages.entries()) {
    const page = await context.newPage();
    await page.goto(served.url);
    const { site, kind, entries } = await waitForAnnotations(page);
    const controls = await page.locator('[data-dogear-ui]').count();
    // The sites' own CSS and scripts are not bundled, so bring the listing itself into view (its controls mount
    // when an entry nears the viewport).
    await page.locator('[data-dogear-id]').first().scrollIntoViewIfNeeded();
    // Save the first entry, as a user would, so the screenshots show both states.
    if (index === 0) await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.waitForTimeout(200);
    const shot = join(outDir, `${String(index + 1).padStart(2, '0')}-${site}-${kind}.png`);
    await page.screenshot({ path: shot });
    console.log(`${served.url}\n  site: ${site}  kind: ${kind}  entries: ${entries}  controls: ${controls}\n  screenshot: ${shot}`);
    await page.close();
  }
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${id}/popup.html`);
  await popup.locator('main.popup:not([aria-busy])').waitFor();
  const popupShot = join(outDir, 'popup.png');
  await popup.screenshot({ path: popupShot });
  console.log(`popup: ${await popup.locator('li.paper').count()} saved paper(s)\n  screenshot: ${popupShot}`);
  await context.close();
} else {
  for (const served of pages) await (await context.newPage()).goto(served.url);
  await context.pages()[0]?.close(); // the blank start tab
  console.log(`Dogear ${id} is running on ${pages.length} bundled pages. Close the browser window to end the demo.`);
  await new Promise<void>((resolve) => context.on('close', () => resolve()));
}
