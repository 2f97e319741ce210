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
import type { Paper, Sighting } from '../paper/model.ts';
import { stateIndexMiddleware, STATE_INDEX } from './state-index.ts';

export const DB_NAME = 'dogear';

/** The version the code declares last. See the rule in the header before bumping it. */
export const SCHEMA_VERSION = 3;

export class AppDB extends Dexie {
  papers!: EntityTable<Paper, 'key'>;
  sightings!: EntityTable<Sighting, 'id'>;

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
  }
}
