/**
 * The only writers of the database. Each user action is one transaction over the tables it touches, and nothing but
 * Dexie is awaited inside one (anything else commits the transaction early: Dexie's PrematureCommitError). Batches are
 * one bulkGet plus one bulkPut (and one bulkAdd of sightings), never a write per row: the transaction and request count
 * is the cost.
 *
 * Every writer returns the new states of the papers it touched, keyed by paper key: that is the reply to the content
 * script and the list of keys announced to other tabs.
 *
 * Seen, in one place: a paper is seen once `firstSeenAt` is set, and stays seen forever. Dwelling on a row, an explicit
 * "mark seen", opening the paper and saving it all set it. Only undoing an explicit mark (undo-journal.ts) unsets it,
 * by putting back the records as they were before the mark.
 *
 * The listing's bulk actions (saveMany, markSeen with a markId) are undoable: they tell their `onChange` hook what they
 * are about to write (a Change), inside their transaction, and undo-journal.ts keeps that.
 */
import type { Paper, PaperCandidate, Sighting, Source } from '../paper/model.ts';
import { mergePapers } from '../paper/merge.ts';
import { paperState, UNKNOWN_PAPER, type PaperState } from '../paper/state.ts';
import { normalizeTags } from '../paper/tags.ts';
import type { NoteView } from '../messages.ts';
import type { AppDB } from './app-db.ts';
import { decodeState, STATE_INDEX, type StateCode } from './state-index.ts';

export type States = Record<string, PaperState>;

/**
 * What one write is about to do, for its undo journal (undo-journal.ts): every record it writes, before (undefined when
 * it creates the record) and after, in the same order, and the ids of the sightings it adds. Every record it writes
 * gets `updatedAt = at`.
 */
export interface Change {
  at: number;
  before: ReadonlyArray<Paper | undefined>;
  after: readonly Paper[];
  sightings: readonly string[];
}

/** Called inside the write's transaction before anything is written; throwing aborts the write (nothing changes). */
export type OnChange = (change: Change) => void;

function statesOf(papers: Iterable<Paper>): States {
  const states: States = {};
  for (const paper of papers) states[paper.key] = paperState(paper);
  return states;
}

/**
 * How many stored keys can lie strictly between `from` and `to` (`from < to`), when that is provable from their shape:
 * canonical keys that differ only in a same-length run of trailing digits (`arxiv:2609.50010` → `arxiv:2609.50013`: at
 * most 2). Undefined otherwise. Only a hint: a wrong guess costs time, never a wrong answer.
 */
export function keysBetween(from: string, to: string): number | undefined {
  const a = /^(.*?)(\d+)$/.exec(from);
  const b = /^(.*?)(\d+)$/.exec(to);
  if (!a || !b || a[1] !== b[1] || a[2]!.length !== b[2]!.length || a[2]!.length > 15) return undefined;
  return Number(b[2]) - Number(a[2]) - 1;
}

/**
 * A cursor step to the next wanted key walks on (`continue()`) when at most this many stored keys can lie in between,
 * and jumps (`continue(key)`) otherwise. Chrome prefetches plain steps in batches but serves each jump as its own,
 * several times slower, round trip, and a jump ends the prefetching.
 */
const WALK_GAP = 8;

/**
 * States of the given keys from the row-state index, without reading a paper record (state-index.ts): one key-only
 * cursor over `[key+state]` that walks through runs of nearby keys and jumps over gaps (keysBetween). A listing's ids
 * are mostly neighbours, so 2,000 keys cost one cursor of prefetched steps rather than 2,000 jumps or gets (npm run
 * bench), and Dexie's `inAnyRange` over 2,000 ranges is slower than a bulkGet. Unknown keys are absent.
 */
export async function lookupStates(db: AppDB, keys: readonly string[]): Promise<States> {
  // IndexedDB orders strings by UTF-16 code units, as `<` does.
  const wanted = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const states: States = {};
  if (wanted.length === 0) return states;
  if (!db.isOpen()) await db.open();
  const index = db.backendDB().transaction('papers', 'readonly').objectStore('papers').index(STATE_INDEX);
  return new Promise((resolve, reject) => {
    let next = 0;
    const request = index.openKeyCursor(); // its first step jumps to the first wanted key (no IDBKeyRange global in lib/)
    request.onerror = () => reject(request.error ?? new Error('state index read failed'));
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve(states);
      const [key, code] = cursor.key as [string, StateCode];
      while (next < wanted.length && wanted[next]! < key) next += 1;
      if (wanted[next] === key) {
        states[key] = decodeState(code);
        next += 1;
      }
      if (next === wanted.length) return resolve(states);
      const target = wanted[next]!;
      const gap = keysBetween(key, target);
      if (gap !== undefined && gap <= WALK_GAP) cursor.continue();
      else cursor.continue([target]); // lands on target's entry, or on the one after it
    };
  });
}

/**
 * A stored record with what a newly parsed candidate adds, by lib/paper/merge.ts MERGE_POLICY (a listing fills what the
 * record lacks, unites subjects and raises the latest version; the first title wins), or a new record. A candidate
 * carries no user fields, so seen, saved, note… pass through untouched.
 */
