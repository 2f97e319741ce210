/**
 * Lossless JSON backup of the database, and the strict reader that restores it.
 *
 * ```json
 * {
 *   "format": "dogear-backup",
 *   "schemaVersion": 2,
 *   "exportedAt": "2026-11-30T12:00:00.000Z",
 *   "counts": { "papers": 1, "sightings": 2 },
 *   "checksum": "sha256:<64 hex>",
 *   "tables": { "papers": [ … ], "sightings": [ … ] }
 * }
 * ```
 *
 * Schema 1 (release 0.1 to issue #4) held `papers` only; it still reads, as a backup with no sightings. Schema 2
 * added the `sightings` table (when and where each paper was met), so a restore gives back the paper history too.
 *
 * The checksum is SHA-256 over the canonical JSON of `tables`: object keys sorted by UTF-16 code unit, no whitespace,
 * strings and numbers as `JSON.stringify` writes them (the RFC 8785 JCS shape). So re-indenting the file keeps it
 * valid, while any change to the data does not. `parseBackup` returns everything or throws: never partial data.
 */
import { type Paper, PaperSchema, type Sighting, SightingSchema } from '../model.ts';
import { z } from '../zod.ts';
import { jsonErrorLocation } from '../json-position.ts';

export const BACKUP_FORMAT = 'dogear-backup';

/** Version of the backup layout (not of the Dexie schema). Bump when `tables` or a record shape changes. */
export const BACKUP_SCHEMA_VERSION = 2;

export interface BackupTables {
  papers: Paper[];
  sightings: Sighting[];
}

/**
 * The backup file for `tables`, pretty-printed with 2 spaces. Records are written as they are, unvalidated: a backup
 * must still be possible when a record is damaged (the reader will then name it).
 *
 * @param now Epoch ms written as `exportedAt`.
 */
export async function toBackup(tables: { papers: readonly Paper[]; sightings?: readonly Sighting[] }, now = Date.now()): Promise<string> {
  const data = { papers: tables.papers, sightings: tables.sightings ?? [] };
  // Each record once, in canonical form: that text is both the file's line for the record and its part of the
  // checksummed canonical JSON, so a 100k-paper backup serialises its records once, not twice.
  const keys = sortedKeysOf(data);
  // A damaged record with a `__proto__` field is still written (canonicalJson explains the fallback).
  const line = keys.includes('__proto__') ? recursiveCanonicalJson : (record: unknown) => JSON.stringify(record, keys);
  const paperLines = data.papers.map(line);
  const sightingLines = data.sightings.map(line);
  const canonical = `{"papers":[${paperLines.join(',')}],"sightings":[${sightingLines.join(',')}]}`;
  const header = {
    format: BACKUP_FORMAT,
    schemaVersion: BACKUP_SCHEMA_VERSION,
    exportedAt: new Date(now).toISOString(),
    counts: { papers: data.papers.length, sightings: data.sightings.length },
    checksum: await sha256Of(canonical),
  };
  const head = JSON.stringify(header, null, 2).slice(0, -2); // without the closing `\n}`
  const table = (lines: string[]): string => (lines.length === 0 ? '[]' : `[\n      ${lines.join(',\n      ')}\n    ]`);
  return `${head},\n  "tables": {\n    "papers": ${table(paperLines)},\n    "sightings": ${table(sightingLines)}\n  }\n}\n`;
}

const CHECKSUM = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" and 64 lowercase hex digits');

/** Schema 1: papers only. */
const EnvelopeV1Schema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  schemaVersion: z.literal(1),
  exportedAt: z.iso.datetime(),
  counts: z.strictObject({ papers: z.int().min(0) }),
  checksum: CHECKSUM,
  tables: z.strictObject({ papers: z.array(z.unknown()) }),
});

const EnvelopeV2Schema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  schemaVersion: z.literal(2),
  exportedAt: z.iso.datetime(),
  counts: z.strictObject({ papers: z.int().min(0), sightings: z.int().min(0) }),
  checksum: CHECKSUM,
  tables: z.strictObject({ papers: z.array(z.unknown()), sightings: z.array(z.unknown()) }),
});

/**
 * Reads a backup written by `toBackup` (schema 2) or by Dogear before sightings were backed up (schema 1, read with
 * no sightings). Checks, in order: JSON syntax, format, schema version, envelope shape, counts, checksum, then every
 * paper against the strict `PaperSchema` and key uniqueness, and every sighting against `SightingSchema`, id
 * uniqueness and its paper being in the backup.
 *
 * @throws Error whose message names the first problem: the JSON line and column, the field, or the record index
 *   (`papers[3]`, `sightings[7]`) with the zod issue path.
 */
