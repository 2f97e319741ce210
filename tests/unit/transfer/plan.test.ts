import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../lib/formats/json-backup/canonical.ts';
import { parseImport } from '../../../lib/formats/read.ts';
import type { ImportedPaper, Rejection } from '../../../lib/formats/types.ts';
import {
  citeKeyMessage,
  combineNotes,
  NOTE_SEPARATOR,
  planImport,
  sameJson,
  summarize,
} from '../../../lib/transfer/plan.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import { makeCandidate, makePaper } from '../../support/papers.ts';

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const EARLIER = NOW - 86_400_000;

/** A stored record as the library holds it: seen the day before, built by the shared factory. */
function stored(id: string, overrides: Partial<Paper> = {}): Paper {
  return makePaper(id, {
    subjects: ['cs.LG'],
    firstSeenAt: EARLIER,
    lastSeenAt: EARLIER,
    createdAt: EARLIER,
    updatedAt: EARLIER,
    ...overrides,
  });
}

/** A reader's entry for `id` at `index` (line `index * 10 + 1`), without a cite key unless `extra` gives one. */
function imported(
  id: string,
  index: number,
  overrides: Partial<ImportedPaper['paper']> = {},
  extra: Partial<ImportedPaper> = {},
): ImportedPaper {
  return { paper: makeCandidate(id, overrides), index, line: index * 10 + 1, ...extra };
}

const existingOf = (...papers: Paper[]) => new Map(papers.map((paper) => [paper.key, paper]));

describe('planImport: new papers', () => {
  it('adds unknown papers as saved (saving implies seeing), in file order', () => {
    const plan = planImport(
      new Map(),
      [imported('2401.00002', 0, { version: 3 }, { note: 'n', tags: ['a', 'A', ' b '] }), imported('2401.00001', 1)],
      [],
      NOW,
    );
    expect(plan.toAdd).toEqual([
      {
        key: 'arxiv:2401.00002',
        arxivId: '2401.00002',
        title: 'Paper 2401.00002',
        authors: ['A. Author'],
        subjects: [],
        latestVersion: 3,
        seenVersion: 3,
        note: 'n',
        tags: ['a', 'b'],
        savedAt: NOW,
        firstSeenAt: NOW,
        lastSeenAt: NOW,
        createdAt: NOW,
        updatedAt: NOW,
      },
      expect.objectContaining({ key: 'arxiv:2401.00001', savedAt: NOW }),
    ]);
    expect(plan.summary).toBe('2 new, 0 merged, 0 rejected');
  });

  it('folds duplicates within the file into one record, first entry first, and reports them', () => {
    const plan = planImport(
      new Map(),
      [
        imported('2401.00001', 0, {}, { note: 'first', tags: ['x'] }),
        imported('2401.00001', 3, { title: 'Other title', abstract: 'Abs' }, { note: 'second', tags: ['y', 'X'] }),
      ],
      [],
      NOW,
    );
    expect(plan.toAdd).toHaveLength(1);
    expect(plan.toAdd[0]).toMatchObject({
      title: 'Paper 2401.00001',
      abstract: 'Abs',
      note: `first${NOTE_SEPARATOR}second`,
      tags: ['x', 'y'],
    });
    expect(plan.duplicates).toEqual([
      {
        key: 'arxiv:2401.00001',
        indexes: [0, 3],
        changes: [
          'entry 4: kept title of entry 1; entry 4 differs',
          'entry 4: added abstract',
          'entry 4: combined notes (imported note appended)',
          'entry 4: added tags: y',
        ],
      },
    ]);
    expect(plan.summary).toBe('1 new, 0 merged, 0 rejected');
  });
});

