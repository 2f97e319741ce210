/**
 * The import preview: what an import would add, merge and reject, computed without touching the database. The plan is
 * applied as is by `applyImport` (lib/db/import-repo.ts), which checks that the merged records have not changed in
 * between.
 *
 * Merge rules (one record per canonical key), field by field those of lib/paper/merge.ts MERGE_POLICY on import:
 *
 * - Entries of one file with the same key are folded into one first, in file order: the first entry is the base and later
 *   ones only fill it in (by the rules below; their differences are reported in `duplicates`).
 * - Nothing stored is overwritten. `title` is kept; `authors`, `arxivId`, `abstract`, `primaryCategory`, `comments`,
 *   `published`, `savedAt` and `savedFrom` are only filled when missing (authors when the stored list is empty). A
 *   differing incoming text value, or a differing `savedAt` from a backup, is recorded as a change: `kept existing
 *   title; incoming differs`. A cite key is never taken from a file.
 * - The earliest `firstSeenAt` (with its `firstSeenMark`) and `createdAt` win.
 * - `subjects` and `tags` are united (tags deduplicated case-insensitively, first spelling kept, normalizeTags).
 * - Notes are combined, never dropped: when both exist and differ, `existing + "\n\n---\n\n" + incoming`. An incoming
 *   note that is already one of the existing note's sections adds nothing, so importing a file twice is idempotent.
 * - High-water marks take the maximum: `latestVersion`, `seenVersion`, `lastSeenAt`, `openedAt`.
 * - An entry of a BibTeX, RIS or CSL-JSON file counts as saved: a paper not yet saved gets `savedAt = now` (and, as
 *   saving does in papers-repo, `firstSeenAt`/`lastSeenAt = now` when unset; a new paper's `seenVersion` is its
 *   version). Backup records are restored losslessly instead: a paper the backup holds as only seen stays unsaved, and
 *   a new paper keeps its own `createdAt`/`updatedAt`.
 * - A merged record gets `updatedAt = now` only when something changed; otherwise it is counted as unchanged and not
 *   written (its differences, if any, are listed in `conflicts`).
 * - Every record the plan would write is validated with PaperSchema (a backup record added unchanged was validated by
 *   parseBackup, and is not validated twice); one that fails (a combined note over 100 000 characters, more than 200
 *   tags…) is rejected with the reason, with all the entries it came from.
 */
import { describeIssues } from '../formats/common/entry.ts';
import type { ImportedPaper, Rejection } from '../formats/types.ts';
import { mergePapers } from '../paper/merge.ts';
import { type Paper, PaperSchema, type Sighting } from '../paper/model.ts';
import { hasNote } from '../paper/state.ts';
import { normalizeTags } from '../paper/tags.ts';

export { combineNotes, NOTE_SEPARATOR } from '../paper/merge.ts';

export interface PlannedMerge {
  /** The stored record the plan was computed from; applyImport refuses to write if it changed since. */
  before: Paper;
  after: Paper;
  /** What changed and what was kept, one sentence each (`added abstract`, `kept existing title; incoming differs`). */
  changes: string[];
}

export interface ImportPlan {
  /** Papers not in the library, in file order. */
  toAdd: Paper[];
  toMerge: PlannedMerge[];
  /** Papers of the file already in the library with nothing to add. */
  unchanged: number;
  /** Unchanged papers whose file entry differs from what is stored (the stored values were kept). */
  conflicts: Array<{ key: string; changes: string[] }>;
  /** Papers that several entries of the file name, folded into one; `changes` lists what the later ones differed in. */
  duplicates: Array<{ key: string; indexes: number[]; changes: string[] }>;
  /** Parse rejections and plan rejections, by entry index. */
  rejected: Rejection[];
  /** `312 new, 40 merged, 2 rejected`, then `, 7 unchanged` when some are. */
  summary: string;
  /** The time the plan stamps on records (savedAt, updatedAt…). */
  now: number;
  /** A backup's sightings (schema 2), merged by id: set by previewImport when the file has any. */
  sightings?: SightingsPlan;
}

/** What a backup's sightings add: events are immutable, so a sighting already stored is skipped, never changed. */
export interface SightingsPlan {
  /** Sightings to add, in file order. */
  toAdd: Sighting[];
  /** Sightings already stored (same id, or same paper, time, site, URL and mark) or repeated in the file. */
  duplicates: number;
  /** Sightings of papers that end up neither stored nor added (their record was rejected). */
  skipped: number;
}

