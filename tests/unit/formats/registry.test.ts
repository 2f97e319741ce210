import { readdirSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toBiblatex } from '../../../lib/formats/biblatex/write.ts';
import { toBibtex } from '../../../lib/formats/bibtex/write.ts';
import { toCslJson } from '../../../lib/formats/csl-json/write.ts';
import { toCsv } from '../../../lib/formats/csv/write.ts';
import { markdownNoteFiles, toMarkdown } from '../../../lib/formats/markdown/write.ts';
import { parseBackup } from '../../../lib/formats/json-backup/read.ts';
import { exportFileName, formatById, formats, type FormatId } from '../../../lib/formats/registry.ts';
import { toRis } from '../../../lib/formats/ris/write.ts';
import { hardCases } from './papers.ts';

const NOW = Date.UTC(2026, 10, 30, 12);

describe('formats', () => {
  it('lists each format once with a dotless extension and a MIME type', () => {
    expect(formats.map((format) => format.id)).toEqual([
      'bibtex',
      'biblatex',
      'ris',
      'csl-json',
      'csv',
      'markdown',
      'markdown-zip',
      'json',
    ]);
    for (const format of formats) {
      expect(format.extension).toMatch(/^[a-z]+(?:\.[a-z]+)?$/);
      expect(format.mime).toMatch(/^(?:application|text)\/[a-z0-9.+-]+$/);
      expect(format.label).not.toBe('');
      expect(formatById(format.id)).toBe(format);
    }
  });

  it('registers every format folder (a folder beside registry.ts holds one format, `common/` what they share)', () => {
    const folders = readdirSync(new URL('../../../lib/formats/', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'common')
      .map((entry) => entry.name);
    const registry = readFileSync(new URL('../../../lib/formats/registry.ts', import.meta.url), 'utf8');
    for (const folder of folders) {
      expect(registry, `lib/formats/${folder}/ is not imported by registry.ts: add its entry there`).toContain(
        `'./${folder}/`,
      );
    }
  });

  it('lets every format it reads be found, by content or by extension', () => {
    for (const format of formats) {
      if (!('read' in format)) continue;
      expect(
        'detect' in format || 'readExtensions' in format,
        `${format.id} has a reader but no way to be recognised`,
      ).toBe(true);
    }
  });

  it.each([
    ['bibtex', new Date(2026, 10, 30, 23, 59), 'dogear-2026-11-30.bib'],
    ['json', new Date(2026, 0, 5, 0, 0), 'dogear-2026-01-05.json'],
    ['bibtex', new Date(999, 0, 1), 'dogear-0999-01-01.bib'],
    ['csl-json', new Date(2026, 10, 30), 'dogear-2026-11-30.csl.json'],
    ['ris', new Date(2026, 10, 30), 'dogear-2026-11-30.ris'],
    ['csv', new Date(2026, 10, 30), 'dogear-2026-11-30.csv'],
    ['markdown', new Date(2026, 10, 30), 'dogear-2026-11-30.md'],
    ['markdown-zip', new Date(2026, 10, 30), 'dogear-2026-11-30.zip'],
  ] as const)('%s on %s → %s', (id, date, name) => {
    expect(exportFileName(id, date)).toBe(name);
  });
});

describe('write', () => {
  it.each<[FormatId, string]>([
    ['bibtex', toBibtex(hardCases)],
    ['biblatex', toBiblatex(hardCases)],
    ['ris', toRis(hardCases)],
    ['csl-json', toCslJson(hardCases)],
    ['csv', toCsv(hardCases)],
    ['markdown', toMarkdown(hardCases)],
  ])('%s runs its writer', (id, expected) => {
    expect(formatById(id).write(hardCases, {})).toBe(expected);
  });

  it('markdown-zip gives zip bytes', () => {
    const bytes = formatById('markdown-zip').write(hardCases);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Object.keys(unzipSync(bytes))).toEqual(markdownNoteFiles(hardCases).map((file) => file.name));
  });

  it('json writes the backup of the given papers, asynchronously (its checksum uses Web Crypto)', async () => {
    const text = await formatById('json').write(hardCases, { now: NOW });
    expect((await parseBackup(text)).papers).toEqual(hardCases);
  });

  it('covers every format, and a format with a splice writes text at once', async () => {
    for (const format of formats) {
      const output = format.write([], {});
      if ('splice' in format) expect(typeof output).toBe('string');
      await expect(Promise.resolve(output)).resolves.toBeDefined();
    }
  });
});
