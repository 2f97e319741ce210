/**
 * The counts written in each lib/sites/<id>/selectors.ts, checked on the fixtures they name. Every selector's comment
 * ends with `Counts: <fixture> <n>, …` for every fixture the file's header lists as `- `<fixture>`: <path>`, so a
 * comment cannot go on claiming a number the captured page does not have, and a selector that stops matching a capture
 * fails here before it fails in an adapter test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.ts';

const SITES = join(import.meta.dirname, '../../../lib/sites');

/**
 * Exports that are not CSS selectors, and the elements their count is about: the arXiv `dt` links found by `title`, and
 * the announcement `h3`s of the page body outside every entry list.
 */
const COUNTERS: Record<string, (doc: Document, value: string) => number> = {
  'arxiv-listing.abstractLinkTitle': (doc, title) => doc.querySelectorAll(`dt a[title="${title}"]`).length,
  'arxiv-listing.htmlLinkTitle': (doc, title) => doc.querySelectorAll(`dt a[title="${title}"]`).length,
  'arxiv-listing.pageId': (doc, id) =>
    Array.from(doc.querySelectorAll(`#${id} h3`)).filter((h3) => h3.closest('dl') === null).length,
};

interface Claim {
  name: string;
  value: string;
  counts: Map<string, number>;
}

/** The fixtures a selectors.ts header names, by the short name its counts use. */
function fixturesOf(source: string): Map<string, string> {
  const header = source.slice(0, source.indexOf('*/'));
  return new Map([...header.matchAll(/^ \* - `(\w+)`: tests\/fixtures\/(\S+\.html)/gm)].map((m) => [m[1]!, m[2]!]));
}

/** Every `export const name = '…'` with the counts its JSDoc ends with (none when the comment has no Counts). */
function claimsOf(source: string): Claim[] {
  return [...source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export const (\w+) = '([^']*)';/g)].map((match) => {
    const comment = (match[1] ?? '').replace(/^\s*\*/gm, ' ').replace(/\s+/g, ' ');
    const counts = /Counts(?: \([^)]*\))?: ((?:\w+ \d+(?:, )?)+)/.exec(comment)?.[1] ?? '';
    return {
      name: match[2] ?? '',
      value: match[3] ?? '',
      counts: new Map(
        counts
          .split(', ')
          .filter(Boolean)
          .map((pair) => {
            const [fixture, count] = pair.split(' ');
            return [fixture ?? '', Number(count)] as const;
          }),
      ),
    };
  });
}

const sites = readdirSync(SITES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe.each(sites)('lib/sites/%s/selectors.ts', (site) => {
  const source = readFileSync(join(SITES, site, 'selectors.ts'), 'utf8');
  const fixtures = fixturesOf(source);
  const claims = claimsOf(source);
  const exported = [...source.matchAll(/^export const (\w+)/gm)].map((match) => match[1]);

  it('names its fixtures and gives every selector a count on each of them', () => {
    expect(fixtures.size).toBeGreaterThan(0);
    expect(claims.map((claim) => claim.name)).toEqual(exported);
    for (const claim of claims)
      expect([...claim.counts.keys()].sort(), claim.name).toEqual([...fixtures.keys()].sort());
  });

  describe.each([...fixtures])('on %s (tests/fixtures/%s)', (fixture, path) => {
    const { doc } = loadFixture(path, 'https://example.org/');

    it.each(claims.map((claim) => [claim.name, claim] as const))('%s', (name, claim) => {
      const counter = COUNTERS[`${site}.${name}`];
      const count = counter ? counter(doc, claim.value) : doc.querySelectorAll(claim.value).length;
      expect(count).toBe(claim.counts.get(fixture));
    });
  });
});
