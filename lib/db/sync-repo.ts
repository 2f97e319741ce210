/**
 * Sync's local side: the papers' PaperDocs (lib/sync/doc.ts), the sightings this device knows, the outbox of change
 * batches to upload, the remote files already joined, and the clock. Like papers-repo.ts, every writer is one Dexie
 * read-write transaction over exactly the tables it needs, with nothing but Dexie awaited inside: a service worker
 * killed mid-way leaves all of a step or none of it, so a change is never both in the library and missing from the
 * outbox, nor a remote file marked applied without its papers written.
 *
 * The library stays the source of truth for the rest of the extension: the docs only remember what this device last
 * sent or joined, and `collectLocal` finds what changed since by comparing every paper with its doc (stampLocal), so no
 * other writer in lib/db needs to know about sync.
 */
import { NOTE_SEPARATOR } from '../paper/merge.ts';
import { PaperSchema, SightingSchema, type Paper, type Sighting } from '../paper/model.ts';
import { toBackup } from '../formats/json-backup/write.ts';
import {
  isAlive,
  joinDocs,
  latestStamp,
  materialize,
  newConflicts,
  openConflicts,
  resolveConflict,
  stampLocal,
  type PaperDoc,
} from '../sync/doc.ts';
import type { Batch } from '../sync/files.ts';
import { newClock, receive, type Clock } from '../sync/hlc.ts';
import type { AppDB, SyncSighting } from './app-db.ts';

export type { Batch };

/** A batch waiting to be uploaded; `path`, `bytes` and `hash` once it is encoded (encrypted) for its file. */
export interface OutboxEntry {
  seq: number;
  batch: Batch;
  path?: string;
  bytes?: Uint8Array;
  hash?: string;
}

export interface SyncState {
  device: string;
  clock: Clock;
  nextSeq: number;
  library?: string;
  snapshot?: string;
}

/** How many local backups are kept (the newest). */
export const KEPT_BACKUPS = 5;

const DEVICE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DEVICE_LENGTH = 16;

type RandomBytes = (length: number) => Uint8Array;
const cryptoBytes: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

/** 16 characters of [a-z0-9]; the modulo bias (256 = 7·36 + 4) is irrelevant for an id. */
function randomId(random: RandomBytes): string {
  return Array.from(random(DEVICE_LENGTH), (byte) => DEVICE_ALPHABET[byte % DEVICE_ALPHABET.length]).join('');
}

/** Reads the state inside the caller's transaction (over syncMeta); a device without one gets its id here. */
async function readState(db: AppDB, random: RandomBytes = cryptoBytes): Promise<{ state: SyncState; fresh: boolean }> {
  const rows = await db.syncMeta.toArray();
  const meta = new Map(rows.map((row) => [row.k, row.v]));
  const device = meta.get('device');
  const fresh = typeof device !== 'string';
  const id = fresh ? randomId(random) : device;
  const clock = (meta.get('clock') as Clock | undefined) ?? newClock(id);
  const state: SyncState = { device: id, clock: { ...clock, device: id }, nextSeq: Number(meta.get('nextSeq') ?? 1) };
  const library = meta.get('library');
  const snapshot = meta.get('snapshot');
  if (typeof library === 'string') state.library = library;
  if (typeof snapshot === 'string') state.snapshot = snapshot;
  return { state, fresh };
}

async function writeState(db: AppDB, state: SyncState): Promise<void> {
  await db.syncMeta.bulkPut([
    { k: 'device', v: state.device },
    { k: 'clock', v: state.clock },
    { k: 'nextSeq', v: state.nextSeq },
  ]);
}

/** The device id, clock and counters; the first call chooses the device id (random, 16 of [a-z0-9]) and keeps it. */
export async function loadSyncState(db: AppDB, random: RandomBytes = cryptoBytes): Promise<SyncState> {
  return db.transaction('rw', db.syncMeta, async () => {
    const { state, fresh } = await readState(db, random);
    if (fresh) await writeState(db, state);
    return state;
  });
}

