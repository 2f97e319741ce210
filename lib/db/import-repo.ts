/**
 * Writes an import plan (lib/import/plan.ts) to the database: all of it or nothing.
 *
 * One read-write transaction over `papers` (reference/security-reliability-performance.md B3): it re-reads every
 * record the plan touches and refuses to write if any changed since the preview (a merged record's stored copy
 * differs from the plan's `before`, compared on updatedAt and then on the whole record; or a paper to add now
 * exists), then writes in bulkPut chunks of IMPORT_CHUNK_SIZE (requirement 11: imports run in chunks of 1000 rows)
 * and reports progress between chunks. Nothing but Dexie is awaited inside; the progress callback is called
 * synchronously. Any failure (a stale plan, a quota error, a hook or callback that throws) aborts the transaction,
 * so nothing is written.
 */
import type { ImportPlan } from '../import/plan.ts';
import { planImport } from '../import/plan.ts';
import type { ImportedPaper, Rejection } from '../import/types.ts';
import { canonicalJson } from '../export/json-backup.ts';
import { describeError } from '../messages.ts';
import type { Paper } from '../model.ts';
import type { AppDB } from './app-db.ts';

export const IMPORT_CHUNK_SIZE = 1000;

export interface ImportProgress {
  /** Records written so far (within the still-open transaction: they commit together at the end). */
  written: number;
  total: number;
}

export interface ImportResult {
  added: number;
  merged: number;
}

/** The library changed between preview and apply: preview again. Nothing was written. */
export class StaleImportError extends Error {
  override name = 'StaleImportError';
}

/** The import could not be written (quota, a storage error…). Nothing was written. */
export class ImportWriteError extends Error {
  override name = 'ImportWriteError';
}

/** The stored records of `keys` (one bulkGet), for planImport. */
export async function storedPapers(db: AppDB, keys: Iterable<string>): Promise<Map<string, Paper>> {
  const unique = [...new Set(keys)];
  const papers = await db.papers.bulkGet(unique);
  const map = new Map<string, Paper>();
  for (const paper of papers) if (paper) map.set(paper.key, paper);
  return map;
}

/** Reads what the import touches and plans it: the preview. */
export async function previewImport(
  db: AppDB,
  parsed: { items: readonly ImportedPaper[] | readonly Paper[]; rejected?: readonly Rejection[] },
  now: number = Date.now(),
): Promise<ImportPlan> {
  const items = parsed.items as ReadonlyArray<ImportedPaper | Paper>;
  const keys = items.map((item) => ('createdAt' in item ? item.key : item.paper.key));
  return planImport(await storedPapers(db, keys), parsed.items, parsed.rejected ?? [], now);
}

/**
 * QuotaExceededError directly, or anywhere down its `inner`/`cause` chain: browsers report it as `AbortError.inner`
 * (B4), and Dexie wraps an error that aborts a transaction in one more DexieError.
 */
function isQuotaError(error: unknown): boolean {
  let current = error as { name?: unknown; inner?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current.name === 'QuotaExceededError') return true;
    current = (current.inner ?? current.cause) as typeof current;
  }
  return false;
}

/**
 * Applies a plan in one transaction. `onProgress` is called after each chunk; it must not await anything, and
 * throwing from it cancels the import (nothing is written).
 *
 * @throws StaleImportError when the library changed since the plan was made (preview again).
 * @throws ImportWriteError for any other failure, with a message for the user (quota exceeded, …).
 */
export async function applyImport(
  db: AppDB,
  plan: ImportPlan,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  const rows = [...plan.toAdd, ...plan.toMerge.map((merge) => merge.after)];
  const total = rows.length;
  try {
    await db.transaction('rw', db.papers, async () => {
      const current = await db.papers.bulkGet(rows.map((row) => row.key));
      plan.toAdd.forEach((paper, index) => {
        if (current[index] !== undefined) {
          throw new StaleImportError(`${paper.key} was added to the library after the preview. Preview the import again.`);
        }
      });
      plan.toMerge.forEach(({ before }, offset) => {
        const now = current[plan.toAdd.length + offset];
        if (now === undefined || now.updatedAt !== before.updatedAt || canonicalJson(now) !== canonicalJson(before)) {
          throw new StaleImportError(`${before.key} changed after the preview. Preview the import again.`);
        }
      });
      for (let start = 0; start < total; start += IMPORT_CHUNK_SIZE) {
        const chunk = rows.slice(start, start + IMPORT_CHUNK_SIZE);
        await db.papers.bulkPut(chunk);
        onProgress?.({ written: start + chunk.length, total });
      }
    });
  } catch (error) {
    if (error instanceof StaleImportError) throw error;
    const message = isQuotaError(error)
      ? 'Import failed: the browser refused to store more data (storage quota exceeded). Nothing was imported.'
      : `Import failed, nothing was imported: ${describeError(error)}`;
    throw new ImportWriteError(message, { cause: error });
  }
  return { added: plan.toAdd.length, merged: plan.toMerge.length };
}
