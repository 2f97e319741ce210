/**
 * The Zotero hand-off's tables (app-db.ts v5): what was sent to Zotero and where (`zoteroSent`), and the index of the
 * user's Zotero library by paper key (`zoteroIndex`, kept by lib/app/zotero/refresh.ts from incremental reads). A
 * listing learns only a flag from them (`zotero: true` in its lookup replies), never Zotero's data.
 */
import { applyZoteroChanges, type ZoteroChanges, type ZoteroIndex } from '../zotero/index.ts';
import { UNKNOWN_PAPER, type PaperState } from '../paper/state.ts';
import type { AppDB, ZoteroSent } from './app-db.ts';

export type { ZoteroSent };

/** Records sends, one transaction; a paper sent again keeps its latest record. */
export async function recordSent(db: AppDB, sent: readonly ZoteroSent[]): Promise<void> {
  if (sent.length === 0) return;
  await db.transaction('rw', db.zoteroSent, () => db.zoteroSent.bulkPut([...sent]));
}

/** The keys of `keys` that Zotero has, as far as Dogear knows: sent from here, or in the index. */
export async function keysInZotero(db: AppDB, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return found;
  await db.transaction('r', db.zoteroSent, db.zoteroIndex, async () => {
    // Most users never use Zotero: two counts spare them two 2,000-key reads per lookup.
    const [sentCount, indexCount] = await Promise.all([db.zoteroSent.count(), db.zoteroIndex.count()]);
    const [sent, indexed] = await Promise.all([
      sentCount === 0 ? [] : db.zoteroSent.bulkGet(wanted),
      indexCount === 0 ? [] : db.zoteroIndex.bulkGet(wanted),
    ]);
    for (const row of sent) if (row) found.add(row.key);
    for (const row of indexed) if (row) found.add(row.paperKey);
  });
  return found;
}

/**
 * `states` with `zotero: true` on every key of `keys` Zotero has, including keys Dogear has no record of (they get
 * UNKNOWN_PAPER's flags plus `zotero`). A new object; the flag only, never anything of the Zotero item.
 */
export async function withZoteroFlags(
  db: AppDB,
  keys: readonly string[],
  states: Readonly<Record<string, PaperState>>,
): Promise<Record<string, PaperState>> {
  const inZotero = await keysInZotero(db, keys);
  const result: Record<string, PaperState> = { ...states };
  for (const key of inZotero) result[key] = { ...(states[key] ?? UNKNOWN_PAPER), zotero: true };
  return result;
}

/** The index as stored (its version lives in the settings, lib/zotero/settings.ts). */
export async function loadZoteroIndex(db: AppDB, version: number): Promise<ZoteroIndex> {
  const keys: Record<string, string> = {};
  await db.zoteroIndex.each((row) => {
    keys[row.paperKey] = row.itemKey;
  });
  return { version, keys };
}

/**
 * Applies one round of incremental reads to the stored index (lib/zotero/index.ts applyZoteroChanges), writing only the
 * difference, in one transaction. `fresh` starts from an empty index (another library, or the first run).
 *
 * @returns the new index and the paper keys whose flag changed (to announce to open listings)
 */
export async function applyIndexChanges(
  db: AppDB,
  since: number,
  changes: ZoteroChanges,
  fresh: boolean,
): Promise<{ index: ZoteroIndex; changed: string[] }> {
  return db.transaction('rw', db.zoteroIndex, async () => {
    const before = await loadZoteroIndex(db, since);
    const index = applyZoteroChanges(fresh ? { version: 0, keys: {} } : before, changes);
    const removed = Object.keys(before.keys).filter((key) => !Object.hasOwn(index.keys, key));
    const put = Object.entries(index.keys)
      .filter(([paperKey, itemKey]) => before.keys[paperKey] !== itemKey)
      .map(([paperKey, itemKey]) => ({ paperKey, itemKey }));
    if (removed.length > 0) await db.zoteroIndex.bulkDelete(removed);
    if (put.length > 0) await db.zoteroIndex.bulkPut(put);
    const added = put.filter((row) => !Object.hasOwn(before.keys, row.paperKey)).map((row) => row.paperKey);
    return { index, changed: [...removed, ...added] };
  });
}

/** Empties the index (the user turned it off, or changed the library it reads). */
export async function clearZoteroIndex(db: AppDB): Promise<string[]> {
  return db.transaction('rw', db.zoteroIndex, async () => {
    const keys = (await db.zoteroIndex.toCollection().primaryKeys()) as string[];
    await db.zoteroIndex.clear();
    return keys;
  });
}

/** How many papers were sent from here, and how many paper keys the index holds. */
export async function zoteroCounts(db: AppDB): Promise<{ sent: number; indexed: number }> {
  const [sent, indexed] = await Promise.all([db.zoteroSent.count(), db.zoteroIndex.count()]);
  return { sent, indexed };
}