describe('planImport: merging into the library', () => {
  it('fills missing fields, unites tags and subjects, combines notes, saves, and never overwrites', () => {
    const before = stored('2401.00001', { note: 'Mine.', tags: ['ML', 'reading'], authors: [] });
    const plan = planImport(
      existingOf(before),
      [
        imported(
          '2401.00001',
          0,
          {
            title: 'A different title',
            authors: ['Grace Hopper'],
            abstract: 'An abstract.',
            primaryCategory: 'cs.CL',
            subjects: ['cs.CL'],
            version: 2,
          },
          { note: 'From Zotero.', tags: ['ml', 'new-tag'] },
        ),
      ],
      [],
      NOW,
    );
    expect(plan.toAdd).toEqual([]);
    expect(plan.toMerge).toHaveLength(1);
    const [{ before: kept, after, changes }] = plan.toMerge as [(typeof plan.toMerge)[number]];
    expect(kept).toBe(before);
    expect(after).toEqual({
      ...before,
      title: 'Paper 2401.00001',
      authors: ['Grace Hopper'],
      abstract: 'An abstract.',
      primaryCategory: 'cs.CL',
      subjects: ['cs.LG', 'cs.CL'],
      latestVersion: 2,
      note: `Mine.${NOTE_SEPARATOR}From Zotero.`,
      tags: ['ML', 'reading', 'new-tag'],
      savedAt: NOW,
      updatedAt: NOW,
    });
    expect(changes).toEqual([
      'kept existing title; incoming differs',
      'added authors',
      'added abstract',
      'added primary category',
      'added subjects: cs.CL',
      'added version 2',
      'combined notes (imported note appended)',
      'added tags: new-tag',
      'saved',
    ]);
    expect(plan.summary).toBe('0 new, 1 merged, 0 rejected');
  });

  it('keeps existing authors and savedAt, records the conflict; an unchanged paper is not written', () => {
    const before = stored('2401.00001', { savedAt: EARLIER, note: 'Mine.' });
    const plan = planImport(
      existingOf(before),
      [imported('2401.00001', 0, { authors: ['Someone Else'] }, { note: 'Mine.' })],
      [],
      NOW,
    );
    expect(plan.toMerge).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.conflicts).toEqual([{ key: 'arxiv:2401.00001', changes: ['kept existing authors; incoming differs'] }]);
    expect(plan.summary).toBe('0 new, 0 merged, 0 rejected, 1 unchanged');
  });

  it('is idempotent: importing the merged result again changes nothing', () => {
    const before = stored('2401.00001', { note: 'Mine.' });
    const item = imported('2401.00001', 0, {}, { note: 'Theirs.', tags: ['t'] });
    const first = planImport(existingOf(before), [item], [], NOW);
    const after = first.toMerge[0]!.after;
    const second = planImport(existingOf(after), [item], [], NOW + 1);
    expect(second.toMerge).toEqual([]);
    expect(second.unchanged).toBe(1);
  });

  it('rejects a merged record that would break the schema (note over 100 000 characters), with every entry it came from', () => {
    const before = stored('2401.00001', { note: 'x'.repeat(60_000) });
    const item = imported('2401.00001', 2, {}, { note: 'y'.repeat(60_000), citeKey: 'cite2' });
    const plan = planImport(existingOf(before), [item], [], NOW);
    expect(plan.toMerge).toEqual([]);
    expect(plan.citeKeys).toEqual([]); // a rejected paper's key is no outcome
    expect(plan.rejected).toEqual([
      {
        index: 2,
        line: 21,
        id: 'cite2',
        reason: expect.stringMatching(/^arxiv:2401\.00001 cannot be stored: note: Too big/),
      },
    ]);
  });

  it('sorts parse rejections with plan rejections and counts them in the summary', () => {
    const rejected: Rejection[] = [
      { index: 5, line: 50, reason: 'no arXiv id or DOI' },
      { index: 1, reason: 'no title' },
    ];
    const plan = planImport(new Map(), [imported('2401.00001', 0)], rejected, NOW);
    expect(plan.rejected.map((rejection) => rejection.index)).toEqual([1, 5]);
    expect(plan.summary).toBe('1 new, 0 merged, 2 rejected');
  });
});

