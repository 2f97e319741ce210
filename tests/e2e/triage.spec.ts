/**
 * Triage on real captured pages, in Chromium with the built extension: marks that keep their meaning for the visit, the
 * page bar and its undoable actions, selection, the keyboard (and where it leaves the current entry), opening in a
 * background tab, pages that change, updates across tabs, and the marks' contrast in light and dark. States are read
 * through the `pageStateAttributes` setting (a user option) and, for what the reader sees, inside Dogear's closed
 * shadow roots (tests/support/closed-ui.ts).
 */
import type { Locator, Page } from '@playwright/test';
import { luminance } from '../../entrypoints/papers.content/theme.ts';
import type { ClosedUi } from '../support/closed-ui.ts';
import { PAGES, serviceWorker, type ServedPage } from '../support/browser.ts';
import { describeViolations } from './axe.ts';
import { runAxeOnDogear } from './axe-listing.ts';
import { expect, reach, test } from './fixtures.ts';
import { dump } from './seed.ts';

/** The same real /new page served as "pastweek", with item [67]'s version lowered to v1 (as when it was first met). */
const arxivEarlier: ServedPage = {
  url: 'https://arxiv.org/list/cond-mat.mtrl-sci/pastweek',
  fixture: PAGES.arxivNew.fixture,
  rewrite: (html) => html.replaceAll('2411.19270v2', '2411.19270v1'),
};

