/**
 * axe-core (npm, tests/e2e/axe.ts) on the popup and on every tab of the library page, from the built extension, in
 * light and dark: no serious or critical violation. The popup at its 380 px width, empty, with saved papers, and with a
 * row's note editor open and a search term it cannot read; the library page at 1280 and 390 px wide, with the Papers
 * tab showing a selection and a paper's detail, a duplicate pair on Duplicates, a chart on Activity, and the Import &
 * export and Settings panels. Every state is checked before the test fails, so one run lists every violation.
 *
 * DOGEAR_SHOTS=<dir> also writes a screenshot of each state there, for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Paper, Sighting } from '../../lib/paper/model.ts';
import { describeViolations, runAxe, type AxeViolation } from './axe.ts';
import { expect, test, type Dogear } from './fixtures.ts';
import { seed } from './seed.ts';

type Theme = 'light' | 'dark';
const THEMES: Theme[] = ['light', 'dark'];
const WIDTHS = [1280, 390];
const SHOTS = process.env.DOGEAR_SHOTS;
if (SHOTS !== undefined) mkdirSync(SHOTS, { recursive: true });

const DAY = 86_400_000;
const NOW = Date.now();

function paper(key: string, fields: Partial<Paper> & Pick<Paper, 'title' | 'authors'>): Paper {
  const arxivId = key.startsWith('arxiv:') ? key.slice(6) : undefined;
  return {
    key,
    ...(arxivId === undefined ? {} : { arxivId }),
    subjects: [],
    createdAt: NOW - 30 * DAY,
    updatedAt: NOW - 30 * DAY,
    ...fields,
  };
}

/** Every mark the pages show: saved, seen, new, opened, noted, updated, tagged; from both sites; a duplicate pair. */
const PAPERS: Paper[] = [
  paper('arxiv:2609.22268', {
    title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
    authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
    published: '2026-09-22',
    primaryCategory: 'cond-mat.mtrl-sci',
    firstSeenAt: NOW - 3 * DAY,
    lastSeenAt: NOW - DAY,
    savedAt: NOW - DAY,
    savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new' },
    openedAt: NOW - DAY,
    note: 'Compare the GPU runtimes with section 4.',
    tags: ['heat', 'to read'],
    latestVersion: 3,
    seenVersion: 2,
  }),
  paper('arxiv:2606.28322', {
    title: 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception',
    authors: ['Yana Wei', 'Hongbo Peng'],
    published: '2026-06-26',
    firstSeenAt: NOW - 10 * DAY,
    savedAt: NOW - 9 * DAY,
    savedFrom: { site: 'huggingface', url: 'https://huggingface.co/papers' },
    tags: ['evaluation'],
  }),
  paper('arxiv:2609.22287', {
    title: 'Predicting energy and structural response of materials',
    authors: ['Grace Hopper'],
    published: '2026-09-22',
    firstSeenAt: NOW - 2 * DAY,
    lastSeenAt: NOW - 2 * DAY,
  }),
  paper('arxiv:2609.31620', {
    title: 'FuseReg: Regularizing Layer Fusion in Representation Autoencoders',
    authors: ['Hongyang Du'],
  }),
  paper('arxiv:2305.11111', {
    title: 'Attention is all you need, again',
    authors: ['Ashish Vaswani', 'Noam Shazeer'],
    published: '2023-05-10',
    firstSeenAt: NOW - 20 * DAY,
    savedAt: NOW - 20 * DAY,
    savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' },
  }),
  paper('doi:10.5555/attention.again', {
    title: 'Attention Is All You Need — Again',
    authors: ['Ashish Vaswani'],
    published: '2024-02-01',
    firstSeenAt: NOW - 15 * DAY,
    note: 'Journal version.',
  }),
];

const SIGHTINGS: Sighting[] = [
  {
    id: 's1',
    paperKey: 'arxiv:2609.22268',
    site: 'arxiv-listing',
    url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    at: NOW - 3 * DAY,
  },
  { id: 's2', paperKey: 'arxiv:2609.22268', site: 'huggingface', url: 'https://huggingface.co/papers', at: NOW - DAY },
];

/**
 * Text of the small coloured elements (marks, chips, tags, links in rows) below 4.5:1 against the background they are
 * painted on, measured on the rendered page. axe leaves text it cannot place (on translated rows, for one) as
 * "incomplete" rather than failing it; this does not.
 */
async function lowContrast(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const channels = (colour: string): number[] => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]): number => {
      const linear = (value: number): number => {
        const v = value / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const backgroundOf = (element: Element | null): number[] => {
      for (let node = element; node; node = node.parentElement) {
        const colour = channels(getComputedStyle(node).backgroundColor);
        if ((colour[3] ?? 1) > 0) return colour;
      }
      return [255, 255, 255];
    };
    return Array.from(document.querySelectorAll(selector)).flatMap((element) => {
      if (element.getClientRects().length === 0) return [];
      const [a, b] = [luminance(channels(getComputedStyle(element).color)), luminance(backgroundOf(element))].sort(
        (x, y) => y - x,
      );
      const ratio = (a! + 0.05) / (b! + 0.05);
      return ratio < 4.5 ? [`${element.className} "${element.textContent}": ${ratio.toFixed(2)}:1`] : [];
    });
  }, selector);
}

/** Collected across every state, so one run reports them all; a state with none is left out. */
class Report {
  readonly failures: Record<string, string> = {};
  readonly counts: Record<string, number> = {};

