/**
 * One sync run between this device's library and the user's WebDAV folder. The merge is lib/sync/doc.ts, the files
 * lib/sync/files.ts, the local side lib/db/sync-repo.ts; this is the order of the steps and what each failure means.
 *
 * No lock file and no overwrite: each device only ever creates files in its own folder, named by their content hash,
 * with `If-None-Match: *`; the one shared file that is replaced, HEAD.json, is replaced only with `If-Match`, and a 412
 * there means another device compacted first (this run just leaves it). Every step can be cut off (a killed worker, a
 * lost response) and the next run picks up: local changes wait in the outbox with their encoded bytes, so a retry
 * writes the same file; a remote file is joined in one transaction and recorded as applied in it.
 *
 * What is never done: a missing, empty or unreadable server folder is never taken for an empty library (the run stops
 * and says so); a damaged change file is skipped and reported, not joined; a remote change that would delete or unsave
 * more than DELETION_SHARE of the library or DELETION_COUNT papers waits for the user's yes (the failsafe Floccus, a
 * bookmark sync over WebDAV, added after its users lost bookmarks to a half-read server file; README "Sync").
 *
 * Node-testable: it takes the database and the WebDAV client as parameters and touches no extension API.
 */
import type { AppDB } from '../../db/app-db.ts';
import {
  applyRemote,
  collectLocal,
  dropOutbox,
  loadSyncState,
  makeLocalBackup,
  outbox,
  previewRemote,
  resetSyncState,
  setEncoded,
  syncCounts,
} from '../../db/sync-repo.ts';
import { unlock, newEncryption, sha256Hex } from '../../sync/crypto.ts';
import type { PaperDoc } from '../../sync/doc.ts';
import { formatHlc, parseHlc } from '../../sync/hlc.ts';
import {
  batchPath,
  decodeBatch,
  decodeSnapshot,
  DEVICES_PATH,
  encodeFile,
  encodeFormat,
  encodeHead,
  FORMAT_PATH,
  HEAD_PATH,
  parseBatchPath,
  parseFormat,
  parseHead,
  ROOT,
  parseSnapshotPath,
  relativeToRoot,
  snapshotPath,
  SNAPSHOTS_PATH,
  type FormatFile,
  type Head,
  type SightingsDelta,
} from '../../sync/files.ts';
import { DavError, type WebDav } from '../../sync/webdav.ts';

/** Why a run stopped, in words the settings page shows (lib/sync/settings.ts SYNC_ERROR_WORDS). */
export type SyncErrorKind =
  | 'auth'
  | 'unreachable'
  | 'forbidden'
  | 'no-space'
  | 'server'
  | 'remote-missing'
  | 'remote-replaced'
  | 'remote-unreadable'
  | 'wrong-passphrase'
  | 'needs-passphrase'
  | 'needs-confirmation'
  | 'busy'
  | 'local';

export interface SyncDeps {
  db: AppDB;
  dav: WebDav;
  /** The end-to-end encryption passphrase, when the user set one. */
  passphrase?: string;
  /** Wall clock (tests move it to make skew). */
  now?: () => number;
  /** The user confirmed applying a remote change that deletes or unsaves many papers (the failsafe). */
  confirmDeletions?: boolean;
  /** How many change files make this device compact them (COMPACT_AFTER; tests lower it). */
  compactAfter?: number;
}

export interface SyncReport {
  ok: true;
  /** Change files this device wrote. */
  pushed: number;
  /** Change files (and snapshots) read from other devices. */
  pulled: number;
  /** Papers changed here by what was read. */
  changed: number;
  /** Their keys (changed or deleted), so open listings can follow. */
  changedKeys: string[];
  /** Open note conflicts after the run. */
  conflicts: number;
  /** Remote files skipped as damaged (names and why). They are reported, never taken for an empty library. */
  skipped: string[];
  /** Non-fatal notes: e.g. the server ignores conditional requests, so no snapshot was written. */
  warnings: string[];
}

export interface SyncFailure {
  ok: false;
  error: SyncErrorKind;
  message: string;
  /** With `needs-confirmation`: how many papers the remote change would delete or unsave, of how many. */
  confirmation?: { deletions: number; library: number };
}

