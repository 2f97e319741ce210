/**
 * The site adapters, in the order they are tried. An explicit list (no glob import) so the build sees exactly what
 * ships; tests/unit/sites/registry.test.ts checks that every folder under lib/sites/ is listed here. Side-effect free:
 * the content script imports this at build time to read `matches` (WXT entrypoint loaders).
 */
import { adapter as arxivListing } from './arxiv-listing/adapter.ts';
import { adapter as arxivSearch } from './arxiv-search/adapter.ts';
import { adapter as googleScholar } from './google-scholar/adapter.ts';
import { adapter as huggingface } from './huggingface/adapter.ts';
import { adapter as papersCool } from './papers-cool/adapter.ts';
import { adapter as pubmed } from './pubmed/adapter.ts';
import type { SiteAdapter } from './types.ts';

export const adapters: readonly SiteAdapter[] = [
  huggingface,
  arxivListing,
  arxivSearch,
  googleScholar,
  papersCool,
  pubmed,
];

/** The adapter whose detector recognises `url` as a listing, with the listing kind. */
export function findAdapter(url: URL): { adapter: SiteAdapter; kind: string } | undefined {
  for (const adapter of adapters) {
    const kind = adapter.detect(url);
    if (kind !== undefined) return { adapter, kind };
  }
  return undefined;
}

/** Every adapter's match patterns, without duplicates: the content script's `matches`. */
export function allMatchPatterns(): string[] {
  return [...new Set(adapters.flatMap((adapter) => adapter.matches))];
}
