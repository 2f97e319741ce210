/**
 * The fault matrix of WebDAV sync: two or three devices (fake-indexeddb) against the real Apache mod_dav server of
 * tests/support/webdav-server.ts, through the fault proxy of tests/support/fault-proxy.ts, which loses responses, cuts
 * uploads, answers 412 or strips conditional headers on demand. Each test ends by checking what every device holds,
 * paper by paper (`library`), so a fault that loses a save, a note, a tag or a sighting fails it; the basic flows are
 * in engine.test.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deletePapers } from '../../../lib/db/library-repo.ts';
import { markSeen, savePaper, setNote, setTags, unsavePaper } from '../../../lib/db/papers-repo.ts';
import { outbox } from '../../../lib/db/sync-repo.ts';
import type { Source } from '../../../lib/paper/model.ts';
import { openConflicts } from '../../../lib/sync/doc.ts';
import { createWebDav, type WebDav } from '../../../lib/sync/webdav.ts';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.ts';
import { makeCandidate } from '../../support/papers.ts';
import { makeDevice, settle, syncOk, view, type Device } from '../../support/sync-devices.ts';
import { startWebDav, type WebDavServer } from '../../support/webdav-server.ts';

const FROM: Source = { site: 'huggingface', url: 'https://huggingface.co/papers' };
/** A change file's request path, as the proxy sees it. */
const CHANGE_FILE = /\/Dogear\/v1\/dev\/[a-z0-9]+\/\d{10}-[0-9a-f]{16}\.json\.gz$/;
const HOUR = 3_600_000;

let server: WebDavServer;
let proxy: FaultProxy;
const devices: Device[] = [];

beforeAll(async () => {
  server = await startWebDav();
  proxy = await startFaultProxy(server.url);
});
afterAll(async () => {
  await proxy.stop();
  await server.stop();
});
afterEach(() => {
  for (const device of devices.splice(0)) device.close();
  proxy.ignoreConditionalHeaders = false;
  proxy.log.length = 0;
  rmSync(join(server.dir, 'Dogear'), { recursive: true, force: true });
});

/** A device syncing through the proxy. */
function device(name: string, options: { skewMs?: number } = {}): Device {
  const made = makeDevice(name, {
    server: { url: proxy.url, user: server.user, password: server.password },
    ...options,
  });
  devices.push(made);
  return made;
}

const key = (id: string): string => `arxiv:${id}`;
const save = (on: Device, id: string): Promise<unknown> => savePaper(on.db, makeCandidate(id), FROM, on.now());
const note = (on: Device, id: string, text: string): Promise<unknown> =>
  setNote(on.db, key(id), text, on.now(), makeCandidate(id));
const tags = (on: Device, id: string, names: string[]): Promise<unknown> =>
  setTags(on.db, key(id), names, on.now(), makeCandidate(id));

interface Held {
  saved: boolean;
  note?: string;
  tags?: string[];
  /** Open note conflicts (texts that lost, kept for the user), sorted. */
  conflicts?: string[];
  /** How many sightings of the paper the device holds. */
  seen?: number;
}

/** What a device holds, paper by paper: the fields a fault could lose (tags sorted; empty ones left out). */
async function library(on: Device): Promise<Record<string, Held>> {
  const [papers, docs, sightings] = await Promise.all([
    on.db.papers.orderBy('key').toArray(),
    on.db.syncDocs.toArray(),
    on.db.sightings.toArray(),
  ]);
  const conflictsOf = new Map(docs.map((doc) => [doc.key, openConflicts(doc).map((conflict) => conflict.text)]));
  const held: Record<string, Held> = {};
  for (const paper of papers) {
    const entry: Held = { saved: paper.savedAt !== undefined };
    if (paper.note !== undefined) entry.note = paper.note;
    if (paper.tags !== undefined) entry.tags = [...paper.tags].sort();
    const conflicts = conflictsOf.get(paper.key) ?? [];
    if (conflicts.length > 0) entry.conflicts = [...conflicts].sort();
    const seen = sightings.filter((sighting) => sighting.paperKey === paper.key).length;
    if (seen > 0) entry.seen = seen;
    held[paper.key.slice('arxiv:'.length)] = entry;
  }
  return held;
}

