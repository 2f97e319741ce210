/**
 * The per-paper CRDT (lib/sync/doc.ts): unit cases for each rule, and properties over random histories of three devices
 * editing one paper, each stamping its edits with stampLocal and reading the others' deltas in any order, any number of
 * times: the join is commutative, associative and idempotent on the docs they build, every device ends with the same
 * doc, and no note text a device sent is ever lost.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDoc,
  isAlive,
  joinDocs,
  latestStamp,
  materialize,
  newConflicts,
  openConflicts,
  resolveConflict,
  stampLocal,
  textHash,
  type PaperDoc,
} from '../../../lib/sync/doc.ts';
import { newClock, receive, type Clock } from '../../../lib/sync/hlc.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import { CREATED, makePaper } from '../../support/papers.ts';

const KEY = 'arxiv:2611.00001';
const SOURCE = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' };

/**
 * A doc as a canonical string: object keys sorted, and the lists that are sets (a tag's removed stamps) sorted, so two
 * docs holding the same state compare equal whatever order their fields were built in.
 */
function canon(doc: PaperDoc | undefined): string {
  const normalize = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((item) => normalize(item));
      return key === 'r' && items.every((item) => typeof item === 'string') ? [...items].sort() : items;
    }
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((field) => [field, normalize((value as Record<string, unknown>)[field], field)]),
      );
    }
    return value;
  };
  return JSON.stringify(normalize(doc) ?? null);
}

function stamped(paper: Paper | undefined, clock: Clock, now: number, doc?: PaperDoc): PaperDoc {
  const { delta } = stampLocal(doc, paper, clock, now);
  if (delta === undefined) throw new Error('expected a change');
  return delta;
}

describe('stampLocal', () => {
  it('stamps every field of a paper new to the doc, and nothing when the paper has not changed', () => {
    const clock = newClock('devicea1');
    const paper = makePaper(KEY, { savedAt: CREATED, savedFrom: SOURCE, note: 'n', tags: ['x', 'y'] });
    const { doc, delta } = stampLocal(undefined, paper, clock, 1000);
    expect(delta).toEqual(doc);
    expect(Object.keys(delta!.r ?? {}).sort()).toEqual(['arxivId', 'authors', 'savedFrom', 'subjects', 'title']);
    expect(delta!.e?.savedAt?.s).toEqual([{ t: expect.any(String), at: CREATED }]);
    expect(delta!.note).toMatchObject({ v: 'n', anc: [] });
    expect(materialize(doc!)).toEqual({ ...paper, updatedAt: undefined, tags: ['x', 'y'] } as unknown as Paper);
    expect(stampLocal(doc, paper, clock, 2000)).toEqual({ doc, delta: undefined });
  });

  it('records the edited note’s ancestors, and a deletion only for a doc that holds the paper', () => {
    const clock = newClock('devicea1');
    let doc = stampLocal(undefined, makePaper(KEY, { note: 'one' }), clock, 1).doc!;
    const next = stampLocal(doc, makePaper(KEY, { note: 'two' }), clock, 2);
    expect(next.delta).toEqual({ key: KEY, note: { v: 'two', t: expect.any(String), anc: [textHash('one')] } });
    doc = next.doc!;
    const gone = stampLocal(doc, undefined, clock, 3);
    expect(gone.delta).toEqual({ key: KEY, del: expect.any(String) });
    expect(isAlive(gone.doc!)).toBe(false);
    expect(materialize(gone.doc!)).toBeUndefined();
    expect(stampLocal(gone.doc, undefined, clock, 4).delta).toBeUndefined();
    expect(stampLocal(undefined, undefined, clock, 4).delta).toBeUndefined();
  });

  it('revives a deleted paper saved again: every field is stamped after the deletion', () => {
    const clock = newClock('devicea1');
    const first = stampLocal(undefined, makePaper(KEY, { tags: ['t'] }), clock, 1).doc!;
    const deleted = stampLocal(first, undefined, clock, 2).doc!;
    const again = makePaper(KEY, { savedAt: 3, savedFrom: SOURCE });
    const revived = stampLocal(deleted, again, clock, 3);
    expect(isAlive(revived.doc!)).toBe(true);
    expect(Object.keys(revived.delta!.r ?? {}).sort()).toEqual([
      'arxivId',
      'authors',
      'savedFrom',
      'subjects',
      'title',
    ]);
    expect(materialize(revived.doc!)).toMatchObject({ savedAt: 3, savedFrom: SOURCE });
    expect(materialize(revived.doc!)?.tags).toBeUndefined();
  });
});

