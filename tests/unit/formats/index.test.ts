/** The whole-file API of lib/formats/index.ts, once per registry format. */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { formatReferences, parseReferences } from '../../../lib/formats/index.ts';
import { formatById, formats } from '../../../lib/formats/registry.ts';
import { ImportFileError } from '../../../lib/formats/types.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import { asyncErrorOf } from './load.ts';
import { hardCases } from './papers.ts';

const NOW = Date.UTC(2026, 10, 30, 12);
const keys = hardCases.map((paper) => paper.key);

describe('formatReferences and parseReferences', () => {
  // A format added to the registry is written through this API at once.
  it.each(formats.map((format) => format.id))('%s: the file the registry’s writer gives', async (id) => {
    const expected = await formatById(id).write(hardCases, { now: NOW });
    expect(await formatReferences(id, hardCases, { now: NOW })).toEqual(expected);
  });

  it('bibtex: written and read back, each paper with its cite key', async () => {
    const text = formatReferences('bibtex', hardCases);
    expect(text).toMatch(/^@misc\{vaswani2017attention,\n/);
    const parsed = await parseReferences(text, 'refs.bib');
    expect(parsed.format).toBe('bibtex');
    expect(parsed.rejections).toEqual([]);
    expect(parsed.papers.map((paper) => paper.key)).toEqual(keys);
    expect(parsed.papers[0]).toMatchObject({ title: 'Attention Is All You Need', citeKey: 'vaswani2017attention' });
  });

  it('biblatex: written as UTF-8, read with the BibTeX reader, note and tags included', async () => {
    const text = formatReferences('biblatex', hardCases);
    expect(text).toContain('Jürgen Müller');
    const parsed = await parseReferences(text);
    expect(parsed.format).toBe('bibtex');
    expect(parsed.papers.map((paper) => paper.key)).toEqual(keys);
    expect(parsed.papers[0]).toMatchObject({
      note: 'Read section 3.2 again.',
      tags: ['transformers', 'NLP/attention', 'cs.LG', '2017'],
    });
  });

  it('ris: written and read back with notes and tags', async () => {
    const parsed = await parseReferences(formatReferences('ris', hardCases), 'refs.ris');
    expect(parsed.format).toBe('ris');
    expect(parsed.rejections).toEqual([]);
    expect(parsed.papers.map((paper) => paper.key)).toEqual(keys);
    expect(parsed.papers[0]).toMatchObject({
      note: 'Read section 3.2 again.',
      tags: ['transformers', 'NLP/attention', 'cs.LG', '2017'],
    });
  });

  it('csl-json: written and read back', async () => {
    const parsed = await parseReferences(formatReferences('csl-json', hardCases));
    expect(parsed.format).toBe('csl-json');
    expect(parsed.papers.map((paper) => paper.key)).toEqual(keys);
    expect(parsed.papers[1]).toMatchObject({
      title: 'Large Language Models for Classical Chinese Poetry',
      authors: ['李华', 'Wei Zhang'],
    });
  });

  it('json: the backup comes back as the same records', async () => {
    const text = await formatReferences('json', hardCases, { now: NOW });
    const parsed = await parseReferences(text, 'dogear.json');
    expect(parsed).toEqual({ papers: hardCases, rejections: [], format: 'json' });
  });

  it('csv, markdown: written, and not read (Dogear imports no spreadsheet or document)', async () => {
    const csv = formatReferences('csv', hardCases);
    expect(csv.startsWith('\ufefftitle,authors,')).toBe(true);
    const markdown = formatReferences('markdown', hardCases);
    expect(
      markdown.startsWith('# Dogear papers\n\n## [Attention Is All You Need](https://arxiv.org/abs/1706.03762)'),
    ).toBe(true);
    for (const [text, name] of [
      [csv, 'papers.csv'],
      [markdown, 'papers.md'],
    ] as const) {
      const error = await asyncErrorOf(() => parseReferences(text, name));
      expect(error).toBeInstanceOf(ImportFileError);
      expect(error.message).toMatch(/is not a format Dogear imports/);
    }
  });

  it('markdown-zip: bytes holding one note per paper', () => {
    const files = unzipSync(formatReferences('markdown-zip', hardCases));
    expect(Object.keys(files)).toHaveLength(hardCases.length);
    expect(strFromU8(files['vaswani2017attention.md']!)).toMatch(/^---\ntitle: "Attention Is All You Need"\n/);
  });

  it('lists rejected entries with their position and line', async () => {
    const text = [
      '@misc{good, title = {Fine}, eprint = {2401.00001}, archivePrefix = {arXiv}}',
      '',
      '@misc{nokey,',
      '  title = {No identifier}',
      '}',
    ].join('\n');
    const parsed = await parseReferences(text, 'refs.bib');
    expect(parsed.papers.map((paper) => paper.key)).toEqual(['arxiv:2401.00001']);
    expect(parsed.rejections).toEqual([{ entry: 2, line: 3, reason: expect.stringMatching(/^no arXiv id or DOI/) }]);
  });

  it('throws an ImportFileError naming the line when a file cannot be read', async () => {
    const error = await asyncErrorOf(() => parseReferences('@misc{a, title = {unclosed\n', 'broken.bib'));
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error.message).toMatch(/^line 1: /);
  });

  it('writes an empty list as each format’s empty file', async () => {
    const empty: Paper[] = [];
    expect(formatReferences('bibtex', empty)).toBe('');
    expect(formatReferences('csl-json', empty)).toBe('[]\n');
    expect(JSON.parse(await formatReferences('json', empty, { now: NOW })).counts).toEqual({ papers: 0, sightings: 0 });
  });
});