/** Every device holds `expected`, and all hold the same library (views equal, every field and sighting). */
async function expectEverywhere(on: readonly Device[], expected: Record<string, Held>): Promise<void> {
  for (const one of on) expect(await library(one), one.name).toEqual(expected);
  const first = await view(on[0]!.db);
  for (const one of on.slice(1)) expect(await view(one.db), `${one.name} vs ${on[0]!.name}`).toEqual(first);
}

/** Every file under the server's Dogear folder, relative to the DAV root. */
function serverFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else files.push(`${prefix}${name}`);
    }
  };
  walk(join(server.dir, 'Dogear'), 'Dogear/');
  return files.sort();
}
const changeFiles = (device?: Device): string[] =>
  serverFiles().filter((file) => /^Dogear\/v1\/dev\/[a-z0-9]+\/\d{10}-/.test(file) && fileOf(file, device));
const nameOf = (file: string): string => file.slice(file.lastIndexOf('/') + 1);
const snapshots = (): string[] => serverFiles().filter((file) => file.startsWith('Dogear/v1/snap/'));
let deviceIds = new Map<Device, string>();
const fileOf = (file: string, device: Device | undefined): boolean =>
  device === undefined || file.startsWith(`Dogear/v1/dev/${deviceIds.get(device)}/`);
async function idOf(on: Device): Promise<string> {
  const id = (await on.db.syncMeta.get('device'))?.v as string;
  deviceIds.set(on, id);
  return id;
}
afterEach(() => {
  deviceIds = new Map();
});

/** The sha256 hex of a file on the server: its change-file name starts with the first 16 digits. */
const sha256 = (file: string): string =>
  createHash('sha256')
    .update(readFileSync(join(server.dir, file)))
    .digest('hex');
/** Dates HEAD.json a minute back, so Apache's ETag for it is strong again without waiting. */
function ageHead(): void {
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(server.dir, 'Dogear/v1/HEAD.json'), past, past);
}
function flipByte(file: string, at = 40): void {
  const bytes = readFileSync(join(server.dir, file));
  bytes[Math.min(at, bytes.length - 1)]! ^= 0xff;
  writeFileSync(join(server.dir, file), bytes);
}

describe('concurrent pushes', () => {
  it('from three devices at once, starting from an empty folder, keep every change', async () => {
    const [a, b, c] = [device('a'), device('b'), device('c')];
    await save(a, '2401.00001');
    await save(b, '2401.00002');
    await save(c, '2401.00003');
    for (const [on, tag] of [
      [a, 'from-a'],
      [b, 'from-b'],
      [c, 'from-c'],
    ] as const) {
      await tags(on, '2401.00009', [tag]);
    }
    await note(a, '2401.00009', 'shared paper, note from a');
    // All three find no format.json and race to create it: one wins, the others join its library.
    const first = await Promise.all([a.sync(), b.sync(), c.sync()]);
    expect(first).toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
    ]);
    expect(serverFiles().filter((file) => file.endsWith('format.json'))).toEqual(['Dogear/v1/format.json']);
    const libraries = await Promise.all([a, b, c].map(async (on) => (await on.db.syncMeta.get('library'))?.v));
    expect(new Set(libraries).size).toBe(1);

    // Then each edits the same note and syncs at once, twice: every text survives, as the note or a conflict.
    await Promise.all([a.sync(), b.sync(), c.sync()]);
    await note(a, '2401.00009', 'a: second thoughts');
    await note(b, '2401.00009', 'b: disagree with §2');
    await note(c, '2401.00009', 'c: see appendix');
    await save(c, '2401.00004');
    await Promise.all([a.sync(), b.sync(), c.sync()]);
    await Promise.all([a.sync(), b.sync(), c.sync()]);
    await settle([a, b, c]);

    const held = await library(a);
    const shared = held['2401.00009']!;
    expect([shared.note, ...(shared.conflicts ?? [])].sort()).toEqual([
      'a: second thoughts',
      'b: disagree with §2',
      'c: see appendix',
    ]);
    await expectEverywhere([a, b, c], {
      '2401.00001': { saved: true },
      '2401.00002': { saved: true },
      '2401.00003': { saved: true },
      '2401.00004': { saved: true },
      '2401.00009': { ...shared, saved: false, tags: ['from-a', 'from-b', 'from-c'] },
    });
  });
});

