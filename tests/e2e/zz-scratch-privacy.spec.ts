import type { Frame, Page } from '@playwright/test';
import { PAGES } from '../support/browser.ts';
import { expect, test } from './fixtures.ts';
test.use({ served: { pages: [PAGES.arxivNew] } });
async function noteFrame(page: Page, previous?: Frame): Promise<Frame> {
  const open = (): Frame | undefined =>
    page.frames().find((frame) => frame.url().includes('/note.html') && !frame.isDetached() && frame !== previous);
  await expect.poll(() => open() !== undefined).toBe(true);
  const frame = open()!;
  await frame.locator('.note-editor').waitFor();
  return frame;
}
for (const withUi of [false, true]) test(`focus ${withUi}`, async ({ dogear }) => {
  if (withUi) { await expect.poll(() => dogear.context.pages().some((p) => p.url().includes('welcome'))).toBe(true); for (const p of dogear.context.pages()) if (p.url().includes('welcome')) await p.close(); }
  const page = await dogear.open(PAGES.arxivNew);
  
  await page.keyboard.press('j');
  await page.keyboard.press('n');
  const first = await noteFrame(page);
  await page.waitForTimeout(1000);
  console.log('DEBUG1', withUi, await first.evaluate(() => [document.activeElement?.outerHTML.slice(0, 30), document.hasFocus()]));
  await first.getByRole('textbox', { name: 'Note (Markdown)' }).fill('x');
  await first.getByRole('textbox', { name: 'Note (Markdown)' }).press('Control+Enter');
  await expect(page.locator('[data-dogear-note-host]')).toHaveCount(0);
  await page.keyboard.press('t');
  const frame = await noteFrame(page, first);
  await page.waitForTimeout(1000);
  await page.keyboard.type('abc');
  console.log('TYPED', await frame.locator('input[name=tags]').inputValue());
  console.log('DEBUG', withUi, await frame.evaluate(() => [document.activeElement?.outerHTML.slice(0, 30), document.hasFocus()]));
});
