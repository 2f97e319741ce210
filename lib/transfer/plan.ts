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
 *   title; incoming differs`. A finer `published` that agrees with the stored one is taken (`2016` → `2016-05-12`).
 * - Cite keys (planCiteKeys): an entry's own key (BibTeX key, RIS `ID`, CSL `citation-key`/`id`, a backup record's
 *   `citeKey`) becomes the paper's persisted `citeKey` when it is valid (isCiteKey) and free: held by no other paper of
 *   the library and claimed by no earlier entry of the file. A paper that has a key keeps it (a key once given out
 *   never changes). Every entry with a key gets one `citeKeys` outcome for the preview; a paper whose file key is
 *   refused gets a generated key at its first export, as before.
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
import { isCiteKey } from '../paper/cite-keys.ts';
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
  /** What became of each entry's own cite key, in file order (entries without one are not listed). */
  citeKeys: CiteKeyOutcome[];
  /**
   * Entries imported with a guess the user should check (a Google Scholar author list split at its commas), in file
   * order; `reason` says what was guessed. Same shape as a rejection, so the preview lists both alike.
   */
  warnings: Rejection[];
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

/**
 * What an import does with an entry's own cite key:
 *
 * - `kept`: it is (or already was) the paper's cite key;
 * - `own`: the paper keeps the key it has (stored, or taken from an earlier entry of the same paper), `citeKey`;
 * - `clash`: another paper holds it (`heldBy`, in the library or an earlier entry of the file): a new key will be given
 *   at export;
 * - `invalid`: it cannot be a cite key (lib/paper/cite-keys.ts isCiteKey): a new key will be given at export.
 */
export type CiteKeyOutcome = {
  /** Position of the entry in the file, from 0. */
  index: number;
  /** The entry's own key, as the file has it. */
  fileKey: string;
  /** The paper's canonical key. */
  paperKey: string;
} & (
  | { outcome: 'kept' | 'invalid' }
  /** `fromEntry`: the earlier entry of the same paper whose key it takes (absent: the paper's stored key). */
  | { outcome: 'own'; citeKey: string; fromEntry?: number }
  /** `heldBy`: `“Title” (arxiv:…)`, or `entry 3 of this file`. */
  | { outcome: 'clash'; heldBy: string }
);

/** A paper of the library that holds a cite key: its key and title, for the clash sentence. */
export type CiteKeyHolder = Pick<Paper, 'key' | 'title'>;

/** Items of a backup are whole Paper records; items of other files are ImportedPaper entries. */
export type ImportItems = readonly ImportedPaper[] | readonly Paper[];

interface Entry {
  index: number;
  line?: number;
  id?: string;
  paper: Paper;
  /** True for backup records (restored as they are), false for file entries (which count as saved). */
  lossless: boolean;
  /** The entry's own cite key (a backup record's `citeKey`), which planCiteKeys gives the paper when it is free. */
  fileKey?: string;
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
  if (isPaperRecord(item)) {
    const entry: Entry = { index, id: item.key, paper: item, lossless: true };
    if (item.citeKey !== undefined) entry.fileKey = item.citeKey;
    return entry;
  }
  const { version, ...fields } = item.paper;
  const paper: Paper = { ...structuredClone(fields), createdAt: now, updatedAt: now };
  if (version !== undefined) paper.latestVersion = version;
  if (hasNote(item)) paper.note = item.note!.trim();
  const tags = normalizeTags(item.tags ?? []);
  if (tags.length > 0) paper.tags = tags;
  const entry: Entry = { index: item.index, id: item.citeKey ?? item.paper.key, paper, lossless: false };
  if (item.line !== undefined) entry.line = item.line;
  if (item.citeKey !== undefined) entry.fileKey = item.citeKey;
  return entry;
}

function entryWarnings(incoming: ImportItems): Rejection[] {
  const warnings: Rejection[] = [];
  for (const item of incoming as ReadonlyArray<ImportedPaper | Paper>) {
    if (isPaperRecord(item) || item.warnings === undefined) continue;
    for (const reason of item.warnings) {
      const warning: Rejection = { index: item.index, id: item.citeKey ?? item.paper.key, reason };
      if (item.line !== undefined) warning.line = item.line;
      warnings.push(warning);
    }
  }
  return warnings;
}

/**
 * Builds the preview. `existing` holds the stored records of (at least) the incoming keys; `holders` the papers of the
 * library that hold (at least) the cite keys the file names, by cite key (the stored records in `existing` count too).
 */
export function planImport(
  existing: ReadonlyMap<string, Paper>,
  incoming: ImportItems,
  rejected: readonly Rejection[],
  now: number = Date.now(),
  holders: ReadonlyMap<string, CiteKeyHolder> = new Map(),
): ImportPlan {
  const groups = new Map<string, Entry[]>();
  const entries: Entry[] = [];
  (incoming as ReadonlyArray<ImportedPaper | Paper>).forEach((item, position) => {
    const entry = toEntry(item, position, now);
    entries.push(entry);
    const group = groups.get(entry.paper.key);
    if (group) group.push(entry);
    else groups.set(entry.paper.key, [entry]);
  });
  const keys = planCiteKeys(entries, existing, holders);
  const refused = new Set<string>();

  const plan: ImportPlan = {
    toAdd: [],
    toMerge: [],
    unchanged: 0,
    conflicts: [],
    duplicates: [],
    rejected: [...rejected],
    summary: '',
    now,
    citeKeys: [],
    warnings: entryWarnings(incoming),
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

    // The file's cite key when planCiteKeys gives it; a paper with a stored key keeps it (the merge kept it).
    if (stored?.citeKey === undefined) {
      const give = keys.given.get(key)?.citeKey;
      if (result.paper.citeKey !== give) {
        const { citeKey: _refused, ...rest } = result.paper;
        result.paper = give === undefined ? rest : { ...rest, citeKey: give };
        if (stored !== undefined && give !== undefined) result.changes.push(`added cite key ${give}`);
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
      refused.add(key);
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
  plan.citeKeys = refused.size === 0 ? keys.outcomes : keys.outcomes.filter(({ paperKey }) => !refused.has(paperKey));
  plan.summary = summarize(plan);
  return plan;
}

/** A title for a sentence: at most 80 characters. */
function shortTitle(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** A file's key for a sentence: at most 60 characters (a Zotero CSL id is a whole URL). */
function shownKey(key: string): string {
  return key.length > 60 ? `${key.slice(0, 59)}…` : key;
}

/**
 * Which file keys the import gives (paper key → cite key and the entry it came from), and what became of every entry's
 * key, in file order. A file's key is given when it is valid, the paper has no stored key, no earlier entry of the same
 * paper gave it one, no other paper of the library holds it (`holders`, and the stored records in `existing`) and no
 * earlier entry of another paper took it. Restoring your own `.bib` or backup therefore keeps every key.
 */
function planCiteKeys(
  entries: readonly Entry[],
  existing: ReadonlyMap<string, Paper>,
  holders: ReadonlyMap<string, CiteKeyHolder>,
): { given: Map<string, { citeKey: string; index: number }>; outcomes: CiteKeyOutcome[] } {
  const given = new Map<string, { citeKey: string; index: number }>();
  const outcomes: CiteKeyOutcome[] = [];
  /** Keys taken by earlier entries of the file: cite key → index of the entry. */
  const claimed = new Map<string, number>();
  /** The stored records' keys count as held even when the caller passes no holders. */
  let storedHolders: Map<string, CiteKeyHolder> | undefined;
  for (const entry of entries) {
    const fileKey = entry.fileKey;
    if (fileKey === undefined) continue;
    const index = entry.index;
    const paperKey = entry.paper.key;
    // A backup record's key was checked with the record (parseBackup): only file entries' keys are checked here.
    if (!entry.lossless && !isCiteKey(fileKey)) {
      outcomes.push({ index, fileKey, paperKey, outcome: 'invalid' });
      continue;
    }
    const stored = existing.get(paperKey)?.citeKey;
    const earlierOfPaper = stored === undefined ? given.get(paperKey) : undefined;
    const own = stored ?? earlierOfPaper?.citeKey;
    if (own === fileKey) {
      outcomes.push({ index, fileKey, paperKey, outcome: 'kept' });
      continue;
    }
    if (own !== undefined) {
      const outcome: CiteKeyOutcome = { index, fileKey, paperKey, outcome: 'own', citeKey: own };
      if (earlierOfPaper !== undefined) outcome.fromEntry = earlierOfPaper.index;
      outcomes.push(outcome);
      continue;
    }
    if (storedHolders === undefined) {
      storedHolders = new Map();
      for (const paper of existing.values()) if (paper.citeKey !== undefined) storedHolders.set(paper.citeKey, paper);
    }
    const holder = holders.get(fileKey) ?? storedHolders.get(fileKey);
    if (holder !== undefined && holder.key !== paperKey) {
      const heldBy = `“${shortTitle(holder.title)}” (${holder.key})`;
      outcomes.push({ index, fileKey, paperKey, outcome: 'clash', heldBy });
      continue;
    }
    const earlier = claimed.get(fileKey);
    if (earlier !== undefined) {
      outcomes.push({ index, fileKey, paperKey, outcome: 'clash', heldBy: `entry ${earlier + 1} of this file` });
      continue;
    }
    given.set(paperKey, { citeKey: fileKey, index });
    claimed.set(fileKey, index);
    outcomes.push({ index, fileKey, paperKey, outcome: 'kept' });
  }
  return { given, outcomes };
}

/**
 * The preview's sentence for a key outcome: `cite key \`x` is already used by “Title” (arxiv:…): a new key will be
 * given`. Made when shown, not per entry of a 100,000-paper backup.
 */
export function citeKeyMessage(outcome: CiteKeyOutcome): string {
  const quoted = `cite key \`${shownKey(outcome.fileKey)}\``;
  switch (outcome.outcome) {
    case 'kept':
      return `${quoted} kept`;
    case 'own': {
      const from = outcome.fromEntry === undefined ? '' : ` (from entry ${outcome.fromEntry + 1})`;
      return `${quoted} not used: this paper keeps its cite key \`${outcome.citeKey}\`${from}`;
    }
    case 'clash':
      return `${quoted} is already used by ${outcome.heldBy}: a new key will be given`;
    case 'invalid':
      return `${quoted} is not a valid cite key (letters, digits and _ : . - only, at most 100): a new key will be given`;
  }
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
