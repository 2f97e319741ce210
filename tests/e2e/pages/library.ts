/**
 * The library page (library.html) as a test drives it: open it at a tab, seed it (tests/e2e/seed.ts), search, read the
 * rows, open a paper, and wait until its live mirror listens (from then on a change made anywhere shows here).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Paper, Sighting } from '../../../lib/paper/model.ts';
import type { Dogear } from '../fixtures.ts';
import { seed, waitForSchema } from '../seed.ts';

export type LibraryTab = 'papers' | 'duplicates' | 'activity' | 'transfer' | 'settings';

export class LibraryPage {
  constructor(readonly page: Page) {}

  /** Opens library.html at `tab` in a new tab of the browser and waits until its database is open. */
  static async open(dogear: Dogear, tab: LibraryTab = 'papers'): Promise<LibraryPage> {
    const page = await dogear.context.newPage();
    await page.goto(`chrome-extension://${dogear.extensionId}/library.html#${tab}`);
    await page.locator('.library').waitFor();
    await waitForSchema(page);
    return new LibraryPage(page);
  }

  /** Opens the library, writes `papers` and `sightings` (raw IndexedDB), and reloads until every paper is shown. */
  static async seeded(
    dogear: Dogear,
    papers: readonly Paper[],
    sightings: readonly Sighting[] = [],
    tab: LibraryTab = 'papers',
  ): Promise<LibraryPage> {
    const library = await LibraryPage.open(dogear, tab);
    await seed(library.page, papers, sightings);
    if (tab === 'papers') await expect(library.grid).toHaveAttribute('data-count', String(papers.length));
    return library;
  }

  /** Waits until the page follows changes made anywhere (its papers mirror listens). */
  async live(): Promise<void> {
    await this.page.locator('html[data-dogear-live]').waitFor({ state: 'attached' });
  }

  get grid(): Locator {
    return this.page.getByRole('grid', { name: 'Papers' });
  }

  get rows(): Locator {
    return this.page.locator('.rows .row');
  }

  row(key: string): Locator {
    return this.page.locator(`.rows .row[data-key="${key}"]`);
  }

  /** "8 papers of 8", or the loading line. */
  get summary(): Locator {
    return this.page.locator('.panel.papers .summary');
  }

  get detail(): Locator {
    return this.page.getByRole('complementary', { name: 'Paper details' });
  }

  /** The bar at the bottom: what the last action did, and its Undo. */
  get outcome(): Locator {
    return this.page.locator('.outcome-message');
  }

  tab(name: string): Locator {
    return this.page.getByRole('link', { name });
  }

  /** Types a search and waits until the table shows its results. */
  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search the library' }).fill(text);
    await expect(this.grid).toHaveAttribute('data-query', text);
  }

  /** The keys of the rendered rows, top to bottom. */
  async shownKeys(): Promise<string[]> {
    return this.rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-key') ?? ''));
  }

  /** Opens a paper's detail panel by clicking its row. */
  async openPaper(key: string): Promise<Locator> {
    await this.row(key).locator('.cell.title').click();
    await expect(this.detail).toHaveAttribute('data-key', key);
    return this.detail;
  }
}