describe('joinDocs', () => {
  const base = (): { doc: PaperDoc; a: Clock; b: Clock } => {
    const a = newClock('devicea1');
    const b = newClock('deviceb1');
    const doc = stampLocal(undefined, makePaper(KEY), a, 10).doc!;
    receive(b, latestStamp(doc)!);
    return { doc, a, b };
  };

  it('keeps the earliest of two concurrent saves; where it was saved from is the last writer’s', () => {
    const { doc, a, b } = base();
    const fromA = stamped(makePaper(KEY, { savedAt: 400, savedFrom: SOURCE }), a, 20, doc);
    const other = { site: 'huggingface', url: 'https://huggingface.co/papers' };
    const fromB = stamped(makePaper(KEY, { savedAt: 500, savedFrom: other }), b, 30, doc);
    for (const joined of [joinDocs(joinDocs(doc, fromA), fromB), joinDocs(joinDocs(doc, fromB), fromA)]) {
      expect(materialize(joined)).toMatchObject({ savedAt: 400, savedFrom: other });
    }
  });

  it('keeps the first-seen mark with the earliest first-seen time', () => {
    const { doc, a, b } = base();
    const fromA = stamped(makePaper(KEY, { firstSeenAt: 400, firstSeenMark: 'mark-a' }), a, 20, doc);
    const fromB = stamped(makePaper(KEY, { firstSeenAt: 300, firstSeenMark: 'mark-b' }), b, 30, doc);
    for (const joined of [joinDocs(joinDocs(doc, fromA), fromB), joinDocs(joinDocs(doc, fromB), fromA)]) {
      expect(materialize(joined)).toMatchObject({ firstSeenAt: 300, firstSeenMark: 'mark-b' });
    }
  });

  it('unsaves when the unsave is later than every save', () => {
    const { doc, a, b } = base();
    const saved = joinDocs(doc, stamped(makePaper(KEY, { savedAt: 20, savedFrom: SOURCE }), a, 20, doc));
    receive(b, latestStamp(saved)!);
    const unsave = stamped(makePaper(KEY), b, 30, saved);
    expect(materialize(joinDocs(saved, unsave))?.savedAt).toBeUndefined();
  });

  it('lets a concurrent tag add survive a remove (add wins)', () => {
    const { doc, a, b } = base();
    const tagged = joinDocs(doc, stamped(makePaper(KEY, { tags: ['x'] }), a, 20, doc));
    receive(b, latestStamp(tagged)!);
    const removed = stamped(makePaper(KEY), b, 30, tagged);
    const readded = stamped(makePaper(KEY, { tags: ['X'] }), a, 25, tagged);
    expect(materialize(joinDocs(joinDocs(tagged, removed), readded))?.tags).toEqual(['X']);
    expect(materialize(joinDocs(tagged, removed))?.tags).toBeUndefined();
  });

  it('keeps the losing text of concurrent note edits as a conflict, found by either join order', () => {
    const { doc, a, b } = base();
    const fromA = stamped(makePaper(KEY, { note: 'from A' }), a, 20, doc);
    const fromB = stamped(makePaper(KEY, { note: 'from B' }), b, 30, doc);
    const one = joinDocs(joinDocs(doc, fromA), fromB);
    expect(canon(joinDocs(joinDocs(doc, fromB), fromA))).toBe(canon(one));
    expect(materialize(one)?.note).toBe('from B');
    expect(openConflicts(one)).toEqual([{ id: textHash('from A'), text: 'from A', t: fromA.note!.t }]);
    expect(newConflicts(joinDocs(doc, fromA), fromB, one)?.conflicts).toEqual(one.conflicts);

    const done = resolveConflict(one, textHash('from A'), a, 40)!;
    const resolved = joinDocs(one, done);
    expect(openConflicts(resolved)).toEqual([]);
    expect(resolveConflict(resolved, textHash('from A'), a, 50)).toBeUndefined();
  });

  it('makes no conflict of a text the winner was edited from or contains', () => {
    const { doc, a, b } = base();
    const first = joinDocs(doc, stamped(makePaper(KEY, { note: 'draft' }), a, 20, doc));
    receive(b, latestStamp(first)!);
    const edited = stamped(makePaper(KEY, { note: 'final' }), b, 30, first);
    expect(joinDocs(first, edited).conflicts).toBeUndefined();
    // Concurrent edits on two other devices: the later one contains the earlier text.
    const c = newClock('devicec1');
    const d = newClock('deviced1');
    const short = stamped(makePaper(KEY, { note: 'draft' }), c, 40, doc);
    const extended = stamped(makePaper(KEY, { note: 'draft, and more' }), d, 45, doc);
    expect(joinDocs(joinDocs(doc, short), extended).conflicts).toBeUndefined();
    expect(joinDocs(joinDocs(doc, extended), short).conflicts).toBeUndefined();
  });

  it('lets a later change override a deletion', () => {
    const { doc, a, b } = base();
    const deletion = stamped(undefined, a, 20, doc);
    const note = stamped(makePaper(KEY, { note: 'still here' }), b, 30, doc);
    expect(materialize(joinDocs(joinDocs(doc, deletion), note))?.note).toBe('still here');
    const lateDeletion = stamped(undefined, a, 40, joinDocs(doc, note));
    expect(materialize(joinDocs(joinDocs(doc, note), lateDeletion))).toBeUndefined();
  });
});

