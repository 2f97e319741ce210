/**
 * Rasterizes Dogear's icon (tests/tools/icon.svg, and icon-small.svg for the toolbar's 16 and 32 px) into
 * public/icon/<size>.png, where WXT finds them for the manifest's `icons`. Chromium draws the SVG at each size on a
 * transparent background, so what ships is exactly what the browser renders.
 *
 * npx jiti tests/tools/make-icons.ts # writes public/icon/{16,32,48,128}.png npx jiti tests/tools/make-icons.ts
 * --preview x.png # also a sheet: every size at 1x and enlarged, light and dark
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, REPO } from '../support/browser.ts';

const SIZES = [16, 32, 48, 128] as const;
/** Below this size the detailed drawing turns to mush; the small one has thicker strokes and no text lines. */
const SMALL_UP_TO = 32;
const TOOLS = join(REPO, 'tests/tools');
const ICONS = join(REPO, 'public/icon');

function svgFor(size: number): string {
  return readFileSync(join(TOOLS, size <= SMALL_UP_TO ? 'icon-small.svg' : 'icon.svg'), 'utf8');
}

async function render(page: Page, size: number): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const svg = svgFor(size).replace('<svg ', `<svg width="${size}" height="${size}" style="display:block" `);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** Every size at 1x and at 4x (pixelated), on a light and a dark toolbar-like background, for a person to look at. */
async function preview(page: Page, path: string): Promise<void> {
  const cell = (size: number, scale: number): string => {
    const data = readFileSync(join(ICONS, `${size}.png`)).toString('base64');
    const side = size * scale;
    const style = 'image-rendering:pixelated';
    return `<img src="data:image/png;base64,${data}" width="${side}" height="${side}" style="${style}">`;
  };
  const row = (background: string): string =>
    `<div style="display:flex;gap:16px;align-items:end;padding:16px;background:${background}">` +
    SIZES.map((size) => cell(size, 1)).join('') +
    SIZES.filter((size) => size <= 48)
      .map((size) => cell(size, size === 48 ? 2 : 128 / size))
      .join('') +
    '</div>';
  await page.setViewportSize({ width: 900, height: 400 });
  // Chrome's light toolbar, white, Chrome's dark toolbar, the dark page background of Dogear's palette.
  const rows = ['#f1f3f4', '#ffffff', '#35363a', '#0b0f19'].map(row).join('');
  await page.setContent(`<body style="margin:0">${rows}</body>`);
  await page.screenshot({ path, fullPage: true });
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of SIZES) {
    const file = join(ICONS, `${size}.png`);
    writeFileSync(file, await render(page, size));
    console.log(`${file}  ${size}×${size}`);
  }
  const previewAt = process.argv.indexOf('--preview');
  const previewPath = previewAt === -1 ? undefined : process.argv[previewAt + 1];
  if (previewPath !== undefined) {
    await preview(page, previewPath);
    console.log(`preview: ${previewPath}`);
  }
} finally {
  await browser.close();
}
