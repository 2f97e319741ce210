/**
 * Dogear's own JSON backup (lib/export/json-backup.ts), read losslessly: every paper record comes back exactly as it
 * was written (user fields, timestamps, savedAt absent for papers that were only seen). The backup is all or
 * nothing: `parseBackup` checks the checksum, counts, and every record against PaperSchema, and any failure throws
 * an ImportFileError carrying its message (which names the JSON line and column or the record, `papers[3]`).
 *
 * Gap: the backup format holds the `papers` table only. Sightings (Dexie table `sightings`) are not in it, so they
 * are neither exported nor restored; extending the format is json-backup.ts's job (schemaVersion 2).
 */
import { parseBackup } from '../export/json-backup.ts';
import type { Paper } from '../model.ts';
import { ImportFileError } from './types.ts';

export interface BackupParseResult {
  items: Paper[];
}

export async function parseBackupImport(text: string): Promise<BackupParseResult> {
  try {
    const { papers } = await parseBackup(text.replace(/^\uFEFF/, ''));
    return { items: papers };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /\bat line (\d+)/.exec(message);
    throw new ImportFileError(message, line ? Number(line[1]) : undefined, { cause: error });
  }
}