describe('planImport: backup records', () => {
  it('adds backup records exactly as they are (an unsaved paper stays unsaved)', () => {
    const seenOnly = stored('2401.00001');
    const saved = stored('2401.00002', { savedAt: EARLIER, note: 'n', tags: ['t'], openedAt: EARLIER });
    const plan = planImport(new Map(), [seenOnly, saved], [], NOW);
    expect(plan.toAdd).toEqual([seenOnly, saved]);
  });

  it('never writes to what it was given: records, file entries and stored papers stay as they were', () => {
    const deepFreeze = <T>(value: T): T => {
      if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
      }
      return value;
    };
    const library = [
      stored('2401.00001', { savedAt: EARLIER, tags: ['a'], note: 'mine' }),
      stored('2401.00003', { latestVersion: 1 }),
    ];
    const backup = [
      stored('2401.00001', { savedAt: EARLIER - 5, tags: ['b'], note: 'theirs', latestVersion: 2 }),
      stored('2401.00002', { savedAt: EARLIER }),
      stored('2401.00002', { abstract: 'A duplicate of the entry before, with more' }),
      stored('2401.00004'),
    ];
    const file = [imported('2401.00003', 0, { version: 3 }, { tags: ['x'], note: 'n' }), imported('2401.00005', 1)];
    const inputs = deepFreeze({ existing: existingOf(...library), library, backup, file });
    const copy = structuredClone({ library, backup, file });
    // Frozen objects throw on any write in strict-mode code (ES modules are).
    const fromBackup = planImport(inputs.existing, inputs.backup, [], NOW);
    const fromFile = planImport(inputs.existing, inputs.file, [], NOW);
    expect(fromBackup.summary).toBe('2 new, 1 merged, 0 rejected');
    expect(fromFile.summary).toBe('1 new, 1 merged, 0 rejected');
    expect({ library, backup, file }).toEqual(copy);
    expect(fromBackup.toAdd).toContain(backup[3]); // a lone new backup record is handed on as it is
  });

  it('merges a backup record: max of high-water marks, savedAt kept with a recorded conflict', () => {
    const before = stored('2401.00001', { savedAt: EARLIER, seenVersion: 1, latestVersion: 1, lastSeenAt: EARLIER });
    const incoming = stored('2401.00001', {
      savedAt: EARLIER - 5,
      seenVersion: 2,
      latestVersion: 3,
      lastSeenAt: NOW - 5,
      openedAt: NOW - 7,
      tags: ['b'],
    });
    const plan = planImport(existingOf(before), [incoming], [], NOW);
    expect(plan.toMerge[0]!.after).toEqual({
      ...before,
      latestVersion: 3,
      seenVersion: 2,
      lastSeenAt: NOW - 5,
      openedAt: NOW - 7,
      tags: ['b'],
      updatedAt: NOW,
    });
    expect(plan.toMerge[0]!.changes).toEqual([
      'latest version 1 → 3',
      'seen version 2',
      'last seen time updated',
      'marked opened',
      'kept existing savedAt; incoming differs',
      'added tags: b',
    ]);
  });

  it('does not save a merged paper that the backup holds as unsaved', () => {
    const before = stored('2401.00001');
    const plan = planImport(existingOf(before), [stored('2401.00001', { abstract: 'A' })], [], NOW);
    expect(plan.toMerge[0]!.after.savedAt).toBeUndefined();
  });
});