  /** axe, plus the measured contrast of the elements `small` selects. */
  async check(page: Page, state: string, small?: string): Promise<void> {
    const violations: AxeViolation[] = await runAxe(page);
    const contrast = small === undefined ? [] : await lowContrast(page, small);
    this.counts[state] = violations.reduce((sum, violation) => sum + violation.nodes.length, 0) + contrast.length;
    const problems = [describeViolations(violations), ...contrast.map((line) => `contrast: ${line}`)].filter(Boolean);
    if (problems.length > 0) this.failures[state] = problems.join('\n');
    if (SHOTS !== undefined)
      await page.screenshot({ path: join(SHOTS, `${state.replaceAll(/[^\w-]+/g, '-')}.png`), fullPage: true });
  }
}

const POPUP_SMALL = '.paper .link, .paper .tag, .paper .noted, .paper .source, .paper time, .search-help';
const LIBRARY_SMALL = '.mark, .cell.authors, .cell.year, .cell.tags, .cell.date, .detail-marks, .hint, .tab';

async function openPopup(dogear: Dogear, theme: Theme): Promise<Page> {
  const page = await dogear.context.newPage();
  await page.emulateMedia({ colorScheme: theme });
  await page.setViewportSize({ width: 380, height: 600 });
  await page.goto(`chrome-extension://${dogear.extensionId}/popup.html`);
  await page.locator('main.popup:not([aria-busy])').waitFor();
  return page;
}

test('the popup has no serious or critical axe violation: empty, with saved papers, editing; light and dark', async ({
  dogear,
}) => {
  const report = new Report();
  for (const theme of THEMES) {
    const page = await openPopup(dogear, theme);
    await expect(page.locator('.empty')).toBeVisible();
    await report.check(page, `popup-empty-${theme}`);
    await page.close();
  }
  const seeding = await openPopup(dogear, 'light');
  await seed(seeding, PAPERS, SIGHTINGS);
  await seeding.close();
  for (const theme of THEMES) {
    const page = await openPopup(dogear, theme);
    await expect(page.locator('.paper')).toHaveCount(3);
    await page.keyboard.press('j'); // the current row, with its focus ring
    await report.check(page, `popup-saved-${theme}`, POPUP_SMALL);
    await page.keyboard.press('e');
    await expect(page.locator('.editor')).toBeVisible();
    await page.locator('.editor').getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('.status')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search saved papers' }).fill('y:abc');
    await expect(page.locator('.search-help.problem')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search saved papers' }).fill('');
    await page.locator('.paper').first().getByRole('button', { name: 'Note & tags' }).click();
    await expect(page.locator('.editor')).toBeVisible();
    await report.check(page, `popup-editing-${theme}`, POPUP_SMALL);
    await page.close();
  }
  expect(report.failures, JSON.stringify(report.counts)).toEqual({});
});

async function openLibraryTab(dogear: Dogear, hash: string, theme: Theme, width: number): Promise<Page> {
  const page = await dogear.context.newPage();
  await page.emulateMedia({ colorScheme: theme });
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`chrome-extension://${dogear.extensionId}/library.html#${hash}`);
  await page.locator('.library').waitFor();
  return page;
}

test('every library tab has no serious or critical axe violation, light and dark, 1280 and 390 px wide', async ({
  dogear,
}) => {
  test.setTimeout(180_000);
  const report = new Report();
  const seeding = await openLibraryTab(dogear, 'papers', 'light', 1280);
  await seeding.waitForFunction(async () =>
    (await indexedDB.databases()).some((db) => db.name === 'dogear' && (db.version ?? 0) >= 20),
  );
  await seed(seeding, PAPERS, SIGHTINGS, { reload: false });
  await seeding.close();

  for (const theme of THEMES) {
    for (const width of WIDTHS) {
      const at = `${theme}-${width}`;
      const page = await openLibraryTab(dogear, 'papers', theme, width);
      await expect(page.locator('.grid')).toHaveAttribute('data-count', String(PAPERS.length));
      // A selection (the bulk bar and a selected row), the keyboard's current row, then the detail of a paper.
      await page.locator('.rows .row[data-key="arxiv:2606.28322"] input[type="checkbox"]').click();
      await expect(page.locator('.bulk .selected-count')).toHaveText('1 paper selected');
      await page.locator('.grid').focus();
      await page.keyboard.press('ArrowDown');
      await report.check(page, `library-papers-${at}`, LIBRARY_SMALL);
      await page.locator('.rows .row[data-key="arxiv:2609.22268"] .cell.title').click();
      await expect(page.locator('ol.history li')).toHaveCount(SIGHTINGS.length);
      await report.check(page, `library-papers-detail-${at}`, LIBRARY_SMALL);

      await page.getByRole('link', { name: 'Duplicates' }).click();
      await expect(page.locator('.dup-group')).toHaveCount(1);
      await report.check(page, `library-duplicates-${at}`, '.hint, .reason, .dup-title');

      await page.getByRole('link', { name: 'Activity' }).click();
      await expect(page.locator('.panel.activity svg.chart')).toBeVisible();
      await page.locator('.activity-table summary').click(); // the table too
      await report.check(page, `library-activity-${at}`, '.summary, .legend, .activity-table td, .activity-table th');

      await page.getByRole('link', { name: 'Import & export' }).click();
      await expect(page.locator('section.panel.transfer[aria-busy="false"]')).toBeVisible();
      await expect(page.locator('select.export-tag option').first()).toBeAttached();
      await report.check(page, `library-transfer-${at}`);

      await page.getByRole('link', { name: 'Settings' }).click();
      await expect(page.locator('section.panel.settings[aria-busy="false"]')).toBeVisible();
      await expect(page.locator('.panel.settings').getByText('Uninstalling', { exact: false }).first()).toBeVisible();
      await report.check(page, `library-settings-${at}`);
      await page.close();
    }
  }
  expect(report.failures, JSON.stringify(report.counts)).toEqual({});
});
