/**
 * LaTeX → Unicode for imported BibTeX field values: the inverse of the escaping in lib/export/bibtex.ts.
 *
 * Decoded in both modes: accents in any spelling (`{\"u}`, `\"u`, `\"{u}`, `\v{s}`, `\'{\i}`), letter commands
 * (`{\o}` → ø, `\ss` → ß, `\aa` → å), escaped specials (`\&`, `\%`, `\#`, `\_`, `\$`, `\{`, `\}`), Zotero's text
 * commands (`\textbackslash{}`, `\textasciitilde{}`, …) and its brace trick `\{\vphantom{\}}`. A group that only
 * holds an accented letter loses its braces (`M{\"u}ller` → `Müller`).
 *
 * - **`tex`** (titles and abstracts: arXiv titles are TeX, reference/identity-and-export.md §2.3): `$…$` math is kept
 *   verbatim, other commands (`\mathcal`, `\emph{…}`) and `{BERT}`-style groups are kept, `~` stays a tie.
 * - **`plain`** (authors, notes, tags): every unescaped brace is dropped, unknown commands are dropped but their
 *   arguments kept (`\emph{very}` → `very`), `~` becomes a space. `$…$` is still kept verbatim.
 *
 * Never throws: anything it does not understand passes through. Linear in the input (brace partners are found in one
 * pass; nesting deeper than MAX_DEPTH is copied without decoding).
 */

export type LatexMode = 'tex' | 'plain';

const MAX_DEPTH = 64;

/** Accent control symbols → combining mark. */
const SYMBOL_ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
};

/** Accent control words → combining mark (`\c{c}` → ç). */
const WORD_ACCENTS: Record<string, string> = {
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  d: '\u0323',
  b: '\u0331',
  r: '\u030a',
  t: '\u0361',
};

/** Letter commands (the LETTERS table of lib/export/bibtex.ts, reversed). */
const LETTERS: Record<string, string> = {
  o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', ss: 'ß', SS: 'ẞ', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ', aa: 'å',
  AA: 'Å', dj: 'đ', DJ: 'Đ', dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', ij: 'ĳ', IJ: 'Ĳ',
};

/** Text commands Zotero and our exporter write for specials, plus common typographic ones. */
const TEXT_COMMANDS: Record<string, string> = {
  textbackslash: '\\', textasciitilde: '~', textasciicircum: '^', textless: '<', textgreater: '>', textbar: '|',
  textdollar: '$', textunderscore: '_', textbraceleft: '{', textbraceright: '}', textpercent: '%',
  textampersand: '&', ldots: '…', dots: '…', textellipsis: '…', textendash: '–', textemdash: '—',
  textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“', textquotedblright: '”', textquotesingle: "'",
  textquotedbl: '"', S: '§', P: '¶', copyright: '©', textcopyright: '©', textregistered: '®',
  texttrademark: '™', euro: '€', texteuro: '€', pounds: '£', textsterling: '£', textdegree: '°',
  guillemotleft: '«', guillemotright: '»', textbullet: '•', textperiodcentered: '·',
};

/** Escaped specials → the character. */
const ESCAPED: Record<string, string> = { '&': '&', '%': '%', '#': '#', _: '_', '$': '$', '{': '{', '}': '}', ' ': ' ' };

/** Commands whose argument is dropped with them. */
const DROPPED_WITH_ARGUMENT = new Set(['vphantom', 'phantom', 'hphantom']);

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

const ONE_GRAPHEME = /^\P{M}\p{M}*$/u;

/** Decodes a BibTeX field value (its delimiters already removed). */
export function decodeLatex(text: string, mode: LatexMode): string {
  return new Decoder(text, mode).run(0, text.length, 0).normalize('NFC');
}

class Decoder {
  private readonly partners: Int32Array;

  constructor(
    private readonly text: string,
    private readonly mode: LatexMode,
  ) {
    this.partners = bracePartners(text);
  }

