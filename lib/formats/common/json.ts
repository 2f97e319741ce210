/**
 * JSON that fails with a message naming the line and column. Engines word JSON errors differently and V8 leaves the
 * position out of some ("Unexpected token '}', … is not valid JSON"), so a small scanner finds where the text first
 * breaks; it runs only after JSON.parse failed.
 */
import { ImportFileError } from '../types.ts';

/** `JSON.parse` that throws an ImportFileError naming the line and column of the first syntax error. */
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

class SyntaxOffset {
  constructor(readonly offset: number) {}
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Offset of the first JSON syntax error in `text`, or undefined if none is found. Iterative: no stack limit. */
function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxOffset(i);
  };
  const space = (): void => {
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i += 1;
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i += 1;
    for (;;) {
      const char = text[i];
      if (char === undefined || char < ' ') fail();
      if (char === '"') {
        i += 1;
        return;
      }
      if (char === '\\') {
        const escape = text[i + 1] ?? '';
        if (escape !== '' && '"\\/bfnrt'.includes(escape)) i += 2;
        else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail();
      } else {
        i += 1;
      }
    }
  };
  /** Open containers: `}` or `]`, innermost last. */
  const stack: Array<'}' | ']'> = [];
  try {
    space();
    for (;;) {
      // A value is expected here.
      space();
      const char = text[i];
      if (char === '{' || char === '[') {
        i += 1;
        space();
        const close = char === '{' ? '}' : ']';
        if (text[i] === close) {
          i += 1;
        } else {
          stack.push(close);
          if (close === '}') {
            string();
            space();
            if (text[i] !== ':') fail();
            i += 1;
          }
          continue;
        }
      } else if (char === '"') {
        string();
      } else {
        LITERAL.lastIndex = i;
        const literal = LITERAL.exec(text);
        if (!literal) fail();
        i += literal![0].length;
      }
      // After a value: close containers or move to the next member.
      for (;;) {
        space();
        const close = stack.at(-1);
        if (close === undefined) {
          return i < text.length ? i : undefined;
        }
        if (text[i] === close) {
          stack.pop();
          i += 1;
          continue;
        }
        if (text[i] !== ',') fail();
        i += 1;
        if (close === '}') {
          space();
          string();
          space();
          if (text[i] !== ':') fail();
          i += 1;
        }
        break;
      }
    }
  } catch (error) {
    if (error instanceof SyntaxOffset) return error.offset;
    throw error;
  }
}

/** Line and column (1-based) of the first syntax error in `text`, or undefined if none is found. */
export function jsonErrorLocation(text: string): { line: number; column: number } | undefined {
  const offset = jsonErrorOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