/** Items of a backup are whole Paper records; items of other files are ImportedPaper entries. */
export type ImportItems = readonly ImportedPaper[] | readonly Paper[];

interface Entry {
  index: number;
  line?: number;
  id?: string;
  paper: Paper;
  /** True for backup records (restored as they are), false for file entries (which count as saved). */
  lossless: boolean;
}

function isPaperRecord(item: ImportedPaper | Paper): item is Paper {
  return 'createdAt' in item;
}

/**
 * Backup records are used as they are, not copied (copying 100k records is a large part of a backup's preview):
 * planImport never writes to an entry's paper (mergePaper copies its base; only file entries, built here, are changed),
 * so the plan may share records with the parsed file, which stays as it was read.
 */
function toEntry(item: ImportedPaper | Paper, index: number, now: number): Entry {
  if (isPaperRecord(item)) return { index, id: item.key, paper: item, lossless: true };
  const { version, ...fields } = item.paper;
  const paper: Paper = { ...structuredClone(fields), createdAt: now, updatedAt: now };
  if (version !== undefined) paper.latestVersion = version;
  if (hasNote(item)) paper.note = item.note!.trim();
  const tags = normalizeTags(item.tags ?? []);
  if (tags.length > 0) paper.tags = tags;
  const entry: Entry = { index: item.index, id: item.citeKey ?? item.paper.key, paper, lossless: false };
  if (item.line !== undefined) entry.line = item.line;
  return entry;
}

/** Builds the preview. `existing` holds the stored records of (at least) the incoming keys. */
export function planImport(
  existing: ReadonlyMap<string, Paper>,
  incoming: ImportItems,
  rejected: readonly Rejection[],
  now: number = Date.now(),
): ImportPlan {
  const groups = new Map<string, Entry[]>();
  (incoming as ReadonlyArray<ImportedPaper | Paper>).forEach((item, position) => {
    const entry = toEntry(item, position, now);
    const group = groups.get(entry.paper.key);
    if (group) group.push(entry);
    else groups.set(entry.paper.key, [entry]);
  });

  const plan: ImportPlan = {
    toAdd: [],
    toMerge: [],
    unchanged: 0,
    conflicts: [],
    duplicates: [],
    rejected: [...rejected],
    summary: '',
    now,
  };
  for (const [key, group] of groups) {
    const [first, ...rest] = group as [Entry, ...Entry[]];
    let folded = first.paper;
    const duplicateChanges: string[] = [];
    for (const entry of rest) {
      const merged = mergePaper(folded, entry.paper, {
        kept: (field) => `kept ${field} of entry ${first.index + 1}; entry ${entry.index + 1} differs`,
      });
      folded = merged.paper;
      duplicateChanges.push(...merged.changes.map((change) => `entry ${entry.index + 1}: ${change}`));
    }
    const lossless = first.lossless;
    const stored = existing.get(key);
    let result: { paper: Paper; changes: string[] };
    if (stored) {
      result = mergePaper(stored, folded, { kept: (field) => `kept existing ${field}; incoming differs` });
      if (!lossless && result.paper.savedAt === undefined) {
        result.paper.savedAt = now;
        result.paper.firstSeenAt ??= now;
        result.paper.lastSeenAt ??= now;
        result.changes.push('saved');
      }
    } else {
      result = { paper: folded, changes: [] };
      if (!lossless) {
        result.paper.savedAt = now;
        result.paper.firstSeenAt = now;
        result.paper.lastSeenAt = now;
        if (result.paper.latestVersion !== undefined) result.paper.seenVersion = result.paper.latestVersion;
      }
    }

    const changed = stored !== undefined && !sameData(stored, result.paper);
    if (changed) result.paper.updatedAt = now;
    // A backup record added as it is was validated by parseBackup already: at 100k papers a second pass is costly.
    const unchangedBackupRecord = lossless && !stored && group.length === 1;
    const valid = unchangedBackupRecord ? { success: true as const } : PaperSchema.safeParse(result.paper);
    if (!valid.success) {
      for (const entry of group) {
        const rejection: Rejection = {
          index: entry.index,
          reason: `${key} cannot be stored: ${describeIssues(valid.error)}`,
        };
        if (entry.line !== undefined) rejection.line = entry.line;
        if (entry.id !== undefined) rejection.id = entry.id;
        plan.rejected.push(rejection);
      }
      continue;
    }
    if (group.length > 1)
      plan.duplicates.push({ key, indexes: group.map((entry) => entry.index), changes: duplicateChanges });
    if (!stored) {
      plan.toAdd.push(result.paper);
    } else if (changed) {
      plan.toMerge.push({ before: stored, after: result.paper, changes: result.changes });
    } else {
      plan.unchanged += 1;
      if (result.changes.length > 0) plan.conflicts.push({ key, changes: result.changes });
    }
  }
  plan.rejected.sort((a, b) => a.index - b.index);
  plan.summary = summarize(plan);
  return plan;
}

