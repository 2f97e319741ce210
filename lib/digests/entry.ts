/**
 * What every digest reader does with an entry it found: fit the page text to the schema (clipCandidate, as the site
 * adapters do through validEntry) and validate it, or say why the entry is skipped.
 */
import { clipCandidate, PaperCandidateSchema } from '../paper/model.ts';
import type { DigestEntry, DigestSkip } from './types.ts';

/** The entries and skips of one digest, in order. */
export interface DigestEntries {
  entries: DigestEntry[];
  skipped: DigestSkip[];
}

/** A found entry before validation: its paper is whatever the reader made of the digest's text. */
export type RawDigestEntry = Omit<DigestEntry, 'paper'> & { paper: Record<string, unknown> };

/**
 * Adds `raw` to `out` when its paper validates (after clipping over-long text), else a skip at `index` naming the
 * fields that failed. `id` is what the entry showed, for the skip.
 */
export function addEntry(out: DigestEntries, index: number, raw: RawDigestEntry, id?: string): void {
  const parsed = PaperCandidateSchema.safeParse(clipCandidate(raw.paper));
  if (parsed.success) {
    out.entries.push({ ...raw, paper: parsed.data });
    return;
  }
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(paper)'}: ${issue.message}`);
  addSkip(out, index, problems.join('; '), id);
}

export function addSkip(out: DigestEntries, index: number, reason: string, id?: string): void {
  out.skipped.push(id === undefined ? { index, reason } : { index, id, reason });
}
