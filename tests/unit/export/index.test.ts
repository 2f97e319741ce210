import { describe, expect, it } from 'vitest';
import { exportFileName, exporterById, exporters } from '../../../lib/export/index.ts';

describe('exporters', () => {
  it('lists each format once with a dotless extension and a MIME type', () => {
    expect(exporters.map((exporter) => exporter.id)).toEqual(['bibtex', 'json']);
    for (const exporter of exporters) {
      expect(exporter.extension).toMatch(/^[a-z]+$/);
      expect(exporter.mime).toMatch(/^application\/[a-z-]+$/);
      expect(exporterById(exporter.id)).toBe(exporter);
    }
  });

  it.each([
    ['bibtex', new Date(2026, 10, 30, 23, 59), 'dogear-2026-11-30.bib'],
    ['json', new Date(2026, 0, 5, 0, 0), 'dogear-2026-01-05.json'],
    ['bibtex', new Date(999, 0, 1), 'dogear-0999-01-01.bib'],
  ] as const)('%s on %s → %s', (id, date, name) => {
    expect(exportFileName(id, date)).toBe(name);
  });
});
