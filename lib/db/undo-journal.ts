/**
 * Undo for a listing page's bulk actions: "Save selected" / "Save all new" (`saveMany`) and "Mark all seen" (`markSeen`
 * with a markId). The content script names each action with a random markId; `undo {markId}` puts back exactly what
 * that action changed (lib/messages.ts).
 *
 * How: the action's writer (papers-repo.ts saveMany, markSeen) reports its Change inside its transaction, before it
 * writes. The journal keeps, per paper, only the fields the action changed with their values before it (small: the
 * action fills or raises a few fields, so 2,000 papers fit in a few hundred kB), the keys it created, and the sightings
 * it added. The background keeps journals in `storage.session` (UndoJournals), so they survive the worker being
 * stopped, but not the browser. Undo rebuilds the before-records from the current ones and puts them back with
 * library-repo.ts restoreSnapshot, in one transaction; it is refused, changing nothing, when any of the papers was
 * written since the action (its `updatedAt` moved).
 *
 * The pure part (fieldsBefore, revertFields, journalOf, undoPlan, keptJournals) is tested on its own; the storage area
 * is injected (the background passes `browser.storage.session`), so the rest runs in node too.
 */
import type { Paper } from '../paper/model.ts';
import { paperState, UNKNOWN_PAPER } from '../paper/state.ts';
import type { AppDB } from './app-db.ts';
import { restoreSnapshot, type Snapshot } from './library-repo.ts';
import { type Change, type OnChange, type States } from './papers-repo.ts';

/** One paper's fields before the action, where the action changed them. */
export interface FieldsBefore {
  key: string;
  /** Fields the action changed, with their values before it. */
  set: Partial<Paper>;
  /** Fields the record did not have before the action. */
  unset: Array<keyof Paper>;
}

/** What one bulk action changed, enough to put it back. */
export interface UndoJournal {
  markId: string;
  /** The action's time: the `updatedAt` of every record it wrote. */
  at: number;
  /** Keys of the papers the action created (they had no record). */
  created: string[];
  /** The papers that had a record, with the fields the action changed. */
  changed: FieldsBefore[];
  /** Ids of the sightings the action added. */
  sightings: string[];
}

/** How many journals are kept, and how large they may be, in UTF-8 bytes of their JSON. */
export interface JournalLimits {
  count: number;
  /** One action's journal: an action that would need more is refused before it writes. */
  bytes: number;
  /** All journals together, kept under `storage.session`'s 10 MB quota (chrome.storage.session.QUOTA_BYTES). */
  totalBytes: number;
}

export const JOURNAL_LIMITS: JournalLimits = { count: 10, bytes: 2_000_000, totalBytes: 8_000_000 };

function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  return JSON.stringify(left) === JSON.stringify(right); // small arrays and objects (subjects, authors, savedFrom)
}

/**
 * The fields of `before` that `after` changed (or added): what revertFields needs to turn `after` back into `before`. A
 * field set to `undefined` counts as absent, as it does once stored as JSON.
 */
export function fieldsBefore(before: Paper, after: Paper): FieldsBefore {
  const set: Record<string, unknown> = {};
  const unset: Array<keyof Paper> = [];
  const was = before as unknown as Record<string, unknown>;
  const now = after as unknown as Record<string, unknown>;
  for (const field of Object.keys(now)) {
    if (now[field] === undefined) continue;
    if (was[field] === undefined) unset.push(field as keyof Paper);
    else if (!sameValue(was[field], now[field])) set[field] = was[field];
  }
  for (const field of Object.keys(was))
    if (was[field] !== undefined && now[field] === undefined) set[field] = was[field];
  return { key: before.key, set: set as Partial<Paper>, unset };
}

/** `current` with the fields of `fields` put back. Fields the action did not change stay as they are now. */
export function revertFields(current: Paper, fields: FieldsBefore): Paper {
  const reverted: Paper = { ...current, ...fields.set };
  for (const field of fields.unset) delete reverted[field];
  return reverted;
}

/** The journal of an action from the Change its writer reported. */
export function journalOf(markId: string, change: Change): UndoJournal {
  const journal: UndoJournal = { markId, at: change.at, created: [], changed: [], sightings: [...change.sightings] };
  change.after.forEach((after, index) => {
    const before = change.before[index];
    if (before === undefined) journal.created.push(after.key);
    else journal.changed.push(fieldsBefore(before, after));
  });
  return journal;
}

/** The size a journal takes in storage: UTF-8 bytes of its JSON (as the quota counts them), key included. */
export function journalBytes(journal: UndoJournal): number {
  return new TextEncoder().encode(journalKey(journal.markId) + JSON.stringify(journal)).length;
}

/** The keys an undo touches, created first, in journal order. */
export function journalKeys(journal: UndoJournal): string[] {
  return [...journal.created, ...journal.changed.map(({ key }) => key)];
}

/**
 * What undoing `journal` writes, given the current records of journalKeys(journal) (same order): the snapshot to
 * restore, or why not. Refused when any paper was written since the action (`updatedAt` is not the action's time) or
 * deleted since. Restored records get `updatedAt = now`, not their old time: views that follow changes by `updatedAt`
 * must see the undo, which they would not if time went back.
 */
