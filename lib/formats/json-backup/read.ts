/**
 * The reader of Dogear's JSON backup (write.ts): every paper record comes back exactly as it was written (user fields,
 * timestamps, savedAt absent for papers that were only seen). The file is checked as a whole first — JSON syntax,
 * format, schema version, envelope, counts and checksum, any failure refusing the file — and then record by record: a
 * record that fails its schema, repeats a key or id, or is a sighting of a paper the file does not hold, is a Rejection
 * with its reason, and every other record imports. A backup written by an older Dogear can hold a record the schema no
 * longer takes (a 412-character cite key); losing the user's whole library to it would be the worse failure.
 */
import { type Paper, PaperSchema, type Sighting, SightingSchema } from '../../paper/model.ts';
import { z } from '../../zod.ts';
import { describeIssues } from '../common/entry.ts';
import { jsonErrorLocation } from '../common/json.ts';
import { ImportFileError, type ParsedImport, type Rejection } from '../types.ts';
import { canonicalJson, isRecord, sha256Of } from './canonical.ts';
import { BACKUP_FORMAT, BACKUP_SCHEMA_VERSION, type BackupTables } from './write.ts';

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

/** A backup's records that import, and those that do not with their reasons. */
export interface BackupRead extends BackupTables {
  /**
   * Records left out, in file order: `index` counts papers first, then sightings (the entry number the import preview
   * shows); `id` is the paper key or sighting id when the record has one.
   */
  rejected: Rejection[];
}

/**
 * Reads a backup written by `toBackup` (schema 2) or by Dogear before sightings were backed up (schema 1, read with no
 * sightings). Checks the file as a whole, in order: JSON syntax, format, schema version, envelope shape, counts,
 * checksum; then every paper against the strict `PaperSchema` and key uniqueness, and every sighting against
 * `SightingSchema`, id uniqueness and its paper being in the file. A paper whose only fault is its cite key is kept
 * without it (keptWithoutCiteKey); every other bad record is rejected, and the rest is returned.
 *
 * @throws Error when the file fails as a whole, whose message names the problem: the JSON line and column, the header
 *   field, the counts or the checksum.
 */
export async function parseBackup(text: string): Promise<BackupRead> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`Backup is not valid JSON${jsonErrorAt(text)}: ${(error as Error).message}`, { cause: error });
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
  if (!envelope.success) throw new Error(`Backup header is invalid: ${describeIssues(envelope.error, '', '(root)')}`);
  const { checksum, tables } = envelope.data;
  const counts: { papers: number; sightings?: number } = envelope.data.counts;
  const rawSightings = 'sightings' in tables ? tables.sightings : undefined;

  if (counts.papers !== tables.papers.length) {
    throw new Error(
      `Backup counts ${counts.papers} papers but holds ${tables.papers.length}: the file is incomplete or was edited`,
    );
  }
  if (rawSightings !== undefined && counts.sightings !== rawSightings.length) {
    throw new Error(
      `Backup counts ${counts.sightings} sightings but holds ${rawSightings.length}: the file is incomplete or was edited`,
    );
  }
  // The checksum covers exactly the tables the file's schema version has.
  const actual = await checksumOf(tables);
  if (actual !== checksum) {
    throw new Error(
      `Backup checksum mismatch: the file says ${checksum} but its tables hash to ${actual}; it was edited or damaged`,
    );
  }

  const rejected: Rejection[] = [];
  const reject = (index: number, id: unknown, reason: string): void => {
    const rejection: Rejection = { index, reason };
    if (typeof id === 'string' && id !== '') rejection.id = id.slice(0, 80);
    rejected.push(rejection);
  };

  const papers: Paper[] = [];
  const indexByKey = new Map<string, number>();
  /** Keys of every paper record of the file, imported or not: a sighting of a rejected paper is not an orphan. */
  const fileKeys = new Set<string>();
  for (const [index, record] of tables.papers.entries()) {
    const key = isRecord(record) ? record.key : undefined;
    if (typeof key === 'string') fileKeys.add(key);
    const paper = validPaper(record);
    if ('error' in paper) {
      reject(index, key, `papers[${index}] is invalid: ${describeIssues(paper.error, `papers[${index}]`, '(root)')}`);
      continue;
    }
    const first = indexByKey.get(paper.record.key);
    if (first !== undefined) {
      reject(index, key, `papers[${index}] has the same key as papers[${first}], which is imported instead`);
      continue;
    }
    indexByKey.set(paper.record.key, index);
    papers.push(paper.record);
  }

  const sightings: Sighting[] = [];
  const indexById = new Map<string, number>();
  for (const [index, record] of (rawSightings ?? []).entries()) {
    const at = tables.papers.length + index;
    const id = isRecord(record) ? record.id : undefined;
    const parsed = SightingSchema.safeParse(record);
    if (!parsed.success) {
      reject(
        at,
        id,
        `sightings[${index}] is invalid: ${describeIssues(parsed.error, `sightings[${index}]`, '(root)')}`,
      );
      continue;
    }
    const first = indexById.get(parsed.data.id);
    if (first !== undefined) {
      reject(at, id, `sightings[${index}] has the same id as sightings[${first}], which is imported instead`);
      continue;
    }
    // A backup holds whole tables, so a sighting of a paper it lacks was cut loose from its paper. One of a paper the
    // file holds but that was rejected goes on: the import plan skips it unless the library has that paper.
    if (!fileKeys.has(parsed.data.paperKey)) {
      reject(
        at,
        id,
        `sightings[${index}] is of paper ${JSON.stringify(parsed.data.paperKey)}, which the backup does not hold`,
      );
      continue;
    }
    indexById.set(parsed.data.id, index);
    sightings.push(record as Sighting);
  }
  return { papers, sightings, rejected };
}