describe('checkDoc', () => {
  it('accepts what stampLocal writes and refuses values a paper may not hold', () => {
    const clock = newClock('devicea1');
    const doc = stampLocal(undefined, makePaper(KEY, { savedAt: 1, savedFrom: SOURCE, note: 'n' }), clock, 1).doc!;
    expect(checkDoc(JSON.parse(JSON.stringify(doc)))).toEqual({ doc });
    const t = latestStamp(doc)!;
    expect(checkDoc({ ...doc, r: { latestVersion: { v: 'two', t } } })).toEqual({ error: `${KEY}: bad latestVersion` });
    expect(checkDoc({ ...doc, e: { savedAt: { s: [{ t, at: 1, c: { site: 1 } }] } } })).toEqual({
      error: `${KEY}: bad savedAt`,
    });
    expect(checkDoc({ ...doc, extra: 1 })).toHaveProperty('error');
    expect(checkDoc({ key: KEY, del: 'yesterday' })).toHaveProperty('error');
  });
});

// ---- Random histories of three devices -------------------------------------------------------------------------

const DEVICES = ['devicea1', 'deviceb2', 'devicec3'] as const;
/** Short texts from few letters, so notes often contain one another (the containment rule gets exercised). */
const text = fc.stringMatching(/^[ab]{1,3}( [ab]{1,2})?$/);

type Op =
  | { kind: 'title'; d: number; v: string }
  | { kind: 'save' | 'unsave' | 'delete' | 'create' | 'collect'; d: number }
  | { kind: 'note'; d: number; v: string | null }
  | { kind: 'tags'; d: number; v: string[] }
  | { kind: 'read'; d: number; i: number }
  | { kind: 'tick'; ms: number };

const device = fc.integer({ min: 0, max: DEVICES.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('title' as const), d: device, v: fc.constantFrom('T1', 'T2', 'T3') }),
  fc.record({
    kind: fc.constantFrom('save' as const, 'unsave' as const, 'delete' as const, 'create' as const),
    d: device,
  }),
  fc.record({ kind: fc.constant('note' as const), d: device, v: fc.option(text, { nil: null }) }),
  fc.record({ kind: fc.constant('tags' as const), d: device, v: fc.subarray(['x', 'X', 'y', 'z']) }),
  fc.record({ kind: fc.constant('collect' as const), d: device }),
  fc.record({ kind: fc.constant('read' as const), d: device, i: fc.nat() }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3 }) }),
);
/** Mostly note edits sent without reading the others' first: concurrent notes, where conflicts come from. */
const noteOp: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('note' as const), d: device, v: fc.option(text, { nil: null, freq: 8 }) }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('collect' as const), d: device }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const), d: device, i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: op },
);
const history = fc.record({
  ops: fc.oneof(fc.array(op, { maxLength: 40 }), fc.array(noteOp, { maxLength: 30 })),
  /** Each device's wall clock error, in ms: the HLC must order changes despite it. */
  skew: fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 })),
});

interface Device {
  clock: Clock;
  paper?: Paper;
  doc?: PaperDoc;
}

interface Run {
  devices: Device[];
  /** Every delta any device sent, in the order sent (the server's change files). */
  deltas: PaperDoc[];
  /** Every doc a device held at some point, for the algebraic properties. */
  docs: PaperDoc[];
}

