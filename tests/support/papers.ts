/**
 * The one paper factory of the test suite: a valid stored paper or listing candidate from an arXiv id (or any canonical
 * key) plus the fields a test cares about. Both are checked by the real schemas, so a test cannot seed a record the
 * store would refuse.
 */
import { isPaperKey, type PaperKey } from '../../lib/paper/ids.ts';
import { type Paper, type PaperCandidate, PaperCandidateSchema, PaperSchema } from '../../lib/paper/model.ts';

/** 2026-11-01T00:00:00.000Z: when factory papers were created, unless a test says otherwise. */
export const CREATED = Date.UTC(2026, 10, 1);

/** `2401.00001` → `arxiv:2401.00001`; a key of any kind (`arxiv:…`, `doi:…`, `pmid:…`, `url:…`) is kept as it is. */
export function keyOf(idOrKey: string): PaperKey {
  return isPaperKey(idOrKey) ? idOrKey : (`arxiv:${idOrKey}` as PaperKey);
}

function arxivFields(key: string): { arxivId?: string } {
  return key.startsWith('arxiv:') ? { arxivId: key.slice('arxiv:'.length) } : {};
}

/** A listing candidate: title `Paper <id>`, one author, no subjects, unless `fields` say otherwise. */
export function makeCandidate(idOrKey: string, fields: Partial<PaperCandidate> = {}): PaperCandidate {
  const key = keyOf(idOrKey);
  return PaperCandidateSchema.parse({
    key,
    ...arxivFields(key),
    title: `Paper ${key.replace(/^\w+:/, '')}`,
    authors: ['A. Author'],
    subjects: [],
    ...fields,
  });
}

/** A stored paper (not saved, never seen), created and updated at CREATED, unless `fields` say otherwise. */
export function makePaper(idOrKey: string, fields: Partial<Paper> = {}): Paper {
  const key = keyOf(idOrKey);
  const { version: _version, ...candidate } = makeCandidate(key);
  return PaperSchema.parse({ ...candidate, createdAt: CREATED, updatedAt: CREATED, ...fields });
}
