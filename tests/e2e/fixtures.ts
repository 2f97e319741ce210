/**
 * Playwright fixtures: a fresh Chromium profile with the built extension (.output/chrome-mv3), the real captured
 * pages served under their real URLs, and the extension's popup as a page object.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import {
  extensionId,
  launchWithExtension,
  newProfileDir,
  servePages,
  waitForAnnotations,
  type ServedPage,
} from '../support/browser.ts';

export { expect };

export interface Dogear {
  profileDir: string;
  context: BrowserContext;
  extensionId: string;
  /** Opens `served.url` in a new tab and waits until Dogear has annotated it. */
  open(served: ServedPage): Promise<Page>;
  /** The popup page, opened as a tab. */
  popup(): Promise<Page>;
  /** Closes the browser and starts it again on the same profile: what a user's restart does. */
  restart(): Promise<void>;
}

/** The pages a test serves. An object, not an array: test.use() reads an array as `[value, options]`. */
export interface Served {
  pages: ServedPage[];
}

export const test = base.extend<{ dogear: Dogear; served: Served }>({
  served: [{ pages: [] }, { option: true }],
  dogear: async ({ served }, use) => {
    const { pages } = served;
    const profileDir = newProfileDir();
    const start = async (): Promise<BrowserContext> => {
      const context = await launchWithExtension(profileDir);
      await servePages(context, pages);
      return context;
    };
    let context = await start();
    const dogear: Dogear = {
      profileDir,
      get context() {
        return context;
      },
      extensionId: await extensionId(context),
      async open(served) {
        const page = await context.newPage();
        await page.goto(served.url);
        await waitForAnnotations(page);
        return page;
      },
      async popup() {
        const page = await context.newPage();
        await page.goto(`chrome-extension://${dogear.extensionId}/popup.html`);
        await page.locator('main.popup:not([aria-busy])').waitFor();
        return page;
      },
      async restart() {
        await context.close();
        context = await start();
      },
    };
    await use(dogear);
    await context.close();
  },
});
