/**
 * The files Dogear keeps in the user's sync folder, and how they are written and read back. Layout (all under the
 * folder the user chose):
 *
 * - `Dogear/v1/format.json`: plain JSON (it says how to read the rest, so it is never encrypted): the library's id and,
 *   when the user set a passphrase, the key derivation's salt and a check text (lib/sync/crypto.ts).
 * - `Dogear/v1/dev/<device>/<seq, 10 digits>-<sha256 of the stored bytes, 16 hex>.json.gz`: one device's change batches,
 *   each written once and never overwritten, so no lock is needed.
 * - `Dogear/v1/snap/<hlc>-<sha16>.json.gz` and `Dogear/v1/HEAD.json`: a compaction of the batches HEAD lists as covered.
 *
 * A data file is JSON, gzipped, then (with a passphrase) sealed with AES-GCM. Its name carries the hash of the stored
 * bytes, so a reader can tell a damaged or truncated upload (floccusaddon/floccus#2246) from a good one before trusting
 * it; a file that fails any check is skipped whole and reported, never half applied. Every schema is strict: a field a
 * reader does not know is refused rather than dropped, because a device that dropped it would then write a snapshot
 * without it. A change a v1 reader cannot read must come with a new version (`v`, `version`), which readers report as
 * made by a newer Dogear.
 */
import { Gunzip, gzipSync } from 'fflate';
import { SightingSchema, type Sighting } from '../paper/model.ts';
import { z } from '../zod.ts';
import {
  type Encryption,
  fromBase64,
  isSealed,
  MAX_ITERATIONS,
  MIN_ITERATIONS,
  open,
  seal,
  sha256Hex,
} from './crypto.ts';
import { checkDoc, type PaperDoc } from './doc.ts';
import { DeviceIdSchema, type Hlc, HlcSchema } from './hlc.ts';

export const ROOT = 'Dogear/v1/';
export const FORMAT_PATH = 'Dogear/v1/format.json';
export const HEAD_PATH = 'Dogear/v1/HEAD.json';
export const DEVICES_PATH = 'Dogear/v1/dev/';
export const SNAPSHOTS_PATH = 'Dogear/v1/snap/';

/**
 * The most bytes a data file may unpack to. Past it the file is treated as damaged (a gzip bomb, or a library no
 * browser could hold in one JSON string anyway), not as a reason to exhaust the worker's memory.
 */
export const MAX_PLAIN_BYTES = 256 * 1024 * 1024;
/** The most stored bytes a data file may have: gzip never makes JSON bigger than this, whatever the input. */
export const MAX_STORED_BYTES = MAX_PLAIN_BYTES;
/** format.json and HEAD.json are small; these bounds only stop a hostile server from making the reader parse gigabytes. */
const MAX_FORMAT_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = 64 * 1024 * 1024;
/**
 * Array bounds, each above what MAX_PLAIN_BYTES could hold of real entries (a doc is at least ~100 bytes, a sighting
 * ~100): they keep a hostile file from making zod walk more than the size limit already allows, never a real library.
 */
const MAX_DOCS = 2_000_000;
const MAX_SIGHTINGS = 3_000_000;
const MAX_COVERS = 1_000_000;
/** The highest sequence number a 10-digit name can hold. */
export const MAX_SEQ = 9_999_999_999;

