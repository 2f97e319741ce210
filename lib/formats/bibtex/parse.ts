/**
 * BibTeX / BibLaTeX syntax: a small hand-written parser, since the libraries tried lost eprint fields and CJK names.
 *
 * `@type{key, field = value, …}` or `@type(key, …)`. A value is `{…}` (nested braces), `"…"` (braces inside may hold
 * `"`), a number, or a macro name (`@string` macros, and `jan`…`dec`), and pieces join with `#`. `@comment{…}` and
 * `@preamble{…}` are skipped; text outside entries is ignored, as BibTeX does. Field names and macros are
 * case-insensitive; the first of two same-named fields wins. Syntax errors throw an ImportFileError that names the line
 * and the entry, e.g. `line 12: unterminated value of field "title" in entry "smith2020"`: a file that does not parse
 * imports nothing, rather than part of itself.
 */
import { ImportFileError } from '../types.ts';

/** One parsed entry, fields lowercased, values with delimiters removed and `#` pieces joined (still TeX). */
export interface BibtexEntry {
  type: string;
  key: string;
  /** 1-based line of the `@`. */
  line: number;
  fields: Map<string, string>;
}

/** `jan` → `January`…: the month macros every BibTeX style defines. */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const IDENT = /[A-Za-z_][\w:.+/-]*/y;
const FIELD_NAME = /[^\s=,{}()"#%'@]+/y;
const KEY = /[^\s,{}()"=#%']*/y;
const NUMBER = /\d+/y;
/** A line that starts an entry: `@type{` or `@type(`, after optional blanks. */
const ENTRY_START_SOURCE = String.raw`[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]`;
const ENTRY_START = new RegExp(ENTRY_START_SOURCE, 'y');
const ENTRY_LINE = new RegExp(`^${ENTRY_START_SOURCE}`, 'm');

/** Where the first line that starts an entry begins in `text`, or undefined: how a BibTeX file is recognised. */
export function firstEntryAt(text: string): number | undefined {
  return ENTRY_LINE.exec(text)?.index;
}

/** Parses BibTeX text into entries. Throws ImportFileError on a syntax error. */
export function parseBibtexEntries(text: string): BibtexEntry[] {
  return new Parser(text).entries();
}

class Parser {
  private i = 0;
  private readonly lineStarts: number[] = [0];
  private readonly macros = new Map<string, string>(MONTHS.map((month) => [month.slice(0, 3).toLowerCase(), month]));

  constructor(private readonly text: string) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.lineStarts.push(at + 1);
  }

  /** 1-based line of an offset. */
  private lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  private fail(offset: number, message: string): never {
    const line = this.lineAt(offset);
    throw new ImportFileError(`line ${line}: ${message}`, line);
  }

  private skipSpace(): void {
    const { text } = this;
    while (this.i < text.length && /\s/.test(text[this.i]!)) this.i += 1;
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.i;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.i += found[0].length;
    return found[0];
  }

  /** `found "x"` / `found the end of the file`, for messages. */
  private found(): string {
    const char = this.text.codePointAt(this.i);
    return char === undefined ? 'found the end of the file' : `found ${JSON.stringify(String.fromCodePoint(char))}`;
  }

  entries(): BibtexEntry[] {
    const { text } = this;
    const entries: BibtexEntry[] = [];
    for (;;) {
      const at = text.indexOf('@', this.i);
      if (at === -1) return entries;
      this.i = at + 1;
      this.skipSpace();
      const type = this.match(IDENT)?.toLowerCase();
      this.skipSpace();
      const open = text[this.i];
      // `someone@example.org` in a comment between entries is not an entry: BibTeX ignores text outside entries.
      if (type === undefined || (open !== '{' && open !== '(')) continue;
      this.i += 1;
      const close = open === '{' ? '}' : ')';
      if (type === 'comment') this.skipComment(at, open);
      else if (type === 'preamble') this.preamble(at, close);
      else if (type === 'string') this.stringMacro(at, close);
      else entries.push(this.entry(at, type, close));
    }
  }

  /** `@comment{…}`: skipped up to its balancing brace (BibLaTeX/JabRef); `@comment(…)` likewise. */
  private skipComment(at: number, open: string): void {
    const close = open === '{' ? '}' : ')';
    let depth = 1;
    for (; this.i < this.text.length; this.i++) {
      const char = this.text[this.i];
      if (char === open) depth += 1;
      else if (char === close && --depth === 0) {
        this.i += 1;
        return;
      }
    }
    this.fail(at, 'unterminated @comment (no closing brace)');
  }

  private preamble(at: number, close: string): void {
    this.skipSpace();
    this.value('@preamble', undefined);
    this.skipSpace();
    if (this.text[this.i] !== close) {
      this.fail(
        this.i,
        `expected "${close}" to end the @preamble that starts on line ${this.lineAt(at)}, ${this.found()}`,
      );
    }
    this.i += 1;
  }

  private stringMacro(at: number, close: string): void {
    this.skipSpace();
    const name = this.match(IDENT);
    if (name === undefined) {
      this.fail(this.i, `expected a macro name in the @string on line ${this.lineAt(at)}, ${this.found()}`);
    }
    this.skipSpace();
    if (this.text[this.i] !== '=') this.fail(this.i, `expected "=" after @string macro "${name}", ${this.found()}`);
    this.i += 1;
    this.skipSpace();
    const value = this.value(`@string macro "${name}"`, undefined);
    this.skipSpace();
    if (this.text[this.i] === ',') {
      this.i += 1;
      this.skipSpace();
    }
    if (this.text[this.i] !== close)
      this.fail(this.i, `expected "${close}" to end @string macro "${name}", ${this.found()}`);
    this.i += 1;
    this.macros.set(name.toLowerCase(), value);
  }

  private entry(at: number, type: string, close: string): BibtexEntry {
    const line = this.lineAt(at);
    this.skipSpace();
    const key = this.match(KEY) ?? '';
    const entryName = key === '' ? `@${type} entry on line ${line}` : `entry "${key}"`;
    this.skipSpace();
    const fields = new Map<string, string>();
    const entry: BibtexEntry = { type, key, line, fields };
    if (this.text[this.i] === close) {
      this.i += 1;
      return entry;
    }
    if (this.text[this.i] === '=')
      this.fail(this.i, `@${type} entry on line ${line} has no cite key before its first field`);
    if (this.text[this.i] !== ',')
      this.fail(this.i, `expected "," after the cite key of ${entryName}, ${this.found()}`);
    this.i += 1;
    for (;;) {
      this.skipSpace();
      if (this.i >= this.text.length) this.fail(at, `unterminated ${entryName}: no closing "${close}"`);
      if (this.text[this.i] === close) {
        this.i += 1;
        return entry;
      }
      const name = this.match(FIELD_NAME);
      if (name === undefined) this.fail(this.i, `expected a field name or "${close}" in ${entryName}, ${this.found()}`);
      this.skipSpace();
      if (this.text[this.i] !== '=')
        this.fail(this.i, `expected "=" after field "${name}" in ${entryName}, ${this.found()}`);
      this.i += 1;
      this.skipSpace();
      const valueAt = this.i;
      const value = this.value(`field "${name}" in ${entryName}`, entryName);
      const field = name.toLowerCase();
      if (!fields.has(field)) fields.set(field, value);
      const valueEnd = this.i;
      this.skipSpace();
      if (this.text[this.i] === ',') {
        this.i += 1;
      } else if (this.text[this.i] !== close) {
        const next = this.nextFieldName();
        if (next !== undefined) {
          const where = this.lineAt(this.i) === this.lineAt(valueEnd) ? '' : ` on line ${this.lineAt(this.i)}`;
          this.fail(valueEnd, `missing comma after field "${name}" in ${entryName}, before field "${next}"${where}`);
        }
        const valueLine = this.lineAt(valueAt);
        const started =
          valueLine === this.lineAt(this.i)
            ? ''
            : ` (its value starts on line ${valueLine}: is a brace or quote unbalanced?)`;
        this.fail(
          this.i,
          `expected "," or "${close}" after field "${name}" in ${entryName}${started}, ${this.found()}`,
        );
      }
    }
  }

  /** The name of a field assignment (`name =`) starting here, without consuming it: what a missing comma leaves. */
  private nextFieldName(): string | undefined {
    const start = this.i;
    const name = this.match(FIELD_NAME);
    this.skipSpace();
    const assigns = this.text[this.i] === '=';
    this.i = start;
    return name !== undefined && assigns ? name : undefined;
  }

  /** A value: pieces joined with `#`. `what` names it in messages (`field "title" in entry "x"`). */
  private value(what: string, entryName: string | undefined): string {
    let result = this.piece(what, entryName);
    for (;;) {
      const before = this.i;
      this.skipSpace();
      if (this.text[this.i] !== '#') {
        this.i = before;
        return result;
      }
      this.i += 1;
      this.skipSpace();
      result += this.piece(what, entryName);
    }
  }

  private piece(what: string, entryName: string | undefined): string {
    const { text } = this;
    const start = this.i;
    const char = text[start];
    if (char === '{' || char === '"') return this.delimited(what, entryName);
    const number = this.match(NUMBER);
    if (number !== undefined) return number;
    const macro = this.match(IDENT);
    // An undefined macro is empty, as in BibTeX (which warns).
    if (macro !== undefined) return this.macros.get(macro.toLowerCase()) ?? '';
    return this.fail(start, `expected a value for ${what}, ${this.found()}`);
  }

  /**
   * `{…}` or `"…"`. A line that starts a new entry (`@article{`) inside an open value means the value was never closed:
   * reported at the value's own line, where the mistake is.
   */
  private delimited(what: string, entryName: string | undefined): string {
    const { text } = this;
    const start = this.i;
    const quoted = text[start] === '"';
    let depth = quoted ? 0 : 1;
    const unterminated = (): never => this.fail(start, `unterminated value of ${what}`);
    for (let j = start + 1; j < text.length; j++) {
      const char = text[j];
      if (char === '\\' && quoted && text[j + 1] === '"') {
        // Lenient: BibTeX would end the value at `\"`; nobody means that.
        j += 1;
      } else if (char === '{') {
        depth += 1;
      } else if (char === '}') {
        depth -= 1;
        if (depth === 0 && !quoted) {
          this.i = j + 1;
          return text.slice(start + 1, j);
        }
        // Only a quoted value gets here: a `}` it never opened means the quote was not closed.
        if (depth < 0) unterminated();
      } else if (char === '"' && quoted && depth === 0) {
        this.i = j + 1;
        return text.slice(start + 1, j);
      } else if (char === '\n' && entryName !== undefined) {
        ENTRY_START.lastIndex = j + 1;
        if (ENTRY_START.test(text)) unterminated();
      }
    }
    return unterminated();
  }
}