export type SyncOutcome = SyncReport | SyncFailure;

/** The failsafe: a remote change deleting or unsaving more than this share of the library asks first… */
export const DELETION_SHARE = 0.2;
/** …or more than this many papers, whatever the share. */
export const DELETION_COUNT = 1000;
/** Below this many, the share alone never asks (unsaving 1 of a 3-paper library is 33 %, and no accident). */
const DELETION_FLOOR = 5;
/** How many change files on the server make a device write a snapshot and remove the files it covers. */
export const COMPACT_AFTER = 64;

class Stop extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly confirmation?: { deletions: number; library: number },
  ) {
    super(message);
  }
}

const DAV_KINDS: Record<string, SyncErrorKind> = {
  auth: 'auth',
  forbidden: 'forbidden',
  unreachable: 'unreachable',
  'no-space': 'no-space',
  'not-found': 'server',
  server: 'server',
  'bad-response': 'server',
};

/** Runs one sync. Never throws: every failure is a SyncFailure with a plain-words message. */
export async function syncOnce(deps: SyncDeps): Promise<SyncOutcome> {
  try {
    return await run(deps);
  } catch (error) {
    if (error instanceof Stop) {
      return {
        ok: false,
        error: error.kind,
        message: error.message,
        ...(error.confirmation ? { confirmation: error.confirmation } : {}),
      };
    }
    if (error instanceof DavError)
      return { ok: false, error: DAV_KINDS[error.kind] ?? 'server', message: error.message };
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, error: 'local', message };
  }
}

interface Remote {
  format: FormatFile;
  key: CryptoKey | undefined;
  warnings: string[];
}

/** format.json: read it, or create it when this device starts the library on an empty folder. */
async function openRemote(deps: SyncDeps, library: string | undefined, now: number): Promise<Remote> {
  const { dav, passphrase } = deps;
  const warnings: string[] = [];
  let file = await dav.get(FORMAT_PATH);
  if (file === undefined) {
    if (library !== undefined) {
      throw new Stop(
        'remote-missing',
        `The Dogear folder on the server (${dav.root}${ROOT}) is gone. Nothing was changed here; turn sync off and on again to upload this library anew.`,
      );
    }
    const devices = await dav.list(DEVICES_PATH);
    if (devices !== undefined && devices.length > 0) {
      throw new Stop(
        'remote-unreadable',
        `The server holds Dogear change files but no ${FORMAT_PATH}. Nothing was changed here or there.`,
      );
    }
    const made = passphrase ? await newEncryption(passphrase, crypto) : undefined;
    const format: FormatFile = {
      format: 'dogear-sync',
      version: 1,
      library: crypto.randomUUID(),
      createdAt: now,
      ...(made ? { encryption: made.encryption } : {}),
    };
    await dav.makeFolder(DEVICES_PATH);
    await dav.create(FORMAT_PATH, encodeFormat(format));
    // Read back what is there: another device may have created it first.
    file = await dav.get(FORMAT_PATH);
    if (file === undefined) throw new Stop('server', `The server did not keep ${FORMAT_PATH}.`);
  }
  const parsed = parseFormat(file.bytes);
  if (!parsed.ok) throw new Stop('remote-unreadable', `${FORMAT_PATH} on the server is unreadable: ${parsed.reason}`);
  const format = parsed.value;
  if (library !== undefined && format.library !== library) {
    throw new Stop(
      'remote-replaced',
      'The Dogear folder on the server belongs to another library now (it was deleted and made again). Nothing was changed here; turn sync off and on again to join it.',
    );
  }
  let key: CryptoKey | undefined;
  if (format.encryption) {
    if (!passphrase)
      throw new Stop('needs-passphrase', 'The library on the server is encrypted: enter its passphrase.');
    const unlocked = await unlock(format.encryption, passphrase, crypto);
    if (unlocked === 'wrong-passphrase') {
      throw new Stop('wrong-passphrase', 'The passphrase does not open the library on the server.');
    }
    key = unlocked;
  } else if (passphrase) {
    warnings.push('The library on the server is not encrypted, so the passphrase is not used.');
  }
  return { format, key, warnings };
}

