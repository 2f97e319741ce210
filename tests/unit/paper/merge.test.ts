import { describe, expect, it } from 'vitest';
import {
  combineNotes,
  MERGE_POLICY,
  mergePapers,
  NOTE_SEPARATOR,
  ruleOf,
  type MergeContext,
} from '../../../lib/paper/merge.ts';
import { type Paper, PaperSchema } from '../../../lib/paper/model.ts';
import { makePaper } from '../../support/papers.ts';

const CONTEXTS: MergeContext[] = ['listing', 'duplicates', 'import'];
const kept = (field: string): string => `kept ${field}`;

/** `incoming` merged into `base` in every context, with the change list. */
function mergeAll(base: Paper, incoming: Partial<Paper>): Record<MergeContext, { paper: Paper; changes: string[] }> {
  return Object.fromEntries(
    CONTEXTS.map((context) => [context, mergePapers(base, incoming, context, { kept })]),
  ) as never;
}

describe('MERGE_POLICY', () => {
  it('has a rule for every field of a stored paper, and no other', () => {
    expect(Object.keys(MERGE_POLICY).sort()).toEqual(Object.keys(PaperSchema.shape).sort());
  });

  it('differs between contexts only where it says so (save time, publication date and cite key on import)', () => {
    const differing = (Object.keys(MERGE_POLICY) as Array<keyof Paper>).filter(
      (field) => new Set(CONTEXTS.map((context) => ruleOf(field, context))).size > 1,
    );
    expect(differing.sort()).toEqual(['citeKey', 'published', 'savedAt']);
    expect(ruleOf('published', 'listing')).toBe('fill');
    expect(ruleOf('published', 'import')).toBe('refine');
    expect(ruleOf('savedAt', 'duplicates')).toBe('earliest');
    expect(ruleOf('savedAt', 'import')).toBe('fill');
    expect(ruleOf('citeKey', 'duplicates')).toBe('fill');
    expect(ruleOf('citeKey', 'import')).toBe('keep');
  });
});

