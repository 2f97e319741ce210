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
    expect(await parseBackup(await toBackup({ papers: [] }, NOW))).toEqual({ papers: [], sightings: [] });
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
    expect(restored).toEqual({ papers, sightings: [] });
    expect(restored.papers[0]!.abstract).toBe(papers[0]!.abstract);
  });

  it('accepts a re-indented file: the checksum covers the data, not the layout', async () => {
    const compact = JSON.stringify(JSON.parse(await toBackup({ papers }, NOW)));
    expect(await parseBackup(compact)).toEqual({ papers, sightings: [] });
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

  it('names the index and field of an invalid paper', async () => {
    const bad = { ...papers[1]!, key: 'doi:10.1000/ok', authors: ['fine', 42], extra: true } as unknown as Paper;
    const text = await toBackup({ papers: [papers[0]!, bad] }, NOW);
    await expect(parseBackup(text)).rejects.toThrow(
      'Backup entry papers[1] (key "doi:10.1000/ok") is invalid: papers[1].authors[1]: Invalid input: expected string, received number; papers[1]: Unrecognized key: "extra"',
    );
  });

  it('names a non-canonical key', async () => {
    const bad = { ...papers[1]!, key: 'arxiv:1706.03762v2' } as Paper;
    await expect(parseBackup(await toBackup({ papers: [bad] }, NOW))).rejects.toThrow(
      'Backup entry papers[0] (key "arxiv:1706.03762v2") is invalid: papers[0].key: not a canonical paper key',
    );
  });

  it('rejects two records with one key', async () => {
    const text = await toBackup({ papers: [papers[0]!, papers[1]!, { ...papers[0]!, title: 'again' }] }, NOW);
    await expect(parseBackup(text)).rejects.toThrow(
      'Backup entries papers[0] and papers[2] have the same key "arxiv:1706.03762"',
    );
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
    expect(await parseBackup(text)).toEqual({ papers, sightings });
  });

  it('covers the sightings with the checksum', async () => {
    const backup = JSON.parse(await toBackup({ papers, sightings }, NOW));
    backup.tables.sightings[0].at += 1;
    await expect(parseBackup(JSON.stringify(backup))).rejects.toThrow('Backup checksum mismatch');
  });

  it.each([
    [
      [{ ...sightings[0]!, url: 'javascript:alert(1)' }],
      /^Backup entry sightings\[0\] \(id "b-2"\) is invalid: sightings\[0\]\.url/,
    ],
    [
      [sightings[0]!, { ...sightings[1]!, id: 'b-2' }],
      /^Backup entries sightings\[0\] and sightings\[1\] have the same id "b-2"/,
    ],
    [
      [{ ...sightings[0]!, paperKey: 'arxiv:2401.99999' }],
      /^Backup entry sightings\[0\] is of paper "arxiv:2401\.99999", which the backup does not hold/,
    ],
  ])('rejects bad sightings %#', async (bad, message) => {
    await expect(parseBackup(await toBackup({ papers, sightings: bad }, NOW))).rejects.toThrow(message);
  });

  it('reads a schema-1 file (papers only) as having no sightings', async () => {
    const backup = JSON.parse(await toBackup({ papers }, NOW));
    backup.schemaVersion = 1;
    backup.counts = { papers: 2 };
    backup.tables = { papers: backup.tables.papers };
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(backup.tables)));
    backup.checksum = `sha256:${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
    expect(await parseBackup(JSON.stringify(backup))).toEqual({ papers, sightings: [] });
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
