/**
 * One paper as sync sees it: every field with the clock stamp of the change that set it, merged between devices by the
 * `sync` rule of lib/paper/merge.ts MERGE_POLICY. A PaperDoc is a state-based CRDT: `joinDocs` is commutative,
 * associative and idempotent, so devices that have read the same changes, in any order and any number of times, hold
 * the same papers. A change file on the server is a set of partial docs (deltas): joining one twice changes nothing.
 *
 * - `r`: last-writer-wins registers, `{v, t}` (`v` null: the field is unset).
 * - `e`: the `earliest` fields: `u` is the last clear, `s` the sets after it; the value is the earliest `at` among them
 *   (two devices saving before they sync keep the first save), and an unsave is a clear later than every set.
 * - `note`: a register whose `anc` lists hashes of the texts it was edited from. When two notes meet, the later stamp
 *   wins; the other text, unless the winner was edited from it or contains it, becomes a conflict: kept, never
 *   dropped.
 * - `conflicts`: texts that lost, by hash, until the user resolves them (`done`).
 * - `tags`: an add-wins set: each add has its own stamp; a remove removes the adds it saw, so a concurrent add survives.
 * - `created`: the smallest; `del`: a deletion, which a later stamp on any field (a save, a mark) overrides.
 */
import { MERGE_POLICY, type SyncRule } from '../paper/merge.ts';
import { PaperSchema, type Paper } from '../paper/model.ts';
import { normalizeTags, tagId } from '../paper/tags.ts';
import { z } from '../zod.ts';
import { HlcSchema, laterOf, tick, type Clock, type Hlc } from './hlc.ts';

type FieldsBy<R extends SyncRule> = {
  [F in keyof typeof MERGE_POLICY]: (typeof MERGE_POLICY)[F]['sync'] extends R ? F : never;
}[keyof typeof MERGE_POLICY];

export type LwwField = FieldsBy<'lww'>;
export type EarliestField = FieldsBy<'earliest'>;

const FIELDS = Object.keys(MERGE_POLICY) as Array<keyof Paper>;
export const LWW_FIELDS = FIELDS.filter((field) => MERGE_POLICY[field].sync === 'lww') as LwwField[];
export const EARLIEST_FIELDS = FIELDS.filter((field) => MERGE_POLICY[field].sync === 'earliest') as EarliestField[];

/**
 * The field that moves with an `earliest` one between devices (firstSeenMark), if its sync rule says so. savedFrom is
 * the merge policy's companion of savedAt but syncs on its own: an unsaved paper keeps it.
 */
function companionOf(field: EarliestField): keyof Paper | undefined {
  const { companion } = MERGE_POLICY[field];
  return MERGE_POLICY[companion].sync === 'companion' ? companion : undefined;
}

/** How many ancestor hashes a note keeps: edits further back than this count as unrelated texts. */
export const NOTE_ANCESTORS = 32;

const RegSchema = z.strictObject({ v: z.unknown(), t: HlcSchema });
const SetSchema = z.strictObject({ t: HlcSchema, at: z.number(), c: z.unknown().optional() });
const EarliestSchema = z.strictObject({ u: HlcSchema.optional(), s: z.array(SetSchema).max(1000) });
const NoteSchema = z.strictObject({
  v: z
    .string()
    .max(PaperSchema.shape.note.unwrap().maxLength ?? 100_000)
    .nullable(),
  t: HlcSchema,
  anc: z.array(z.string().max(20)).max(NOTE_ANCESTORS),
});
const ConflictSchema = z.strictObject({ text: z.string().max(100_000), t: HlcSchema, done: HlcSchema.optional() });
const TagSchema = z.strictObject({
  a: z.record(HlcSchema, z.string().min(1).max(100)),
  r: z.array(HlcSchema).max(10_000),
});

/** A paper's sync state, or a delta of it, as read from a file: shapes only; `checkDoc` checks the values. */
export const PaperDocSchema = z.strictObject({
  key: PaperSchema.shape.key,
  r: z.partialRecord(z.enum(LWW_FIELDS), RegSchema).optional(),
  e: z.partialRecord(z.enum(EARLIEST_FIELDS), EarliestSchema).optional(),
  note: NoteSchema.optional(),
  conflicts: z.record(z.string().max(20), ConflictSchema).optional(),
  tags: z.record(z.string().max(200), TagSchema).optional(),
  created: z.number().optional(),
  del: HlcSchema.optional(),
});

