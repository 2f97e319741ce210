/**
 * Migration matrix, so an extension update never loses or breaks a user's database: every released schema version has a
 * frozen fixture database (tests/fixtures/db/v{n}.json, written by that version's own code) and a frozen copy of its
 * `stores()` declaration below. Each fixture is loaded into a database declared with the frozen schema — never with the
 * live AppDB, which only knows the current shape — and then opened with the current AppDB.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { AppDB, SCHEMA_VERSION, repairPaper } from '../../../lib/db/app-db.ts';
import { allSightings, listSaved, lookupStates, markSeen, setTags } from '../../../lib/db/papers-repo.ts';
import { knownDate } from '../../../lib/paper/dates.ts';
import { paperState } from '../../../lib/paper/state.ts';
import { encodeState, withStateCode } from '../../../lib/db/state-index.ts';
import type { Paper } from '../../../lib/paper/model.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/db');
const NAME = 'dogear';

/**
 * Each released version's `stores()`, copied when it was frozen and never changed afterwards. When you bump
 * SCHEMA_VERSION, add the outgoing version here (and its fixture, see tests/fixtures/db/README.md).
 */
const FROZEN_SCHEMAS: Record<number, Record<string, string>> = {
  1: { papers: 'key, savedAt, updatedAt' },
  2: { papers: 'key, savedAt, updatedAt, firstSeenAt, lastSeenAt, *tags', sightings: 'id, paperKey, at, markId' },
  3: {
    papers: 'key, savedAt, updatedAt, firstSeenAt, lastSeenAt, *tags, [key+state]',
    sightings: 'id, paperKey, at, markId',
  },
  4: {
    papers: 'key, savedAt, updatedAt, firstSeenAt, lastSeenAt, *tags, citeKey, [key+state]',
    sightings: 'id, paperKey, at, markId',
  },
};

/**
 * What v3 stored beside each paper's fields for its `[key+state]` index (lib/db/state-index.ts): the fixtures hold the
 * records as read through AppDB, without it, so installing a v3 database puts it back.
 */
const STORED_EXTRAS: Record<number, (row: Row) => Row> = {
  3: (row) => withStateCode(row as unknown as Paper) as unknown as Row,
  4: (row) => withStateCode(row as unknown as Paper) as unknown as Row,
};

type Row = Record<string, unknown>;
interface DbFixture {
  schemaVersion: number;
  tables: Record<string, Row[]>;
}

function fixturePath(version: number): string {
  return join(FIXTURES, `v${version}.json`);
}

