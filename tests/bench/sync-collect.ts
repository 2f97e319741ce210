/**
 * `jiti tests/bench/sync-collect.ts [count…]`: sync's local side (lib/db/sync-repo.ts) at 10,000 and 100,000 papers
 * (tests/bench/library-data.ts, seeded), in node on fake-indexeddb, which is far slower than a browser's IndexedDB: the
 * pure part (stampLocal over every paper, in memory) is printed beside each total, so the share the database takes
 * shows.
 *
 * - first collect: every paper is new to sync (each field stamped), one outbox entry with every doc;
 * - idle collect: nothing changed (the cost of every sync when the user did nothing);
 * - collect after 100 edits (notes);
 * - applyRemote of a 1,000-doc batch from another device (tags added).
 *
 * Prints the numbers; exits 0 whatever they are.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDB } from '../../lib/db/app-db.ts';
import { applyRemote, collectLocal } from '../../lib/db/sync-repo.ts';
import { stampLocal, type PaperDoc } from '../../lib/sync/doc.ts';
import { newClock } from '../../lib/sync/hlc.ts';
import { generateLibrary, NOW } from './library-data.ts';

const counts = process.argv.slice(2).map(Number).filter(Number.isFinite);
const log = (line: string): void => console.log(line);
const ms = (value: number): string => `${value.toFixed(0).padStart(7)} ms`;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

async function bench(count: number): Promise<void> {
  const { papers, sightings } = generateLibrary(count);
  const db = new AppDB(`bench-${count}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  await db.transaction('rw', db.papers, db.sightings, async () => {
    await db.papers.bulkPut(papers);
    await db.sightings.bulkPut(sightings);
  });
  log(`\n${count.toLocaleString('en')} papers, ${sightings.length.toLocaleString('en')} sightings`);

  // The pure part, in memory: what collectLocal computes, without the database.
  const clock = newClock('benchdevice0001');
  const [docs, firstPure] = await timed(async () =>
    papers.map((paper) => stampLocal(undefined, paper, clock, NOW).doc!),
  );
  const [, idlePure] = await timed(async () => {
    papers.forEach((paper, index) => stampLocal(docs[index], paper, clock, NOW + 1));
  });

  const [first, firstTotal] = await timed(() => collectLocal(db, NOW + 1000));
  const firstDocs = first.flatMap((entry) => entry.batch.docs);
  log(
    `first collect   ${ms(firstTotal)}  (stampLocal alone ${ms(firstPure)})  ${firstDocs.length} docs in ${first.length} entries`,
  );
  const [idle, idleTotal] = await timed(() => collectLocal(db, NOW + 2000));
  log(`idle collect    ${ms(idleTotal)}  (stampLocal alone ${ms(idlePure)})  ${idle.length} entries`);

  const edited = papers
    .slice(0, 100)
    .map((paper) => ({ ...paper, note: `edited ${paper.key}`, updatedAt: NOW + 3000 }));
  await db.papers.bulkPut(edited);
  const [after, editTotal] = await timed(() => collectLocal(db, NOW + 4000));
  log(`collect 100     ${ms(editTotal)}  ${after.flatMap((entry) => entry.batch.docs).length} docs`);

  const other = newClock('benchdevice0002');
  const remote: PaperDoc[] = papers.slice(0, 1000).map((paper, index) => {
    const base = firstDocs[index]!;
    return stampLocal(base, { ...paper, tags: ['from-remote'] }, other, NOW + 5000).delta!;
  });
  const [applied, applyTotal] = await timed(() =>
    applyRemote(db, { docs: remote, sightings: { add: [], del: [] } }, 'bench/1', NOW + 6000),
  );
  log(`apply 1,000     ${ms(applyTotal)}  ${applied.changed.length} changed, ${applied.invalid.length} invalid`);
  db.close();
}

for (const count of counts.length > 0 ? counts : [10_000, 100_000]) await bench(count);
