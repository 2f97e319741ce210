import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import { applyImport, previewImport } from '../../../lib/db/import-repo.ts';
import { markOpened, markSeen, saveMany, setNote, setTags } from '../../../lib/db/papers-repo.ts';
import { toBibtex } from '../../../lib/formats/bibtex/write.ts';
import { formatReferences, parseReferences, type ReferencePaper } from '../../../lib/formats/index.ts';
import { formatById } from '../../../lib/formats/registry.ts';
import { withoutInvisibles } from '../../../lib/formats/common/text.ts';
import { citeKeysFor } from '../../../lib/paper/cite-keys.ts';
import { knownDate } from '../../../lib/paper/dates.ts';
import { canonicalJson } from '../../../lib/formats/json-backup/canonical.ts';
import { toBackup } from '../../../lib/formats/json-backup/write.ts';
import { parseImport } from '../../../lib/formats/read.ts';
import type { Paper, Source } from '../../../lib/paper/model.ts';
import { conformanceLibrary, paperOf } from '../../interop/library.ts';
import { makePaper } from '../../support/papers.ts';
import { entriesOf } from './load.ts';

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);

/** A stored paper created at NOW (tests/support/papers.ts makePaper). */
const at = { createdAt: NOW, updatedAt: NOW };

const papers: Paper[] = [
  makePaper('arxiv:2401.12345', {
    ...at,
    title: '$\\mathcal{L}$-Lipschitz Transformers: 100% Robust & Fast_Attention for {BERT}-style Models',
    authors: ['Jürgen Müller', 'Åsa Ødegaard', 'Zhang Wei', '李华'],
    primaryCategory: 'cs.LG',
    subjects: ['cs.LG'],
  }),
  makePaper('arxiv:hep-th/9711200', {
    ...at,
    title: 'The Large $N$ Limit of Superconformal Field Theories',
    authors: ['Juan M. Maldacena'],
  }),
  makePaper('arxiv:1706.03762', {
    ...at,
    title: 'Attention Is All You Need',
    authors: ['Ashish Vaswani', "Mary O'Neil", 'José Ñúñez-Łukasiewicz', 'Straße Þór'],
  }),
  makePaper('doi:10.1101/2021.08.03.454978', {
    ...at,
    title: 'Cells: a {curly} ~tilde~ ^caret^ \\backslash | <angle> # $5 & 7% _x',
    authors: ['Jane Doe', 'Société Générale, Inc.'],
  }),
  makePaper('arxiv:2401.12346', { ...at, title: "Schrödinger's cat… and $\\hat{x}$ ~ ties", authors: ['Ünal Çelik'] }),
];

