import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import {
  applyImport,
  IMPORT_CHUNK_SIZE,
  ImportWriteError,
  PRESENCE_READ_MIN,
  previewImport,
  SIGHTINGS_FULL_READ,
  StaleImportError,
  storedRecords,
} from '../../../lib/db/import-repo.ts';
import { ensureCiteKeys } from '../../../lib/db/library-repo.ts';
import { markSeen, saveMany, setNote, setTags } from '../../../lib/db/papers-repo.ts';
import { runExport } from '../../../lib/formats/run.ts';
import { canonicalJson } from '../../../lib/formats/json-backup/canonical.ts';
import { toBackup } from '../../../lib/formats/json-backup/write.ts';
import { parseImport } from '../../../lib/formats/read.ts';
import { ImportFileError, type ImportedPaper } from '../../../lib/formats/types.ts';
import { citeKeyMessage } from '../../../lib/transfer/plan.ts';
import type { Source } from '../../../lib/paper/model.ts';
import { asyncErrorOf, fixture } from '../formats/load.ts';
import { makeCandidate, makePaper } from '../../support/papers.ts';

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const source: Source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs.LG/new' };

/** New-style ids 2401.10000, 2401.10001, … */
function ids(count: number, from = 10_000): string[] {
  return Array.from({ length: count }, (_, n) => `2401.${from + n}`);
}

function importedOf(id: string, index: number, extra: Partial<ImportedPaper> = {}): ImportedPaper {
  return { paper: makeCandidate(id), index, ...extra };
}

