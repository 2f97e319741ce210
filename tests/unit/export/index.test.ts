import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toBibtex } from '../../../lib/export/bibtex.ts';
import { toBiblatex } from '../../../lib/export/biblatex.ts';
import { toCslJson } from '../../../lib/export/csl-json.ts';
import { toCsv } from '../../../lib/export/csv.ts';
import {
  exportFileName,
  exportPapers,
  exporterById,
  exporters,
  type PaperExporterId,
} from '../../../lib/export/index.ts';
import { markdownNoteFiles, toMarkdown } from '../../../lib/export/markdown.ts';
import { toRis } from '../../../lib/export/ris.ts';
import { hardCases } from './fixtures.ts';

describe('exporters', () => {
  it('lists each format once with a dotless extension and a MIME type', () => {
    expect(exporters.map((exporter) => exporter.id)).toEqual([
      'bibtex',
      'biblatex',
      'ris',
      'csl-json',
      'csv',
      'markdown',
      'markdown-zip',
      'json',
    ]);
    for (const exporter of exporters) {
      expect(exporter.extension).toMatch(/^[a-z]+(?:\.[a-z]+)?$/);
      expect(exporter.mime).toMatch(/^(?:application|text)\/[a-z0-9.+-]+$/);
      expect(exporter.label).not.toBe('');
      expect(exporterById(exporter.id)).toBe(exporter);
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

describe('exportPapers', () => {
  it.each<[PaperExporterId, string]>([
    ['bibtex', toBibtex(hardCases)],
    ['biblatex', toBiblatex(hardCases)],
    ['ris', toRis(hardCases)],
    ['csl-json', toCslJson(hardCases)],
    ['csv', toCsv(hardCases)],
    ['markdown', toMarkdown(hardCases)],
  ])('%s runs its writer', (id, expected) => {
    expect(exportPapers(id, hardCases)).toBe(expected);
  });

  it('markdown-zip gives zip bytes', () => {
    const bytes = exportPapers('markdown-zip', hardCases);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Object.keys(unzipSync(bytes as Uint8Array))).toEqual(markdownNoteFiles(hardCases).map((file) => file.name));
  });

  it('refuses the JSON backup, which has its own asynchronous writer', () => {
    expect(() => exportPapers('json' as PaperExporterId, hardCases)).toThrow(/toBackup/);
  });

  it('covers every exporter but the backup', () => {
    for (const { id } of exporters) {
      if (id === 'json') continue;
      expect(() => exportPapers(id, [])).not.toThrow();
    }
  });
});