export interface SightingsDelta {
  add: Sighting[];
  del: string[];
}
export interface Batch {
  v: 1;
  device: string;
  seq: number;
  docs: PaperDoc[];
  sightings: SightingsDelta;
}
export interface Snapshot {
  v: 1;
  at: Hlc;
  docs: PaperDoc[];
  sightings: SightingsDelta;
}
export interface FormatFile {
  format: 'dogear-sync';
  version: 1;
  /** A UUID chosen when the library was first synced: a device that meets another id is in another library. */
  library: string;
  createdAt: number;
  encryption?: Encryption;
}
export interface Head {
  /** The snapshot's path relative to ROOT (`snap/…`). */
  snapshot: string;
  /** The full sha256 hex of the snapshot's stored bytes. */
  hash: string;
  at: Hlc;
  /** The change files (relative to ROOT, `dev/…`) the snapshot includes. */
  covers: string[];
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

const HEX16 = /^[0-9a-f]{16}/;
const HEX64 = /^[0-9a-f]{64}$/;
const DEVICE = '[a-z0-9]{8,32}';
const STAMP = '\\d{16}\\.[0-9a-f]{4}\\.[a-z0-9]{8,32}';
const BATCH_NAME = new RegExp(`^dev/(${DEVICE})/(\\d{10})-([0-9a-f]{16})\\.json\\.gz$`);
const SNAPSHOT_NAME = new RegExp(`^snap/(${STAMP})-([0-9a-f]{16})\\.json\\.gz$`);

/** A path relative to the dav root as HEAD.json writes it (relative to ROOT), or undefined when it is not under ROOT. */
export function relativeToRoot(path: string): string | undefined {
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : undefined;
}

/** A path from HEAD.json (relative to ROOT) as a path relative to the dav root. */
export function fromRoot(relative: string): string {
  return ROOT + relative;
}

/** Where a change batch goes; `hash` is its stored bytes' sha256 hex (the first 16 digits name it). */
export function batchPath(device: string, seq: number, hash: string): string {
  if (!DeviceIdSchema.safeParse(device).success) throw new Error(`not a device id: ${device.slice(0, 40)}`);
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > MAX_SEQ) throw new Error(`not a batch sequence number: ${seq}`);
  if (!HEX16.test(hash)) throw new Error('not a sha256 hex digest');
  return `${DEVICES_PATH}${device}/${String(seq).padStart(10, '0')}-${hash.slice(0, 16)}.json.gz`;
}

/** The parts of a change batch's path (relative to the dav root), or undefined for any other name. */
export function parseBatchPath(path: string): { device: string; seq: number; hash16: string } | undefined {
  const match = BATCH_NAME.exec(relativeToRoot(path) ?? '');
  if (!match) return undefined;
  return { device: match[1]!, seq: Number(match[2]), hash16: match[3]! };
}

/** Where a snapshot goes (relative to the dav root). */
export function snapshotPath(at: Hlc, hash: string): string {
  if (!HlcSchema.safeParse(at).success) throw new Error(`not a clock stamp: ${at.slice(0, 80)}`);
  if (!HEX16.test(hash)) throw new Error('not a sha256 hex digest');
  return `${SNAPSHOTS_PATH}${at}-${hash.slice(0, 16)}.json.gz`;
}

/** The parts of a snapshot's path (relative to the dav root), or undefined for any other name. */
export function parseSnapshotPath(path: string): { at: Hlc; hash16: string } | undefined {
  const match = SNAPSHOT_NAME.exec(relativeToRoot(path) ?? '');
  if (!match) return undefined;
  return { at: match[1]!, hash16: match[2]! };
}

const SightingsDeltaSchema = z.strictObject({
  add: z.array(SightingSchema).max(MAX_SIGHTINGS),
  del: z.array(SightingSchema.shape.id).max(MAX_SIGHTINGS),
});
/** Docs are checked one by one with checkDoc (lib/sync/doc.ts), which also checks each value against PaperSchema. */
const DocsSchema = z.array(z.unknown()).max(MAX_DOCS);
const BatchSchema = z.strictObject({
  v: z.literal(1),
  device: DeviceIdSchema,
  seq: z.int().min(0).max(MAX_SEQ),
  docs: DocsSchema,
  sightings: SightingsDeltaSchema,
});
const SnapshotSchema = z.strictObject({
  v: z.literal(1),
  at: HlcSchema,
  docs: DocsSchema,
  sightings: SightingsDeltaSchema,
});

const encoder = new TextEncoder();

/** The first problem zod found, as one short line (a path and a message; never the offending value). */
function issueOf(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.');
  return (path ? `${path}: ${issue.message}` : issue.message).slice(0, 300);
}

/** Why a batch or snapshot cannot be read, or its docs checked: the first bad doc condemns the file. */
function checkContent<S extends typeof BatchSchema | typeof SnapshotSchema>(
  value: unknown,
  schema: S,
): Decoded<z.infer<S> & { docs: PaperDoc[] }> {
  const newer = newerVersion(value, 'v');
  if (newer !== undefined) return fail(newer);
  const parsed = schema.safeParse(value);
  if (!parsed.success) return fail(`wrong shape: ${issueOf(parsed.error)}`);
  const docs: PaperDoc[] = [];
  for (const [index, raw] of parsed.data.docs.entries()) {
    const checked = checkDoc(raw);
    if ('error' in checked) return fail(`bad doc ${index}: ${checked.error.slice(0, 300)}`);
    docs.push(checked.doc);
  }
  return { ok: true, value: { ...(parsed.data as z.infer<S>), docs } };
}

