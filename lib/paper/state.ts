/**
 * A paper's state, in one place: what it is (saved, seen, opened, noted, tagged, updated), the one bit layout those
 * facts are stored and filtered in, and the marks derived from them (a listing row's tokens, the library's chips, the
 * one colour a row's bar shows).
 *
 * The states a listing row shows (`data-dogear-state`, space-separated), derived from what the library knows about the
 * paper and what the listing shows. Pure: the content script computes them from lookup replies.
 *
 * - `new`: never seen before anywhere; otherwise `seen`.
 * - `opened`: the user followed the paper's link from a listing.
 * - `saved`, `noted` (has a note).
 * - `updated`: the listing shows a version above the highest one the user saw or saved.
 * - `zotero`: the user's Zotero has the paper (sent from Dogear, or found by the opt-in index of their library).
 */
import type { Paper } from './model.ts';

export type RowStateToken = 'new' | 'seen' | 'opened' | 'saved' | 'noted' | 'updated' | 'zotero';

/** What a content script may learn about a paper: flags and versions, never notes, tags or other user text. */
export interface PaperState {
  saved: boolean;
  seen: boolean;
  opened: boolean;
  noted: boolean;
  /** Highest version any listing has shown. */
  latestVersion?: number;
  /** Highest version the user has seen or saved. */
  seenVersion?: number;
  /**
   * The user's Zotero has it (lib/db/zotero-repo.ts withZoteroFlags): a flag only, set by lookups also for papers
   * Dogear has no record of. Absent means no, or not known.
   */
  zotero?: boolean;
}

export const UNKNOWN_PAPER: PaperState = { saved: false, seen: false, opened: false, noted: false };

/** Whether the paper carries a note: a note of white space only is no note. */
export function hasNote(paper: Pick<Paper, 'note'>): boolean {
  return paper.note !== undefined && paper.note.trim() !== '';
}

export function hasTags(paper: Pick<Paper, 'tags'>): boolean {
  return paper.tags !== undefined && paper.tags.length > 0;
}

/** A version above the highest one the user saw or saved has been listed (the `updated` mark). */
export function isUpdated(paper: Pick<PaperState, 'latestVersion' | 'seenVersion'>): boolean {
  const { latestVersion, seenVersion } = paper;
  return latestVersion !== undefined && seenVersion !== undefined && latestVersion > seenVersion;
}

/** The state a content script may learn about a stored paper (flags and versions only). */
export function paperState(paper: Paper): PaperState {
  const state: PaperState = {
    saved: paper.savedAt !== undefined,
    seen: paper.firstSeenAt !== undefined,
    opened: paper.openedAt !== undefined,
    noted: hasNote(paper),
  };
  if (paper.latestVersion !== undefined) state.latestVersion = paper.latestVersion;
  if (paper.seenVersion !== undefined) state.seenVersion = paper.seenVersion;
  return state;
}

/**
 * The one bit layout of a paper's states. The first four are what PaperState carries, and are stored as they are in
 * every paper record's row-state field (lib/db/state-index.ts): they must never be renumbered. `tagged` and `updated`
 * are for the library's filters (lib/search/state.ts) and are never stored.
 */
export const STATE_FLAGS = { saved: 1, seen: 2, opened: 4, noted: 8, tagged: 16, updated: 32 } as const;
export type StateFlag = keyof typeof STATE_FLAGS;

/** The flags of a PaperState (saved, seen, opened, noted), as stored. */
export function encodeFlags(state: PaperState): number {
  return (
    (state.saved ? STATE_FLAGS.saved : 0) |
    (state.seen ? STATE_FLAGS.seen : 0) |
    (state.opened ? STATE_FLAGS.opened : 0) |
    (state.noted ? STATE_FLAGS.noted : 0)
  );
}

