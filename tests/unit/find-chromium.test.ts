/** The test and demo commands' browser lookup (tests/support/browser.ts findChromium). */
import { describe, expect, it } from 'vitest';
import { findChromium } from '../support/browser.ts';

describe('findChromium', () => {
  it('takes DOGEAR_CHROMIUM when it exists, and nothing else when it does not', () => {
    expect(findChromium({ DOGEAR_CHROMIUM: '/opt/chrome/chrome' }, (path) => path === '/opt/chrome/chrome')).toBe('/opt/chrome/chrome');
    expect(findChromium({ DOGEAR_CHROMIUM: '/opt/missing' }, (path) => path === '/usr/bin/chromium')).toBeUndefined();
  });

  it("tries Debian's chromium, then chromium-browser, then Chrome", () => {
    expect(findChromium({}, (path) => path === '/usr/bin/chromium-browser' || path === '/usr/bin/google-chrome')).toBe('/usr/bin/chromium-browser');
    expect(findChromium({}, (path) => path === '/usr/bin/google-chrome')).toBe('/usr/bin/google-chrome');
  });

  it('finds none on a machine without a browser', () => {
    expect(findChromium({}, () => false)).toBeUndefined();
  });
});
