/**
 * Writes an import plan (lib/transfer/plan.ts) to the database: all of it or nothing.
 *
 * One read-write transaction over `papers` and `sightings`: it re-reads every record the plan touches and refuses to
 * write if any changed since the preview (a merged record's stored copy differs from the plan's `before`, compared on
 * updatedAt and then on the whole record; a paper to add now exists; a sighting to add now exists; a cite key the plan
 * gives from the file is now another paper's), then writes papers and then a backup's sightings in bulk chunks of
 * IMPORT_CHUNK_SIZE, so a large import never holds one huge request, and reports progress between chunks. Nothing but
 * Dexie is awaited inside; the progress callback is called synchronously. Any failure (a stale plan, a quota error, a
 * hook or callback that throws) aborts the transaction, so nothing is written.
 */
import { canonicalJson } from '../formats/json-backup/canonical.ts';
import type { ImportedPaper, Rejection } from '../formats/types.ts';
import { type CiteKeyHolder, planImport, planSightings, summarize, type ImportPlan } from '../transfer/plan.ts';
import { describeError } from '../messages.ts';
import type { Paper, Sighting } from '../paper/model.ts';
import type { Table } from 'dexie';
import type { AppDB } from './app-db.ts';

export const IMPORT_CHUNK_SIZE = 1000;

/** Above this many incoming sightings, previewImport reads the whole sightings table instead of looking them up. */
export const SIGHTINGS_FULL_READ = 5000;

export interface ImportProgress {
  /** Records written so far (within the still-open transaction: they commit together at the end). */
  written: number;
  total: number;
}

export interface ImportResult {
  added: number;
  merged: number;
  /** Sightings added (a backup's; 0 for other formats). */
  sightings: number;
}

/** The library changed between preview and apply: preview again. Nothing was written. */
export class StaleImportError extends Error {
  override name = 'StaleImportError';
}

/** The import could not be written (quota, a storage error…). Nothing was written. */
export class ImportWriteError extends Error {
  override name = 'ImportWriteError';
}

/** From this many keys on, storedRecords first reads which keys the table holds. */
export const PRESENCE_READ_MIN = 1000;

/**
 * The stored records of `keys`, in their order (undefined where absent), as `bulkGet` gives them, but cheap for large
 * imports: from PRESENCE_READ_MIN keys on, one `primaryKeys()` read (keys only, no record) tells which are stored, and
 * only those are read — with one `toArray()` when they are most of the table. A bulkGet pays one request per key for
 * absent keys too, which dominates a large backup restored into an empty library (npm run bench:transfer).
 */
export async function storedRecords<T, K extends string, I>(
  table: Table<T, K, I>,
  keys: readonly K[],
): Promise<(T | undefined)[]> {
  if (keys.length < PRESENCE_READ_MIN) return table.bulkGet(keys as K[]);
  const present = new Set(await table.toCollection().primaryKeys());
  const wanted = [...new Set(keys.filter((key) => present.has(key)))];
  if (wanted.length === 0) return keys.map(() => undefined);
  const byKey = new Map<K, T>();
  if (wanted.length * 2 > present.size) {
    const primaryKey = table.schema.primKey.keyPath as string;
    for (const record of await table.toArray()) byKey.set((record as Record<string, unknown>)[primaryKey] as K, record);
  } else {
    const records = await table.bulkGet(wanted);
    wanted.forEach((key, index) => {
      const record = records[index];
      if (record !== undefined) byKey.set(key, record);
    });
  }
  return keys.map((key) => byKey.get(key));
}

/** The stored records of `keys`, for planImport. */
export async function storedPapers(db: AppDB, keys: Iterable<string>): Promise<Map<string, Paper>> {
  const papers = await storedRecords(db.papers, [...new Set(keys)]);
  const map = new Map<string, Paper>();
  for (const paper of papers) if (paper) map.set(paper.key, paper);
  return map;
}

/** The cite keys a file's entries name (BibTeX keys, RIS `ID`s, CSL ids, a backup's stored keys). */
function fileCiteKeys(items: ReadonlyArray<ImportedPaper | Paper>): Set<string> {
  const named = new Set<string>();
  for (const item of items) if (item.citeKey !== undefined) named.add(item.citeKey);
  return named;
}