/** The PaperState of stored flags and versions (0 or absent: no version known). */
export function decodeFlags(flags: number, latestVersion = 0, seenVersion = 0): PaperState {
  const state: PaperState = {
    saved: (flags & STATE_FLAGS.saved) !== 0,
    seen: (flags & STATE_FLAGS.seen) !== 0,
    opened: (flags & STATE_FLAGS.opened) !== 0,
    noted: (flags & STATE_FLAGS.noted) !== 0,
  };
  if (latestVersion > 0) state.latestVersion = latestVersion;
  if (seenVersion > 0) state.seenVersion = seenVersion;
  return state;
}

/** Every flag the paper has, PaperState's and `tagged` and `updated` too. */
export function paperFlags(paper: Paper): number {
  let flags = paper.savedAt === undefined ? 0 : STATE_FLAGS.saved;
  if (paper.firstSeenAt !== undefined) flags |= STATE_FLAGS.seen;
  if (paper.openedAt !== undefined) flags |= STATE_FLAGS.opened;
  if (hasNote(paper)) flags |= STATE_FLAGS.noted;
  if (hasTags(paper)) flags |= STATE_FLAGS.tagged;
  if (isUpdated(paper)) flags |= STATE_FLAGS.updated;
  return flags;
}

/**
 * @param state the library's state of the paper (UNKNOWN_PAPER when it has no record)
 * @param shownVersion the version the listing shows for this entry, when it shows one
 */
export function rowStates(state: PaperState, shownVersion?: number): RowStateToken[] {
  const tokens: RowStateToken[] = [state.seen ? 'seen' : 'new'];
  if (state.opened) tokens.push('opened');
  if (state.saved) tokens.push('saved');
  if (state.noted) tokens.push('noted');
  if (isUpdated({ latestVersion: shownVersion, seenVersion: state.seenVersion })) tokens.push('updated');
  if (state.zotero === true) tokens.push('zotero');
  return tokens;
}

/** The order the library lists a paper's marks in: saved first, then as on a listing row. */
const LIBRARY_ORDER: readonly RowStateToken[] = ['saved', 'seen', 'new', 'opened', 'noted', 'updated', 'zotero'];

/**
 * The marks of a stored paper, as its row on a listing showing its latest version would have them, in the library's
 * order (saved first): `saved seen noted updated`.
 */
export function paperMarks(paper: Paper): RowStateToken[] {
  const tokens = rowStates(paperState(paper), paper.latestVersion);
  return LIBRARY_ORDER.filter((token) => tokens.includes(token));
}

/** The page bar's summary: how many entries of the page are new, seen and saved. */
export interface PageCounts {
  new: number;
  seen: number;
  saved: number;
}

export function countStates(tokenLists: Iterable<readonly RowStateToken[]>): PageCounts {
  const counts: PageCounts = { new: 0, seen: 0, saved: 0 };
  for (const tokens of tokenLists) {
    if (tokens.includes('new')) counts.new += 1;
    else counts.seen += 1;
    if (tokens.includes('saved')) counts.saved += 1;
  }
  return counts;
}

/**
 * What a row shows during one visit. New and seen keep the meaning they had when the visit began, so what was new stays
 * marked new while it is read (the library records it as seen at once; the next visit shows it seen). An explicit "mark
 * all seen" replaces `atLoad` for its rows. Saved, noted and opened follow the library as it changes.
 *
 * @param atLoad the paper's state at this visit's first lookup (or after an explicit mark)
 */
export function visitStates(current: PaperState, atLoad: PaperState, shownVersion?: number): RowStateToken[] {
  return rowStates({ ...current, seen: atLoad.seen, seenVersion: atLoad.seenVersion }, shownVersion);
}

/**
 * The one colour a row's bar shows: a newer version matters most, then saved, noted, new, seen. Opened and Zotero show
 * as chips only.
 */
export function primaryMark(tokens: readonly RowStateToken[]): Exclude<RowStateToken, 'opened' | 'zotero'> {
  for (const token of ['updated', 'saved', 'noted', 'new'] as const) if (tokens.includes(token)) return token;
  return 'seen';
}
