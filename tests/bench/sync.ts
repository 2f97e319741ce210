/**
 * `npm run bench:sync` (`jiti tests/bench/sync.ts`): WebDAV sync of a 10,000-paper library in node, against the real
 * Apache mod_dav server of tests/support/webdav-server.ts, each step next to a floor measured in the same run. There is
 * no target, so nothing here passes or fails.
 *
 * - Library: the first 10,000 papers of tests/bench/library-data.ts (seeded: every run the same), ~40% saved, some with
 *   notes and tags, ~2 sightings each; written into device A's database (fake-indexeddb) with bulkPut.
 * - First sync of A (upload): stamps every paper, writes one change file. Floor: bulkPut of the same papers and sightings
 *   into an empty database, plus one WebDAV PUT of as many bytes as A wrote.
 * - First sync of B, an empty device (download): reads and joins it all. Floor: bulkPut as above plus one GET of the same
 *   bytes.
 * - Then 10 changes on A (5 notes, 3 tag sets, 1 save, 1 unsave): A's sync (push) and B's (receive). Floor: an empty sync
 *   (nothing changed) of each, the cost of looking at the server and the library at all.
 * - A compaction of the server folder by A (snapshot + HEAD.json), and a third device C reading the snapshot.
 * - Bytes on the server after each phase.
 *
 * Set SYNC_BENCH_PAPERS for another size and SYNC_BENCH_PASSPHRASE to measure an encrypted library.
 */
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDB } from '../../lib/db/app-db.ts';
import { markSeen, savePaper, setNote, setTags, unsavePaper } from '../../lib/db/papers-repo.ts';
import type { Paper, Sighting, Source } from '../../lib/paper/model.ts';
import { createWebDav } from '../../lib/sync/webdav.ts';
import { makeCandidate } from '../support/papers.ts';
import { makeDevice, syncOk, view, type Device } from '../support/sync-devices.ts';
import { startWebDav, type WebDavServer } from '../support/webdav-server.ts';
import { generateLibrary } from './library-data.ts';

const PAPERS = Number(process.env.SYNC_BENCH_PAPERS ?? 10_000);
const PASSPHRASE = process.env.SYNC_BENCH_PASSPHRASE;
const FROM: Source = { site: 'huggingface', url: 'https://huggingface.co/papers' };

const log = (line: string): void => console.log(line);
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const ratio = (value: number, floor: number): string => `${(value / floor).toFixed(1)}×`;

/** CPU time of this process in ms (the server's is not counted: Apache is another process). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; cpu: number }> {
  const cpu = cpuMs();
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start, cpu: cpuMs() - cpu };
}
const withCpu = (measured: { ms: number; cpu: number }): string => `${ms(measured.ms)} (cpu ${ms(measured.cpu)})`;

/** Every file under the server's Dogear folder: count and bytes. */
function serverBytes(server: WebDavServer): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else {
        files += 1;
        bytes += stat.size;
      }
    }
  };
  walk(join(server.dir, 'Dogear'));
  return { files, bytes };
}
const onServer = (server: WebDavServer): string => {
  const { files, bytes } = serverBytes(server);
  return `${files} files, ${kb(bytes)}`;
};

/** Whether two devices hold the same papers and sightings (a paper's fields in any order: merged ones come reordered). */
async function sameLibrary(x: Device, y: Device): Promise<boolean> {
  return isDeepStrictEqual(await view(x.db), await view(y.db));
}

/**
 * Node's fetch, sending a read (GET, PROPFIND) again once when it fails before any answer. Apache closes a keep-alive
 * connection idle for 5 s (KeepAliveTimeout), and a sync that decodes a 10,000-paper snapshot keeps the event loop busy
 * longer than that: the next request goes out on the closed connection and fails ("fetch failed"). Browsers send such a
 * request again on a new connection; node's fetch does not. Installed before the devices are made (makeDevice takes
 * globalThis.fetch); the number of resends is printed.
 */
const nodeFetch = globalThis.fetch;
let resent = 0;
globalThis.fetch = async (input, init) => {
  try {
    return await nodeFetch(input, init);
  } catch (error) {
    if (init?.signal?.aborted || !['GET', 'PROPFIND'].includes(init?.method ?? 'GET')) throw error;
    resent += 1;
    return nodeFetch(input, init);
  }
};

