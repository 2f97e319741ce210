/**
 * BibTeX / BibLaTeX reader: a small hand-written parser (reference/identity-and-export.md §3: the libraries lose
 * eprint fields and CJK names) and the mapping of its entries to Dogear papers.
 *
 * Syntax: `@type{key, field = value, …}` or `@type(key, …)`. A value is `{…}` (nested braces), `"…"` (braces
 * inside may hold `"`), a number, or a macro name (`@string` macros, and `jan`…`dec`), and pieces join with `#`.
 * `@comment{…}` and `@preamble{…}` are skipped; text outside entries is ignored, as BibTeX does. Field names and
 * macros are case-insensitive; the first of two same-named fields wins. Syntax errors throw an ImportFileError that
 * names the line and the entry, e.g. `line 12: unterminated value of field "title" in entry "smith2020"`: a file
 * that does not parse imports nothing, rather than part of itself.
 *
 * Mapping (one entry → one ImportedPaper or one Rejection):
 * - key: `eprint` when `archivePrefix`/`eprinttype` is arXiv (or absent and `eprint` is an arXiv id), then an arXiv
 *   `url`, then an arXiv DataCite `doi`, then `arXiv:<id>` in `journal`/`journaltitle`/`note`/`howpublished`/
 *   `number`/`publisher`, then `doi`, then a doi.org `url`. The eprint's `vN` becomes the version.
 * - title and abstract stay TeX (`$…$`, `{BERT}`, `\mathcal` kept; accents and escaped specials decoded, see
 *   latex.ts). Protective braces are stripped in two cases only, both added by exporters rather than by authors:
 *   braces around the whole title (`{{Title}}`, BibLaTeX/BBT style) and Zotero's per-word protection, recognised when
 *   every brace group is a single word and every capitalised word after the first is braced
 *   (`Attention {Is} {All} {You} {Need}` → `Attention Is All You Need`, `Graphs and {Things}` → `Graphs and
 *   Things`). A title with any capitalised word left unbraced keeps its groups: `Pre-training {BERT} Models`.
 *   Trade-off: a sentence-case title whose only capitals are braced (`{BERT}: pre-training of …`) is read as
 *   Zotero's and loses its braces, which are case protection only.
 * - authors: split on top-level `and`; `Last, First` → `First Last`; accents decoded to Unicode, braces dropped;
 *   `and others` dropped; a fully braced name (`{Google DeepMind}`) is kept whole.
 * - note: `annote`, `annotation`, `comment`, and `note` unless it only names the paper (`arXiv:1706.03762 [cs]`).
 *   tags: `keywords` split on `,`/`;`. primaryClass/eprintclass → primary category. A full `date` (BibLaTeX) → published;
 *   `year`/`month` alone are not a date and are not stored.
 */
import {
  collect,
  displayName,
  isIdentifierOnly,
  isoDateFromText,
  splitTags,
  squash,
  toImported,
  type EntryFields,
} from './common.ts';
import { decodeLatex } from './latex.ts';
import { ImportFileError, type ImportedPaper, type ParseResult, type Rejection } from './types.ts';

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
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
];