export type Reg = { v: unknown; t: Hlc };
export type EarliestSet = { t: Hlc; at: number; c?: unknown };
export type Earliest = { u?: Hlc; s: EarliestSet[] };
export type NoteReg = { v: string | null; t: Hlc; anc: string[] };
export type Conflict = { text: string; t: Hlc; done?: Hlc };
export type TagEntry = { a: Record<Hlc, string>; r: Hlc[] };
export interface PaperDoc {
  key: string;
  r?: Partial<Record<LwwField, Reg>>;
  e?: Partial<Record<EarliestField, Earliest>>;
  note?: NoteReg;
  conflicts?: Record<string, Conflict>;
  tags?: Record<string, TagEntry>;
  created?: number;
  del?: Hlc;
}

/**
 * A doc read from a file, checked value by value against PaperSchema (a register's value must be what the field may
 * hold). Returns an error sentence instead of throwing, so one bad doc is reported and skipped, not the whole file.
 */
export function checkDoc(raw: unknown): { doc: PaperDoc } | { error: string } {
  const parsed = PaperDocSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: issue ? `${issue.path.join('.') || 'doc'}: ${issue.message}` : 'not a paper doc' };
  }
  const doc = parsed.data as PaperDoc;
  const shape = PaperSchema.shape;
  for (const [field, reg] of Object.entries(doc.r ?? {}) as Array<[LwwField, Reg]>) {
    if (reg.v !== null && !shape[field].safeParse(reg.v).success) return { error: `${doc.key}: bad ${field}` };
  }
  for (const [field, earliest] of Object.entries(doc.e ?? {}) as Array<[EarliestField, Earliest]>) {
    const companion = companionOf(field);
    for (const set of earliest.s) {
      if (set.c === undefined) continue;
      if (companion === undefined || !shape[companion].safeParse(set.c).success) {
        return { error: `${doc.key}: bad ${field}` };
      }
    }
  }
  return { doc };
}

/**
 * A 53-bit hash of a note's text (cyrb53), as 11 base-36 digits: enough to tell a note's ancestors apart, and
 * synchronous, so the merge stays a pure function.
 */
export function textHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0');
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

function joinReg(a: Reg | undefined, b: Reg | undefined): Reg | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.t !== b.t) return a.t > b.t ? a : b;
  // One stamp is one event: equal stamps carry equal values. Should a broken file say otherwise, pick one by content so
  // every device picks the same.
  return JSON.stringify(a.v) >= JSON.stringify(b.v) ? a : b;
}

function joinEarliest(a: Earliest | undefined, b: Earliest | undefined): Earliest | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const u = laterOf(a.u, b.u);
  const sets = new Map<Hlc, EarliestSet>();
  for (const set of [...a.s, ...b.s]) if (u === undefined || set.t > u) sets.set(set.t, sets.get(set.t) ?? set);
  const s = [...sets.values()].sort((x, y) => (x.t < y.t ? -1 : 1));
  return u === undefined ? { s } : { u, s };
}

/** The value of an `earliest` field: the earliest set after the last clear. */
export function earliestValue(earliest: Earliest | undefined): EarliestSet | undefined {
  let first: EarliestSet | undefined;
  for (const set of earliest?.s ?? []) if (first === undefined || set.at < first.at) first = set;
  return first;
}

/** Whether `loser` is a text the user would lose if `winner` simply replaced it. */
function losesText(winner: NoteReg, loser: NoteReg): boolean {
  const text = loser.v?.trim();
  if (!text) return false;
  if (winner.anc.includes(textHash(loser.v!))) return false;
  return !(winner.v ?? '').includes(text);
}

