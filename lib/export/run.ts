/**
 * Runs an export for the UI: every format (the JSON backup included) behind one async call that yields to the event
 * loop between chunks, so the page can paint a progress bar while 100,000 papers are written (issue #4, "A progress
 * bar for long exports").
 *
 * The output equals the writer's own (`exportPapers`, `toBackup`) for the same papers: each writer's output is a
 * header plus one piece per paper, so the chunks' outputs are spliced (CSV header and BOM once, CSL-JSON array
 * brackets once, the Markdown title once). Cite keys are computed for the whole list first (bibtex.ts citeKeysFor),
 * so chunks cannot give two papers the same key.
 */
import type { Paper, Sighting } from '../model.ts';
import { citeKeysFor } from './bibtex.ts';
import { exportPapers, type ExporterId, type PaperExporterId } from './index.ts';
import { toBackup } from './json-backup.ts';

/** Papers per writer call. Small enough that one call stays well under a frame at ~10 µs per paper. */
export const EXPORT_CHUNK_SIZE = 1000;

/** Yield at most this often: each yield costs a task (setTimeout is clamped to ≥ 4 ms once nested). */
const YIELD_EVERY_MS = 40;

export interface RunExportOptions {
  /** For `'json'`: the sightings to back up; only those of the given papers are written. */
  sightings?: readonly Sighting[];
  /** Called with the number of papers written so far, first with 0 and last with total. */
  onProgress?: (done: number, total: number) => void;
  /** Epoch ms written as the backup's `exportedAt`. */
  now?: number;
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The papers with their cite keys fixed for the whole list, so chunked writer calls give the same keys. */
function withCiteKeys(papers: readonly Paper[]): Paper[] {
  const keys = citeKeysFor(papers);
  return papers.map((paper, index) => (paper.citeKey === keys[index] ? paper : { ...paper, citeKey: keys[index]! }));
}

/** How to splice chunk outputs of a text writer into the whole file's. */
interface Splice {
  /** Output of the first chunk is kept whole; later chunks drop `header` from their start. */
  header: string;
  /** Put between the first chunk's (or the accumulated) output and a later chunk's remainder. */
  joiner: string;
  /** Cut from the end of every chunk but the last. */
  trailer: string;
}

const SPLICES: Record<Exclude<PaperExporterId, 'markdown-zip'>, Splice> = {
  // Entries separated by a blank line, the file ending with one newline.
  bibtex: { header: '', joiner: '\n', trailer: '' },
  biblatex: { header: '', joiner: '\n', trailer: '' },
  ris: { header: '', joiner: '', trailer: '' },
  // BOM + header row once.
  csv: { header: exportPapers('csv', []) as string, joiner: '', trailer: '' },
  // `[\n  {…},\n  {…}\n]\n`: open once, close once, items joined by `,\n`.
  'csl-json': { header: '[\n', joiner: ',\n', trailer: '\n]\n' },
  // `# Dogear papers\n\n<section>\n\n<section>\n`
  markdown: { header: '# Dogear papers\n\n', joiner: '\n', trailer: '' },
};

/**
 * The file contents of `papers` in format `id`: a string, or bytes for `markdown-zip`. `'json'` is the lossless
 * backup (toBackup) of the given papers and their sightings.
 *
 * Writes in chunks of EXPORT_CHUNK_SIZE, yielding to the event loop between them about every 40 ms, and reports
 * progress after each. The backup's checksum and the zip are one step each at the end.
 */
export async function runExport(
  id: ExporterId,
  papers: readonly Paper[],
  options: RunExportOptions = {},
): Promise<string | Uint8Array> {
  const { onProgress } = options;
  const total = papers.length;
  onProgress?.(0, total);
  if (id === 'json') {
    const keys = new Set(papers.map((paper) => paper.key));
    const sightings = (options.sightings ?? []).filter((sighting) => keys.has(sighting.paperKey));
    const text = await toBackup({ papers, sightings }, options.now ?? Date.now());
    onProgress?.(total, total);
    return text;
  }
  if (id === 'markdown-zip') {
    // One zip, written in one step: its central directory needs every file (fflate's zipSync).
    const bytes = exportPapers(id, withCiteKeys(papers));
    onProgress?.(total, total);
    return bytes;
  }
  const splice = SPLICES[id];
  const keyed = id === 'bibtex' || id === 'biblatex' || id === 'csl-json' || id === 'markdown' ? withCiteKeys(papers) : papers;
  if (keyed.length <= EXPORT_CHUNK_SIZE) {
    const text = exportPapers(id, keyed) as string;
    onProgress?.(total, total);
    return text;
  }
  const parts: string[] = [];
  let lastYield = Date.now();
  for (let start = 0; start < total; start += EXPORT_CHUNK_SIZE) {
    const end = Math.min(start + EXPORT_CHUNK_SIZE, total);
    let text = exportPapers(id, keyed.slice(start, end)) as string;
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
