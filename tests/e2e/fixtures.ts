/**
 * Playwright fixtures: a fresh Chromium profile with the built extension (.output/chrome-mv3), the real captured pages
 * served under their real URLs, and the extension's popup as a page object.
 */
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { ClosedUi } from '../support/closed-ui.ts';
import {
  extensionId,
  launchWithExtension,
  newProfileDir,
  serviceWorker,
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
  /** Dogear's UI in `page`, inside its closed shadow roots (tests/support/closed-ui.ts). */
  ui(page: Page): Promise<ClosedUi>;
  /** Changes the user settings (`storage.local` `settings`), as the settings page would; pages opened after see them. */
  setSettings(settings: Record<string, unknown>): Promise<void>;
}

/** The pages a test serves. An object, not an array: test.use() reads an array as `[value, options]`. */
export interface Served {
  pages: ServedPage[];
}

export const test = base.extend<{ dogear: Dogear; served: Served; settings: Record<string, unknown> }>({
  served: [{ pages: [] }, { option: true }],
  /** Settings written before the first page opens, e.g. `{ pageStateAttributes: true }` to read states from the DOM. */
  settings: [{}, { option: true }],
  dogear: async ({ served, settings }, use) => {
    const { pages } = served;
    const profileDir = newProfileDir();
    const start = async (): Promise<BrowserContext> => {
      const context = await launchWithExtension(profileDir);
      await servePages(context, pages);
      return context;
    };
    let context = await start();
    const setSettings = async (next: Record<string, unknown>): Promise<void> => {
      const worker = await serviceWorker(context);
      await worker.evaluate(async (value) => {
        const { chrome } = globalThis as unknown as {
          chrome: { storage: { local: { get(key: string): Promise<unknown>; set(items: object): Promise<void> } } };
        };
        const current = ((await chrome.storage.local.get('settings')) as { settings?: object }).settings ?? {};
        await chrome.storage.local.set({ settings: { ...current, ...value } });
      }, next);
    };
    if (Object.keys(settings).length > 0) await setSettings(settings);
    const dogear: Dogear = {
      profileDir,
      get context() {
        return context;
      },
      extensionId: await extensionId(context),
      async open(served) {
        const page = await context.newPage();
        await page.goto(served.url);
        // The welcome page opened at install would otherwise stay the window's active tab.
        await page.bringToFront();
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
      ui: (page) => ClosedUi.attach(page),
      setSettings,
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
  await row.first().scrollIntoViewIfNeeded();
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