describe('mergePapers, field by field', () => {
  const base = makePaper('2401.00001', { title: 'Base title', authors: ['A. Author'] });

  it('keeps the key and the title; a differing title is only reported', () => {
    for (const [context, result] of Object.entries(
      mergeAll(base, { key: 'arxiv:2401.00002', title: 'Other  title' }),
    )) {
      expect(result.paper.key, context).toBe('arxiv:2401.00001');
      expect(result.paper.title, context).toBe('Base title');
      expect(result.changes, context).toEqual(['kept title']);
    }
    expect(mergePapers(base, { title: ' Base \n title ' }, 'import', { kept }).changes).toEqual([]);
  });

  it('fills the author list only when it is empty', () => {
    const empty = { ...base, authors: [] };
    expect(mergePapers(empty, { authors: ['B'] }, 'import', { kept })).toMatchObject({
      paper: { authors: ['B'] },
      changes: ['added authors'],
    });
    expect(mergePapers(base, { authors: ['B'] }, 'import', { kept })).toMatchObject({
      paper: { authors: ['A. Author'] },
      changes: ['kept authors'],
    });
    expect(mergePapers(base, { authors: [] }, 'import', { kept }).changes).toEqual([]);
  });

  it.each([
    ['arxivId', 'arXiv id', '2401.00001'],
    ['abstract', 'abstract', 'An abstract.'],
    ['primaryCategory', 'primary category', 'cs.LG'],
    ['comments', 'comments', '12 pages'],
    ['published', 'publication date', '2024-01-02'],
  ] as const)('fills %s when missing and reports a differing one', (field, label, value) => {
    const without: Paper = { ...base };
    delete without[field];
    for (const context of CONTEXTS) {
      const filled = mergePapers(without, { [field]: value }, context, { kept });
      expect(filled.paper[field], context).toBe(value);
      expect(filled.changes, context).toEqual([`added ${label}`]);
      const other = mergePapers({ ...without, [field]: value }, { [field]: `${value}0` }, context, { kept });
      expect(other.paper[field], context).toBe(value);
      expect(other.changes, context).toEqual([`kept ${label}`]);
    }
  });

  it('unites subjects, base first', () => {
    const result = mergePapers(
      { ...base, subjects: ['cs.LG', 'stat.ML'] },
      { subjects: ['cs.AI', 'cs.LG'] },
      'listing',
      { kept },
    );
    expect(result.paper.subjects).toEqual(['cs.LG', 'stat.ML', 'cs.AI']);
    expect(result.changes).toEqual(['added subjects: cs.AI']);
  });

  it('unites tags ignoring case, first spelling kept', () => {
    const result = mergePapers({ ...base, tags: ['ML'] }, { tags: ['ml', 'to  read'] }, 'duplicates', { kept });
    expect(result.paper.tags).toEqual(['ML', 'to read']);
    expect(result.changes).toEqual(['added tags: to read']);
    expect(mergePapers(base, { tags: ['a'] }, 'import').paper.tags).toEqual(['a']);
  });

  it.each([
    ['latestVersion', 2, 3, 'latest version 2 → 3', 'added version 3'],
    ['seenVersion', 2, 3, 'seen version 3', 'seen version 3'],
    ['lastSeenAt', 20, 30, 'last seen time updated', 'last seen time updated'],
    ['openedAt', 20, 30, 'opened time updated', 'marked opened'],
  ] as const)('raises %s, never lowers it', (field, low, high, raised, added) => {
    for (const context of CONTEXTS) {
      expect(mergePapers({ ...base, [field]: low }, { [field]: high }, context, { kept }), context).toEqual({
        paper: { ...base, [field]: high },
        changes: [raised],
      });
      expect(mergePapers({ ...base, [field]: high }, { [field]: low }, context, { kept }).paper[field], context).toBe(
        high,
      );
      expect(mergePapers(base, { [field]: high }, context, { kept }).changes, context).toEqual([added]);
    }
  });

  it('keeps the earliest first-seen time, with the mark that set it (or none)', () => {
    const marked = { ...base, firstSeenAt: 50, firstSeenMark: 'mark-late' };
    for (const context of CONTEXTS) {
      expect(
        mergePapers(marked, { firstSeenAt: 10, firstSeenMark: 'mark-early' }, context).paper,
        context,
      ).toMatchObject({
        firstSeenAt: 10,
        firstSeenMark: 'mark-early',
      });
      const unmarked = mergePapers(marked, { firstSeenAt: 10 }, context).paper;
      expect(unmarked.firstSeenAt, context).toBe(10);
      expect(unmarked, context).not.toHaveProperty('firstSeenMark');
      expect(mergePapers(marked, { firstSeenAt: 90, firstSeenMark: 'mark-x' }, context).paper, context).toMatchObject(
        marked,
      );
    }
    expect(mergePapers(base, { firstSeenAt: 10 }, 'import', { kept }).changes).toEqual(['marked seen']);
  });

  it('keeps the earliest save with where it came from when merging duplicates; an import keeps the stored save', () => {
    const saved = {
      ...base,
      savedAt: 50,
      savedFrom: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' },
    };
    const earlier = { savedAt: 10, savedFrom: { site: 'huggingface', url: 'https://huggingface.co/papers' } };
    expect(mergePapers(saved, earlier, 'duplicates').paper).toMatchObject(earlier);
    const imported = mergePapers(saved, earlier, 'import', { kept });
    expect(imported.paper).toMatchObject({ savedAt: 50, savedFrom: saved.savedFrom });
    expect(imported.changes).toEqual(['kept savedAt']);
    expect(mergePapers(base, earlier, 'import', { kept })).toMatchObject({ paper: earlier, changes: ['saved'] });
  });

  it('takes a finer publication date on import when it agrees, never a coarser or different one', () => {
    const merge = (stored: string | undefined, incoming: string) =>
      mergePapers(
        makePaper('2401.00001', stored === undefined ? {} : { published: stored }),
        { published: incoming },
        'import',
        {
          kept,
        },
      );
    expect(merge('2016', '2016-05-12')).toMatchObject({
      paper: { published: '2016-05-12' },
      changes: ['publication date 2016 → 2016-05-12'],
    });
    expect(merge('2016-05', '2016-05-12').paper.published).toBe('2016-05-12');
    expect(merge('2016', '2016-05').paper.published).toBe('2016-05');
    expect(merge(undefined, '2016').paper.published).toBe('2016');
    // A stored day is never replaced: a coarser date that agrees is no difference, a different one is reported.
    expect(merge('2016-05-12', '2016')).toMatchObject({ paper: { published: '2016-05-12' }, changes: [] });
    expect(merge('2016-05-12', '2016-05')).toMatchObject({ paper: { published: '2016-05-12' }, changes: [] });
    expect(merge('2016-05-12', '2016-05-13')).toMatchObject({
      paper: { published: '2016-05-12' },
      changes: ['kept publication date'],
    });
    // Agreeing means the same leading parts: 2016 does not refine to 2017-01-01, nor 2016-1 to 2016-10-01.
    expect(merge('2016', '2017-01-01').paper.published).toBe('2016');
    expect(merge('2016-01', '2016-10-01').paper.published).toBe('2016-01');
    // Elsewhere a stored date stands, as before.
    const base2016 = makePaper('2401.00001', { published: '2016' });
    expect(mergePapers(base2016, { published: '2016-05-12' }, 'listing').paper.published).toBe('2016');
    expect(mergePapers(base2016, { published: '2016-05-12' }, 'duplicates').paper.published).toBe('2016');
  });

  it('fills savedFrom when missing', () => {
    const from = { site: 'huggingface', url: 'https://huggingface.co/papers' };
    for (const context of CONTEXTS)
      expect(mergePapers(base, { savedFrom: from }, context).paper.savedFrom, context).toEqual(from);
  });

  it('combines notes', () => {
    const result = mergePapers({ ...base, note: 'Mine.' }, { note: 'Theirs.' }, 'duplicates', { kept });
    expect(result.paper.note).toBe(`Mine.${NOTE_SEPARATOR}Theirs.`);
    expect(result.changes).toEqual(['combined notes (imported note appended)']);
  });

  it('takes a cite key when merging duplicates, never from an import', () => {
    expect(mergePapers(base, { citeKey: 'other2024' }, 'duplicates').paper.citeKey).toBe('other2024');
    expect(mergePapers(base, { citeKey: 'other2024' }, 'import').paper).not.toHaveProperty('citeKey');
    expect(mergePapers({ ...base, citeKey: 'mine' }, { citeKey: 'other2024' }, 'duplicates').paper.citeKey).toBe(
      'mine',
    );
  });

  it('keeps the earliest creation time and leaves updatedAt to the caller', () => {
    const created = { ...base, createdAt: 100, updatedAt: 100 };
    for (const context of CONTEXTS) {
      expect(mergePapers(created, { createdAt: 50, updatedAt: 999 }, context).paper, context).toMatchObject({
        createdAt: 50,
        updatedAt: 100,
      });
      expect(mergePapers(created, { createdAt: 150 }, context).paper.createdAt, context).toBe(100);
    }
  });

  it('changes nothing it was given, and lists no changes without `kept`', () => {
    const frozen = Object.freeze({
      ...base,
      tags: Object.freeze(['a']) as string[],
      subjects: Object.freeze(['x']) as string[],
    });
    const result = mergePapers(frozen, { tags: ['b'], subjects: ['y'], abstract: 'A', title: 'Other' }, 'import');
    expect(result.paper).toMatchObject({ tags: ['a', 'b'], subjects: ['x', 'y'], abstract: 'A' });
    expect(result.changes).toEqual([]);
    expect(frozen.tags).toEqual(['a']);
  });
});

describe('combineNotes', () => {
  it('adds a note that is not yet a section, and nothing twice', () => {
    expect(combineNotes(undefined, ' n ')).toEqual({ note: 'n', change: 'added note' });
    expect(combineNotes(`a${NOTE_SEPARATOR}b`, 'b')).toEqual({ note: `a${NOTE_SEPARATOR}b` });
    expect(combineNotes('a', '  ')).toEqual({ note: 'a' });
  });
});
