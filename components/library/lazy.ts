/**
 * What the library page's first render does not need, loaded on first use: the actions (lib/app/actions.ts brings the
 * bulk writers, the BibTeX writer, the message schemas and with them zod, about a third of the page's script). Leaving
 * them out of the first load lets the first rows show sooner (tests/bench/library-page.ts).
 */
export type { Outcome, Snapshot } from '../../lib/app/actions.ts';

export type Actions = typeof import('../../lib/app/actions.ts');

export const actions = (): Promise<Actions> => import('../../lib/app/actions.ts');
