/**
 * The hostile-text corpus (tests/fixtures/hostile/payloads.json, 106 payloads and a 100,000-character string) against
 * the built extension. Payloads are placed as text in the real captures, escaped as the sites escape user text
 * (tests/support/hostile.ts), and saved, noted and tagged with the keyboard as a user does; the whole corpus is also
 * seeded as a library (raw IndexedDB, every record valid for PaperSchema) for the popup and the library page.
 *
 * "Nothing runs": no dialog in any page, `window.__dogearPwned` unset in every page, frame and Dogear's content-script
 * world, no console error or uncaught exception from Dogear (extension pages, the note frame, the content script), and
 * the listing's own errors no more than the clean capture's. "Shown as text": the rendered text equals the payload
 * after the browser's HTML parsing of the served page and Dogear's documented normalisation (whitespace collapsed,
 * over-long fields shortened with SHORTENED_MARKER), and no element or attribute of any payload exists in Dogear's DOM
 * (auditDom). Strings cross the DevTools protocol as ASCII JSON (asciiJson), so NUL and lone surrogates are compared
 * exactly.
 */
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { normalizeTags, parseTags } from '../../lib/paper/tags.ts';
import { PaperSchema, SHORTENED_MARKER, type Paper, type Sighting } from '../../lib/paper/model.ts';
import { PAGES, type ServedPage } from '../support/browser.ts';
import { ClosedUi } from '../support/closed-ui.ts';
import {
  asciiJson,
  auditDom,
  hostileArxivListing,
  hostileHuggingFace,
  loadPayloads,
  ordinaryPayloads,
  payload,
  payloadSignatures,
  PWNED,
  type HostilePage,
  type Payload,
  type PoisonedEntry,
} from '../support/hostile.ts';
import { expect, scrollThrough, test, type Dogear } from './fixtures.ts';
import { seed } from './seed.ts';
import { openLibrary } from './transfer-helpers.ts';

const ARXIV = hostileArxivListing();
const HF = hostileHuggingFace(PAGES.hfDaily);
const HF_RENDERED = hostileHuggingFace(PAGES.hfRendered);
/** The oversized variants and the clean baselines are served under other query strings of the same listings. */
const at = (hostile: HostilePage, query: string): HostilePage => ({
  ...hostile,
  page: { ...hostile.page, url: `${hostile.page.url}?${query}` },
});
const ARXIV_LONG = at(hostileArxivListing({ oversized: true }), 'oversized');
const HF_LONG = at(hostileHuggingFace(PAGES.hfDaily, { oversized: true }), 'oversized');
const CLEAN_ARXIV: ServedPage = { ...PAGES.arxivNew, url: `${PAGES.arxivNew.url}?clean` };
const CLEAN_HF: ServedPage = { ...PAGES.hfDaily, url: `${PAGES.hfDaily.url}?clean` };
const CLEAN_HF_RENDERED: ServedPage = { ...PAGES.hfRendered, url: `${PAGES.hfRendered.url}?clean` };

