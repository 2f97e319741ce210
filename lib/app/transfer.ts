/**
 * Import and export for the extension pages, on top of the pure formats (lib/formats) and the import planner: the
 * library's Import & export tab and the popup's export buttons use these, so an export with cite keys is written once.
 *
 * Export with cite keys: a format whose registry entry says `citeKeys` names each paper by its cite key, so every paper
 * in the file gets a stable one on its first export: chosen from the library (assignCiteKeys), written into the file,
 * and stored right after the download starts (`keepCiteKeys`), so a key once cited never changes. Storing rewrites each
 * record (IndexedDB has no partial update), which for a first export of 100,000 papers takes long enough that the file
 * should not wait for it. A paper imported from a file with its own key (`mnih_playing_2013`) has that key stored by
 * the import (lib/transfer/plan.ts), so every export names it by the key the user's manuscripts already cite.
 */
import { assignCiteKeys, CiteKeyConflictError, keepCiteKeys } from '../db/library-repo.ts';
import { applyImport, previewImport, StaleImportError } from '../db/import-repo.ts';
import type { AppDB } from '../db/app-db.ts';
import { parseImport } from '../formats/read.ts';
import { exportFileName, formatById, type FormatId } from '../formats/registry.ts';
import { runExport } from '../formats/run.ts';
import type { Format, ParsedImport } from '../formats/types.ts';
import type { Paper, Sighting } from '../paper/model.ts';
import { describeScope, papersInScope, type ExportScope } from '../transfer/scope.ts';
import type { ImportPlan } from '../transfer/plan.ts';
import type { Outcome } from './actions.ts';
import { announceChanged } from './announce.ts';
import { syncSoon } from './sync/schedule.ts';
import { downloadFile } from './download.ts';
import { friendlyError } from './errors.ts';

