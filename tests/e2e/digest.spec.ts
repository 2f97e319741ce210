/**
 * The digest page (digest.html) in Chromium with the built extension: every captured arXiv listing mail and Google
 * Scholar alert read from a file, pasted text and a dropped file; the listing marked by the content script's own
 * annotator (the DOM contract on every entry, the keys, the library's states); saves recorded as met in the digest;
 * hostile titles kept as text; axe; and screenshots in both themes at 1280 and 390 px.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from '@playwright/test';
import { FIXTURES, REPO } from '../support/browser.ts';
import { escapeHtml, payload, PWNED } from '../support/hostile.ts';
import { makePaper } from '../support/papers.ts';
import { BINARY_INPUT, EMPTY_INPUT } from '../../lib/digests/read.ts';
import { collapse } from '../../lib/sites/parse-helpers.ts';
import { describeViolations, runAxe } from './axe.ts';
import { expect, test, type Dogear } from './fixtures.ts';
import { PopupPage } from './pages/popup.ts';
import { seed } from './seed.ts';

test.use({ settings: { pageStateAttributes: true } });

const ARXIV_MAILS = join(FIXTURES, 'arxiv-email');
const SCHOLAR_ALERTS = join(FIXTURES, 'google-scholar-alert');

/**
 * Every captured mail, with the entries it lists (counted by hand: its `\\ arXiv:` blocks, its `a.gse_alrt_title`
 * links).
 */
const MAILS: {
  file: string;
  entries: number;
  sections?: Record<string, number>;
  /** The first entry as shown: title, where it links, a name of its byline. */
  first?: { title: string; link: string; byline: string };
  /** Text the listing shows somewhere. */
  shows?: string[];
}[] = [
  { file: join(ARXIV_MAILS, 'digest_cs_2024-11-21_2entries.txt'), entries: 2 },
  { file: join(ARXIV_MAILS, 'digest_cs_2026-01-23.txt'), entries: 5 },
  { file: join(ARXIV_MAILS, 'digest_cs_2026-01-26.txt'), entries: 10 },
  {
    file: join(ARXIV_MAILS, 'listing_mail_math.OA_2023-06-09.txt'),
    entries: 3,
    sections: { 'Cross-lists': 1, Replacements: 2 },
    first: {
      title: 'On sofic approximations of non amenable groups',
      link: 'https://arxiv.org/abs/2306.04713',
      byline: 'Ben Hayes',
    },
    // Names are TeX in the mail (`Fr\'ed\'eric`, `D\k{a}browski`, `Pawe{\l}`).
    shows: ['Frédéric Patras', 'Dąbrowski', 'Paweł Zalecki'],
  },
  {
    file: join(ARXIV_MAILS, 'listing_mail_q-fin_all.txt'),
    entries: 16,
    sections: { 'New submissions': 13, Replacements: 3 },
  },
  {
    file: join(SCHOLAR_ALERTS, 'alert-email-2019-12-10-16ef14516c65fd3c.html'),
    entries: 3,
    // Scholar's redirect (scholar_url?url=…) is not followed: the entry links to its target.
    first: {
      title: 'Using Sequence-to-Sequence Learning for Repairing C Vulnerabilities',
      link: 'https://arxiv.org/pdf/1912.02015',
      byline: 'Z Chen, S Kommrusch, M Monperrus',
    },
  },
  { file: join(SCHOLAR_ALERTS, 'alert-email-2019-12-10-16ef14516de4713c.html'), entries: 2 },
];

/** The digest page as a page object. */
class DigestPage {
  constructor(readonly page: Page) {}

