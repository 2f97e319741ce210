/**
 * Merging one record of a paper into another, in one place: what a listing adds to a stored paper
 * (lib/db/papers-repo.ts mergeCandidate), what merging duplicates keeps (lib/db/library-repo.ts mergeRecords) and what
 * an import adds (lib/transfer/plan.ts mergePaper) all follow MERGE_POLICY, one rule per field of a Paper:
 *
 * - `keep`: the base's value stays; a differing incoming one is only reported (title, key).
 * - `fill`: the incoming value is taken only when the base has none (an empty author list counts as none).
 * - `union`: lists are united, the base's entries first (subjects; tags, deduplicated ignoring case).
 * - `raise`: the larger number wins (versions, last seen and opened times: high-water marks).
 * - `earliest`: the smaller number wins, and its companion field comes with it (first seen with the mark that set it,
 *   created).
 * - `note`: notes are combined, never dropped (combineNotes).
 * - `refine`: `fill`, and a set value is replaced by a finer one that agrees with it (`2016` → `2016-05-12`, `2016-05` →
 *   `2016-05-12`); a coarser or different value never replaces it, and a coarser one that agrees is no difference.
 *
 * Three fields follow another rule on import than elsewhere, and the table says so: an import never moves the stored
 * save time (the library's own save stands; a backup's differing one is reported); it takes a finer publication date
 * from a file (a library that got a year from one reference manager gets the day from another); and it never takes a
 * cite key by merging (a file's key may be another paper's in this library: lib/transfer/plan.ts gives a file's key
 * only when it is free), while merging duplicates keeps the earliest save of the records and a cite key of a record it
 * deletes. `updatedAt` is the caller's: it stamps a changed record.
 *
 * Pure: the base is copied, nothing given is changed. The copy is shallow: every rule puts a new value in place of the
 * base's (new arrays, copies of incoming objects), none changes a value in place.
 */
import type { Paper } from './model.ts';
import { normalizeTags } from './tags.ts';

/** Where two records of a paper meet. */
export type MergeContext = 'listing' | 'duplicates' | 'import';

export type MergeRule = 'keep' | 'fill' | 'refine' | 'union' | 'raise' | 'earliest' | 'note' | 'stamp';

/**
 * How sync merges a field between devices, by the hybrid-logical-clock stamp of each change (lib/sync/doc.ts):
 *
 * - `key`: the record's identity.
 * - `lww`: last writer wins (metadata, cite key, the seen and opened times and versions: a later stamp is the later
 *   event, so an undone mark propagates too).
 * - `earliest`: set or cleared by the last writer; saves made concurrently keep the earliest time, with its companion
 *   (savedAt with savedFrom, firstSeenAt with firstSeenMark).
 * - `companion`: moves with its `earliest` field.
 * - `note`: last writer wins, and a concurrent loser's text is kept as a conflict to resolve, never dropped.
 * - `tags`: an add-wins set.
 * - `min`: the smaller value (created).
 * - `local`: never synced (updatedAt stamps a local write).
 */
export type SyncRule = 'key' | 'lww' | 'earliest' | 'companion' | 'note' | 'tags' | 'min' | 'local';

export interface FieldPolicy {
  rule: MergeRule;
  /** The rule between devices (lib/sync/doc.ts). */
  sync: SyncRule;
  /** The rule on import, where it differs. */
  onImport?: MergeRule;
  /** A field that moves with this one when `earliest` takes the incoming value (absent there: removed). */
  companion?: keyof Paper;
  /** The field's name in an import's change list; without one the field's changes are not listed. */
  label?: string;
  /** The change-list sentence when the base had no value and gets one, in place of `added <label>`. */
  added?: string;
  /** The sentence when `raise` or `earliest` moves a set value. */
  moved?: (from: number | undefined, to: number) => string;
}