describe('planImport: cite keys from the file', () => {
  const keyed = (id: string, index: number, citeKey: string, extra: Partial<ImportedPaper> = {}) =>
    imported(id, index, {}, { citeKey, ...extra });
  const outcomes = (plan: ReturnType<typeof planImport>) =>
    plan.citeKeys.map((outcome) => ({
      index: outcome.index,
      outcome: outcome.outcome,
      message: citeKeyMessage(outcome),
    }));

  it("gives a new paper the file's key when it is valid and free", () => {
    const plan = planImport(
      new Map(),
      [keyed('1312.5602', 0, 'mnih_playing_2013'), keyed('2401.00002', 1, 'Lake2023')],
      [],
      NOW,
    );
    expect(plan.toAdd.map((paper) => paper.citeKey)).toEqual(['mnih_playing_2013', 'Lake2023']);
    expect(outcomes(plan)).toEqual([
      { index: 0, outcome: 'kept', message: 'cite key `mnih_playing_2013` kept' },
      { index: 1, outcome: 'kept', message: 'cite key `Lake2023` kept' },
    ]);
  });

  it("gives a stored paper without a key the file's key, as a change of the merge", () => {
    const before = stored('2401.00001', { savedAt: EARLIER });
    const plan = planImport(existingOf(before), [keyed('2401.00001', 0, 'smith_graphs_2021')], [], NOW);
    expect(plan.toMerge).toHaveLength(1);
    expect(plan.toMerge[0]!.after).toEqual({ ...before, citeKey: 'smith_graphs_2021', updatedAt: NOW });
    expect(plan.toMerge[0]!.changes).toEqual(['added cite key smith_graphs_2021']);
  });

  it("never changes a key a paper has: the preview says the file's differs, an equal one is kept", () => {
    const before = stored('2401.00001', { savedAt: EARLIER, citeKey: 'smith2021graphs' });
    const differs = planImport(existingOf(before), [keyed('2401.00001', 0, 'smith_graphs_2021')], [], NOW);
    expect(differs.unchanged).toBe(1);
    expect(differs.toMerge).toEqual([]);
    expect(differs.citeKeys).toEqual([
      {
        index: 0,
        fileKey: 'smith_graphs_2021',
        paperKey: 'arxiv:2401.00001',
        outcome: 'own',
        citeKey: 'smith2021graphs',
      },
    ]);
    expect(citeKeyMessage(differs.citeKeys[0]!)).toBe(
      'cite key `smith_graphs_2021` not used: this paper keeps its cite key `smith2021graphs`',
    );
    const same = planImport(existingOf(before), [keyed('2401.00001', 0, 'smith2021graphs')], [], NOW);
    expect(same.unchanged).toBe(1);
    expect(outcomes(same)).toEqual([{ index: 0, outcome: 'kept', message: 'cite key `smith2021graphs` kept' }]);
  });

  it('reports a key another paper of the library holds, and gives none', () => {
    const holder = stored('1706.03762', { title: 'Attention Is All You Need', citeKey: 'vaswani2017' });
    const holders = new Map([['vaswani2017', holder]]);
    const plan = planImport(new Map(), [keyed('2401.00002', 0, 'vaswani2017')], [], NOW, holders);
    expect(plan.toAdd).toHaveLength(1);
    expect(plan.toAdd[0]).not.toHaveProperty('citeKey');
    expect(plan.citeKeys).toEqual([
      {
        index: 0,
        fileKey: 'vaswani2017',
        paperKey: 'arxiv:2401.00002',
        outcome: 'clash',
        heldBy: '“Attention Is All You Need” (arxiv:1706.03762)',
      },
    ]);
    expect(citeKeyMessage(plan.citeKeys[0]!)).toBe(
      'cite key `vaswani2017` is already used by “Attention Is All You Need” (arxiv:1706.03762): a new key will be given',
    );
    // The stored records of the file's papers hold their keys even when no holders are passed.
    const both = planImport(
      existingOf(holder),
      [keyed('1706.03762', 0, 'other'), keyed('2401.00002', 1, 'vaswani2017')],
      [],
      NOW,
    );
    expect(both.toAdd[0]).not.toHaveProperty('citeKey');
    expect(both.citeKeys.map(({ outcome }) => outcome)).toEqual(['own', 'clash']);
  });

  it('reports a key an earlier entry of the file took, and a key that cannot be one', () => {
    const plan = planImport(
      new Map(),
      [
        keyed('2401.00001', 0, 'he2016'),
        keyed('2401.00002', 1, 'he2016'),
        keyed('2401.00003', 2, 'http://zotero.org/users/local/kPz4aQ1b/items/7WQ9XJ2C'),
      ],
      [],
      NOW,
    );
    expect(plan.toAdd.map((paper) => paper.citeKey)).toEqual(['he2016', undefined, undefined]);
    expect(outcomes(plan)).toEqual([
      { index: 0, outcome: 'kept', message: 'cite key `he2016` kept' },
      {
        index: 1,
        outcome: 'clash',
        message: 'cite key `he2016` is already used by entry 1 of this file: a new key will be given',
      },
      {
        index: 2,
        outcome: 'invalid',
        message:
          'cite key `http://zotero.org/users/local/kPz4aQ1b/items/7WQ9XJ2C` is not a valid cite key (letters, digits and _ : . - only, at most 100): a new key will be given',
      },
    ]);
  });

  it("gives a paper named twice in the file the first key; the second entry's is reported unused", () => {
    const plan = planImport(new Map(), [keyed('2401.00001', 0, 'first'), keyed('2401.00001', 1, 'second')], [], NOW);
    expect(plan.toAdd.map((paper) => paper.citeKey)).toEqual(['first']);
    expect(outcomes(plan)[1]).toEqual({
      index: 1,
      outcome: 'own',
      message: 'cite key `second` not used: this paper keeps its cite key `first` (from entry 1)',
    });
    // The unused key stays free for another paper later in the file.
    const later = planImport(
      new Map(),
      [keyed('2401.00001', 0, 'first'), keyed('2401.00001', 1, 'second'), keyed('2401.00002', 2, 'second')],
      [],
      NOW,
    );
    expect(later.toAdd.map((paper) => paper.citeKey)).toEqual(['first', 'second']);
  });

  it("restores a backup's keys; a backup record whose key another paper holds comes without it", () => {
    const holder = stored('1706.03762', { citeKey: 'taken' });
    const record = stored('2401.00001', { savedAt: EARLIER, citeKey: 'taken' });
    const free = stored('2401.00002', { savedAt: EARLIER, citeKey: 'lake2023' });
    const plan = planImport(new Map(), [record, free], [], NOW, new Map([['taken', holder]]));
    expect(plan.toAdd).toEqual(
      [{ ...record, citeKey: undefined }, free].map((paper) => JSON.parse(JSON.stringify(paper))),
    );
    expect(plan.toAdd[1]).toBe(free); // handed on as it is
    expect(record.citeKey).toBe('taken'); // the parsed file is not written to
    expect(plan.citeKeys.map(({ outcome }) => outcome)).toEqual(['clash', 'kept']);
  });
});