/** Throws when the fixture is missing: no migration test passes without its fixture (a skipped check would hide it). */
function readDbFixture(version: number): DbFixture {
  const path = fixturePath(version);
  if (!existsSync(path)) throw new Error(`fixture missing: tests/fixtures/db/v${version}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as DbFixture;
}

/** The versions users may still have installed: every one below the current. */
const OLD_VERSIONS = Array.from({ length: SCHEMA_VERSION - 1 }, (_, index) => index + 1);

let opened: Dexie[] = [];
afterEach(() => {
  for (const db of opened) db.close();
  opened = [];
});

function track<T extends Dexie>(db: T): T {
  opened.push(db);
  return db;
}

/** A database at `version`, declared with that version's frozen schema, holding the fixture; then closed. */
async function installOld(indexedDB: IDBFactory, version: number, fixture: DbFixture): Promise<void> {
  const schema = FROZEN_SCHEMAS[version];
  if (!schema) throw new Error(`no frozen schema for v${version}`);
  const old = new Dexie(NAME, { indexedDB, IDBKeyRange });
  old.version(version).stores(schema);
  await old.open();
  await old.transaction('rw', old.tables, async () => {
    const stored = STORED_EXTRAS[version];
    for (const [table, rows] of Object.entries(fixture.tables)) {
      await old.table(table).bulkAdd(table === 'papers' && stored ? rows.map(stored) : rows);
    }
  });
  old.close();
}

async function upgrade(version: number): Promise<{ db: AppDB; fixture: DbFixture; indexedDB: IDBFactory }> {
  const fixture = readDbFixture(version);
  const indexedDB = new IDBFactory();
  await installOld(indexedDB, version, fixture);
  const db = track(new AppDB(NAME, { indexedDB, IDBKeyRange }));
  await db.open();
  return { db, fixture, indexedDB };
}

/** The row with only the fields it had before, in its original field order, as JSON. */
function project(row: Row, fields: readonly string[]): string {
  return JSON.stringify(Object.fromEntries(fields.map((field) => [field, row[field]])));
}

/** SHA-256 over every table's rows restricted to their fixture fields, in primary-key order. */
function contentHash(
  tables: Record<string, Row[]>,
  fieldsOf: (table: string, key: string) => readonly string[],
): string {
  const hash = createHash('sha256');
  for (const table of Object.keys(tables).sort()) {
    const rows = [...(tables[table] ?? [])].sort((a, b) => String(primaryKey(a)).localeCompare(String(primaryKey(b))));
    for (const row of rows) hash.update(`${table}\u0000${project(row, fieldsOf(table, String(primaryKey(row))))}\n`);
  }
  return hash.digest('hex');
}

/**
 * The fixture's tables as v4's upgrade leaves them (app-db.ts repairPaper on each paper): the one change to stored
 * fields an upgrade makes, to databases below v4 only. What the repairs do is checked on hand-written values in the v3
 * → v4 tests.
 */
function repaired(tables: Record<string, Row[]>, version = 1): Record<string, Row[]> {
  if (version >= 4) return tables;
  const listed = new Set(
    (tables.sightings ?? [])
      .filter((row) => ['arxiv-listing', 'huggingface'].includes(String(row.site)))
      .map((row) => row.paperKey),
  );
  const papers = (tables.papers ?? []).map((row) => {
    const paper = structuredClone(row) as unknown as Paper;
    repairPaper(paper, listed.has(paper.key));
    return paper as unknown as Row;
  });
  return { ...tables, papers };
}

/** The first field of each stored row is its primary key in every Dogear table (`key`, `id`). */
function primaryKey(row: Row): unknown {
  return row.key ?? row.id;
}

describe('the migration matrix', () => {
  it('has a frozen fixture and frozen schema for every version below SCHEMA_VERSION', () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    for (const version of OLD_VERSIONS) {
      expect(existsSync(fixturePath(version)), `tests/fixtures/db/v${version}.json`).toBe(true);
      expect(FROZEN_SCHEMAS[version], `FROZEN_SCHEMAS[${version}]`).toBeDefined();
      const fixture = readDbFixture(version);
      expect(fixture.schemaVersion).toBe(version);
      expect(Object.keys(fixture.tables).sort()).toEqual(Object.keys(FROZEN_SCHEMAS[version]!).sort());
    }
  });

  it('declares SCHEMA_VERSION as the highest version of AppDB', async () => {
    const db = track(new AppDB('dogear-version', { indexedDB: new IDBFactory(), IDBKeyRange }));
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
  });

  it.each(OLD_VERSIONS)('upgrades the v%i fixture to HEAD without losing a row or a stored field', async (version) => {
    const { db, fixture } = await upgrade(version);
    expect(db.verno).toBe(SCHEMA_VERSION);
    const after: Record<string, Row[]> = {};
    for (const table of Object.keys(fixture.tables)) {
      after[table] = (await db.table(table).toArray()) as Row[];
      expect(after[table]).toHaveLength(fixture.tables[table]!.length);
      expect(new Set(after[table]!.map(primaryKey))).toEqual(new Set(fixture.tables[table]!.map(primaryKey)));
    }
    const fieldsBefore = new Map<string, string[]>();
    for (const [table, rows] of Object.entries(fixture.tables)) {
      for (const row of rows) fieldsBefore.set(`${table}\u0000${String(primaryKey(row))}`, Object.keys(row));
    }
    const fieldsOf = (table: string, key: string): string[] => fieldsBefore.get(`${table}\u0000${key}`) ?? [];
    expect(contentHash(after, fieldsOf)).toBe(contentHash(repaired(fixture.tables, version), fieldsOf));
  });
});

describe('v1 → v2', () => {
  it('keeps every v1 field byte for byte and adds only firstSeenAt and seenVersion', async () => {
    const { db, fixture } = await upgrade(1);
    const before = repaired(fixture.tables).papers as unknown as Paper[];
    expect(before.length).toBeGreaterThanOrEqual(30);
    const stored = new Map((await db.papers.toArray()).map((paper) => [paper.key, paper]));
    for (const old of before) {
      const paper = stored.get(old.key);
      expect(paper, old.key).toBeDefined();
      const fields = Object.keys(old);
      expect(project(paper as unknown as Row, fields), old.key).toBe(JSON.stringify(old));
      expect(
        Object.keys(paper!)
          .filter((field) => !fields.includes(field))
          .sort(),
        old.key,
      ).toEqual(old.latestVersion === undefined ? ['firstSeenAt'] : ['firstSeenAt', 'seenVersion']);
      expect(paper!.firstSeenAt, old.key).toBe(old.savedAt ?? old.createdAt);
      expect(paper!.seenVersion, old.key).toBe(old.latestVersion);
    }
  });

  it('covers the cases the fixture is meant to hold', () => {
    const papers = readDbFixture(1).tables.papers as unknown as Paper[];
    const keys = papers.map((paper) => paper.key);
    expect(papers.some((paper) => paper.savedAt === undefined)).toBe(true);
    expect(keys.some((key) => key.startsWith('doi:'))).toBe(true);
    expect(keys.some((key) => /^arxiv:[a-z-]+\/\d{7}$/.test(key))).toBe(true);
    expect(papers.some((paper) => /\p{Script=Han}/u.test(paper.title))).toBe(true);
    expect(papers.some((paper) => paper.title.includes('$'))).toBe(true);
    expect(papers.some((paper) => paper.latestVersion !== undefined)).toBe(true);
    expect(papers.some((paper) => paper.latestVersion === undefined)).toBe(true);
  });

  it('reports every migrated paper as seen, and saved exactly when it was saved', async () => {
    const { db, fixture } = await upgrade(1);
    const before = fixture.tables.papers as unknown as Paper[];
    const states = await lookupStates(
      db,
      before.map((paper) => paper.key),
    );
    for (const old of before) {
      expect(states[old.key], old.key).toEqual({
        saved: old.savedAt !== undefined,
        seen: true,
        opened: false,
        noted: false,
        ...(old.latestVersion === undefined
          ? {}
          : { latestVersion: old.latestVersion, seenVersion: old.latestVersion }),
      });
    }
    expect((await listSaved(db)).map((paper) => paper.key)).toEqual(
      before
        .filter((paper) => paper.savedAt !== undefined)
        .sort((a, b) => b.savedAt! - a.savedAt!)
        .map((paper) => paper.key),
    );
    expect(await db.papers.where('firstSeenAt').aboveOrEqual(0).count()).toBe(before.length);
  });

  it('starts with an empty, usable sightings table and working new indexes', async () => {
    const { db, fixture } = await upgrade(1);
    expect(await db.sightings.count()).toBe(0);
    const old = (fixture.tables.papers as unknown as Paper[]).find((paper) => paper.latestVersion !== undefined)!;
    const candidate = {
      key: old.key,
      title: 'Another title',
      authors: [],
      subjects: [],
      version: old.latestVersion! + 1,
    };
    const source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new' };
    await markSeen(db, [candidate], source, 'mark-0001', Date.parse('2026-11-01T00:00:00Z'));
    const sightings = await allSightings(db);
    expect(sightings).toHaveLength(1);
    expect(sightings[0]).toMatchObject({ paperKey: old.key, markId: 'mark-0001', ...source });
    expect(await db.sightings.where('paperKey').equals(old.key).count()).toBe(1);
    const paper = await db.papers.get(old.key);
    expect(paper?.firstSeenAt).toBe(old.savedAt ?? old.createdAt); // seen before the mark: kept
    expect(paper?.firstSeenMark).toBeUndefined();
    expect(paper?.title).toBe(old.title);
    expect(paper?.seenVersion).toBe(old.latestVersion! + 1);

    await setTags(db, old.key, ['physics', 'to read'], 1);
    expect((await db.papers.where('tags').equals('to read').toArray()).map((tagged) => tagged.key)).toEqual([old.key]);
  });

  it('can still be opened by the v1 release afterwards (Dexie ≥ 4 adapts to a higher installed version)', async () => {
    const { db, fixture, indexedDB } = await upgrade(1);
    db.close();
    const old = track(new Dexie(NAME, { indexedDB, IDBKeyRange }));
    old.version(1).stores(FROZEN_SCHEMAS[1]!);
    await old.open();
    expect(await old.table('papers').count()).toBe(fixture.tables.papers!.length);
    const saved = await old.table('papers').orderBy('savedAt').reverse().toArray();
    expect(saved).toHaveLength(fixture.tables.papers!.filter((paper) => paper.savedAt !== undefined).length);
  });

  it('upgrades 10 000 v1 rows in one go', async () => {
    const templates = readDbFixture(1).tables.papers as unknown as Paper[];
    const rows: Paper[] = Array.from({ length: 10_000 }, (_, index) => {
      const template = templates[index % templates.length]!;
      const id = `2501.${String(index + 1).padStart(5, '0')}`;
      return { ...template, key: `arxiv:${id}`, arxivId: id };
    });
    const indexedDB = new IDBFactory();
    await installOld(indexedDB, 1, { schemaVersion: 1, tables: { papers: rows as unknown as Row[] } });
    const db = track(new AppDB(NAME, { indexedDB, IDBKeyRange }));
    const started = performance.now();
    await db.open();
    const elapsed = performance.now() - started;
    expect(await db.papers.count()).toBe(rows.length);
    expect(await db.papers.where('firstSeenAt').aboveOrEqual(0).count()).toBe(rows.length);
    // fake-indexeddb is far slower than a browser's IndexedDB; this only catches an accidental per-row transaction.
    expect(elapsed).toBeLessThan(20_000);
  }, 60_000);
});

describe('v2 → v3', () => {
  it('covers the cases the fixture is meant to hold', () => {
    const { papers, sightings } = readDbFixture(2).tables as unknown as { papers: Paper[]; sightings: Row[] };
    expect(papers.some((paper) => paper.savedAt !== undefined)).toBe(true);
    expect(papers.some((paper) => paper.firstSeenAt === undefined)).toBe(true);
    expect(papers.some((paper) => paper.firstSeenMark !== undefined)).toBe(true);
    expect(papers.some((paper) => paper.openedAt !== undefined)).toBe(true);
    expect(papers.some((paper) => (paper.note ?? '').includes('<b>'))).toBe(true);
    expect(papers.some((paper) => (paper.tags ?? []).length > 0)).toBe(true);
    expect(papers.some((paper) => paper.latestVersion !== undefined && paper.seenVersion === undefined)).toBe(true);
    expect(papers.some((paper) => paper.key === 'arxiv:hep-th/9711200')).toBe(true);
    expect(sightings.some((sighting) => sighting.markId !== undefined)).toBe(true);
    expect(sightings.some((sighting) => sighting.markId === undefined)).toBe(true);
  });

  it('indexes the state of every paper, answers lookups from the index as v2 did from the records, and hides the field', async () => {
    const { db, fixture, indexedDB } = await upgrade(2);
    const before = fixture.tables.papers as unknown as Paper[];
    const states = await lookupStates(db, [...before.map((paper) => paper.key), 'arxiv:2609.99999']);
    expect(Object.keys(states).sort()).toEqual(before.map((paper) => paper.key).sort());
    for (const old of before) expect(states[old.key], old.key).toEqual(paperState(old));
    // Read through AppDB, records are exactly as v2 stored them: no `state`.
    for (const paper of await db.papers.toArray()) expect(paper, paper.key).not.toHaveProperty('state');
    // Read raw, each record carries the state its fields give.
    const raw = await new Promise<Paper[]>((resolve, reject) => {
      const open = indexedDB.open(NAME);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction('papers').objectStore('papers').getAll();
        request.onsuccess = () => {
          open.result.close();
          resolve(request.result as Paper[]);
        };
        request.onerror = () => reject(request.error);
      };
    });
    expect(raw).toHaveLength(before.length);
    for (const record of raw) {
      const { state, ...paper } = record as Paper & { state: unknown };
      expect(state, record.key).toEqual(encodeState(paperState(paper)));
    }
  });
});

describe('v3 → v4: repairs of what older adapters stored', () => {
  const REPAIRED_FIELDS = ['authors', 'published'];

  it('covers the cases the fixture is meant to hold', () => {
    const papers = readDbFixture(3).tables.papers as unknown as Paper[];
    const byKey = new Map(papers.map((paper) => [paper.key, paper]));
    expect(byKey.get('arxiv:2609.31473')?.authors).toContain('Christopher D&#39;Mello');
    expect(byKey.get('arxiv:2605.07700')?.authors.at(-1)).toBe('and Roberto Flammini');
    expect(byKey.get('arxiv:2311.09412')?.published).toBe('2026-09-22');
    expect(byKey.get('arxiv:2601.06352')?.published).toBe('2026-09-20');
    expect(byKey.get('arxiv:2008.02217')?.published).toBe('2021-03-01');
    expect(byKey.get('arxiv:2008.02217')?.savedFrom).toBeUndefined();
    expect(papers.some((paper) => paper.citeKey !== undefined)).toBe(true);
    expect(papers.some((paper) => paper.note !== undefined)).toBe(true);
  });

  it('decodes entities, drops the list’s "and " and a listing date that is no v1 date; nothing else changes', async () => {
    const { db, fixture } = await upgrade(3);
    const before = new Map((fixture.tables.papers as unknown as Paper[]).map((paper) => [paper.key, paper]));
    const after = new Map((await db.papers.toArray()).map((paper) => [paper.key, paper]));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());

    const hf = after.get('arxiv:2609.31473')!;
    expect([hf.authors[25], hf.authors[31]]).toEqual(["Christopher D'Mello", "Meghan O'Connell"]);
    expect(hf.authors.filter((name) => name.includes('&'))).toEqual([]);
    expect(hf.authors).toHaveLength(before.get('arxiv:2609.31473')!.authors.length);

    const flammini = after.get('arxiv:2605.07700')!;
    expect(flammini.authors.at(-1)).toBe('Roberto Flammini');
    expect(flammini.authors.slice(0, -1)).toEqual(before.get('arxiv:2605.07700')!.authors.slice(0, -1));

    const dates = Object.fromEntries([...after].map(([key, paper]) => [key, paper.published]));
    expect(dates).toEqual({
      // Replacements listed on 2026-09-22, and Hugging Face's indexing days: no v1 dates, dropped.
      'arxiv:2311.09412': undefined,
      'arxiv:2411.19270': undefined,
      'arxiv:2605.07700': undefined,
      'arxiv:2601.06352': undefined,
      'arxiv:2608.09444': undefined,
      // New papers, a cross-list and Hugging Face's v1 dates stay; so does an imported journal date.
      'arxiv:2609.22268': '2026-09-22',
      'arxiv:2609.22533': '2026-09-22',
      'arxiv:2609.31473': '2026-09-25',
      'arxiv:2609.31620': '2026-09-25',
      'arxiv:2008.02217': '2021-03-01',
      'arxiv:2610.04573': undefined,
      'arxiv:hep-th/9711200': undefined,
    });
    expect(knownDate(after.get('arxiv:2311.09412')!)).toEqual({ year: 2023, month: 11 });

    for (const [key, old] of before) {
      const paper = after.get(key)!;
      const kept = Object.keys(old).filter((field) => !REPAIRED_FIELDS.includes(field));
      expect(project(paper as unknown as Row, kept), key).toBe(project(old as unknown as Row, kept));
      expect(
        Object.keys(paper).filter((field) => !Object.keys(old).includes(field)),
        key,
      ).toEqual([]);
      if (JSON.stringify(paper.authors) === JSON.stringify(old.authors))
        expect(paper.authors, key).toEqual(old.authors);
    }
    const sightings = await db.sightings.toArray();
    expect(sightings).toEqual(fixture.tables.sightings);
  });

  it('answers state lookups from the index after the upgrade as v3 did', async () => {
    const { db, fixture } = await upgrade(3);
    const before = fixture.tables.papers as unknown as Paper[];
    const states = await lookupStates(
      db,
      before.map((paper) => paper.key),
    );
    for (const old of before) expect(states[old.key], old.key).toEqual(paperState(old));
  });

  it('leaves old-style ids, month-only dates and papers never met on a dated listing alone', () => {
    const base = { title: 'T', subjects: [], createdAt: 1, updatedAt: 2 };
    const oldStyle: Paper = {
      ...base,
      key: 'arxiv:hep-th/9711200',
      arxivId: 'hep-th/9711200',
      authors: ['Juan M. Maldacena'],
      published: '2026-09-22',
    };
    const imported: Paper = {
      ...base,
      key: 'arxiv:2008.02217',
      arxivId: '2008.02217',
      authors: [],
      published: '2021-03',
    };
    const names: Paper = {
      ...base,
      key: 'doi:10.1000/x',
      authors: ['Anderson, Ann', 'and', 'Andrés &amp; Co', 'and  O&#x27;Hara'],
    };
    for (const paper of [oldStyle, imported]) {
      const copy = structuredClone(paper);
      repairPaper(copy, true);
      expect(copy).toEqual(paper);
    }
    const journal: Paper = { ...imported, published: '2021-03-01' };
    const copy = structuredClone(journal);
    repairPaper(copy, false);
    expect(copy).toEqual(journal);
    repairPaper(copy, true);
    expect(copy.published).toBeUndefined();
    repairPaper(names, false);
    expect(names.authors).toEqual(['Anderson, Ann', 'and', 'Andrés & Co', "O'Hara"]);
  });
});

describe('v4 → v5: sync tables', () => {
  const SYNC_TABLES = ['syncApplied', 'syncBackups', 'syncDocs', 'syncMeta', 'syncOutbox', 'syncSightings'];

  it('covers the cases the fixture is meant to hold', () => {
    const { papers, sightings } = readDbFixture(4).tables as unknown as { papers: Paper[]; sightings: Row[] };
    const byKey = new Map(papers.map((paper) => [paper.key, paper]));
    expect(byKey.get('arxiv:2609.31473')?.tags).toEqual(['agents', '読む']);
    expect(byKey.get('arxiv:2609.31473')?.note).toContain('$\\mathcal{L}$');
    expect(byKey.get('arxiv:2311.09412')?.savedAt).toBeUndefined();
    expect(byKey.get('arxiv:2311.09412')?.firstSeenMark).toBe('mark-0004');
    expect(byKey.has('arxiv:2411.19270')).toBe(false);
    expect(sightings.some((sighting) => sighting.paperKey === 'arxiv:2411.19270')).toBe(false);
    expect(papers.some((paper) => paper.citeKey !== undefined)).toBe(true);
  });

  it('adds the empty sync tables and leaves every v4 record as it was', async () => {
    const { db, fixture } = await upgrade(4);
    expect(
      db.tables
        .map((table) => table.name)
        .filter((name) => name.startsWith('sync'))
        .sort(),
    ).toEqual(SYNC_TABLES);
    for (const name of SYNC_TABLES) expect(await db.table(name).count(), name).toBe(0);
    expect(await db.papers.toArray()).toEqual(
      [...fixture.tables.papers!].sort((a, b) => String(a.key).localeCompare(String(b.key))),
    );
    expect(await db.sightings.toArray()).toEqual(
      [...fixture.tables.sightings!].sort((a, b) => String(a.id).localeCompare(String(b.id))),
    );
    const states = await lookupStates(
      db,
      fixture.tables.papers!.map((row) => String(row.key)),
    );
    for (const old of fixture.tables.papers as unknown as Paper[])
      expect(states[old.key], old.key).toEqual(paperState(old));
    expect(await db.papers.where('citeKey').equals('maldacena_large_1998').primaryKeys()).toEqual([
      'arxiv:hep-th/9711200',
    ]);
  });
});
