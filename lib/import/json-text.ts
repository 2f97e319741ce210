/**
 * `JSON.parse` that fails with an ImportFileError naming the line and column. Engines word JSON errors differently
 * and V8 leaves the position out of some, so the position comes from a small scanner run only after a failure.
 */
import { jsonErrorLocation } from '../json-position.ts';
import { ImportFileError } from './types.ts';

export { jsonErrorOffset } from '../json-position.ts';

export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = jsonErrorLocation(text);
    if (at === undefined) {
      throw new ImportFileError(`${what} is not valid JSON: ${(error as Error).message}`, undefined, { cause: error });
    }
    throw new ImportFileError(
      `line ${at.line}, column ${at.column}: ${what} is not valid JSON (${(error as Error).message})`,
      at.line,
      { cause: error },
    );
  }
}
