/**
 * Real files from other tools (tests/unit/formats/fixtures/: arXiv's BibTeX, Zotero and Better BibTeX exports, Google
 * Scholar, DataCite, Zotero CSL-JSON, RIS), imported as the import panel imports them: read (lib/formats/read.ts),
 * previewed and applied (lib/db/import-repo.ts) into one library in fake-indexeddb, file after file. Every entry
 * becomes a paper or a rejection with a reason; the library that results is exported and compiled like the first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDB } from '../../lib/db/app-db.ts';
import { applyImport, previewImport } from '../../lib/db/import-repo.ts';
import { parseImport } from '../../lib/formats/read.ts';
import type { Paper } from '../../lib/paper/model.ts';
import { CREATED_AT } from './library.ts';
import type { Failure } from './report.ts';

export const IMPORT_FIXTURES = new URL('../unit/formats/fixtures/', import.meta.url).pathname;

/** How many entries a file holds, counted without Dogear's readers. */
export function entryCount(name: string, text: string): number {
  if (/\.(bib|biblatex|bibtex)$/.test(name)) {
    return [...text.matchAll(/^\s*@\s*(\w+)\s*[{(]/gm)].filter(
      (match) => !/^(string|comment|preamble)$/i.test(match[1]!),
    ).length;
  }
  if (/\.ris$/.test(name)) return [...text.matchAll(/^TY {2}-/gm)].length;
  const json: unknown = JSON.parse(text);
  return Array.isArray(json) ? json.length : 1;
}

export interface ImportedLibrary {
  papers: Paper[];
  /** Per file: entries, entries read as papers, rejected (by the reader or the plan), and the rejection reasons. */
  files: Array<{ name: string; entries: number; imported: number; rejected: number; reasons: string[] }>;
  failures: Failure[];
}

export async function importFixtures(): Promise<ImportedLibrary> {
  const names = readdirSync(IMPORT_FIXTURES)
    .filter((name) => /\.(bib|biblatex|bibtex|ris|json)$/.test(name))
    .sort();
  const db = new AppDB('dogear-interop', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  const files: ImportedLibrary['files'] = [];
  const failures: Failure[] = [];
  for (const [position, name] of names.entries()) {
    const text = readFileSync(join(IMPORT_FIXTURES, name), 'utf8');
    const fail = (entry: string, message: string) =>
      failures.push({ format: name, consumer: 'Dogear import', entry, message });
    try {
      const parsed = await parseImport(name, text);
      const entries = entryCount(name, text);
      const plan = await previewImport(db, parsed, CREATED_AT + position);
      await applyImport(db, plan);
      files.push({
        name,
        entries,
        imported: parsed.items.length,
        rejected: plan.rejected.length,
        reasons: plan.rejected.map((rejection) => `entry ${rejection.index + 1}: ${rejection.reason}`),
      });
      if (parsed.items.length + parsed.rejected.length !== entries) {
        fail('(file)', `${entries} entries, ${parsed.items.length} read + ${parsed.rejected.length} rejected`);
      }
      for (const rejection of plan.rejected) {
        if (rejection.reason.trim() === '') fail(`entry ${rejection.index + 1}`, 'rejected without a reason');
      }
      const rejected = new Set(plan.rejected.map((rejection) => rejection.index));
      const stored = new Set((await db.papers.toArray()).map((paper) => paper.key));
      parsed.items.forEach((item, index) => {
        const key = 'createdAt' in item ? item.key : item.paper.key;
        const at = 'createdAt' in item ? index : item.index;
        if (!stored.has(key) && !rejected.has(at)) fail(key, 'read, neither stored nor rejected');
      });
    } catch (error) {
      files.push({ name, entries: 0, imported: 0, rejected: 0, reasons: [] });
      fail('(file)', `cannot be imported: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const papers = await db.papers.toArray();
  db.close();
  return { papers, files, failures };
}
