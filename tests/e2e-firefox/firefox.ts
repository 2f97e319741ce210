/**
 * Drives Debian's Firefox ESR with Dogear's Firefox build installed, over WebDriver BiDi (puppeteer-core): Playwright
 * cannot drive a stock Firefox. Captured pages are served under their real URLs by request interception, so the content
 * script's real match patterns apply, and every other http(s) request is aborted: the test never touches the network.
 * Firefox is told to treat manifest warnings as errors, so a key Firefox does not know fails the install.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import puppeteer, { type Browser, type CreatePageOptions, type Frame, type Page } from 'puppeteer-core';
import { FIXTURES, REPO, type ServedPage } from '../support/browser.ts';

/** The Firefox build; DOGEAR_OUT_DIR (also read by wxt.config.ts) moves it. */
export const FIREFOX_EXTENSION_DIR = join(REPO, process.env.DOGEAR_OUT_DIR ?? '.output', 'firefox-mv3');

/** Tried in this order on PATH, after DOGEAR_FIREFOX. */
const FIREFOX_COMMANDS = ['firefox-esr', 'firefox'];

/** DOGEAR_FIREFOX when set (it must exist), else `firefox-esr` or `firefox` on PATH; undefined when none is. */
export function findFirefox(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (env.DOGEAR_FIREFOX) return exists(env.DOGEAR_FIREFOX) ? env.DOGEAR_FIREFOX : undefined;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return FIREFOX_COMMANDS.flatMap((command) => dirs.map((dir) => join(dir, command))).find((path) => exists(path));
}

/**
 * The moz-extension:// host the test pins for Dogear (Firefox picks a random one per profile otherwise), so extension
 * pages can be opened by URL.
 */
export const EXTENSION_UUID = '5d0c3f6e-8b1a-4c2e-9f47-2a6b1e9d7c30';

export interface FirefoxDogear {
  browser: Browser;
  /** The add-on id Firefox installed Dogear under (the manifest's gecko id). */
  addonId: string;
  /**
   * Opens `served.url` in a new tab, with every served page available, makes it the active tab, and waits until Dogear
   * has annotated it; with `marked: false` (a page no listing script runs on), only until it has loaded.
   */
  open(served: ServedPage, options?: { marked?: boolean }): Promise<Page>;
  /** An extension page (e.g. `digest.html`) in a new tab, once `ready` matches in it. */
  extensionPage(path: string, ready: string): Promise<Page>;
  /** The popup page, opened as a tab, once it has loaded the library. */
  popup(): Promise<Page>;
  /**
   * The popup over the active tab, as the toolbar button shows it: popup.html in a new window opened in the background,
   * so that the browser window stays the last focused one and its active tab is the tab the popup acts on. (Firefox's
   * own popup is a panel WebDriver BiDi cannot reach, and `action.openPopup` needs a user gesture.)
   */
  popupOver(): Promise<Page>;
  /** Merges `settings` into the user settings (`storage.local` `settings`), as the settings page would. */
  setSettings(settings: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

function manifestId(): string {
  const manifestPath = join(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`No Firefox build at ${FIREFOX_EXTENSION_DIR}: run \`npx wxt build -b firefox\` first.`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error('The Firefox build has no browser_specific_settings.gecko.id');
  return id;
}

/**
 * Opens an extension page in a new tab (or a new window, in the background). Its `goto` is not awaited: over BiDi,
 * navigations to moz-extension:// never report their end, so the caller waits for the page's own content instead.
 */
async function openExtensionPage(
  browser: Browser,
  path: string,
  ready: string,
  where: CreatePageOptions = {},
): Promise<Page> {
  const page = await browser.newPage(where);
  page.goto(`moz-extension://${EXTENSION_UUID}/${path}`).catch(() => {});
  await page.waitForSelector(ready);
  return page;
}

/** Launches Firefox with a fresh profile, installs Dogear's Firefox build, and serves `pages` under their URLs. */
export async function launchFirefox(pages: readonly ServedPage[]): Promise<FirefoxDogear> {
  const executablePath = findFirefox();
  if (executablePath === undefined) {
    throw new Error(
      'The Firefox test needs Firefox and none was found: install it (Debian/Ubuntu: `sudo apt-get install ' +
        'firefox-esr`), or set DOGEAR_FIREFOX to a Firefox binary.',
    );
  }
  const id = manifestId();
  const bodies = new Map(
    pages.map((page) => {
      const html = readFileSync(join(FIXTURES, page.fixture), 'utf8');
      return [new URL(page.url).href, page.rewrite ? page.rewrite(html) : html];
    }),
  );
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    // Lets WebDriver BiDi install add-ons (webExtension.install).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [id]: EXTENSION_UUID }),
      'extensions.webextensions.warnings-as-errors': true,
    },
  });
  try {
    const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    return {
      browser,
      addonId,
      async open(served, { marked = true } = {}) {
        const page = await browser.newPage();
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          const body = bodies.get(request.url());
          // Errors are ignored: a request the page itself dropped meanwhile is gone before it can be answered.
          if (body !== undefined) {
            request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body }).catch(() => {});
          } else if (/^https?:/.test(request.url())) {
            request.abort('internetdisconnected').catch(() => {});
          } else {
            request.continue().catch(() => {});
          }
        });
        await page.goto(served.url);
        // The welcome page opened at install would otherwise stay the window's active tab (keys go to the active one).
        await page.bringToFront();
        if (marked) await page.waitForSelector('html[data-dogear-ready]');
        return page;
      },
      extensionPage: (path, ready) => openExtensionPage(browser, path, ready),
      popup: () => openExtensionPage(browser, 'popup.html', 'main.popup:not([aria-busy])'),
      popupOver: () =>
        openExtensionPage(browser, 'popup.html', '.generic-mode .mark-page', { type: 'window', background: true }),
      async setSettings(settings) {
        const page = await openExtensionPage(browser, 'popup.html', 'main.popup');
        await page.evaluate(async (value) => {
          const { browser: api } = globalThis as unknown as {
            browser: { storage: { local: { get(key: string): Promise<unknown>; set(items: object): Promise<void> } } };
          };
          const current = ((await api.storage.local.get('settings')) as { settings?: object }).settings ?? {};
          await api.storage.local.set({ settings: { ...current, ...value } });
        }, settings);
        await page.close();
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The frame whose document is at an extension page `path` (e.g. `note.html`), once one is. Its document is asked, not
 * `frame.url()`: over BiDi a frame created inside a closed shadow root keeps reporting `about:blank`.
 */
export async function extensionFrame(page: Page, path: string, timeout = 10_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      const href = await frame.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(`moz-extension://${EXTENSION_UUID}/${path}`)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no frame at ${path} in ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the popup lists for one paper: its title and where it was saved from (`.source`), or undefined if not listed. */
export async function listedInPopup(
  popup: Page,
  key: string,
): Promise<{ title: string | undefined; source: string | undefined } | undefined> {
  await popup.waitForSelector('.paper');
  return popup.evaluate((key) => {
    const item = [...document.querySelectorAll('.paper')].find((paper) => paper.getAttribute('data-key') === key);
    return (
      item && { title: item.querySelector('.title')?.textContent, source: item.querySelector('.source')?.textContent }
    );
  }, key);
}
