/**
 * Property tests: whatever the input, the readers either return entries that are valid papers or throw an
 * ImportFileError with a message; nothing else escapes (no TypeError, no RangeError from deep nesting).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorsOf, parseBibtex, titleOf } from '../../../lib/formats/bibtex/read.ts';
import { decodeLatex } from '../../../lib/formats/common/latex-decode.ts';
import { parseCslJson } from '../../../lib/formats/csl-json/read.ts';
import { readBackup } from '../../../lib/formats/json-backup/read.ts';
import { parseImport } from '../../../lib/formats/read.ts';
import { parseRis } from '../../../lib/formats/ris/read.ts';
import { ImportFileError, type ParseResult } from '../../../lib/formats/types.ts';
import { planImport } from '../../../lib/transfer/plan.ts';
import { PaperCandidateSchema, PaperSchema } from '../../../lib/paper/model.ts';

const RUNS = { numRuns: Number(process.env.IMPORT_RUNS ?? 400) };

/** Runs `parse`; a thrown error must be a described ImportFileError. Returns the result, if any. */
function readsOrDescribes<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message.length).toBeGreaterThan(10);
    return undefined;
  }
}

async function readsOrDescribesAsync<T>(parse: () => Promise<T>): Promise<T | undefined> {
  try {
    return await parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message.length).toBeGreaterThan(5);
    return undefined;
  }
}

/** Every item is a valid candidate, every index is accounted for once, and a plan of them is storable. */
function checkResult(result: ParseResult | undefined): void {
  if (!result) return;
  for (const item of result.items) expect(PaperCandidateSchema.safeParse(item.paper).success).toBe(true);
  const indexes = [...result.items.map((item) => item.index), ...result.rejected.map((rejection) => rejection.index)];
  expect(new Set(indexes).size).toBe(indexes.length);
  const plan = planImport(new Map(), result.items, result.rejected, 1);
  for (const paper of plan.toAdd) expect(PaperSchema.safeParse(paper).success).toBe(true);
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);

/** Text built from the pieces of a format, so the generator reaches deep into the parser. */
function tokens(pieces: string[], maxLength = 60) {
  return fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength })
    .map((parts) => parts.join(''));
}

const bibtexish = tokens([
  '@misc{',
  '@article(',
  '@string{',
  '@comment{',
  '@preamble{',
  '@',
  '{',
  '}',
  '(',
  ')',
  '"',
  ',',
  '=',
  '#',
  ' ',
  '\n',
  '\r\n',
  'title',
  'author',
  'eprint',
  'archivePrefix',
  'arXiv',
  'doi',
  'url',
  'note',
  'keywords',
  'jan',
  ' and ',
  '2401.12345',
  '10.1000/x',
  'https://arxiv.org/abs/2401.12345v2',
  '\\"',
  "\\'",
  '\\o',
  '\\v',
  '\\',
  '$',
  '~',
  'Last, First',
  '李',
]);

const risish = tokens([
  'TY  - ',
  'ER  - ',
  'ER  -',
  'AU  - ',
  'TI  - ',
  'T1 - ',
  'DO  - ',
  'UR  - ',
  'KW  - ',
  'N1  - ',
  'AN  - ',
  'DA  - ',
  '\n',
  '\r\n',
  '\r',
  'GEN',
  'Last, First',
  'arXiv:2401.12345',
  '10.1000/x',
  '2024/01/22/',
  '<p>',
  '</p>',
  '&amp;',
  ' ',
]);

describe('readers never throw anything but a described ImportFileError', () => {
  it('BibTeX', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, bibtexish), (text) => {
        checkResult(readsOrDescribes(() => parseBibtex(text)));
      }),
      RUNS,
    );
  });

  it('RIS', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, risish), (text) => {
        checkResult(readsOrDescribes(() => parseRis(text)));
      }),
      RUNS,
    );
  });

  it('CSL-JSON (random text, random JSON, and CSL-shaped items)', () => {
    const cslItem = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer()),
        title: fc.oneof(fc.string(), fc.integer()),
        number: fc.constantFrom('arXiv:2401.12345', 'arXiv:bad', 42),
        DOI: fc.constantFrom('10.1000/x', 'nonsense', ''),
        URL: fc.string(),
        author: fc.array(
          fc.record({ family: fc.string(), given: fc.string(), literal: fc.string() }, { requiredKeys: [] }),
        ),
        issued: fc.record({ 'date-parts': fc.array(fc.array(fc.oneof(fc.integer(), fc.string()))) }),
        note: fc.string(),
        custom: fc.record({ tags: fc.array(fc.oneof(fc.string(), fc.record({ tag: fc.string() }))) }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          fc.json(),
          fc.array(fc.oneof(cslItem, fc.jsonValue())).map((items) => JSON.stringify(items)),
        ),
        (text) => {
          checkResult(readsOrDescribes(() => parseCslJson(text)));
        },
      ),
      RUNS,
    );
  });

  it('backups', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText, fc.json()), async (text) => {
        await readsOrDescribesAsync(() => readBackup(text));
      }),
      { numRuns: 200 },
    );
  });

  it('parseImport, whatever the file name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('a.bib', 'a.ris', 'a.json', 'a.txt', ''),
        fc.oneof(anyText, bibtexish, risish, fc.json()),
        async (name, text) => {
          await readsOrDescribesAsync(() => parseImport(name, text));
        },
      ),
      RUNS,
    );
  });

  it('the TeX decoder, title and author helpers never throw', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, bibtexish), (text) => {
        decodeLatex(text, 'tex');
        decodeLatex(text, 'plain');
        titleOf(text);
        authorsOf(text);
      }),
      RUNS,
    );
  });
});

describe('pathological inputs finish quickly', () => {
  const cases: Array<[string, string]> = [
    ['200 000 nested braces', `@misc{a, title={${'{'.repeat(200_000)}x${'}'.repeat(200_000)}}, eprint={2401.12345}}`],
    ['200 000 unmatched braces in a title', `@misc{a, title="${'{'.repeat(200_000)}"}`],
    [
      'a million spaces between authors',
      `@misc{a, title={T}, eprint={2401.12345}, author={A${' '.repeat(1_000_000)}and B}}`,
    ],
    ['100 000 dollar signs', `@misc{a, title={${'$'.repeat(100_000)}}, eprint={2401.12345}}`],
    ['100 000 backslashes', `@misc{a, title={${'\\'.repeat(100_000)}}, eprint={2401.12345}}`],
    ['100 000 @ signs', '@'.repeat(100_000)],
  ];
  it.each(cases)('%s', (_, text) => {
    const started = performance.now();
    readsOrDescribes(() => parseBibtex(text));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('5000 arXiv-shaped entries parse in well under a few seconds', () => {
    const entry = (n: number) =>
      `@misc{key${n},\n      title={Paper number ${n}: $\\mathcal{O}(n)$ for {BERT}}, \n      author={J{\\"u}rgen M{\\"u}ller and Ada Lovelace},\n      year={2024},\n      eprint={2401.${String(10_000 + n)}},\n      archivePrefix={arXiv},\n      primaryClass={cs.LG},\n}\n`;
    const text = Array.from({ length: 5000 }, (_, n) => entry(n)).join('\n');
    const started = performance.now();
    const { items, rejected } = parseBibtex(text);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(items).toHaveLength(5000);
    expect(rejected).toEqual([]);
  });
});