describe('a lost or cut write', () => {
  it('a dropped PUT response: the run fails as unreachable, the next one finds its file and keeps one copy', async () => {
    const a = device('a');
    const b = device('b');
    await save(a, '2401.00001');
    await note(a, '2401.00001', 'written, but the answer was lost');
    proxy.failNext({ method: 'PUT', path: CHANGE_FILE, fault: 'drop-response' });
    expect(await a.sync()).toMatchObject({ ok: false, error: 'unreachable' });
    await idOf(a);
    // The file is on the server; the device does not know it yet.
    const written = changeFiles(a);
    expect(written).toHaveLength(1);
    expect((await outbox(a.db)).map((entry) => entry.path)).toEqual([written[0]]);

    const report = await syncOk(a);
    expect(report.pushed).toBe(1);
    expect(changeFiles(a)).toEqual(written);
    expect(sha256(written[0]!).slice(0, 16)).toBe(written[0]!.slice(-24, -8));
    // The retry's create met the file (412), read it back, found the same bytes and left it.
    const onFile = proxy.log.filter((entry) => entry.path.endsWith(nameOf(written[0]!)));
    expect(onFile.map((entry) => `${entry.method} ${entry.status ?? entry.fault}`)).toEqual([
      'PUT drop-response',
      'PUT 412',
      'GET 200',
    ]);
    expect(await outbox(a.db)).toEqual([]);

    await settle([a, b]);
    await expectEverywhere([a, b], { '2401.00001': { saved: true, note: 'written, but the answer was lost' } });
    expect(changeFiles(a)).toEqual(written);
  });

  it('a truncated upload: the run fails, the next one writes the whole file', async () => {
    const a = device('a');
    const b = device('b');
    await save(a, '2401.00001');
    await tags(a, '2401.00001', ['cut short']);
    proxy.failNext({ method: 'PUT', path: CHANGE_FILE, fault: 'truncate-upload' });
    expect(await a.sync()).toMatchObject({ ok: false, error: 'unreachable' });
    await idOf(a);
    // Apache drops a PUT whose body stops short of its Content-Length: nothing half-written stays.
    expect(changeFiles(a)).toEqual([]);
    await syncOk(a);
    const [file] = changeFiles(a);
    expect(sha256(file!).slice(0, 16)).toBe(file!.slice(-24, -8));
    await settle([a, b]);
    await expectEverywhere([a, b], { '2401.00001': { saved: true, tags: ['cut short'] } });
  });

  it('a server that kept half of a cut upload: the next run replaces the half file with the whole one', async () => {
    const a = device('a');
    const b = device('b');
    await save(a, '2401.00001');
    await note(a, '2401.00001', 'half a file is no file');
    proxy.failNext({ method: 'PUT', path: CHANGE_FILE, fault: 'reset' });
    expect(await a.sync()).toMatchObject({ ok: false, error: 'unreachable' });
    // As a server that writes in place would leave it: the first half of the bytes, under the file's name.
    const [entry] = await outbox(a.db);
    expect(entry?.path).toBeDefined();
    mkdirSync(join(server.dir, entry!.path!, '..'), { recursive: true });
    writeFileSync(join(server.dir, entry!.path!), entry!.bytes!.subarray(0, Math.floor(entry!.bytes!.length / 2)));
    // b reads it meanwhile: a damaged file, skipped and said, not joined.
    const early = await syncOk(b);
    expect(early.skipped).toEqual([expect.stringMatching(/^Dogear\/v1\/dev\/.*hash mismatch/)]);
    expect(await library(b)).toEqual({});

    const from = proxy.log.length;
    await syncOk(a);
    expect(sha256(entry!.path!)).toBe(entry!.hash);
    const requests = proxy.log.slice(from).filter((logged) => logged.path.endsWith(nameOf(entry!.path!)));
    expect(requests.map((logged) => `${logged.method} ${logged.status ?? logged.fault}`)).toEqual([
      'PUT 412',
      'GET 200',
      'DELETE 204',
      'PUT 201',
    ]);
    const later = await syncOk(b);
    expect(later.skipped).toEqual([]);
    await settle([a, b]);
    await expectEverywhere([a, b], { '2401.00001': { saved: true, note: 'half a file is no file' } });
  });

  it('an error status or a reset: the run stops with a plain reason, the next one converges', async () => {
    const a = device('a');
    const b = device('b');
    await save(a, '2401.00001');
    await settle([a, b]);
    await save(a, '2401.00002');
    await syncOk(a);
    proxy.failNext({ method: 'GET', path: CHANGE_FILE, fault: 'status', status: 503 });
    expect(await b.sync()).toMatchObject({ ok: false, error: 'server' });
    await save(b, '2401.00003');
    proxy.failNext({ method: 'PUT', path: CHANGE_FILE, fault: 'reset' });
    expect(await b.sync()).toMatchObject({ ok: false, error: 'unreachable' });
    proxy.failNext({ method: 'GET', fault: 'status', status: 401 });
    expect(await b.sync()).toMatchObject({ ok: false, error: 'auth' });
    proxy.failNext({ method: 'PUT', path: CHANGE_FILE, fault: 'status', status: 507 });
    expect(await b.sync()).toMatchObject({ ok: false, error: 'no-space' });
    expect(proxy.log.filter((entry) => entry.fault !== undefined)).toHaveLength(4);
    await settle([a, b]);
    await expectEverywhere([a, b], {
      '2401.00001': { saved: true },
      '2401.00002': { saved: true },
      '2401.00003': { saved: true },
    });
  });
});

