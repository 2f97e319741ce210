/**
 * What the library page's first render does not need, loaded on first use: the bulk writers (lib/db/library-repo.ts
 * brings the exporters' cite keys and the import merger) and announceChanged (the message schemas). Both pull in zod
 * and its schemas, about a third of the page's script; leaving them out of the first load lets the first rows show
 * sooner (tests/bench/library-page.ts). Site labels need no loading: lib/sites/labels.ts has no dependencies.
 */
import type { Snapshot } from '../../lib/db/library-repo.ts';

export type { Snapshot };

export const libraryRepo = () => import('../../lib/db/library-repo.ts');

export async function announceChanged(keys: readonly string[]): Promise<void> {
  const module = await import('../announce.ts');
  await module.announceChanged(keys);
}