/** One rule per field of a Paper, in the order an import lists its changes. */
export const MERGE_POLICY = {
  key: { rule: 'keep', sync: 'key' },
  title: { rule: 'keep', sync: 'lww', label: 'title' },
  authors: { rule: 'fill', sync: 'lww', label: 'authors' },
  arxivId: { rule: 'fill', sync: 'lww', label: 'arXiv id' },
  abstract: { rule: 'fill', sync: 'lww', label: 'abstract' },
  primaryCategory: { rule: 'fill', sync: 'lww', label: 'primary category' },
  comments: { rule: 'fill', sync: 'lww', label: 'comments' },
  published: { rule: 'fill', sync: 'lww', onImport: 'refine', label: 'publication date' },
  doi: { rule: 'fill', sync: 'lww', label: 'DOI' },
  subjects: { rule: 'union', sync: 'lww', label: 'subjects' },
  latestVersion: {
    rule: 'raise',
    sync: 'lww',
    label: 'version',
    moved: (from, to) => (from === undefined ? `added version ${to}` : `latest version ${from} → ${to}`),
  },
  seenVersion: { rule: 'raise', sync: 'lww', label: 'seen version', moved: (_, to) => `seen version ${to}` },
  lastSeenAt: { rule: 'raise', sync: 'lww', label: 'last seen time', moved: () => 'last seen time updated' },
  openedAt: {
    rule: 'raise',
    sync: 'lww',
    label: 'opened time',
    moved: (from) => (from === undefined ? 'marked opened' : 'opened time updated'),
  },
  firstSeenAt: {
    rule: 'earliest',
    sync: 'earliest',
    companion: 'firstSeenMark',
    label: 'first seen time',
    moved: (from) => (from === undefined ? 'marked seen' : 'first seen time set earlier'),
  },
  /** Moves with firstSeenAt: the explicit mark that set the first seen time. */
  firstSeenMark: { rule: 'keep', sync: 'companion' },
  savedAt: {
    rule: 'earliest',
    sync: 'earliest',
    onImport: 'fill',
    companion: 'savedFrom',
    label: 'savedAt',
    added: 'saved',
    moved: (from) => (from === undefined ? 'saved' : 'save time set earlier'),
  },
  /** Synced on its own (last writer): a paper unsaved keeps where it was saved from. */
  savedFrom: { rule: 'fill', sync: 'lww' },
  note: { rule: 'note', sync: 'note', label: 'note' },
  tags: { rule: 'union', sync: 'tags', label: 'tags' },
  citeKey: { rule: 'fill', sync: 'lww', onImport: 'keep' },
  createdAt: { rule: 'earliest', sync: 'min' },
  updatedAt: { rule: 'stamp', sync: 'local' },
} as const satisfies Record<keyof Paper, FieldPolicy>;

/** The rule for `field` in `context`. */
export function ruleOf(field: keyof Paper, context: MergeContext): MergeRule {
  const policy: FieldPolicy = MERGE_POLICY[field];
  return context === 'import' && policy.onImport !== undefined ? policy.onImport : policy.rule;
}

/** Separator between an existing note and an incoming one. */
export const NOTE_SEPARATOR = '\n\n---\n\n';

/**
 * The combined note: either side when the other is blank, `existing + NOTE_SEPARATOR + incoming` when both differ. An
 * incoming note that is already one of the existing note's sections adds nothing, so merging twice changes nothing.
 * `change` is undefined when the existing note stays as it is.
 */
export function combineNotes(
  existing: string | undefined,
  incoming: string | undefined,
): { note: string | undefined; change?: string } {
  const kept = existing !== undefined && existing.trim() !== '' ? existing : undefined;
  const added = incoming?.trim();
  if (!added) return { note: existing };
  if (kept === undefined) return { note: added, change: 'added note' };
  const sections = kept.split(NOTE_SEPARATOR).map((section) => section.trim());
  if (sections.includes(added) || kept.trim() === added) return { note: existing };
  return { note: `${kept.trimEnd()}${NOTE_SEPARATOR}${added}`, change: 'combined notes (imported note appended)' };
}

export interface MergeOptions {
  /** The sentence for a kept value that the incoming record differs in; without it no changes are listed. */
  kept?: (label: string) => string;
}

export interface MergeResult {
  paper: Paper;
  /** What changed and what was kept, one sentence each, in MERGE_POLICY order (only with `kept`). */
  changes: string[];
}

