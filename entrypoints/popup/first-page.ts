/**
 * The popup's first rows, read with raw IndexedDB before Dexie is even loaded: Dexie is most of the popup's code, and
 * compiling it before the first paint would cost more than the read itself.
 *
 * Reads the newest saved papers through the `savedAt` index (it holds saved papers only) and then, in a second
 * transaction so it never delays the rows, the saved count from the same index. When the database does not exist yet
 * the open is aborted in `upgradeneeded`, which per the IndexedDB spec leaves no database behind, so Dexie later
 * creates it with its schema as usual.
 */
import type { Paper } from '../../lib/paper/model.ts';

/** lib/db/app-db.ts DB_NAME. Not imported: that module imports Dexie. store.ts checks the two agree. */
export const RAW_DB_NAME = 'dogear';

export interface FirstPage {
  papers: Paper[];
  /** How many papers are saved; resolves after `papers`. */
  savedCount: Promise<number>;
}

const EMPTY: FirstPage = { papers: [], savedCount: Promise.resolve(0) };

/**
 * Rows painted before the full load: what a 600 px popup shows plus the list's overscan. Each is one more step of an
 * IndexedDB cursor, so no more than that.
 */
export const FIRST_PAGE = 12;

/** Where the early script (entrypoints/popup-first-read.ts) and main.tsx meet: whichever runs first starts the read. */
const SLOT = '__dogearFirstPage';

/** The popup's first read, started once per page load by whichever script runs first. */
export function startFirstPage(limit: number): Promise<FirstPage> {
  const scope = globalThis as unknown as Record<typeof SLOT, Promise<FirstPage> | undefined>;
  scope[SLOT] ??= readFirstPage(limit);
  return scope[SLOT];
}

export function readFirstPage(limit: number): Promise<FirstPage> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(RAW_DB_NAME);
    let created = false;
    open.onupgradeneeded = () => {
      created = true;
      open.transaction!.abort(); // always set during upgradeneeded
    };
    open.onerror = (event) => {
      if (created) {
        event.preventDefault();
        resolve(EMPTY);
      } else reject(open.error ?? new Error('IndexedDB open failed'));
    };
    open.onsuccess = () => {
      const db = open.result;
      // Another version is coming (Dexie upgrading the schema): step aside.
      db.onversionchange = () => db.close();
      if (
        !db.objectStoreNames.contains('papers') ||
        !db.transaction('papers').objectStore('papers').indexNames.contains('savedAt')
      ) {
        db.close();
        resolve(EMPTY);
        return;
      }
      const papers: Paper[] = [];
      const cursor = db.transaction('papers').objectStore('papers').index('savedAt').openCursor(null, 'prev');
      cursor.onerror = () => {
        db.close();
        reject(cursor.error ?? new Error('IndexedDB read failed'));
      };
      cursor.onsuccess = () => {
        const current = cursor.result;
        if (current !== null && papers.length < limit) {
          // Raw records carry the row-state index field Dexie's reads hide (lib/db/state-index.ts): drop it too.
          const { state: _state, ...paper } = current.value as Paper & { state?: unknown };
          papers.push(paper);
          current.continue();
          return;
        }
        const savedCount = new Promise<number>((resolveCount, rejectCount) => {
          const count = db.transaction('papers').objectStore('papers').index('savedAt').count();
          count.onsuccess = () => {
            db.close();
            resolveCount(count.result);
          };
          count.onerror = () => {
            db.close();
            rejectCount(count.error ?? new Error('IndexedDB count failed'));
          };
        });
        resolve({ papers, savedCount });
      };
    };
  });
}
