/**
 * The writes an extension page makes, one function each: do the write (one transaction, lib/db), tell open listing tabs
 * which papers changed (announce.ts; other extension pages see it through their papers mirror), and turn any failure
 * into one friendly sentence (errors.ts). Nothing here throws: each returns an Outcome.
 *
 * Loaded on first use (it brings the bulk writers, the BibTeX writer and zod); a page's first render does not need it.
 */
import {
  deletePapers,
  ensureCiteKeys,
  mergeDuplicates,
  paperHistory,
  restoreSnapshot,
  tagMany,
  unsaveMany,
  type Snapshot,
} from '../db/library-repo.ts';
import { setNote, setTags } from '../db/papers-repo.ts';
import { toBibtex } from '../formats/bibtex/write.ts';
import type { Paper, Sighting } from '../paper/model.ts';
import type { AppDB } from '../db/app-db.ts';
import { announceChanged } from './announce.ts';
import { friendlyError } from './errors.ts';
import { syncSoon } from './sync/schedule.ts';

export type { Snapshot };

/** What an action did, or the sentence to show when it failed (nothing was changed then). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Tells listing tabs after a committed write (a failure to tell is logged, never reported as the write's), and asks for
 * a sync soon when sync is on (lib/app/sync/schedule.ts; it never throws).
 */
function announce(keys: readonly string[]): void {
  announceChanged(keys).catch((error: unknown) => console.warn('Dogear: could not notify tabs', error));
  if (keys.length > 0) void syncSoon();
}

/** Runs `write`, announces the keys it names, and catches whatever it throws. */
async function act<T>(write: () => Promise<{ value: T; keys: readonly string[] }>): Promise<Outcome<T>> {
  try {
    const { value, keys } = await write();
    announce(keys);
    return { ok: true, value };
  } catch (error) {
    console.warn('Dogear: a write failed', error);
    return { ok: false, error: friendlyError(error) };
  }
}

/** Unsaves papers (notes, tags and history stay). The snapshot undoes it (`undo`). */
export function unsave(db: AppDB, keys: readonly string[]): Promise<Outcome<Snapshot>> {
  return act(async () => ({ value: await unsaveMany(db, keys), keys }));
}

/** Puts a snapshot back exactly as it was (records, sightings, absent papers): the undo of every bulk action. */
export function undo(db: AppDB, snapshot: Snapshot): Promise<Outcome<string[]>> {
  return act(async () => {
    const keys = await restoreSnapshot(db, snapshot);
    return { value: keys, keys };
  });
}

/** Adds and removes tags on several papers; undoable. */
export function tagPapers(
  db: AppDB,
  keys: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): Promise<Outcome<Snapshot>> {
  return act(async () => ({ value: await tagMany(db, keys, add, remove), keys }));
}

/** Deletes papers and their history; undoable. */
export function deleteForever(db: AppDB, keys: readonly string[]): Promise<Outcome<Snapshot>> {
  return act(async () => ({ value: await deletePapers(db, keys), keys }));
}

/** Merges `others` into `keep` (lib/paper merge policy) and deletes them; undoable. */
export function mergeInto(db: AppDB, keep: string, others: readonly string[]): Promise<Outcome<Snapshot>> {
  return act(async () => ({ value: await mergeDuplicates(db, keep, others), keys: [keep, ...others] }));
}

/**
 * Sets a paper's note and tags: each is written only when given and different from the record's, so saving an unchanged
 * note does not touch the paper.
 *
 * @returns whether anything was written.
 */
export function setNoteAndTags(
  db: AppDB,
  paper: Pick<Paper, 'key' | 'note' | 'tags'>,
  edit: { note?: string; tags?: readonly string[] },
): Promise<Outcome<boolean>> {
  return act(async () => {
    let wrote = false;
    if (edit.note !== undefined && edit.note !== (paper.note ?? '')) {
      await setNote(db, paper.key, edit.note);
      wrote = true;
    }
    if (edit.tags !== undefined && edit.tags.join('\n') !== (paper.tags ?? []).join('\n')) {
      await setTags(db, paper.key, edit.tags);
      wrote = true;
    }
    return { value: wrote, keys: wrote ? [paper.key] : [] };
  });
}

/**
 * Copies a paper's BibTeX entry to the clipboard, with its persisted cite key (given now if it has none, so the key
 * pasted today is the one every later export uses).
 *
 * @returns the cite key.
 */
export function copyBibtex(db: AppDB, paper: Paper): Promise<Outcome<string>> {
  return act(async () => {
    const [withKey] = await ensureCiteKeys(db, [paper]);
    await navigator.clipboard.writeText(toBibtex([withKey!]));
    // A new cite key is export metadata (updatedAt untouched): no listing shows it, nothing to announce.
    return { value: withKey!.citeKey ?? paper.key, keys: [] };
  });
}

/** A paper and where and when it was met: the library's detail panel. */
export function history(db: AppDB, key: string): Promise<Outcome<{ paper?: Paper; sightings: Sighting[] }>> {
  return act(async () => ({ value: await paperHistory(db, key), keys: [] }));
}
