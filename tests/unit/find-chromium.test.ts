/** The test and demo commands' browser lookup (tests/support/browser.ts findChromium). */
import { describe, expect, it } from 'vitest';
import { findChromium, NO_CHROMIUM } from '../support/browser.ts';

describe('findChromium', () => {
  it('takes DOGEAR_CHROMIUM when it exists, and nothing else when it does not', () => {
    expect(findChromium({ DOGEAR_CHROMIUM: '/opt/chrome/chrome' }, (path) => path === '/opt/chrome/chrome')).toBe(
      '/opt/chrome/chrome',
    );
    expect(findChromium({ DOGEAR_CHROMIUM: '/opt/missing' }, (path) => path === '/usr/bin/chromium')).toBeUndefined();
  });

  it("tries Debian's chromium, then chromium-browser, then Chrome", () => {
    expect(findChromium({}, (path) => path === '/usr/bin/chromium-browser' || path === '/usr/bin/google-chrome')).toBe(
      '/usr/bin/chromium-browser',
    );
    expect(findChromium({}, (path) => path === '/usr/bin/google-chrome')).toBe('/usr/bin/google-chrome');
  });

  it('looks on PATH first, in the same order', () => {
    const installed = new Set(['/opt/tools/google-chrome', '/home/u/bin/chromium-browser', '/usr/bin/google-chrome']);
    const exists = (path: string) => installed.has(path);
    expect(findChromium({ PATH: '/opt/tools:/home/u/bin' }, exists)).toBe('/home/u/bin/chromium-browser');
    expect(findChromium({ PATH: '/opt/tools' }, exists)).toBe('/opt/tools/google-chrome');
    expect(findChromium({ PATH: '/elsewhere' }, exists)).toBe('/usr/bin/google-chrome');
  });

  it('finds none on a machine without a browser, and then says how to get one in one line', () => {
    expect(findChromium({ PATH: '/usr/bin:/bin' }, () => false)).toBeUndefined();
    expect(NO_CHROMIUM).not.toContain('\n');
    expect(NO_CHROMIUM).toContain('apt-get install chromium');
    expect(NO_CHROMIUM).toContain('npx playwright install chromium');
    expect(NO_CHROMIUM).toContain('DOGEAR_CHROMIUM');
  });
});