/**
 * A paper record as it is (zod's copy lists fields in schema order; the record as the file has it keeps export → import
 * → export byte for byte, and the schema has no transforms, so the two are equal in value), or why it is invalid.
 */
function validPaper(record: unknown): { record: Paper } | { error: z.ZodError } {
  const parsed = PaperSchema.safeParse(record);
  if (parsed.success) return { record: record as Paper };
  return keptWithoutCiteKey(record, parsed.error) ?? { error: parsed.error };
}

/**
 * The record without its cite key, when the key is its only fault: older versions persisted keys the schema no longer
 * takes (a 412-character one from a 400-letter name). The key is Dogear's own, derived data, and the next export gives
 * the paper a new valid one (lib/db/library-repo.ts ensureCiteKeys); rejecting the record would lose what the user made
 * (note, tags, saved state) for it. A manuscript citing the old key could not have compiled with it anyway.
 */
function keptWithoutCiteKey(record: unknown, error: z.ZodError): { record: Paper } | undefined {
  if (!isRecord(record) || !error.issues.every((issue) => issue.path[0] === 'citeKey')) return undefined;
  const { citeKey: _invalid, ...rest } = record;
  return PaperSchema.safeParse(rest).success ? { record: rest as Paper } : undefined;
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
async function checksumOf(value: unknown): Promise<string> {
  return sha256Of(canonicalJson(value));
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value).slice(0, 60);
}

/** ` at line L, column C` for the first syntax error in `text`, or nothing when it cannot be found. */
function jsonErrorAt(text: string): string {
  const at = jsonErrorLocation(text);
  return at === undefined ? '' : ` at line ${at.line}, column ${at.column}`;
}

const SIGNATURE = /"format"\s*:\s*"dogear-backup"/;

/** Whether the start of a file (BOM and leading blanks removed) is a Dogear backup: a JSON object with its format. */
export function isBackupHead(head: string): boolean {
  return head.startsWith('{') && SIGNATURE.test(head);
}

/**
 * parseBackup for the import panel: a leading BOM is skipped, a failure of the whole file is an ImportFileError with
 * its line, and the records left out are the import's rejections.
 */
export async function readBackup(text: string): Promise<Extract<ParsedImport, { format: 'backup' }>> {
  try {
    const { papers, sightings, rejected } = await parseBackup(text.replace(/^\uFEFF/, ''));
    return { format: 'backup', items: papers, rejected, sightings };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /\bat line (\d+)/.exec(message);
    throw new ImportFileError(message, line ? Number(line[1]) : undefined, { cause: error });
  }
}