/**
 * Above this many named keys the whole table is read once (the stored records taken from it too) rather than asking the
 * `citeKey` index key by key: a restored backup names a key for every paper.
 */
const HOLDER_LOOKUP_MAX = 2000;

/**
 * The stored records of `keys`, and the papers of the library holding one of the cite keys in `named`: from the
 * `citeKey` index (lib/db/app-db.ts v4) for a file naming a few keys, from one read of the whole table for many.
 */
async function papersAndHolders(
  db: AppDB,
  keys: readonly string[],
  named: ReadonlySet<string>,
): Promise<{ stored: Map<string, Paper>; holders: Map<string, CiteKeyHolder> }> {
  const holders = new Map<string, CiteKeyHolder>();
  if (named.size === 0 || (await db.papers.count()) === 0) return { stored: await storedPapers(db, keys), holders };
  if (named.size <= HOLDER_LOOKUP_MAX) {
    for (const paper of await db.papers
      .where('citeKey')
      .anyOf([...named])
      .toArray())
      holders.set(paper.citeKey!, paper);
    return { stored: await storedPapers(db, keys), holders };
  }
  const wanted = new Set(keys);
  const stored = new Map<string, Paper>();
  for (const paper of await db.papers.toArray()) {
    if (wanted.has(paper.key)) stored.set(paper.key, paper);
    if (paper.citeKey !== undefined && named.has(paper.citeKey)) holders.set(paper.citeKey, paper);
  }
  return { stored, holders };
}

/**
 * Reads what the import touches and plans it: the preview. A backup's `sightings` are planned too (planSightings),
 * against the stored sightings with the same ids or of the same papers. One read transaction, so the plan sees one
 * state of the library.
 */
export async function previewImport(
  db: AppDB,
  parsed: {
    items: readonly ImportedPaper[] | readonly Paper[];
    rejected?: readonly Rejection[];
    sightings?: readonly Sighting[];
  },
  now: number = Date.now(),
): Promise<ImportPlan> {
  const items = parsed.items as ReadonlyArray<ImportedPaper | Paper>;
  const keys = items.map((item) => ('createdAt' in item ? item.key : item.paper.key));
  const named = fileCiteKeys(items);
  const incoming = parsed.sightings ?? [];
  const { stored, holders, existingSightings } = await db.transaction('r', db.papers, db.sightings, async () => {
    const { stored, holders } = await papersAndHolders(db, keys, named);
    if (incoming.length === 0) return { stored, holders, existingSightings: [] as Sighting[] };
    // A large backup touches most of the table: one read of all of it beats a get per id and a cursor jump per key.
    if (incoming.length > SIGHTINGS_FULL_READ) {
      return { stored, holders, existingSightings: await db.sightings.toArray() };
    }
    const byId = (await db.sightings.bulkGet(incoming.map((sighting) => sighting.id))).filter(
      (sighting): sighting is Sighting => sighting !== undefined,
    );
    const ofPapers = await db.sightings
      .where('paperKey')
      .anyOf([...new Set(incoming.map((sighting) => sighting.paperKey))])
      .toArray();
    return { stored, holders, existingSightings: [...byId, ...ofPapers] };
  });
  const plan = planImport(stored, parsed.items, parsed.rejected ?? [], now, holders);
  if (incoming.length > 0) {
    const known = new Set([...stored.keys(), ...plan.toAdd.map((paper) => paper.key)]);
    plan.sightings = planSightings(incoming, existingSightings, known);
    plan.summary = summarize(plan);
  }
  return plan;
}

/**
 * QuotaExceededError directly, or anywhere down its `inner`/`cause` chain: browsers report it as `AbortError.inner`
 * (B4), and Dexie wraps an error that aborts a transaction in one more DexieError.
 */
function isQuotaError(error: unknown): boolean {
  let current = error as { name?: unknown; inner?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current.name === 'QuotaExceededError') return true;
    current = (current.inner ?? current.cause) as typeof current;
  }
  return false;
}

/** The cite keys a plan gives (cite key → paper key): new papers' keys and keys merges add. */
function givenCiteKeys(plan: ImportPlan): Map<string, string> {
  const given = new Map<string, string>();
  for (const paper of plan.toAdd) if (paper.citeKey !== undefined) given.set(paper.citeKey, paper.key);
  for (const { before, after } of plan.toMerge) {
    if (after.citeKey !== undefined && after.citeKey !== before.citeKey) given.set(after.citeKey, after.key);
  }
  return given;
}

