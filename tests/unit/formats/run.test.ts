import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseBackup } from '../../../lib/formats/json-backup/read.ts';
import { toBackup } from '../../../lib/formats/json-backup/write.ts';
import { formatReferences } from '../../../lib/formats/index.ts';
import type { FormatId } from '../../../lib/formats/registry.ts';
import { EXPORT_CHUNK_SIZE, runExport } from '../../../lib/formats/run.ts';
import type { Paper, Sighting } from '../../../lib/paper/model.ts';
import { hardCases } from './papers.ts';

const NOW = Date.UTC(2026, 10, 30, 12);

/** More papers than one chunk, with cite-key clashes across chunk boundaries (every paper has the same base key). */
const many: Paper[] = Array.from({ length: EXPORT_CHUNK_SIZE * 2 + 17 }, (_, n) => {
  const template = hardCases[n % hardCases.length]!;
  const id = `2401.${String(n + 1).padStart(5, '0')}`;
  return {
    ...template,
    key: `arxiv:${id}`,
    arxivId: id,
    title: n % 3 === 0 ? 'Same Title' : template.title,
    authors: ['Ada Lovelace'],
  };
});

const TEXT_FORMATS: FormatId[] = ['bibtex', 'biblatex', 'ris', 'csl-json', 'csv', 'markdown'];

describe('runExport', () => {
  it.each(TEXT_FORMATS)('%s: chunked output equals the writer’s, with progress from 0 to total', async (id) => {
    const progress: Array<[number, number]> = [];
    const output = await runExport(id, many, { onProgress: (done, total) => progress.push([done, total]) });
    expect(output).toBe(formatReferences(id, many));
    expect(progress[0]).toEqual([0, many.length]);
    expect(progress.at(-1)).toEqual([many.length, many.length]);
    expect(progress.length).toBeGreaterThan(3);
    for (let index = 1; index < progress.length; index += 1)
      expect(progress[index]![0]).toBeGreaterThan(progress[index - 1]![0]);
  });

  it.each(TEXT_FORMATS)('%s: small and empty lists too', async (id) => {
    expect(await runExport(id, hardCases)).toBe(formatReferences(id, hardCases));
    expect(await runExport(id, [])).toBe(formatReferences(id, []));
  });

  it('writes the Obsidian zip with the same files', async () => {
    const bytes = (await runExport('markdown-zip', hardCases)) as Uint8Array;
    const expected = unzipSync(formatReferences('markdown-zip', hardCases));
    const actual = unzipSync(bytes);
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const name of Object.keys(expected)) expect(strFromU8(actual[name]!)).toBe(strFromU8(expected[name]!));
  });

  it('json: the backup of the given papers and only their sightings', async () => {
    const papers = hardCases.slice(0, 2);
    const sighting = (id: string, paperKey: string): Sighting => ({
      id,
      paperKey,
      site: 'huggingface',
      url: 'https://huggingface.co/papers',
      at: NOW,
    });
    const sightings = [
      sighting('s1', papers[0]!.key),
      sighting('s2', 'arxiv:2401.99999'),
      sighting('s3', papers[1]!.key),
    ];
    const text = (await runExport('json', papers, { sightings, now: NOW })) as string;
    expect(text).toBe(await toBackup({ papers, sightings: [sightings[0]!, sightings[2]!] }, NOW));
    expect((await parseBackup(text)).sightings.map((found) => found.id)).toEqual(['s1', 's3']);
  });

  it('keeps persisted cite keys and never gives their key to another paper', async () => {
    const keyed = many.map((paper, n) => (n === many.length - 1 ? { ...paper, citeKey: 'lovelace2017same' } : paper));
    const output = (await runExport('bibtex', keyed)) as string;
    const keys = [...output.matchAll(/^@misc\{([^,]+),/gm)].map((match) => match[1]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.at(-1)).toBe('lovelace2017same');
    expect(keys.filter((key) => key === 'lovelace2017same')).toHaveLength(1);
  });

  it('yields to the event loop during a long export', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    const big = Array.from({ length: 24 }, () => many).flat();
    await runExport('csv', big);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