export function mergeCandidate(existing: Paper | undefined, candidate: PaperCandidate, now: number): Paper {
  const { version, ...fields } = candidate;
  if (!existing) {
    const paper: Paper = { ...fields, createdAt: now, updatedAt: now };
    if (version !== undefined) paper.latestVersion = version;
    return paper;
  }
  const incoming: Partial<Paper> = version === undefined ? fields : { ...fields, latestVersion: version };
  const { paper } = mergePapers(existing, incoming, 'listing');
  paper.updatedAt = now;
  return paper;
}

/** Raises seenVersion to `version` (never lowers it). */
function raiseSeenVersion(paper: Paper, version: number | undefined): void {
  if (version !== undefined && (paper.seenVersion ?? 0) < version) paper.seenVersion = version;
}

/**
 * The user met the paper on a listing at `now`: first seen (only if never seen; with the mark that did it, when an
 * explicit mark did), last seen, and the version shown.
 */
function meet(paper: Paper, version: number | undefined, now: number, markId: string | undefined): void {
  if (paper.firstSeenAt === undefined) {
    paper.firstSeenAt = now;
    if (markId !== undefined) paper.firstSeenMark = markId;
  }
  paper.lastSeenAt = now;
  raiseSeenVersion(paper, version);
}

/**
 * Candidates grouped by key, in first-appearance order: one record (and one sighting) per paper even when a page lists
 * a paper twice. A later duplicate only fills gaps, as a later page would.
 */
function byKey(candidates: readonly PaperCandidate[]): Map<string, PaperCandidate[]> {
  const groups = new Map<string, PaperCandidate[]>();
  for (const candidate of candidates) {
    const group = groups.get(candidate.key);
    if (group) group.push(candidate);
    else groups.set(candidate.key, [candidate]);
  }
  return groups;
}

/**
 * Reads the stored records of the candidates' papers (one bulkGet) and merges every candidate into them: `paper` is a
 * new object, `stored` the record as read (untouched).
 */
async function loadMerged(
  db: AppDB,
  candidates: readonly PaperCandidate[],
  now: number,
): Promise<Array<{ paper: Paper; stored: Paper | undefined; version: number | undefined }>> {
  const groups = [...byKey(candidates)];
  const stored = await db.papers.bulkGet(groups.map(([key]) => key));
  return groups.map(([, group], index) => {
    let paper = stored[index];
    let version: number | undefined;
    for (const candidate of group) {
      paper = mergeCandidate(paper, candidate, now);
      if (candidate.version !== undefined) version = Math.max(version ?? 0, candidate.version);
    }
    return { paper: paper!, stored: stored[index], version }; // every group has at least one candidate
  });
}

/** Saving implies seeing: the first seen time if there is none, and the saved version. No sighting is recorded. */
function save(paper: Paper, version: number | undefined, source: Source, now: number): void {
  paper.savedAt = now;
  paper.savedFrom = source;
  paper.firstSeenAt ??= now;
  paper.lastSeenAt ??= now;
  raiseSeenVersion(paper, version);
}

/** Saves a paper (creating or filling its record). */
export async function savePaper(
  db: AppDB,
  candidate: PaperCandidate,
  source: Source,
  now = Date.now(),
): Promise<States> {
  return saveMany(db, [candidate], source, now);
}

/**
 * Saves several papers in one transaction: one bulkGet, one bulkPut, one record per key.
 *
 * @param onChange told what the save is about to write, for its undo (see OnChange)
 */
export async function saveMany(
  db: AppDB,
  candidates: readonly PaperCandidate[],
  source: Source,
  now = Date.now(),
  onChange?: OnChange,
): Promise<States> {
  return db.transaction('rw', db.papers, async () => {
    const merged = await loadMerged(db, candidates, now);
    for (const { paper, version } of merged) save(paper, version, source, now);
    const papers = merged.map(({ paper }) => paper);
    onChange?.({ at: now, before: merged.map(({ stored }) => stored), after: papers, sightings: [] });
    await db.papers.bulkPut(papers);
    return statesOf(papers);
  });
}

/**
 * Removes a paper from the saved collection; the record (seen, note, tags, savedFrom) stays. An unknown key is a no-op
 * that answers UNKNOWN_PAPER.
 */
export async function unsavePaper(db: AppDB, key: string, now = Date.now()): Promise<States> {
  return db.transaction('rw', db.papers, async () => {
    const paper = await db.papers.get(key);
    if (!paper) return { [key]: { ...UNKNOWN_PAPER } };
    if (paper.savedAt !== undefined) {
      delete paper.savedAt;
      paper.updatedAt = now;
      await db.papers.put(paper);
    }
    return statesOf([paper]);
  });
}