/** Writes every outbox entry to this device's folder: the same bytes on every retry. */
async function push(deps: SyncDeps, device: string, key: CryptoKey | undefined): Promise<string[]> {
  const { db, dav } = deps;
  const written: string[] = [];
  let folderReady = false;
  for (const entry of await outbox(db)) {
    let { path, bytes, hash } = entry;
    if (path === undefined || bytes === undefined || hash === undefined) {
      const encoded = await encodeFile(entry.batch, key, crypto);
      ({ bytes, hash } = encoded);
      path = batchPath(device, entry.seq, hash);
      await setEncoded(db, entry.seq, path, bytes, hash);
    }
    if (!folderReady) {
      await dav.makeFolder(`${DEVICES_PATH}${device}/`);
      folderReady = true;
    }
    if ((await dav.create(path, bytes)) === 'exists') {
      // A retry after a lost response: the file is ours if it holds these bytes. Anything else under our name (a
      // write cut short) is replaced: this folder has one writer, this device.
      const there = await dav.get(path);
      if (there === undefined || (await sha256Hex(there.bytes, crypto)) !== hash) {
        await dav.remove(path);
        if ((await dav.create(path, bytes)) !== 'created') throw new Stop('server', `Could not write ${path}.`);
      }
    }
    await dropOutbox(db, entry.seq);
    await db.syncApplied.put({ path, at: Date.now() });
    written.push(path);
  }
  return written;
}

interface Incoming {
  path: string;
  docs: PaperDoc[];
  sightings: SightingsDelta;
}

/** The failsafe: stops before joining anything when the incoming files would delete or unsave many papers. */
async function checkDeletions(deps: SyncDeps, incoming: Incoming[], now: number): Promise<void> {
  const docs = incoming.flatMap((file) => file.docs);
  if (docs.length === 0) return;
  const preview = await previewRemote(deps.db, docs);
  const losing = preview.deletions + preview.unsaves;
  const library = preview.library;
  const many = losing > DELETION_COUNT || (losing >= DELETION_FLOOR && losing > DELETION_SHARE * library);
  if (!many) return;
  if (!deps.confirmDeletions) {
    throw new Stop(
      'needs-confirmation',
      `A change from another device would delete or unsave ${losing} of your ${library} papers. Nothing was applied yet.`,
      { deletions: losing, library },
    );
  }
  await makeLocalBackup(deps.db, `before a change from another device deleting or unsaving ${losing} papers`, now);
}