/**
 * `312 new, 40 merged, 2 rejected`, plus `, 7 unchanged` when some are, plus `; sightings: 600 new, 12 already stored`
 * when the plan has sightings.
 */
export function summarize(
  plan: Pick<ImportPlan, 'toAdd' | 'toMerge' | 'rejected' | 'unchanged' | 'sightings'>,
): string {
  let summary = `${plan.toAdd.length} new, ${plan.toMerge.length} merged, ${plan.rejected.length} rejected`;
  if (plan.unchanged > 0) summary += `, ${plan.unchanged} unchanged`;
  const sightings = plan.sightings;
  if (sightings !== undefined && sightings.toAdd.length + sightings.duplicates + sightings.skipped > 0) {
    summary += `; sightings: ${sightings.toAdd.length} new, ${sightings.duplicates} already stored`;
    if (sightings.skipped > 0) summary += `, ${sightings.skipped} of rejected papers`;
  }
  return summary;
}

/** Identity of a sighting's content, for sightings that came back under another id. */
function sightingContent(sighting: Sighting): string {
  return [sighting.paperKey, sighting.at, sighting.site, sighting.url, sighting.markId ?? ''].join('\u0000');
}

/**
 * Plans a backup's sightings: merged by id and deduplicated. An incoming sighting is added unless one with its id, or
 * with the same content, is stored or came earlier in the file; a sighting of a paper that will be neither stored nor
 * added (`knownKeys`: stored keys plus the plan's toAdd) is skipped, so no sighting points at a missing paper.
 *
 * @param existing stored sightings that may match: those with the incoming ids and those of the incoming papers.
 */
export function planSightings(
  incoming: readonly Sighting[],
  existing: readonly Sighting[],
  knownKeys: ReadonlySet<string>,
): SightingsPlan {
  const ids = new Set(existing.map((sighting) => sighting.id));
  const contents = new Set(existing.map(sightingContent));
  const plan: SightingsPlan = { toAdd: [], duplicates: 0, skipped: 0 };
  for (const sighting of incoming) {
    if (!knownKeys.has(sighting.paperKey)) {
      plan.skipped += 1;
      continue;
    }
    const content = sightingContent(sighting);
    if (ids.has(sighting.id) || contents.has(content)) {
      plan.duplicates += 1;
      continue;
    }
    ids.add(sighting.id);
    contents.add(content);
    plan.toAdd.push(sighting);
  }
  return plan;
}

/** Same record apart from updatedAt. */
function sameData(a: Paper, b: Paper): boolean {
  return sameJson({ ...a, updatedAt: 0 }, { ...b, updatedAt: 0 });
}

/**
 * Whether two JSON-like values have equal canonical JSON (key order ignored, undefined members absent), compared
 * without writing either out: at 100k records the strings, not the comparison, were the cost.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // Numbers and strings compare as JSON writes them (NaN and ±0 as JSON.stringify does).
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index += 1) if (!sameJson(a[index] ?? null, b[index] ?? null)) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((key) => left[key] !== undefined);
  const rightKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  if (leftKeys.length !== rightKeys.length) return false;
  for (const key of leftKeys) {
    if (right[key] === undefined || !Object.hasOwn(right, key)) return false;
    if (!sameJson(left[key], right[key])) return false;
  }
  return true;
}

interface Wording {
  /** The sentence for a kept value that the incoming record differs in. */
  kept: (field: string) => string;
}

/**
 * Merges `incoming` into a copy of `base` by lib/paper/merge.ts MERGE_POLICY (its import rules), listing what changed
 * and what was kept. Only backup records carry a savedAt, so only they can differ in it.
 */
export function mergePaper(base: Paper, incoming: Paper, wording: Wording): { paper: Paper; changes: string[] } {
  return mergePapers(base, incoming, 'import', wording);
}
