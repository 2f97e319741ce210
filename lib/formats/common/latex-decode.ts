/**
 * LaTeX → Unicode for imported BibTeX field values, derived from latex-table.ts (the inverse of latex-encode.ts).
 *
 * Decoded in both modes: accents in any spelling (`{\"u}`, `\"u`, `\"{u}`, `\v{s}`, `\'{\i}`, `\textcommabelow{s}`,
 * `\t{ts}`), letter commands (`{\o}` → ø, `\ss` → ß, `\aa` → å), escaped specials (`\&`, `\%`, `\#`, `\_`, `\$`, `\{`,
 * `\}`), text commands (`\textbackslash{}`, `\textasciitilde{}`, `\ldots`, …) and Zotero's brace trick
 * `\{\vphantom{\}}`. A group that only holds an accented letter loses its braces (`M{\"u}ller` → `Müller`).
 *
 * - **`tex`** (titles and abstracts: arXiv titles are TeX source): `$…$` math is kept verbatim, other commands
 *   (`\mathcal`, `\emph{…}`) are kept, `~` stays a tie. `{BERT}`-style groups are kept, or with `groups: 'strip'`
 *   dropped the way BibTeX's output reads them: a group that only protects case (`Delving {{Deep}} into`, `{MOT}16`)
 *   loses its braces; a command's argument (`\emph{x}`) and a group that starts with a command (`{\em x}`) keep
 *   theirs.
 * - **`plain`** (authors, notes, tags): every unescaped brace is dropped, unknown commands are dropped but their
 *   arguments kept (`\emph{very}` → `very`), `~` becomes a space. `$…$` is still kept verbatim.
 *
 * In both modes a math span that holds one Greek letter command alone (`$\Delta$`, what the ASCII writer makes of Δ,
 * see latex-encode.ts) reads as the letter.
 *
 * Never throws: anything it does not understand passes through. Linear in the input (brace partners are found in one
 * pass; nesting deeper than MAX_DEPTH is copied without decoding).
 */
import {
  GREEK_LOOKALIKES,
  LATEX_ACCENTS,
  LATEX_ESCAPED,
  LATEX_GREEK,
  LATEX_MATH_SYMBOLS,
  LATEX_LETTERS,
  LATEX_SYMBOLS,
} from './latex-table.ts';

export type LatexMode = 'tex' | 'plain';

export interface DecodeOptions {
  /**
   * In `tex` mode, what happens to `{…}` groups: `'keep'` them, or `'strip'` the ones that only protect case, as BibTeX
   * reads them (the module comment says which stay).
   *
   * @default 'keep'
   */
  groups?: 'keep' | 'strip';
  /**
   * `'keep'` leaves the escapes whose character would be TeX syntax again once decoded (`\$`, `\{`, `\}`,
   * `\textbackslash{}`, `\textasciitilde{}`…) as they are: for normalising text that stays TeX (the BibTeX writer).
   *
   * @default 'decode'
   */
  escapes?: 'decode' | 'keep';
}

/** `\alpha` → α, `\pm` → ±: a math span holding one of these alone is read as the letter or symbol. */
const GREEK = new Map([...LATEX_GREEK, ...LATEX_MATH_SYMBOLS].map(({ char, command }) => [command, char]));

/** Letters and symbols a math span may hold alone (`$α$`, `$±$`): the same as the span `$\alpha$` the writer makes. */
const GREEK_LETTERS = new Set([...LATEX_GREEK, ...GREEK_LOOKALIKES, ...LATEX_MATH_SYMBOLS].map(({ char }) => char));

const GREEK_SPAN = /^\$\s*(?:\\([A-Za-z]+)|(\S))\s*\$$/u;

/** Characters whose escapes `escapes: 'keep'` leaves alone. */
const SYNTAX_CHARS = new Set(['$', '{', '}', '\\', '~']);

const MAX_DEPTH = 64;

/** Accent control symbols (`\"`) → combining mark. */
const SYMBOL_ACCENTS = new Map(
  LATEX_ACCENTS.filter(({ command }) => !/^[A-Za-z]+$/.test(command)).map(({ mark, command }) => [command, mark]),
);

/** Accent control words (`\c{c}`) → combining mark. */
const WORD_ACCENTS = new Map(
  LATEX_ACCENTS.filter(({ command }) => /^[A-Za-z]+$/.test(command)).map(({ mark, command }) => [command, mark]),
);

const LETTERS = new Map(LATEX_LETTERS.map(({ char, command }) => [command, char]));

const SYMBOLS = new Map(
  LATEX_SYMBOLS.flatMap(({ char, commands }) => commands.map((command) => [command, char] as const)),
);

/** Escaped specials, and the control space, → the character. */
const ESCAPED = new Map<string, string>([...LATEX_ESCAPED.map((char) => [char, char] as const), [' ', ' ']]);

/** Commands whose argument is dropped with them. */
const DROPPED_WITH_ARGUMENT = new Set(['vphantom', 'phantom', 'hphantom']);