/** Tags in use with their counts, most used first, read from the `*tags` index (keys only, no records). */
export async function tagsInUse(db: AppDB): Promise<{ tag: string; count: number }[]> {
  const keys = (await db.papers.orderBy('tags').keys()) as string[];
  const counts = new Map<string, number>();
  for (const tag of keys) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

export interface ExportDone {
  fileName: string;
  /** Papers in the file. */
  count: number;
  /** What the scope was, in words ('saved papers'). */
  scope: string;
  /** Cite keys given now (paper key → cite key), to store with `keepNewCiteKeys`; empty when none were needed. */
  newCiteKeys: ReadonlyMap<string, string>;
}

export interface ExportOptions {
  /** Every paper of the library when the caller holds it (the mirror): no read of the table then. */
  library?: readonly Paper[];
  onProgress?(done: number, total: number): void;
}

/**
 * Writes `papers` (or the papers of a scope) in format `id` and hands the file to the browser's downloads. Cite keys,
 * sightings and the file's type all come from the format's registry entry.
 */
export async function exportPapers(
  db: AppDB,
  id: FormatId,
  what: ExportScope | readonly Paper[],
  options: ExportOptions = {},
): Promise<Outcome<ExportDone>> {
  // Phase timings for the benchmark (tests/bench/transfer.ts) and DevTools: dogear:export:read|prepare|write|download.
  let mark = performance.now();
  const phase = (name: string): void => {
    const end = performance.now();
    performance.measure(`dogear:export:${name}`, { start: mark, end });
    mark = end;
  };
  try {
    const format: Format = formatById(id);
    const scoped = !Array.isArray(what);
    const needsLibrary =
      scoped || (format.citeKeys === true && (what as readonly Paper[]).some((paper) => paper.citeKey === undefined));
    const library = options.library ?? (needsLibrary ? await db.papers.toArray() : []);
    phase('read');
    let papers: readonly Paper[] = scoped ? papersInScope(library, what as ExportScope) : (what as readonly Paper[]);
    const scope = scoped ? describeScope(what as ExportScope) : `${papers.length} papers`;
    if (papers.length === 0) return { ok: false, error: `Nothing to export: no paper in ${scope}.` };
    let newCiteKeys: ReadonlyMap<string, string> = new Map();
    if (format.citeKeys === true && papers.some((paper) => paper.citeKey === undefined)) {
      ({ papers, assigned: newCiteKeys } = assignCiteKeys(library, papers));
    }
    let sightings: Sighting[] | undefined;
    if (format.carries.sightings) {
      const keys = new Set(papers.map((paper) => paper.key));
      sightings = (await db.sightings.toArray()).filter((sighting) => keys.has(sighting.paperKey));
    }
    phase('prepare');
    const content = await runExport(id, papers, {
      ...(sightings === undefined ? {} : { sightings }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    phase('write');
    const fileName = exportFileName(id);
    downloadFile(content, fileName, format.mime);
    phase('download');
    return { ok: true, value: { fileName, count: papers.length, scope, newCiteKeys } };
  } catch (error) {
    return { ok: false, error: `Export failed: ${friendlyError(error)}` };
  }
}

/**
 * Stores the cite keys an export was written with. Leaving the page meanwhile would lose them, so the page asks before
 * unloading until they are stored.
 *
 * @returns how many were stored, or why not (another page gave keys meanwhile: export again to get the stored ones).
 */
export async function keepNewCiteKeys(db: AppDB, keys: ReadonlyMap<string, string>): Promise<Outcome<number>> {
  const stay = (event: BeforeUnloadEvent): void => event.preventDefault();
  window.addEventListener('beforeunload', stay);
  try {
    return { ok: true, value: await keepCiteKeys(db, keys) };
  } catch (error) {
    const why =
      error instanceof CiteKeyConflictError
        ? `another Dogear page gave cite keys meanwhile (${error.message})`
        : friendlyError(error);
    return { ok: false, error: why };
  } finally {
    window.removeEventListener('beforeunload', stay);
  }
}

/** A file read and planned against the library: what Apply would write. Nothing is written yet. */
export interface ImportPreview {
  parsed: ParsedImport;
  plan: ImportPlan;
}

/** Reads a file (format detected from its content, else its name) and plans its import against the library now. */
export async function previewFile(db: AppDB, fileName: string, text: string): Promise<Outcome<ImportPreview>> {
  try {
    // Phase timings for the benchmark (tests/bench/transfer.ts) and DevTools: dogear:import:parse|preview.
    const start = performance.now();
    const parsed = await parseImport(fileName, text);
    const parsedAt = performance.now();
    performance.measure('dogear:import:parse', { start, end: parsedAt });
    const plan = await previewImport(db, parsed);
    performance.measure('dogear:import:preview', { start: parsedAt, end: performance.now() });
    return { ok: true, value: { parsed, plan } };
  } catch (error) {
    return { ok: false, error: friendlyError(error) };
  }
}

export type ApplyOutcome =
  | { ok: true; added: number; merged: number }
  /** The library changed since the preview: here is the plan made again, to show before applying. */
  | { ok: false; stale: ImportPreview }
  | { ok: false; error: string };

/** Writes a previewed import (one transaction, in chunks) and tells listing tabs. */
export async function applyPreview(
  db: AppDB,
  preview: ImportPreview,
  onProgress?: (written: number) => void,
): Promise<ApplyOutcome> {
  const { plan } = preview;
  try {
    const start = performance.now();
    const result = await applyImport(db, plan, onProgress ? ({ written }) => onProgress(written) : undefined);
    performance.measure('dogear:import:apply', { start, end: performance.now() });
    const keys = [...plan.toAdd.map((paper) => paper.key), ...plan.toMerge.map((merge) => merge.after.key)];
    announceChanged(keys).catch((error: unknown) => console.warn('Dogear: could not notify tabs', error));
    if (keys.length > 0) void syncSoon();
    return { ok: true, added: result.added, merged: result.merged };
  } catch (error) {
    if (error instanceof StaleImportError) {
      try {
        return { ok: false, stale: { parsed: preview.parsed, plan: await previewImport(db, preview.parsed) } };
      } catch (again) {
        return { ok: false, error: friendlyError(again) };
      }
    }
    return { ok: false, error: friendlyError(error) };
  }
}