/**
 * A WebDAV client that fails at one call, before or after it reaches the server, as a worker killed there: `at` is the
 * call's index (0-based) or a test of its name and path. `calls` records every call as `<method> <path>`.
 */
function killedAt(
  dav: WebDav,
  at: number | ((call: string) => boolean),
  when: 'before' | 'after',
  calls: string[] = [],
): WebDav {
  let index = 0;
  function wrap<A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      const described = `${name} ${String(args[0] ?? '')}`;
      const kill = typeof at === 'number' ? index === at : at(described);
      index += 1;
      calls.push(described);
      if (kill && when === 'before') throw new Error(`killed before ${described}`);
      const result = await call(...args);
      if (kill && when === 'after') throw new Error(`killed after ${described}`);
      return result;
    };
  }
  return {
    root: dav.root,
    list: wrap('list', dav.list),
    get: wrap('get', dav.get),
    create: wrap('create', dav.create),
    replace: wrap('replace', dav.replace),
    remove: wrap('remove', dav.remove),
    makeFolder: wrap('makeFolder', dav.makeFolder),
    probe: wrap('probe', dav.probe),
  };
}

describe('a worker killed between steps', () => {
  const real = (): WebDav => createWebDav({ url: proxy.url, user: server.user, password: server.password, fetch });

  /**
   * Three devices that have synced P1 (note) and P2. Then each edits (a: the note, P3 with tags, P2 unsaved; b: its own
   * note, P2 deleted, P4 saved) and b syncs, compacting; c marks P5 seen and uploads it, its run cut right after (so
   * nobody has removed what b's snapshot covers yet). Returns the devices; a's next run (push, read b's snapshot and
   * c's file, push the conflict, remove the files b's snapshot covers, compact) is the one cut.
   */
  async function scenario(): Promise<[Device, Device, Device]> {
    rmSync(join(server.dir, 'Dogear'), { recursive: true, force: true });
    for (const old of devices.splice(0)) old.close();
    const a = device('a');
    const b = device('b');
    const c = device('c');
    await save(a, '2401.00001');
    await note(a, '2401.00001', 'a1');
    await save(a, '2401.00002');
    await settle([a, b, c]);
    await note(a, '2401.00001', 'a1, then a2');
    await save(a, '2401.00003');
    await tags(a, '2401.00003', ['kill', 'test']);
    await unsavePaper(a.db, key('2401.00002'), a.now());
    await note(b, '2401.00001', 'b: written on b');
    await deletePapers(b.db, [key('2401.00002')]);
    await save(b, '2401.00004');
    await syncOk(b, { compactAfter: 0 });
    await markSeen(c.db, [makeCandidate('2401.00005')], FROM, 'mark-c', c.now());
    const cut = await c.sync({ dav: killedAt(real(), (call) => call === 'get Dogear/v1/HEAD.json', 'before') });
    expect(cut).toMatchObject({ ok: false });
    ageHead();
    return [a, b, c];
  }

  /** b's deletion of P2 is older than a's unsave, which brings it back; a's note is the later edit. */
  const EXPECTED: Record<string, Held> = {
    '2401.00001': { saved: true, note: 'a1, then a2', conflicts: ['b: written on b'] },
    '2401.00002': { saved: false },
    '2401.00003': { saved: true, tags: ['kill', 'test'] },
    '2401.00004': { saved: true },
    '2401.00005': { saved: false, seen: 1 },
  };

  it('at every call of a run, before or after it reaches the server: the next runs lose nothing', async () => {
    const [a0, b0, c0] = await scenario();
    const calls: string[] = [];
    await syncOk(a0, { dav: killedAt(real(), -1, 'before', calls), compactAfter: 2 });
    // The uncut run does every step: push, the pull, the conflict's push, the clean-up and a compaction.
    expect(calls).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^create Dogear\/v1\/dev\//),
        expect.stringMatching(/^get Dogear\/v1\/snap\//),
        expect.stringMatching(/^get Dogear\/v1\/dev\//),
        expect.stringMatching(/^remove Dogear\/v1\/dev\//),
        expect.stringMatching(/^create Dogear\/v1\/snap\//),
        'replace Dogear/v1/HEAD.json',
      ]),
    );
    expect(calls.filter((call) => call.startsWith('create Dogear/v1/dev/'))).toHaveLength(2);
    await settle([a0, b0, c0]);
    await expectEverywhere([a0, b0, c0], EXPECTED);

    const cut: string[] = [];
    for (const when of ['before', 'after'] as const) {
      for (let at = 0; at < calls.length; at++) {
        const [a, b, c] = await scenario();
        const outcome = await a.sync({ dav: killedAt(real(), at, when), compactAfter: 2 });
        expect(outcome, `${when} ${calls[at]}`).toMatchObject({ ok: false });
        cut.push(`${when} ${calls[at]}`);
        await settle([a, b, c]);
        await expectEverywhere([a, b, c], EXPECTED);
        // A device joining afterwards reads the same library from what is left on the server.
        const d = device('d');
        await syncOk(d);
        await expectEverywhere([a, b, c, d], EXPECTED);
      }
    }
    expect(cut).toHaveLength(2 * calls.length);
  }, 240_000);
});

describe('compaction racing', () => {
  /** a and b each write three change files (P1–P6), synced both ways. */
  async function sixFiles(): Promise<[Device, Device]> {
    const a = device('a');
    const b = device('b');
    for (let index = 1; index <= 3; index++) {
      await save(a, `2401.0000${index}`);
      await syncOk(a);
      await save(b, `2401.0001${index}`);
      await note(b, `2401.0001${index}`, `note ${index}`);
      await syncOk(b);
    }
    return [a, b];
  }
  const SIX: Record<string, Held> = {
    '2401.00001': { saved: true },
    '2401.00002': { saved: true },
    '2401.00003': { saved: true },
    '2401.00011': { saved: true, note: 'note 1' },
    '2401.00012': { saved: true, note: 'note 2' },
    '2401.00013': { saved: true, note: 'note 3' },
  };

  it('two devices compacting at once: one snapshot wins, no change is lost', async () => {
    const [a, b] = await sixFiles();
    await save(a, '2401.00004');
    await save(b, '2401.00014');
    const outcomes = await Promise.all([a.sync({ compactAfter: 2 }), b.sync({ compactAfter: 2 })]);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: true });
    // Both wrote a snapshot and HEAD.json names one. Apache may tell both their conditional PUT landed (it checks the
    // condition before the upload), so the other may stay until it is an hour old; neither run deleted anything.
    const head = JSON.parse(readFileSync(join(server.dir, 'Dogear/v1/HEAD.json'), 'utf8')) as { snapshot: string };
    expect(snapshots()).toContain(`Dogear/v1/${head.snapshot}`);
    expect(snapshots().length).toBeLessThanOrEqual(2);
    const c = device('c');
    await settle([a, b, c]);
    await expectEverywhere([a, b, c], {
      ...SIX,
      '2401.00004': { saved: true },
      '2401.00014': { saved: true },
    });
  });

  it('a lost answer to the HEAD.json write: the run fails, the next one reads its own snapshot back', async () => {
    const [a, b] = await sixFiles();
    proxy.failNext({ method: 'PUT', path: /\/HEAD\.json$/, fault: 'drop-response' });
    expect(await a.sync({ compactAfter: 2 })).toMatchObject({ ok: false, error: 'unreachable' });
    const head = JSON.parse(readFileSync(join(server.dir, 'Dogear/v1/HEAD.json'), 'utf8')) as { snapshot: string };
    expect(snapshots()).toEqual([`Dogear/v1/${head.snapshot}`]);
    await save(a, '2401.00004');
    await syncOk(a);
    const c = device('c');
    await settle([a, b, c]);
    await expectEverywhere([a, b, c], { ...SIX, '2401.00004': { saved: true } });
  });

  it('HEAD.json replaced meanwhile (412 on its If-Match): the snapshot is withdrawn, every change file stays', async () => {
    const [a, b] = await sixFiles();
    await syncOk(a, { compactAfter: 2 });
    expect(snapshots()).toHaveLength(1);
    const first = snapshots();
    await save(b, '2401.00014');
    await syncOk(b);
    await save(a, '2401.00004');
    const before = changeFiles();
    proxy.failNext({ method: 'PUT', path: /\/HEAD\.json$/, fault: 'status', status: 412 });
    const report = await syncOk(a, { compactAfter: 0 });
    expect(report.pushed).toBe(1);
    expect(proxy.log.some((entry) => entry.fault === 'status')).toBe(true);
    // The old snapshot still heads; the new one is gone; nothing a reader needs was removed.
    expect(snapshots()).toEqual(first);
    expect(changeFiles()).toEqual(expect.arrayContaining(before));
    const c = device('c');
    await settle([a, b, c]);
    await expectEverywhere([a, b, c], { ...SIX, '2401.00004': { saved: true }, '2401.00014': { saved: true } });
  });
});