/** Records the server library this device syncs with, and the snapshot file it last joined. */
export async function setSyncLibrary(db: AppDB, library: string, snapshot?: string): Promise<void> {
  await db.transaction('rw', db.syncMeta, async () => {
    await db.syncMeta.put({ k: 'library', v: library });
    if (snapshot === undefined) await db.syncMeta.delete('snapshot');
    else await db.syncMeta.put({ k: 'snapshot', v: snapshot });
  });
}

/**
 * stampLocal, except that a missing paper is a deletion only when its doc held a paper: a doc that is alive but does
 * not materialize (a delta of a paper whose full doc this device has not read yet, say a tag added elsewhere) never had
 * a record here, and stampLocal alone would send its deletion.
 */
function stampHere(
  doc: PaperDoc | undefined,
  paper: Paper | undefined,
  clock: Clock,
  now: number,
): ReturnType<typeof stampLocal> {
  if (paper === undefined && (doc === undefined || materialize(doc) === undefined)) return { doc, delta: undefined };
  return stampLocal(doc, paper, clock, now);
}

/** Deltas of one paper joined into one (a local edit and the conflicts a join found go out together). */
function addDelta(deltas: Map<string, PaperDoc>, delta: PaperDoc | undefined): void {
  if (delta === undefined) return;
  const before = deltas.get(delta.key);
  deltas.set(delta.key, before === undefined ? delta : joinDocs(before, delta));
}

/**
 * The most docs, and sighting ids of each kind, one outbox entry holds. A first collect of a large library (every paper
 * new to sync, ~3 kB a doc with its abstract) is split, so no entry nears lib/sync/files.ts MAX_PLAIN_BYTES and no
 * single IndexedDB record or upload holds hundreds of megabytes.
 */
export const MAX_BATCH_DOCS = 2000;
export const MAX_BATCH_SIGHTINGS = 20_000;

/** Writes the deltas as new outbox entries (none when nothing changed, several when large); advances `state.nextSeq`. */
async function enqueue(
  db: AppDB,
  state: SyncState,
  docs: PaperDoc[],
  sightings: Batch['sightings'] = { add: [], del: [] },
): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = [];
  // Sightings ride with the last docs (a receiving device adds a sighting only for a paper it holds, and applies a
  // device's files in order).
  const docParts = Math.ceil(docs.length / MAX_BATCH_DOCS);
  const first = Math.max(docParts - 1, 0);
  for (let part = 0; ; part++) {
    const at = Math.max(part - first, -1);
    const sightingsOf = <T>(list: T[]): T[] =>
      at < 0 ? [] : list.slice(at * MAX_BATCH_SIGHTINGS, (at + 1) * MAX_BATCH_SIGHTINGS);
    const chunk = {
      docs: docs.slice(part * MAX_BATCH_DOCS, (part + 1) * MAX_BATCH_DOCS),
      add: sightingsOf(sightings.add),
      del: sightingsOf(sightings.del),
    };
    if (chunk.docs.length === 0 && chunk.add.length === 0 && chunk.del.length === 0) break;
    const seq = state.nextSeq++;
    const batch: Batch = {
      v: 1,
      device: state.device,
      seq,
      docs: chunk.docs,
      sightings: { add: chunk.add, del: chunk.del },
    };
    entries.push({ seq, batch });
  }
  await db.syncOutbox.bulkAdd(entries);
  return entries;
}

/**
 * How often a collect compares every paper (see collectLocal), and how far back a quick one looks before the last
 * collect (a write computes its time before its transaction waits for this one).
 */
export const FULL_COLLECT_MS = 6 * 60 * 60 * 1000;
const COLLECT_SLACK_MS = 60_000;