/** The real /new page with entry [2]'s title emptied: it can be marked, but not read into a paper. */
const arxivBrokenEntry: ServedPage = {
  url: 'https://arxiv.org/list/cond-mat.mtrl-sci/recent',
  fixture: PAGES.arxivNew.fixture,
  rewrite: (html) =>
    html.replace(/(<div class=['"]list-title mathjax['"]>\s*<span class=['"]descriptor['"]>Title:<\/span>)[^<]*/, '$1'),
};

test.use({
  served: { pages: [PAGES.arxivNew, PAGES.hfDaily, PAGES.hfRendered, arxivEarlier, arxivBrokenEntry] },
  settings: { pageStateAttributes: true },
});

const dt = (page: Page, id: string): Locator => page.locator(`dt[data-dogear-id="arxiv:${id}"]`);
const BAR = '[data-dogear-bar]';
const controls = (id: string): string => `[data-dogear-id="arxiv:${id}"] [data-dogear-ui]`;
const mark = (id: string): string => `[data-dogear-id="arxiv:${id}"] > [data-dogear-mark]`;

async function summary(ui: ClosedUi): Promise<string | undefined> {
  return ui.text(BAR, '.summary');
}

/** The bar colour the reader sees for an entry (its mark's kind), once its mark has mounted. */
async function markKind(ui: ClosedUi, id: string): Promise<string | undefined> {
  const [found] = await ui.query(mark(id), '.mark');
  return found?.attributes.class?.split(' ')[1];
}

test('rows new at load stay new while they are read; a reload and another tab show them seen', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(page);
  await expect(page.locator('dt[data-dogear-state="new"]')).toHaveCount(101);
  await expect.poll(() => summary(ui)).toBe('101 new · 0 seen · 0 saved');

  // Entry [10] is read: the library records it (data-dogear-fresh), the page keeps showing it new.
  const tenth = dt(page, '2609.22509');
  await tenth.scrollIntoViewIfNeeded();
  await expect(tenth).toHaveAttribute('data-dogear-fresh', '', { timeout: 4_000 });
  await expect(tenth).toHaveAttribute('data-dogear-state', 'new');
  await expect(page.locator('dd[data-dogear-id="arxiv:2609.22509"]')).toHaveAttribute('data-dogear-state', 'new');
  expect(await markKind(ui, '2609.22509')).toBe('new');
  expect((await ui.query(controls('2609.22509'), '.chip')).map((chip) => chip.text)).toEqual(['New']);
  await expect.poll(() => summary(ui)).toBe('101 new · 0 seen · 0 saved');
  const readKeys = await page
    .locator('dt[data-dogear-fresh]')
    .evaluateAll((dts) => dts.map((dt) => dt.getAttribute('data-dogear-id')!));
  const read = readKeys.length;
  expect(read).toBeGreaterThan(0);
  expect(read).toBeLessThan(30);

  // Another tab opened now, and this one after a reload, show what was read as seen.
  const other = await dogear.open(PAGES.arxivNew);
  await expect(dt(other, '2609.22509')).toHaveAttribute('data-dogear-state', 'seen');
  const otherUi = await dogear.ui(other);
  await expect.poll(() => summary(otherUi)).toBe(`${101 - read} new · ${read} seen · 0 saved`);
  // The other tab reads its own first entries once they have been on screen for a second: close it, so what the
  // reload shows is what this tab read (plus, on a slow machine, what the other tab read before it closed).
  await other.close();
  await page.bringToFront();
  await page.reload();
  await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
  for (const key of readKeys)
    await expect(page.locator(`dt[data-dogear-id="${key}"]`)).toHaveAttribute('data-dogear-state', 'seen');
  // The other tab only saw the top of the page: an entry far down, read by neither tab, is still new.
  await expect(dt(page, '2609.24856')).toHaveAttribute('data-dogear-state', 'new');
  await expect(dt(page, '2609.22509')).not.toHaveAttribute('data-dogear-fresh', '');
  await dt(page, '2609.22509').scrollIntoViewIfNeeded();
  const reloaded = await dogear.ui(page);
  await expect.poll(() => markKind(reloaded, '2609.22509')).toBe('seen');
  expect((await reloaded.query(controls('2609.22509'), '.chip')).map((chip) => chip.text)).toEqual(['Seen']);
});

test('mark all seen and its undo; the view modes, remembered per site', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(page);
  await ui.click(BAR, 'button.mark-all');
  await expect.poll(() => summary(ui)).toBe('0 new · 101 seen · 0 saved');
  await expect(page.locator('dt[data-dogear-state="seen"]')).toHaveCount(101);
  expect(await ui.text(BAR, '.undo-row .done')).toBe('Marked 101 papers seen');

  await ui.click(BAR, 'button.undo');
  await expect.poll(() => summary(ui)).toBe('101 new · 0 seen · 0 saved');
  await expect(page.locator('dt[data-dogear-state="new"]')).toHaveCount(101);
  // Undone in the library too: it knows only the entries read on the page (their sightings, held back while the
  // undo was offered, are recorded after it).
  const popup = await dogear.popup();
  await expect
    .poll(
      async () => {
        const read = await page.locator('dt[data-dogear-fresh]').count();
        return read > 0 && (await dump(popup)).papers.length === read;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  await popup.close();
  await page.bringToFront();

  // Save one, mark the rest seen: hide seen keeps the saved row, only new hides everything met.
  await ui.click(controls('2609.22268'), 'button.save');
  await expect(dt(page, '2609.22268')).toHaveAttribute('data-dogear-state', 'new saved');
  await ui.click(BAR, 'button.mark-all');
  await expect.poll(() => summary(ui)).toBe('0 new · 101 seen · 1 saved');

  await ui.select(BAR, 'select', 'dim-seen');
  await expect(page.locator('html')).toHaveAttribute('data-dogear-view', 'dim-seen');
  await dt(page, '2609.22287').scrollIntoViewIfNeeded();
  await expect.poll(async () => (await ui.query(mark('2609.22287'), '.wash')).length).toBe(1);
  expect(await ui.query(mark('2609.22268'), '.wash')).toHaveLength(0);

  await ui.select(BAR, 'select', 'hide-seen');
  await expect(page.locator('dt[data-dogear-id]:visible')).toHaveCount(1);
  await expect(dt(page, '2609.22268')).toBeVisible();
  await expect(page.locator('dd[data-dogear-id="arxiv:2609.22287"]')).toBeHidden();

  await ui.select(BAR, 'select', 'only-new');
  await expect(page.locator('dt[data-dogear-id]:visible')).toHaveCount(0);

  // The choice persists for the site: arXiv pages open hidden, Hugging Face is unaffected.
  await ui.select(BAR, 'select', 'hide-seen');
  await page.reload();
  await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
  await expect(page.locator('html')).toHaveAttribute('data-dogear-view', 'hide-seen');
  await expect(page.locator('dt[data-dogear-id]:visible')).toHaveCount(1);
  const hf = await dogear.open(PAGES.hfDaily);
  await expect(hf.locator('html')).toHaveAttribute('data-dogear-view', 'all');
});

test('select with shift-click, save selected; "Save N new" says how many and its undo restores exactly', async ({
  dogear,
}) => {
  const page = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(page);
  await ui.click(controls('2609.22268'), 'input.select');
  await ui.click(controls('2609.22509'), 'input.select', { modifiers: ['Shift'] }); // [1] … [10]
  await expect(page.locator('dt[data-dogear-selected]')).toHaveCount(10);
  await reach(dt(page, '2609.22366'));
  expect((await ui.one(mark('2609.22366'), '.tint')).visible).toBe(true);
  await ui.click(BAR, 'button.save-selected');
  await expect(page.locator('dt[data-dogear-state~="saved"]')).toHaveCount(10);
  await expect(page.locator('dt[data-dogear-selected]')).toHaveCount(0);
  await expect.poll(() => summary(ui)).toBe('101 new · 0 seen · 10 saved');

  expect(await ui.text(BAR, 'button.save-new')).toBe('Save 91 new');
  await ui.click(BAR, 'button.save-new');
  await expect(page.locator('dt[data-dogear-state~="saved"]')).toHaveCount(101);
  expect(await ui.text(BAR, '.undo-row .done')).toBe('Saved 91 new papers');
  const popup = await dogear.popup();
  await expect(popup.locator('header .count')).toHaveText('101 saved');

  // Undo puts back exactly what it changed: the 10 saved before stay saved, the 91 are gone from the library.
  await page.bringToFront();
  await ui.click(BAR, 'button.undo');
  await expect(page.locator('dt[data-dogear-state~="saved"]')).toHaveCount(10);
  await popup.reload();
  await expect(popup.locator('header .count')).toHaveText('10 saved');
  const other = await dogear.open(PAGES.arxivNew);
  await expect(other.locator('dt[data-dogear-state~="saved"]')).toHaveCount(10);
});

for (const width of [1280, 390]) {
  test(`j/k bring the current entry near the top, and the page bar never covers it (${width} px)`, async ({
    dogear,
  }) => {
    for (const served of [PAGES.arxivNew, PAGES.hfDaily]) {
      const page = await dogear.context.newPage();
      await page.setViewportSize({ width, height: 800 });
      await page.goto(served.url);
      await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
      const ui = await dogear.ui(page);
      // The last step shows the keys: the bar grows, and must still keep clear.
      const steps = ['j', 'j', 'j', 'j', 'j', 'j', 'j', 'k', 'k', 'j', 'j', 'j', '?'];
      for (const [n, key] of steps.entries()) {
        await page.keyboard.press(key);
        await expect(page.locator('[data-dogear-current]').first()).toBeAttached();
        const boxes = await page.evaluate(() => {
          const roots = [...document.querySelectorAll('[data-dogear-current]')];
          const rects = roots.map((root) => root.getBoundingClientRect());
          return {
            top: Math.min(...rects.map((r) => r.top)),
            bottom: Math.max(...rects.map((r) => r.bottom)),
            left: Math.min(...rects.map((r) => r.left)),
            right: Math.max(...rects.map((r) => r.right)),
          };
        });
        const barBox = (await ui.one(BAR, '.bar')).box;
        const overlap =
          boxes.left < barBox.x + barBox.width &&
          barBox.x < boxes.right &&
          boxes.top < barBox.y + barBox.height &&
          barBox.y < boxes.bottom;
        expect(
          overlap,
          `${served.url} step ${n} (${key}): entry ${JSON.stringify(boxes)} bar ${JSON.stringify(barBox)}`,
        ).toBe(false);
        // Near the top: its top in the upper quarter of the window (unless the page cannot scroll that far).
        const atEnd = await page.evaluate(
          () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
        );
        if (!atEnd) expect(boxes.top, `${served.url} step ${n}`).toBeLessThanOrEqual(800 * 0.25);
        expect(boxes.top).toBeGreaterThanOrEqual(0);
        // One outline around the whole entry (dt and dd together on arXiv).
        expect(await ui.query('[data-dogear-current] > [data-dogear-mark]', '.outline')).toHaveLength(1);
      }
      if (width === 390) {
        // Small at narrow widths: one line, at most 48 px high.
        await page.keyboard.press('Escape');
        expect((await ui.one(BAR, '.bar')).box.height).toBeLessThanOrEqual(48);
      }
      await page.close();
    }
  });
}

test('o opens the paper in a background tab, on the site the listing came from', async ({ dogear }) => {
  const worker = await serviceWorker(dogear.context);
  const tabs = (): Promise<{ url: string; active: boolean }[]> =>
    worker.evaluate(async () => {
      const { chrome } = globalThis as unknown as {
        chrome: { tabs: { query(q: object): Promise<{ url?: string; pendingUrl?: string; active: boolean }[]> } };
      };
      return (await chrome.tabs.query({})).map((tab) => ({ url: tab.pendingUrl ?? tab.url ?? '', active: tab.active }));
    });
  for (const [served, expected, key] of [
    [PAGES.arxivNew, 'https://arxiv.org/abs/2609.22268', 'arxiv:2609.22268'],
    [PAGES.hfDaily, 'https://huggingface.co/papers/2606.28322', 'arxiv:2606.28322'],
  ] as const) {
    const page = await dogear.open(served);
    await page.bringToFront();
    await page.keyboard.press('j');
    await page.keyboard.press('o');
    // The paper's own page is not served (no network); the tab the background made is what counts.
    await expect
      .poll(async () => (await tabs()).filter((tab) => tab.url === expected))
      .toEqual([{ url: expected, active: false }]);
    // The listing stays the active tab: triage keeps its place.
    expect((await tabs()).filter((tab) => tab.active).map((tab) => tab.url)).toEqual([served.url]);
    await expect(page.locator(`[data-dogear-id="${key}"]`).first()).toHaveAttribute('data-dogear-state', /\bopened\b/);
    await page.close();
  }
});

test('keyboard: s, x, h, ? — and nothing while typing in a field', async ({ dogear }) => {
  const page = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(page);
  await page.keyboard.press('j');
  await expect(dt(page, '2609.22268')).toHaveAttribute('data-dogear-current', '');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-current', '');
  await expect(dt(page, '2609.22287')).toBeInViewport();

  await page.keyboard.press('s');
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-state', /\bsaved\b/);
  await expect.poll(() => markKind(ui, '2609.22287')).toBe('saved');
  expect(await ui.text(controls('2609.22287'), 'button.save')).toBe('★ Saved');
  await page.keyboard.press('s');
  await expect(dt(page, '2609.22287')).not.toHaveAttribute('data-dogear-state', /\bsaved\b/);

  await page.keyboard.press('x');
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-selected', '');

  await page.keyboard.press('h');
  await expect(page.locator('html')).toHaveAttribute('data-dogear-view', 'hide-seen');
  await page.keyboard.press('h');
  await expect(page.locator('html')).toHaveAttribute('data-dogear-view', 'all');

  await page.keyboard.press('?');
  await expect.poll(() => ui.text(BAR, '.keys')).toContain('next / previous entry');
  await page.keyboard.press('?');
  expect(await ui.query(BAR, '.keys')).toHaveLength(0);

  // Typing in the page's own search field is left alone.
  const search = page.locator('input[name="query"]').first();
  // The site's "Search" link opens this overlay with its own script, which is not served here.
  await page.evaluate(() => {
    const overlay = document.getElementById('arxiv-search-overlay')!;
    overlay.removeAttribute('hidden');
    overlay.style.display = 'block';
  });
  await search.focus();
  await page.keyboard.type('jsx');
  await expect(search).toHaveValue('jsx');
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-current', '');
  await expect(dt(page, '2609.22287')).toHaveAttribute('data-dogear-selected', '');
  // Out of the field the keys act again: j moves on, s saves that entry. Messages reach the background in order, so
  // once this save shows, a save the typed `s` had sent would show too: only the new current entry is saved.
  await search.blur();
  await page.keyboard.press('j');
  const next = page.locator('dt[data-dogear-current]');
  await expect(next).not.toHaveAttribute('data-dogear-id', 'arxiv:2609.22287');
  await page.keyboard.press('s');
  await expect(next).toHaveAttribute('data-dogear-state', /\bsaved\b/);
  await expect(page.locator('dt[data-dogear-state~="saved"]')).toHaveCount(1);
});

test('a save that cannot be made says why, on the row and in the bar', async ({ dogear }) => {
  const page = await dogear.open(arxivBrokenEntry);
  const ui = await dogear.ui(page);
  await page.keyboard.press('j');
  await page.keyboard.press('s');
  await expect
    .poll(() => ui.text(controls('2609.22268'), '.error'))
    .toBe('⚠ Not saved: Dogear could not read this entry');
  expect(await ui.text(BAR, '.error')).toBe('Not saved: Dogear could not read this entry.');
  await expect(dt(page, '2609.22268')).toHaveAttribute('data-dogear-state', 'new');
});

test('following a paper link marks it opened', async ({ dogear }) => {
  const page = await dogear.open(PAGES.hfDaily);
  const card = page.locator('article[data-dogear-id="arxiv:2607.00466"]');
  await card.locator('h3 a').click({ modifiers: ['ControlOrMeta'] }); // opens in a background tab
  await expect(card).toHaveAttribute('data-dogear-state', /\bopened\b/);
});

test('a change in one tab shows in the others within a second', async ({ dogear }) => {
  const first = await dogear.open(PAGES.arxivNew);
  const second = await dogear.open(PAGES.arxivNew);
  await first.bringToFront();
  // An entry far down the page: neither tab has read it, so both show it new (and now saved).
  await (await dogear.ui(first)).click(controls('2609.24856'), 'button.save');
  await expect(dt(second, '2609.24856')).toHaveAttribute('data-dogear-state', 'new saved', { timeout: 1_000 });
  const popup = await dogear.popup();
  await popup.locator('.paper').getByRole('button', { name: 'Unsave' }).click();
  await expect(dt(first, '2609.24856')).toHaveAttribute('data-dogear-state', 'new', { timeout: 1_000 });
  await expect(dt(second, '2609.24856')).toHaveAttribute('data-dogear-state', 'new', { timeout: 1_000 });
});

test('Hugging Face re-rendering its list keeps the annotations, buttons and keys', async ({ dogear }) => {
  const page = await dogear.open(PAGES.hfRendered);
  const ui = await dogear.ui(page);
  const first = page.locator('article[data-dogear-id]').first();
  const key = await first.getAttribute('data-dogear-id');
  await ui.click(`article[data-dogear-id="${key}"] [data-dogear-ui]`, 'button.save');
  await expect(first).toHaveAttribute('data-dogear-state', /\bsaved\b/);

  // As the site's Svelte island does: the whole list node is replaced by freshly rendered cards.
  await page.evaluate(() => {
    const grid = document.querySelector('article')!.parentElement!;
    const fresh = grid.cloneNode(true) as HTMLElement;
    for (const node of fresh.querySelectorAll('[data-dogear-ui], [data-dogear-mark]')) node.remove();
    for (const node of fresh.querySelectorAll('*')) {
      for (const name of [...node.getAttributeNames()]) if (name.startsWith('data-dogear')) node.removeAttribute(name);
    }
    grid.replaceWith(fresh);
  });
  await expect(page.locator('article[data-dogear-id]')).toHaveCount(28, { timeout: 2_000 });
  await expect(page.locator(`article[data-dogear-id="${key}"]`)).toHaveAttribute('data-dogear-state', /\bsaved\b/);
  await expect.poll(() => ui.text(`article[data-dogear-id="${key}"] [data-dogear-ui]`, 'button.save')).toBe('★ Saved');
  // Keys and buttons act on the new cards.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('s');
  await expect(page.locator('article[data-dogear-id]').nth(1)).toHaveAttribute('data-dogear-state', /\bsaved\b/);
  const third = await page.locator('article[data-dogear-id]').nth(2).getAttribute('data-dogear-id');
  await ui.click(`article[data-dogear-id="${third}"] [data-dogear-ui]`, 'button.save');
  await expect(page.locator(`article[data-dogear-id="${third}"]`)).toHaveAttribute('data-dogear-state', /\bsaved\b/);
  for (const article of await page.locator('article[data-dogear-id]').all()) {
    await article.scrollIntoViewIfNeeded();
    await expect(article.locator('[data-dogear-ui]')).toHaveCount(1);
  }
});

test('a replacement with a higher version than the one seen is marked updated', async ({ dogear }) => {
  const earlier = await dogear.open(arxivEarlier);
  const earlierUi = await dogear.ui(earlier);
  await earlierUi.click(BAR, 'button.mark-all');
  await expect.poll(() => summary(earlierUi)).toBe('0 new · 101 seen · 0 saved');

  const now = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(now);
  await expect(dt(now, '2411.19270')).toHaveAttribute('data-dogear-state', 'seen updated');
  await expect(now.locator('dt[data-dogear-state~="updated"]')).toHaveCount(1);
  await reach(dt(now, '2411.19270'));
  await expect.poll(() => markKind(ui, '2411.19270')).toBe('updated');
  expect((await ui.query(controls('2411.19270'), '.chip')).map((chip) => chip.text)).toEqual(['Seen', 'New version']);
});

/** WCAG contrast ratio of two opaque CSS rgb() colours (the luminance formula the content script reads themes with). */
function contrast(a: string, b: string): number {
  const lum = (colour: string): number => {
    const value = luminance(colour);
    if (value === undefined) throw new Error(`not an opaque rgb() colour: ${colour}`);
    return value;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

test('marks and chips keep WCAG AA contrast on the site in light and dark', async ({ dogear }) => {
  const ratios: string[] = [];
  for (const [run, [served, dark]] of (
    [
      [PAGES.arxivNew, false],
      [PAGES.hfDaily, false],
      [PAGES.hfDaily, true],
    ] as const
  ).entries()) {
    const page = await dogear.context.newPage();
    await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
    await page.goto(served.url);
    await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
    // Hugging Face's own dark theme: the class its theme switch sets on <html>.
    if (dark) await page.evaluate(() => document.documentElement.classList.add('dark'));
    const ui = await dogear.ui(page);
    // One entry of each kind: saved, new, seen (a reload after reading), with a new-version chip where the page has one.
    // A different card on each run (the same profile keeps what the previous run saved).
    for (let step = 0; step <= run; step += 1) await page.keyboard.press('j');
    await page.keyboard.press('s');
    const id = (await page.locator('[data-dogear-current]').first().getAttribute('data-dogear-id'))!;
    await expect(page.locator(`[data-dogear-id="${id}"]`).first()).toHaveAttribute('data-dogear-state', /saved/);
    const entryBackground = await page.evaluate((key) => {
      for (
        let node: Element | null = document.querySelector(`[data-dogear-id="${key}"]`);
        node;
        node = node.parentElement
      ) {
        const colour = getComputedStyle(node).backgroundColor;
        const alpha = colour.startsWith('rgba') ? Number(colour.split(',')[3]!.replace(')', '')) : 1;
        if (alpha >= 0.5) return colour;
      }
      return 'rgb(255, 255, 255)';
    }, id);
    const colours = await ui.evaluate(
      ({ key }, open) => {
        const host = document.querySelector(`[data-dogear-id="${key}"] > [data-dogear-mark]`)!;
        const controlsHost = document.querySelector(`[data-dogear-id="${key}"] [data-dogear-ui]`)!;
        const bar = open(host)!.querySelector('.bar')!;
        const chips = [...open(controlsHost)!.querySelectorAll('.chip, button.save')];
        return {
          theme: open(host)!.querySelector('.mark')!.getAttribute('data-theme'),
          bar: getComputedStyle(bar).backgroundColor,
          chips: chips.map((chip) => ({
            text: chip.textContent,
            fg: getComputedStyle(chip).color,
            bg: getComputedStyle(chip).backgroundColor,
          })),
        };
      },
      { key: id },
    );
    expect(colours.theme).toBe(dark ? 'dark' : 'light');
    const barRatio = contrast(colours.bar, entryBackground);
    ratios.push(`${served.url} ${dark ? 'dark' : 'light'} bar ${barRatio.toFixed(2)}`);
    expect(barRatio, `bar ${colours.bar} on ${entryBackground}`).toBeGreaterThanOrEqual(3);
    for (const chip of colours.chips) {
      const ratio = contrast(chip.fg, chip.bg);
      ratios.push(`${served.url} ${dark ? 'dark' : 'light'} "${chip.text}" ${ratio.toFixed(2)}`);
      expect(ratio, `${chip.text}: ${chip.fg} on ${chip.bg}`).toBeGreaterThanOrEqual(4.5);
    }
    await page.screenshot({
      path: test.info().outputPath(`contrast-${dark ? 'dark' : 'light'}-${new URL(served.url).host}.png`),
    });
    await page.close();
  }
  console.log(ratios.join('\n'));
});

test('axe finds no serious or critical problem in Dogear on annotated listings, light and dark, 1280 and 390 px', async ({
  dogear,
}) => {
  test.setTimeout(180_000); // six page loads, each checked by axe: minutes on a loaded 2-core machine
  for (const served of [PAGES.arxivNew, PAGES.hfDaily]) {
    for (const [run, [width, dark]] of (
      [
        [1280, false],
        [1280, true],
        [390, false],
      ] as const
    ).entries()) {
      const page = await dogear.context.newPage();
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
      await page.goto(served.url);
      await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached' });
      if (dark) await page.evaluate(() => document.documentElement.classList.add('dark'));
      // Every kind of control on screen: a current entry, a selected one, a saved one, the bar with its keys.
      // (A different entry each run: the profile keeps what the last run saved.)
      for (let step = 0; step <= run; step += 1) await page.keyboard.press('j');
      await page.keyboard.press('x');
      await page.keyboard.press('j');
      await page.keyboard.press('s');
      await page.keyboard.press('?');
      const ui = await dogear.ui(page);
      await expect
        .poll(async () => (await ui.query('[data-dogear-current] [data-dogear-ui]', 'button.save'))[0]?.text)
        .toBe('★ Saved');
      const { violations, passedOnDogear } = await runAxeOnDogear(ui);
      expect(passedOnDogear, 'axe looked inside the closed roots').toBeGreaterThan(20);
      expect(
        violations,
        `${served.url} ${width}px ${dark ? 'dark' : 'light'}: ${describeViolations(violations)}`,
      ).toEqual([]);
      await page.close();
    }
  }
});
