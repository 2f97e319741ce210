/**
 * The states the library's filters offer, as bits, so a filter over 100,000 papers is one mask test per paper
 * (buildIndex stores the bits in a Uint8Array). The bits are lib/paper/state.ts STATE_FLAGS, plus one for `unsaved`,
 * which a mask test of "all these bits set" needs as a bit of its own.
 */
import type { Paper } from '../paper/model.ts';
import { paperFlags, STATE_FLAGS } from '../paper/state.ts';

export type StateFilter = 'saved' | 'unsaved' | 'seen' | 'opened' | 'noted' | 'tagged' | 'updated';

const UNSAVED = 64;

const STATE_BITS: Record<StateFilter, number> = { ...STATE_FLAGS, unsaved: UNSAVED };

/** The bits of every state the paper is in. */
export function stateBits(paper: Paper): number {
  const flags = paperFlags(paper);
  return flags & STATE_FLAGS.saved ? flags : flags | UNSAVED;
}

/** The bits a paper must all have to be in every one of `states` (0: no state asked for). */
export function stateMask(states: readonly StateFilter[]): number {
  let mask = 0;
  for (const state of states) mask |= STATE_BITS[state];
  return mask;
}