/** The reason for a file whose version is above 1, so the user is told to update rather than that the file is bad. */
function newerVersion(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const version = (value as Record<string, unknown>)[field];
  if (typeof version !== 'number' || !(version > 1)) return undefined;
  return `made by a newer Dogear (version ${version}): update Dogear to read it`;
}

/**
 * A batch or snapshot as stored bytes, and their full sha256 hex (which names the file). The content is checked as a
 * reader will check it and a bad one throws: a file other devices would refuse whole must not be written at all.
 */
export async function encodeFile(
  content: Batch | Snapshot,
  key: CryptoKey | undefined,
  crypto: Crypto,
): Promise<{ bytes: Uint8Array; hash: string }> {
  const checked = checkContent(content, 'device' in content ? BatchSchema : SnapshotSchema);
  if (!checked.ok) throw new Error(`refusing to write a file no device could read: ${checked.reason}`);
  const json = encoder.encode(JSON.stringify(content));
  if (json.length > MAX_PLAIN_BYTES) throw new Error(`refusing to write a file over ${MAX_PLAIN_BYTES} bytes`);
  // mtime 0: the same content gzips to the same bytes, whenever it is written.
  const zipped = gzipSync(json, { level: 6, mtime: 0 });
  const bytes = key === undefined ? zipped : await seal(zipped, key, crypto);
  return { bytes, hash: await sha256Hex(bytes, crypto) };
}

/** A change batch from its stored bytes. `expectedHash16` is the hash from its name (parseBatchPath). */
export async function decodeBatch(
  bytes: Uint8Array,
  expectedHash16: string | undefined,
  key: CryptoKey | undefined,
  crypto: Crypto,
): Promise<Decoded<Batch>> {
  const json = await unpack(bytes, expectedHash16, key, crypto);
  if (!json.ok) return json;
  return checkContent(json.value, BatchSchema);
}

/** A snapshot from its stored bytes. `expectedHash` is the full hash HEAD.json gives. */
export async function decodeSnapshot(
  bytes: Uint8Array,
  expectedHash: string | undefined,
  key: CryptoKey | undefined,
  crypto: Crypto,
): Promise<Decoded<Snapshot>> {
  const json = await unpack(bytes, expectedHash, key, crypto);
  if (!json.ok) return json;
  return checkContent(json.value, SnapshotSchema);
}

/** Stored bytes → parsed JSON: hash, envelope, gzip, UTF-8 and JSON checks, each with its own reason. */
async function unpack(
  bytes: Uint8Array,
  expectedHash: string | undefined,
  key: CryptoKey | undefined,
  crypto: Crypto,
): Promise<Decoded<unknown>> {
  if (bytes.length > MAX_STORED_BYTES) return fail(`file too large: ${bytes.length} bytes`);
  if (expectedHash !== undefined) {
    const hash = await sha256Hex(bytes, crypto);
    if (!hash.startsWith(expectedHash.toLowerCase()) || expectedHash.length < 16) {
      return fail(`hash mismatch: the bytes hash to ${hash.slice(0, expectedHash.length)}, expected ${expectedHash}`);
    }
  }
  let zipped: Uint8Array = bytes;
  if (isSealed(bytes)) {
    if (key === undefined) return fail('the file is encrypted, but no passphrase is set for this library');
    const opened = await open(bytes, key, crypto);
    if (opened === undefined) return fail('cannot decrypt: damaged, or encrypted with another passphrase');
    zipped = opened;
  } else if (key !== undefined) {
    // Every device of an encrypted library seals every file; a plain one was put there by something else.
    return fail('the file is not encrypted, but this library is');
  }
  const plain = gunzip(zipped, MAX_PLAIN_BYTES);
  if (!plain.ok) return plain;
  return parseJson(plain.value);
}

function parseJson(bytes: Uint8Array): Decoded<unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('not UTF-8 text');
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return fail(`not JSON: ${String((error as Error).message).slice(0, 200)}`);
  }
}

class TooLarge extends Error {}

/** Input is fed to the inflater in slices, so the output is counted (and a bomb stopped) as it grows. */
const GUNZIP_SLICE = 64 * 1024;

/**
 * Gunzips one gzip member, stopping past `limit` bytes of output, and checks the trailer's CRC-32 and length (fflate
 * checks neither), so a truncated or changed file without a hash in its name is still caught.
 */
