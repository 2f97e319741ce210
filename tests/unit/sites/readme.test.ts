/**
 * The README's "Supported pages" table against the adapter registry, both ways: every registered adapter has a row and
 * every row names a registered adapter; every page a row lists is one its adapter detects and its match patterns cover;
 * every match pattern and every page kind of the adapter shows up in its row. So the table cannot promise a page Dogear
 * ignores, nor leave out one it marks.
 *
 * The rows are prose, read with three rules: the first backticked page names the host; a later `/x` with one segment
 * replaces the last segment of that first page (`/recent` after `arxiv.org/list/<archive or category>/new`), a longer
 * one is a path from the host's root; a later `?q=` is a query added to every page listed before it. Placeholders are
 * filled from SAMPLES; one the test does not know fails it, so a new notation has to be added here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { SCHOLAR_HOSTS } from '../../../lib/sites/google-scholar/hosts.ts';
import { adapters, findAdapter } from '../../../lib/sites/registry.ts';

/** Hosts a row stands for without naming each: Scholar's country domains, written "every Google country domain". */
const COUNTRY_DOMAINS = new Map(SCHOLAR_HOSTS.map((host) => [host, 'scholar.google.com']));

const README = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');

/** The text from `## title` to the next `## ` heading. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README has no "## ${title}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

/** Placeholder → a value of that shape, most specific first. */
const SAMPLES: [string, string][] = [
  ['<archive or category>', 'cs.LG'],
  ['<archive>', 'cs'],
  ['<id>', '2401.12345'],
  ['YYYY-MM-DD', '2026-09-21'],
  ['YYYY-Www', '2026-W38'],
  ['YYYY-MM', '2026-09'],
  ['YYYY', '2026'],
  ['/catchup/…', '/catchup/cs.LG/2026-09-21'],
  ['advanced?…', 'advanced?terms-0-term=graph&terms-0-field=title'],
  ['?query=…', '?query=graph&searchtype=all'],
  ['?…', '?query=graph&searchtype=all'],
];

function fill(page: string): string {
  let filled = page;
  for (const [placeholder, sample] of SAMPLES) filled = filled.replaceAll(placeholder, sample);
  if (/[<>…]|YYYY/.test(filled)) throw new Error(`README page "${page}" has a placeholder this test does not know`);
  return filled;
}

/** The concrete URLs one row's "Pages" cell lists. */
function pagesOf(cell: string): string[] {
  const tokens = [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
  const [first, ...rest] = tokens;
  if (first === undefined || first.startsWith('/') || first.startsWith('?')) {
    throw new Error(`the row's first page must name its host: ${cell}`);
  }
  const base = new URL(`https://${fill(first)}`);
  const urls = [base.href];
  for (const token of rest) {
    if (token.startsWith('?')) {
      const query = token.endsWith('=') ? `${token}graph` : fill(token);
      urls.push(...urls.map((url) => `${url.split('?')[0]}${query}`));
    } else if (token.startsWith('/')) {
      const path = fill(token);
      const oneSegment = path.split('/').filter(Boolean).length === 1;
      const sibling = `${base.pathname.slice(0, base.pathname.lastIndexOf('/'))}${path}`;
      urls.push(new URL(oneSegment ? sibling : path, base.origin).href);
    } else {
      throw new Error(`page "${token}" is neither a path nor a query after the row's first page`);
    }
  }
  return urls;
}

const table = section('Supported pages');
const rows = [...table.matchAll(/^\| `([a-z0-9-]+)` \| (.+) \|$/gm)].map((match) => ({
  id: match[1] ?? '',
  pages: pagesOf(match[2] ?? ''),
}));

const covers = (patterns: readonly string[], url: string) =>
  patterns.some((pattern) => new MatchPattern(pattern).includes(url));

describe('README "Supported pages"', () => {
  it('has one row per registered adapter, and no other', () => {
    expect(rows.map((row) => row.id).sort()).toEqual(adapters.map((adapter) => adapter.id).sort());
  });

  describe.each(rows.map((row) => [row.id, row] as const))('%s', (id, row) => {
    const adapter = adapters.find((candidate) => candidate.id === id);
    if (adapter === undefined) throw new Error(`no adapter ${id}`);

    it.each(row.pages)('%s is detected by this adapter and covered by its match patterns', (url) => {
      expect(findAdapter(new URL(url))?.adapter.id).toBe(id);
      expect(covers(adapter.matches, url)).toBe(true);
    });

    it('lists a page for every match pattern of the adapter', () => {
      for (const pattern of adapter.matches) {
        const host = /^https?:\/\/([^/]+)/.exec(pattern)?.[1] ?? '';
        const listed = COUNTRY_DOMAINS.get(host);
        if (listed !== undefined) expect(table, pattern).toContain('every Google country domain');
        const checked = listed === undefined ? pattern : pattern.replace(host, listed);
        expect(
          row.pages.some((url) => new MatchPattern(checked).includes(url)),
          pattern,
        ).toBe(true);
      }
    });

    it('lists a page of every kind the adapter knows (its examples), and no other kind', () => {
      const listed = new Set(row.pages.map((url) => adapter.detect(new URL(url))));
      const known = new Set(adapter.examples.map((example) => example.kind));
      expect([...listed].sort()).toEqual([...known].sort());
    });
  });

  it('says which matched page is left alone, and it is', () => {
    const [, page] =
      /single Hugging Face paper page \(`([^`]+)`\) is matched by the manifest pattern but left alone/.exec(table) ?? [
        undefined,
        undefined,
      ];
    expect(page).toBeDefined();
    const url = new URL(fill(page ?? ''), 'https://huggingface.co').href;
    expect(
      covers(
        adapters.flatMap((adapter) => adapter.matches),
        url,
      ),
    ).toBe(true);
    expect(findAdapter(new URL(url))).toBeUndefined();
  });
});