type Fields = Record<string, unknown>;

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Whether an incoming value differs from the base's in a way worth a `kept` sentence. */
function differs(field: string, base: unknown, incoming: unknown): boolean {
  if (field === 'title') return squash(String(incoming)) !== squash(String(base));
  if (Array.isArray(base) && Array.isArray(incoming)) {
    return incoming.length > 0 && incoming.join('\u0000') !== base.join('\u0000');
  }
  return typeof incoming !== 'object' && incoming !== base;
}

const copyOf = <T>(value: T): T => (typeof value === 'object' && value !== null ? structuredClone(value) : value);

/**
 * Whether `incoming` is a finer form of `current`: the same leading parts and more of them (`2016` → `2016-05-12`).
 * Values are `-`-separated from coarse to fine, as a published date is (lib/paper/model.ts PublishedSchema).
 */
export function refines(current: unknown, incoming: unknown): boolean {
  return typeof current === 'string' && typeof incoming === 'string' && incoming.startsWith(`${current}-`);
}

const isEmpty = (value: unknown): boolean => value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * `incoming` merged into a copy of `base` by MERGE_POLICY for `context`. `incoming` may lack any field (a listing's
 * candidate carries no user fields): a missing value changes nothing. `updatedAt` stays the base's.
 */
export function mergePapers(
  base: Paper,
  incoming: Partial<Paper>,
  context: MergeContext,
  options: MergeOptions = {},
): MergeResult {
  const paper: Fields = { ...base };
  const source = incoming as Fields;
  const changes: string[] = [];
  const { kept } = options;
  const report = (sentence: string | undefined): void => {
    if (kept !== undefined && sentence !== undefined) changes.push(sentence);
  };
  for (const field of Object.keys(MERGE_POLICY) as Array<keyof Paper>) {
    const value = source[field];
    if (value === undefined) continue;
    const policy: FieldPolicy = MERGE_POLICY[field];
    const { label } = policy;
    const current = paper[field];
    switch (ruleOf(field, context)) {
      case 'keep':
        if (label !== undefined && differs(field, current, value)) report(kept?.(label));
        break;
      case 'fill':
        if (isEmpty(current) && !isEmpty(value)) {
          paper[field] = copyOf(value);
          if (label !== undefined) report(policy.added ?? `added ${label}`);
        } else if (label !== undefined && !isEmpty(value) && differs(field, current, value)) {
          report(kept?.(label));
        }
        break;
      case 'refine':
        if (isEmpty(current)) {
          paper[field] = copyOf(value);
          if (label !== undefined) report(policy.added ?? `added ${label}`);
        } else if (refines(current, value)) {
          paper[field] = value;
          if (label !== undefined) report(`${label} ${String(current)} → ${String(value)}`);
        } else if (label !== undefined && !refines(value, current) && differs(field, current, value)) {
          report(kept?.(label));
        }
        break;
      case 'union': {
        const before = (current as string[] | undefined) ?? [];
        const incomingList = value as string[];
        const united =
          field === 'tags' ? normalizeTags([...before, ...incomingList]) : [...new Set([...before, ...incomingList])];
        if (united.length > before.length) {
          paper[field] = united;
          if (label !== undefined) report(`added ${label}: ${united.slice(before.length).join(', ')}`);
        }
        break;
      }
      case 'raise':
        if (current === undefined || (current as number) < (value as number)) {
          paper[field] = value;
          report(policy.moved?.(current as number | undefined, value as number));
        }
        break;
      case 'earliest':
        if (current === undefined || (value as number) < (current as number)) {
          paper[field] = value;
          const { companion } = policy;
          if (companion !== undefined) {
            const other = source[companion];
            if (other === undefined) delete paper[companion];
            else paper[companion] = copyOf(other);
          }
          report(policy.moved?.(current as number | undefined, value as number));
        }
        break;
      case 'note': {
        const note = combineNotes(current as string | undefined, value as string);
        if (note.change !== undefined) {
          if (note.note === undefined) delete paper[field];
          else paper[field] = note.note;
          report(note.change);
        }
        break;
      }
      case 'stamp':
        break;
    }
  }
  return { paper: paper as Paper, changes };
}