/** stampLocal as sync-repo.ts uses it: a missing paper is a deletion only when the doc held one. */
function capture(device: Device, now: number, run: Run): void {
  if (device.paper === undefined && (device.doc === undefined || materialize(device.doc) === undefined)) return;
  const { doc, delta } = stampLocal(device.doc, device.paper, device.clock, now);
  device.doc = doc;
  if (delta !== undefined) run.deltas.push(delta);
  if (doc !== undefined) run.docs.push(doc);
}

/** A device reads a delta as applyRemote does: local edits first, the clock past it, join, send new conflicts on. */
function read(device: Device, incoming: PaperDoc, now: number, run: Run): void {
  capture(device, now, run);
  const stamp = latestStamp(incoming);
  if (stamp !== undefined) receive(device.clock, stamp);
  const before = device.doc;
  const joined = joinDocs(before, incoming);
  const found = newConflicts(before, incoming, joined);
  if (found !== undefined) run.deltas.push(found);
  device.doc = joined;
  run.docs.push(joined);
  const paper = materialize(joined);
  if (paper !== undefined) device.paper = { ...paper, updatedAt: now } as Paper;
  else if (!isAlive(joined)) delete device.paper;
}

function simulate(ops: readonly Op[], skew: readonly number[]): Run {
  const run: Run = { devices: DEVICES.map((id) => ({ clock: newClock(id) })), deltas: [], docs: [] };
  let wall = CREATED;
  const now = (d: number): number => wall + skew[d]!;
  // A paper every device holds: made on the first, sent, read by the others.
  run.devices[0]!.paper = makePaper(KEY, { title: 'T0' });
  capture(run.devices[0]!, now(0), run);
  for (const [index, device] of run.devices.entries()) if (index > 0) read(device, run.deltas[0]!, now(index), run);
  for (const step of ops) {
    if (step.kind === 'tick') {
      wall += step.ms;
      continue;
    }
    const device = run.devices[step.d]!;
    const paper = device.paper;
    switch (step.kind) {
      case 'create':
        if (paper === undefined)
          device.paper = makePaper(KEY, { title: 'T0', savedAt: now(step.d), savedFrom: SOURCE });
        break;
      case 'delete':
        delete device.paper;
        break;
      case 'collect':
        capture(device, now(step.d), run);
        break;
      case 'read':
        if (run.deltas.length > 0) read(device, run.deltas[step.i % run.deltas.length]!, now(step.d), run);
        break;
      default:
        if (paper === undefined) break;
        if (step.kind === 'title') paper.title = step.v;
        else if (step.kind === 'save') paper.savedAt ??= now(step.d);
        else if (step.kind === 'unsave') delete paper.savedAt;
        else if (step.kind === 'note') {
          if (step.v === null) delete paper.note;
          else paper.note = step.v;
        } else if (step.kind === 'tags') {
          if (step.v.length === 0) delete paper.tags;
          else paper.tags = step.v;
        }
    }
  }
  // The end of the history: every device sends what it has and reads everything, each in its own order, three times
  // over (reading sends conflicts on, which the others must read too).
  wall += 10;
  for (let round = 0; round < 3; round++) {
    for (const [index, device] of run.devices.entries()) capture(device, now(index), run);
    for (const [index, device] of run.devices.entries()) {
      const deltas = [...run.deltas];
      const order = index === 1 ? deltas.reverse() : [...deltas.slice(index * 3), ...deltas.slice(0, index * 3)];
      for (const delta of order) read(device, delta, now(index), run);
    }
  }
  return run;
}

/**
 * Docs from the run, picked by the given indexes: from every doc a device held and every delta sent, or (`notesOnly`)
 * from the deltas that carry a note, where concurrent edits meet.
 */
function pick(run: Run, indexes: readonly number[], notesOnly: boolean): PaperDoc[] {
  const pool = notesOnly ? run.deltas.filter((delta) => delta.note !== undefined) : [...run.docs, ...run.deltas];
  return pool.length === 0 ? [] : indexes.map((index) => pool[index % pool.length]!);
}

const picks = fc.tuple(fc.nat(), fc.nat(), fc.nat());

/** A doc without its conflicts (see the associativity property). */
const withoutConflicts = ({ conflicts: _conflicts, ...doc }: PaperDoc): PaperDoc => doc;