export async function parseBackup(text: string): Promise<BackupTables> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`Backup is not valid JSON${jsonErrorAt(text)}: ${(error as Error).message}`);
  }
  const format = isRecord(data) ? data.format : undefined;
  if (format !== BACKUP_FORMAT) {
    throw new Error(`Not a Dogear backup: "format" is ${describe(format)}, expected "${BACKUP_FORMAT}"`);
  }
  const version = (data as Record<string, unknown>).schemaVersion;
  if (typeof version === 'number' && version > BACKUP_SCHEMA_VERSION) {
    throw new Error(
      `Backup schema version ${version} is newer than this version of Dogear reads (${BACKUP_SCHEMA_VERSION}); update Dogear to restore it`,
    );
  }
  const envelope = (version === 1 ? EnvelopeV1Schema : EnvelopeV2Schema).safeParse(data);
  if (!envelope.success) throw new Error(`Backup header is invalid: ${describeIssues(envelope.error, '')}`);
  const { checksum, tables } = envelope.data;
  const counts: { papers: number; sightings?: number } = envelope.data.counts;
  const rawSightings = 'sightings' in tables ? tables.sightings : undefined;

  if (counts.papers !== tables.papers.length) {
    throw new Error(`Backup counts ${counts.papers} papers but holds ${tables.papers.length}: the file is incomplete or was edited`);
  }
  if (rawSightings !== undefined && counts.sightings !== rawSightings.length) {
    throw new Error(
      `Backup counts ${counts.sightings} sightings but holds ${rawSightings.length}: the file is incomplete or was edited`,
    );
  }
  // The checksum covers exactly the tables the file's schema version has.
  const actual = await checksumOf(tables);
  if (actual !== checksum) {
    throw new Error(`Backup checksum mismatch: the file says ${checksum} but its tables hash to ${actual}; it was edited or damaged`);
  }

  const papers: Paper[] = [];
  const indexByKey = new Map<string, number>();
  for (const [index, record] of tables.papers.entries()) {
    const parsed = PaperSchema.safeParse(record);
    if (!parsed.success) {
      const key = isRecord(record) && typeof record.key === 'string' ? ` (key ${JSON.stringify(record.key.slice(0, 80))})` : '';
      throw new Error(`Backup entry papers[${index}]${key} is invalid: ${describeIssues(parsed.error, `papers[${index}]`)}`);
    }
    const first = indexByKey.get(parsed.data.key);
    if (first !== undefined) {
      throw new Error(`Backup entries papers[${first}] and papers[${index}] have the same key ${JSON.stringify(parsed.data.key)}`);
    }
    indexByKey.set(parsed.data.key, index);
    // The record as the file has it (zod's copy lists fields in schema order): so export → import → export gives the
    // same text. The schema has no transforms, so the two are equal in value.
    papers.push(record as Paper);
  }

  const sightings: Sighting[] = [];
  const indexById = new Map<string, number>();
  for (const [index, record] of (rawSightings ?? []).entries()) {
    const parsed = SightingSchema.safeParse(record);
    if (!parsed.success) {
      const id = isRecord(record) && typeof record.id === 'string' ? ` (id ${JSON.stringify(record.id.slice(0, 80))})` : '';
      throw new Error(`Backup entry sightings[${index}]${id} is invalid: ${describeIssues(parsed.error, `sightings[${index}]`)}`);
    }
    const first = indexById.get(parsed.data.id);
    if (first !== undefined) {
      throw new Error(`Backup entries sightings[${first}] and sightings[${index}] have the same id ${JSON.stringify(parsed.data.id)}`);
    }
    // A backup holds whole tables, so a sighting of a paper it lacks means the file was cut or edited.
    if (!indexByKey.has(parsed.data.paperKey)) {
      throw new Error(
        `Backup entry sightings[${index}] is of paper ${JSON.stringify(parsed.data.paperKey)}, which the backup does not hold`,
      );
    }
    indexById.set(parsed.data.id, index);
    sightings.push(record as Sighting);
  }
  return { papers, sightings };
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
async function checksumOf(value: unknown): Promise<string> {
  return sha256Of(canonicalJson(value));
}

async function sha256Of(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `sha256:${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * JSON with object keys sorted and no whitespace. Undefined object members are left out and undefined array items
 * written as `null`, as `JSON.stringify` does, so the hash of what `toBackup` writes equals the hash of what it reads.
 *
 * One `JSON.stringify` call with the sorted list of every key in `value` as its replacer: the list sets both which
 * members are written and their order, for objects at any depth. Native serialisation is ~5× faster than a recursive
 * writer at 100k records. (Objects with `toJSON`, such as Dates, are written as JSON.stringify writes them; backups
 * hold none.)
 */
export function canonicalJson(value: unknown): string {
  // A tree whose objects already list their keys in sorted order (a backup this module wrote, read back) is written
  // in canonical form by JSON.stringify's fast path as it is.
  if (inSortedOrder(value)) return JSON.stringify(value) ?? 'null';
  const keys = sortedKeysOf(value);
  // With `__proto__` in the list, JSON.stringify would read the inherited Object.prototype of every object lacking
  // that key as its own: only a hostile file has one, and it takes the recursive writer.
  if (keys.includes('__proto__')) return recursiveCanonicalJson(value);
  return JSON.stringify(value, keys) ?? 'null';
}

function recursiveCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => recursiveCanonicalJson(item ?? null)).join(',')}]`;
  if (isRecord(value)) {
    const members = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${recursiveCanonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether every object in `value` has its own keys in UTF-16 code unit order (and no inherited enumerable ones). */
function inSortedOrder(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null && !inSortedOrder(item)) return false;
    return true;
  }
  if (!isRecord(value)) return true;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
  let previous: string | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    const child = value[key];
    if (typeof child === 'object' && child !== null && !inSortedOrder(child)) return false;
  }
  return true;
}

/** Every object key at any depth of `value`, sorted by UTF-16 code unit. */
function sortedKeysOf(value: unknown): string[] {
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) visit(item);
    } else if (isRecord(node)) {
      for (const key in node) {
        if (!Object.hasOwn(node, key)) continue;
        keys.add(key);
        const child = node[key];
        if (typeof child === 'object' && child !== null) visit(child);
      }
    }
  };
  visit(value);
  return [...keys].sort();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value).slice(0, 60);
}

/** `authors[0]: Invalid input: expected string, received number` (at most three issues, then a count). */
function describeIssues(error: z.ZodError, prefix: string): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
    const where = `${prefix}${path}`.replace(/^\./, '');
    return `${where || '(root)'}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

/** ` at line L, column C` for the first syntax error in `text`, or nothing when it cannot be found. */
function jsonErrorAt(text: string): string {
  const at = jsonErrorLocation(text);
  return at === undefined ? '' : ` at line ${at.line}, column ${at.column}`;
}