function emptyDb(name: string): AppDB {
  return new AppDB(`dogear-sync-bench-${name}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

async function fill(db: AppDB, papers: Paper[], sightings: Sighting[]): Promise<void> {
  await db.transaction('rw', db.papers, db.sightings, async () => {
    await db.papers.bulkPut(papers);
    await db.sightings.bulkPut(sightings);
  });
}

async function main(): Promise<void> {
  const { papers, sightings } = generateLibrary(PAPERS);
  const saved = papers.filter((paper) => paper.savedAt !== undefined).length;
  const noted = papers.filter((paper) => paper.note !== undefined).length;
  const tagged = papers.filter((paper) => paper.tags !== undefined).length;
  log(
    `Sync bench: ${PAPERS.toLocaleString('en')} papers (${saved} saved, ${noted} noted, ${tagged} tagged), ` +
      `${sightings.length.toLocaleString('en')} sightings${PASSPHRASE ? ', encrypted' : ''}; node ${process.version}, ` +
      `load average ${loadAverage()}`,
  );
  const server = await startWebDav();
  const devices: Device[] = [];
  try {
    const device = (name: string): Device => {
      const made = makeDevice(`bench-${name}`, { server, ...(PASSPHRASE ? { passphrase: PASSPHRASE } : {}) });
      devices.push(made);
      return made;
    };
    const a = device('a');
    const b = device('b');
    await fill(a.db, papers, sightings);

    // Floors: the local write of the whole library, then the network bytes alone (measured below, once A's size is known).
    const floorDb = emptyDb('floor');
    const bulk = await timed(() => fill(floorDb, papers, sightings));
    floorDb.close();

    log('');
    log('## First sync');
    const upload = await timed(() => syncOk(a));
    const uploaded = serverBytes(server);
    log(`A uploads: ${withCpu(upload)}; pushed ${upload.value.pushed} file(s); server: ${onServer(server)}`);
    const download = await timed(() => syncOk(b));
    log(`B (empty) downloads: ${withCpu(download)}; changed ${download.value.changed} papers`);

    const dav = createWebDav({ url: server.url, user: server.user, password: server.password, fetch });
    const blob = new Uint8Array(uploaded.bytes).map((_, index) => (index * 2654435761) >>> 24);
    await dav.makeFolder('floor/');
    const put = await timed(() => dav.create('floor/blob', blob));
    const get = await timed(() => dav.get('floor/blob'));
    await dav.remove('floor/');
    log(`floor: bulkPut of the library ${withCpu(bulk)}; PUT of ${kb(blob.length)} ${ms(put.ms)}, GET ${ms(get.ms)}`);
    log(
      `ratio: upload ${ratio(upload.ms, bulk.ms + put.ms)} of (bulkPut + PUT), ` +
        `download ${ratio(download.ms, bulk.ms + get.ms)} of (bulkPut + GET)`,
    );
    log(`A and B hold the same library: ${(await sameLibrary(a, b)) ? 'yes' : 'NO'}`);

    log('');
    log('## 10 changes on A');
    const idle = await timed(() => syncOk(a));
    const idleB = await timed(() => syncOk(b));
    const keys = papers.slice(0, 10).map((paper) => paper.key);
    for (const key of keys.slice(0, 5)) await setNote(a.db, key, `bench note on ${key}`, a.now());
    for (const key of keys.slice(5, 8)) await setTags(a.db, key, ['bench', 'sync'], a.now());
    await savePaper(a.db, makeCandidate('2612.00001'), FROM, a.now());
    const unsave = papers.slice(10).find((paper) => paper.savedAt !== undefined)!;
    await unsavePaper(a.db, unsave.key, a.now());
    await markSeen(a.db, [makeCandidate('2612.00001')], FROM, undefined, a.now());
    const push = await timed(() => syncOk(a));
    const receive = await timed(() => syncOk(b));
    log(
      `A pushes: ${withCpu(push)} (${push.value.pushed} file); B receives: ${withCpu(receive)} (${receive.value.changed} papers changed)`,
    );
    log(`floor: a sync with nothing to do: A ${withCpu(idle)}, B ${withCpu(idleB)}`);
    log(`ratio: push ${ratio(push.ms, idle.ms)}, receive ${ratio(receive.ms, idleB.ms)} of an empty sync`);
    log(`server: ${onServer(server)}`);
    log(`A and B hold the same library: ${(await sameLibrary(a, b)) ? 'yes' : 'NO'}`);

    log('');
    log('## Compaction');
    const compaction = await timed(() => syncOk(a, { compactAfter: 0 }));
    log(`A writes a snapshot of everything: ${withCpu(compaction)}; server: ${onServer(server)}`);
    const c = device('c');
    const joined = await timed(() => syncOk(c));
    log(`C (empty) reads the snapshot: ${withCpu(joined)}; changed ${joined.value.changed} papers`);
    const cleanup = await timed(() => syncOk(b));
    log(`B's next sync (reads the snapshot's name, removes the change files it covers): ${withCpu(cleanup)}`);
    log(`server: ${onServer(server)}`);
    log(`A and C hold the same library: ${(await sameLibrary(a, c)) ? 'yes' : 'NO'}`);
    log('');
    log(`reads sent again after a connection closed while busy: ${resent}`);
  } finally {
    for (const device of devices) device.close();
    await server.stop();
  }
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

await main();
