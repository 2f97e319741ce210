/**
 * The Dexie database. It lives in the extension's origin only: the background service worker owns every write and
 * extension pages (popup, note editor) read it. Content scripts never open it — their IndexedDB would be the host
 * site's (dexie/Dexie.js#233) — they send messages instead (lib/messages.ts).
 *
 * Primary keys are strings, never auto-increment: canonical paper keys for `papers`, random UUIDs for `sightings`. A
 * later sync engine merges on them.
 *
 * Schema changes, the rule (an extension update must never lose or break a user's database):
 *
 * 1. Bump SCHEMA_VERSION and add `this.version(n).stores(…)`, with `.upgrade()` when existing rows must change. Keep every
 *    older `version()` that carries an upgrader (Dexie needs them to run the chain); the upgrader must return its
 *    promise, or a failure escapes and the version is bumped anyway (dexie/Dexie.js#942).
 * 2. Before changing anything, freeze the outgoing version: add `tests/fixtures/db/v{n-1}.json` (its data, written by that
 *    version's own code paths) and its `stores()` declaration to FROZEN_SCHEMAS in tests/unit/db/migrations.test.ts.
 *    That test fails while any version below SCHEMA_VERSION lacks either.
 */
import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import { arxivIdOf } from '../paper/ids.ts';
import type { Paper, Sighting } from '../paper/model.ts';
import type { PaperDoc } from '../sync/doc.ts';
import { decodeEntities, isFirstListing, withoutListConjunction } from '../sites/parse-helpers.ts';
import { stateIndexMiddleware, STATE_INDEX } from './state-index.ts';
import type { OutboxEntry } from './sync-repo.ts';

export const DB_NAME = 'dogear';

/** The version the code declares last. See the rule in the header before bumping it. */
export const SCHEMA_VERSION = 5;

export class AppDB extends Dexie {
  papers!: EntityTable<Paper, 'key'>;
  sightings!: EntityTable<Sighting, 'id'>;
  /** Sync (sync-repo.ts): each paper's PaperDoc, as this device last joined or stamped it. */
  syncDocs!: EntityTable<PaperDoc, 'key'>;
  /** Sighting ids this device has sent or received; `gone`: deleted, so a late add of the id is ignored. */
  syncSightings!: EntityTable<SyncSighting, 'id'>;
  /** Change batches waiting to be uploaded, oldest first. */
  syncOutbox!: EntityTable<OutboxEntry, 'seq'>;
  /** Remote change files already joined here. */
  syncApplied!: EntityTable<SyncApplied, 'path'>;
  /** Device id, clock, next outbox seq, library id, applied snapshot. */
  syncMeta!: EntityTable<SyncMeta, 'k'>;
  /** Local backups taken before sync changes the library (the newest few). */
  syncBackups!: EntityTable<SyncBackup, 'id'>;
  /** Zotero hand-off (zotero-repo.ts): what was sent to Zotero, where, by paper key. */
  zoteroSent!: EntityTable<ZoteroSent, 'key'>;
  /** The opt-in index of the user's Zotero library: paper key → the Zotero item that has it. */
  zoteroIndex!: EntityTable<ZoteroIndexRow, 'paperKey'>;

  /** @param options in node tests, `{indexedDB, IDBKeyRange}` from fake-indexeddb. */
  constructor(name = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.use(stateIndexMiddleware);
    // v1 (release 0.1): saved papers only. Kept because v2 carries an upgrader.
    this.version(1).stores({
      papers: 'key, savedAt, updatedAt',
    });
    // v2: row states. Seen/opened/noted fields on papers, and one sighting per time a paper was met.
    this.version(2)
      .stores({
        // savedAt is absent on unsaved papers, so its index lists exactly the saved collection; the same holds for
        // firstSeenAt / lastSeenAt and seen papers, and *tags indexes each tag of tagged papers.
        papers: 'key, savedAt, updatedAt, firstSeenAt, lastSeenAt, *tags',
        sightings: 'id, paperKey, at, markId',
      })
      .upgrade((tx) =>
        // A v1 record exists only because the user saved it, so the user has seen it, at the latest when saving.
        // Only fields that are unset are written: v1 fields stay byte for byte, updatedAt included.
        tx
          .table<Paper, string>('papers')
          .toCollection()
          .modify((paper) => {
            if (paper.firstSeenAt === undefined) paper.firstSeenAt = paper.savedAt ?? paper.createdAt;
            if (paper.seenVersion === undefined && paper.latestVersion !== undefined)
              paper.seenVersion = paper.latestVersion;
          }),
      );
    // v3: the row-state index. Lookups read `[key, state]` pairs from it instead of whole records
    // (state-index.ts). The upgrader rewrites every paper unchanged: the middleware adds `state` on the way down.
    this.version(3)
      .stores({
        papers: `key, savedAt, updatedAt, firstSeenAt, lastSeenAt, *tags, ${STATE_INDEX}`,
      })
      .upgrade((tx) =>
        tx
          .table<Paper, string>('papers')
          .toCollection()
          .modify(() => undefined),
      );
    // v4: repairs of what older adapters stored (repairPaper), and a `citeKey` index, so an import that names cite keys
    // finds the papers holding them without reading the whole table (import-repo.ts papersAndHolders).
    this.version(4)
      .stores({
        papers: `key, savedAt, updatedAt, firstSeenAt, lastSeenAt, *tags, citeKey, ${STATE_INDEX}`,
      })
      .upgrade(async (tx) => {
        const listed = new Set<string>();
        await tx.table<Sighting, string>('sightings').each((sighting) => {
          if (DATED_LISTINGS.has(sighting.site)) listed.add(sighting.paperKey);
        });
        await tx
          .table<Paper, string>('papers')
          .toCollection()
          .modify((paper) => {
            repairPaper(paper, listed.has(paper.key));
          });
      });
    // v5: WebDAV sync's local side (sync-repo.ts), and the Zotero hand-off's record of sends and index of the user's
    // Zotero library (zotero-repo.ts). New tables only, so no upgrader: existing rows are untouched and the first sync
    // stamps every paper from what it holds.
    this.version(5).stores({
      syncDocs: 'key',
      syncSightings: 'id',
      syncOutbox: 'seq',
      syncApplied: 'path',
      syncMeta: 'k',
      syncBackups: 'id, at',
      zoteroSent: 'key',
      zoteroIndex: 'paperKey',
    });
  }
}

