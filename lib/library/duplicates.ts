/**
 * "Possible duplicates" for the library page: papers with the same normalized title and first-author surname whose
 * years are at most one apart, the rule Zotero's duplicate detection uses. They are suggestions only: the user merges a
 * group with one click (lib/db/library-repo.ts mergeDuplicates), nothing merges on its own, because a soft title match
 * may be two different works (a preprint and its journal version are kept apart by their keys on purpose).
 */
import type { Paper } from '../paper/model.ts';
import { paperYear } from '../paper/dates.ts';
import { foldLatinLetters } from '../paper/fold.ts';

export interface DuplicateGroup {
  /** The papers of the group; the first is the suggested one to keep (saved first, then the oldest record). */
  keys: string[];
  /** e.g. 'same title and first author, 2023 vs 2024' */
  reason: string;
}

/**
 * A title or name for comparison: TeX removed (`$` dropped, `\cmd{X}` → X, other commands dropped, braces dropped, `~`
 * → space), NFKD without marks, letters NFKD keeps folded (ø → o, ß → ss…), lowercase, every run of characters that are
 * not letters or digits → one space, trimmed. CJK text keeps its characters.
 *
 * @example
 *   normalizeTitle('$\\mathcal{L}$-Lipschitz {BERT} – Ødegaard’s'); // 'l lipschitz bert odegaard s'
 */
export function normalizeTitle(text: string): string {
  const plain = text
    .replace(/\$/g, '')
    .replace(/\\[A-Za-z]+\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\[A-Za-z]+|\\./g, ' ')
    .replace(/[{}]/g, '')
    .replace(/~/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  return foldLatinLetters(plain)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The first author's surname, normalized: the part before a comma (`Müller, Jürgen`), else the last word (`Jürgen
 * Müller`); a single name (`李华`, `Plato`) is itself. Empty when the paper has no author.
 */
export function firstAuthorSurname(authors: readonly string[]): string {
  const first = authors.find((author) => author.trim() !== '');
  if (first === undefined) return '';
  const comma = first.indexOf(',');
  const surname = comma > 0 ? first.slice(0, comma) : (normalizeTitle(first).split(' ').at(-1) ?? '');
  return normalizeTitle(surname);
}

interface Candidate {
  paper: Paper;
  year: number | undefined;
}

/** Saved before unsaved, then the oldest record, then by key: the order a group lists its keys in. */
function keepOrder(left: Candidate, right: Candidate): number {
  const saved = Number(right.paper.savedAt !== undefined) - Number(left.paper.savedAt !== undefined);
  if (saved !== 0) return saved;
  if (left.paper.createdAt !== right.paper.createdAt) return left.paper.createdAt - right.paper.createdAt;
  return left.paper.key < right.paper.key ? -1 : left.paper.key > right.paper.key ? 1 : 0;
}

function reasonFor(members: readonly Candidate[]): string {
  const years = [...new Set(members.map((member) => member.year))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  const known = years.filter((year): year is number => year !== undefined);
  if (years.length === 1) {
    return known.length === 1
      ? `same title, first author and year (${known[0]})`
      : 'same title and first author, no year';
  }
  return `same title and first author, ${years.map((year) => (year === undefined ? 'no year' : String(year))).join(' vs ')}`;
}

/**
 * Groups of possible duplicates. Papers match when their normalized titles are equal (and not empty), their first
 * authors' surnames are equal (two papers without authors count as equal), and their years are at most one apart.
 * Within one title and surname, papers are grouped by year in windows starting at the earliest (2020, 2021 | 2022,
 * 2023), so every pair in a group is within one year; a paper without a year cannot be compared and joins the first
 * group (or, when no paper has a year, they group on their own). Every key is in at most one group; a key listed twice
 * in `papers` counts once.
 *
 * Groups are ordered by their first key. Linear in the number of papers apart from the sort of each bucket.
 */
export function findDuplicates(papers: readonly Paper[]): DuplicateGroup[] {
  const buckets = new Map<string, Candidate[]>();
  const seen = new Set<string>();
  for (const paper of papers) {
    if (seen.has(paper.key)) continue;
    seen.add(paper.key);
    const title = normalizeTitle(paper.title);
    if (title === '') continue;
    const bucketKey = `${title}\u0000${firstAuthorSurname(paper.authors)}`;
    const candidate: Candidate = { paper, year: paperYear(paper) };
    const bucket = buckets.get(bucketKey);
    if (bucket) bucket.push(candidate);
    else buckets.set(bucketKey, [candidate]);
  }

  const groups: DuplicateGroup[] = [];
  for (const bucket of buckets.values()) {
    if (bucket.length < 2) continue;
    const dated = bucket.filter((candidate) => candidate.year !== undefined).sort((a, b) => a.year! - b.year!);
    const undated = bucket.filter((candidate) => candidate.year === undefined);
    const windows: Candidate[][] = [];
    for (const candidate of dated) {
      const current = windows.at(-1);
      if (current && candidate.year! - current[0]!.year! <= 1) current.push(candidate);
      else windows.push([candidate]);
    }
    if (windows.length === 0) windows.push([]);
    windows[0]!.push(...undated);
    for (const members of windows) {
      if (members.length < 2) continue;
      members.sort(keepOrder);
      groups.push({ keys: members.map((member) => member.paper.key), reason: reasonFor(members) });
    }
  }
  return groups.sort((left, right) => (left.keys[0]! < right.keys[0]! ? -1 : left.keys[0]! > right.keys[0]! ? 1 : 0));
}
