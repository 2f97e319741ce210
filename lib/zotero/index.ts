/**
 * Which of Dogear's papers the user's Zotero library has: the Dogear keys (lib/paper/ids.ts) a Zotero item names, and
 * an index from paper key to Zotero item key kept up to date from the Web API's (or local API's) incremental reads
 * (web-api.ts itemVersions, items, deleted).
 *
 * An item names a paper by its DOI (arXiv's DataCite DOI `10.48550/arXiv.<id>` is the arXiv paper), its `archiveID`
 * (`arXiv:<id>`, as the arXiv translator writes it), its URL (an arXiv, DOI, OpenReview, Anthology, PubMed, Semantic
 * Scholar or dblp page, or a Dogear `url:` paper's address), and the `Key: value` lines of Extra (`arXiv:`, `PMID:`,
 * `DOI:`), where Zotero and its translators keep identifiers that have no field.
 */
import { keyFromDoi, parseArxivId, arxivKey, type PaperKey, urlKey } from '../paper/ids.ts';

/** The index: the library version it is current to, and for each paper key one Zotero item that has it. */
export interface ZoteroIndex {
  version: number;
  keys: Record<string, string>;
}

export function emptyZoteroIndex(): ZoteroIndex {
  return { version: 0, keys: {} };
}

/** Item types that are never a paper of their own (children of one). */
const NOT_PAPERS = new Set(['note', 'attachment', 'annotation']);

/** The Dogear keys one item's fields name, strongest first, without repeats. */
export function paperKeysOfZoteroItem(data: Readonly<Record<string, unknown>>): PaperKey[] {
  const keys = new Set<PaperKey>();
  const add = (key: PaperKey | undefined) => {
    if (key !== undefined) keys.add(key);
  };
  const field = (name: string): string => (typeof data[name] === 'string' ? (data[name] as string).trim() : '');

  const archiveId = /^arxiv:\s*(\S+)$/i.exec(field('archiveID'));
  if (archiveId) add(arxivKeyOf(archiveId[1]!));
  const extra = field('extra').slice(0, 10_000);
  for (const match of extra.matchAll(/^\s*arxiv\s*:\s*(\S+)/gim)) add(arxivKeyOf(match[1]!));
  if (field('DOI') !== '') add(keyFromDoi(field('DOI')));
  for (const match of extra.matchAll(/^\s*doi\s*:\s*(\S+)/gim)) add(keyFromDoi(match[1]!));
  const pmid = /^\d{1,9}$/.test(field('PMID')) ? field('PMID') : /^\s*pmid\s*:\s*(\d{1,9})\s*$/im.exec(extra)?.[1];
  if (pmid !== undefined && /^[1-9]/.test(pmid)) add(`pmid:${pmid}`);
  if (/^https?:\/\//i.test(field('url'))) add(urlKey(field('url')));
  return [...keys];
}

function arxivKeyOf(text: string): PaperKey | undefined {
  const parsed = parseArxivId(text);
  return parsed === undefined ? undefined : arxivKey(parsed.id);
}

/** What one round of incremental reads brought. */
export interface ZoteroChanges {
  /** The library version after these changes (`Last-Modified-Version`). */
  version: number;
  /** The changed items, in full (`items(…)` of the keys `itemVersions` listed). */
  items: ReadonlyArray<{ key: string; data: Readonly<Record<string, unknown>> }>;
  /** Keys of items deleted since the index's version (`deleted(…)`). */
  deleted: readonly string[];
}

/**
 * The index with `changes` applied: entries of changed or deleted items are dropped, then every changed item that is a
 * paper (not a note, an attachment or in the trash) adds the keys it names. Pure: a new index.
 */
export function applyZoteroChanges(index: ZoteroIndex, changes: ZoteroChanges): ZoteroIndex {
  const touched = new Set([...changes.deleted, ...changes.items.map((item) => item.key)]);
  const keys: Record<string, string> = {};
  for (const [paperKey, itemKey] of Object.entries(index.keys)) {
    if (!touched.has(itemKey)) keys[paperKey] = itemKey;
  }
  const deleted = new Set(changes.deleted);
  for (const item of changes.items) {
    if (deleted.has(item.key)) continue;
    const { itemType, deleted: inTrash } = item.data;
    if (typeof itemType === 'string' && NOT_PAPERS.has(itemType)) continue;
    if (inTrash === true || inTrash === 1) continue;
    for (const paperKey of paperKeysOfZoteroItem(item.data)) keys[paperKey] ??= item.key;
  }
  return { version: Math.max(index.version, changes.version), keys };
}

/** Whether the index says Zotero has this paper: the item key, or undefined. */
export function zoteroItemOf(index: ZoteroIndex, paperKey: string): string | undefined {
  return Object.hasOwn(index.keys, paperKey) ? index.keys[paperKey] : undefined;
}