/** Control words the decoder turns into text: a group that starts with one is not a command's scope. */
const KNOWN_WORDS = new Set([...WORD_ACCENTS.keys(), ...LETTERS.keys(), ...SYMBOLS.keys(), ...DROPPED_WITH_ARGUMENT]);

/** Spacing and hyphenation hints: nothing in plain text. */
const INVISIBLE_SYMBOLS = new Set(['-', '/', '@']);

/** Partner of every brace that has one (`\{` and `\}` are not braces here), -1 otherwise. */
function bracePartners(text: string): Int32Array {
  const partners = new Int32Array(text.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i += 1;
    } else if (char === '{') {
      stack.push(i);
    } else if (char === '}') {
      const open = stack.pop();
      if (open !== undefined) {
        partners[open] = i;
        partners[i] = open;
      }
    }
  }
  return partners;
}

/** End (exclusive) of the `$…$` span opening at `start`, or -1. `$$…$$` counts as one span. */
function mathEnd(text: string, start: number): number {
  const display = text[start + 1] === '$';
  const delimiter = display ? '$$' : '$';
  for (let j = start + delimiter.length; j < text.length; j++) {
    if (text[j] === '\\') j += 1;
    else if (text.startsWith(delimiter, j)) return j > start + delimiter.length ? j + delimiter.length : -1;
  }
  return -1;
}

/** The combining double inverted breve, which `\t` writes over two letters. */
const TIE = '\u0361';

/** One letter with its marks, or two letters under a tie (`t͡s`, what `\t{ts}` decodes to). */
const ONE_LETTER = /^\P{M}\p{M}*(?:\u0361\P{M}\p{M}*)?$/u;

/** Decodes a BibTeX field value (its delimiters already removed). */
export function decodeLatex(text: string, mode: LatexMode, options: DecodeOptions = {}): string {
  return new Decoder(text, mode, options).run(0, text.length, 0).normalize('NFC');
}

class Decoder {
  private readonly partners: Int32Array;
  private readonly strip: boolean;
  private readonly keepEscapes: boolean;

  constructor(
    private readonly text: string,
    private readonly mode: LatexMode,
    options: DecodeOptions = {},
  ) {
    this.partners = bracePartners(text);
    this.strip = mode === 'tex' && options.groups === 'strip';
    this.keepEscapes = options.escapes === 'keep';
  }

  /** Decodes `text[from, to)`. */
  run(from: number, to: number, depth: number): string {
    const { text } = this;
    let out = '';
    let i = from;
    // True right after a command kept as TeX (and its arguments so far): a group here is its argument.
    let argument = false;
    while (i < to) {
      const char = text[i]!;
      if (char === '{') {
        const close = this.partners[i]!;
        if (close === -1 || close >= to) {
          // An unmatched brace: literal in tex, dropped in plain text.
          if (this.mode === 'tex') out += '{';
          i += 1;
          argument = false;
        } else {
          out += this.group(i, close, depth, argument);
          i = close + 1;
        }
        continue;
      }
      argument = false;
      if (char === '$') {
        const end = mathEnd(text, i);
        if (end !== -1 && end <= to) {
          out += greekSpan(text, i, end) ?? text.slice(i, end);
          i = end;
        } else {
          out += '$';
          i += 1;
        }
      } else if (char === '\\') {
        const [decoded, next, kept] = this.command(i, to, depth);
        out += decoded;
        i = next;
        argument = kept;
      } else if (char === '}') {
        if (this.mode === 'tex') out += '}';
        i += 1;
      } else if (char === '~' && this.mode === 'plain') {
        out += ' ';
        i += 1;
      } else {
        out += char;
        i += 1;
      }
    }
    return out;
  }

  /** A `{…}` group from `open` to its partner `close`; `argument` when it follows a command kept as TeX. */
  private group(open: number, close: number, depth: number, argument: boolean): string {
    if (depth >= MAX_DEPTH) return this.text.slice(open, close + 1);
    const inner = this.run(open + 1, close, depth + 1);
    if (this.mode === 'plain') return inner;
    // `{\"u}`, `{\o}`, `{$\alpha$}`: a group that only wraps one decoded letter is not case protection worth keeping.
    const raw = this.text.slice(open + 1, close);
    const escape = raw.startsWith('\\') || raw.startsWith('$');
    if (escape && inner !== raw && ONE_LETTER.test(inner.normalize('NFC'))) return inner;
    if (this.strip && !argument && !startsWithKeptCommand(raw)) return inner;
    return `{${inner}}`;
  }