function joinNotes(
  a: PaperDoc,
  b: PaperDoc,
): { note: NoteReg | undefined; conflicts: Record<string, Conflict> | undefined } {
  let conflicts = joinConflicts(a.conflicts, b.conflicts);
  const x = a.note;
  const y = b.note;
  if (x === undefined || y === undefined || x.t === y.t) {
    const note = x === undefined ? y : y === undefined ? x : JSON.stringify(x) >= JSON.stringify(y) ? x : y;
    return { note, conflicts };
  }
  const [winner, loser] = x.t > y.t ? [x, y] : [y, x];
  if (losesText(winner, loser)) {
    const id = textHash(loser.v!);
    conflicts = joinConflicts(conflicts, { [id]: { text: loser.v!, t: loser.t } });
  }
  return { note: winner, conflicts };
}

function joinConflicts(
  a: Record<string, Conflict> | undefined,
  b: Record<string, Conflict> | undefined,
): Record<string, Conflict> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const joined: Record<string, Conflict> = { ...a };
  for (const [id, conflict] of Object.entries(b)) {
    const mine = joined[id];
    if (mine === undefined) {
      joined[id] = conflict;
      continue;
    }
    const t = mine.t <= conflict.t ? mine.t : conflict.t;
    const done = laterOf(mine.done, conflict.done);
    joined[id] = { text: mine.t <= conflict.t ? mine.text : conflict.text, t, ...(done === undefined ? {} : { done }) };
  }
  return joined;
}

function joinTags(
  a: Record<string, TagEntry> | undefined,
  b: Record<string, TagEntry> | undefined,
): Record<string, TagEntry> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const joined: Record<string, TagEntry> = {};
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[id];
    const y = b[id];
    const removed = new Set([...(x?.r ?? []), ...(y?.r ?? [])]);
    const adds: Record<Hlc, string> = {};
    for (const [stamp, name] of [...Object.entries(x?.a ?? {}), ...Object.entries(y?.a ?? {})]) {
      if (!removed.has(stamp) && (adds[stamp] === undefined || name < adds[stamp])) adds[stamp] = name;
    }
    joined[id] = { a: adds, r: [...removed].sort() };
  }
  return joined;
}

/** The two docs of one paper joined (`a` may be missing: a paper this device has not met). Pure. */
export function joinDocs(a: PaperDoc | undefined, b: PaperDoc): PaperDoc {
  if (a === undefined) return b;
  const doc: PaperDoc = { key: a.key };
  const r: Partial<Record<LwwField, Reg>> = {};
  for (const field of new Set([...Object.keys(a.r ?? {}), ...Object.keys(b.r ?? {})]) as Set<LwwField>) {
    r[field] = joinReg(a.r?.[field], b.r?.[field]);
  }
  if (Object.keys(r).length > 0) doc.r = r;
  const e: Partial<Record<EarliestField, Earliest>> = {};
  for (const field of new Set([...Object.keys(a.e ?? {}), ...Object.keys(b.e ?? {})]) as Set<EarliestField>) {
    e[field] = joinEarliest(a.e?.[field], b.e?.[field]);
  }
  if (Object.keys(e).length > 0) doc.e = e;
  const { note, conflicts } = joinNotes(a, b);
  if (note !== undefined) doc.note = note;
  if (conflicts !== undefined) doc.conflicts = conflicts;
  const tags = joinTags(a.tags, b.tags);
  if (tags !== undefined) doc.tags = tags;
  const created =
    a.created === undefined ? b.created : b.created === undefined ? a.created : Math.min(a.created, b.created);
  if (created !== undefined) doc.created = created;
  const del = laterOf(a.del, b.del);
  if (del !== undefined) doc.del = del;
  return doc;
}

/** The latest stamp in a doc: the clock moves past it when the doc is read, and it decides whether a deletion stands. */
export function latestStamp(doc: PaperDoc): Hlc | undefined {
  let latest: Hlc | undefined = doc.del;
  const see = (stamp: Hlc | undefined): void => {
    latest = laterOf(latest, stamp);
  };
  for (const reg of Object.values(doc.r ?? {})) see(reg.t);
  for (const earliest of Object.values(doc.e ?? {})) {
    see(earliest.u);
    for (const set of earliest.s) see(set.t);
  }
  see(doc.note?.t);
  for (const conflict of Object.values(doc.conflicts ?? {})) {
    see(conflict.t);
    see(conflict.done);
  }
  for (const entry of Object.values(doc.tags ?? {})) {
    for (const stamp of Object.keys(entry.a)) see(stamp);
    for (const stamp of entry.r) see(stamp);
  }
  return latest;
}