/**
 * Everything this device changed since its last collect, as new outbox entries (one, unless it is large: see
 * MAX_BATCH_DOCS): papers compared with their docs (stampLocal: changed fields are stamped; a doc alive whose paper is
 * gone is a deletion), sightings new here (adds) and known ones now missing (deletions, remembered as gone). Returns
 * the entries, none when nothing changed.
 *
 * Which papers are compared: all of them on a full collect (the first, then every FULL_COLLECT_MS, or when `full`);
 * otherwise those written since the last collect (the `updatedAt` index) and those whose key is in only one of the two
 * tables. A few writes leave `updatedAt` alone (a cite key kept on export, an undo restoring old records, an import
 * keeping a file's times): the next full collect sends them, so nothing is lost, only later.
 */
export async function collectLocal(db: AppDB, now: number, options: { full?: boolean } = {}): Promise<OutboxEntry[]> {
  return db.transaction(
    'rw',
    [db.papers, db.sightings, db.syncDocs, db.syncSightings, db.syncOutbox, db.syncMeta],
    async () => {
      const { state } = await readState(db);
      const [lastCollect, lastFull] = await Promise.all([db.syncMeta.get('collectedAt'), db.syncMeta.get('fullAt')]);
      const full =
        options.full === true ||
        typeof lastCollect?.v !== 'number' ||
        typeof lastFull?.v !== 'number' ||
        now - lastFull.v > FULL_COLLECT_MS;
      let papers: Paper[];
      let docs: PaperDoc[];
      if (full) {
        [papers, docs] = await Promise.all([db.papers.toArray(), db.syncDocs.toArray()]);
      } else {
        const since = (lastCollect!.v as number) - COLLECT_SLACK_MS;
        const [written, paperKeys, docKeys] = await Promise.all([
          db.papers.where('updatedAt').aboveOrEqual(since).toArray(),
          db.papers.toCollection().primaryKeys(),
          db.syncDocs.toCollection().primaryKeys(),
        ]);
        const inPapers = new Set(paperKeys);
        const inDocs = new Set(docKeys);
        const keys = new Set(written.map((paper) => paper.key));
        const onlyPapers = paperKeys.filter((key) => !inDocs.has(key) && !keys.has(key));
        for (const key of docKeys) if (!inPapers.has(key)) keys.add(key);
        papers = [...written, ...(await db.papers.bulkGet(onlyPapers)).filter((paper) => paper !== undefined)];
        for (const key of onlyPapers) keys.add(key);
        docs = (await db.syncDocs.bulkGet([...keys])).filter((doc) => doc !== undefined);
      }
      const docOf = new Map(docs.map((doc) => [doc.key, doc]));
      const changedDocs: PaperDoc[] = [];
      const deltas: PaperDoc[] = [];
      const fromDoc: Paper[] = [];
      const stamp = (doc: PaperDoc | undefined, paper: Paper | undefined): void => {
        const result = stampHere(doc, paper, state.clock, now);
        if (result.delta === undefined || result.doc === undefined) return;
        changedDocs.push(result.doc);
        deltas.push(result.delta);
        // What the doc holds can differ from the paper it was stamped from: a paper deleted and made again here keeps
        // the doc's earliest createdAt. Every other device shows the doc's value, so this one stores it too.
        const held = paper === undefined ? undefined : materialize(result.doc);
        if (paper !== undefined && held !== undefined && !samePaper(held, paper)) {
          const rewritten = PaperSchema.safeParse({ ...held, updatedAt: paper.updatedAt });
          if (rewritten.success) fromDoc.push(rewritten.data);
        }
      };
      for (const paper of papers) {
        stamp(docOf.get(paper.key), paper);
        docOf.delete(paper.key);
      }
      // Docs left over have no paper: deletions, unless already deleted (or never a paper here, see stampHere).
      for (const doc of docOf.values()) stamp(doc, undefined);
      await db.papers.bulkPut(fromDoc);

      const [sightingIds, known] = await Promise.all([
        db.sightings.toCollection().primaryKeys(),
        db.syncSightings.toArray(),
      ]);
      const present = new Set(sightingIds);
      const knownIds = new Map(known.map((row) => [row.id, row]));
      const added = sightingIds.filter((id) => !knownIds.has(id));
      const removed = known.filter((row) => row.gone === undefined && !present.has(row.id)).map((row) => row.id);
      const addRows = (await db.sightings.bulkGet(added)).filter((row): row is Sighting => row !== undefined);

      await db.syncDocs.bulkPut(changedDocs);
      await db.syncSightings.bulkPut([
        ...added.map((id): SyncSighting => ({ id })),
        ...removed.map((id): SyncSighting => ({ id, gone: 1 })),
      ]);
      const entries = await enqueue(db, state, deltas, { add: addRows, del: removed });
      await writeState(db, state);
      // The newest write this collect saw, by the writers' own clock (not the engine's): the next quick collect looks
      // from there.
      const [newest] = await db.papers.orderBy('updatedAt').reverse().limit(1).keys();
      await db.syncMeta.put({ k: 'collectedAt', v: typeof newest === 'number' ? newest : 0 });
      if (full) await db.syncMeta.put({ k: 'fullAt', v: now });
      return entries;
    },
  );
}

