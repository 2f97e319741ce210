/**
 * The first-run page, from the built extension: it explains the marks with the listing's own colours, lists the keys
 * the page bar lists, points at the library and its backups, sends "Try it" to the two listings the demo serves, and
 * passes axe-core with no serious or critical violation in light and dark, wide and phone-narrow.
 *
 * DOGEAR_SHOTS=<dir> also writes a full-page screenshot per theme and width there, for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { MARKS, type MarkKind, type Theme } from '../../components/marks.ts';
import { KEYS } from '../../components/keys.ts';
import { PAGES, waitForAnnotations } from '../support/browser.ts';
import { runAxe } from './axe.ts';
import { expect, test, type Dogear } from './fixtures.ts';

const THEMES: Theme[] = ['light', 'dark'];
const WIDTHS = [1280, 390];
/** The page backgrounds the palette's 3:1 for bars is promised against (components/marks.ts). */
const PAGE_BACKGROUND: Record<Theme, string> = { light: 'rgb(255, 255, 255)', dark: 'rgb(11, 15, 25)' };

async function openWelcome(dogear: Dogear, theme: Theme = 'light', width = 1280): Promise<Page> {
  const page = await dogear.context.newPage();
  await page.emulateMedia({ colorScheme: theme });
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`chrome-extension://${dogear.extensionId}/welcome.html`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

/** `rgb(r, g, b)` as computed styles give it, from a `#rrggbb` palette value. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** WCAG 2 contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string): number => {
    const [r = 0, g = 0, bl = 0] = (colour.match(/\d+/g) ?? []).map((value) => {
      const s = Number(value) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

test('the welcome page has its sections, under a banner, a page navigation and main', async ({ dogear }) => {
  const page = await openWelcome(dogear);
  await expect(page).toHaveTitle('Welcome to Dogear');
  await expect(page.getByRole('banner').getByRole('heading', { level: 1 })).toHaveText('Welcome to Dogear');
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText([
    'What the marks mean',
    'Keys',
    'The page bar',
    'Where your library lives',
    'Nothing leaves this browser',
    'Try it',
  ]);
  // Every entry of the page navigation lands on a section of main.
  const navigation = page.getByRole('navigation', { name: 'On this page' });
  for (const link of await navigation.getByRole('link').all()) {
    const target = (await link.getAttribute('href')) ?? '';
    await expect(page.getByRole('main').locator(`section${target}`), target).toHaveCount(1);
  }
  // The page bar's actions, each named as the bar names them.
  const bar = page.locator('#page-bar');
  for (const words of ['Mark all seen', 'Save N new', 'Save selected', 'Undo', 'only new', 'hide seen']) {
    await expect(bar, words).toContainText(words);
  }
  await expect(page.locator('#privacy')).toContainText('No account and no server');
  await expect(page.locator('#library')).toContainText('Uninstalling Dogear deletes the library');
  // No text as images: the one image is the icon, and it is decoration.
  await expect(page.locator('img')).toHaveCount(1);
  await expect(page.locator('img')).toHaveAttribute('alt', '');
});

test('the marks are shown in the listing palette, in light and dark', async ({ dogear }) => {
  /** Each term as read out (its chip, without glyphs or the chips shown beside it), its bar and its chip. */
  const samples: [string, MarkKind, MarkKind][] = [
    ['New', 'new', 'new'],
    ['Seen', 'seen', 'seen'],
    ['Saved', 'saved', 'saved'],
    ['Noted', 'noted', 'noted'],
    ['New version', 'updated', 'updated'],
    ['Opened', 'seen', 'opened'],
  ];
  for (const theme of THEMES) {
    const page = await openWelcome(dogear, theme);
    const marks = page.locator('.marks .mark');
    await expect(marks).toHaveCount(samples.length);
    const spoken = await marks.locator('dt').evaluateAll((terms) =>
      terms.map((term) => {
        const copy = term.cloneNode(true) as Element;
        for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
        return copy.textContent?.trim();
      }),
    );
    expect(spoken).toEqual(samples.map(([name]) => name));
    for (const [index, [name, bar, chipKind]] of samples.entries()) {
      const sample = marks.nth(index).locator('.sample');
      const [barColour, barWidth, background] = await sample.evaluate((element) => {
        const style = getComputedStyle(element);
        return [
          style.borderLeftColor,
          style.borderLeftWidth,
          getComputedStyle(document.documentElement).backgroundColor,
        ];
      });
      expect(background, theme).toBe(PAGE_BACKGROUND[theme]);
      expect(barColour, `${theme} ${name} bar`).toBe(rgb(MARKS[theme][bar].bar));
      expect(contrast(barColour, background), `${theme} ${name} bar against the page`).toBeGreaterThanOrEqual(3);
      // The seen bar is the thin one.
      expect(barWidth, `${theme} ${name} bar width`).toBe(bar === 'seen' ? '2px' : '4px');
      const chip = sample.locator(`.chip-${chipKind}`);
      await expect(chip).toContainText(name);
      const [chipBackground, chipText] = await chip.evaluate((element) => {
        const style = getComputedStyle(element);
        return [style.backgroundColor, style.color];
      });
      expect(chipBackground, `${theme} ${name} chip`).toBe(rgb(MARKS[theme][chipKind].chip));
      expect(chipText, `${theme} ${name} chip text`).toBe(rgb(MARKS[theme][chipKind].chipText));
      expect(contrast(chipText, chipBackground), `${theme} ${name} chip text`).toBeGreaterThanOrEqual(4.5);
    }
    await page.close();
  }
});