const IDENT = /[A-Za-z_][\w:.+/-]*/y;
const FIELD_NAME = /[^\s=,{}()"#%'@]+/y;
const KEY = /[^\s,{}()"=#%']*/y;
const NUMBER = /\d+/y;
const ENTRY_START = /[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]/y;

/** Parses BibTeX text into entries. Throws ImportFileError on a syntax error. */
export function parseBibtexEntries(text: string): BibtexEntry[] {
  return new Parser(text).entries();
}

/** Reads a BibTeX file: every entry becomes a paper or a rejection. Throws ImportFileError on a syntax error. */
export function parseBibtex(text: string): ParseResult {
  return collect(parseBibtexEntries(text).map((entry, index) => entryToImported(entry, index)));
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
      this.fail(this.i, `expected "${close}" to end the @preamble that starts on line ${this.lineAt(at)}, ${this.found()}`);
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
    if (this.text[this.i] !== close) this.fail(this.i, `expected "${close}" to end @string macro "${name}", ${this.found()}`);
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
    if (this.text[this.i] === '=') this.fail(this.i, `@${type} entry on line ${line} has no cite key before its first field`);
    if (this.text[this.i] !== ',') this.fail(this.i, `expected "," after the cite key of ${entryName}, ${this.found()}`);
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
      if (this.text[this.i] !== '=') this.fail(this.i, `expected "=" after field "${name}" in ${entryName}, ${this.found()}`);
      this.i += 1;
      this.skipSpace();
      const valueAt = this.i;
      const value = this.value(`field "${name}" in ${entryName}`, entryName);
      const field = name.toLowerCase();
      if (!fields.has(field)) fields.set(field, value);
      this.skipSpace();
      if (this.text[this.i] === ',') {
        this.i += 1;
      } else if (this.text[this.i] !== close) {
        const valueLine = this.lineAt(valueAt);
        const started =
          valueLine === this.lineAt(this.i) ? '' : ` (its value starts on line ${valueLine}: is a brace or quote unbalanced?)`;
        this.fail(this.i, `expected "," or "${close}" after field "${name}" in ${entryName}${started}, ${this.found()}`);
      }
    }
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
   * `{…}` or `"…"`. A line that starts a new entry (`@article{`) inside an open value means the value was never
   * closed: reported at the value's own line, where the mistake is.
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

// ---------------------------------------------------------------------------------------------------------------
// Entries → papers

/** Free-text fields scanned for `arXiv:<id>` (Google Scholar's `journal`, Zotero's `note`, `howpublished`…). */
const TEXT_KEY_FIELDS = ['journal', 'journaltitle', 'note', 'howpublished', 'number', 'publisher', 'eprint'];

/** The ImportedPaper of one entry, or the reason it is rejected. */
export function entryToImported(entry: BibtexEntry, index: number): ImportedPaper | Rejection {
  const field = (name: string): string | undefined => entry.fields.get(name);
  const plain = (name: string): string | undefined => {
    const value = field(name);
    return value === undefined ? undefined : squash(decodeLatex(value, 'plain'));
  };

  const prefix = (plain('archiveprefix') ?? plain('eprinttype') ?? '').toLowerCase();
  const eprint = plain('eprint');
  const arxivIds = eprint !== undefined && (prefix === 'arxiv' || prefix === '') ? [eprint] : [];
  const note = noteOf(entry);
  const fields: EntryFields = {
    index,
    line: entry.line,
    sources: {
      arxivIds,
      urls: [verbatim(field('url')), plain('howpublished')].filter((url) => url !== undefined),
      dois: [verbatim(field('doi'))].filter((doi) => doi !== undefined),
      texts: TEXT_KEY_FIELDS.map((name) => plain(name)).filter((text) => text !== undefined),
    },
    authors: authorsOf(field('author') ?? ''),
    tags: splitTags(plain('keywords') ?? ''),
  };
  if (entry.key !== '') fields.citeKey = entry.key;
  const title = field('title');
  if (title !== undefined) fields.title = titleOf(title);
  const abstract = field('abstract');
  if (abstract !== undefined) fields.abstract = squash(decodeLatex(abstract, 'tex'));
  const category = plain('primaryclass') ?? plain('eprintclass');
  if (category !== undefined) fields.primaryCategory = category;
  const date = plain('date');
  const published = date === undefined ? undefined : isoDateFromText(date);
  if (published !== undefined) fields.published = published;
  if (note !== undefined) fields.note = note;
  return toImported(fields);
}

/** `url` and `doi` are verbatim in BibLaTeX: no TeX decoding (a `~` in a URL is a tilde), only `\\url{…}` unwrapped. */
function verbatim(value: string | undefined): string | undefined {
  return value?.trim().replace(/^\\url\{([^{}]*)\}$/, '$1').trim();
}

/** `annote`, `annotation`, `comment` and a `note` that says more than the paper's identifier, joined. */
function noteOf(entry: BibtexEntry): string | undefined {
  const parts: string[] = [];
  for (const name of ['note', 'annote', 'annotation', 'comment']) {
    const value = entry.fields.get(name);
    if (value === undefined) continue;
    const text = decodeLatex(value, 'plain').trim();
    if (text === '' || (name === 'note' && isIdentifierOnly(text))) continue;
    parts.push(text);
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/**
 * Title as arXiv TeX: whole-title braces and Zotero per-word case protection removed (see the module comment), then
 * accents and escaped specials decoded, whitespace collapsed.
 */
export function titleOf(raw: string): string {
  let title = raw.trim();
  if (wrapsWhole(title)) title = title.slice(1, -1);
  title = stripZoteroProtection(title);
  return squash(decodeLatex(title, 'tex'));
}

/** True when `text` is one `{…}` group from its first to its last character. */
function wrapsWhole(text: string): boolean {
  if (!text.startsWith('{') || !text.endsWith('}')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i += 1;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

/** A one-word group that is not a command's argument (`\\emph{very}` is not protection). */
const SIMPLE_GROUP = /(?<!\\[A-Za-z]*)\{([^\s{}\\$]+)\}/g;

/**
 * `Attention {Is} {All} {You} {Need}` → `Attention Is All You Need` (Zotero's protection; §2.3). Zotero's escapes
 * (`{\textbackslash}`, `{\"u}`, `{\v{s}}`, `\{`, `\$`) may sit between the groups; any other group means the braces
 * are the author's.
 */
function stripZoteroProtection(title: string): string {
  // Math spans (`$\mathcal{L}$`) are neither inspected nor touched: odd segments are math.
  const segments = title.split(/((?<!\\)\$[^$]*\$)/);
  const text = segments.filter((_, index) => index % 2 === 0);
  const groups = text.flatMap((segment) => segment.match(SIMPLE_GROUP) ?? []);
  if (groups.length === 0) return title;
  const outside = text
    .join(' ')
    .replace(SIMPLE_GROUP, ' ')
    .replace(/\{\\[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/g, ' ')
    .replace(/\\[{}$&%#_]/g, ' ');
  if (/[{}]/.test(outside)) return title;
  const words = outside.split(/\s+/).filter((word) => word !== '');
  const rest = title.startsWith('{') ? words : words.slice(1);
  // Words glued to a group (`{First}-{Principles}` leaves `-`) have no letters; any capital left unbraced means the
  // braces were the author's, not Zotero's.
  if (rest.some((word) => /\p{Lu}/u.test(word))) return title;
  return segments.map((segment, index) => (index % 2 === 0 ? segment.replace(SIMPLE_GROUP, '$1') : segment)).join('');
}

/**
 * Splits at separators outside braces: ` and ` (any case, any whitespace around it) or `,`. Linear: the `and`
 * pattern is only tried where a whitespace run begins.
 */
function splitTopLevel(text: string, separator: 'and' | ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '{') {
      depth += 1;
    } else if (char === '}') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && separator === ',' && char === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    } else if (depth === 0 && separator === 'and' && /\s/.test(char) && i > 0 && !/\s/.test(text[i - 1]!)) {
      AND.lastIndex = i;
      const found = AND.exec(text);
      if (found) {
        parts.push(text.slice(start, i));
        start = i + found[0].length;
        i = start - 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const AND = /\s+and\s+/iy;

/** BibTeX author list → display names. */
export function authorsOf(raw: string): string[] {
  const names = splitTopLevel(raw.trim(), 'and');
  return names
    .map((name) => name.trim())
    .filter((name) => name !== '' && name.toLowerCase() !== 'others')
    .map((name) => {
      const parts = splitTopLevel(name, ',').map((part) => decodeLatex(part, 'plain'));
      return displayName('', parts);
    })
    .filter((name) => name !== '');
}
