import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedImport, ImportedPaper } from '../../../lib/formats/types.ts';

/** A file of tests/unit/formats/fixtures (real exports of other tools), as text. */
export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
}

/** The message of the error `run` throws (fails when it does not throw). */
export function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

export async function asyncErrorOf(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** The entries of a parsed BibTeX, RIS or CSL-JSON file (not a backup). */
export function entriesOf(parsed: ParsedImport): ImportedPaper[] {
  if (parsed.format === 'backup') throw new Error('expected a BibTeX, RIS or CSL-JSON file, got a backup');
  return parsed.items;
}