test('the keys are the page bar’s keys', async ({ dogear }) => {
  const page = await openWelcome(dogear);
  const rows = page.locator('#keys dl.keys > div');
  const shown = await rows.evaluateAll((items) =>
    items.map((item) => [item.querySelector('dt kbd')?.textContent ?? '', item.querySelector('dd')?.textContent ?? '']),
  );
  expect(shown).toEqual(KEYS.map(([key, action]) => [key, action]));
});

test.describe('links', () => {
  test.use({ served: { pages: [PAGES.hfDaily, PAGES.arxivNew] } });

  test('"Try it" opens the two listings the demo serves, and Dogear annotates them', async ({ dogear }) => {
    const page = await openWelcome(dogear);
    const links = page.locator('#try').getByRole('link');
    await expect(links).toHaveCount(2);
    // The addresses the demo serves its bundled captures at (tests/support/browser.ts PAGES), and say so in text.
    expect(await links.evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href))).toEqual([
      PAGES.hfDaily.url,
      PAGES.arxivNew.url,
    ]);
    for (const [index, served] of [PAGES.hfDaily, PAGES.arxivNew].entries()) {
      await expect(page.locator('#try .url').nth(index)).toHaveText(served.url);
    }
    await expect(page.locator('#try')).toContainText('npm run demo');
    await expect(page.locator('#try')).toContainText('live sites');
    for (const [index, served] of [PAGES.hfDaily, PAGES.arxivNew].entries()) {
      await links.nth(index).click();
      await page.waitForURL(served.url);
      const { entries } = await waitForAnnotations(page);
      expect(entries, served.url).toBeGreaterThan(0);
      await page.goBack();
    }
  });

  test('the library links open the library page, and its settings for backups', async ({ dogear }) => {
    const page = await openWelcome(dogear);
    const library = page.locator('#library');
    const base = `chrome-extension://${dogear.extensionId}`;
    await expect(library.getByRole('link', { name: 'the library', exact: true })).toHaveJSProperty(
      'href',
      `${base}/library.html`,
    );
    await library.getByRole('link', { name: "the library's settings" }).click();
    await page.waitForURL(`${base}/library.html#settings`);
    await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
  });
});

test('axe-core finds no serious or critical violation, in light and dark, at 1280 and 390 px', async ({ dogear }) => {
  const shots = process.env.DOGEAR_SHOTS;
  if (shots !== undefined) mkdirSync(shots, { recursive: true });
  for (const theme of THEMES) {
    for (const width of WIDTHS) {
      const page = await openWelcome(dogear, theme, width);
      expect(await runAxe(page), `${theme}, ${width} px`).toEqual([]);
      // Readable at this width: nothing runs off the side.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${theme}, ${width} px: horizontal overflow`).toBeLessThanOrEqual(0);
      if (shots !== undefined)
        await page.screenshot({ path: join(shots, `welcome-${theme}-${width}.png`), fullPage: true });
      await page.close();
    }
  }
});
