/**
 * What the listing asks of the library: lookups, saves, sightings, opening, and the page-wide actions with their undo
 * offer. Each sends its message through the port and dispatches the answer; painting follows from the state.
 *
 * The undo offer of a page-wide action ends with the next action, an undo, or after UNDO_MS. While it lasts, sightings
 * of its papers are held back — each would rewrite a record the undo must put back as it was (the action already
 * recorded those papers, so nothing is missing meanwhile) — and sent when it ends.
 */
import { plural } from '../../components/plural.ts';
import type { Response } from '../../lib/messages.ts';
import type { PaperCandidate } from '../../lib/paper/model.ts';
import { timeout } from './lifetime.ts';
import type { Port } from './port.ts';
import { newKeys, releasedBy, unheld, type UndoOffer } from './state.ts';
import type { Store } from './store.ts';

/** How long the page bar offers to undo its last action. */
export const UNDO_MS = 120_000;

export interface LibraryActions {
  /** Asks about one batch of keys met for the first time on this visit. */
  lookup(keys: readonly string[]): Promise<void>;
  /** Asks again about keys the background says changed, in batches (not rate-limited: these come from the library). */
  refresh(keys: readonly string[]): Promise<void>;
  toggleSave(key: string): Promise<void>;
  saveKeys(keys: readonly string[], what: 'selected' | 'new'): Promise<void>;
  markAllSeen(): Promise<void>;
  undo(): Promise<void>;
  /** Rows looked at long enough: one markSeen message for the batch. They stay shown as they were at load. */
  recordSeen(keys: readonly string[]): Promise<void>;
  markOpened(key: string): Promise<void>;
  /** `o`: the background opens the paper in a background tab, on the site this listing belongs to. */
  openPaper(key: string): Promise<void>;
  openNote(key: string, focus: 'note' | 'tags'): Promise<void>;
  /** `z` and the row's button: the background sends the paper to the user's Zotero and says what happened. */
  sendToZotero(key: string): Promise<void>;
}

