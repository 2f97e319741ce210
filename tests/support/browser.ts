/**
 * Launches Debian's Chromium with the built extension and serves captured pages under their real URLs, so the content
 * script's real match patterns apply. Shared by the E2E tests and `npm run demo`. The sites' stylesheets the captured
 * pages link are served too, from tests/fixtures/site-assets/ (arXiv's own CSS, MIT; a Tailwind stand-in for Hugging
 * Face's: see tests/fixtures/PROVENANCE.md), so the pages are laid out as on the sites. Every other http(s) request
 * (scripts, fonts, images) is aborted: a test never touches the network (there is none here anyway); the sync tests let
 * their own loopback WebDAV server through (launchWithExtension's allowOrigins).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, extname, join, relative, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';

export const REPO = resolve(import.meta.dirname, '../..');
/** The built extension; DOGEAR_OUT_DIR (also read by wxt.config.ts) moves it. */
export const EXTENSION_DIR = join(REPO, process.env.DOGEAR_OUT_DIR ?? '.output', 'chrome-mv3');
export const FIXTURES = join(REPO, 'tests/fixtures');
/** Chromium-family browsers by command name, in the order they are tried (after DOGEAR_CHROMIUM), on PATH. */
const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/** Where they live when PATH does not say (a minimal CI environment; macOS app bundles). */
const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Playwright's own Chromium, when `npx playwright install chromium` has been run on this machine. */
function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * The browser the tests and the demo drive: DOGEAR_CHROMIUM when set (it must exist), else the first of Debian's
 * `chromium`, `chromium-browser`, Chrome (each on PATH, then at its usual place), or Playwright's own Chromium that is
 * installed; undefined when none is.
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (env.DOGEAR_CHROMIUM) return exists(env.DOGEAR_CHROMIUM) ? env.DOGEAR_CHROMIUM : undefined;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const onPath = CHROMIUM_COMMANDS.flatMap((command) => dirs.map((dir) => join(dir, command)));
  return [...onPath, ...CHROMIUM_PATHS, playwrightChromium()].find((path) => path !== undefined && exists(path));
}

/** One line that says how to get a browser, for when findChromium() finds none. */
export const NO_CHROMIUM =
  'Dogear needs Chromium for its end-to-end tests, demo and browser benchmarks, and none was found: install it ' +
  '(Debian/Ubuntu: `sudo apt-get install chromium`; anywhere: `npx playwright install chromium`), or set ' +
  'DOGEAR_CHROMIUM to a Chromium or Chrome binary.';

/** The browser to drive (see findChromium); `/usr/bin/chromium` when none is found, for the error to name it. */
export const CHROMIUM = findChromium() ?? process.env.DOGEAR_CHROMIUM ?? '/usr/bin/chromium';

/** A real captured page and the URL it was captured from (tests/fixtures/PROVENANCE.md). */
export interface ServedPage {
  url: string;
  fixture: string;
  /** Edits applied to the served copy, e.g. giving one real entry the id of a paper from another site. */
  rewrite?: (html: string) => string;
}

export const PAGES = {
  hfDaily: { url: 'https://huggingface.co/papers', fixture: 'huggingface/daily_papers_2026-07-02_server.html' },
  hfRendered: {
    url: 'https://huggingface.co/papers/date/2026-09-28',
    fixture: 'huggingface/daily_papers_2026-09-28_rendered.html',
  },
  arxivNew: {
    url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    fixture: 'arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html',
  },
  arxivMonth: {
    url: 'https://arxiv.org/list/cs/2301?skip=0&show=3',
    fixture: 'arxiv/list_month_cs_2301_show3_prettified.html',
  },
  arxivSearch: {
    // The author query both captured results answer (tests/fixtures/PROVENANCE.md, and the adapter's example).
    url: 'https://arxiv.org/search/?query=Nakamura%2C+Y&searchtype=author',
    fixture: 'arxiv/search_results_excerpt_2026-10-09.html',
  },
  scholarResults: {
    url: 'https://scholar.google.com/scholar?q=attention+mechanism&hl=en&as_sdt=0,5',
    fixture: 'google-scholar/search-attention-mechanism-2026-03.html',
  },
  papersCool: {
    url: 'https://papers.cool/venue/AAAI.2026?group=Application%20Domains',
    fixture: 'papers-cool/venue_AAAI2026_excerpt.html',
  },
  pubmed: {
    url: 'https://pubmed.ncbi.nlm.nih.gov/?term=%28hypertension%5BTitle%5D%29+AND+%28food%5BText+Word%5D%29',
    fixture: 'pubmed/search_hypertension-food_p1_prettified.html',
  },
} satisfies Record<string, ServedPage>;

