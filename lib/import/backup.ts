/**
 * Dogear's own JSON backup (lib/export/json-backup.ts), read losslessly: every paper record comes back exactly as it
 * was written (user fields, timestamps, savedAt absent for papers that were only seen). The backup is all or
 * nothing: `parseBackup` checks the checksum, counts, and every record against PaperSchema, and any failure throws
 * an ImportFileError carrying its message (which names the JSON line and column or the record, `papers[3]`).
 *
 * Sightings (schema 2) come back too, merged by id (lib/import/plan.ts planSightings); a schema-1 backup has none.
 */
import { parseBackup } from '../export/json-backup.ts';
import type { Paper, Sighting } from '../model.ts';
import { ImportFileError } from './types.ts';

export interface BackupParseResult {
  items: Paper[];
  sightings: Sighting[];
}

export async function parseBackupImport(text: string): Promise<BackupParseResult> {
  try {
    const { papers, sightings } = await parseBackup(text.replace(/^\uFEFF/, ''));
    return { items: papers, sightings };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /\bat line (\d+)/.exec(message);
    throw new ImportFileError(message, line ? Number(line[1]) : undefined, { cause: error });
  }
}