/** The outbox, oldest first. */
export async function outbox(db: AppDB): Promise<OutboxEntry[]> {
  return db.syncOutbox.orderBy('seq').toArray();
}

/** Keeps an entry's encoded file, so a retried upload sends the same bytes to the same path. */
export async function setEncoded(db: AppDB, seq: number, path: string, bytes: Uint8Array, hash: string): Promise<void> {
  await db.transaction('rw', db.syncOutbox, async () => {
    await db.syncOutbox.update(seq, { path, bytes, hash });
  });
}

/** Removes an uploaded entry. */
export async function dropOutbox(db: AppDB, seq: number): Promise<void> {
  await db.syncOutbox.delete(seq);
}

/** Whether two papers hold the same values, `updatedAt` aside (tags in the same order: every device shows the doc's). */
function samePaper(a: Omit<Paper, 'updatedAt'>, b: Paper): boolean {
  const x = a as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const fields = new Set([...Object.keys(x), ...Object.keys(y)]);
  fields.delete('updatedAt');
  for (const field of fields) {
    if (x[field] !== y[field] && JSON.stringify(x[field]) !== JSON.stringify(y[field])) return false;
  }
  return true;
}

/** The docs of a list joined by key (a file may hold several deltas of one paper). */
function byKey(docs: readonly PaperDoc[]): Map<string, PaperDoc> {
  const joined = new Map<string, PaperDoc>();
  for (const doc of docs) addDelta(joined, doc);
  return joined;
}

export interface ApplyResult {
  /** Papers written (new or changed). */
  changed: string[];
  /** Papers deleted here. */
  deleted: string[];
  /** Papers whose joined doc is no valid paper: left as they were. */
  invalid: string[];
}

/**
 * Joins a remote batch into the library, in one transaction: the touched papers' local edits not yet collected are
 * stamped first (into a new outbox entry, so nothing local is overwritten unseen), the clock moves past every incoming
 * stamp, each joined doc is materialized, checked with PaperSchema and written (or its paper deleted, with its
 * sightings, as library-repo.ts deletePapers does). Conflicts the join found go into the same outbox entry. Sightings
 * are added unless deleted before (gone) or their paper is not here; deletions stick. `path` is recorded, and a path
 * already recorded changes nothing.
 */
