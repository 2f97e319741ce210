import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../lib/formats/json-backup/canonical.ts';
import { parseBackup } from '../../../../lib/formats/json-backup/read.ts';
import { BACKUP_SCHEMA_VERSION, toBackup } from '../../../../lib/formats/json-backup/write.ts';
import type { Paper } from '../../../../lib/paper/model.ts';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

const papers: Paper[] = [
  {
    key: 'arxiv:1706.03762',
    arxivId: '1706.03762',
    title: '$\\mathcal{L}$-Lipschitz <img src=x onerror=alert(1)> "quotes" \\ back\u0000slash',
    authors: [
      'Jürgen Müller',
      '李华',
      'Ødegaard, Åsa',
      '👩‍🔬 Zoë',
      '\u202eevil\u202c',
      '</script><script>alert(1)</script>',
    ],
    abstract: 'Line one\nLine two\r\n\ttabbed \ud83d\ude00 and a lone surrogate \ud800 and U+2028 \u2028.',
    primaryCategory: 'cs.CL',
    subjects: ['cs.CL', 'cs.LG'],
    comments: '15 pages, {braces}, 100% & _',
    published: '2017-06-12',
    latestVersion: 7,
    savedAt: NOW - 1000,
    savedFrom: { site: 'huggingface', url: 'https://huggingface.co/papers/1706.03762?x=1&y=<b>' },
    createdAt: NOW - 5000,
    updatedAt: NOW - 1000,
  },
  {
    key: 'doi:10.1101/2021.08.03.454978',
    title: '__proto__',
    authors: [],
    subjects: [],
    createdAt: 0,
    updatedAt: 1.5,
  },
];

/** Rewrites a parsed backup and serialises it again, for tampering tests. */
async function tampered(edit: (backup: Record<string, any>) => void): Promise<string> {
  const backup = JSON.parse(await toBackup({ papers }, NOW));
  edit(backup);
  return JSON.stringify(backup, null, 2);
}