  /** Decodes `text[from, to)`. */
  run(from: number, to: number, depth: number): string {
    const { text } = this;
    let out = '';
    let i = from;
    while (i < to) {
      const char = text[i]!;
      if (char === '$') {
        const end = mathEnd(text, i);
        if (end !== -1 && end <= to) {
          out += text.slice(i, end);
          i = end;
        } else {
          out += '$';
          i += 1;
        }
      } else if (char === '\\') {
        const [decoded, next] = this.command(i, to, depth);
        out += decoded;
        i = next;
      } else if (char === '{') {
        const close = this.partners[i]!;
        if (close === -1 || close >= to) {
          // An unmatched brace: literal in tex, dropped in plain text.
          if (this.mode === 'tex') out += '{';
          i += 1;
        } else {
          out += this.group(i, close, depth);
          i = close + 1;
        }
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

  /** A `{…}` group from `open` to its partner `close`. */
  private group(open: number, close: number, depth: number): string {
    if (depth >= MAX_DEPTH) return this.text.slice(open, close + 1);
    const inner = this.run(open + 1, close, depth + 1);
    if (this.mode === 'plain') return inner;
    // `{\"u}`, `{\o}`: a group that only wraps one decoded letter is not case protection worth keeping.
    const raw = this.text.slice(open + 1, close);
    if (raw.startsWith('\\') && inner !== raw && ONE_GRAPHEME.test(inner.normalize('NFC'))) return inner;
    return `{${inner}}`;
  }

  /** The command at `start` (a backslash): its decoded text and where decoding continues. */
  private command(start: number, to: number, depth: number): [string, number] {
    const { text } = this;
    const next = text[start + 1];
    if (next === undefined || start + 1 >= to) return ['\\', start + 1];
    if (next in SYMBOL_ACCENTS) {
      const [base, end] = this.argument(start + 2, to, depth, false);
      return [accent(base, SYMBOL_ACCENTS[next]!), end];
    }
    if (next in ESCAPED) return [ESCAPED[next]!, start + 2];
    if (!/[A-Za-z]/.test(next)) {
      if (this.mode === 'plain' && INVISIBLE_SYMBOLS.has(next)) return ['', start + 2];
      if (this.mode === 'plain' && /[,;:! ]/.test(next)) return [' ', start + 2];
      if (this.mode === 'plain' && next === '\\') return [' ', start + 2];
      return [`\\${next}`, start + 2];
    }
    let end = start + 1;
    while (end < to && /[A-Za-z]/.test(text[end]!)) end += 1;
    const name = text.slice(start + 1, end);
    const afterSpace = skipSpace(text, end, to);
    if (name in WORD_ACCENTS) {
      const [base, argEnd] = this.argument(afterSpace, to, depth, true);
      return [accent(base, WORD_ACCENTS[name]!), argEnd];
    }
    const letter = LETTERS[name] ?? TEXT_COMMANDS[name];
    if (letter !== undefined) {
      // `\o{}` and `\o ` both end the command; `\textbackslash{}` likewise.
      if (text.startsWith('{}', afterSpace) && afterSpace + 2 <= to) return [letter, afterSpace + 2];
      return [letter, afterSpace];
    }
    if (DROPPED_WITH_ARGUMENT.has(name)) {
      const [, argEnd] = this.argument(afterSpace, to, depth, true);
      return ['', argEnd];
    }
    // Unknown command: kept verbatim in TeX (arXiv titles carry `\mathcal`, `\emph`…), dropped in plain text (its
    // argument, if any, is decoded by the caller as an ordinary group).
    if (this.mode === 'plain') return ['', afterSpace];
    return [text.slice(start, end), end];
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
      const letter = LETTERS[text.slice(at + 1, end)];
      if (letter !== undefined) return [letter, skipSpace(text, end, to)];
      return ['', at];
    }
    if (char === '}' || (afterWord && /\s/.test(char))) return ['', at];
    // A whole code point, so a surrogate pair is not split.
    const codePoint = String.fromCodePoint(text.codePointAt(at)!);
    return [codePoint, at + codePoint.length];
  }
}

function skipSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
  return i;
}

/** Base letter + combining mark, composed. Dotless i and j take the accent as i and j (`\'{\i}` → í). */
function accent(base: string, mark: string): string {
  const letter = base === 'ı' ? 'i' : base === 'ȷ' ? 'j' : base;
  return `${letter}${mark}`.normalize('NFC');
}
