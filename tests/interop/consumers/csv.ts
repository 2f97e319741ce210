/**
 * Dogear's CSV read back by Python's `csv` module (what pandas, scripts and many tools use): the same number of cells
 * in every row, and every cell equal to what Dogear meant to write (lib/formats/csv/write.ts `csvTable`, with the
 * formula guard's leading `'` on cells a spreadsheet would run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvTable } from '../../../lib/formats/csv/write.ts';
import { type Entry, FILE, type Failure, type Outcome } from '../report.ts';
import { run } from '../tools.ts';

const READ = [
  'import csv, json, sys',
  "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:",
  '    rows = list(csv.reader(f, strict=True))',
  'json.dump(rows, sys.stdout)',
].join('\n');

/** The cell as a spreadsheet-safe CSV holds it: text a spreadsheet would read as a formula starts with `'`. */
function guarded(value: string): string {
  return /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value;
}

export async function checkCsv(library: string, dir: string, csv: string, entries: readonly Entry[]): Promise<Outcome> {
  const format = 'csv';
  const consumer = 'python3 csv';
  const work = join(dir, 'csv');
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'library.csv'), csv);
  const failures: Failure[] = [];
  if (!csv.startsWith('\uFEFF')) failures.push({ format, consumer, entry: FILE, message: 'no UTF-8 byte order mark' });
  const result = await run('python3', ['-c', READ, 'library.csv'], { cwd: work });
  if (result.code !== 0) {
    failures.push({ format, consumer, entry: FILE, message: `python3 csv failed: ${result.stderr.slice(-600)}` });
  }
  const rows = result.code === 0 ? (JSON.parse(result.stdout) as string[][]) : [];
  const expected = csvTable(entries.map((entry) => entry.paper)).map((row) => row.map(guarded));
  if (rows.length !== expected.length) {
    failures.push({ format, consumer, entry: FILE, message: `${rows.length} rows read, ${expected.length} written` });
  }
  const header = expected[0]!;
  let ok = 0;
  rows.forEach((row, index) => {
    const entry = index === 0 ? FILE : (entries[index - 1]?.name ?? `row ${index + 1}`);
    const want = expected[index];
    if (want === undefined) return;
    const before = failures.length;
    if (row.length !== header.length) {
      failures.push({ format, consumer, entry, message: `${row.length} cells, header has ${header.length}` });
    }
    want.forEach((value, column) => {
      if (row[column] !== value) {
        failures.push({
          format,
          consumer,
          entry,
          message: `${header[column]}: read ${JSON.stringify(row[column])}, wrote ${JSON.stringify(value)}`,
        });
      }
    });
    if (index > 0 && failures.length === before) ok += 1;
  });
  return {
    failures,
    counts: [
      {
        library,
        format,
        consumer,
        entries: entries.length,
        ok,
        errors: result.code === 0 ? 0 : 1,
        warnings: 0,
        tolerated: 0,
        failures: failures.length,
      },
    ],
  };
}
