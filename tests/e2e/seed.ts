/**
 * The one seeding fixture of the E2E specs: writes papers and sightings into Dogear's database with raw IndexedDB from
 * an extension page (popup, library: the extension's origin), not through the code under test, and reads them back.
 * Records are stored as Dexie stores them, with the row-state index field (lib/db/state-index.ts); reading checks that
 * field against each record and drops it, as Dexie's reads do.
 *
 * The page must have opened the database once (its Dexie created the schema); `waitForSchema` waits for that.
 */
import { expect, type Page } from '@playwright/test';
import { encodeState, withStateCode } from '../../lib/db/state-index.ts';
import type { Paper, Sighting } from '../../lib/paper/model.ts';
import { paperState } from '../../lib/paper/state.ts';
import { asciiJson } from '../support/hostile.ts';

export interface SeedOptions {
  /** Empty both tables first. @default false */
  clear?: boolean;
  /** Reload the page afterwards, so it reads the seeded tables from the start. @default true */
  reload?: boolean;
}

/** Waits until the page's Dexie has created the schema (Dexie stores version n as n × 10). */
export async function waitForSchema(page: Page): Promise<void> {
  await page.waitForFunction(async () =>
    (await indexedDB.databases()).some((db) => db.name === 'dogear' && (db.version ?? 0) >= 20),
  );
}

/**
 * Writes `papers` and `sightings` in one readwrite transaction, then (by default) reloads the page. They travel as
 * ASCII JSON parsed in the page: lone surrogates (hostile text) do not survive as evaluate() arguments, which the
 * DevTools protocol carries as UTF-8.
 */
export async function seed(
  page: Page,
  papers: readonly Paper[],
  sightings: readonly Sighting[] = [],
  options: SeedOptions = {},
): Promise<void> {
  await waitForSchema(page);
  await page.evaluate(
    async (json) => {
      const { papers, sightings, clear } = JSON.parse(json) as {
        papers: object[];
        sightings: object[];
        clear: boolean;
      };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('dogear');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['papers', 'sightings'], 'readwrite');
        if (clear) {
          tx.objectStore('papers').clear();
          tx.objectStore('sightings').clear();
        }
        for (const paper of papers) tx.objectStore('papers').put(paper);
        for (const sighting of sightings) tx.objectStore('sightings').put(sighting);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    asciiJson({ papers: papers.map(withStateCode), sightings, clear: options.clear ?? false }),
  );
  if (options.reload ?? true) await page.reload();
}

/** Every record of both tables, in primary-key order; each paper's row-state field checked, then dropped. */
export async function dump(page: Page): Promise<{ papers: Paper[]; sightings: Sighting[] }> {
  const raw = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('dogear');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const result = { papers: await all<Paper>('papers'), sightings: await all<Sighting>('sightings') };
    db.close();
    return result;
  });
  const papers = raw.papers.map((record) => {
    const { state, ...paper } = record as Paper & { state?: unknown };
    expect(state, paper.key).toEqual(encodeState(paperState(paper)));
    return paper;
  });
  return { papers, sightings: raw.sightings };
}