/** The latest stamp of anything but the deletion: a change after the deletion brings the paper back. */
function latestChange(doc: PaperDoc): Hlc | undefined {
  return latestStamp({ ...doc, del: undefined });
}

/** Whether the doc holds a paper: never deleted, or changed after its deletion. */
export function isAlive(doc: PaperDoc): boolean {
  // The common case, cheaply (collecting compares every paper on each run): never deleted, and a title was written.
  if (doc.del === undefined && doc.r?.title !== undefined) return true;
  const change = latestChange(doc);
  return change !== undefined && (doc.del === undefined || change > doc.del);
}

/** The tags the set holds, in the order they were first added: `[id, spelling]` (the latest add's spelling). */
function liveTags(tags: Record<string, TagEntry> | undefined): Array<[string, string, Hlc]> {
  const live: Array<[string, string, Hlc]> = [];
  for (const [id, entry] of Object.entries(tags ?? {})) {
    const stamps = Object.keys(entry.a).sort();
    if (stamps.length === 0) continue;
    live.push([id, entry.a[stamps[stamps.length - 1]!]!, stamps[0]!]);
  }
  return live.sort((x, y) => (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0));
}

/** Open note conflicts (not resolved), oldest first. */
export function openConflicts(doc: PaperDoc): Array<{ id: string; text: string; t: Hlc }> {
  return Object.entries(doc.conflicts ?? {})
    .filter(([, conflict]) => conflict.done === undefined)
    .map(([id, conflict]) => ({ id, text: conflict.text, t: conflict.t }))
    .sort((x, y) => (x.t < y.t ? -1 : 1));
}

/**
 * The paper a doc holds, without `updatedAt` (the caller stamps its write), or undefined when it holds none (deleted,
 * or a delta without a title). The caller validates it with PaperSchema before storing it.
 */
export function materialize(doc: PaperDoc): Omit<Paper, 'updatedAt'> | undefined {
  if (!isAlive(doc)) return undefined;
  const paper: Record<string, unknown> = { key: doc.key };
  for (const [field, reg] of Object.entries(doc.r ?? {}) as Array<[LwwField, Reg]>) {
    if (reg.v !== null && reg.v !== undefined) paper[field] = structuredClone(reg.v);
  }
  for (const [field, earliest] of Object.entries(doc.e ?? {}) as Array<[EarliestField, Earliest]>) {
    const first = earliestValue(earliest);
    if (first === undefined) continue;
    paper[field] = first.at;
    const companion = companionOf(field);
    if (companion !== undefined && first.c !== undefined) paper[companion] = structuredClone(first.c);
  }
  if (doc.note?.v) paper.note = doc.note.v;
  const tags = liveTags(doc.tags).map(([, name]) => name);
  if (tags.length > 0) paper.tags = tags;
  paper.createdAt = doc.created ?? 0;
  if (typeof paper.title !== 'string' || !Array.isArray(paper.authors) || !Array.isArray(paper.subjects)) {
    return undefined;
  }
  return paper as Omit<Paper, 'updatedAt'>;
}

/** A local value as a register holds it: unset is null. */
const held = (value: unknown): unknown => (value === undefined ? null : value);

/**
 * The local paper's changes since the doc, stamped: the new doc and the delta to send (undefined when nothing changed).
 * `paper` undefined means the paper is gone from this device (a deletion, if the doc held it). A paper the doc does not
 * hold (new here, or saved again after a deletion) is stamped in every field it has, so it stands against the deletion.
 * Pure but for advancing `clock`.
 */