async function run(deps: SyncDeps): Promise<SyncOutcome> {
  const { db, dav } = deps;
  const now = deps.now ?? Date.now;
  const state = await loadSyncState(db);
  const remote = await openRemote(deps, state.library, now());
  const { key, warnings } = remote;
  if (state.library === undefined) {
    await makeLocalBackup(db, 'before the first sync', now());
    await db.syncMeta.put({ k: 'library', v: remote.format.library });
  }
  const skipped: string[] = [];

  // 1. This device's changes, then everything it has not sent yet.
  await collectLocal(db, now());
  const pushed = await push(deps, state.device, key);

  // 2. What other devices wrote: the newest snapshot, then every change file not yet joined here.
  const applied = new Set((await db.syncApplied.toArray()).map((row) => row.path));
  const incoming: Incoming[] = [];
  const headFile = await dav.get(HEAD_PATH);
  let head: Head | undefined;
  if (headFile !== undefined) {
    const parsed = parseHead(headFile.bytes);
    if (parsed.ok) head = parsed.value;
    else skipped.push(`${HEAD_PATH}: ${parsed.reason}`);
  }
  // The snapshot's covered files may be gone from the server: they count as read once the snapshot is joined, and only
  // then (a damaged snapshot leaves them to be read one by one, where they still exist).
  let covered = new Set<string>();
  if (head !== undefined) {
    const path = `${ROOT}${head.snapshot}`;
    let joinable = applied.has(path);
    if (!joinable) {
      const file = await dav.get(path);
      const decoded = file === undefined ? undefined : await decodeSnapshot(file.bytes, head.hash, key, crypto);
      if (decoded?.ok) {
        incoming.push({ path, docs: decoded.value.docs, sightings: decoded.value.sightings });
        joinable = true;
      } else {
        skipped.push(`${path}: ${decoded === undefined ? 'missing' : decoded.reason}`);
      }
    }
    if (joinable) covered = new Set(head.covers.map((covers) => `${ROOT}${covers}`));
  }
  const listed: string[] = [];
  for (const folder of (await dav.list(DEVICES_PATH)) ?? []) {
    if (!folder.isDir) continue;
    for (const entry of (await dav.list(folder.path)) ?? []) {
      if (entry.isDir || parseBatchPath(entry.path) === undefined) continue;
      listed.push(entry.path);
    }
  }
  // This device's own files are in `applied` once written; after "turn off" cleared that, they are read back like any.
  const unseen = listed.filter((path) => !applied.has(path) && !covered.has(path)).sort(byDeviceAndSeq);
  for (const path of unseen) {
    const name = parseBatchPath(path)!;
    const file = await dav.get(path);
    if (file === undefined) continue; // removed by a compaction since the listing: the next run reads the snapshot
    const decoded = await decodeBatch(file.bytes, name.hash16, key, crypto);
    if (!decoded.ok) skipped.push(`${path}: ${decoded.reason}`);
    else if (decoded.value.device !== name.device || decoded.value.seq !== name.seq) {
      // A file moved or copied under another name: its content says where it belongs.
      skipped.push(`${path}: holds change ${decoded.value.seq} of device ${decoded.value.device}`);
    } else incoming.push({ path, docs: decoded.value.docs, sightings: decoded.value.sightings });
  }

  // 3. Join, after the failsafe, one file per transaction.
  await checkDeletions(deps, incoming, now());
  const changedKeys = new Set<string>();
  for (const file of incoming) {
    const result = await applyRemote(db, { docs: file.docs, sightings: file.sightings }, file.path, now());
    for (const changedKey of [...result.changed, ...result.deleted]) changedKeys.add(changedKey);
    for (const key of result.invalid) skipped.push(`${file.path}: ${key} is not a valid paper after merging`);
  }
  if (covered.size > 0) await db.syncApplied.bulkPut([...covered].map((path) => ({ path, at: now() })));
  // Forget files no longer on the server (compacted away), so the record does not grow forever.
  const present = new Set(listed);
  const gone = [...applied].filter((path) => path.startsWith(DEVICES_PATH) && !present.has(path));
  if (gone.length > 0) await db.syncApplied.bulkDelete(gone);

  // 4. What the join found (conflicts) and what changed here meanwhile goes out in the same run.
  await collectLocal(db, now());
  pushed.push(...(await push(deps, state.device, key)));

  // 5. Compaction. Apache checks If-Match before an upload and locks nothing until it lands, so two devices replacing
  // HEAD.json at the same moment can both hear "replaced" (seen in tests/unit/sync/webdav.test.ts). A device therefore
  // never deletes what its own new snapshot covers: a run deletes only the change files covered by the HEAD.json it
  // read and joined, whoever wrote it, and old snapshots an hour after HEAD.json moved on.
  const conditional = await conditionalRequests(deps);
  let remaining = listed.filter((path) => !covered.has(path));
  if (!conditional) {
    warnings.push(
      'The server ignores conditional requests (If-Match), so Dogear only adds files there and never compacts them.',
    );
  } else {
    if (covered.size > 0 && head !== undefined) await cleanUp(deps, head, listed, covered, now());
    remaining = [...new Set([...remaining, ...pushed])];
    if (remaining.length > (deps.compactAfter ?? COMPACT_AFTER)) {
      await compact(deps, headFile?.etag, remaining, key, state.device, now());
    }
  }

  // Two browsers setting up an empty folder at the same moment can both hear "created" for format.json (Apache checks
  // If-None-Match before the upload, not atomically), and one of them read back its own copy before the other landed.
  // The first run checks again at its end: on another library, this browser removes what it wrote and starts over on
  // the next run, as a browser joining that library (its papers stay here and are sent again).
  if (state.library === undefined) {
    const again = await dav.get(FORMAT_PATH);
    const parsed = again === undefined ? undefined : parseFormat(again.bytes);
    if (parsed?.ok && parsed.value.library !== remote.format.library) {
      for (const entry of (await dav.list(`${DEVICES_PATH}${state.device}/`)) ?? []) {
        if (!entry.isDir) await dav.remove(entry.path);
      }
      await resetSyncState(db);
      warnings.push(
        'Another browser set up the server folder at the same moment; this browser sends its library again on the next run.',
      );
    }
  }

  const counts = await syncCounts(db);
  return {
    ok: true,
    pushed: pushed.length,
    pulled: incoming.length,
    changed: changedKeys.size,
    changedKeys: [...changedKeys],
    conflicts: counts.conflicts,
    skipped,
    warnings,
  };
}

