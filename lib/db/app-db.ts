/**
 * The Dexie database. It lives in the extension's origin only: the background service worker owns every write and
 * extension pages (popup) read it. Content scripts never open it — their IndexedDB would be the host site's
 * (dexie/Dexie.js#233) — they send messages instead (lib/messages.ts).
 *
 * Primary keys are canonical paper keys (strings), never auto-increment: a later sync engine merges on them.
 */
import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import type { Paper } from '../model.ts';

export const DB_NAME = 'dogear';

/** Bump on every schema change and keep a frozen fixture database per version (tests/unit/db). */
export const SCHEMA_VERSION = 1;

export class AppDB extends Dexie {
  papers!: EntityTable<Paper, 'key'>;

  /** @param options in node tests, `{indexedDB, IDBKeyRange}` from fake-indexeddb. */
  constructor(name = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      // savedAt is absent on unsaved papers, so its index lists exactly the saved collection.
      papers: 'key, savedAt, updatedAt',
    });
  }
}