/** @param extensionDir the unpacked extension to load: Dogear's build unless a benchmark brings its own. */
function launchArgs(extensionDir = EXTENSION_DIR): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

export function newProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'dogear-profile-'));
}

/**
 * Benchmarks' floors: writes a small unpacked extension (`files`: path → text) to a temp dir, runs `use` with a fresh
 * Chromium profile that loads only it, then closes the browser and removes both directories.
 */
export async function withBenchExtension<T>(
  files: Record<string, string>,
  use: (context: BrowserContext) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'dogear-bench-ext-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const profileDir = newProfileDir();
  const context = await launchWithExtension(profileDir, { headless: true, extensionDir: dir });
  try {
    return await use(context);
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Opens a persistent Chromium profile with Dogear loaded; extensions need a persistent context. Every http(s) request
 * is aborted, except those to `allowOrigins` (e.g. `http://127.0.0.1:8123`: the sync tests' loopback WebDAV server),
 * which go through untouched.
 */
export async function launchWithExtension(
  profileDir: string,
  options: { headless?: boolean; extensionDir?: string; allowOrigins?: readonly string[] } = {},
): Promise<BrowserContext> {
  if (findChromium() === undefined) throw new Error(NO_CHROMIUM);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    args: launchArgs(options.extensionDir),
    viewport: { width: 1280, height: 900 },
  });
  const allowed = new Set(options.allowOrigins ?? []);
  await context.route(
    allowed.size === 0
      ? /^https?:\/\//
      : (url) => (url.protocol === 'http:' || url.protocol === 'https:') && !allowed.has(url.origin),
    (route) => route.abort('internetdisconnected'),
  );
  return context;
}

/** The sites' stylesheets, each stored at `<host><path>` of the URL the captured pages link it by. */
const SITE_ASSETS = join(FIXTURES, 'site-assets');

/**
 * URLs served from a stored file at another path: Hugging Face names its stylesheet after the build
 * (`/front/build/kube-<hash>/style.css`, a different hash in each capture), and one stand-in serves them all.
 */
const ASSET_ALIASES: readonly { pattern: RegExp; file: string }[] = [
  {
    pattern: /^https:\/\/huggingface\.co\/front\/build\/kube-[0-9a-f]+\/style\.css$/,
    file: 'huggingface.co/front/build/stand-in/style.css',
  },
];

const ASSET_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
};

/** The stored file for a site asset URL (the query, a cache-buster like `?v=20260318`, is ignored), if there is one. */
function siteAssetFile(url: URL): string | undefined {
  const base = `${url.origin}${url.pathname}`;
  const alias = ASSET_ALIASES.find(({ pattern }) => pattern.test(base));
  const file = resolve(SITE_ASSETS, alias ? alias.file : `${url.host}${url.pathname}`);
  const inside = relative(SITE_ASSETS, file);
  if (inside.startsWith('..') || ASSET_TYPES[extname(file)] === undefined) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

const servingAssets = new WeakSet<BrowserContext>();

/**
 * Serves each page's fixture at its URL, and the site assets (above) to every page (later routes take precedence over
 * the catch-all abort).
 */
export async function servePages(context: BrowserContext, pages: readonly ServedPage[]): Promise<void> {
  if (!servingAssets.has(context)) {
    servingAssets.add(context);
    await context.route(
      (url) => siteAssetFile(url) !== undefined,
      (route) => {
        const file = siteAssetFile(new URL(route.request().url()))!; // the matcher above found it
        return route.fulfill({ status: 200, contentType: ASSET_TYPES[extname(file)], body: readFileSync(file) });
      },
    );
  }
  for (const page of pages) {
    const target = new URL(page.url);
    const html = readFileSync(join(FIXTURES, page.fixture), 'utf8');
    const body = page.rewrite ? page.rewrite(html) : html;
    await context.route(
      (url) => url.href === target.href,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
    );
  }
}

export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

export async function extensionId(context: BrowserContext): Promise<string> {
  return new URL((await serviceWorker(context)).url()).host;
}

/** Waits until Dogear has annotated the page and every entry has its state from the background. */
export async function waitForAnnotations(page: Page): Promise<{ site: string; kind: string; entries: number }> {
  await page.locator('html[data-dogear-page]').waitFor({ state: 'attached' });
  const [site = '', kind = ''] = ((await page.locator('html').getAttribute('data-dogear-page')) ?? '').split(' ');
  const entries = Number(await page.locator('html').getAttribute('data-dogear-entries'));
  await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
  return { site, kind, entries };
}