describe('clock skew', () => {
  it('of +1 h and −1 h: the edit made after reading another wins, concurrent notes are both kept', async () => {
    const fast = device('fast', { skewMs: HOUR });
    const slow = device('slow', { skewMs: -HOUR });
    const right = device('right');
    const all = [fast, slow, right];
    await save(fast, '2401.00001');
    await note(fast, '2401.00001', 'fast: first');
    await settle(all);
    // Two hours behind the fast device, the slow one still edits after it.
    await note(slow, '2401.00001', 'slow: second');
    await settle(all);
    await unsavePaper(fast.db, key('2401.00001'), fast.now());
    await settle(all);
    await save(slow, '2401.00001');
    await tags(slow, '2401.00001', ['after', 'unsave']);
    await settle(all);
    await expectEverywhere(all, { '2401.00001': { saved: true, note: 'slow: second', tags: ['after', 'unsave'] } });

    // Edits made without seeing each other: the notes both stay; tags added on both stay.
    await note(fast, '2401.00001', 'fast: concurrent');
    await note(slow, '2401.00001', 'slow: concurrent');
    await tags(right, '2401.00001', ['after', 'unsave', 'right']);
    await tags(slow, '2401.00001', ['after', 'unsave', 'slow']);
    await settle(all);
    const held = (await library(right))['2401.00001']!;
    expect([held.note, ...(held.conflicts ?? [])].sort()).toEqual(['fast: concurrent', 'slow: concurrent']);
    expect(held.tags).toEqual(['after', 'right', 'slow', 'unsave']);

    // A deletion on the slow device, after it read everything, stands against the fast device's older stamps.
    await save(fast, '2401.00002');
    await settle(all);
    await deletePapers(slow.db, [key('2401.00002')]);
    await settle(all);
    await expectEverywhere(all, { '2401.00001': held });
  });
});

