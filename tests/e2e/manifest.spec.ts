/**
 * Least privilege and no remote code, checked on the built extension (reference/security-reliability-performance.md,
 * requirements 1–3).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { EXTENSION_DIR } from '../support/browser.ts';

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  web_accessible_resources?: unknown[];
  content_security_policy?: { extension_pages?: string };
  content_scripts?: { matches: string[] }[];
}

const manifest = (): Manifest => JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Manifest;

test('the manifest asks for nothing beyond the listing pages', () => {
  const m = manifest();
  expect(m.manifest_version).toBe(3);
  expect(m.permissions ?? []).toEqual(['storage', 'unlimitedStorage', 'scripting']);
  // Asked for at the click that opts in to automatic backups, never at install.
  expect(m.optional_permissions ?? []).toEqual(['downloads']);
  expect(m.host_permissions ?? []).toEqual(['https://huggingface.co/*', 'https://arxiv.org/*']);
  expect(m.web_accessible_resources ?? []).toEqual([
    { resources: ['note.html'], matches: ['https://huggingface.co/*', 'https://arxiv.org/*'], use_dynamic_url: true },
  ]);
  expect(m.content_security_policy?.extension_pages).toBe("script-src 'self'; object-src 'none'; base-uri 'none'");
  const matches = (m.content_scripts ?? []).flatMap((script) => script.matches).sort();
  expect(matches).toEqual([
    'https://arxiv.org/catchup*',
    'https://arxiv.org/list/*',
    'https://arxiv.org/search/*',
    'https://huggingface.co/papers*',
  ]);
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