/** One paper sent to Zotero: when, which way, the item key when Zotero told it, and where it went (in words). */
export interface ZoteroSent {
  key: string;
  at: number;
  via: 'desktop' | 'web';
  itemKey?: string;
  target?: string;
}

export interface ZoteroIndexRow {
  paperKey: string;
  itemKey: string;
}

export interface SyncSighting {
  id: string;
  gone?: 1;
}

export interface SyncApplied {
  path: string;
  at: number;
}

export interface SyncMeta {
  k: string;
  v: unknown;
}

export interface SyncBackup {
  id: string;
  at: number;
  reason: string;
  papers: number;
  /** The lossless JSON backup text (lib/formats/json-backup/write.ts). */
  json: string;
}

/** The sites whose listings gave a paper its `published` date (sightings and savedFrom name them). */
const DATED_LISTINGS: ReadonlySet<string> = new Set(['arxiv-listing', 'huggingface']);

/** `YYYY-MM-DD`: listings date their rows to the day; a year or month alone came from an imported file. */
const FULL_DATE_LENGTH = 10;

/** A new-style arXiv id (`2311.09412`): its month is the v1 announcement month. */
const NEW_STYLE_ID = /^\d{4}\.\d{4,5}$/;

/**
 * v4's repair of one stored paper, in place, changing only what older adapters got wrong (every other field, updatedAt
 * included, stays as stored):
 *
 * - author names: HTML character references decoded (Hugging Face's page data wrote `D&#39;Mello`) and the list's "and "
 *   dropped from the front (arXiv's last author link reads `and Roberto Flammini`), the same steps the adapters now
 *   take (lib/sites/parse-helpers.ts);
 * - `published` dropped when it was a listing's date that cannot be the paper's v1 date: a new-style arXiv id, a full
 *   date (listings give days) outside the id's announcement window (isFirstListing: the id's month, the month before,
 *   the first week after; a replacement listed years later, 2311.09412 on 2026-09-22, is the case), and a paper met on
 *   a listing that dates its rows (an arXiv listing or Hugging Face, by a sighting or where it was saved from). A date
 *   from an imported file (a journal's, years after the preprint) on a paper never met on such a listing is the user's
 *   and stays. Without `published`, the id's month dates the paper (lib/paper/dates.ts knownDate).
 *
 * @param listed whether a sighting of the paper was on a listing in DATED_LISTINGS.
 */
export function repairPaper(paper: Paper, listed: boolean): void {
  // Stored records were validated when written; the type checks only keep an odd one from failing the whole upgrade.
  if (Array.isArray(paper.authors)) {
    const authors = paper.authors.map((name) => {
      if (typeof name !== 'string') return name;
      const repaired = withoutListConjunction(decodeEntities(name));
      return repaired.trim() === '' ? name : repaired;
    });
    if (authors.some((name, index) => name !== paper.authors[index])) paper.authors = authors;
  }

  const id = typeof paper.key === 'string' ? arxivIdOf(paper) : undefined;
  const fromListing = listed || (paper.savedFrom !== undefined && DATED_LISTINGS.has(paper.savedFrom.site));
  if (
    typeof paper.published === 'string' &&
    paper.published.length === FULL_DATE_LENGTH &&
    fromListing &&
    id !== undefined &&
    NEW_STYLE_ID.test(id) &&
    !isFirstListing(id, paper.published)
  ) {
    delete paper.published;
  }
}