/** @param candidate the full record of a paper on the page, read from its row (undefined when it cannot be read) */
export function createLibraryActions(
  store: Store,
  port: Port,
  candidate: (key: string) => PaperCandidate | undefined,
  win: Window,
  signal: AbortSignal,
): LibraryActions {
  let cancelUndoTimer = (): void => {};

  const statesOf = (response: Response, keys: readonly string[]): void => {
    if (response.ok) store.dispatch({ type: 'states', keys, states: response.states });
  };

  async function lookup(keys: readonly string[]): Promise<void> {
    if (keys.length === 0 || signal.aborted) return;
    const response = await port.send({ type: 'lookup', keys: [...keys] });
    if (signal.aborted) return;
    if (!response.ok) {
      console.warn('Dogear: lookup failed:', response.error);
      return;
    }
    store.dispatch({ type: 'looked-up', keys, states: response.states });
  }

  async function refresh(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 2000) await lookup(keys.slice(start, start + 2000));
  }

  async function toggleSave(key: string): Promise<void> {
    const saved = store.state.library.get(key)?.saved ?? false;
    const paper = candidate(key);
    if (!paper) {
      store.dispatch({
        type: 'row-status',
        keys: [key],
        busy: false,
        error: 'Not saved: Dogear could not read this entry',
      });
      store.dispatch({ type: 'bar-error', error: 'Not saved: Dogear could not read this entry.' });
      return;
    }
    store.dispatch({ type: 'row-status', keys: [key], busy: true });
    const response = await port.send(saved ? { type: 'unsave', key } : { type: 'save', paper });
    statesOf(response, response.ok ? Object.keys(response.states) : []);
    const error = response.ok ? undefined : `Not ${saved ? 'removed' : 'saved'}: ${response.error}`;
    store.dispatch({ type: 'row-status', keys: [key], busy: false, error });
    store.dispatch({ type: 'bar-error', error });
  }

  async function pageAction(run: () => Promise<void>): Promise<void> {
    if (store.state.bar.busy) return;
    store.dispatch({ type: 'bar-busy', busy: true });
    try {
      await run();
    } finally {
      store.dispatch({ type: 'bar-busy', busy: false });
    }
  }

  /** Starts a new undo offer (or ends the current one) and records the sightings it no longer holds back. */
  function offerUndo(offer: UndoOffer | undefined): void {
    cancelUndoTimer();
    const released = releasedBy(store.state, offer);
    store.dispatch({ type: 'offer-undo', offer });
    if (offer) cancelUndoTimer = timeout(win, signal, () => offerUndo(undefined), UNDO_MS);
    if (released.length > 0) void recordSeen(released);
  }

  function saveKeys(keys: readonly string[], what: 'selected' | 'new'): Promise<void> {
    return pageAction(async () => {
      const papers = keys
        .flatMap((key) => candidate(key) ?? [])
        .filter((paper) => !store.state.library.get(paper.key)?.saved);
      if (papers.length === 0) return;
      const markId = crypto.randomUUID();
      const response = await port.send({ type: 'saveMany', papers, markId });
      store.dispatch({ type: 'bar-error', error: response.ok ? undefined : `Not saved: ${response.error}` });
      if (!response.ok) return;
      statesOf(response, Object.keys(response.states));
      store.dispatch({ type: 'deselect', keys: papers.map((paper) => paper.key) });
      const label = `Saved ${plural(papers.length, what === 'new' ? 'new paper' : 'paper')}`;
      offerUndo({ markId, label, keys: new Set(papers.map((paper) => paper.key)) });
    });
  }

  async function recordSeen(keys: readonly string[]): Promise<void> {
    const now = unheld(store.state, keys);
    store.dispatch({ type: 'seen', keys });
    const papers = now.flatMap((key) => candidate(key) ?? []);
    if (papers.length === 0) return;
    const response = await port.send({ type: 'markSeen', papers });
    statesOf(
      response,
      papers.map((paper) => paper.key),
    );
  }

  function markAllSeen(): Promise<void> {
    return pageAction(async () => {
      const papers = newKeys(store.state).flatMap((key) => candidate(key) ?? []);
      if (papers.length === 0) return;
      const markId = crypto.randomUUID();
      const response = await port.send({ type: 'markSeen', papers, markId });
      store.dispatch({ type: 'bar-error', error: response.ok ? undefined : `Not marked: ${response.error}` });
      if (!response.ok) return;
      const keys = papers.map((paper) => paper.key);
      statesOf(response, keys);
      // An explicit mark changes what the visit shows: these rows read seen now.
      const atLoadBefore = new Map(keys.map((key) => [key, store.state.atLoad.get(key)]));
      store.dispatch({ type: 'marked-seen', keys });
      offerUndo({ markId, label: `Marked ${plural(papers.length, 'paper')} seen`, atLoadBefore, keys: new Set(keys) });
    });
  }

  function undo(): Promise<void> {
    return pageAction(async () => {
      const offer = store.state.undo;
      if (!offer) return;
      const response = await port.send({ type: 'undo', markId: offer.markId });
      store.dispatch({ type: 'bar-error', error: response.ok ? undefined : `Not undone: ${response.error}` });
      if (!response.ok) return;
      offerUndo(undefined); // and the sightings held back meanwhile are recorded now
      store.dispatch({ type: 'undone', atLoadBefore: offer.atLoadBefore });
      statesOf(response, Object.keys(response.states));
      await refresh([...store.state.byKey.keys()]);
    });
  }

  async function markOpened(key: string): Promise<void> {
    const paper = candidate(key);
    if (!paper) return;
    statesOf(await port.send({ type: 'markOpened', paper }), [key]);
  }

  async function openPaper(key: string): Promise<void> {
    const paper = candidate(key);
    if (!paper) return;
    const response = await port.send({ type: 'openPaper', paper });
    store.dispatch({ type: 'bar-error', error: response.ok ? undefined : `Not opened: ${response.error}` });
    statesOf(response, [key]);
  }

  async function openNote(key: string, focus: 'note' | 'tags'): Promise<void> {
    if (!candidate(key)) return;
    // The editor edits a stored paper: record this one first if the library has never met it.
    if (!(store.state.library.get(key)?.seen ?? false)) await recordSeen([key]);
    port.openNote(key, focus, () => void refresh([key]), signal);
  }

  async function sendToZotero(key: string): Promise<void> {
    if (store.state.busy.has(key)) return;
    const paper = candidate(key);
    if (!paper) {
      const error = 'Not sent: Dogear could not read this entry';
      store.dispatch({ type: 'row-status', keys: [key], busy: false, error });
      store.dispatch({ type: 'bar-error', error: `${error}.` });
      return;
    }
    store.dispatch({ type: 'row-status', keys: [key], busy: true, notice: 'Sending to Zotero…' });
    const response = await port.send({ type: 'sendToZotero', paper });
    if (signal.aborted) return;
    statesOf(response, response.ok ? Object.keys(response.states) : []);
    const reply = response.ok ? response.zotero : undefined;
    const error = !response.ok
      ? `Not sent: ${response.error}`
      : reply === undefined || !reply.ok
        ? (reply?.message ?? 'Not sent: Dogear did not answer.')
        : undefined;
    store.dispatch({
      type: 'row-status',
      keys: [key],
      busy: false,
      error,
      ...(error === undefined && reply !== undefined ? { notice: reply.message } : {}),
    });
    store.dispatch({ type: 'bar-error', error });
  }

  return {
    lookup,
    refresh,
    toggleSave,
    saveKeys,
    markAllSeen,
    undo,
    recordSeen,
    markOpened,
    openPaper,
    openNote,
    sendToZotero,
  };
}