/** The records of `library` with the keys of `rows`, in their order (undefined where absent). */
function recordsOf(library: readonly Paper[], rows: readonly Paper[]): (Paper | undefined)[] {
  const byKey = new Map(library.map((paper) => [paper.key, paper]));
  return rows.map((row) => byKey.get(row.key));
}

/**
 * Applies a plan in one transaction. `onProgress` is called after each chunk; it must not await anything, and throwing
 * from it cancels the import (nothing is written).
 *
 * @throws StaleImportError when the library changed since the plan was made (preview again).
 * @throws ImportWriteError for any other failure, with a message for the user (quota exceeded, …).
 */
export async function applyImport(
  db: AppDB,
  plan: ImportPlan,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  const rows = [...plan.toAdd, ...plan.toMerge.map((merge) => merge.after)];
  const sightings = plan.sightings?.toAdd ?? [];
  const total = rows.length + sightings.length;
  try {
    const given = givenCiteKeys(plan);
    await db.transaction('rw', db.papers, db.sightings, async () => {
      // Cite keys the plan gives must still be free: with no cite-key index, that is one read of the whole table,
      // which then gives the current records too.
      const library = given.size > 0 ? await db.papers.toArray() : undefined;
      const current = library
        ? recordsOf(library, rows)
        : await storedRecords(
            db.papers,
            rows.map((row) => row.key),
          );
      for (const paper of library ?? []) {
        const taker = paper.citeKey === undefined ? undefined : given.get(paper.citeKey);
        if (taker !== undefined && taker !== paper.key) {
          throw new StaleImportError(
            `The cite key ${paper.citeKey} was given to ${paper.key} after the preview. Preview the import again.`,
          );
        }
      }
      plan.toAdd.forEach((paper, index) => {
        if (current[index] !== undefined) {
          throw new StaleImportError(
            `${paper.key} was added to the library after the preview. Preview the import again.`,
          );
        }
      });
      plan.toMerge.forEach(({ before }, offset) => {
        const now = current[plan.toAdd.length + offset];
        if (now === undefined || now.updatedAt !== before.updatedAt || canonicalJson(now) !== canonicalJson(before)) {
          throw new StaleImportError(`${before.key} changed after the preview. Preview the import again.`);
        }
      });
      if (sightings.length > 0) {
        const stored = await storedRecords(
          db.sightings,
          sightings.map((sighting) => sighting.id),
        );
        const clash = stored.find((sighting) => sighting !== undefined);
        if (clash)
          throw new StaleImportError(`Sighting ${clash.id} was stored after the preview. Preview the import again.`);
        // The papers the sightings belong to must still be there (deleted since the preview → stale).
        const sightingKeys = [...new Set(sightings.map((sighting) => sighting.paperKey))];
        const adding = new Set(plan.toAdd.map((paper) => paper.key));
        const present = await storedRecords(
          db.papers,
          sightingKeys.filter((key) => !adding.has(key)),
        );
        const gone = present.findIndex((paper) => paper === undefined);
        if (gone !== -1) {
          throw new StaleImportError(
            `A paper of the backup's sightings was deleted after the preview. Preview the import again.`,
          );
        }
      }
      for (let start = 0; start < rows.length; start += IMPORT_CHUNK_SIZE) {
        const chunk = rows.slice(start, start + IMPORT_CHUNK_SIZE);
        await db.papers.bulkPut(chunk);
        onProgress?.({ written: start + chunk.length, total });
      }
      for (let start = 0; start < sightings.length; start += IMPORT_CHUNK_SIZE) {
        const chunk = sightings.slice(start, start + IMPORT_CHUNK_SIZE);
        await db.sightings.bulkAdd(chunk);
        onProgress?.({ written: rows.length + start + chunk.length, total });
      }
    });
  } catch (error) {
    if (error instanceof StaleImportError) throw error;
    const message = isQuotaError(error)
      ? 'Import failed: the browser refused to store more data (storage quota exceeded). Nothing was imported.'
      : `Import failed, nothing was imported: ${describeError(error)}`;
    throw new ImportWriteError(message, { cause: error });
  }
  return { added: plan.toAdd.length, merged: plan.toMerge.length, sightings: sightings.length };
}
