/**
 * What the library page's first render does not need, loaded on first use: the bulk writers (lib/db/library-repo.ts
 * brings the exporters' cite keys and the import merger), announceChanged (the message schemas) and the site registry
 * (the adapters). All three pull in zod and its schemas, about a third of the page's script; leaving them out of the
 * first load lets the first rows show sooner (tests/bench/library-page.ts).
 */
import type { Snapshot } from '../../lib/db/library-repo.ts';

export type { Snapshot };

export const libraryRepo = () => import('../../lib/db/library-repo.ts');

export async function announceChanged(keys: readonly string[]): Promise<void> {
  const module = await import('../announce.ts');
  await module.announceChanged(keys);
}

let labels: ReadonlyMap<string, string> | undefined;
let loading: Promise<void> | undefined;

/** Loads the adapters' labels once; siteLabel answers with them from then on. */
export function loadSiteLabels(): Promise<void> {
  loading ??= import('../../lib/sites/registry.ts').then(({ adapters }) => {
    labels = new Map(adapters.map((adapter) => [adapter.id, adapter.label]));
  });
  return loading;
}

/** The adapter's label for a site id ("arXiv listings"); the id itself until the labels are loaded, or when unknown. */
export function siteLabel(site: string): string {
  return labels?.get(site) ?? site;
}