export async function applyRemote(
  db: AppDB,
  batch: Pick<Batch, 'docs' | 'sightings'>,
  path: string,
  now: number,
): Promise<ApplyResult> {
  return db.transaction(
    'rw',
    [db.papers, db.sightings, db.syncDocs, db.syncSightings, db.syncOutbox, db.syncMeta, db.syncApplied],
    async () => {
      const result: ApplyResult = { changed: [], deleted: [], invalid: [] };
      if ((await db.syncApplied.get(path)) !== undefined) return result;
      const { state } = await readState(db);
      const incoming = byKey(batch.docs);
      const keys = [...incoming.keys()];
      const [papers, docs] = await Promise.all([db.papers.bulkGet(keys), db.syncDocs.bulkGet(keys)]);

      const outgoing = new Map<string, PaperDoc>();
      const locals: Array<PaperDoc | undefined> = keys.map((key, index) => {
        const local = stampHere(docs[index], papers[index], state.clock, now);
        addDelta(outgoing, local.delta);
        return local.doc;
      });
      for (const doc of incoming.values()) {
        const stamp = latestStamp(doc);
        if (stamp !== undefined) receive(state.clock, stamp);
      }

      const writeDocs: PaperDoc[] = [];
      const writePapers: Paper[] = [];
      const deleteKeys: string[] = [];
      keys.forEach((key, index) => {
        const before = locals[index];
        const remote = incoming.get(key)!;
        const joined = joinDocs(before, remote);
        const paper = papers[index];
        const materialized = materialize(joined);
        if (materialized === undefined) {
          writeDocs.push(joined);
          addDelta(outgoing, newConflicts(before, remote, joined));
          if (paper !== undefined && !isAlive(joined)) deleteKeys.push(key);
          return;
        }
        if (paper !== undefined && samePaper(materialized, paper)) {
          writeDocs.push(joined);
          addDelta(outgoing, newConflicts(before, remote, joined));
          return;
        }
        const written = PaperSchema.safeParse({ ...materialized, updatedAt: now });
        if (!written.success) {
          // Left as it was: the incoming change is not taken here, and this device's doc (its own edits stamped) stands.
          result.invalid.push(key);
          if (before !== undefined) writeDocs.push(before);
          return;
        }
        writeDocs.push(joined);
        addDelta(outgoing, newConflicts(before, remote, joined));
        writePapers.push({ ...materialized, updatedAt: now } as Paper);
      });

      // Sightings of deleted papers go with them, here as on the device that deleted them, and stay deleted.
      const orphaned =
        deleteKeys.length === 0 ? [] : await db.sightings.where('paperKey').anyOf(deleteKeys).primaryKeys();
      await db.syncDocs.bulkPut(writeDocs);
      await db.papers.bulkPut(writePapers);
      await db.papers.bulkDelete(deleteKeys);
      await db.sightings.bulkDelete(orphaned);
      result.changed = writePapers.map((paper) => paper.key);
      result.deleted = deleteKeys;

      const gone = new Set(batch.sightings.del);
      const addIds = batch.sightings.add.map((sighting) => sighting.id).filter((id) => !gone.has(id));
      const knownRows = await db.syncSightings.bulkGet(addIds);
      const knownGone = new Set(knownRows.filter((row) => row?.gone !== undefined).map((row) => row!.id));
      const candidates = batch.sightings.add.filter(
        (sighting) =>
          !gone.has(sighting.id) && !knownGone.has(sighting.id) && SightingSchema.safeParse(sighting).success,
      );
      const paperKeys = [...new Set(candidates.map((sighting) => sighting.paperKey))];
      // bulkGet, not where('key').anyOf(): a cursor seeking 10,000 keys one by one is quadratic in fake-indexeddb (the
      // tests' and benchmark's IndexedDB), and a paper's record is small.
      const held = new Set(
        (await db.papers.bulkGet(paperKeys)).filter((paper) => paper !== undefined).map((paper) => paper.key),
      );
      const adds = candidates.filter((sighting) => held.has(sighting.paperKey));
      await db.sightings.bulkPut(adds);
      await db.sightings.bulkDelete([...gone]);
      await db.syncSightings.bulkPut([
        ...adds.map((sighting): SyncSighting => ({ id: sighting.id })),
        ...[...gone, ...orphaned].map((id): SyncSighting => ({ id, gone: 1 })),
      ]);

      await enqueue(db, state, [...outgoing.values()]);
      await db.syncApplied.put({ path, at: now });
      await writeState(db, state);
      return result;
    },
  );
}