describe('toBackup', () => {
  it('writes the envelope, pretty-printed with 2 spaces', async () => {
    const text = await toBackup({ papers }, NOW);
    const backup = JSON.parse(text);
    expect(Object.keys(backup)).toEqual(['format', 'schemaVersion', 'exportedAt', 'counts', 'checksum', 'tables']);
    expect(backup).toMatchObject({
      format: 'dogear-backup',
      schemaVersion: BACKUP_SCHEMA_VERSION,
      exportedAt: '2026-11-30T12:00:00.000Z',
      counts: { papers: 2 },
    });
    expect(backup.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(text.startsWith('{\n  "format": "dogear-backup",\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('hashes the canonical JSON of the tables, whatever the key order', async () => {
    const reordered = papers.map((paper) => Object.fromEntries(Object.entries(paper).reverse()) as Paper);
    const a = JSON.parse(await toBackup({ papers }, NOW)).checksum;
    const b = JSON.parse(await toBackup({ papers: reordered }, NOW + 1)).checksum;
    expect(b).toBe(a);
  });

  it('writes an empty library', async () => {
    expect(await parseBackup(await toBackup({ papers: [] }, NOW))).toEqual({ papers: [], sightings: [], rejected: [] });
  });
});

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [3, { d: null, c: 'x' }] }, '{"a":[3,{"c":"x","d":null}],"b":1}'],
    [{ a: undefined, b: [undefined] }, '{"b":[null]}'],
    [{ é: 1, z: 2, Z: 3 }, '{"Z":3,"z":2,"é":1}'],
    ['\u2028"', '"\u2028\\""'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('parseBackup', () => {
  it('round-trips unicode and hostile strings exactly', async () => {
    const restored = await parseBackup(await toBackup({ papers }, NOW));
    expect(restored).toEqual({ papers, sightings: [], rejected: [] });
    expect(restored.papers[0]!.abstract).toBe(papers[0]!.abstract);
  });

  it('gives back the same file byte for byte: backup → import → backup', async () => {
    const sightings = [
      {
        id: 's-1',
        paperKey: papers[0]!.key,
        site: 'arxiv-listing',
        url: 'https://arxiv.org/list/cs.CL/new',
        at: NOW - 1,
      },
    ];
    const text = await toBackup({ papers, sightings }, NOW);
    const read = await parseBackup(text);
    expect(read.rejected).toEqual([]);
    expect(await toBackup(read, NOW)).toBe(text);
  });

  it('accepts a re-indented file: the checksum covers the data, not the layout', async () => {
    const compact = JSON.stringify(JSON.parse(await toBackup({ papers }, NOW)));
    expect(await parseBackup(compact)).toEqual({ papers, sightings: [], rejected: [] });
  });

  it('round-trips arbitrary strings in every text field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }),
        async (title, authors) => {
          const paper: Paper = { ...papers[1]!, title: title || 'x', authors };
          expect(await parseBackup(await toBackup({ papers: [paper] }, NOW))).toEqual({
            papers: [paper],
            sightings: [],
            rejected: [],
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('rejects a tampered record', async () => {
    const text = await tampered((backup) => {
      backup.tables.papers[0].title = 'Attention Is Not All You Need';
    });
    await expect(parseBackup(text)).rejects.toThrow(
      /checksum mismatch: the file says sha256:[0-9a-f]{64} but its tables hash to sha256:/,
    );
  });

  it('rejects a tampered checksum', async () => {
    const text = await tampered((backup) => {
      backup.checksum = `sha256:${'0'.repeat(64)}`;
    });
    await expect(parseBackup(text)).rejects.toThrow('Backup checksum mismatch');
  });

  it('rejects a malformed checksum', async () => {
    const text = await tampered((backup) => {
      backup.checksum = 'md5:abc';
    });
    await expect(parseBackup(text)).rejects.toThrow('Backup header is invalid: checksum: expected "sha256:"');
  });

  it.each([
    [3, 'Backup counts 3 papers but holds 2'],
    [1, 'Backup counts 1 papers but holds 2'],
  ])('rejects a wrong count (%i)', async (count, message) => {
    const text = await tampered((backup) => {
      backup.counts.papers = count;
    });
    await expect(parseBackup(text)).rejects.toThrow(message);
  });

  it('rejects a dropped record by its count', async () => {
    const text = await tampered((backup) => {
      backup.tables.papers.pop();
    });
    await expect(parseBackup(text)).rejects.toThrow('Backup counts 2 papers but holds 1');
  });

  it.each([
    ['', 'Backup is not valid JSON at line 1, column 1: '],
    ['{"format": "dogear-backup",\n  "counts": }', 'Backup is not valid JSON at line 2, column 13: '],
    ['{"a": 1,}', 'Backup is not valid JSON at line 1, column 9: '],
    ['[1, 2', 'Backup is not valid JSON at line 1, column 6: '],
    ['{"a": "x\ty"}', 'Backup is not valid JSON at line 1, column 9: '],
    ['{"a": 1} trailing', 'Backup is not valid JSON at line 1, column 10: '],
    ['{"a": tru}', 'Backup is not valid JSON at line 1, column 7: '],
  ])('rejects malformed JSON %j with its position', async (text, message) => {
    await expect(parseBackup(text)).rejects.toThrow(message);
  });

  it('rejects deeply nested garbage without a stack overflow', async () => {
    await expect(parseBackup('['.repeat(200_000))).rejects.toThrow(/^Backup is not valid JSON/);
  });

  it.each([
    ['null', 'Not a Dogear backup: "format" is missing, expected "dogear-backup"'],
    ['[]', 'Not a Dogear backup: "format" is missing'],
    ['{"format": "zotero-rdf"}', 'Not a Dogear backup: "format" is "zotero-rdf"'],
  ])('rejects another format: %s', async (text, message) => {
    await expect(parseBackup(text)).rejects.toThrow(message);
  });

  it('rejects a backup from a newer Dogear', async () => {
    const text = await tampered((backup) => {
      backup.schemaVersion = BACKUP_SCHEMA_VERSION + 1;
    });
    await expect(parseBackup(text)).rejects.toThrow(`Backup schema version ${BACKUP_SCHEMA_VERSION + 1} is newer`);
  });

  it('rejects unknown header fields', async () => {
    const text = await tampered((backup) => {
      backup.tables.notes = [];
    });
    await expect(parseBackup(text)).rejects.toThrow('Backup header is invalid: tables: Unrecognized key: "notes"');
  });

  it('rejects an invalid paper, naming its index and fields, and imports the others', async () => {
    const bad = { ...papers[1]!, key: 'doi:10.1000/ok', authors: ['fine', 42], extra: true } as unknown as Paper;
    const read = await parseBackup(await toBackup({ papers: [papers[0]!, bad, papers[1]!] }, NOW));
    expect(read.papers).toEqual([papers[0], papers[1]]);
    expect(read.rejected).toEqual([
      {
        index: 1,
        id: 'doi:10.1000/ok',
        reason:
          'papers[1] is invalid: papers[1].authors[1]: Invalid input: expected string, received number; papers[1]: Unrecognized key: "extra"',
      },
    ]);
  });

  it('rejects a non-canonical key', async () => {
    const bad = { ...papers[1]!, key: 'arxiv:1706.03762v2' } as Paper;
    const read = await parseBackup(await toBackup({ papers: [bad] }, NOW));
    expect(read.papers).toEqual([]);
    expect(read.rejected).toEqual([
      {
        index: 0,
        id: 'arxiv:1706.03762v2',
        reason:
          'papers[0] is invalid: papers[0].key: not a canonical paper key (arxiv:<id> without version, doi:<lowercase doi>, openreview:, acl:, pmid:, s2:, dblp: or url:)',
      },
    ]);
  });

  it('rejects a second record with a key, keeping the first', async () => {
    const text = await toBackup({ papers: [papers[0]!, papers[1]!, { ...papers[0]!, title: 'again' }] }, NOW);
    const read = await parseBackup(text);
    expect(read.papers).toEqual([papers[0], papers[1]]);
    expect(read.rejected).toEqual([
      {
        index: 2,
        id: 'arxiv:1706.03762',
        reason: 'papers[2] has the same key as papers[0], which is imported instead',
      },
    ]);
  });

  it('keeps a record whose only fault is its cite key, without the key (412 characters, as older versions made)', async () => {
    const long = `${'a'.repeat(400)}2017attention`;
    expect(long).toHaveLength(413);
    const withLongKey = { ...papers[0]!, citeKey: long.slice(1), note: 'my note', tags: ['to-read'] } as Paper;
    const withBadKey = { ...papers[1]!, citeKey: 'has space' } as Paper;
    const both = { ...papers[1]!, key: 'doi:10.1000/two', citeKey: 'has space', title: '' } as Paper;
    const text = await toBackup({ papers: [withLongKey, withBadKey, both] }, NOW);
    const read = await parseBackup(text);
    const { citeKey: _long, ...keptLong } = withLongKey;
    const { citeKey: _bad, ...keptBad } = withBadKey;
    expect(read.papers).toEqual([keptLong, keptBad]);
    // The record as the file has it, field order included, less the key.
    const inFile = Object.keys(JSON.parse(text).tables.papers[0]).filter((field) => field !== 'citeKey');
    expect(Object.keys(read.papers[0]!)).toEqual(inFile);
    // Invalid for another reason too: rejected, with every reason.
    expect(read.rejected).toHaveLength(1);
    expect(read.rejected[0]).toMatchObject({ index: 2, id: 'doi:10.1000/two' });
    expect(read.rejected[0]!.reason).toMatch(/^papers\[2\] is invalid: papers\[2\]\.title: .*papers\[2\]\.citeKey: /);
  });

  it('still refuses the whole file when the checksum does not match, whatever its records', async () => {
    const bad = { ...papers[1]!, key: 'doi:10.1000/ok', authors: [42] } as unknown as Paper;
    const backup = JSON.parse(await toBackup({ papers: [papers[0]!, bad] }, NOW));
    backup.tables.papers[0].title = 'Edited';
    await expect(parseBackup(JSON.stringify(backup))).rejects.toThrow(/^Backup checksum mismatch: the file says/);
  });
});

describe('schema 2: sightings', () => {
  const sightings = [
    {
      id: 'b-2',
      paperKey: 'arxiv:1706.03762',
      site: 'arxiv-listing',
      url: 'https://arxiv.org/list/cs.CL/new',
      at: NOW - 10,
      markId: 'mark-1',
    },
    {
      id: 'a-1',
      paperKey: 'doi:10.1101/2021.08.03.454978',
      site: 'huggingface',
      url: 'https://huggingface.co/papers',
      at: NOW - 20,
    },
  ];

  it('counts and checksums both tables, and reads them back exactly, in file order', async () => {
    const text = await toBackup({ papers, sightings }, NOW);
    const backup = JSON.parse(text);
    expect(backup.schemaVersion).toBe(2);
    expect(backup.counts).toEqual({ papers: 2, sightings: 2 });
    expect(Object.keys(backup.tables)).toEqual(['papers', 'sightings']);
    expect(await parseBackup(text)).toEqual({ papers, sightings, rejected: [] });
  });

  it('covers the sightings with the checksum', async () => {
    const backup = JSON.parse(await toBackup({ papers, sightings }, NOW));
    backup.tables.sightings[0].at += 1;
    await expect(parseBackup(JSON.stringify(backup))).rejects.toThrow('Backup checksum mismatch');
  });

  it.each([
    [
      [{ ...sightings[0]!, url: 'javascript:alert(1)' }, sightings[1]!],
      { index: 2, id: 'b-2', reason: /^sightings\[0\] is invalid: sightings\[0\]\.url/ },
    ],
    [
      [sightings[0]!, { ...sightings[1]!, id: 'b-2' }],
      { index: 3, id: 'b-2', reason: /^sightings\[1\] has the same id as sightings\[0\], which is imported instead$/ },
    ],
    [
      [{ ...sightings[0]!, paperKey: 'arxiv:2401.99999' }, sightings[1]!],
      {
        index: 2,
        id: 'b-2',
        reason: /^sightings\[0\] is of paper "arxiv:2401\.99999", which the backup does not hold$/,
      },
    ],
  ])('rejects a bad sighting and imports the rest %#', async (given, rejection) => {
    const read = await parseBackup(await toBackup({ papers, sightings: given }, NOW));
    expect(read.papers).toEqual(papers);
    expect(read.sightings).toEqual(
      [given[0]!, given[1]!].filter((sighting) => sighting !== given[rejection.index - 2]),
    );
    expect(read.rejected).toHaveLength(1);
    expect(read.rejected[0]).toMatchObject({ index: rejection.index, id: rejection.id });
    expect(read.rejected[0]!.reason).toMatch(rejection.reason);
  });

  it('passes on the sightings of a rejected paper (the import plan skips them unless the library has it)', async () => {
    const badPaper = { ...papers[0]!, title: '' } as Paper;
    const read = await parseBackup(await toBackup({ papers: [badPaper, papers[1]!], sightings }, NOW));
    expect(read.papers).toEqual([papers[1]]);
    expect(read.rejected.map((rejection) => rejection.index)).toEqual([0]);
    expect(read.sightings).toEqual(sightings);
  });

  it('reads a schema-1 file (papers only) as having no sightings', async () => {
    const backup = JSON.parse(await toBackup({ papers }, NOW));
    backup.schemaVersion = 1;
    backup.counts = { papers: 2 };
    backup.tables = { papers: backup.tables.papers };
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(backup.tables)));
    backup.checksum = `sha256:${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
    expect(await parseBackup(JSON.stringify(backup))).toEqual({ papers, sightings: [], rejected: [] });
    backup.counts = { papers: 2, sightings: 0 };
    await expect(parseBackup(JSON.stringify(backup))).rejects.toThrow(
      'Backup header is invalid: counts: Unrecognized key: "sightings"',
    );
  });
});

describe('canonicalJson (one JSON.stringify with the sorted key list)', () => {
  /** The definition: a recursive writer with keys sorted at every level. */
  function reference(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map((item) => reference(item ?? null)).join(',')}]`;
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
      return `{${members.join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
  }

  it('equals the recursive definition for any JSON value, __proto__ and numeric keys included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
    const tricky = JSON.parse('{"__proto__":{"b":1,"a":[{"z":1,"10":2,"9":3}]},"constructor":null}');
    expect(canonicalJson(tricky)).toBe(reference(tricky));
  });

  it('lays the backup out one record per line, keys sorted, under a pretty envelope', async () => {
    const text = await toBackup(
      {
        papers,
        sightings: [
          { id: 's', paperKey: papers[1]!.key, site: 'huggingface', url: 'https://huggingface.co/papers', at: 1 },
        ],
      },
      NOW,
    );
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['{', '  "format": "dogear-backup",', '  "schemaVersion": 2,']);
    expect(lines.filter((line) => line.startsWith('      {'))).toHaveLength(3);
    expect(text).toContain(
      '\n      {"at":1,"id":"s","paperKey":"doi:10.1101/2021.08.03.454978","site":"huggingface","url":"https://huggingface.co/papers"}\n',
    );
  });
});