describe('combineNotes', () => {
  it.each([
    [undefined, undefined, undefined, undefined],
    ['mine', undefined, 'mine', undefined],
    ['mine', '  ', 'mine', undefined],
    [undefined, ' theirs ', 'theirs', 'added note'],
    ['   ', 'theirs', 'theirs', 'added note'],
    ['same', 'same', 'same', undefined],
    ['mine\n', 'theirs', `mine${NOTE_SEPARATOR}theirs`, 'combined notes (imported note appended)'],
    [`mine${NOTE_SEPARATOR}theirs`, 'theirs', `mine${NOTE_SEPARATOR}theirs`, undefined],
  ])('%j + %j → %j', (existing, incoming, note, change) => {
    const result = combineNotes(existing, incoming);
    expect(result.note).toBe(note);
    expect(result.change).toBe(change);
  });
});

describe('summarize', () => {
  it('reads exactly like "312 new, 40 merged, 2 rejected"', () => {
    const many = <T>(n: number, value: T) => Array.from({ length: n }, () => value);
    expect(
      summarize({
        toAdd: many(312, {} as Paper),
        toMerge: many(40, {} as never),
        rejected: many(2, {} as Rejection),
        unchanged: 0,
      }),
    ).toBe('312 new, 40 merged, 2 rejected');
  });
});

describe('sameJson', () => {
  it('agrees with comparing canonical JSON, for equal values in other key orders and for different values', () => {
    const reorder = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reorder);
      if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([key, child]) => [key, reorder(child)]),
        );
      }
      return value;
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJson(a, reorder(a))).toBe(true);
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 500 },
    );
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});

describe('warnings', () => {
  it('lists what a reader guessed (a Google Scholar author list read at its commas) with the entry it came from', async () => {
    const bib = [
      '@article{vaswani2017attention,',
      '  title = {Attention is all you need},',
      '  author = {A Vaswani, N Shazeer, N Parmar, J Uszkoreit},',
      '  journal = {arXiv preprint arXiv:1706.03762},',
      '  year = {2017}',
      '}',
    ].join('\n');
    const parsed = await parseImport('scholar.bib', bib);
    if (parsed.format === 'backup') throw new Error('read as a backup');
    const plan = planImport(new Map(), parsed.items, parsed.rejected, NOW);
    expect(plan.toAdd[0]!.authors).toEqual(['A Vaswani', 'N Shazeer', 'N Parmar', 'J Uszkoreit']);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        index: 0,
        line: 1,
        id: 'vaswani2017attention',
        reason: expect.stringMatching(/commas/),
      }),
    ]);
    expect(planImport(new Map(), [], [], NOW).warnings).toEqual([]);
  });
});
