/**
 * Import & export for the extension pages (lib/app/transfer.ts) on fake IndexedDB, with the download captured: a file
 * names papers by cite key exactly when its registry entry says `citeKeys`, the keys it was written with are the ones
 * stored afterwards, and an import's own keys are the ones later exports use.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import { formats, type FormatId } from '../../../lib/formats/registry.ts';
import type { Format } from '../../../lib/formats/types.ts';
import type { Paper } from '../../../lib/paper/model.ts';
import { fixture } from '../formats/load.ts';
import { makePaper } from '../../support/papers.ts';

const downloads: Array<{ content: string | Uint8Array; fileName: string }> = [];
vi.mock('../../../lib/app/download.ts', () => ({
  downloadFile: (content: string | Uint8Array, fileName: string) => void downloads.push({ content, fileName }),
}));
// Listing tabs are told through the extension API, which these tests do not have.
vi.mock('../../../lib/app/announce.ts', () => ({ announceChanged: async () => {} }));
// So is the sync schedule an import asks for (extension storage and alarms); a call is all there is to see.
const { syncSoon } = vi.hoisted(() => ({ syncSoon: vi.fn(async () => {}) }));
vi.mock('../../../lib/app/sync/schedule.ts', () => ({ syncSoon }));

const { applyPreview, exportPapers, keepNewCiteKeys, previewFile } = await import('../../../lib/app/transfer.ts');

let db: AppDB;
beforeEach(async () => {
  downloads.length = 0;
  // keepNewCiteKeys asks the page to stay while it stores keys.
  vi.stubGlobal('window', new EventTarget());
  db = new AppDB('dogear-app-transfer-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
});
afterEach(() => {
  vi.unstubAllGlobals();
  db.close();
});

const LIBRARY: Paper[] = [
  makePaper('1312.5602', {
    title: 'Playing Atari with Deep Reinforcement Learning',
    authors: ['Volodymyr Mnih'],
    published: '2013-12-19',
    savedAt: 1,
    citeKey: 'mnih_playing_2013',
  }),
  makePaper('2401.00001', { title: 'Human-like systematic generalization', authors: ['Brenden Lake'], savedAt: 2 }),
  makePaper('doi:10.1101/2021.08.03.454978', { title: 'A bioRxiv preprint', authors: ['Kim Lee'], savedAt: 3 }),
];

/** The cite keys a downloaded file names its papers by, in file order; undefined for a format that names none. */
function keysInFile(id: FormatId, content: string | Uint8Array): string[] | undefined {
  switch (id) {
    case 'bibtex':
    case 'biblatex':
      return [...(content as string).matchAll(/^@\w+\{([^,]+),/gm)].map((match) => match[1]!);
    case 'csl-json': {
      const items = JSON.parse(content as string) as Array<{ id: string; 'citation-key': string }>;
      for (const item of items) expect(item['citation-key']).toBe(item.id);
      return items.map((item) => item.id);
    }
    case 'markdown-zip':
      return Object.keys(unzipSync(content as Uint8Array)).map((name) => name.replace(/\.md$/, ''));
    default:
      return undefined;
  }
}

async function storedKeys(): Promise<Map<string, string | undefined>> {
  return new Map((await db.papers.toArray()).map((paper) => [paper.key, paper.citeKey]));
}

describe('exports with cite keys', () => {
  it.each((formats as readonly Format[]).map((format) => [format.id as FormatId, format.citeKeys === true] as const))(
    '%s: gives and keeps keys only when its entry says citeKeys (%s)',
    async (id, citeKeys) => {
      await db.papers.bulkPut(LIBRARY);
      const result = await exportPapers(db, id, { kind: 'all' });
      if (!result.ok) throw new Error(result.error);
      expect(result.value.newCiteKeys.size).toBe(citeKeys ? 2 : 0);
      const kept = await keepNewCiteKeys(db, result.value.newCiteKeys);
      expect(kept).toEqual({ ok: true, value: citeKeys ? 2 : 0 });
      const stored = await storedKeys();
      expect([...stored.values()].filter((key) => key !== undefined)).toHaveLength(citeKeys ? 3 : 1);
      if (!citeKeys) return;
      // The file names every paper by exactly the key now stored, the imported one first among them.
      const inFile = keysInFile(id, downloads[0]!.content);
      expect(inFile).toEqual([...stored.values()]);
      expect(inFile).toContain('mnih_playing_2013');
      // And a second export of the same papers is written with the same keys, giving none.
      const again = await exportPapers(db, id, { kind: 'all' });
      if (!again.ok) throw new Error(again.error);
      expect(again.value.newCiteKeys.size).toBe(0);
      expect(keysInFile(id, downloads[1]!.content)).toEqual(inFile);
    },
  );

  it("an imported file's own keys are the keys of every later export", async () => {
    const preview = await previewFile(db, 'zotero.bib', fixture('zotero.bib'));
    if (!preview.ok) throw new Error(preview.error);
    expect(await applyPreview(db, preview.value)).toMatchObject({ ok: true, added: 4 });
    expect(syncSoon).toHaveBeenCalled();
    const result = await exportPapers(db, 'bibtex', { kind: 'all' });
    if (!result.ok) throw new Error(result.error);
    expect(result.value.newCiteKeys.size).toBe(0);
    expect(keysInFile('bibtex', downloads[0]!.content)?.sort()).toEqual([
      'doe_biology_2021',
      'muller_lipschitz_2024',
      'smith_graphs_2021',
      'vaswani_attention_2023',
    ]);
  });
});
