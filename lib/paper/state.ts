/**
 * The states a listing row shows (`data-dogear-state`, space-separated), derived from what the library knows about
 * the paper and what the listing shows. Pure: the content script computes them from lookup replies.
 *
 * - `new`: never seen before anywhere; otherwise `seen`.
 * - `opened`: the user followed the paper's link from a listing.
 * - `saved`, `noted` (has a note).
 * - `updated`: the listing shows a version above the highest one the user saw or saved.
 */
export type RowStateToken = 'new' | 'seen' | 'opened' | 'saved' | 'noted' | 'updated';

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
}

export const UNKNOWN_PAPER: PaperState = { saved: false, seen: false, opened: false, noted: false };

/**
 * @param state the library's state of the paper (UNKNOWN_PAPER when it has no record)
 * @param shownVersion the version the listing shows for this entry, when it shows one
 */
export function rowStates(state: PaperState, shownVersion?: number): RowStateToken[] {
  const tokens: RowStateToken[] = [state.seen ? 'seen' : 'new'];
  if (state.opened) tokens.push('opened');
  if (state.saved) tokens.push('saved');
  if (state.noted) tokens.push('noted');
  if (shownVersion !== undefined && state.seenVersion !== undefined && shownVersion > state.seenVersion) {
    tokens.push('updated');
  }
  return tokens;
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
 * What a row shows during one visit. New and seen keep the meaning they had when the visit began, so what was new
 * stays marked new while it is read (the library records it as seen at once; the next visit shows it seen). An
 * explicit "mark all seen" replaces `atLoad` for its rows. Saved, noted and opened follow the library as it changes.
 * @param atLoad the paper's state at this visit's first lookup (or after an explicit mark)
 */
export function visitStates(current: PaperState, atLoad: PaperState, shownVersion?: number): RowStateToken[] {
  return rowStates({ ...current, seen: atLoad.seen, seenVersion: atLoad.seenVersion }, shownVersion);
}

/** The one colour a row's bar shows: a newer version matters most, then saved, noted, new, seen. */
export function primaryMark(tokens: readonly RowStateToken[]): Exclude<RowStateToken, 'opened'> {
  for (const token of ['updated', 'saved', 'noted', 'new'] as const) if (tokens.includes(token)) return token;
  return 'seen';
}
