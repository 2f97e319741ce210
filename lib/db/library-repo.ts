/**
 * The library page's writers: bulk tagging, unsaving, deleting, merging duplicates, cite keys, and the snapshots that
 * undo them. Like papers-repo.ts, every function is one Dexie transaction over the tables it touches, with nothing but
 * Dexie awaited inside, and batches are bulk operations, never a request per row.
 *
 * Undo: each bulk writer returns the BEFORE snapshot of everything it may touch (the paper records, their sightings,
 * and the keys that had no record). `restoreSnapshot` puts exactly that back, so snapshot → operation → restore gives
 * identical tables.
 */
import { citeKeysFor } from '../paper/cite-keys.ts';
import { mergePapers } from '../paper/merge.ts';
import { type Paper, PaperSchema, type Sighting } from '../paper/model.ts';
import { normalizeTags, tagId } from '../paper/tags.ts';
import type { AppDB } from './app-db.ts';
import { PRESENCE_READ_MIN } from './import-repo.ts';

/** The records of a set of papers at one moment: what an undo puts back. */
export interface Snapshot {
  papers: Paper[];
  sightings: Sighting[];
  /** keys that had no record */
  missing: string[];
}

/** Reads the snapshot inside the caller's transaction (which must cover papers and sightings). */
async function readSnapshot(db: AppDB, keys: readonly string[]): Promise<Snapshot> {
  const unique = [...new Set(keys)];
  const records = await db.papers.bulkGet(unique);
  const papers: Paper[] = [];
  const missing: string[] = [];
  records.forEach((paper, index) => {
    if (paper) papers.push(paper);
    else missing.push(unique[index]!);
  });
  const sightings = unique.length === 0 ? [] : await db.sightings.where('paperKey').anyOf(unique).toArray();
  return { papers, sightings, missing };
}

/** The records of `keys` (papers, their sightings, and which keys have none), for undo. */
export async function snapshotOf(db: AppDB, keys: readonly string[]): Promise<Snapshot> {
  return db.transaction('r', db.papers, db.sightings, () => readSnapshot(db, keys));
}

/**
 * Undoes any bulk operation: the snapshot's papers and sightings are put back exactly, sightings of those papers made
 * since are removed, and the keys that had no record lose whatever record they have now. Returns the keys restored, to
 * announce.
 *
 * @param addedSightings for a snapshot that holds none of its papers' sightings (an undo journal, undo-journal.ts,
 *   which knows exactly which sightings its action added): only these sightings are removed, the papers' other
 *   sightings stay as they are. Runs inside the caller's transaction when there is one.
 */
export async function restoreSnapshot(
  db: AppDB,
  snapshot: Snapshot,
  addedSightings?: readonly string[],
): Promise<string[]> {
  const keys = [...new Set([...snapshot.papers.map((paper) => paper.key), ...snapshot.missing])];
  return db.transaction('rw', db.papers, db.sightings, async () => {
    const current = addedSightings
      ? [...addedSightings]
      : keys.length === 0
        ? []
        : await db.sightings.where('paperKey').anyOf(keys).primaryKeys();
    await db.sightings.bulkDelete(current);
    await db.papers.bulkDelete(snapshot.missing);
    await db.papers.bulkPut(snapshot.papers);
    await db.sightings.bulkPut(snapshot.sightings);
    return keys;
  });
}

/**
 * Adds and removes tags on several papers. Removal is case-insensitive; the result goes through normalizeTags (as
 * setTags does), and an empty list deletes the field. Papers whose tags do not change are not written. Unknown keys are
 * skipped (listed in the snapshot's `missing`).
 *
 * @returns the snapshot from before the change, for undo.
 */
export async function tagMany(
  db: AppDB,
  keys: readonly string[],
  add: readonly string[],
  remove: readonly string[],
  now = Date.now(),
): Promise<Snapshot> {
  const removed = new Set(remove.map(tagId));
  return db.transaction('rw', db.papers, db.sightings, async () => {
    const before = await readSnapshot(db, keys);
    const changed: Paper[] = [];
    for (const stored of before.papers) {
      const current = stored.tags ?? [];
      const tags = normalizeTags([...current.filter((tag) => !removed.has(tagId(tag))), ...add]);
      if (tags.length === current.length && tags.every((tag, index) => tag === current[index])) continue;
      const paper: Paper = { ...stored, updatedAt: now };
      if (tags.length === 0) delete paper.tags;
      else paper.tags = tags;
      changed.push(paper);
    }
    await db.papers.bulkPut(changed);
    return before;
  });
}

/**
 * Removes papers from the saved collection, as unsavePaper does for one: the record (seen, note, tags, savedFrom)
 * stays. Papers not saved are not written.
 *
 * @returns the snapshot from before the change, for undo.
 */
export async function unsaveMany(db: AppDB, keys: readonly string[], now = Date.now()): Promise<Snapshot> {
  return db.transaction('rw', db.papers, db.sightings, async () => {
    const before = await readSnapshot(db, keys);
    const changed: Paper[] = [];
    for (const stored of before.papers) {
      if (stored.savedAt === undefined) continue;
      const paper: Paper = { ...stored, updatedAt: now };
      delete paper.savedAt;
      changed.push(paper);
    }
    await db.papers.bulkPut(changed);
    return before;
  });
}