describe('an empty or replaced remote', () => {
  it('a folder deleted after the first sync: remote-missing, nothing changed here or there', async () => {
    const a = device('a');
    const b = device('b');
    await save(a, '2401.00001');
    await note(a, '2401.00001', 'keep me');
    await save(b, '2401.00002');
    await settle([a, b]);
    const before = await view(a.db);
    rmSync(join(server.dir, 'Dogear'), { recursive: true, force: true });
    await save(a, '2401.00003');
    for (const on of [a, b]) {
      const outcome = await on.sync();
      expect(outcome).toMatchObject({ ok: false, error: 'remote-missing' });
      if (!outcome.ok) expect(outcome.message).toContain('Nothing was changed here');
    }
    expect(existsSync(join(server.dir, 'Dogear'))).toBe(false);
    expect(await view(b.db)).toEqual(before);
    expect(Object.keys(await library(a))).toEqual(['2401.00001', '2401.00002', '2401.00003']);

    // An emptied folder (the tree left, no files) is the same: not an empty library.
    mkdirSync(join(server.dir, 'Dogear/v1/dev'), { recursive: true });
    expect(await b.sync()).toMatchObject({ ok: false, error: 'remote-missing' });
    expect(serverFiles()).toEqual([]);
    expect(await view(b.db)).toEqual(before);
  });

  it('a folder made again by another device: remote-replaced; change files without format.json: unreadable', async () => {
    const a = device('a');
    await save(a, '2401.00001');
    await syncOk(a);
    const file = changeFiles()[0]!;
    const bytes = readFileSync(join(server.dir, file));
    rmSync(join(server.dir, 'Dogear'), { recursive: true, force: true });
    const fresh = device('fresh');
    await save(fresh, '2401.00002');
    await syncOk(fresh);
    expect(await a.sync()).toMatchObject({ ok: false, error: 'remote-replaced' });
    expect(Object.keys(await library(a))).toEqual(['2401.00001']);

    rmSync(join(server.dir, 'Dogear/v1/format.json'));
    mkdirSync(join(server.dir, file, '..'), { recursive: true });
    writeFileSync(join(server.dir, file), bytes);
    const before = serverFiles();
    const newcomer = device('newcomer');
    await save(newcomer, '2401.00003');
    expect(await newcomer.sync()).toMatchObject({ ok: false, error: 'remote-unreadable' });
    expect(serverFiles()).toEqual(before);
    expect(Object.keys(await library(newcomer))).toEqual(['2401.00003']);
  });
});