describe('round trip: our BibTeX export → import', () => {
  it('keeps Romanian ș and ț (comma below), apart from Turkish ş (cedilla)', async () => {
    const romanian = makePaper('arxiv:2401.12348', {
      ...at,
      title: 'Științe și Tehnologii: Ţara vs Țara, Şahin',
      authors: ['Ștefan Țițeica'],
    });
    const written = toBibtex([romanian]);
    expect(written).toContain('{\\textcommabelow{S}}tefan');
    const parsed = entriesOf(await parseImport('dogear.bib', written));
    expect(parsed[0]!.paper.title).toBe(romanian.title);
    expect(parsed[0]!.paper.authors).toEqual(['Ștefan Țițeica']);
  });

  it('gives back the same keys, titles and authors', async () => {
    const parsed = await parseImport('dogear.bib', toBibtex(papers));
    expect(parsed.rejected).toEqual([]);
    expect(parsed.format).toBe('bibtex');
    const items = entriesOf(parsed);
    expect(items.map((item) => item.paper.key)).toEqual(papers.map((p) => p.key));
    // Case-protection braces are read the way BibTeX prints them: `{BERT}` comes back as `BERT` (bibtex/read.ts).
    expect(items.map((item) => item.paper.title)).toEqual(papers.map((p) => p.title.replace('{BERT}', 'BERT')));
    expect(items.map((item) => item.paper.authors)).toEqual(papers.map((p) => p.authors));
  });

  it("gives typographic punctuation back as the TeX the exporter wrote (the exporter maps ’ and ' alike, so no inverse exists)", async () => {
    const original = makePaper('arxiv:2401.12347', {
      ...at,
      title: 'Schrödinger’s “cat” — a–b',
      authors: ['Ünal Çelik'],
    });
    const parsed = await parseImport('x.bib', toBibtex([original]));
    expect(entriesOf(parsed)[0]!.paper.title).toBe("Schrödinger's ``cat'' --- a--b");
  });

  // Case protection (`{BERT}`) is read the way BibTeX prints it, so it comes back without its braces (bibtex/read.ts).
  it('holds for generated titles and names (words, TeX bits, accents, CJK, specials)', async () => {
    const word = fc.constantFrom(
      'Attention',
      'is',
      'all',
      '{BERT}',
      '$\\mathcal{L}$',
      '$x_1^2$',
      'Müller',
      'Ødegaard',
      'Straße',
      '李华',
      '100%',
      '&',
      'Fast_Attention',
      '#1',
      'naïve',
      'Ångström',
      'Łódź',
      "O'Neil",
      '…',
      '\\emph{x}',
      'a~b',
      '<',
      '|',
      '^',
    );
    const name = fc.array(
      fc.constantFrom('Ada', 'Lovelace', 'Jürgen', 'Müller', '李', '华', 'Ødegaard', 'van', 'der', "O'Neil"),
      {
        minLength: 1,
        maxLength: 3,
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(word, { minLength: 1, maxLength: 8 }),
        fc.array(name, { maxLength: 4 }),
        async (words, names) => {
          const original = makePaper('arxiv:2401.12345', {
            ...at,
            title: ['Towards', ...words, 'Models'].join(' '),
            authors: names.map((parts) => parts.join(' ')),
          });
          const parsed = await parseImport('x.bib', toBibtex([original]));
          const [item] = entriesOf(parsed);
          expect(item!.paper.title).toBe(original.title.replaceAll('{BERT}', 'BERT'));
          expect(item!.paper.authors).toEqual(original.authors);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * Dogear X → import → X for every format Dogear both writes and reads, over the conformance library (every captured
 * page plus hard cases, tests/interop/library.ts): each entry re-exported from what the import gave back is the entry
 * first written. A format writes only what it carries (registry.ts `carries`), so whatever it does not carry (saved and
 * seen times, sightings; abstracts in BibTeX) cannot differ, and every difference is a field lost or changed.
 */
describe('round trip: Dogear X → import → X', () => {
  const library = conformanceLibrary();
  const keys = citeKeysFor(library);
  // Cite keys fixed as an export fixes them (lib/formats/run.ts), so the entry written alone has the key it had.
  const keyed = library.map((paper, index) => ({ ...paper, citeKey: keys[index]! }));

  /** The differing lines of two exports of one entry, `-` first written, `+` written again. */
  function difference(before: string, after: string): string {
    const was = before.split('\n');
    const now = after.split('\n');
    return [
      ...was.filter((line) => !now.includes(line)).map((line) => `- ${line}`),
      ...now.filter((line) => !was.includes(line)).map((line) => `+ ${line}`),
    ].join('\n');
  }

  it.each(['bibtex', 'biblatex', 'ris', 'csl-json'] as const)('%s', async (id) => {
    const parsed = await parseReferences(formatReferences(id, keyed), `dogear.${formatById(id).extension}`);
    expect(parsed.rejections).toEqual([]);
    expect(parsed.papers).toHaveLength(keyed.length);
    const changed: string[] = [];
    keyed.forEach((paper, index) => {
      const { version: _version, ...back } = parsed.papers[index] as ReferencePaper;
      const again = paperOf(back.key, { ...back, ...at });
      const before = formatReferences(id, [paper]);
      const after = formatReferences(id, [again]);
      if (after !== before) changed.push(`${keys[index]} (${paper.key}):\n${difference(before, after)}`);
    });
    expect(changed, `${changed.length} of ${keyed.length} entries differ`).toEqual([]);
  });

  /** Text as every writer may fold it: invisible controls dropped, whitespace runs one space. */
  const folded = (text: string | undefined) =>
    withoutInvisibles(text ?? '')
      .replace(/\s+/g, ' ')
      .trim();

  // A writer that drops a field it carries would pass the test above (both exports lack it): this one reads the fields.
  it.each(['bibtex', 'biblatex', 'ris', 'csl-json'] as const)(
    '%s keeps what its registry entry carries',
    async (id) => {
      const { carries } = formatById(id);
      const parsed = await parseReferences(formatReferences(id, keyed), `dogear.${formatById(id).extension}`);
      const lost: string[] = [];
      keyed.forEach((paper, index) => {
        const back = parsed.papers[index] as ReferencePaper | undefined;
        const name = `${keys[index]} (${paper.key})`;
        if (back?.key !== paper.key) lost.push(`${name}: read back as ${back?.key}`);
        if (back?.citeKey !== keys[index] && 'citeKeys' in formatById(id))
          lost.push(`${name}: cite key ${back?.citeKey}`);
        if (carries.note && folded(back?.note) !== folded(paper.note)) lost.push(`${name}: note ${back?.note}`);
        if (carries.abstract && folded(back?.abstract) !== folded(paper.abstract)) {
          lost.push(`${name}: abstract ${back?.abstract}`);
        }
        if (carries.tags && JSON.stringify(back?.tags ?? []) !== JSON.stringify(paper.tags ?? [])) {
          lost.push(`${name}: tags ${JSON.stringify(back?.tags)}, stored ${JSON.stringify(paper.tags)}`);
        }
        // As precisely as Dogear knows the date (lib/paper/dates.ts knownDate: the arXiv id's month counts), to the
        // day, but to the month in BibTeX, which has year and month fields only.
        const date = (of: Pick<Paper, 'key' | 'arxivId' | 'published'> | undefined) => {
          const known = of === undefined ? undefined : knownDate(of);
          return id === 'bibtex' && known !== undefined ? `${known.year}-${known.month ?? ''}` : JSON.stringify(known);
        };
        if (date(back) !== date(paper)) lost.push(`${name}: date ${date(back)}, stored ${date(paper)}`);
        if (back?.doi !== paper.doi) lost.push(`${name}: doi ${back?.doi}, stored ${paper.doi}`);
      });
      expect(lost).toEqual([]);
    },
  );
});

describe('round trip: JSON backup → import', () => {
  const source: Source = { site: 'huggingface', url: 'https://huggingface.co/papers' };

  async function library(): Promise<AppDB> {
    const db = new AppDB('dogear', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    await saveMany(
      db,
      [
        {
          key: 'arxiv:2401.00001',
          arxivId: '2401.00001',
          title: 'Saved $x$',
          authors: ['李华'],
          subjects: ['cs.LG'],
          version: 2,
        },
      ],
      source,
      NOW - 50,
    );
    await markSeen(
      db,
      [{ key: 'arxiv:2401.00002', title: 'Seen only', authors: [], subjects: [] }],
      source,
      'mark-7',
      NOW - 40,
    );
    await markOpened(db, { key: 'doi:10.1000/abc', title: 'Opened', authors: ['A B'], subjects: [] }, source, NOW - 30);
    await setNote(db, 'arxiv:2401.00001', 'A note\n\nwith paragraphs', NOW - 20);
    await setTags(db, 'arxiv:2401.00002', ['x', 'Y'], NOW - 10);
    return db;
  }

  it('restores every record identically into an empty library', async () => {
    const source = await library();
    const original = await source.papers.toArray();
    const text = await toBackup({ papers: original }, NOW);
    source.close();

    const target = new AppDB('dogear', { indexedDB: new IDBFactory(), IDBKeyRange });
    await target.open();
    const parsed = await parseImport('dogear-2026-12-01.json', text);
    expect(parsed.format).toBe('backup');
    const plan = await previewImport(target, parsed, NOW + 1000);
    expect(plan.summary).toBe('3 new, 0 merged, 0 rejected');
    await applyImport(target, plan);
    expect(canonicalJson(await target.papers.toArray())).toBe(canonicalJson(original));
    target.close();
  });

  it('changes nothing when imported into the library it came from', async () => {
    const db = await library();
    const original = canonicalJson(await db.papers.toArray());
    const parsed = await parseImport('dogear.json', await toBackup({ papers: await db.papers.toArray() }, NOW));
    const plan = await previewImport(db, parsed, NOW + 1000);
    expect(plan.summary).toBe('0 new, 0 merged, 0 rejected, 3 unchanged');
    expect(plan.conflicts).toEqual([]);
    await applyImport(db, plan);
    expect(canonicalJson(await db.papers.toArray())).toBe(original);
    db.close();
  });
});