export interface RemotePreview {
  /** Papers here that the docs would delete. */
  deletions: number;
  /** Saved papers here that the docs would unsave. */
  unsaves: number;
  /** Papers in the library. */
  library: number;
  /** Saved papers in the library. */
  saved: number;
}

/**
 * What joining `docs` would take away from the library, without writing anything: for the failsafe that asks before a
 * change file deletes or unsaves a large part of it.
 */
export async function previewRemote(db: AppDB, docs: readonly PaperDoc[], now = Date.now()): Promise<RemotePreview> {
  return db.transaction('r', [db.papers, db.syncDocs, db.syncMeta], async () => {
    const { state } = await readState(db);
    const incoming = byKey(docs);
    const keys = [...incoming.keys()];
    const [papers, stored, library, saved] = await Promise.all([
      db.papers.bulkGet(keys),
      db.syncDocs.bulkGet(keys),
      db.papers.count(),
      db.papers.where('savedAt').aboveOrEqual(-Infinity).count(),
    ]);
    let deletions = 0;
    let unsaves = 0;
    keys.forEach((key, index) => {
      const paper = papers[index];
      if (paper === undefined) return;
      const local = stampHere(stored[index], paper, state.clock, now).doc;
      const after = materialize(joinDocs(local, incoming.get(key)!));
      if (after === undefined) {
        if (!isAlive(joinDocs(local, incoming.get(key)!))) deletions += 1;
      } else if (paper.savedAt !== undefined && after.savedAt === undefined) {
        unsaves += 1;
      }
    });
    return { deletions, unsaves, library, saved };
  });
}

export interface ConflictView {
  key: string;
  title: string;
  id: string;
  text: string;
  /** The paper's note now. */
  note: string;
}

/** Every open note conflict, for the conflicts list: which paper, the text that lost, and the note that won. */
export async function openConflictList(db: AppDB): Promise<ConflictView[]> {
  return db.transaction('r', db.papers, db.syncDocs, async () => {
    const docs = await db.syncDocs.filter((doc) => doc.conflicts !== undefined).toArray();
    const open = docs.flatMap((doc) => openConflicts(doc).map((conflict) => ({ doc, conflict })));
    const papers = await db.papers.bulkGet([...new Set(open.map(({ doc }) => doc.key))]);
    const paperOf = new Map(papers.filter((paper) => paper !== undefined).map((paper) => [paper.key, paper]));
    return open.map(({ doc, conflict }) => {
      const paper = paperOf.get(doc.key);
      const title = paper?.title ?? (typeof doc.r?.title?.v === 'string' ? doc.r.title.v : doc.key);
      return { key: doc.key, title, id: conflict.id, text: conflict.text, note: paper?.note ?? '' };
    });
  });
}

/**
 * Resolves a note conflict: `append` adds its text to the paper's note (after NOTE_SEPARATOR), `discard` drops it.
 * Either way the conflict is marked done; the note's change and the resolution go into a new outbox entry.
 *
 * @returns the paper's note afterwards (undefined: none).
 * @throws Error when the appended note would be longer than a note may be (the conflict stays open).
 */