describe('a corrupt remote', () => {
  it('a change file with flipped bytes is skipped and reported; the good ones are joined', async () => {
    const a = device('a');
    const b = device('b');
    await save(a, '2401.00001');
    await syncOk(a);
    await save(a, '2401.00002');
    await note(a, '2401.00002', 'in the damaged file');
    await syncOk(a);
    await idOf(a);
    const damaged = changeFiles(a)[1]!;
    flipByte(damaged);
    await save(b, '2401.00009');
    const report = await syncOk(b);
    expect(report.skipped).toEqual([expect.stringMatching(/hash mismatch/)]);
    expect(report.skipped[0]!.startsWith(damaged)).toBe(true);
    expect(await library(b)).toEqual({ '2401.00001': { saved: true }, '2401.00009': { saved: true } });
    // Reported again on the next run (never marked joined), and a loses nothing.
    expect((await syncOk(b)).skipped).toHaveLength(1);
    await syncOk(a);
    expect(await library(a)).toEqual({
      '2401.00001': { saved: true },
      '2401.00002': { saved: true, note: 'in the damaged file' },
      '2401.00009': { saved: true },
    });
    // The writer's next compaction covers its damaged file with a snapshot of what it holds: b gets P2 from that.
    await syncOk(a, { compactAfter: 0 });
    await settle([a, b]);
    await expectEverywhere([a, b], {
      '2401.00001': { saved: true },
      '2401.00002': { saved: true, note: 'in the damaged file' },
      '2401.00009': { saved: true },
    });
  });

  it('a garbage format.json: a clear error on every device, nothing written anywhere', async () => {
    const a = device('a');
    await save(a, '2401.00001');
    await syncOk(a);
    writeFileSync(join(server.dir, 'Dogear/v1/format.json'), '{"format": "dogear-sync", "version": 1, "libr');
    const files = serverFiles();
    const b = device('b');
    await save(b, '2401.00002');
    for (const on of [a, b]) {
      const outcome = await on.sync();
      expect(outcome).toMatchObject({ ok: false, error: 'remote-unreadable' });
      if (!outcome.ok) expect(outcome.message).toMatch(/format\.json on the server is unreadable/);
    }
    expect(serverFiles()).toEqual(files);
    expect(await library(a)).toEqual({ '2401.00001': { saved: true } });
    expect(await library(b)).toEqual({ '2401.00002': { saved: true } });
  });

  it('a garbage HEAD.json is skipped and reported; the change files are joined', async () => {
    const a = device('a');
    const b = device('b');
    await save(a, '2401.00001');
    await settle([a, b]);
    writeFileSync(join(server.dir, 'Dogear/v1/HEAD.json'), 'not json at all');
    await save(b, '2401.00002');
    await note(b, '2401.00002', 'after the garbage');
    await syncOk(b);
    const report = await syncOk(a);
    expect(report.skipped).toEqual([expect.stringMatching(/^Dogear\/v1\/HEAD\.json: not JSON/)]);
    await settle([a, b]);
    const expected = { '2401.00001': { saved: true }, '2401.00002': { saved: true, note: 'after the garbage' } };
    await expectEverywhere([a, b], expected);
    const c = device('c');
    await syncOk(c);
    await expectEverywhere([a, b, c], expected);
  });

  it('a snapshot with a wrong hash is skipped and reported; a later compaction heals the newcomer', async () => {
    const a = device('a');
    const b = device('b');
    for (let index = 1; index <= 3; index++) {
      await save(a, `2401.0000${index}`);
      await syncOk(a);
    }
    await note(b, '2401.00001', 'from b');
    await settle([a, b]);
    await syncOk(a, { compactAfter: 1 });
    const [snapshot] = snapshots();
    expect(snapshot).toBeDefined();
    flipByte(snapshot!, 100);
    const c = device('c');
    await save(c, '2401.00009');
    const report = await syncOk(c);
    expect(report.skipped).toEqual([expect.stringMatching(/hash mismatch/)]);
    expect(report.skipped[0]!.startsWith(snapshot!)).toBe(true);
    expect((await library(c))['2401.00009']).toEqual({ saved: true });
    // a compacts again (c's file is new to it): HEAD.json names a new snapshot. HEAD.json is dated back first: Apache
    // gives a file written in the last second a weak ETag, which no If-Match matches (lib/sync/webdav.ts).
    ageHead();
    await syncOk(a, { compactAfter: 0 });
    const head = JSON.parse(readFileSync(join(server.dir, 'Dogear/v1/HEAD.json'), 'utf8')) as { snapshot: string };
    expect(`Dogear/v1/${head.snapshot}`).not.toBe(snapshot);
    await settle([a, b, c]);
    await expectEverywhere([a, b, c], {
      '2401.00001': { saved: true, note: 'from b' },
      '2401.00002': { saved: true },
      '2401.00003': { saved: true },
      '2401.00009': { saved: true },
    });
  });
});

