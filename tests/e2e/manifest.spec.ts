/**
 * Least privilege and no remote code, checked on the built extension: the permissions it asks for, where its content
 * scripts run, the one page it exposes to listings, and that no file loads code from elsewhere.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { SCHOLAR_HOSTS } from '../../lib/sites/google-scholar/hosts.ts';
import { EXTENSION_DIR } from '../support/browser.ts';

/**
 * Google Scholar on every country domain: the host list is checked one by one in
 * tests/unit/sites/google-scholar.test.ts.
 */
const SCHOLAR_ORIGINS = SCHOLAR_HOSTS.map((host) => `https://${host}/*`);
/** The listing sites, in the adapters' order: written out, so a new host is added here on purpose. */
const LISTING_ORIGINS = [
  'https://huggingface.co/*',
  'https://arxiv.org/*',
  ...SCHOLAR_ORIGINS,
  'https://papers.cool/*',
  'https://pubmed.ncbi.nlm.nih.gov/*',
];

interface Manifest {
  manifest_version: number;
  commands?: Record<string, { suggested_key?: { default?: string }; description?: string }>;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  web_accessible_resources?: unknown[];
  content_security_policy?: { extension_pages?: string };
  content_scripts?: { matches: string[] }[];
  icons?: Record<string, string>;
  action?: { default_icon?: string | Record<string, string> };
}

const manifest = (): Manifest => JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Manifest;

test('the manifest asks for nothing beyond the listing pages', () => {
  const m = manifest();
  expect(m.manifest_version).toBe(3);
  // activeTab: generic mode on the one tab the user asks for, at that click or key press. alarms: sync's schedule
  // (it wakes the worker only while the user has sync on).
  expect(m.permissions ?? []).toEqual(['storage', 'unlimitedStorage', 'scripting', 'activeTab', 'alarms']);
  // Asked for at the click that opts in to automatic backups, never at install.
  expect(m.optional_permissions ?? []).toEqual(['downloads']);
  // Asked for one origin at a time, at the click on "Always on this site" or the one that sets sync up; nothing at
  // install.
  expect(m.optional_host_permissions ?? []).toEqual(['https://*/*', 'http://*/*']);
  expect(Object.keys(m.commands ?? {})).toEqual(['mark-papers']);
  // A test build's DOGEAR_TEST_HOSTS (the sync E2E's loopback server) never reaches a normal build.
  expect(m.host_permissions ?? []).toEqual(LISTING_ORIGINS);
  expect(m.web_accessible_resources ?? []).toEqual([
    { resources: ['note.html'], matches: ['https://*/*', 'http://*/*'], use_dynamic_url: true },
  ]);
  expect(m.content_security_policy?.extension_pages).toBe("script-src 'self'; object-src 'none'; base-uri 'none'");
  const matches = (m.content_scripts ?? []).flatMap((script) => script.matches).sort();
  expect(matches).toEqual(
    [
      'https://arxiv.org/catchup*',
      'https://arxiv.org/list/*',
      'https://arxiv.org/search/*',
      'https://huggingface.co/papers*',
      'https://papers.cool/arxiv/*',
      'https://papers.cool/venue/*',
      'https://pubmed.ncbi.nlm.nih.gov/*',
      ...SCHOLAR_HOSTS.flatMap((host) => [`https://${host}/citations*`, `https://${host}/scholar*`]),
    ].sort(),
  );
});

test('the bundle loads no remote code', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|html)$/.test(entry.name)) files.push(path);
    }
  };
  walk(EXTENSION_DIR);
  expect(files.length).toBeGreaterThan(2);
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    expect(code, `${file} loads a remote script`).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(code, `${file} imports a remote module`).not.toMatch(/import\s*\(\s*["']https?:/);
  }
});

/** SHA-256 of the scaffold's generic page icons (16, 32, 48, 128 px), which Dogear's own icon replaced. */
const GENERIC_ICONS = new Set([
  'fe1d0ce56e2460a64c31c81fc2f7102941983dc74e30b23cefc34957317d1c8c',
  '5d5c1c98455d58ab493adeb26132d552163395561b5cdeae9453aded39d4d4a4',
  '9179ddf64b5bcdd954af320f1695445107350233a75959b1739ffbf5b41c8684',
  'cd10349c0955dd435bcc90dab91d180df0ee2932843c61d42738fede85c8547a',
]);

test('every icon is a PNG of its declared size, drawn for Dogear (tests/tools/make-icons.ts)', () => {
  const m = manifest();
  // The toolbar takes these too: Chrome fills a missing action.default_icon from `icons`.
  const icons = { ...m.icons, ...(typeof m.action?.default_icon === 'object' ? m.action.default_icon : {}) };
  expect(Object.keys(m.icons ?? {}).sort((a, b) => Number(a) - Number(b))).toEqual(['16', '32', '48', '128']);
  for (const [size, path] of Object.entries(icons)) {
    const png = readFileSync(join(EXTENSION_DIR, path));
    // The signature, then the IHDR chunk: width and height as big-endian 32-bit integers at bytes 16 and 20.
    expect(png.subarray(0, 8).toString('hex'), path).toBe('89504e470d0a1a0a');
    expect(png.subarray(12, 16).toString('latin1'), path).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)], path).toEqual([Number(size), Number(size)]);
    // Colour type 6, RGBA: the page's outline sits on a transparent background on any toolbar.
    expect(png[25], `${path} colour type`).toBe(6);
    expect(GENERIC_ICONS.has(createHash('sha256').update(png).digest('hex')), `${path} is the generic icon`).toBe(
      false,
    );
  }
});
