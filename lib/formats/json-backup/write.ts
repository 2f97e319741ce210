/**
 * Lossless JSON backup of the database; read.ts is the strict reader that restores it.
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
 * Schema 1 (Dogear 0.1) held `papers` only; it still reads, as a backup with no sightings. Schema 2 added the
 * `sightings` table (when and where each paper was met), so a restore gives back the paper history too.
 *
 * The checksum is SHA-256 over the canonical JSON of `tables` (canonical.ts), so re-indenting the file keeps it valid,
 * while any change to the data does not.
 */
import type { Paper, Sighting } from '../../paper/model.ts';
import { canonicalWriterFor, sha256Of } from './canonical.ts';

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
export async function toBackup(
  tables: { papers: readonly Paper[]; sightings?: readonly Sighting[] },
  now = Date.now(),
): Promise<string> {
  const data = { papers: tables.papers, sightings: tables.sightings ?? [] };
  // Each record once, in canonical form: that text is both the file's line for the record and its part of the
  // checksummed canonical JSON, so a 100k-paper backup serialises its records once, not twice.
  const line = canonicalWriterFor(data);
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
