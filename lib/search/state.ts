/**
 * The states the library's filters offer, as one bit each, so a filter over 100,000 papers is one mask test per paper
 * (buildIndex stores the bits in a Uint8Array).
 *
 * Not the only layout: lib/db/state-index.ts encodes a smaller set of flags (saved, seen, opened, noted) differently
 * for the listing lookups' IndexedDB index. The two are to become one paper state; until then, this file is the only
 * place in lib/search that knows this layout.
 */
import type { Paper } from '../paper/model.ts';

export type StateFilter = 'saved' | 'unsaved' | 'seen' | 'opened' | 'noted' | 'tagged' | 'updated';

const STATE_BITS: Record<StateFilter, number> = {
  saved: 1,
  unsaved: 2,
  seen: 4,
  opened: 8,
  noted: 16,
  tagged: 32,
  updated: 64,
};

/** The bits of every state the paper is in. */
export function stateBits(paper: Paper): number {
  let bits = paper.savedAt === undefined ? STATE_BITS.unsaved : STATE_BITS.saved;
  if (paper.firstSeenAt !== undefined) bits |= STATE_BITS.seen;
  if (paper.openedAt !== undefined) bits |= STATE_BITS.opened;
  if (paper.note !== undefined && paper.note.trim() !== '') bits |= STATE_BITS.noted;
  if (paper.tags !== undefined && paper.tags.length > 0) bits |= STATE_BITS.tagged;
  // As on listing rows (lib/paper/state.ts): a version above the highest one the user saw or saved.
  if (paper.latestVersion !== undefined && paper.seenVersion !== undefined && paper.latestVersion > paper.seenVersion) {
    bits |= STATE_BITS.updated;
  }
  return bits;
}

/** The bits a paper must all have to be in every one of `states` (0: no state asked for). */
export function stateMask(states: readonly StateFilter[]): number {
  let mask = 0;
  for (const state of states) mask |= STATE_BITS[state];
  return mask;
}
