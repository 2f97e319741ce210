/**
 * Playwright fixtures: a fresh Chromium profile with the built extension (.output/chrome-mv3), the real captured
 * pages served under their real URLs, and the extension's popup as a page object.
 */
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
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

/**
 * Controls mount lazily (near the viewport, or on hover/focus): bring the entry under the pointer first, as a user
 * reaching for its buttons does. Returns the same locator for chaining.
 */
export async function reach(row: Locator): Promise<Locator> {
  await row.first().hover();
  await row.first().locator('[data-dogear-ui]').waitFor({ state: 'attached' });
  return row;
}

/** Scrolls through the whole page, as a reader would, so every entry's controls mount. */
export async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
    for (let y = 0; y <= document.documentElement.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await frame();
    }
  });
}