describe('joinDocs on random histories of three devices', () => {
  it('is commutative', () => {
    fc.assert(
      fc.property(history, picks, fc.boolean(), ({ ops, skew }, indexes, notesOnly) => {
        const [x, y] = pick(simulate(ops, skew), indexes, notesOnly);
        if (x === undefined || y === undefined) return;
        expect(canon(joinDocs(x, y))).toBe(canon(joinDocs(y, x)));
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(history, picks, fc.boolean(), ({ ops, skew }, indexes, notesOnly) => {
        const [x, y] = pick(simulate(ops, skew), indexes, notesOnly);
        if (x === undefined || y === undefined) return;
        expect(canon(joinDocs(x, x))).toBe(canon(x));
        const joined = joinDocs(x, y);
        expect(canon(joinDocs(joined, y))).toBe(canon(joined));
        expect(canon(joinDocs(joined, x))).toBe(canon(joined));
      }),
      { numRuns: 300 },
    );
  });

  /*
   * Associative in every field but `conflicts`: which texts a join keeps as conflicts depends on the order the notes
   * met (a text the intermediate winner contains or was edited from makes no conflict there, yet would against the
   * final winner). newConflicts sends every conflict a join finds on, so devices still end with the same conflicts
   * (the next property), and no text is lost (the one after).
   */
  it('is associative, conflicts aside', () => {
    fc.assert(
      fc.property(history, picks, fc.boolean(), ({ ops, skew }, indexes, notesOnly) => {
        const [x, y, z] = pick(simulate(ops, skew), indexes, notesOnly);
        if (x === undefined || y === undefined || z === undefined) return;
        const left = joinDocs(joinDocs(x, y), z);
        const right = joinDocs(x, joinDocs(y, z));
        expect(canon(withoutConflicts(left))).toBe(canon(withoutConflicts(right)));
      }),
      { numRuns: 300 },
    );
  });

  it('finds conflicts by join order (seed 1848398742), and devices converge on them by sending them on', () => {
    const [a, b] = [newClock('devicea1'), newClock('deviceb2')];
    const base = stampLocal(undefined, makePaper(KEY), a, 1).doc!;
    receive(b, latestStamp(base)!);
    const written = stamped(makePaper(KEY, { note: 'b' }), a, 2, base);
    const cleared = stamped(makePaper(KEY), a, 3, joinDocs(base, written)); // A deletes its own text
    const other = stamped(makePaper(KEY, { note: 'a' }), b, 10, base); // B, concurrently, later
    const left = joinDocs(joinDocs(written, cleared), other);
    const right = joinDocs(written, joinDocs(cleared, other));
    expect(left.conflicts).toBeUndefined();
    expect(Object.values(right.conflicts ?? {}).map((conflict) => conflict.text)).toEqual(['b']);
    // The device that found it sends it on: whoever reads that too holds the same doc.
    const found = newConflicts(joinDocs(cleared, other), written, right)!;
    expect(canon(joinDocs(left, found))).toBe(canon(right));
  });

  it('leaves every device with the same doc and paper once all have read everything', () => {
    fc.assert(
      fc.property(history, ({ ops, skew }) => {
        const { devices } = simulate(ops, skew);
        const [first, ...others] = devices;
        for (const device of others) {
          expect(canon(device.doc)).toBe(canon(first!.doc));
          expect(device.paper === undefined).toBe(first!.paper === undefined);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never loses a note text that was sent: it is the note, in it, in a conflict, or replaced by an edit of it', () => {
    fc.assert(
      fc.property(history, ({ ops, skew }) => {
        const run = simulate(ops, skew);
        const final = run.devices[0]!.doc;
        if (final === undefined) return;
        // Every note a device sent, with the texts it was edited from.
        const sent = run.deltas.flatMap((delta) => (delta.note ? [delta.note] : []));
        const ancestorsOf = (kept: string): string[] =>
          sent.filter((note) => note.v === kept).flatMap((note) => note.anc);
        // What the user still has: the note (with what it was edited from, a cleared note included) and every
        // conflict's text (with what that text was edited from), resolved or not.
        const kept = [
          {
            text: final.note?.v ?? '',
            anc: new Set([...(final.note?.anc ?? []), ...ancestorsOf(final.note?.v ?? '')]),
          },
          ...Object.values(final.conflicts ?? {}).map(({ text }) => ({ text, anc: new Set(ancestorsOf(text)) })),
        ];
        for (const note of sent) {
          const lost = note.v?.trim();
          if (!lost) continue;
          const safe = kept.some(({ text, anc }) => text.includes(lost) || anc.has(textHash(note.v!)));
          expect(safe, `"${note.v}" (kept: ${JSON.stringify(kept.map(({ text }) => text))})`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