function byDeviceAndSeq(a: string, b: string): number {
  const x = parseBatchPath(a)!;
  const y = parseBatchPath(b)!;
  return x.device === y.device ? x.seq - y.seq : x.device < y.device ? -1 : 1;
}

/** Whether the server honours If-Match / If-None-Match: probed once per library and remembered. */
async function conditionalRequests(deps: SyncDeps): Promise<boolean> {
  const known = await deps.db.syncMeta.get('conditional');
  if (typeof known?.v === 'boolean') return known.v;
  const { conditional } = await deps.dav.probe();
  await deps.db.syncMeta.put({ k: 'conditional', v: conditional });
  return conditional;
}

/** How long a snapshot HEAD.json no longer names stays: a device that read the old HEAD may still be reading it. */
const OLD_SNAPSHOT_MS = 60 * 60 * 1000;

/** Removes the change files the joined HEAD.json covers, and snapshots it replaced over an hour ago. */
async function cleanUp(deps: SyncDeps, head: Head, listed: string[], covered: Set<string>, now: number): Promise<void> {
  const { dav } = deps;
  for (const path of listed) if (covered.has(path)) await dav.remove(path);
  const current = `${ROOT}${head.snapshot}`;
  for (const entry of (await dav.list(SNAPSHOTS_PATH)) ?? []) {
    const name = parseSnapshotPath(entry.path);
    if (entry.isDir || name === undefined || entry.path === current) continue;
    if (now - parseHlc(name.at).wall > OLD_SNAPSHOT_MS && name.at < head.at) await dav.remove(entry.path);
  }
}

/**
 * Writes a snapshot of every doc and sighting this device holds (a superset of every file it has joined: `remaining`
 * that it applied or wrote) and points HEAD.json at it with If-Match. A 412 means another device compacted meanwhile:
 * this snapshot is removed and the next run reads theirs. Nothing is deleted here (see step 5 of `run`).
 */
async function compact(
  deps: SyncDeps,
  headEtag: string | undefined,
  remaining: string[],
  key: CryptoKey | undefined,
  device: string,
  now: number,
): Promise<void> {
  const { db, dav } = deps;
  const applied = new Set((await db.syncApplied.toArray()).map((row) => row.path));
  const covers = remaining.filter((path) => applied.has(path));
  const [docs, sightings, known] = await db.transaction('r', db.syncDocs, db.sightings, db.syncSightings, () =>
    Promise.all([db.syncDocs.toArray(), db.sightings.toArray(), db.syncSightings.toArray()]),
  );
  const at = formatHlc(now, 0, device);
  const gone = known.filter((row) => row.gone === 1).map((row) => row.id);
  const { bytes, hash } = await encodeFile({ v: 1, at, docs, sightings: { add: sightings, del: gone } }, key, crypto);
  const path = snapshotPath(at, hash);
  await dav.makeFolder(SNAPSHOTS_PATH);
  await dav.create(path, bytes);
  const next: Head = { snapshot: relativeToRoot(path)!, hash, at, covers: covers.map((file) => relativeToRoot(file)!) };
  if ((await dav.replace(HEAD_PATH, encodeHead(next), headEtag)) === 'stale') {
    await dav.remove(path);
    return;
  }
  await db.syncApplied.put({ path, at: now });
}