  static async open(dogear: Dogear, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}) {
    const page = await dogear.context.newPage();
    await page.setViewportSize({ width: options.width ?? 1280, height: 900 });
    if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
    await page.goto(`chrome-extension://${dogear.extensionId}/digest.html`);
    await page.bringToFront();
    await page.getByRole('heading', { name: 'Open a digest' }).waitFor();
    return new DigestPage(page);
  }

  get fileInput(): Locator {
    return this.page.getByLabel('Choose a file');
  }

  get pasteArea(): Locator {
    return this.page.getByLabel("Or paste the mail's text");
  }

  get entries(): Locator {
    return this.page.locator('[data-digest-entry]');
  }

  get counts(): Locator {
    return this.page.locator('[data-digest-counts]');
  }

  get error(): Locator {
    return this.page.getByRole('alert');
  }

  entry(key: string): Locator {
    return this.page.locator(`[data-digest-entry][data-dogear-id="${key}"]`);
  }

  /** Waits until the annotator has marked `count` entries and their states reflect the library. */
  async marked(count: number): Promise<void> {
    const html = this.page.locator('html');
    await expect(html).toHaveAttribute('data-dogear-entries', String(count));
    await expect(html).toHaveAttribute('data-dogear-ready', '');
    await expect(this.page.locator('[data-digest-entry][data-dogear-id]')).toHaveCount(count);
  }
}

test('every captured mail, read from a file, is shown and marked entry by entry', async ({ dogear }) => {
  expect(MAILS.map(({ file }) => file).sort()).toEqual(
    [
      ...readdirSync(ARXIV_MAILS).map((name) => join(ARXIV_MAILS, name)),
      ...readdirSync(SCHOLAR_ALERTS).map((name) => join(SCHOLAR_ALERTS, name)),
    ].sort(),
  );
  const digest = await DigestPage.open(dogear);
  for (const mail of MAILS) {
    await test.step(mail.file.slice(FIXTURES.length + 1), async () => {
      await digest.fileInput.setInputFiles(mail.file);
      await expect(digest.counts).toContainText(`${mail.entries} papers`);
      await expect(digest.counts).not.toContainText('could not be read');
      await expect(digest.entries).toHaveCount(mail.entries);
      await digest.marked(mail.entries);
      // Every entry: its own key, a title linking out in a new tab, and all of it new to this fresh library.
      const keys = await digest.entries.evaluateAll((entries) =>
        entries.map((entry) => entry.getAttribute('data-dogear-id')),
      );
      expect(new Set(keys).size).toBe(mail.entries);
      await expect(digest.page.locator('[data-digest-entry][data-dogear-state~="new"]')).toHaveCount(mail.entries);
      for (const link of await digest.page.locator('.entry-title a').all()) {
        await expect(link).toHaveAttribute('target', '_blank');
        await expect(link).toHaveAttribute('href', /^https?:\/\//);
      }
      if (mail.first) {
        const first = digest.entries.first();
        await expect(first.locator('.entry-title a')).toHaveText(mail.first.title);
        await expect(first.locator('.entry-title a')).toHaveAttribute('href', mail.first.link);
        await expect(first.locator('.byline')).toContainText(mail.first.byline);
      }
      for (const text of mail.shows ?? []) await expect(digest.page.locator('.digest')).toContainText(text);
      for (const [heading, count] of Object.entries(mail.sections ?? {})) {
        await expect(digest.page.getByRole('heading', { name: `${heading} (${count})`, level: 3 })).toBeVisible();
      }
    });
  }
});

test('a pasted arXiv mail is read; an empty or binary input says why', async ({ dogear }) => {
  const digest = await DigestPage.open(dogear);
  await digest.pasteArea.fill(readFileSync(MAILS[2]!.file, 'utf8'));
  await digest.page.getByRole('button', { name: 'Read' }).click();
  await digest.marked(10);
  await expect(digest.counts).toContainText('10 papers · from pasted text');
  await expect(digest.page.getByRole('heading', { level: 2, name: /arXiv/ })).toBeFocused();

  // A binary file (a PNG) is refused with a reason, and the digest read before stays.
  await digest.fileInput.setInputFiles({
    name: 'mail.eml',
    mimeType: 'message/rfc822',
    buffer: readFileSync(join(REPO, 'public/icon/128.png')),
  });
  await expect(digest.error).toHaveText(`mail.eml — ${BINARY_INPUT}`);
  await expect(digest.entries).toHaveCount(10);
  await digest.fileInput.setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.from('  \n') });
  await expect(digest.error).toHaveText(`empty.txt — ${EMPTY_INPUT}`);

  // Nothing of the mail is kept: a reload shows the empty page.
  await digest.page.reload();
  await digest.page.getByRole('heading', { name: 'Open a digest' }).waitFor();
  await expect(digest.entries).toHaveCount(0);
  await expect(digest.pasteArea).toHaveValue('');
});