/** Records that each paper was met at `now`, with one sighting per paper; see markSeen. */
async function recordSightings(
  db: AppDB,
  candidates: readonly PaperCandidate[],
  source: Source,
  markId: string | undefined,
  now: number,
  change: (paper: Paper) => void = () => {},
  onChange?: OnChange,
): Promise<States> {
  return db.transaction('rw', db.papers, db.sightings, async () => {
    const merged = await loadMerged(db, candidates, now);
    const sightings: Sighting[] = [];
    for (const { paper, version } of merged) {
      meet(paper, version, now, markId);
      change(paper);
      const sighting: Sighting = {
        id: crypto.randomUUID(),
        paperKey: paper.key,
        site: source.site,
        url: source.url,
        at: now,
      };
      if (markId !== undefined) sighting.markId = markId;
      sightings.push(sighting);
    }
    const papers = merged.map(({ paper }) => paper);
    const added = sightings.map(({ id }) => id);
    onChange?.({ at: now, before: merged.map(({ stored }) => stored), after: papers, sightings: added });
    await db.papers.bulkPut(papers);
    await db.sightings.bulkAdd(sightings);
    return statesOf(papers);
  });
}

/**
 * The user met these papers on a listing: dwelt on their rows (no `markId`) or marked them seen explicitly (`markId`,
 * so the action can be undone, with `onChange` keeping what it changed). Creates missing records and fills metadata;
 * sets firstSeenAt only if unset (with firstSeenMark = markId), lastSeenAt = now and seenVersion = max(seenVersion,
 * shown version); adds one sighting per paper. One transaction: one bulkGet, one bulkPut, one bulkAdd.
 */
export async function markSeen(
  db: AppDB,
  candidates: readonly PaperCandidate[],
  source: Source,
  markId: string | undefined,
  now = Date.now(),
  onChange?: OnChange,
): Promise<States> {
  return recordSightings(db, candidates, source, markId, now, undefined, onChange);
}

/** The user followed the paper's link from a listing: openedAt = now, and the paper is met as in markSeen. */
export async function markOpened(
  db: AppDB,
  candidate: PaperCandidate,
  source: Source,
  now = Date.now(),
): Promise<States> {
  return recordSightings(db, [candidate], source, undefined, now, (paper) => {
    paper.openedAt = now;
  });
}

/**
 * Reads the paper to annotate, or creates it from `candidate`. Notes and tags are written only from extension pages,
 * which edit papers already in the library (the content script records a paper with markSeen before opening the
 * editor), so an unknown key without a candidate is an error, not a silent new record.
 */
async function annotatable(db: AppDB, key: string, now: number, candidate: PaperCandidate | undefined): Promise<Paper> {
  if (candidate !== undefined && candidate.key !== key) throw new Error(`Candidate ${candidate.key} is not ${key}`);
  const paper = await db.papers.get(key);
  if (paper) return { ...paper, updatedAt: now };
  if (candidate === undefined) throw new Error(`Unknown paper: ${key}`);
  return mergeCandidate(undefined, candidate, now);
}

/**
 * Sets the paper's note. Trailing whitespace is trimmed; an empty note deletes the field.
 *
 * @param candidate records the paper first when it is not in the library; without one, an unknown key throws `Unknown
 *   paper: <key>` (the message protocol carries no candidate, so requests from extension pages throw).
 */
/** The note editor's view of a paper; unknown key → Error('Unknown paper: <key>'). */
export async function readNote(db: AppDB, key: string): Promise<NoteView> {
  const paper = await db.papers.get(key);
  if (!paper) throw new Error(`Unknown paper: ${key}. It is not in your library yet.`);
  return { key: paper.key, title: paper.title, note: paper.note ?? '', tags: paper.tags ?? [] };
}

export async function setNote(
  db: AppDB,
  key: string,
  note: string,
  now = Date.now(),
  candidate?: PaperCandidate,
): Promise<States> {
  return db.transaction('rw', db.papers, async () => {
    const paper = await annotatable(db, key, now, candidate);
    const trimmed = note.trimEnd();
    if (trimmed === '') delete paper.note;
    else paper.note = trimmed;
    await db.papers.put(paper);
    return statesOf([paper]);
  });
}

/**
 * Sets the paper's tags (normalizeTags); an empty list deletes the field.
 *
 * @param candidate as for setNote: without one, an unknown key throws `Unknown paper: <key>`.
 */
export async function setTags(
  db: AppDB,
  key: string,
  tags: readonly string[],
  now = Date.now(),
  candidate?: PaperCandidate,
): Promise<States> {
  return db.transaction('rw', db.papers, async () => {
    const paper = await annotatable(db, key, now, candidate);
    const normalized = normalizeTags(tags);
    if (normalized.length === 0) delete paper.tags;
    else paper.tags = normalized;
    await db.papers.put(paper);
    return statesOf([paper]);
  });
}

/** The saved collection, newest save first. */
export async function listSaved(db: AppDB): Promise<Paper[]> {
  return db.papers.orderBy('savedAt').reverse().toArray();
}

export async function allPapers(db: AppDB): Promise<Paper[]> {
  return db.papers.toArray();
}

/** Every sighting, oldest first. */
export async function allSightings(db: AppDB): Promise<Sighting[]> {
  return db.sightings.orderBy('at').toArray();
}