export function undoPlan(
  journal: UndoJournal,
  current: ReadonlyArray<Paper | undefined>,
  now: number,
): { snapshot: Snapshot } | { error: string } {
  const keys = journalKeys(journal);
  const moved = keys.filter((key, index) => current[index]?.updatedAt !== journal.at);
  if (moved.length > 0) {
    const which = moved.length === 1 ? `${moved[0]} was` : `${moved.length} of its papers were`;
    return { error: `${which} changed since. Nothing was changed.` };
  }
  const papers = journal.changed.map((fields, index) => ({
    ...revertFields(current[journal.created.length + index]!, fields),
    updatedAt: now,
  }));
  return { snapshot: { papers, sightings: [], missing: [...journal.created] } };
}

/** One journal in the storage index: which, and its size. */
export interface JournalEntry {
  markId: string;
  bytes: number;
}

/**
 * The index after adding `entry` (newest last), and the journals to drop: the oldest go until at most `limits.count`
 * remain and their sizes fit `limits.totalBytes`. An entry with the same markId is replaced.
 */
export function keptJournals(
  index: readonly JournalEntry[],
  entry: JournalEntry,
  limits: JournalLimits = JOURNAL_LIMITS,
): { kept: JournalEntry[]; dropped: string[] } {
  const kept = [...index.filter(({ markId }) => markId !== entry.markId), entry];
  const dropped: string[] = [];
  let total = kept.reduce((sum, { bytes }) => sum + bytes, 0);
  while (kept.length > 1 && (kept.length > limits.count || total > limits.totalBytes)) {
    const oldest = kept.shift()!;
    total -= oldest.bytes;
    dropped.push(oldest.markId);
  }
  return { kept, dropped };
}

/** The part of `storage.StorageArea` the journals use (`browser.storage.session` in the background). */
export interface StorageArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

const INDEX_KEY = 'undo:index';

export function journalKey(markId: string): string {
  return `undo:${markId}`;
}

/**
 * The journals in a storage area: one item per markId and an index (oldest first) for eviction. Operations run one at a
 * time, so two actions finishing together cannot lose each other's index entry.
 */
export class UndoJournals {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly area: StorageArea,
    readonly limits: JournalLimits = JOURNAL_LIMITS,
  ) {}

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async index(): Promise<JournalEntry[]> {
    const stored = (await this.area.get([INDEX_KEY]))[INDEX_KEY];
    return Array.isArray(stored) ? (stored as JournalEntry[]) : [];
  }

  /** Keeps a journal, dropping the oldest beyond the limits. */
  keep(journal: UndoJournal): Promise<void> {
    return this.serial(async () => {
      const entry = { markId: journal.markId, bytes: journalBytes(journal) };
      const { kept, dropped } = keptJournals(await this.index(), entry, this.limits);
      if (dropped.length > 0) await this.area.remove(dropped.map(journalKey));
      await this.area.set({ [journalKey(journal.markId)]: journal, [INDEX_KEY]: kept });
    });
  }

  read(markId: string): Promise<UndoJournal | undefined> {
    return this.serial(async () => {
      const key = journalKey(markId);
      return (await this.area.get([key]))[key] as UndoJournal | undefined;
    });
  }

  forget(markId: string): Promise<void> {
    return this.serial(async () => {
      const index = await this.index();
      await this.area.remove([journalKey(markId)]);
      await this.area.set({ [INDEX_KEY]: index.filter((entry) => entry.markId !== markId) });
    });
  }
}

/**
 * Runs a bulk action with its undo journal: `write` gets the OnChange hook to pass to its writer. Refuses (before
 * writing) a markId that already has a journal, and an action whose journal would exceed `limits.bytes`; after the
 * write commits, keeps the journal. If the journal cannot be stored, the write stands and the undo will say it is no
 * longer available.
 */
export async function undoable(
  journals: UndoJournals,
  markId: string,
  write: (onChange: OnChange) => Promise<States>,
): Promise<States> {
  if ((await journals.read(markId)) !== undefined)
    throw new Error('This action id was already used. Nothing was changed.');
  let journal: UndoJournal | undefined;
  const states = await write((change) => {
    journal = journalOf(markId, change);
    const bytes = journalBytes(journal);
    if (bytes > journals.limits.bytes) {
      const size = Math.ceil(bytes / 1e6);
      throw new Error(`Too much to undo at once (${size} MB of changes): act on fewer papers. Nothing was changed.`);
    }
  });
  if (journal) {
    await journals
      .keep(journal)
      .catch((error: unknown) => console.warn('Dogear: could not keep the undo journal', error));
  }
  return states;
}

/**
 * Undoes the action `markId` (undoPlan) in one transaction, then forgets its journal. Returns the new states of its
 * papers (UNKNOWN_PAPER for those it had created, which are gone again).
 *
 * @throws Error when there is no journal (never kept, dropped as one of the oldest, or already undone) or the undo is
 *   refused; nothing is changed then.
 */
export async function undo(db: AppDB, journals: UndoJournals, markId: string, now = Date.now()): Promise<States> {
  const journal = await journals.read(markId);
  if (journal === undefined) {
    throw new Error(
      `this action is no longer remembered (Dogear keeps the last ${journals.limits.count} actions, until the browser closes).`,
    );
  }
  const states = await db.transaction('rw', db.papers, db.sightings, async () => {
    const current = await db.papers.bulkGet(journalKeys(journal));
    const plan = undoPlan(journal, current, now);
    if ('error' in plan) throw new Error(plan.error);
    await restoreSnapshot(db, plan.snapshot, journal.sightings);
    const result: States = {};
    for (const key of journal.created) result[key] = { ...UNKNOWN_PAPER };
    for (const paper of plan.snapshot.papers) result[paper.key] = paperState(paper);
    return result;
  });
  await journals.forget(markId);
  return states;
}