  /**
   * The command at `start` (a backslash): its decoded text, where decoding continues, and whether it was kept as TeX
   * (so a group right after it is its argument).
   */
  private command(start: number, to: number, depth: number): [string, number, boolean] {
    const { text } = this;
    const next = text[start + 1];
    if (next === undefined || start + 1 >= to) return ['\\', start + 1, false];
    const symbolAccent = SYMBOL_ACCENTS.get(next);
    if (symbolAccent !== undefined) {
      const [base, end] = this.argument(start + 2, to, depth, false);
      return [accent(base, symbolAccent), end, false];
    }
    const escaped = ESCAPED.get(next);
    if (escaped !== undefined) {
      return [this.keepEscapes && SYNTAX_CHARS.has(escaped) ? `\\${next}` : escaped, start + 2, false];
    }
    if (!/[A-Za-z]/.test(next)) {
      if (this.mode === 'plain' && INVISIBLE_SYMBOLS.has(next)) return ['', start + 2, false];
      if (this.mode === 'plain' && /[,;:! ]/.test(next)) return [' ', start + 2, false];
      if (this.mode === 'plain' && next === '\\') return [' ', start + 2, false];
      return [`\\${next}`, start + 2, false];
    }
    let end = start + 1;
    while (end < to && /[A-Za-z]/.test(text[end]!)) end += 1;
    const name = text.slice(start + 1, end);
    const afterSpace = skipSpace(text, end, to);
    const wordAccent = WORD_ACCENTS.get(name);
    if (wordAccent !== undefined) {
      const [base, argEnd] = this.argument(afterSpace, to, depth, true);
      return [accent(base, wordAccent), argEnd, false];
    }
    const letter = LETTERS.get(name) ?? SYMBOLS.get(name);
    if (letter !== undefined) {
      // `\o{}` and `\o ` both end the command; `\textbackslash{}` likewise.
      const last = text.startsWith('{}', afterSpace) && afterSpace + 2 <= to ? afterSpace + 2 : afterSpace;
      if (this.keepEscapes && SYNTAX_CHARS.has(letter)) return [text.slice(start, last), last, false];
      return [letter, last, false];
    }
    if (DROPPED_WITH_ARGUMENT.has(name)) {
      const [, argEnd] = this.argument(afterSpace, to, depth, true);
      return ['', argEnd, false];
    }
    // Unknown command: kept verbatim in TeX (arXiv titles carry `\mathcal`, `\emph`…), dropped in plain text (its
    // argument, if any, is decoded by the caller as an ordinary group).
    if (this.mode === 'plain') return ['', afterSpace, false];
    return [text.slice(start, end), end, true];
  }

  /** An accent's argument at `at`: a group, a letter command (`\i`) or one character. */
  private argument(at: number, to: number, depth: number, afterWord: boolean): [string, number] {
    const { text } = this;
    if (at >= to) return ['', at];
    const char = text[at]!;
    if (char === '{') {
      const close = this.partners[at]!;
      if (close === -1 || close >= to) return ['', at];
      if (depth >= MAX_DEPTH) return [text.slice(at + 1, close), close + 1];
      return [new Decoder(text.slice(at + 1, close), 'plain').run(0, close - at - 1, depth + 1), close + 1];
    }
    if (char === '\\') {
      let end = at + 1;
      while (end < to && /[A-Za-z]/.test(text[end]!)) end += 1;
      const letter = LETTERS.get(text.slice(at + 1, end));
      if (letter !== undefined) return [letter, skipSpace(text, end, to)];
      return ['', at];
    }
    if (char === '}' || (afterWord && /\s/.test(char))) return ['', at];
    // A whole code point, so a surrogate pair is not split.
    const codePoint = String.fromCodePoint(text.codePointAt(at)!);
    return [codePoint, at + codePoint.length];
  }
}

/** True when a group's text starts with a command kept as TeX (`{\em x}`): its braces are its scope. */
function startsWithKeptCommand(raw: string): boolean {
  const name = /^\\([A-Za-z]+)/.exec(raw)?.[1];
  return name !== undefined && !KNOWN_WORDS.has(name);
}

/**
 * The Greek letter a math span from `start` to `end` stands for when it holds one Greek letter alone, as a command
 * (`$\Delta$`) or as the letter (`$Δ$`).
 */
function greekSpan(text: string, start: number, end: number): string | undefined {
  if (end - start > 16 || text[start + 1] === '$') return undefined;
  const [, name, letter] = GREEK_SPAN.exec(text.slice(start, end)) ?? [];
  if (name !== undefined) return GREEK.get(name);
  return letter !== undefined && GREEK_LETTERS.has(letter) ? letter : undefined;
}

function skipSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
  return i;
}

/**
 * Base letter + combining mark, composed. Dotless i and j take the accent as i and j (`\'{\i}` → í). A tie goes between
 * the first letter and the rest (`\t{ts}` → t͡s), as Unicode writes it.
 */
function accent(base: string, mark: string): string {
  const letter = base === 'ı' ? 'i' : base === 'ȷ' ? 'j' : base;
  if (mark === TIE) {
    const first = /^\P{M}\p{M}*/u.exec(letter)?.[0] ?? '';
    return `${first}${mark}${letter.slice(first.length)}`.normalize('NFC');
  }
  return `${letter}${mark}`.normalize('NFC');
}