test('a file dropped on the page is read (a browser drag with the file, over the DevTools protocol)', async ({
  dogear,
}) => {
  const digest = await DigestPage.open(dogear);
  const area = await digest.page.locator('[data-drop-area]').boundingBox();
  const cdp = await dogear.context.newCDPSession(digest.page);
  const at = { x: area!.x + area!.width / 2, y: area!.y + area!.height / 2 };
  const data = { items: [], files: [MAILS[1]!.file], dragOperationsMask: 1 };
  await cdp.send('Input.dispatchDragEvent', { type: 'dragEnter', ...at, data });
  await cdp.send('Input.dispatchDragEvent', { type: 'dragOver', ...at, data });
  await expect(digest.page.locator('[data-drop-area].dragging')).toHaveCount(1);
  await cdp.send('Input.dispatchDragEvent', { type: 'drop', ...at, data });
  await digest.marked(5);
  await expect(digest.counts).toContainText('5 papers · from digest_cs_2026-01-23.txt');
  await expect(digest.page.locator('[data-drop-area].dragging')).toHaveCount(0);
});

test('j then s saves an entry as met in the arXiv mail; the popup lists it with that source', async ({ dogear }) => {
  const digest = await DigestPage.open(dogear);
  await digest.fileInput.setInputFiles(MAILS[1]!.file);
  await digest.marked(5);
  const first = digest.entries.first();
  const key = (await first.getAttribute('data-dogear-id'))!;
  await digest.page.keyboard.press('j');
  await expect(first).toHaveAttribute('data-dogear-current', '');
  await digest.page.keyboard.press('s');
  await expect(first).toHaveAttribute('data-dogear-state', /\bsaved\b/);

  const popup = await PopupPage.open(dogear);
  await expect(popup.row(key)).toBeVisible();
  await expect(popup.row(key).locator('.source')).toHaveText('arXiv e-mail digest');
  const stored = await popup.stored(key);
  expect(stored?.savedFrom?.site).toBe('arxiv-email');
  expect(stored?.savedFrom?.url).toMatch(/^https:\/\//);

  // Unsaved in the popup: the open digest follows without a reload (it watches its papers in the library).
  await popup.row(key).getByRole('button', { name: 'Unsave' }).click();
  await expect(first).not.toHaveAttribute('data-dogear-state', /\bsaved\b/);
});

test('n edits the note in the extension frame, and the entry shows noted', async ({ dogear }) => {
  const digest = await DigestPage.open(dogear);
  await digest.fileInput.setInputFiles(MAILS[0]!.file);
  await digest.marked(2);
  const second = digest.entries.nth(1);
  await digest.page.keyboard.press('j');
  await digest.page.keyboard.press('j');
  await expect(second).toHaveAttribute('data-dogear-current', '');
  await digest.page.keyboard.press('n');
  const open = (): Frame | undefined =>
    digest.page.frames().find((frame) => frame.url().includes('/note.html') && !frame.isDetached());
  await expect.poll(() => open() !== undefined).toBe(true);
  const frame = open()!;
  await expect(frame.locator('h1.title')).toContainText('Integrated Water Resource Management');
  await frame.getByRole('textbox', { name: 'Note (Markdown)' }).fill('Read the basin model first.');
  await frame.getByRole('textbox', { name: 'Note (Markdown)' }).press('Control+Enter');
  await expect(digest.page.locator('[data-dogear-note-host]')).toHaveCount(0, { timeout: 15_000 });
  await expect(second).toHaveAttribute('data-dogear-state', /\bnoted\b/);
});

test('a paper saved from an arXiv listing shows as saved in the digest', async ({ dogear }) => {
  // Seeded from the popup, whose database is open by the time it has loaded.
  const popup = await PopupPage.open(dogear);
  await seed(popup.page, [
    makePaper('2601.15306', {
      savedAt: Date.UTC(2026, 0, 23),
      savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.AI/new' },
    }),
  ]);
  const digest = await DigestPage.open(dogear);
  await digest.fileInput.setInputFiles(MAILS[1]!.file);
  await digest.marked(5);
  await expect(digest.entry('arxiv:2601.15306')).toHaveAttribute('data-dogear-state', /\bsaved\b/);
  await expect(digest.page.locator('[data-digest-entry][data-dogear-state~="saved"]')).toHaveCount(1);
});

/** Payloads without TeX's special characters (a mail's text is TeX: `\`, `$`, `{` mean something there). */
const HOSTILE = [
  'script-plain',
  'img-onerror',
  'svg-onload',
  'iframe-srcdoc',
  'attr-inject-double',
  'textarea-breakout',
];

test('hostile titles in a mail and in a Scholar alert stay text', async ({ dogear }) => {
  const digest = await DigestPage.open(dogear);
  const texts = HOSTILE.map((id) => payload(id).text);

  const mail = readFileSync(MAILS[2]!.file, 'utf8');
  let index = 0;
  const poisonedMail = mail.replace(/^Title: .*(\n {2}.*)*/gm, (line) =>
    index < texts.length ? `Title: ${texts[index++]!}` : line,
  );
  expect(index).toBe(texts.length);
  await digest.pasteArea.fill(poisonedMail);
  await digest.page.getByRole('button', { name: 'Read' }).click();
  await digest.marked(10);
  const mailTitles = await digest.page.locator('.entry-title a').allTextContents();
  for (const text of texts) expect(mailTitles).toContain(collapse(text));

  const alert = readFileSync(MAILS[5]!.file, 'utf8');
  let replaced = 0;
  const poisonedAlert = alert.replace(/(class="gse_alrt_title"[^>]*>)([^<]*)/g, (whole, open: string) =>
    replaced < texts.length ? `${open}${escapeHtml(texts[replaced++]!)}` : whole,
  );
  expect(replaced).toBe(3);
  await digest.fileInput.setInputFiles({
    name: 'alert.html',
    mimeType: 'text/html',
    buffer: Buffer.from(poisonedAlert),
  });
  await digest.marked(3);
  const alertTitles = await digest.page.locator('.entry-title a').allTextContents();
  for (const text of texts.slice(0, replaced)) expect(alertTitles).toContain(collapse(text));

  // Nothing ran, and no element of the payloads exists in the page.
  expect(
    await digest.page.evaluate((name) => (window as unknown as Record<string, unknown>)[name], PWNED),
  ).toBeUndefined();
  await expect(digest.page.locator('.digest :is(script, img, svg, iframe, textarea, style)')).toHaveCount(0);
});

test('axe finds nothing serious on the page with entries; screenshots in light and dark, 1280 and 390 px', async ({
  dogear,
}) => {
  mkdirSync('/tmp/shots', { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      const digest = await DigestPage.open(dogear, { width, colorScheme });
      await digest.fileInput.setInputFiles(MAILS[3]!.file);
      await digest.marked(3);
      await digest.page.locator('.entry-more summary').first().click();
      // Dogear's marks, controls and bar are in closed shadow roots: opened for axe with the extension's own
      // chrome.dom, which this extension page has, so axe checks them along with the page.
      const opened = await digest.page.evaluate(() => {
        const dom = (globalThis as unknown as { chrome: { dom?: { openOrClosedShadowRoot(e: Element): ShadowRoot } } })
          .chrome.dom;
        if (!dom) return 0;
        Object.defineProperty(Element.prototype, 'shadowRoot', {
          configurable: true,
          get(this: Element) {
            return this instanceof HTMLElement ? dom.openOrClosedShadowRoot(this) : null;
          },
        });
        return document.querySelectorAll('[data-dogear-ui], [data-dogear-mark], [data-dogear-bar]').length;
      });
      expect(opened).toBeGreaterThan(6);
      const violations = await runAxe(digest.page);
      expect(violations, describeViolations(violations)).toEqual([]);
      await digest.page.screenshot({ path: `/tmp/shots/digest-${colorScheme}-${width}.png`, fullPage: true });
      await digest.page.close();
    }
  }
});