export async function resolveNoteConflict(
  db: AppDB,
  key: string,
  id: string,
  action: 'append' | 'discard',
  now: number,
): Promise<string | undefined> {
  return db.transaction('rw', [db.papers, db.syncDocs, db.syncOutbox, db.syncMeta], async () => {
    const { state } = await readState(db);
    let paper = await db.papers.get(key);
    const stored = await db.syncDocs.get(key);
    if (stored === undefined) return paper?.note;
    const deltas = new Map<string, PaperDoc>();
    // Local edits not yet collected first, so the appended note is stamped as an edit of the note the user sees.
    let { doc, delta } = stampHere(stored, paper, state.clock, now);
    addDelta(deltas, delta);
    const conflict = doc?.conflicts?.[id];
    if (doc === undefined || conflict === undefined) return paper?.note;
    if (action === 'append' && paper !== undefined && conflict.done === undefined) {
      const note = paper.note ? `${paper.note}${NOTE_SEPARATOR}${conflict.text}` : conflict.text;
      const next = PaperSchema.safeParse({ ...paper, note, updatedAt: now });
      if (!next.success) throw new Error('The note would be too long with this text appended.');
      paper = { ...paper, note, updatedAt: now };
      await db.papers.put(paper);
      ({ doc, delta } = stampLocal(doc, paper, state.clock, now));
      addDelta(deltas, delta);
    }
    const done = doc === undefined ? undefined : resolveConflict(doc, id, state.clock, now);
    addDelta(deltas, done);
    if (doc !== undefined) await db.syncDocs.put(done === undefined ? doc : joinDocs(doc, done));
    await enqueue(db, state, [...deltas.values()]);
    await writeState(db, state);
    return paper?.note;
  });
}

/** For the popup and settings: paper changes waiting to be uploaded, and open note conflicts. */
export async function syncCounts(db: AppDB): Promise<{ pending: number; conflicts: number }> {
  return db.transaction('r', db.syncOutbox, db.syncDocs, db.syncMeta, db.papers, async () => {
    let pending = 0;
    await db.syncOutbox.each((entry) => {
      pending += entry.batch.docs.length;
    });
    // Papers written since the last collect (the next run sends them); a run's own writes come before its last collect.
    const collected = await db.syncMeta.get('collectedAt');
    if (typeof collected?.v === 'number') pending += await db.papers.where('updatedAt').above(collected.v).count();
    let conflicts = 0;
    await db.syncDocs.each((doc) => {
      if (doc.conflicts !== undefined) conflicts += openConflicts(doc).length;
    });
    return { pending, conflicts };
  });
}

/**
 * Keeps a local copy of the library, the lossless JSON backup (lib/formats/json-backup/write.ts), before sync changes
 * it in bulk; the newest KEPT_BACKUPS stay. The library is read in one transaction; the text is made outside it (the
 * checksum is Web Crypto, which a Dexie transaction must not await).
 *
 * @returns the backup's id.
 */
export async function makeLocalBackup(
  db: AppDB,
  reason: string,
  now: number,
  random: RandomBytes = cryptoBytes,
): Promise<string> {
  const [papers, sightings] = await db.transaction('r', db.papers, db.sightings, () =>
    Promise.all([db.papers.toArray(), db.sightings.toArray()]),
  );
  const json = await toBackup({ papers, sightings }, now);
  const id = `${String(now).padStart(16, '0')}-${randomId(random).slice(0, 6)}`;
  await db.transaction('rw', db.syncBackups, async () => {
    await db.syncBackups.add({ id, at: now, reason, papers: papers.length, json });
    const old = await db.syncBackups.orderBy('at').reverse().offset(KEPT_BACKUPS).primaryKeys();
    await db.syncBackups.bulkDelete(old);
  });
  return id;
}

/**
 * Turns sync off: forgets every sync record (docs, known sightings, outbox, applied files, clock); the library and the
 * local backups stay.
 */
export async function resetSyncState(db: AppDB): Promise<void> {
  await db.transaction('rw', [db.syncDocs, db.syncSightings, db.syncOutbox, db.syncApplied, db.syncMeta], async () => {
    await Promise.all([
      db.syncDocs.clear(),
      db.syncSightings.clear(),
      db.syncOutbox.clear(),
      db.syncApplied.clear(),
      db.syncMeta.clear(),
    ]);
  });
}