/**
 * Deletes paper records and all their sightings: the library forgets the papers entirely (a listing shows them as new
 * again).
 *
 * @returns the snapshot from before the change, for undo.
 */
export async function deletePapers(db: AppDB, keys: readonly string[]): Promise<Snapshot> {
  return db.transaction('rw', db.papers, db.sightings, async () => {
    const before = await readSnapshot(db, keys);
    await db.sightings.bulkDelete(before.sightings.map((sighting) => sighting.id));
    await db.papers.bulkDelete(before.papers.map((paper) => paper.key));
    return before;
  });
}

/** A paper's record and every time it was met on a listing, oldest first (ties in id order, so the order is stable). */
export async function paperHistory(db: AppDB, key: string): Promise<{ paper?: Paper; sightings: Sighting[] }> {
  return db.transaction('r', db.papers, db.sightings, async () => {
    const paper = await db.papers.get(key);
    const sightings = await db.sightings.where('paperKey').equals(key).toArray();
    sightings.sort((left, right) => left.at - right.at || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
    return paper === undefined ? { sightings } : { paper, sightings };
  });
}

/**
 * The kept record after merging `others` into `keep`, in order, by lib/paper/merge.ts MERGE_POLICY: nothing of `keep`
 * is overwritten except to make it the union. Notes are joined (a note already present adds nothing), tags and subjects
 * united, missing metadata filled from the others; the earliest save (with where it was saved from), first sighting
 * (with its mark) and creation win; versions and the last seen / opened times take the maximum.
 */
export function mergeRecords(keep: Paper, others: readonly Paper[], now: number): Paper {
  let merged = keep;
  for (const other of others) merged = mergePapers(merged, other, 'duplicates').paper;
  return { ...merged, updatedAt: now };
}

/**
 * Merges duplicates into `keepKey` (the user's choice: never automatic): see mergeRecords for the fields; the others'
 * sightings are re-pointed to `keepKey` and their records deleted.
 *
 * @returns the snapshot from before the change (keep and others), for undo.
 * @throws Error when `keepKey` has no record, or when the merged record would be invalid (a joined note over the
 *   100,000-character cap, more than 200 tags); nothing is written then.
 */
export async function mergeDuplicates(
  db: AppDB,
  keepKey: string,
  otherKeys: readonly string[],
  now = Date.now(),
): Promise<Snapshot> {
  const others = [...new Set(otherKeys)].filter((key) => key !== keepKey);
  return db.transaction('rw', db.papers, db.sightings, async () => {
    const before = await readSnapshot(db, [keepKey, ...others]);
    const keep = before.papers.find((paper) => paper.key === keepKey);
    if (!keep) throw new Error(`Unknown paper: ${keepKey}. It is not in your library.`);
    const merging = before.papers.filter((paper) => paper.key !== keepKey);
    const merged = mergeRecords(keep, merging, now);
    const valid = PaperSchema.safeParse(merged);
    if (!valid.success) {
      throw new Error(
        `The merged record of ${keepKey} cannot be stored: ${valid.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    const moved = before.sightings
      .filter((sighting) => sighting.paperKey !== keepKey)
      .map((sighting) => ({ ...sighting, paperKey: keepKey }));
    await db.sightings.bulkPut(moved);
    await db.papers.bulkDelete(merging.map((paper) => paper.key));
    await db.papers.put(merged);
    return before;
  });
}

/**
 * Cite keys for the papers that lack one, from what the library holds (pure): each paper's stored key if its record has
 * one (in `library`), else its own, else a new one (lib/paper/cite-keys.ts citeKeysFor), unique against every key in
 * `library`, in `reserved` (the library's keys when `library` holds only the papers' own records) and among the papers.
 * A paper listed twice gets one key.
 *
 * @returns the papers in the given order, each with citeKey set, and the keys newly generated, by paper key.
 */
export function assignCiteKeys(
  library: Iterable<Paper>,
  papers: readonly Paper[],
  reserved: Iterable<string> = [],
): { papers: Paper[]; assigned: Map<string, string> } {
  const byKey = new Map<string, Paper>();
  const taken = new Set<string>(reserved);
  for (const paper of library) {
    byKey.set(paper.key, paper);
    if (paper.citeKey !== undefined) taken.add(paper.citeKey);
  }
  const withStored = papers.map((paper) => {
    const citeKey = byKey.get(paper.key)?.citeKey ?? paper.citeKey;
    return citeKey === undefined || citeKey === paper.citeKey ? paper : { ...paper, citeKey };
  });
  // Keys the input carries but the library does not know (papers without a record) are reserved too.
  for (const paper of withStored) if (paper.citeKey !== undefined) taken.add(paper.citeKey);
  // One key per paper, even when `papers` lists a paper twice: keys are generated for the first listing of each.
  const unkeyed = new Map<string, Paper>();
  for (const paper of withStored)
    if (paper.citeKey === undefined && !unkeyed.has(paper.key)) unkeyed.set(paper.key, paper);
  const unique = [...unkeyed.values()];
  const assigned = new Map<string, string>();
  citeKeysFor(unique, taken).forEach((citeKey, index) => assigned.set(unique[index]!.key, citeKey));
  const keyed = withStored.map((paper) =>
    paper.citeKey !== undefined ? paper : { ...paper, citeKey: assigned.get(paper.key)! },
  );
  return { papers: keyed, assigned };
}

/**
 * Gives every paper of an export a persisted cite key, so a later export (of other papers, or in another order) never
 * renames a key a document already cites: assignCiteKeys, and the new keys written to the papers' records in the same
 * transaction (updatedAt is left alone: the key is export metadata, not an edit). A paper with no record gets a key
 * unique in the library but nothing is stored.
 *
 * Reads only the papers' records, plus the keys of the `citeKey` index when some paper lacks a key; a first export of
 * many papers reads the whole table once instead.
 *
 * @returns the papers in the given order, each with citeKey set (from the stored record when it has one).
 */
export async function ensureCiteKeys(db: AppDB, papers: readonly Paper[]): Promise<Paper[]> {
  return db.transaction('rw', db.papers, async () => {
    // Many papers (a first export of the library): one read of the table gives both their records and every key
    // taken, where a bulkGet and a scan would read 100k records twice (npm run bench:transfer).
    const all = papers.length >= PRESENCE_READ_MIN ? await db.papers.toArray() : undefined;
    const byKey = all && new Map(all.map((paper) => [paper.key, paper]));
    const stored = byKey
      ? papers.map((paper) => byKey.get(paper.key))
      : await db.papers.bulkGet(papers.map((paper) => paper.key));
    const storedKey = (index: number): string | undefined => stored[index]?.citeKey ?? papers[index]!.citeKey;
    if (papers.every((_, index) => storedKey(index) !== undefined)) {
      return papers.map((paper, index) => ({ ...paper, citeKey: storedKey(index)! }));
    }
    const library: Paper[] = all ?? stored.filter((paper): paper is Paper => paper !== undefined);
    const reserved = all ? [] : ((await db.papers.orderBy('citeKey').uniqueKeys()) as string[]);
    const { papers: keyed, assigned } = assignCiteKeys(library, papers, reserved);
    await writeCiteKeys(db, library, assigned);
    return keyed;
  });
}

/** A cite key chosen for an export could not be kept: another Dogear page gave keys to these papers meanwhile. */
export class CiteKeyConflictError extends Error {
  override name = 'CiteKeyConflictError';
}

/**
 * Writes `assigned` (paper key → cite key) to the papers' records in `library` that have none; the caller's
 * transaction.
 */
async function writeCiteKeys(
  db: AppDB,
  library: Iterable<Paper>,
  assigned: ReadonlyMap<string, string>,
): Promise<number> {
  const writes: Paper[] = [];
  for (const record of library) {
    const citeKey = assigned.get(record.key);
    if (citeKey !== undefined && record.citeKey === undefined) writes.push({ ...record, citeKey });
  }
  await db.papers.bulkPut(writes);
  return writes.length;
}

/**
 * Stores cite keys chosen earlier with assignCiteKeys (the export's file is already written with them), in one
 * transaction that re-reads the library: a paper that got another key meanwhile, or a key another paper took meanwhile,
 * is a conflict and nothing is stored. Papers deleted meanwhile are skipped; updatedAt is left alone.
 *
 * @returns how many records were written.
 * @throws CiteKeyConflictError naming the first conflict.
 */
export async function keepCiteKeys(db: AppDB, assigned: ReadonlyMap<string, string>): Promise<number> {
  if (assigned.size === 0) return 0;
  return db.transaction('rw', db.papers, async () => {
    const library = await db.papers.toArray();
    const owner = new Map<string, string>();
    for (const paper of library) if (paper.citeKey !== undefined) owner.set(paper.citeKey, paper.key);
    for (const record of library) {
      const citeKey = assigned.get(record.key);
      if (citeKey === undefined || record.citeKey === citeKey) continue;
      if (record.citeKey !== undefined) {
        throw new CiteKeyConflictError(
          `${record.key} was given the cite key ${record.citeKey} meanwhile (not ${citeKey})`,
        );
      }
      const other = owner.get(citeKey);
      if (other !== undefined && other !== record.key) {
        throw new CiteKeyConflictError(`the cite key ${citeKey} was given to ${other} meanwhile`);
      }
    }
    return writeCiteKeys(db, library, assigned);
  });
}

/** The whole library, for exports and backups: every paper and every sighting, in primary-key order. */
export async function libraryTables(db: AppDB): Promise<{ papers: Paper[]; sightings: Sighting[] }> {
  return db.transaction('r', db.papers, db.sightings, async () => ({
    papers: await db.papers.toArray(),
    sightings: await db.sightings.toArray(),
  }));
}