test.use({
  served: {
    pages: [
      ARXIV.page,
      HF.page,
      HF_RENDERED.page,
      ARXIV_LONG.page,
      HF_LONG.page,
      CLEAN_ARXIV,
      CLEAN_HF,
      CLEAN_HF_RENDERED,
    ],
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Watching every page of the browser

/** Dialogs, console errors and uncaught exceptions anywhere in the browser, told apart by where they come from. */
class Watch {
  readonly dialogs: string[] = [];
  /** From Dogear: extension pages, the note frame, the content script. */
  readonly dogearErrors: string[] = [];
  /** From a listing page's own scripts and loads, by page URL. */
  readonly siteErrors = new Map<string, string[]>();

  constructor(context: BrowserContext) {
    context.on('dialog', (dialog) => {
      this.dialogs.push(`${dialog.type()} in ${dialog.page()?.url() ?? '?'}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    context.on('console', (message) => {
      if (message.type() !== 'error') return;
      this.record(message.location().url, message.page()?.url() ?? '', `console: ${message.text()}`);
    });
    context.on('weberror', (error) => {
      const page = error.page()?.url() ?? '';
      this.record(page, page, `uncaught: ${error.error().message}`);
    });
  }

  private record(source: string, page: string, text: string): void {
    if (source.startsWith('chrome-extension://') || page.startsWith('chrome-extension://')) {
      this.dogearErrors.push(`${source || page}: ${text}`);
      return;
    }
    // Every request but the served page is aborted (no network in tests): thumbnails and scripts fail to load.
    if (text.startsWith('console: Failed to load resource')) return;
    const list = this.siteErrors.get(page) ?? [];
    list.push(text);
    this.siteErrors.set(page, list);
  }

  /** The listing's own errors, on the page at `url`. */
  siteErrorsOf(url: string): string[] {
    return this.siteErrors.get(url) ?? [];
  }
}

/** The errors of the poisoned page are those of the clean capture (its inline handlers call scripts we do not load). */
function expectSiteErrorsAsClean(watch: Watch, poisoned: string, clean: string): void {
  const baseline = new Set(watch.siteErrorsOf(clean));
  expect(
    watch.siteErrorsOf(poisoned).filter((error) => !baseline.has(error)),
    `errors on ${poisoned} beyond the clean capture's`,
  ).toEqual([]);
}

function expectNothingRan(watch: Watch): void {
  expect(watch.dialogs, 'dialogs').toEqual([]);
  expect(watch.dogearErrors, "errors in Dogear's pages, frames and content script").toEqual([]);
}

async function auditInput(dogear: Dogear, ownDocument: boolean): Promise<string> {
  return asciiJson({
    signatures: await payloadSignatures(),
    origin: `chrome-extension://${dogear.extensionId}`,
    ownDocument,
  });
}

/** Audits every frame of a listing page and Dogear's closed shadow roots; `window.__dogearPwned` in every world. */
async function auditListing(dogear: Dogear, page: Page, ui: ClosedUi): Promise<void> {
  expect(await ui.evaluate(auditDom, await auditInput(dogear, false)), "Dogear's shadow roots on the listing").toEqual(
    [],
  );
  expect(
    await ui.evaluate((name) => typeof (window as unknown as Record<string, unknown>)[name], PWNED),
    "content script's world",
  ).toBe('undefined');
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    const own = frame.url().startsWith('chrome-extension://');
    expect(await frame.evaluate(auditDom, await auditInput(dogear, own)), frame.url()).toEqual([]);
  }
}

/** Audits an extension page (popup, library): its document is all Dogear's. */
async function auditExtensionPage(dogear: Dogear, page: Page): Promise<void> {
  expect(await page.evaluate(auditDom, await auditInput(dogear, true)), page.url()).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading exact strings

/** Every stored paper, read in the extension origin and carried back as ASCII JSON (exact, lone surrogates too). */
async function storedPapers(page: Page): Promise<Map<string, Paper>> {
  const text = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('dogear');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const papers = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction('papers').objectStore('papers').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return JSON.stringify(papers).replace(
      /[^\x20-\x7e]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  });
  return new Map((JSON.parse(text) as Paper[]).map((paper) => [paper.key, paper]));
}

/** A property of the first element matching `selector` in `target`, exactly, as ASCII JSON; undefined when none. */
async function read(
  target: Page | Frame,
  selector: string,
  property: 'textContent' | 'value' | `@${string}`,
): Promise<string | undefined> {
  const text = await target.evaluate(
    ({ selector, property }) => {
      const element = document.querySelector(selector);
      if (!element) return 'null';
      const value =
        property === 'textContent'
          ? element.textContent
          : property === 'value'
            ? (element as HTMLInputElement).value
            : element.getAttribute(property.slice(1));
      return JSON.stringify(value).replace(
        /[^\x20-\x7e]/g,
        (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
    },
    { selector, property },
  );
  return (JSON.parse(text) as string | null) ?? undefined;
}

async function readAll(target: Page | Frame, selector: string): Promise<string[]> {
  const text = await target.evaluate((selector) => {
    const values = Array.from(document.querySelectorAll(selector), (element) => element.textContent ?? '');
    return JSON.stringify(values).replace(
      /[^\x20-\x7e]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }, selector);
  return JSON.parse(text) as string[];
}

/** A short, readable form of a long or invisible string for assertion messages. */
const shown = (text: string): string => asciiJson(text.length > 120 ? `${text.slice(0, 120)}…(${text.length})` : text);

// ---------------------------------------------------------------------------------------------------------------
// The listing, driven by the keyboard

/** The note editor frame open now, other than `previous` (a closed one may linger while it detaches). */
async function noteFrame(page: Page, previous?: Frame): Promise<Frame> {
  const open = (): Frame | undefined =>
    page.frames().find((frame) => frame.url().includes('/note.html') && !frame.isDetached() && frame !== previous);
  await expect.poll(() => open() !== undefined, { message: 'the note editor frame opens' }).toBe(true);
  const frame = open()!;
  await frame.locator('.note-editor').waitFor();
  return frame;
}

/**
 * Closes the editor with its Close button (a real click). Not with Escape: it removes the frame on keydown, and once a
 * `keyboard.press('Escape')` (keydown, then keyup to a frame going away) never returned, until the test timed out.
 */
async function closeNote(page: Page, frame: Frame): Promise<void> {
  await frame.getByRole('button', { name: 'Close' }).click();
  await noteFrameClosed(page);
}

async function noteFrameClosed(page: Page): Promise<void> {
  await expect
    .poll(() => page.frames().some((frame) => frame.url().includes('/note.html') && !frame.isDetached()), {
      message: 'the note editor closes',
    })
    .toBe(false);
}

/** `j` then `s`, `count` times, from the top: saves the first `count` entries. */
async function saveFirst(page: Page, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await page.keyboard.press('j');
    await page.keyboard.press('s');
  }
}

/** Payloads a user can type: no NUL, other C0/C1 controls or unpaired surrogates, and at most `max` characters. */
function typeable(max: number, newlines: boolean): Payload[] {
  return ordinaryPayloads().filter(
    (entry) =>
      entry.text.length <= max &&
      !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/.test(entry.text) &&
      (newlines || !/[\n\r\t]/.test(entry.text)),
  );
}

/** A note made of many payloads, one per paragraph. */
const NOTE = typeable(400, true)
  .filter((_, index) => index % 3 === 0)
  .map((entry) => entry.text)
  .join('\n\n');
/** Tags made of payloads without commas (a comma separates tags). */
const TAGS = typeable(100, false)
  .filter((entry) => !entry.text.includes(','))
  .filter((_, index) => index % 6 === 1)
  .slice(0, 8)
  .map((entry) => entry.text);

/**
 * "Mark all seen" in the page bar, clicked with the real mouse: every entry of the page gets a record, with the title,
 * authors and abstract the adapter read. Waits until all of `entries` are stored.
 */
async function markAllSeen(ui: ClosedUi, popup: Page, entries: readonly PoisonedEntry[]): Promise<Map<string, Paper>> {
  await ui.click('[data-dogear-bar]', 'button.mark-all');
  await expect
    .poll(
      async () => {
        const papers = await storedPapers(popup);
        return entries.filter((entry) => papers.get(entry.key)?.firstSeenAt === undefined).length;
      },
      { message: 'every entry recorded as seen' },
    )
    .toBe(0);
  return storedPapers(popup);
}

/** Checks the stored record of each poisoned entry against what the adapter must have read. */
function expectStored(papers: Map<string, Paper>, entries: readonly PoisonedEntry[]): void {
  for (const entry of entries) {
    const paper = papers.get(entry.key);
    expect(paper, `${entry.key} stored`).toBeDefined();
    expect(shown(paper!.title), `${entry.key} title (${entry.placed.title?.id})`).toBe(shown(entry.expected.title));
    expect(paper!.title === entry.expected.title, `${entry.key} title exactly`).toBe(true);
    if (entry.expected.firstAuthor !== undefined) {
      expect(
        paper!.authors[0] === entry.expected.firstAuthor,
        `${entry.key} first author (${entry.placed.author?.id}): ${shown(paper!.authors[0] ?? '')}`,
      ).toBe(true);
    }
    if (entry.expected.abstractIncludes !== undefined) {
      expect(
        (paper!.abstract ?? '').includes(entry.expected.abstractIncludes),
        `${entry.key} abstract (${entry.placed.abstract?.id})`,
      ).toBe(true);
    }
    if (entry.expected.abstract !== undefined) {
      expect(
        paper!.abstract === entry.expected.abstract,
        `${entry.key} abstract (${entry.placed.abstract?.id}): ${shown(paper!.abstract ?? '')}`,
      ).toBe(true);
    }
  }
}

test('arXiv /new with a payload in every title, author, link, abstract and comment: nothing runs; keyboard saves and notes keep the text', async ({
  dogear,
}) => {
  test.setTimeout(180_000);
  const watch = new Watch(dogear.context);
  const page = await dogear.open(ARXIV.page);
  const ui = await ClosedUi.attach(page);
  expect(await page.locator('dt[data-dogear-id]').count(), 'every poisoned entry is annotated').toBe(101);
  await scrollThrough(page); // every entry's controls mount
  await page.evaluate(() => window.scrollTo(0, 0));

  // Save the first four entries with the keyboard (trusted key presses), then note and tag the fourth.
  const saved = ARXIV.entries.slice(0, 4);
  await saveFirst(page, 4);
  const popup = await dogear.popup();
  await expect
    .poll(async () =>
      [...(await storedPapers(popup)).values()]
        .filter((paper) => paper.savedAt !== undefined)
        .map((paper) => paper.key)
        .sort(),
    )
    .toEqual(saved.map((entry) => entry.key).sort());
  expectStored(await storedPapers(popup), saved);

  await page.bringToFront();
  await page.keyboard.press('n');
  const frame = await noteFrame(page);
  const noted = saved[3]!;
  expect(await read(frame, 'h1.title', 'textContent'), 'title in the note editor').toBe(noted.expected.title);
  expect(await read(frame, 'h1.title', '@title')).toBe(noted.expected.title);
  await auditListing(dogear, page, ui);
  await frame.getByRole('textbox', { name: 'Note (Markdown)' }).fill(NOTE);
  await frame.getByRole('textbox', { name: 'Tags (comma-separated)' }).fill(TAGS.join(', '));
  await frame.getByRole('button', { name: 'Save' }).click();
  await noteFrameClosed(page);
  const after = (await storedPapers(popup)).get(noted.key)!;
  expect(after.note === NOTE.trimEnd(), `stored note: ${shown(after.note ?? '')}`).toBe(true);
  expect(after.tags).toEqual(normalizeTags(parseTags(TAGS.join(', '))));

  // The editor shows them back as text: the note in its field, the tags as chips.
  await page.keyboard.press('n');
  const again = await noteFrame(page, frame);
  expect((await read(again, 'textarea[name="note"]', 'value')) === NOTE.trimEnd(), 'note shown in the editor').toBe(
    true,
  );
  expect(await readAll(again, '.chips .chip-text')).toEqual(after.tags);
  await auditListing(dogear, page, ui);
  await closeNote(page, again);

  // The popup and the library show what was saved from the listing, as text.
  await popup.reload();
  await popup.locator('main.popup:not([aria-busy])').waitFor();
  for (const entry of saved) {
    expect(
      await read(popup, `.paper[data-key="${entry.key}"] .title`, 'textContent'),
      `popup title of ${entry.key}`,
    ).toBe(entry.expected.title);
  }
  expect(await read(popup, `.paper[data-key="${noted.key}"] .noted`, '@title')).toBe(NOTE.trimEnd());
  expect(await readAll(popup, `.paper[data-key="${noted.key}"] .tag`)).toEqual(after.tags);
  await auditExtensionPage(dogear, popup);

  const library = await openLibrary(dogear, 'papers');
  await library.locator(`.rows .row[data-key="${noted.key}"]`).click();
  await expect(library.locator('aside.detail h2')).toBeVisible();
  expect(await read(library, 'aside.detail h2', 'textContent')).toBe(noted.expected.title);
  expect(await read(library, 'aside.detail .detail-authors', 'textContent')).toContain(noted.expected.firstAuthor!);
  await expect
    .poll(async () => (await read(library, 'aside.detail textarea[name="note"]', 'value')) === NOTE.trimEnd(), {
      message: 'note in the detail',
    })
    .toBe(true);
  await expect.poll(() => read(library, 'aside.detail input[name="tags"]', 'value')).toBe(after.tags!.join(', '));
  await auditExtensionPage(dogear, library);

  // Every entry of the page, recorded by "Mark all seen": each payload as the adapter read it from the HTML (NUL
  // dropped by the parser, unpaired surrogates arriving as U+FFFD, whitespace collapsed).
  await page.bringToFront();
  expectStored(await markAllSeen(ui, popup, ARXIV.entries), ARXIV.entries);
  await auditListing(dogear, page, ui);
  expectNothingRan(watch);
  // Last: the clean capture's own errors, for comparison (opened first, it would record its titles first).
  await dogear.open(CLEAN_ARXIV);
  expectSiteErrorsAsClean(watch, ARXIV.page.url, CLEAN_ARXIV.url);
});

test('Hugging Face captures with payloads in cards and in the data-props JSON: nothing runs; NUL and lone surrogates reach the library as the JSON has them', async ({
  dogear,
}) => {
  test.setTimeout(120_000);
  const watch = new Watch(dogear.context);

  const popup = await dogear.popup();
  const rendered = await dogear.open(HF_RENDERED.page);
  expect(await rendered.locator('article[data-dogear-id]').count()).toBe(28);
  await scrollThrough(rendered);
  const renderedUi = await ClosedUi.attach(rendered);
  // Every card, recorded by "Mark all seen": the JSON's strings exactly, control characters and all.
  expectStored(await markAllSeen(renderedUi, popup, HF_RENDERED.entries), HF_RENDERED.entries);
  await auditListing(dogear, rendered, renderedUi);
  await rendered.close();

  const page = await dogear.open(HF.page);
  const ui = await ClosedUi.attach(page);
  expect(await page.locator('article[data-dogear-id]').count()).toBe(31);
  await scrollThrough(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  // The first five cards carry lone surrogates, NUL and control characters in their JSON titles.
  const saved = HF.entries.slice(0, 5);
  expect(saved.map((entry) => entry.placed.title!.id)).toEqual([
    'lone-high-surrogate',
    'lone-low-surrogate',
    'reversed-surrogates',
    'nul',
    'c0-c1-controls',
  ]);
  await saveFirst(page, 5);
  await expect
    .poll(async () => [...(await storedPapers(popup)).values()].filter((paper) => paper.savedAt !== undefined).length)
    .toBe(5);
  expectStored(await storedPapers(popup), saved);

  await page.bringToFront();
  await page.keyboard.press('n');
  const frame = await noteFrame(page);
  expect(
    (await read(frame, 'h1.title', 'textContent')) === saved[4]!.expected.title,
    'title with control characters in the note editor',
  ).toBe(true);
  await auditListing(dogear, page, ui);
  await closeNote(page, frame);

  await popup.reload();
  await popup.locator('main.popup:not([aria-busy])').waitFor();
  for (const entry of saved) {
    expect(
      (await read(popup, `.paper[data-key="${entry.key}"] .title`, 'textContent')) === entry.expected.title,
      `popup title ${entry.placed.title!.id}`,
    ).toBe(true);
  }
  await auditExtensionPage(dogear, popup);
  await page.bringToFront();
  expectStored(await markAllSeen(ui, popup, HF.entries), HF.entries);
  await auditListing(dogear, page, ui);
  expectNothingRan(watch);
  await dogear.open(CLEAN_HF);
  await dogear.open(CLEAN_HF_RENDERED);
  expectSiteErrorsAsClean(watch, HF.page.url, CLEAN_HF.url);
  expectSiteErrorsAsClean(watch, HF_RENDERED.page.url, CLEAN_HF_RENDERED.url);
});

test('100,000-character titles, authors and abstracts are saved shortened with the marker, and shown so everywhere', async ({
  dogear,
}) => {
  test.setTimeout(120_000);
  const watch = new Watch(dogear.context);
  const long = payload('long-100k').text;
  expect(long.length).toBe(100_000);

  const arxiv = await dogear.open(ARXIV_LONG.page);
  expect(await arxiv.locator('dt[data-dogear-id]').count(), 'no entry is lost to a long field').toBe(101);
  await saveFirst(arxiv, 3);
  const hf = await dogear.open(HF_LONG.page);
  expect(await hf.locator('article[data-dogear-id]').count()).toBe(31);
  await saveFirst(hf, 2);

  const entries = [...ARXIV_LONG.entries, ...HF_LONG.entries];
  const popup = await dogear.popup();
  await expect
    .poll(async () => [...(await storedPapers(popup)).values()].filter((paper) => paper.savedAt !== undefined).length)
    .toBe(5);
  const papers = await storedPapers(popup);
  expectStored(papers, entries);
  const [longTitle, longAuthor, longAbstract] = ARXIV_LONG.entries.map((entry) => papers.get(entry.key)!);
  expect(longTitle!.title.endsWith(SHORTENED_MARKER)).toBe(true);
  expect(longTitle!.title.length).toBeLessThanOrEqual(2000);
  expect(longAuthor!.authors[0]!.endsWith(SHORTENED_MARKER)).toBe(true);
  expect(longAbstract!.abstract!.endsWith(SHORTENED_MARKER)).toBe(true);
  const hfTitle = papers.get(HF_LONG.entries[0]!.key)!;
  expect(hfTitle.title.endsWith(SHORTENED_MARKER)).toBe(true);
  expect(papers.get(HF_LONG.entries[1]!.key)!.abstract!.endsWith(SHORTENED_MARKER)).toBe(true);

  // The note editor, the popup and the library show the shortened title, marker included.
  await arxiv.bringToFront();
  await arxiv.keyboard.press('k');
  await arxiv.keyboard.press('k');
  await arxiv.keyboard.press('n');
  const frame = await noteFrame(arxiv);
  expect(await read(frame, 'h1.title', 'textContent')).toBe(longTitle!.title);
  await closeNote(arxiv, frame);

  await popup.reload();
  await popup.locator('main.popup:not([aria-busy])').waitFor();
  expect(await read(popup, `.paper[data-key="${longTitle!.key}"] .title`, 'textContent')).toBe(longTitle!.title);
  expect(await read(popup, `.paper[data-key="${longAuthor!.key}"] .byline`, '@title')).toContain(
    longAuthor!.authors[0]!,
  );
  const library = await openLibrary(dogear, 'papers');
  await library.locator(`.rows .row[data-key="${longTitle!.key}"]`).click();
  await expect(library.locator(`aside.detail[data-key="${longTitle!.key}"] h2`)).toBeVisible();
  expect(await read(library, 'aside.detail h2', 'textContent')).toBe(longTitle!.title);
  await auditExtensionPage(dogear, popup);
  await auditExtensionPage(dogear, library);
  await auditListing(dogear, arxiv, await ClosedUi.attach(arxiv));
  expectNothingRan(watch);
});

// ---------------------------------------------------------------------------------------------------------------
// The whole corpus as a library

const NOW = Date.UTC(2026, 10, 30, 12);
const HOUR = 3_600_000;

/** A payload as a tag: commas (tag separators) and line breaks (dropped by text inputs) become spaces, 100 at most. */
function tagOf(text: string): string {
  const tag = text
    .replace(/[,\r\n]/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();
  return /[\ud800-\udbff]$/.test(tag) ? tag.slice(0, -1) : tag;
}

interface Corpus {
  papers: Paper[];
  sightings: Sighting[];
  /** Title payload id → key. */
  keyOf: Map<string, string>;
  duplicates: [Paper, Paper];
}

/**
 * Every ordinary payload as the title of a saved paper, with the next ones as its first author, abstract, note and tag;
 * one paper with a 100,000-character note (the longest a note may be); a pair of duplicates with a payload title; and
 * sightings whose URLs carry payloads. All valid for PaperSchema, except one sighting with a `javascript:` URL, the
 * kind of record a database written by an older or broken version could hold, which the detail must show as text.
 */
function corpus(): Corpus {
  const payloads = ordinaryPayloads();
  const next = (index: number, step: number): string => payloads[(index + step) % payloads.length]!.text;
  const keyOf = new Map<string, string>();
  const papers: Paper[] = payloads.map((entry, index) => {
    const key = `arxiv:2501.${String(index + 1).padStart(5, '0')}`;
    keyOf.set(entry.id, key);
    const at = NOW - index * HOUR;
    return PaperSchema.parse({
      key,
      arxivId: key.slice(6),
      title: entry.text,
      authors: [next(index, 1).slice(0, 500), 'Ada Lovelace'],
      abstract: next(index, 2),
      subjects: ['cs.LG'],
      published: '2025-01-10',
      note: next(index, 3),
      tags: [tagOf(next(index, 4))],
      firstSeenAt: at,
      savedAt: at,
      savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' },
      createdAt: at,
      updatedAt: at,
    });
  });
  const longNote = PaperSchema.parse({
    key: 'arxiv:2502.00001',
    arxivId: '2502.00001',
    title: 'A paper with the longest note',
    authors: ['Eve'],
    subjects: [],
    note: payload('long-100k').text,
    firstSeenAt: NOW - 200 * HOUR,
    savedAt: NOW - 200 * HOUR,
    createdAt: NOW - 200 * HOUR,
    updatedAt: NOW - 200 * HOUR,
  });
  const duplicate = (key: string, published: string): Paper =>
    PaperSchema.parse({
      key,
      ...(key.startsWith('arxiv:') ? { arxivId: key.slice(6) } : {}),
      title: `${payload('svg-onload').text} Duplicated findings`,
      authors: ['Mallory <b>Eve</b>'],
      subjects: [],
      published,
      firstSeenAt: NOW - 300 * HOUR,
      createdAt: NOW - 300 * HOUR,
      updatedAt: NOW - 300 * HOUR,
    });
  const duplicates: [Paper, Paper] = [
    duplicate('arxiv:2503.00001', '2025-03-01'),
    duplicate('doi:10.5555/hostile.duplicate', '2025-06-01'),
  ];
  const first = papers[0]!.key;
  const sightings: Sighting[] = payloads.slice(0, 3).map((entry, index) => ({
    id: `s-${index}`,
    paperKey: first,
    site: 'arxiv-listing',
    url: `https://arxiv.org/list/cs.LG/new?q=${encodeURIComponent(entry.text)}`,
    at: NOW - (10 - index) * HOUR,
  }));
  sightings.push({
    id: 's-corrupt',
    paperKey: first,
    site: 'arxiv-listing',
    url: `javascript:window.${PWNED}=1`,
    at: NOW - HOUR,
  });
  return { papers: [...papers, longNote, ...duplicates], sightings, keyOf, duplicates };
}

/** Seeds the corpus from an extension page and reloads it. */
function seedCorpus(page: Page, library: Corpus): Promise<void> {
  return seed(page, library.papers, library.sightings);
}

/**
 * Scrolls a virtualized list from top to bottom and checks every row it renders against `expected` (by key): returns
 * the mismatches and the keys never rendered. `kind` chooses the row layout (popup list or library grid).
 */
async function checkVirtualRows(
  page: Page,
  kind: 'popup' | 'library',
  expected: readonly Paper[],
): Promise<{ problems: string[]; missing: string[] }> {
  const json = await page.evaluate(
    async ({ kind, json }) => {
      const papers = new Map((JSON.parse(json) as Paper[]).map((paper) => [paper.key, paper]));
      const problems: string[] = [];
      const seen = new Set<string>();
      const scroller = document.querySelector<HTMLElement>('.scroller')!;
      const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 30)));
      const same = (what: string, key: string, actual: string | null | undefined, wanted: string): void => {
        if (actual !== wanted)
          problems.push(
            `${key} ${what}: ${JSON.stringify(actual?.slice(0, 80))} ≠ ${JSON.stringify(wanted.slice(0, 80))}`,
          );
      };
      for (let top = 0; ; top += scroller.clientHeight / 2) {
        scroller.scrollTop = top;
        await frame();
        await frame();
        const rows = document.querySelectorAll(kind === 'popup' ? '.paper[data-key]' : '.rows .row[data-key]');
        for (const row of Array.from(rows)) {
          const key = row.getAttribute('data-key')!;
          const paper = papers.get(key);
          if (!paper || seen.has(key)) continue;
          seen.add(key);
          const authors = paper.authors.join(', ');
          if (kind === 'popup') {
            const title = row.querySelector('.title');
            same('title', key, title?.textContent, paper.title);
            same('title attribute', key, title?.getAttribute('title'), paper.title);
            same('authors attribute', key, row.querySelector('.byline')?.getAttribute('title'), authors);
            const byline = row.querySelector('.byline')?.textContent ?? '';
            if (!byline.startsWith(paper.authors.slice(0, 3).join(', ')))
              problems.push(`${key} byline: ${JSON.stringify(byline.slice(0, 80))}`);
            if ((paper.note ?? '').trim() !== '')
              same('note', key, row.querySelector('.noted')?.getAttribute('title'), paper.note!);
            same(
              'tags',
              key,
              Array.from(row.querySelectorAll('.tag'), (tag) => tag.textContent).join('\n'),
              (paper.tags ?? []).join('\n'),
            );
          } else {
            const title = row.querySelector('.cell.title');
            same('title', key, title?.textContent, paper.title);
            same('title attribute', key, title?.getAttribute('title'), paper.title);
            same('authors attribute', key, row.querySelector('.cell.authors')?.getAttribute('title'), authors);
            same(
              'authors',
              key,
              row.querySelector('.cell.authors')?.textContent,
              paper.authors.length <= 2 ? authors : `${paper.authors[0]} et al.`,
            );
            same('tags', key, row.querySelector('.cell.tags')?.textContent, (paper.tags ?? []).join(', '));
            same(
              'checkbox name',
              key,
              row.querySelector('input[type="checkbox"]')?.getAttribute('aria-label'),
              `Select ${paper.title}`,
            );
          }
        }
        if (top >= scroller.scrollHeight) break;
      }
      scroller.scrollTop = 0;
      return JSON.stringify({ problems, missing: [...papers.keys()].filter((key) => !seen.has(key)) });
    },
    { kind, json: asciiJson(expected) },
  );
  return JSON.parse(json) as { problems: string[]; missing: string[] };
}

test('the popup shows every payload of the corpus as text: titles, authors, notes, tags, the editor and the undo bar', async ({
  dogear,
}) => {
  test.setTimeout(300_000); // 107 payloads through every popup view: minutes on a loaded 2-core machine
  const watch = new Watch(dogear.context);
  const library = corpus();
  const popup = await dogear.popup();
  await seedCorpus(popup, library);
  await popup.locator('main.popup:not([aria-busy])').waitFor();
  const saved = library.papers.filter((paper) => paper.savedAt !== undefined);
  await expect(popup.locator('.count')).toHaveText(`${saved.length} saved`);

  const { problems, missing } = await checkVirtualRows(popup, 'popup', saved);
  expect(problems).toEqual([]);
  expect(missing).toEqual([]);
  await auditExtensionPage(dogear, popup);

  // The note and tags editor (a panel over the popup): the note and the tags come back as field values, exactly.
  for (const id of ['textarea-breakout', 'script-plain', 'nul']) {
    const paper = library.papers.find((entry) => entry.key === library.keyOf.get(id))!;
    const row = popup.locator(`.paper[data-key="${paper.key}"]`);
    // The list is virtualized: bring the row into the rendered window (rows are 108 px, newest save first). The list
    // may still be scrolling back to its current row after the last editor closed: scroll again until the click lands.
    await expect(async () => {
      await popup.evaluate(
        (top) => {
          document.querySelector<HTMLElement>('.scroller')!.scrollTop = top;
        },
        Math.max(0, saved.indexOf(paper) * 108 - 100),
      );
      await row.getByRole('button', { name: 'Note & tags' }).click({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    const editor = `.editor[data-key="${paper.key}"]`;
    await expect(popup.locator(editor)).toBeVisible();
    expect(
      (await read(popup, `${editor} textarea[name="note"]`, 'value')) === paper.note,
      `note of ${id} in the editor`,
    ).toBe(true);
    expect(
      (await read(popup, `${editor} input[name="tags"]`, 'value')) === paper.tags!.join(', '),
      `tags of ${id}`,
    ).toBe(true);
    await auditExtensionPage(dogear, popup);
    await popup.keyboard.press('Escape');
    await expect(popup.locator('.editor')).toHaveCount(0);
  }

  // Unsave: the undo bar names the paper by its title, as text.
  const first = saved[0]!;
  await popup.evaluate(() => (document.querySelector<HTMLElement>('.scroller')!.scrollTop = 0));
  await popup.locator(`.paper[data-key="${first.key}"]`).getByRole('button', { name: 'Unsave' }).click();
  await expect(popup.locator('.undo')).toBeVisible();
  expect(await read(popup, '.undo-message', 'textContent')).toBe(`Unsaved “${first.title}”.`);
  await auditExtensionPage(dogear, popup);
  await popup.locator('.undo').getByRole('button', { name: 'Undo' }).click();
  await expect(popup.locator('.count')).toHaveText(`${saved.length} saved`);

  // Searching with a payload finds its paper and breaks nothing.
  await popup.getByRole('searchbox', { name: 'Search saved papers' }).fill(payload('img-onerror').text);
  await expect.poll(() => popup.locator('.paper').count()).toBeGreaterThan(0);
  await auditExtensionPage(dogear, popup);
  expectNothingRan(watch);
});

test('every library tab shows the corpus as text: table, detail, duplicates, activity, import & export, settings', async ({
  dogear,
}) => {
  test.setTimeout(180_000);
  const watch = new Watch(dogear.context);
  const library = corpus();
  const page = await openLibrary(dogear, 'papers');
  await seedCorpus(page, library);
  await expect(page.locator('.grid')).toHaveAttribute('data-count', String(library.papers.length));

  const { problems, missing } = await checkVirtualRows(page, 'library', library.papers);
  expect(problems).toEqual([]);
  expect(missing).toEqual([]);
  await auditExtensionPage(dogear, page);

  // The detail of a sample: title, authors, note and tags exactly; sighting URLs as text, links only when http(s).
  const sample = [
    'script-plain',
    'img-onerror',
    'textarea-breakout',
    'entities-escaped-script',
    'nul',
    'lone-high-surrogate',
    'rlo',
    'md-link-javascript',
  ];
  const byKey = new Map(library.papers.map((paper) => [paper.key, paper]));
  for (const key of [...sample.map((id) => library.keyOf.get(id)!), 'arxiv:2502.00001']) {
    const paper = byKey.get(key)!;
    const index = library.papers.indexOf(paper);
    await page.evaluate(
      (top) => {
        document.querySelector<HTMLElement>('.scroller')!.scrollTop = top;
      },
      Math.max(0, index * 34 - 100),
    );
    await page.locator(`.rows .row[data-key="${key}"] .cell.year`).click();
    await expect(page.locator(`aside.detail[data-key="${key}"]`)).toBeVisible();
    await expect(page.locator('aside.detail .history, aside.detail .hint').first()).toBeVisible();
    const label = `detail of ${key}`;
    expect((await read(page, 'aside.detail h2', 'textContent')) === paper.title, `${label}: title`).toBe(true);
    expect(
      (await read(page, 'aside.detail .detail-authors', 'textContent')) === paper.authors.join(', '),
      `${label}: authors`,
    ).toBe(true);
    // Polled: the detail fills its note and tags fields in an effect after it renders the new paper.
    await expect
      .poll(async () => (await read(page, 'aside.detail textarea[name="note"]', 'value')) === (paper.note ?? ''), {
        message: `${label}: note`,
      })
      .toBe(true);
    await expect
      .poll(
        async () => (await read(page, 'aside.detail input[name="tags"]', 'value')) === (paper.tags ?? []).join(', '),
        { message: `${label}: tags` },
      )
      .toBe(true);
    await auditExtensionPage(dogear, page);
  }
  const withHistory = library.papers[0]!;
  await page.evaluate(() => (document.querySelector<HTMLElement>('.scroller')!.scrollTop = 0));
  await page.locator(`.rows .row[data-key="${withHistory.key}"] .cell.year`).click();
  await expect(page.locator('ol.history li')).toHaveCount(library.sightings.length);
  expect(await readAll(page, 'ol.history li .url')).toEqual(library.sightings.map((sighting) => sighting.url));
  expect(
    await page.locator('ol.history a.url').evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
  ).toEqual(library.sightings.filter((sighting) => sighting.url.startsWith('https:')).map((sighting) => sighting.url));
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await auditExtensionPage(dogear, page);

  // Duplicates: the payload-titled pair is offered, its title shown as text.
  await page.getByRole('link', { name: 'Duplicates' }).click();
  const group = page.locator(`.dup-group[data-keys~="${library.duplicates[1].key}"]`);
  await expect(group).toHaveCount(1);
  expect(await readAll(page, `.dup-group[data-keys~="${library.duplicates[1].key}"] .dup-title`)).toEqual([
    library.duplicates[0].title,
    library.duplicates[1].title,
  ]);
  await auditExtensionPage(dogear, page);

  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.locator('.panel.activity:not([aria-busy])')).toBeVisible();
  await auditExtensionPage(dogear, page);

  // Import & export: the tags (payloads) are listed as text; a hostile BibTeX file is previewed as text.
  await page.getByRole('link', { name: 'Import & export' }).click();
  await expect(page.locator('select.export-tag option').first()).toBeAttached();
  const options = await readAll(page, 'select.export-tag option');
  for (const tag of new Set(library.papers.flatMap((paper) => paper.tags ?? []))) {
    expect(
      options.some((option) => option.startsWith(`${tag} (`)),
      `tag ${shown(tag)} listed`,
    ).toBe(true);
  }
  const bib = ordinaryPayloads()
    .slice(0, 30)
    .map(
      (entry, index) =>
        `@misc{hostile${index},\n  title = {${entry.text}},\n  author = {${ordinaryPayloads()[index + 30]!.text}},\n  eprint = {2501.${String(index + 1).padStart(5, '0')}},\n  archivePrefix = {arXiv}\n}\n`,
    )
    .join('\n');
  await page.locator('input.import-file').setInputFiles({
    name: '<img src=x onerror=window.__dogearPwned=1>.bib',
    mimeType: 'text/plain',
    buffer: Buffer.from(bib, 'utf8'),
  });
  await expect(page.locator('.import-preview, .import-error')).toBeVisible();
  for (const details of await page.locator('.import-preview details').all())
    await details.evaluate((element) => ((element as HTMLDetailsElement).open = true));
  await auditExtensionPage(dogear, page);
  if (await page.locator('.import-cancel').count()) await page.locator('.import-cancel').click();

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.locator('.panel.settings[aria-busy="false"]')).toBeVisible();
  await auditExtensionPage(dogear, page);
  expectNothingRan(watch);
});

test('the corpus file has what the tests rely on', () => {
  const all = loadPayloads();
  expect(all.length).toBeGreaterThanOrEqual(61);
  expect(new Set(all.map((entry) => entry.id)).size).toBe(all.length);
  const kinds = new Set(all.map((entry) => entry.kind));
  for (const kind of [
    'script',
    'event-handler',
    'url',
    'svg',
    'css',
    'template',
    'markdown',
    'bidi',
    'zero-width',
    'encoding',
    'entities',
    'length',
  ]) {
    expect(kinds, kind).toContain(kind);
  }
  expect(all.some((entry) => entry.text.includes('\0'))).toBe(true);
  expect(all.some((entry) => /[\ud800-\udbff](?![\udc00-\udfff])/.test(entry.text))).toBe(true);
  expect(all.some((entry) => /[\u202e\u2066-\u2069]/.test(entry.text))).toBe(true);
  expect(payload('long-100k').text).toHaveLength(100_000);
  // Every payload that can run code does something the tests observe.
  for (const entry of all.filter((candidate) => ['script', 'event-handler', 'svg'].includes(candidate.kind))) {
    expect(entry.text, entry.id).toMatch(/__dogearPwned|alert\(1\)/);
  }
  // Every payload is the title of some poisoned listing entry.
  const titled = new Set([...ARXIV.entries, ...HF.entries].map((entry) => entry.placed.title!.id));
  expect(
    ordinaryPayloads()
      .filter((entry) => !titled.has(entry.id))
      .map((entry) => entry.id),
  ).toEqual([]);
});
