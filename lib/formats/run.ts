/**
 * Runs an export for the UI: every registry format behind one async call that yields to the event loop between slices,
 * so the page can paint a progress bar while 100,000 papers are written.
 *
 * The output equals the format's own `write` for the same papers: a format with a `splice` writes a header plus one
 * piece per paper, so the slices' outputs are spliced (the CSV header and BOM once, the CSL-JSON array brackets once,
 * the Markdown title once); any other format (the zip, the backup) is written in one step. For a format whose file
 * names papers by cite key, the keys are fixed for the whole list first (lib/paper/cite-keys.ts citeKeysFor), so slices
 * cannot give two papers the same key.
 */
import type { Paper } from '../paper/model.ts';
import { citeKeysFor } from '../paper/cite-keys.ts';
import { formatById, type FormatId } from './registry.ts';
import type { Format, WriteOptions } from './types.ts';

/** Papers per writer call. Small enough that one call stays well under a frame at ~10 µs per paper. */
export const EXPORT_CHUNK_SIZE = 1000;

/** Yield at most this often: each yield costs a task (setTimeout is clamped to ≥ 4 ms once nested). */
const YIELD_EVERY_MS = 40;

export interface RunExportOptions extends WriteOptions {
  /** Called with the number of papers written so far, first with 0 and last with total. */
  onProgress?: (done: number, total: number) => void;
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The papers with their cite keys fixed for the whole list, so writer calls on slices give the same keys. */
function withCiteKeys(papers: readonly Paper[]): Paper[] {
  const keys = citeKeysFor(papers);
  return papers.map((paper, index) => (paper.citeKey === keys[index] ? paper : { ...paper, citeKey: keys[index]! }));
}

/**
 * The file contents of `papers` in format `id`: a string, or bytes for the zip.
 *
 * Writes in slices of EXPORT_CHUNK_SIZE, yielding to the event loop between them about every 40 ms, and reports
 * progress after each. Formats without a splice (the zip, the backup with its checksum) are one step at the end.
 */
export async function runExport(
  id: FormatId,
  papers: readonly Paper[],
  options: RunExportOptions = {},
): Promise<string | Uint8Array> {
  const { onProgress, ...writeOptions } = options;
  const format: Format = formatById(id);
  const total = papers.length;
  onProgress?.(0, total);
  const keyed = format.citeKeys ? withCiteKeys(papers) : papers;
  const splice = format.splice;
  if (splice === undefined || keyed.length <= EXPORT_CHUNK_SIZE) {
    const whole = await format.write(keyed, writeOptions);
    onProgress?.(total, total);
    return whole;
  }
  const parts: string[] = [];
  let lastYield = Date.now();
  for (let start = 0; start < total; start += EXPORT_CHUNK_SIZE) {
    const end = Math.min(start + EXPORT_CHUNK_SIZE, total);
    let text = format.write(keyed.slice(start, end), writeOptions);
    if (typeof text !== 'string') throw new TypeError(`The ${id} format has a splice, so its writer must return text`);
    if (start > 0) text = splice.joiner + text.slice(splice.header.length);
    if (end < total && splice.trailer !== '') text = text.slice(0, text.length - splice.trailer.length);
    parts.push(text);
    onProgress?.(end, total);
    if (end < total && Date.now() - lastYield >= YIELD_EVERY_MS) {
      await nextTask();
      lastYield = Date.now();
    }
  }
  return parts.join('');
}