let db: AppDB;
beforeEach(async () => {
  db = new AppDB('dogear-import-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  // A library with saved, seen, noted and tagged papers, and sightings.
  await saveMany(db, [makeCandidate('2401.00001'), makeCandidate('2401.00002')], source, NOW - 3000);
  await markSeen(db, [makeCandidate('2401.00003'), makeCandidate('2401.00001')], source, 'mark-1', NOW - 2000);
  await setNote(db, 'arxiv:2401.00001', 'My own note.', NOW - 1000);
  await setTags(db, 'arxiv:2401.00002', ['ml'], NOW - 1000);
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

/** Every table, canonical: equal dumps mean byte-identical data. */
async function dump(): Promise<string> {
  return canonicalJson({ papers: await db.papers.toArray(), sightings: await db.sightings.toArray() });
}

/** The whole user flow: parse, preview, apply. */
async function importFile(name: string, text: string, onProgress?: Parameters<typeof applyImport>[2]) {
  const parsed = await parseImport(name, text);
  const plan = await previewImport(db, parsed, NOW);
  return { plan, result: await applyImport(db, plan, onProgress) };
}

describe('applyImport', () => {
  it('adds and merges in one transaction, and reports what it wrote', async () => {
    const plan = await previewImport(db, await parseImport('zotero.bib', fixture('zotero.bib')), NOW);
    const transaction = vi.spyOn(db, 'transaction');
    const result = await applyImport(db, plan);
    expect(plan.summary).toBe('4 new, 0 merged, 1 rejected');
    expect(result).toEqual({ added: 4, merged: 0, sightings: 0 });
    expect(transaction).toHaveBeenCalledTimes(1);
    const paper = await db.papers.get('arxiv:2401.12345');
    expect(paper).toMatchObject({ savedAt: NOW, note: 'Read this one for the proof in §3.' });
  });

  it('merges into stored records: note combined, tags united, nothing overwritten, sightings untouched', async () => {
    const sightings = await db.sightings.toArray();
    const before = await db.papers.get('arxiv:2401.00001');
    const bib = `@misc{x, title={Another title}, author={Someone Else}, eprint={2401.00001}, archivePrefix={arXiv},
  abstract={Now with an abstract.}, annote={Imported note.}, keywords={ML, theory}}`;
    const { plan } = await importFile('x.bib', bib);
    expect(plan.summary).toBe('0 new, 1 merged, 0 rejected');
    expect(plan.toMerge[0]!.changes).toContain('kept existing title; incoming differs');
    const after = await db.papers.get('arxiv:2401.00001');
    expect(after).toEqual({
      ...before,
      abstract: 'Now with an abstract.',
      note: 'My own note.\n\n---\n\nImported note.',
      tags: ['ML', 'theory'],
      citeKey: 'x', // the entry's own key: the paper had none
      updatedAt: NOW,
    });
    expect(await db.sightings.toArray()).toEqual(sightings);
  });

  it(`writes in chunks of ${IMPORT_CHUNK_SIZE} inside the one transaction and reports progress between them`, async () => {
    const bulkPut = vi.spyOn(db.papers, 'bulkPut');
    const progress: Array<[number, number]> = [];
    const items = ids(2500).map((id, index) => importedOf(id, index));
    const plan = await previewImport(db, { items, rejected: [] }, NOW);
    await applyImport(db, plan, ({ written, total }) => progress.push([written, total]));
    expect(bulkPut.mock.calls.map(([rows]) => (rows as unknown[]).length)).toEqual([1000, 1000, 500]);
    expect(progress).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
    expect(await db.papers.count()).toBe(2503);
  });

  it('writes nothing when a table hook throws mid-way (after the first chunk)', async () => {
    const items = ids(2500).map((id, index) => importedOf(id, index));
    const plan = await previewImport(db, { items, rejected: [] }, NOW);
    const before = await dump();
    let created = 0;
    const hook = () => {
      created += 1;
      if (created === 1500) throw new Error('disk on fire');
    };
    db.papers.hook('creating', hook);
    const error = await asyncErrorOf(() => applyImport(db, plan));
    db.papers.hook('creating').unsubscribe(hook);
    expect(error).toBeInstanceOf(ImportWriteError);
    expect(error.message).toMatch(/^Import failed, nothing was imported: .*disk on fire/);
    expect(created).toBeGreaterThanOrEqual(1500);
    expect(await dump()).toBe(before);
  });

  it.each([
    ['directly', () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')],
    [
      'as AbortError.inner',
      () =>
        Object.assign(new Error('Transaction aborted'), {
          name: 'AbortError',
          inner: new DOMException('quota', 'QuotaExceededError'),
        }),
    ],
  ])('turns a quota error (%s) on the second chunk into a user message, and writes nothing', async (_, makeError) => {
    const items = ids(1500).map((id, index) => importedOf(id, index));
    const plan = await previewImport(db, { items, rejected: [] }, NOW);
    const before = await dump();
    const original = db.papers.bulkPut.bind(db.papers);
    let calls = 0;
    vi.spyOn(db.papers, 'bulkPut').mockImplementation(((rows: never) => {
      calls += 1;
      return calls === 1 ? original(rows) : Promise.reject(makeError());
    }) as never);
    const error = await asyncErrorOf(() => applyImport(db, plan));
    expect(calls).toBe(2);
    expect(error).toBeInstanceOf(ImportWriteError);
    expect(error.message).toBe(
      'Import failed: the browser refused to store more data (storage quota exceeded). Nothing was imported.',
    );
    vi.restoreAllMocks();
    expect(await dump()).toBe(before);
  });

  it('cancels when the progress callback throws', async () => {
    const plan = await previewImport(
      db,
      { items: ids(1200).map((id, index) => importedOf(id, index)), rejected: [] },
      NOW,
    );
    const before = await dump();
    const error = await asyncErrorOf(() =>
      applyImport(db, plan, () => {
        throw new Error('cancelled by the user');
      }),
    );
    expect(error.message).toBe('Import failed, nothing was imported: cancelled by the user');
    expect(await dump()).toBe(before);
  });

  it('refuses a stale plan: a merged record changed since the preview', async () => {
    const plan = await previewImport(
      db,
      { items: [importedOf('2401.00001', 0, { note: 'n' }), importedOf('2401.09999', 1)], rejected: [] },
      NOW,
    );
    await setNote(db, 'arxiv:2401.00001', 'Edited after the preview.', NOW + 5);
    const before = await dump();
    const error = await asyncErrorOf(() => applyImport(db, plan));
    expect(error).toBeInstanceOf(StaleImportError);
    expect(error.message).toBe('arxiv:2401.00001 changed after the preview. Preview the import again.');
    expect(await dump()).toBe(before);
  });

  it('refuses a stale plan: a paper to add was added since the preview', async () => {
    const plan = await previewImport(db, { items: [importedOf('2401.09999', 0)], rejected: [] }, NOW);
    await saveMany(db, [makeCandidate('2401.09999')], source, NOW + 5);
    const before = await dump();
    const error = await asyncErrorOf(() => applyImport(db, plan));
    expect(error).toBeInstanceOf(StaleImportError);
    expect(error.message).toBe(
      'arxiv:2401.09999 was added to the library after the preview. Preview the import again.',
    );
    expect(await dump()).toBe(before);
  });

  it('an empty plan writes nothing and succeeds', async () => {
    const before = await dump();
    const plan = await previewImport(db, { items: [], rejected: [] }, NOW);
    expect(await applyImport(db, plan)).toEqual({ added: 0, merged: 0, sightings: 0 });
    expect(await dump()).toBe(before);
  });
});

describe('cite keys from the file', () => {
  const keysOf = async (): Promise<Record<string, string | undefined>> =>
    Object.fromEntries((await db.papers.toArray()).map((paper) => [paper.key, paper.citeKey]));

  it("keeps a Zotero file's own keys", async () => {
    const { plan } = await importFile('zotero.bib', fixture('zotero.bib'));
    expect(plan.citeKeys.map(({ fileKey, outcome }) => [fileKey, outcome])).toEqual([
      ['vaswani_attention_2023', 'kept'],
      ['muller_lipschitz_2024', 'kept'],
      ['smith_graphs_2021', 'kept'],
      ['doe_biology_2021', 'kept'],
    ]);
    expect(await keysOf()).toMatchObject({
      'arxiv:1706.03762': 'vaswani_attention_2023',
      'arxiv:2401.12345': 'muller_lipschitz_2024',
      'arxiv:2103.01234': 'smith_graphs_2021',
      'doi:10.1101/2021.08.03.454978': 'doe_biology_2021',
    });
  });

  it('finds the holder of a key through the citeKey index, and by one table read when the file names thousands', async () => {
    await db.papers.update('arxiv:2401.00002', { citeKey: 'taken_key' });
    const many = ids(2001, 20_000).map((id, index) =>
      importedOf(id, index, { citeKey: index === 7 ? 'taken_key' : `k${index}` }),
    );
    for (const items of [many.slice(0, 8), many]) {
      const plan = await previewImport(db, { items, rejected: [] }, NOW);
      const clash = plan.citeKeys.find(({ fileKey }) => fileKey === 'taken_key')!;
      expect(clash).toMatchObject({ outcome: 'clash' });
      expect(plan.citeKeys.filter(({ outcome }) => outcome === 'kept')).toHaveLength(items.length - 1);
    }
  });

  it('reports a key another paper of the library holds and gives it no key', async () => {
    await db.papers.update('arxiv:2401.00002', { citeKey: 'smith_graphs_2021' });
    const parsed = await parseImport('zotero.bib', fixture('zotero.bib'));
    const plan = await previewImport(db, parsed, NOW);
    const clash = plan.citeKeys.find(({ fileKey }) => fileKey === 'smith_graphs_2021')!;
    expect(clash.outcome).toBe('clash');
    expect(citeKeyMessage(clash)).toBe(
      'cite key `smith_graphs_2021` is already used by “Paper 2401.00002” (arxiv:2401.00002): a new key will be given',
    );
    await applyImport(db, plan);
    const keys = await keysOf();
    expect(keys['arxiv:2103.01234']).toBeUndefined();
    expect(keys['arxiv:2401.00002']).toBe('smith_graphs_2021');
    expect(keys['arxiv:1706.03762']).toBe('vaswani_attention_2023');
  });

  it('refuses a stale plan: a key it gives was given to another paper since the preview', async () => {
    const plan = await previewImport(db, await parseImport('zotero.bib', fixture('zotero.bib')), NOW);
    await db.papers.update('arxiv:2401.00003', { citeKey: 'doe_biology_2021' });
    const before = await dump();
    const error = await asyncErrorOf(() => applyImport(db, plan));
    expect(error).toBeInstanceOf(StaleImportError);
    expect(error.message).toBe(
      'The cite key doe_biology_2021 was given to arxiv:2401.00003 after the preview. Preview the import again.',
    );
    expect(await dump()).toBe(before);
  });

  it('takes a finer publication date that agrees with the stored one, never a coarser one', async () => {
    await db.papers.bulkPut([
      makePaper('2103.01234', { published: '2021', savedAt: NOW - 10 }),
      makePaper('2401.12345', { published: '2024-01-09', savedAt: NOW - 10 }),
    ]);
    const { plan } = await importFile('zotero.bib', fixture('zotero.bib'));
    const smith = plan.toMerge.find(({ after }) => after.key === 'arxiv:2103.01234')!;
    expect(smith.changes).toContain('publication date 2021 → 2021-03-04');
    expect((await db.papers.get('arxiv:2103.01234'))?.published).toBe('2021-03-04');
    // The file says only `year = {2024}`: the stored day stays, and that is no difference worth a line.
    expect((await db.papers.get('arxiv:2401.12345'))?.published).toBe('2024-01-09');
    const muller = plan.toMerge.find(({ after }) => after.key === 'arxiv:2401.12345')!;
    expect(muller.changes.join('; ')).not.toContain('publication date');
  });

  it.each(['bibtex', 'biblatex', 'csl-json'] as const)(
    'restoring a library from its own %s file keeps every key',
    async (format) => {
      await setNote(db, 'arxiv:2401.00002', 'n', NOW - 500);
      const papers = await ensureCiteKeys(db, await db.papers.toArray());
      const keys = await keysOf();
      expect(Object.values(keys).every((key) => key !== undefined)).toBe(true);
      const text = (await runExport(format, papers)) as string;
      await db.papers.clear();
      const { plan } = await importFile(`library.${format === 'csl-json' ? 'json' : 'bib'}`, text);
      expect(plan.citeKeys.every(({ outcome }) => outcome === 'kept')).toBe(true);
      expect(await keysOf()).toEqual(keys);
    },
  );
});

describe('malformed files: a clear error and an unchanged database', () => {
  const backupWithBadChecksum = async () => {
    const text = await toBackup({ papers: await db.papers.toArray() }, NOW);
    return text.replace(/"sha256:[0-9a-f]{64}"/, `"sha256:${'0'.repeat(64)}"`);
  };
  const cases: Array<[string, string, () => Promise<string> | string, RegExp]> = [
    [
      'BibTeX with an unterminated brace at line 6',
      'broken.bib',
      () =>
        `${fixture('arxiv-export.bib').split('\n').slice(0, 3).join('\n')}}\n\n@misc{smith2020,\n  title = {Unclosed,\n  eprint = {2401.00009}\n`,
      /^line 6: unterminated value of field "title" in entry "smith2020"$/,
    ],
    [
      'RIS whose last record has no ER',
      'broken.ris',
      () => `${fixture('zotero.ris')}\nTY  - GEN\nTI  - no end\n`,
      /^line 37: the record starting here has no "ER {2}- " line/,
    ],
    [
      'CSL-JSON that is not an array',
      'items.json',
      () => '{"id": "a", "title": "A", "number": "arXiv:2401.00009"}',
      /^CSL-JSON must be an array/,
    ],
    [
      'CSL-JSON with a syntax error',
      'items.json',
      () => '[{"id": "a",, "title": "A"}]',
      /^line 1, column 13: CSL-JSON is not valid JSON/,
    ],
    ['a backup whose checksum does not match', 'dogear.json', backupWithBadChecksum, /^Backup checksum mismatch/],
    ['an unknown format', 'notes.txt', () => 'just some text', /^notes\.txt is not a format Dogear imports/],
  ];
  it.each(cases)('%s', async (_, name, makeText, message) => {
    const text = await makeText();
    const before = await dump();
    const error = await asyncErrorOf(() => importFile(name, text));
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error.message).toMatch(message);
    expect(await dump()).toBe(before);
  });
});

describe('backups with sightings (schema 2)', () => {
  async function tables() {
    return { papers: await db.papers.toArray(), sightings: await db.sightings.toArray() };
  }

  it('round trip: export → import into an empty library → export gives the identical file', async () => {
    const first = await toBackup(await tables(), NOW);
    const source = db;
    db = new AppDB('dogear-import-empty', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    try {
      const { plan, result } = await importFile('dogear.json', first);
      expect(plan.summary).toBe('3 new, 0 merged, 0 rejected; sightings: 2 new, 0 already stored');
      expect(result).toEqual({ added: 3, merged: 0, sightings: 2 });
      expect(await toBackup(await tables(), NOW)).toBe(first);
    } finally {
      db.close();
      db = source;
    }
  });

  it('merges sightings by id and content, into the same library twice without adding anything', async () => {
    const text = await toBackup(await tables(), NOW);
    const before = await dump();
    const { plan, result } = await importFile('dogear.json', text);
    expect(plan.sightings).toEqual({ toAdd: [], duplicates: 2, skipped: 0 });
    expect(plan.summary).toBe('0 new, 0 merged, 0 rejected, 3 unchanged; sightings: 0 new, 2 already stored');
    expect(result.sightings).toBe(0);
    expect(await dump()).toBe(before);
  });

  it('adds new sightings and skips one stored under another id with the same content', async () => {
    const stored = (await db.sightings.toArray())[0]!;
    const papers = await db.papers.toArray();
    const fresh = {
      id: 'sighting-new',
      paperKey: 'arxiv:2401.00002',
      site: 'huggingface',
      url: 'https://huggingface.co/papers',
      at: NOW,
    };
    const copy = { ...stored, id: 'sighting-copy' };
    const { plan, result } = await importFile('dogear.json', await toBackup({ papers, sightings: [fresh, copy] }, NOW));
    expect(plan.sightings).toEqual({ toAdd: [fresh], duplicates: 1, skipped: 0 });
    expect(result).toEqual({ added: 0, merged: 0, sightings: 1 });
    expect(await db.sightings.get('sighting-new')).toEqual(fresh);
    expect(await db.sightings.get('sighting-copy')).toBeUndefined();
  });

  it('writes papers and sightings in the one transaction: a failure on a sighting leaves both tables unchanged', async () => {
    const sightings = Array.from({ length: 1500 }, (_, n) => ({
      id: `bulk-${n}`,
      paperKey: 'arxiv:2401.50000',
      site: 'arxiv-listing',
      url: 'https://arxiv.org/list/cs.LG/new',
      at: NOW + n,
    }));
    const paper = makePaper('2401.50000', { title: 'New', createdAt: NOW, updatedAt: NOW });
    const parsed = await parseImport('dogear.json', await toBackup({ papers: [paper], sightings }, NOW));
    const plan = await previewImport(db, parsed, NOW);
    const before = await dump();
    let created = 0;
    const hook = () => {
      created += 1;
      if (created === 1200) throw new Error('disk on fire');
    };
    db.sightings.hook('creating', hook);
    const progress: number[] = [];
    const error = await asyncErrorOf(() => applyImport(db, plan, ({ written }) => progress.push(written)));
    db.sightings.hook('creating').unsubscribe(hook);
    expect(error).toBeInstanceOf(ImportWriteError);
    expect(progress).toEqual([1, 1001]);
    expect(await dump()).toBe(before);
  });

  it('refuses a stale plan: a sighting to add was stored since the preview', async () => {
    const fresh = {
      id: 'sighting-new',
      paperKey: 'arxiv:2401.00002',
      site: 'huggingface',
      url: 'https://huggingface.co/papers',
      at: NOW,
    };
    const parsed = await parseImport(
      'dogear.json',
      await toBackup({ papers: await db.papers.toArray(), sightings: [fresh] }, NOW),
    );
    const plan = await previewImport(db, parsed, NOW);
    await db.sightings.add({ ...fresh, at: NOW + 1 });
    const before = await dump();
    const error = await asyncErrorOf(() => applyImport(db, plan));
    expect(error).toBeInstanceOf(StaleImportError);
    expect(await dump()).toBe(before);
  });

  it('lists a sighting of a paper the backup lacks (checksum intact) as rejected, and does not store it', async () => {
    const orphan = {
      id: 'orphan',
      paperKey: 'arxiv:2401.77777',
      site: 'huggingface',
      url: 'https://huggingface.co/papers',
      at: NOW,
    };
    const text = await toBackup({ papers: await db.papers.toArray(), sightings: [orphan] }, NOW);
    const before = await dump();
    const { plan } = await importFile('dogear.json', text);
    expect(plan.rejected.map((rejection) => rejection.reason)).toEqual([
      expect.stringContaining('sightings[0] is of paper "arxiv:2401.77777", which the backup does not hold'),
    ]);
    expect(plan.sightings?.toAdd ?? []).toEqual([]);
    expect(await dump()).toBe(before);
  });

  it('still imports a schema-1 backup (papers only)', async () => {
    const paper = makePaper('2401.60000', { title: 'Old backup', createdAt: 1, updatedAt: 2 });
    const tablesV1 = { papers: [paper] };
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(tablesV1)));
    const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
    const text = JSON.stringify({
      format: 'dogear-backup',
      schemaVersion: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      counts: { papers: 1 },
      checksum: `sha256:${hex}`,
      tables: tablesV1,
    });
    const { plan, result } = await importFile('dogear.json', text);
    expect(plan.sightings).toBeUndefined();
    expect(result).toEqual({ added: 1, merged: 0, sightings: 0 });
    expect(await db.papers.get(paper.key)).toEqual(paper);
  });

  it.each([
    [
      'a sighting count that does not match',
      (backup: Record<string, any>) => {
        backup.counts.sightings = 5;
      },
      /^Backup counts 5 sightings but holds 2/,
    ],
    [
      'a schema-2 file without sightings',
      (backup: Record<string, any>) => {
        delete backup.tables.sightings;
      },
      /^Backup header is invalid: tables\.sightings/,
    ],
  ])('rejects %s and changes nothing', async (_, edit, message) => {
    const backup = JSON.parse(await toBackup(await tables(), NOW));
    edit(backup);
    const before = await dump();
    const error = await asyncErrorOf(() => importFile('dogear.json', JSON.stringify(backup)));
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error.message).toMatch(message);
    expect(await dump()).toBe(before);
  });
});

describe('large backups', () => {
  it(`plans more than ${SIGHTINGS_FULL_READ} sightings from one read of the table, with the same result`, async () => {
    const papers = await db.papers.toArray();
    const stored = (await db.sightings.toArray())[0]!;
    const incoming = [
      stored,
      { ...stored, id: 'same-content' },
      ...Array.from({ length: SIGHTINGS_FULL_READ }, (_, n) => ({
        id: `bulk-${n}`,
        paperKey: papers[n % papers.length]!.key,
        site: 'huggingface',
        url: 'https://huggingface.co/papers',
        at: NOW + n,
      })),
    ];
    const toArray = vi.spyOn(db.sightings, 'toArray');
    const plan = await previewImport(
      db,
      await parseImport('dogear.json', await toBackup({ papers, sightings: incoming }, NOW)),
      NOW,
    );
    expect(toArray).toHaveBeenCalledTimes(1);
    expect(plan.sightings).toMatchObject({ duplicates: 2, skipped: 0 });
    expect(plan.sightings!.toAdd).toHaveLength(SIGHTINGS_FULL_READ);
    const result = await applyImport(db, plan);
    expect(result.sightings).toBe(SIGHTINGS_FULL_READ);
  });
});

describe(`large imports (${PRESENCE_READ_MIN}+ keys): keys first, records only where stored`, () => {
  const LARGE = PRESENCE_READ_MIN + 200;

  it('storedRecords answers like bulkGet whichever way it reads', async () => {
    await saveMany(
      db,
      ids(300).map((id) => makeCandidate(id)),
      source,
      NOW - 500,
    );
    const stored = ids(300).map((id) => `arxiv:${id}`);
    const absent = ids(LARGE, 50_000).map((id) => `arxiv:${id}`);
    const cases = {
      'none stored': absent,
      'a few stored (bulkGet of those)': [
        ...absent.slice(0, 900),
        stored[7]!,
        ...absent.slice(900),
        stored[250]!,
        stored[7]!,
      ],
      'most of the table stored (one toArray)': [...stored, 'arxiv:2401.00001', ...absent],
    };
    for (const [name, keys] of Object.entries(cases)) {
      const expected = await db.papers.bulkGet(keys);
      const bulkGet = vi.spyOn(db.papers, 'bulkGet');
      const toArray = vi.spyOn(db.papers, 'toArray');
      expect(await storedRecords(db.papers, keys), name).toEqual(expected);
      const gets = bulkGet.mock.calls.flatMap(([asked]) => asked);
      if (name === 'none stored') expect(gets).toEqual([]);
      if (name.startsWith('a few')) expect(gets).toEqual([stored[7], stored[250]]);
      if (name.startsWith('most')) expect(toArray).toHaveBeenCalledTimes(1);
      vi.restoreAllMocks();
    }
  });

  it('imports into a library without reading a record per incoming key', async () => {
    const before = (await db.papers.toArray()).length;
    const items = ids(LARGE, 20_000).map((id, index) => importedOf(id, index));
    const bulkGet = vi.spyOn(db.papers, 'bulkGet');
    const plan = await previewImport(db, { items, rejected: [] }, NOW);
    const result = await applyImport(db, plan);
    expect(result.added).toBe(LARGE);
    expect(bulkGet).not.toHaveBeenCalled();
    expect(await db.papers.count()).toBe(before + LARGE);
  });

  it('still refuses a stale plan: one paper of a large import was added since the preview', async () => {
    const items = ids(LARGE, 20_000).map((id, index) => importedOf(id, index));
    const plan = await previewImport(db, { items, rejected: [] }, NOW);
    await saveMany(db, [makeCandidate('2401.20777')], source, NOW + 5);
    const before = await dump();
    const error = await asyncErrorOf(() => applyImport(db, plan));
    expect(error).toBeInstanceOf(StaleImportError);
    expect(error.message).toBe(
      'arxiv:2401.20777 was added to the library after the preview. Preview the import again.',
    );
    expect(await dump()).toBe(before);
  });

  it('still refuses a stale plan: one merged record of a large import changed since the preview', async () => {
    await saveMany(
      db,
      ids(LARGE, 20_000).map((id) => makeCandidate(id)),
      source,
      NOW - 100,
    );
    const items = ids(LARGE, 20_000).map((id, index) => importedOf(id, index, { note: `note ${index}` }));
    const plan = await previewImport(db, { items, rejected: [] }, NOW);
    expect(plan.toMerge).toHaveLength(LARGE);
    await setTags(db, 'arxiv:2401.20500', ['edited'], NOW + 5);
    const before = await dump();
    const error = await asyncErrorOf(() => applyImport(db, plan));
    expect(error).toBeInstanceOf(StaleImportError);
    expect(error.message).toBe('arxiv:2401.20500 changed after the preview. Preview the import again.');
    expect(await dump()).toBe(before);
  });
});