describe('a server that ignores If-Match and If-None-Match', () => {
  it('syncs append-only with a warning, never compacts, and a lost response still leaves one copy', async () => {
    proxy.ignoreConditionalHeaders = true;
    const a = device('a');
    const b = device('b');
    await save(a, '2401.00001');
    const first = await syncOk(a, { compactAfter: 0 });
    expect(first.warnings).toEqual([expect.stringMatching(/ignores conditional requests/)]);
    for (let index = 2; index <= 4; index++) {
      await save(b, `2401.0000${index}`);
      await note(b, `2401.0000${index}`, `b ${index}`);
      expect((await syncOk(b, { compactAfter: 0 })).warnings).toEqual([
        expect.stringMatching(/ignores conditional requests/),
      ]);
      await syncOk(a, { compactAfter: 0 });
    }
    await save(a, '2401.00005');
    proxy.failNext({ method: 'PUT', path: CHANGE_FILE, fault: 'drop-response' });
    expect(await a.sync({ compactAfter: 0 })).toMatchObject({ ok: false, error: 'unreachable' });
    await syncOk(a, { compactAfter: 0 });
    await idOf(a);
    expect(changeFiles(a)).toHaveLength(2);
    await settle([a, b]);
    expect(serverFiles().filter((file) => file.includes('HEAD') || file.includes('/snap/'))).toEqual([]);
    expect(existsSync(join(server.dir, 'Dogear/v1/snap'))).toBe(false);
    await expectEverywhere([a, b], {
      '2401.00001': { saved: true },
      '2401.00002': { saved: true, note: 'b 2' },
      '2401.00003': { saved: true, note: 'b 3' },
      '2401.00004': { saved: true, note: 'b 4' },
      '2401.00005': { saved: true },
    });
    // Never a replace (If-Match) of anything.
    expect(proxy.log.filter((entry) => entry.method === 'PUT' && entry.path.endsWith('HEAD.json'))).toEqual([]);
  });
});
