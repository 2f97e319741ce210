/**
 * The strict reader of Dogear's JSON backup (write.ts): every paper record comes back exactly as it was written (user
 * fields, timestamps, savedAt absent for papers that were only seen). The backup is all or nothing: `parseBackup`
 * checks the checksum, counts, and every record against PaperSchema, and returns everything or throws, never partial
 * data.
 */
import { type Paper, PaperSchema, type Sighting, SightingSchema } from '../../paper/model.ts';
import { z } from '../../zod.ts';
import { describeIssues } from '../common/entry.ts';
import { jsonErrorLocation } from '../common/json.ts';
import { ImportFileError, type ParsedImport } from '../types.ts';
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

/**
 * Reads a backup written by `toBackup` (schema 2) or by Dogear before sightings were backed up (schema 1, read with no
 * sightings). Checks, in order: JSON syntax, format, schema version, envelope shape, counts, checksum, then every paper
 * against the strict `PaperSchema` and key uniqueness, and every sighting against `SightingSchema`, id uniqueness and
 * its paper being in the backup.
 *
 * @throws Error whose message names the first problem: the JSON line and column, the field, or the record index
 *   (`papers[3]`, `sightings[7]`) with the zod issue path.
 */
export async function parseBackup(text: string): Promise<BackupTables> {
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

  const papers: Paper[] = [];
  const indexByKey = new Map<string, number>();
  for (const [index, record] of tables.papers.entries()) {
    const parsed = PaperSchema.safeParse(record);
    if (!parsed.success) {
      const key =
        isRecord(record) && typeof record.key === 'string' ? ` (key ${JSON.stringify(record.key.slice(0, 80))})` : '';
      throw new Error(
        `Backup entry papers[${index}]${key} is invalid: ${describeIssues(parsed.error, `papers[${index}]`, '(root)')}`,
      );
    }
    const first = indexByKey.get(parsed.data.key);
    if (first !== undefined) {
      throw new Error(
        `Backup entries papers[${first}] and papers[${index}] have the same key ${JSON.stringify(parsed.data.key)}`,
      );
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
      const id =
        isRecord(record) && typeof record.id === 'string' ? ` (id ${JSON.stringify(record.id.slice(0, 80))})` : '';
      throw new Error(
        `Backup entry sightings[${index}]${id} is invalid: ${describeIssues(parsed.error, `sightings[${index}]`, '(root)')}`,
      );
    }
    const first = indexById.get(parsed.data.id);
    if (first !== undefined) {
      throw new Error(
        `Backup entries sightings[${first}] and sightings[${index}] have the same id ${JSON.stringify(parsed.data.id)}`,
      );
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
 * parseBackup for the import panel: a leading BOM is skipped, and any failure is an ImportFileError with its line.
 * Nothing is rejected: a backup is all or nothing, so a bad record throws instead.
 */
export async function readBackup(text: string): Promise<Extract<ParsedImport, { format: 'backup' }>> {
  try {
    const { papers, sightings } = await parseBackup(text.replace(/^\uFEFF/, ''));
    return { format: 'backup', items: papers, rejected: [], sightings };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /\bat line (\d+)/.exec(message);
    throw new ImportFileError(message, line ? Number(line[1]) : undefined, { cause: error });
  }
}
