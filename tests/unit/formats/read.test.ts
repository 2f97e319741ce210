import { describe, expect, it } from 'vitest';
import { readBackup } from '../../../lib/formats/json-backup/read.ts';
import { toBackup } from '../../../lib/formats/json-backup/write.ts';
import { detectFormat, parseImport } from '../../../lib/formats/read.ts';
import { ImportFileError } from '../../../lib/formats/types.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import { asyncErrorOf, fixture } from './load.ts';

const NOW = Date.UTC(2026, 11, 1);
const paper: Paper = { key: 'arxiv:2401.00001', title: 'T', authors: [], subjects: [], createdAt: 1, updatedAt: 2 };

describe('detectFormat', () => {
  it.each([
    ['arxiv.bib', fixture('arxiv-export.bib'), 'bibtex'],
    ['export.txt', fixture('zotero.bib'), 'bibtex'],
    ['x', '\uFEFF  % comment\n@Article{a, title={x}}', 'bibtex'],
    ['zotero.ris', fixture('zotero.ris'), 'ris'],
    ['download', 'Provider: X\r\n\r\nTY  - JOUR\r\nER  - \r\n', 'ris'],
    ['zotero.json', fixture('zotero-csl.json'), 'csl-json'],
    ['items', '  [ ]', 'csl-json'],
    ['dogear-2026-12-01.json', '{\n  "format": "dogear-backup",\n  "schemaVersion": 1 }', 'json'],
    // A BibTeX abstract that contains a RIS-looking line later still reads as BibTeX, and vice versa.
    ['a', '@misc{a,\nabstract={\nTY  - not ris}}', 'bibtex'],
    ['b', 'TY  - GEN\nN1  - see\n@misc{x}\nER  - ', 'ris'],
    ['empty.bib', '', 'bibtex'],
    ['refs.RIS', 'nothing recognisable', 'ris'],
    ['notes.txt', 'nothing recognisable', undefined],
    ['noextension', '', undefined],
  ])('%s', (name, text, format) => {
    expect(detectFormat(name, text)).toBe(format);
  });
});

describe('parseImport', () => {
  it('reads each format and says which it was', async () => {
    expect((await parseImport('a.bib', fixture('arxiv-export.bib'))).format).toBe('bibtex');
    expect((await parseImport('a.ris', fixture('zotero.ris'))).format).toBe('ris');
    const csl = await parseImport('a.json', fixture('zotero-csl.json'));
    expect(csl.format).toBe('csl-json');
    expect([csl.items.length, csl.rejected.length]).toEqual([2, 2]);
  });

  it('reads a backup losslessly', async () => {
    const parsed = await parseImport('dogear.json', await toBackup({ papers: [paper] }, NOW));
    expect(parsed).toEqual({ format: 'backup', items: [paper], rejected: [], sightings: [] });
  });

  it('reads a backup with sightings (schema 2)', async () => {
    const sighting = {
      id: 's-1',
      paperKey: paper.key,
      site: 'arxiv-listing',
      url: 'https://arxiv.org/list/cs.LG/new',
      at: 5,
    };
    const parsed = await parseImport('dogear.json', await toBackup({ papers: [paper], sightings: [sighting] }, NOW));
    expect(parsed).toEqual({ format: 'backup', items: [paper], rejected: [], sightings: [sighting] });
  });

  it('throws a named error for an empty file or an unknown format', async () => {
    expect((await asyncErrorOf(() => parseImport('refs.bib', ' \n'))).message).toBe('refs.bib is empty');
    const unknown = await asyncErrorOf(() => parseImport('notes.txt', 'hello'));
    expect(unknown).toBeInstanceOf(ImportFileError);
    expect(unknown.message).toBe(
      'notes.txt is not a format Dogear imports: expected BibTeX (.bib), RIS (.ris), CSL-JSON or a Dogear backup (.json)',
    );
  });
});

describe('readBackup', () => {
  it('passes on parseBackup’s messages as ImportFileErrors (checksum, JSON line, record)', async () => {
    const text = await toBackup({ papers: [paper] }, NOW);
    const edited = text.replace('"title":"T"', '"title":"Edited"');
    const checksum = await asyncErrorOf(() => readBackup(edited));
    expect(checksum).toBeInstanceOf(ImportFileError);
    expect(checksum.message).toMatch(/^Backup checksum mismatch/);

    const broken = await asyncErrorOf(() => readBackup(text.replace('"papers": 1', '"papers": 1,,')));
    expect(broken).toBeInstanceOf(ImportFileError);
    expect(broken.message).toMatch(/^Backup is not valid JSON at line 6, column \d+/);
    expect((broken as ImportFileError).line).toBe(6);
  });
});
