/**
 * What the conformance suite found: one Failure per defect (format, consumer, entry, message), the counts of each
 * consumer run for the summary table, and the failure list written to a text file the format authors read.
 */
import { writeFileSync } from 'node:fs';
import { citeKeysFor } from '../../lib/paper/cite-keys.ts';
import type { Paper } from '../../lib/paper/model.ts';

export interface Failure {
  /** The Dogear export format, e.g. `bibtex`. */
  format: string;
  /** The program or check, e.g. `bibtex plain`, `pandoc --citeproc`. */
  consumer: string;
  /** `citeKey (paper key)`, or `(file)` for a finding about the whole file. */
  entry: string;
  message: string;
}

/** One row of the summary table. */
export interface Count {
  library: string;
  format: string;
  consumer: string;
  /** Entries given to the consumer. */
  entries: number;
  /** Entries it rendered, read back or kept whole. */
  ok: number;
  errors: number;
  warnings: number;
  /** Errors and warnings that are documented limits, not failures (named in `note`). */
  tolerated: number;
  failures: number;
  note?: string;
}

/** A paper of the exported library with the cite key its export gives it. */
export interface Entry {
  paper: Paper;
  citeKey: string;
  /** `citeKey (paper key)`: how failures name it. */
  name: string;
}

export function entriesOf(papers: readonly Paper[]): Entry[] {
  const keys = citeKeysFor(papers);
  return papers.map((paper, index) => ({ paper, citeKey: keys[index]!, name: `${keys[index]} (${paper.key})` }));
}

export const FILE = '(file)';

/** What one consumer check returns. */
export interface Outcome {
  failures: Failure[];
  counts: Count[];
}

/** The table printed at the end of the run. */
export function summaryTable(counts: readonly Count[]): string {
  const header = ['library', 'format', 'consumer', 'entries', 'ok', 'errors', 'warnings', 'tolerated', 'failures'];
  const rows = counts.map((count) => [
    count.library,
    count.format,
    count.consumer,
    String(count.entries),
    String(count.ok),
    String(count.errors),
    String(count.warnings),
    String(count.tolerated),
    String(count.failures),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  const notes = [
    ...new Set(
      counts.filter((count) => count.note).map((count) => `  ${count.format} ${count.consumer}: ${count.note}`),
    ),
  ];
  return [line(header), ...rows.map(line), ...(notes.length ? ['notes:', ...notes] : [])].join('\n');
}

/** One line per failure: `format | consumer | entry | message` (messages on one line). */
export function failureLines(failures: readonly Failure[]): string[] {
  return failures.map(
    (failure) =>
      `${failure.format} | ${failure.consumer} | ${failure.entry} | ${failure.message.replace(/\s*\n\s*/g, ' ⏎ ')}`,
  );
}

/** ` 12 bibtex | pandoc --citeproc` lines, most failures first. */
export function failureCounts(failures: readonly Failure[]): string[] {
  const counts = new Map<string, number>();
  for (const failure of failures) {
    const group = `${failure.format} | ${failure.consumer}`;
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([group, count]) => `${String(count).padStart(5)}  ${group}`);
}

/** Writes the failure list, the summary and `notes` (the import fixtures' counts, hints) to `path`. */
export function writeReport(
  path: string,
  failures: readonly Failure[],
  counts: readonly Count[],
  notes: readonly string[] = [],
): void {
  const text = [
    `Dogear conformance suite (npm run test:interop), ${new Date().toISOString()}`,
    `${failures.length} failures`,
    ...failureCounts(failures),
    '',
    ...failureLines(failures),
    '',
    summaryTable(counts),
    '',
    ...notes,
    '',
  ].join('\n');
  writeFileSync(path, text);
}
