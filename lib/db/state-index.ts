/**
 * The row-state index: what a listing's lookup needs, readable without reading the papers.
 *
 * A lookup asks for the states of up to 2,000 papers on every listing load. Reading their records (`bulkGet`) makes
 * IndexedDB deserialize each whole paper — abstract, author list, note — to keep four flags and two numbers. So every
 * paper record also carries `state`, a small array derived from it, and the compound index `[key+state]` holds `[key,
 * state]` for every paper: a key-only cursor over that index answers a lookup without deserializing a record (schema
 * v3; `npm run bench` measures it).
 *
 * `state` is kept by a DBCore middleware, not by the writers: every put or add of a paper, through any code path that
 * uses AppDB (background, popup, library, importers), gets its `state` recomputed in the same request, and every read
 * through AppDB drops the field again, so the rest of the code (schemas, exports, backups) never sees it.
 */
import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie';
import type { Paper } from '../paper/model.ts';
import { decodeFlags, encodeFlags, paperState, type PaperState } from '../paper/state.ts';

/**
 * The stored field: `[flags, latestVersion or 0, seenVersion or 0]`, flags as lib/paper/state.ts encodeFlags writes
 * them.
 */
export type StateCode = [number, number, number];

export const STATE_FIELD = 'state';
/** The compound index lookups read, as Dexie names it. */
export const STATE_INDEX = '[key+state]';

export function encodeState(state: PaperState): StateCode {
  return [encodeFlags(state), state.latestVersion ?? 0, state.seenVersion ?? 0];
}

export function decodeState(code: StateCode): PaperState {
  return decodeFlags(code[0], code[1], code[2]);
}

/** A paper as stored: a copy with its `state` set (the caller's object is left as it was). */
export function withStateCode(paper: Paper): Paper & { state: StateCode } {
  const { state: _stale, ...rest } = paper as Paper & { state?: unknown };
  return { ...rest, state: encodeState(paperState(rest)) };
}

/** A stored record without its `state`. Records are fresh clones from IndexedDB, except frozen ones from Dexie's cache. */
function stripped<T>(value: T): T {
  if (value === null || typeof value !== 'object' || !(STATE_FIELD in value)) return value;
  if (Object.isFrozen(value)) {
    const { [STATE_FIELD]: _state, ...rest } = value as Record<string, unknown>;
    return rest as T;
  }
  delete (value as Record<string, unknown>)[STATE_FIELD];
  return value;
}

/**
 * A view of `cursor` whose value has no `state`. Like Dexie's own virtual-index cursor: `key` and `primaryKey` are
 * IDBCursor getters that need the real cursor as `this`; everything else (continue, start, next…) is inherited.
 */
function strippingCursor(cursor: DBCoreCursor): DBCoreCursor {
  return Object.create(cursor, {
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    value: { get: () => stripped(cursor.value) },
  }) as DBCoreCursor;
}

function papersTable(table: DBCoreTable): DBCoreTable {
  return {
    ...table,
    mutate(request) {
      if (request.type !== 'add' && request.type !== 'put') return table.mutate(request);
      return table.mutate({ ...request, values: request.values.map((value) => withStateCode(value as Paper)) });
    },
    get: (request) => table.get(request).then(stripped),
    getMany: (request) => table.getMany(request).then((values) => values.map(stripped)),
    query: (request) =>
      table
        .query(request)
        .then((response) => (request.values ? { ...response, result: response.result.map(stripped) } : response)),
    openCursor: (request) =>
      table
        .openCursor(request)
        .then((cursor) => (cursor && request.values !== false ? strippingCursor(cursor) : cursor)),
  };
}

/** Keeps `state` on every paper written and hides it from every paper read (see the header). */
export const stateIndexMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'dogear-state-index',
  create: (down) => ({
    ...down,
    table: (name) => (name === 'papers' ? papersTable(down.table(name)) : down.table(name)),
  }),
};
