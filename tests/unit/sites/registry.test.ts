/**
 * Meta-test of the adapter registry: every site folder is registered under its own id, has a fixture-backed example,
 * recognises its own example URLs and nobody else's, and every example URL is covered by the adapter's match patterns,
 * as Chrome matches them. The patterns themselves are checked against a list written out here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { SCHOLAR_HOSTS } from '../../../lib/sites/google-scholar/hosts.ts';
import { SITE_LABELS, siteLabel } from '../../../lib/sites/labels.ts';
import { adapters, allMatchPatterns, findAdapter } from '../../../lib/sites/registry.ts';
import { fixturePath } from '../load-fixture.ts';

const SITES = join(import.meta.dirname, '../../../lib/sites');

/**
 * Chrome's matcher (extensions/common/url_pattern.cc `URLPattern::MatchesURL`): scheme and host exactly, then the
 * pattern's path, with `*` as a wildcard, against `GURL::PathForRequest()` = path + `?` + query (the fragment is never
 * matched). MDN documents the same for Firefox ("the URL path plus the URL query string").
 */
function chromeMatches(pattern: string, url: string): boolean {
  const parts = /^(https?|\*):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!parts) throw new Error(`unsupported pattern ${pattern}`);
  const [, scheme, host, path] = parts as unknown as [string, string, string, string];
  const target = new URL(url);
  const schemeOk = scheme === '*' ? ['http:', 'https:'].includes(target.protocol) : target.protocol === `${scheme}:`;
  const hostOk =
    host === '*' || target.hostname === host || (host.startsWith('*.') && target.hostname.endsWith(host.slice(1)));
  const escape = (piece: string) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const glob = new RegExp(`^${path.split('*').map(escape).join('.*')}$`);
  return schemeOk && hostOk && glob.test(target.pathname + target.search);
}

const allExamples = adapters.flatMap((adapter) =>
  adapter.examples.map((example) => ({ owner: adapter.id, ...example })),
);

describe('registry', () => {
  const folders = readdirSync(SITES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it('registers every folder under lib/sites/ exactly once, with adapter.id = folder name', () => {
    expect(folders.length).toBeGreaterThan(0);
    expect(adapters.map((adapter) => adapter.id).sort()).toEqual(folders);
  });

  it.each(folders)('lib/sites/%s has adapter.ts and selectors.ts', (folder) => {
    expect(existsSync(join(SITES, folder, 'adapter.ts'))).toBe(true);
    expect(existsSync(join(SITES, folder, 'selectors.ts'))).toBe(true);
  });

  it('has one label per registered adapter in lib/sites/labels.ts, the one the adapter shows', () => {
    expect(Object.keys(SITE_LABELS).sort()).toEqual(adapters.map((adapter) => adapter.id).sort());
    for (const adapter of adapters) expect(siteLabel(adapter.id), adapter.id).toBe(adapter.label);
    expect(siteLabel('manual')).toBe('manual');
    expect(siteLabel('toString')).toBe('toString');
    expect(siteLabel(undefined)).toBe('');
  });

  it('gives the content script exactly the listing patterns, each once', () => {
    // Written out by hand: a pattern added to an adapter must be added here too, on purpose (it widens where the
    // content script runs and what the install prompt asks for). The built manifest is checked the same way in
    // tests/e2e/manifest.spec.ts.
    expect(allMatchPatterns()).toEqual([
      'https://huggingface.co/papers*',
      'https://arxiv.org/list/*',
      'https://arxiv.org/catchup*',
      'https://arxiv.org/search/*',
      // Google Scholar: these two on every Scholar host (188, listed and checked one by one in
      // lib/sites/google-scholar/hosts.ts and tests/unit/sites/google-scholar.test.ts).
      ...SCHOLAR_HOSTS.flatMap((host) => [`https://${host}/scholar*`, `https://${host}/citations*`]),
      'https://papers.cool/arxiv/*',
      'https://papers.cool/venue/*',
      'https://pubmed.ncbi.nlm.nih.gov/*',
    ]);
    expect(allMatchPatterns().filter((pattern) => pattern.startsWith('https://scholar.google.'))).toHaveLength(376);
    for (const pattern of allMatchPatterns()) expect(() => new MatchPattern(pattern)).not.toThrow();
  });

  it('is what the content script runs on', () => {
    const script = readFileSync(join(import.meta.dirname, '../../../entrypoints/papers.content/index.ts'), 'utf8');
    expect(script).toMatch(/^\s*matches: allMatchPatterns\(\),$/m);
  });
});

describe.each(adapters.map((adapter) => [adapter.id, adapter] as const))('%s', (_id, adapter) => {
  it('has at least one example backed by a fixture, and every named fixture exists', () => {
    expect(adapter.examples.filter((example) => example.fixture !== undefined).length).toBeGreaterThan(0);
    for (const example of adapter.examples) {
      if (example.fixture !== undefined) expect(existsSync(fixturePath(example.fixture)), example.fixture).toBe(true);
    }
  });

  it.each(adapter.examples.map((example) => [example.url, example.kind]))('detects %s as %s', (url, kind) => {
    expect(adapter.detect(new URL(url))).toBe(kind);
    expect(findAdapter(new URL(url))).toEqual({ adapter, kind });
  });

  it.each(allExamples.filter((example) => example.owner !== adapter.id).map((example) => [example.url, example.owner]))(
    'does not claim %s (an example of %s)',
    (url) => {
      expect(adapter.detect(new URL(url))).toBeUndefined();
    },
  );

  it.each(adapter.examples.map((example) => [example.url]))('%s is covered by its match patterns', (url) => {
    expect(adapter.matches.some((pattern) => chromeMatches(pattern, url))).toBe(true);
    // WXT's MatchPattern (used for `wxt:locationchange` checks) matches the path without the query; it agrees here.
    expect(adapter.matches.some((pattern) => new MatchPattern(pattern).includes(url))).toBe(true);
  });
});

describe('match patterns, as Chrome applies them to arXiv search', () => {
  it.each([
    ['https://arxiv.org/search/*', 'https://arxiv.org/search/?query=x&searchtype=all', true],
    ['https://arxiv.org/search/*', 'https://arxiv.org/search/advanced?terms-0-term=x', true],
    ['https://arxiv.org/search/*', 'https://arxiv.org/search/cs?query=x', true],
    ['https://arxiv.org/search/*', 'https://arxiv.org/search?query=x', false],
    ['https://huggingface.co/papers*', 'https://huggingface.co/papers?q=x', true],
    ['https://huggingface.co/papers', 'https://huggingface.co/papers?q=x', false],
    ['https://arxiv.org/catchup*', 'https://arxiv.org/catchup/cs/2026-09-21?abs=True', true],
  ])('%s on %s → %s', (pattern, url, expected) => {
    expect(chromeMatches(pattern, url)).toBe(expected);
  });
});
