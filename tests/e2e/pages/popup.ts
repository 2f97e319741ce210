/**
 * The popup as a page object: the selectors and waits every popup test needs, in one place, so a change of markup is
 * one change here. The popup is opened as a tab (chrome-extension://<id>/popup.html) at its own 380 px width.
 */
import type { Locator, Page } from '@playwright/test';
import type { Paper } from '../../../lib/paper/model.ts';
import type { Dogear } from '../fixtures.ts';
import { dump } from '../seed.ts';

/** The popup's width (entrypoints/popup/style.css) and the most Chrome gives a popup in height. */
export const POPUP_SIZE = { width: 380, height: 600 };

export class PopupPage {
  constructor(readonly page: Page) {}

  /** Opens the popup in a new tab of `dogear`'s browser, sized as a popup, and waits until its library has loaded. */
  static async open(
    dogear: Dogear,
    options: { colorScheme?: 'light' | 'dark'; width?: number } = {},
  ): Promise<PopupPage> {
    const page = await dogear.context.newPage();
    await page.setViewportSize({ width: options.width ?? POPUP_SIZE.width, height: POPUP_SIZE.height });
    if (options.colorScheme !== undefined) await page.emulateMedia({ colorScheme: options.colorScheme });
    const popup = new PopupPage(page);
    await page.goto(`chrome-extension://${dogear.extensionId}/popup.html`);
    // A popup is always the window's visible page (the welcome tab opened at install would otherwise be in front).
    await page.bringToFront();
    await popup.loaded();
    return popup;
  }

  /** Waits until the whole library is loaded and indexed (`aria-busy` gone). */
  async loaded(): Promise<void> {
    await this.page.locator('main.popup:not([aria-busy])').waitFor();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.loaded();
  }

  get main(): Locator {
    return this.page.locator('main.popup');
  }

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search saved papers' });
  }

  get searchHelp(): Locator {
    return this.page.locator('#search-help');
  }

  /** The list (an ARIA grid); absent when nothing matches. */
  get grid(): Locator {
    return this.page.getByRole('grid');
  }

  /** The rendered rows (only those near the viewport: the list is windowed). */
  get rows(): Locator {
    return this.page.locator('.paper[role="row"]');
  }

  row(key: string): Locator {
    return this.page.locator(`.paper[role="row"][data-key="${key}"]`);
  }

  /** The current row (the one in the Tab order). */
  get current(): Locator {
    return this.page.locator('.paper[role="row"].current');
  }

  /** The keys of the rendered rows, top to bottom. */
  keys(): Promise<(string | null)[]> {
    return this.rows.evaluateAll((rows) =>
      rows
        .map((row) => ({ key: row.getAttribute('data-key'), index: Number(row.getAttribute('data-index')) }))
        .sort((a, b) => a.index - b.index)
        .map((row) => row.key),
    );
  }

  /** A filter or sort menu: Show, Tag, Site, Sort. */
  menu(name: 'Show' | 'Tag' | 'Site' | 'Sort'): Locator {
    return this.page.getByRole('combobox', { name });
  }

  get count(): Locator {
    return this.page.locator('.count');
  }

  get status(): Locator {
    return this.page.locator('p.status');
  }

  get empty(): Locator {
    return this.page.locator('.empty');
  }

  get undoBar(): Locator {
    return this.page.locator('.undo');
  }

  /** The note panel (a modal dialog over the popup). */
  get notePanel(): Locator {
    return this.page.getByRole('dialog', { name: 'Note and tags' });
  }

  get noteField(): Locator {
    return this.notePanel.getByRole('textbox', { name: 'Note (Markdown)' });
  }

  get tagsField(): Locator {
    return this.notePanel.getByRole('textbox', { name: 'Tags (comma-separated)' });
  }

  /** Opens the note panel of `key` with its row's button. */
  async openNote(key: string): Promise<void> {
    await this.row(key).getByRole('button', { name: 'Note & tags' }).click();
    await this.notePanel.waitFor();
  }

  /** Types into the note panel's fields and saves with its button; waits for the panel to close. */
  async saveNote(fields: { note?: string; tags?: string }): Promise<void> {
    if (fields.note !== undefined) await this.noteField.fill(fields.note);
    if (fields.tags !== undefined) await this.tagsField.fill(fields.tags);
    await this.notePanel.getByRole('button', { name: 'Save', exact: true }).click();
    await this.notePanel.waitFor({ state: 'detached' });
  }

  /** A paper's record as stored (tests/e2e/seed.ts dump: raw IndexedDB, its row-state field checked). */
  async stored(key: string): Promise<Paper | undefined> {
    return (await dump(this.page)).papers.find((paper) => paper.key === key);
  }

  clipboard(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }
}