function gunzip(zipped: Uint8Array, limit: number): Decoded<Uint8Array> {
  if (zipped.length < 18 || zipped[0] !== 0x1f || zipped[1] !== 0x8b) return fail('not a gzip file');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stream = new Gunzip((chunk) => {
    size += chunk.length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk);
  });
  try {
    for (let at = 0; at < zipped.length; at += GUNZIP_SLICE) {
      stream.push(zipped.subarray(at, at + GUNZIP_SLICE), at + GUNZIP_SLICE >= zipped.length);
    }
  } catch (error) {
    if (error instanceof TooLarge) return fail(`unpacks to more than ${limit} bytes`);
    return fail(`damaged gzip: ${String((error as Error).message).slice(0, 200)}`);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  const trailer = new DataView(zipped.buffer, zipped.byteOffset + zipped.length - 8, 8);
  if (trailer.getUint32(4, true) !== size % 2 ** 32 || trailer.getUint32(0, true) !== crc32(out)) {
    return fail('damaged gzip: checksum mismatch');
  }
  return { ok: true, value: out };
}

let CRC_TABLE: Uint32Array | undefined;

/** CRC-32 as gzip uses it (RFC 1952 §8). */
function crc32(bytes: Uint8Array): number {
  if (CRC_TABLE === undefined) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  const table = CRC_TABLE;
  let crc = 0xffffffff;
  for (let index = 0; index < bytes.length; index++) crc = table[(crc ^ bytes[index]!) & 255]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const Base64Schema = (minBytes: number) =>
  z
    .string()
    .max(1000)
    .refine((text) => (fromBase64(text)?.length ?? -1) >= minBytes, 'not base64 of the expected length');

const EncryptionSchema = z.strictObject({
  cipher: z.literal('AES-GCM-256'),
  kdf: z.literal('PBKDF2-SHA256'),
  iterations: z.int().min(MIN_ITERATIONS).max(MAX_ITERATIONS),
  salt: Base64Schema(16),
  // MAGIC + iv + the check text + the GCM tag.
  check: Base64Schema(4 + 12 + 16),
});

const FormatSchema = z.strictObject({
  format: z.literal('dogear-sync'),
  version: z.literal(1),
  library: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  createdAt: z.int().min(0),
  encryption: EncryptionSchema.optional(),
});

const HeadSchema = z
  .strictObject({
    snapshot: z.string().regex(SNAPSHOT_NAME),
    hash: z.string().regex(HEX64),
    at: HlcSchema,
    covers: z.array(z.string().regex(BATCH_NAME)).max(MAX_COVERS),
  })
  .refine((head) => SNAPSHOT_NAME.exec(head.snapshot)?.[2] === head.hash.slice(0, 16), {
    message: "the hash does not match the snapshot's name",
  });

function parseSmallJson(bytes: Uint8Array, limit: number): Decoded<unknown> {
  if (bytes.length > limit) return fail(`file too large: ${bytes.length} bytes`);
  return parseJson(bytes);
}

/** format.json. A folder made by a newer Dogear says so; any other folder is "not a Dogear sync folder". */
export function parseFormat(bytes: Uint8Array): Decoded<FormatFile> {
  const json = parseSmallJson(bytes, MAX_FORMAT_BYTES);
  if (!json.ok) return json;
  const value = json.value as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null || value.format !== 'dogear-sync') {
    return fail('not a Dogear sync folder');
  }
  const newer = newerVersion(value, 'version');
  if (newer !== undefined) return fail(newer);
  const parsed = FormatSchema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : fail(`wrong shape: ${issueOf(parsed.error)}`);
}

export function encodeFormat(format: FormatFile): Uint8Array {
  FormatSchema.parse(format);
  return encoder.encode(`${JSON.stringify(format, null, 2)}\n`);
}

export function parseHead(bytes: Uint8Array): Decoded<Head> {
  const json = parseSmallJson(bytes, MAX_HEAD_BYTES);
  if (!json.ok) return json;
  const parsed = HeadSchema.safeParse(json.value);
  return parsed.success ? { ok: true, value: parsed.data } : fail(`wrong shape: ${issueOf(parsed.error)}`);
}

export function encodeHead(head: Head): Uint8Array {
  HeadSchema.parse(head);
  return encoder.encode(`${JSON.stringify(head)}\n`);
}
