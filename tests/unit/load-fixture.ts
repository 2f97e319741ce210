/**
 * Loads a captured page from tests/fixtures/ into jsdom under the URL it is served at, for adapter tests. Scripts are
 * not run (jsdom's default), as for a page whose scripts have not touched the listing yet.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';

export const FIXTURES = join(import.meta.dirname, '../fixtures');

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

/** The raw bytes of a fixture as text. Throws when the file is missing, so no test passes without its fixture. */
export function readFixture(name: string): string {
  const path = fixturePath(name);
  if (!existsSync(path)) throw new Error(`fixture missing: tests/fixtures/${name}`);
  return readFileSync(path, 'utf8');
}

export interface LoadedPage {
  doc: Document;
  url: URL;
  window: JSDOM['window'];
}

/** A fixture parsed as an HTML document at `url`. */
export function loadFixture(name: string, url: string): LoadedPage {
  const dom = new JSDOM(readFixture(name), { url });
  return { doc: dom.window.document, url: new URL(url), window: dom.window };
}

/** What the adapter tests compare with `toEqual`: the storable part of an entry plus its listing extras. */
export function entryRecord(entry: { paper: unknown; section?: unknown; upvotes?: unknown } | undefined): {
  paper: unknown;
  section: unknown;
  upvotes: unknown;
} {
  return { paper: entry?.paper, section: entry?.section, upvotes: entry?.upvotes };
}
