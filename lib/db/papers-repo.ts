/**
 * The only writers of the papers table. Each user action is one transaction; nothing async but Dexie runs inside
 * one (PrematureCommitError, reference/security-reliability-performance.md B3).
 */
import type { Paper, PaperCandidate, Source } from '../model.ts';
import type { AppDB } from './app-db.ts';

/** What a content script may learn about a paper: flags, never notes or other user text. */
export interface PaperState {
  saved: boolean;
  /** Highest version seen so far, so a listing can tell a newer one. */
  latestVersion?: number;
}

/** States of the given keys, in one bulkGet. Unknown keys are absent from the result. */
export async function lookupStates(db: AppDB, keys: readonly string[]): Promise<Record<string, PaperState>> {
  const unique = [...new Set(keys)];
  const papers = await db.papers.bulkGet(unique);
  const states: Record<string, PaperState> = {};
  for (const paper of papers) {
    if (!paper) continue;
    states[paper.key] = stateOf(paper);
  }
  return states;
}

export function stateOf(paper: Paper): PaperState {
  const state: PaperState = { saved: paper.savedAt !== undefined };
  if (paper.latestVersion !== undefined) state.latestVersion = paper.latestVersion;
  return state;
}

/**
 * Fills what the stored record lacks from a newly parsed candidate. Nothing already stored is overwritten: the first
 * title, author list and abstract win; subjects are united; the highest version is kept.
 */
export function mergeCandidate(existing: Paper | undefined, candidate: PaperCandidate, now: number): Paper {
  const { version, ...fields } = candidate;
  if (!existing) {
    const paper: Paper = { ...fields, createdAt: now, updatedAt: now };
    if (version !== undefined) paper.latestVersion = version;
    return paper;
  }
  const merged: Paper = { ...existing, updatedAt: now };
  for (const field of ['arxivId', 'abstract', 'primaryCategory', 'comments', 'published'] as const) {
    if (merged[field] === undefined && fields[field] !== undefined) merged[field] = fields[field];
  }
  if (merged.authors.length === 0) merged.authors = fields.authors;
  merged.subjects = [...new Set([...merged.subjects, ...fields.subjects])];
  if (version !== undefined && (merged.latestVersion ?? 0) < version) merged.latestVersion = version;
  return merged;
}

/** Saves a paper (creating or filling its record) and returns its new state. */
export async function savePaper(db: AppDB, candidate: PaperCandidate, source: Source, now = Date.now()): Promise<PaperState> {
  return db.transaction('rw', db.papers, async () => {
    const paper = mergeCandidate(await db.papers.get(candidate.key), candidate, now);
    paper.savedAt = now;
    paper.savedFrom = source;
    await db.papers.put(paper);
    return stateOf(paper);
  });
}

/** Removes a paper from the saved collection; the record (and what is known of it) stays. */
export async function unsavePaper(db: AppDB, key: string, now = Date.now()): Promise<PaperState> {
  return db.transaction('rw', db.papers, async () => {
    const paper = await db.papers.get(key);
    if (!paper) return { saved: false };
    delete paper.savedAt;
    paper.updatedAt = now;
    await db.papers.put(paper);
    return stateOf(paper);
  });
}

/** The saved collection, newest save first. */
export async function listSaved(db: AppDB): Promise<Paper[]> {
  return db.papers.orderBy('savedAt').reverse().toArray();
}

export async function allPapers(db: AppDB): Promise<Paper[]> {
  return db.papers.toArray();
}