export function stampLocal(
  doc: PaperDoc | undefined,
  paper: Paper | undefined,
  clock: Clock,
  now: number,
): { doc: PaperDoc | undefined; delta: PaperDoc | undefined } {
  if (paper === undefined) {
    if (doc === undefined || !isAlive(doc)) return { doc, delta: undefined };
    const delta: PaperDoc = { key: doc.key, del: tick(clock, now) };
    return { doc: joinDocs(doc, delta), delta };
  }
  const base: PaperDoc = doc ?? { key: paper.key };
  const revive = !isAlive(base);
  const delta: PaperDoc = { key: paper.key };
  const fields = paper as unknown as Record<string, unknown>;

  for (const field of LWW_FIELDS) {
    const value = held(fields[field]);
    const reg = base.r?.[field];
    if ((revive && value !== null) || !same(value, reg?.v ?? null)) {
      (delta.r ??= {})[field] = { v: value === null ? null : structuredClone(value), t: tick(clock, now) };
    }
  }
  for (const field of EARLIEST_FIELDS) {
    const at = fields[field] as number | undefined;
    const companionField = companionOf(field);
    const companion = companionField === undefined ? undefined : fields[companionField];
    const first = earliestValue(base.e?.[field]);
    if (at === first?.at && same(held(companion), held(first?.c))) continue;
    if (at === undefined && first === undefined) continue;
    // A value replacing another clears it first; a first value (a paper saved here before this device ever synced it)
    // only adds a set, so a save made elsewhere earlier still counts.
    const u = first === undefined ? undefined : tick(clock, now);
    const sets: EarliestSet[] =
      at === undefined ? [] : [{ t: tick(clock, now), at, ...(companion === undefined ? {} : { c: companion }) }];
    (delta.e ??= {})[field] = u === undefined ? { s: sets } : { u, s: sets };
  }
  const note = held(paper.note) as string | null;
  const noteReg = base.note;
  if (note !== (noteReg?.v ?? null)) {
    const anc = noteReg?.v ? [textHash(noteReg.v), ...noteReg.anc] : (noteReg?.anc ?? []);
    delta.note = { v: note, t: tick(clock, now), anc: anc.slice(0, NOTE_ANCESTORS) };
  }
  const wanted = new Map(normalizeTags(paper.tags ?? []).map((name) => [tagId(name), name]));
  const live = new Map(liveTags(base.tags).map(([id, name]) => [id, name]));
  // The tags the doc already holds in the paper's order and spelling, from the front, stay; from the first that differs
  // on, each is added again (its earlier adds removed), so every device orders them as this one does.
  const order = [...live.keys()].filter((id) => wanted.has(id));
  let kept = 0;
  for (const [id, name] of wanted) {
    if (order[kept] !== id || live.get(id) !== name) break;
    kept += 1;
  }
  for (const [id, name] of [...wanted].slice(kept)) {
    (delta.tags ??= {})[id] = { a: { [tick(clock, now)]: name }, r: Object.keys(base.tags?.[id]?.a ?? {}) };
  }
  for (const id of live.keys()) {
    if (wanted.has(id)) continue;
    const seen = Object.keys(base.tags?.[id]?.a ?? {});
    (delta.tags ??= {})[id] = { a: {}, r: seen };
  }
  if (base.created === undefined || paper.createdAt < base.created) delta.created = paper.createdAt;

  const changed = Object.keys(delta).length > 1;
  return changed ? { doc: joinDocs(base, delta), delta } : { doc, delta: undefined };
}

/** Marks a note conflict resolved (the user kept, merged or discarded its text): a delta to send. */
export function resolveConflict(doc: PaperDoc, id: string, clock: Clock, now: number): PaperDoc | undefined {
  const conflict = doc.conflicts?.[id];
  if (conflict === undefined || conflict.done !== undefined) return undefined;
  return { key: doc.key, conflicts: { [id]: { ...conflict, done: tick(clock, now) } } };
}

/**
 * The conflicts `joined` holds that neither side it was joined from held: found by this join, so this device sends them
 * on (every device then shows them, whichever order it read the changes in).
 */
export function newConflicts(before: PaperDoc | undefined, incoming: PaperDoc, joined: PaperDoc): PaperDoc | undefined {
  const found: Record<string, Conflict> = {};
  for (const [id, conflict] of Object.entries(joined.conflicts ?? {})) {
    if (before?.conflicts?.[id] === undefined && incoming.conflicts?.[id] === undefined) found[id] = conflict;
  }
  return Object.keys(found).length > 0 ? { key: joined.key, conflicts: found } : undefined;
}
