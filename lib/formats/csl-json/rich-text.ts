/**
 * Titles between TeX (what arXiv titles are: `Ga$_2$O$_3$`, `$\mathcal{O}(n^2)$`, `\emph{x}`, `{BERT}`) and the rich
 * text CSL processors read in CSL-JSON strings (citeproc-js, Pandoc's citeproc): `<i>`, `<b>`, `<sub>`, `<sup>` and
 * `<span style="font-variant:small-caps;">`, everything else Unicode. Entities are not decoded by those processors
 * (Pandoc prints `&lt;` as it is), so `<`, `>` and `&` stay raw.
 *
 * - texToCsl (export): math (`$…$`, `$$…$$`) and text commands become Unicode (a table: Greek, relations, operators,
 *   arrows, `\mathcal`/`\mathbb`/`\mathfrak` letters, accents) and tags; `_`/`^` in math become `<sub>`/`<sup>`;
 *   unknown commands are dropped and their arguments kept, so no TeX is left. Brace protection becomes CSL's own: words
 *   sentence case must not touch (acronyms, formulas, `{BERT}`) are wrapped in `<span class="nocase">`, which
 *   citeproc-js and Pandoc honour.
 * - cslToTex (import): the tags back to the commands texToCsl reads (`<sub>2</sub>` → `\textsubscript{2}`, `nocase` →
 *   `{…}`), TeX's specials escaped, so that texToCsl(cslToTex(x)) === x for every CSL string texToCsl writes: a Dogear
 *   CSL file read back and written again is the same file.
 * - plainToCsl / cslToPlain: the same protection for plain-text titles (papers without an arXiv id), and their rich text
 *   read back as plain text (`<sub>2</sub>` → `₂`).
 *
 * All are linear in their input (runs of ordinary characters are copied whole) and skip strings with nothing to
 * convert.
 */
import { LATEX_ACCENTS, LATEX_GREEK, LATEX_LETTERS, LATEX_SYMBOLS } from '../common/latex-table.ts';

/** Math and text commands that stand for one character. */
const SYMBOL_TABLE: Readonly<Record<string, string>> = {
  // Greek beyond common/latex-table.ts LATEX_GREEK (the letters the BibTeX writer spells): amssymb's and a name
  // authors type although LaTeX has none.
  varkappa: 'ϰ',
  omicron: 'ο',
  digamma: 'ϝ',
  // Relations.
  leq: '≤',
  le: '≤',
  leqslant: '⩽',
  geq: '≥',
  ge: '≥',
  geqslant: '⩾',
  neq: '≠',
  ne: '≠',
  approx: '≈',
  sim: '∼',
  simeq: '≃',
  cong: '≅',
  equiv: '≡',
  propto: '∝',
  ll: '≪',
  gg: '≫',
  lesssim: '≲',
  gtrsim: '≳',
  prec: '≺',
  succ: '≻',
  preceq: '⪯',
  succeq: '⪰',
  subset: '⊂',
  subseteq: '⊆',
  supset: '⊃',
  supseteq: '⊇',
  in: '∈',
  notin: '∉',
  ni: '∋',
  perp: '⊥',
  mid: '∣',
  parallel: '∥',
  models: '⊨',
  vdash: '⊢',
  // Operators.
  times: '×',
  cdot: '⋅',
  div: '÷',
  pm: '±',
  mp: '∓',
  ast: '∗',
  star: '⋆',
  circ: '∘',
  bullet: '∙',
  oplus: '⊕',
  ominus: '⊖',
  otimes: '⊗',
  odot: '⊙',
  cup: '∪',
  cap: '∩',
  sqcup: '⊔',
  wedge: '∧',
  land: '∧',
  vee: '∨',
  lor: '∨',
  setminus: '∖',
  neg: '¬',
  lnot: '¬',
  sum: '∑',
  prod: '∏',
  coprod: '∐',
  int: '∫',
  iint: '∬',
  oint: '∮',
  bigcup: '⋃',
  bigcap: '⋂',
  bigoplus: '⨁',
  bigotimes: '⨂',
  sqrt: '√',
  // Arrows.
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  gets: '←',
  leftrightarrow: '↔',
  Rightarrow: '⇒',
  Leftarrow: '⇐',
  Leftrightarrow: '⇔',
  iff: '⟺',
  implies: '⟹',
  longrightarrow: '⟶',
  longleftarrow: '⟵',
  mapsto: '↦',
  hookrightarrow: '↪',
  uparrow: '↑',
  downarrow: '↓',
  rightleftharpoons: '⇌',
  // Other symbols.
  infty: '∞',
  partial: '∂',
  nabla: '∇',
  forall: '∀',
  exists: '∃',
  nexists: '∄',
  emptyset: '∅',
  varnothing: '∅',
  ell: 'ℓ',
  hbar: 'ℏ',
  Re: 'ℜ',
  Im: 'ℑ',
  aleph: 'ℵ',
  wp: '℘',
  prime: '′',
  angle: '∠',
  triangle: '△',
  top: '⊤',
  bot: '⊥',
  dagger: '†',
  ddagger: '‡',
  cdots: '⋯',
  vdots: '⋮',
  ddots: '⋱',
  langle: '⟨',
  rangle: '⟩',
  lceil: '⌈',
  rceil: '⌉',
  lfloor: '⌊',
  rfloor: '⌋',
  vert: '|',
  lvert: '|',
  rvert: '|',
  Vert: '‖',
  lVert: '‖',
  rVert: '‖',
  backslash: '\\',
  lbrace: '{',
  rbrace: '}',
  checkmark: '✓',
  imath: 'ı',
  jmath: 'ȷ',
  // Spaces.
  quad: ' ',
  qquad: ' ',
  enspace: ' ',
};

/** Lookups go through Maps: a command named after an Object.prototype member (`\constructor`) must find nothing. */
const SYMBOLS = new Map([
  ...LATEX_GREEK.map(({ char, command }): [string, string] => [command, char]),
  ...Object.entries(SYMBOL_TABLE),
]);

/** Operator names TeX sets upright: written as their name, with a space before a following letter. */
const FUNCTIONS = new Set(
  'log ln lg exp sin cos tan sec csc cot sinh cosh tanh coth arcsin arccos arctan lim liminf limsup max min sup inf arg det dim ker deg gcd Pr hom mod bmod argmax argmin'.split(
    ' ',
  ),
);

/** Commands that only size or space: nothing in the text. */
const IGNORED = new Set(
  'left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits nonumber relax protect ensuremath noindent xspace'.split(
    ' ',
  ),
);

/** Commands whose argument is written inside a tag. */
const TAGGED = new Map<string, string>(
  Object.entries({
    emph: 'i',
    textit: 'i',
    textsl: 'i',
    mathit: 'i',
    textbf: 'b',
    mathbf: 'b',
    boldsymbol: 'b',
    bm: 'b',
    textsuperscript: 'sup',
    textsubscript: 'sub',
    textsc: 'sc',
  }),
);

/** Math accents: the combining mark written after each character of the argument. */
const MATH_ACCENTS = new Map<string, string>(
  Object.entries({
    hat: '\u0302',
    widehat: '\u0302',
    tilde: '\u0303',
    widetilde: '\u0303',
    bar: '\u0304',
    overline: '\u0305',
    underline: '\u0332',
    vec: '\u20d7',
    overrightarrow: '\u20d7',
    dot: '\u0307',
    ddot: '\u0308',
    check: '\u030c',
    breve: '\u0306',
    acute: '\u0301',
    grave: '\u0300',
    mathring: '\u030a',
  }),
);

/** `\mathcal` and friends: the Unicode block of each alphabet, and the letters that live elsewhere (Letterlike). */
interface Alphabet {
  upper: number;
  lower?: number;
  holes: Readonly<Record<string, string>>;
}
const ALPHABETS = new Map<string, Alphabet>(
  Object.entries<Alphabet>({
    mathcal: {
      upper: 0x1d49c,
      lower: 0x1d4b6,
      holes: { B: 'ℬ', E: 'ℰ', F: 'ℱ', H: 'ℋ', I: 'ℐ', L: 'ℒ', M: 'ℳ', R: 'ℛ', e: 'ℯ', g: 'ℊ', o: 'ℴ' },
    },
    mathbb: {
      upper: 0x1d538,
      lower: 0x1d552,
      holes: { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' },
    },
    mathfrak: {
      upper: 0x1d504,
      lower: 0x1d51e,
      holes: { C: 'ℭ', H: 'ℌ', I: 'ℑ', R: 'ℜ', Z: 'ℨ' },
    },
  }),
);

const ALPHABET_ALIASES = new Map([
  ['mathscr', 'mathcal'],
  ['Bbb', 'mathbb'],
  ['mathds', 'mathbb'],
]);

const TEXT_ACCENTS = new Map(LATEX_ACCENTS.map(({ mark, command }) => [command, mark]));
const TEXT_LETTERS = new Map(LATEX_LETTERS.map(({ char, command }) => [command, char]));
const TEXT_SYMBOLS = new Map(
  LATEX_SYMBOLS.flatMap(({ char, commands }) => commands.map((command) => [command, char] as const)),
);

/** Characters after a backslash that stand for themselves. */
const ESCAPES = new Set(['&', '%', '#', '_', '$', '{', '}', '\\']);

const SMALL_CAPS = '<span style="font-variant:small-caps;">';

function open(tag: string): string {
  return tag === 'sc' ? SMALL_CAPS : `<${tag}>`;
}

function close(tag: string): string {
  return tag === 'sc' ? '</span>' : `</${tag}>`;
}

/** What makes a title TeX worth converting: a backslash, a math or brace delimiter, a tie, a dash ligature. */
const TEX_HINT = /[\\${}~]|--/;

const NOCASE = '<span class="nocase">';

const UPPER = /\p{Lu}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Whether a word of a title (its rich text) must keep its capitals under sentence case: a part (split at hyphens and
 * slashes) with a capital after its first letter or digit (`BERT-style`, `LLMs`, `iOS`, `3D`, `Ga<sub>2</sub>O`). One
 * pass; ASCII characters are classified without a regular expression.
 */
function hasInnerCapital(word: string): boolean {
  const text = word.includes('<') ? word.replace(/<\/?(?:i|b|sub|sup|span)\b[^>]*>/gi, '') : word;
  let started = false;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code === 45 || code === 47 || char === '–' || char === '—') {
      started = false;
    } else if (code < 128) {
      if (code >= 65 && code <= 90) {
        if (started) return true;
        started = true;
      } else if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) started = true;
    } else if (UPPER.test(char)) {
      if (started) return true;
      started = true;
    } else if (LETTER_OR_DIGIT.test(char)) started = true;
  }
  return false;
}

/**
 * A plain-text title (a paper without an arXiv id) as CSL rich text: the same text, with each word sentence case must
 * not touch (hasInnerCapital) in `<span class="nocase">`, the CSL form of BibTeX's case-protecting braces.
 */
export function plainToCsl(text: string): string {
  if (!/\p{Lu}/u.test(text)) return text;
  return text
    .split(' ')
    .map((word) => nocase(word, hasInnerCapital))
    .join(' ');
}

/**
 * Quote marks, which CSL processors read as markup of their own (citeproc flips and pairs them): an apostrophe between
 * two letters (`d'Einstein`, `O’Neil`) is part of its word, not a quote.
 */
const QUOTE = /(["“”„‘‚«»‹›]|(?<!\p{L})['’]|['’](?!\p{L}))/u;

/** Whether every quote mark of `word` has its partner in it (`“BERT”`, `("a","b")`). */
function quotesPair(word: string): boolean {
  const count = (marks: RegExp) => word.split(marks).length - 1;
  return (
    count(/"/) % 2 === 0 &&
    count(/(?<!\p{L})'|'(?!\p{L})/u) % 2 === 0 &&
    count(/[“„]/) === count(/”/) &&
    count(/[‘‚]/) === count(/(?<!\p{L})’|’(?!\p{L})/u) &&
    count(/[«‹]/) === count(/[»›]/)
  );
}

/**
 * `word` in a nocase span when `protect` says so. A span never holds half a quote: a quote opened inside a span and
 * closed outside it (`Heß,‘Contribution … systems,’`, Google Scholar runs the two words together) breaks the nesting
 * citeproc needs, and pandoc then prints the span's tags as text. Such a word is cut at its quotes and each piece
 * between them protected on its own. A word with markup (`<sub>`) is never cut: its tags stay whole.
 */
function nocase(word: string, protect: (piece: string) => boolean): string {
  if (!QUOTE.test(word) || word.includes('<') || quotesPair(word)) {
    return protect(word) ? `${NOCASE}${word}</span>` : word;
  }
  return word
    .split(QUOTE)
    .map((piece, index) => (index % 2 === 0 && piece !== '' && protect(piece) ? `${NOCASE}${piece}</span>` : piece))
    .join('');
}

/**
 * The title as CSL rich text (module comment). A word is protected from sentence case (`<span class="nocase">`) when it
 * has an inner capital (hasInnerCapital), math and a capital (`$N$`, `$ω$-Ti`, `Ga$_2$O$_3$`) or a `{…}` group with a
 * capital (BibTeX's own protection, `{BERT}`); words are split at spaces outside braces and math.
 */
export function texToCsl(title: string): string {
  // Titles come folded onto one line (common/text.ts oneLine); anything else is folded here.
  const tex = /\s\s|[^\S ]|^ | $/.test(title) ? title.replace(/\s+/g, ' ').trim() : title;
  if (!TEX_HINT.test(tex)) return plainToCsl(tex);
  const reader = new TexReader(tex);
  const words: string[] = [];
  for (const [from, to] of reader.words()) {
    reader.protect = false;
    reader.math = false;
    const word = reader.run(from, to, false, 0).replace(/\s+/g, ' ').trim();
    if (word === '') continue;
    // A word with math keeps every capital (`$ω$-Ti`, `$N$`): sentence case would change the formula's meaning.
    // A piece of a word cut at its quotes (nocase) is protected when it has a capital and the word had braces or math.
    const { protect, math } = reader;
    words.push(
      nocase(word, (piece) =>
        piece === word
          ? protect || (math && UPPER.test(word)) || hasInnerCapital(word)
          : ((protect || math) && UPPER.test(piece)) || hasInnerCapital(piece),
      ),
    );
  }
  return words.join(' ');
}

const MAX_DEPTH = 32;

/** Characters run copies as they are, in text and in math. */
const PLAIN_TEXT = /[^$\\{}~-]*/y;
const PLAIN_MATH = /[^\\{}_^'-]*/y;

/** A control word's name, read from just after its backslash (at most 40 letters: no command is longer). */
const CONTROL_WORD = /[A-Za-z]{1,40}/y;

class TexReader {
  /** The partner of every brace that has one (`\{` and `\}` are not braces here). */
  private readonly partners = new Map<number, number>();

  /** Set by run when a `{…}` group of the text it converted gave a capital. */
  protect = false;

  /** Set by run when the text it converted held math. */
  math = false;

  constructor(private readonly text: string) {
    if (!text.includes('{')) return;
    const stack: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '\\') i += 1;
      else if (char === '{') stack.push(i);
      else if (char === '}') {
        const start = stack.pop();
        if (start !== undefined) {
          this.partners.set(start, i);
          this.partners.set(i, start);
        }
      }
    }
  }

  /** The top-level words of the text, as [from, to) ranges: split at white space outside braces and math. */
  words(): Array<[number, number]> {
    const { text } = this;
    const words: Array<[number, number]> = [];
    let start = -1;
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      // texToCsl folds white space to single spaces first.
      if (char === ' ') {
        if (start !== -1) words.push([start, i]);
        start = -1;
        continue;
      }
      if (start === -1) start = i;
      if (char === '\\') i += 1;
      else if (char === '{' && (this.partners.get(i) ?? -1) > i) i = this.partners.get(i)!;
      else if (char === '$') {
        const display = text[i + 1] === '$';
        const end = this.mathEnd(i, text.length, display);
        if (end !== -1) i = end + (display ? 1 : 0);
      }
    }
    if (start !== -1) words.push([start, text.length]);
    return words;
  }

  /** Converts `text[from, to)`, in math or text mode. */
  run(from: number, to: number, math: boolean, depth: number): string {
    const { text } = this;
    let out = '';
    let i = from;
    while (i < to) {
      const char = text[i]!;
      if (char === '$' && !math) {
        const display = text[i + 1] === '$';
        const end = this.mathEnd(i, to, display);
        if (end === -1) {
          out += '$';
          i += 1;
        } else {
          out += this.run(i + (display ? 2 : 1), end, true, depth + 1);
          this.math = true;
          i = end + (display ? 2 : 1);
        }
      } else if (char === '{') {
        const end = this.partners.get(i) ?? -1;
        if (end === -1 || end >= to) i += 1;
        else {
          const group = depth < MAX_DEPTH ? this.run(i + 1, end, math, depth + 1) : text.slice(i + 1, end);
          if (!math && /\p{Lu}/u.test(group)) this.protect = true;
          out += group;
          i = end + 1;
        }
      } else if (char === '}') {
        i += 1;
      } else if (char === '\\') {
        const [converted, next] = this.command(i, to, math, depth);
        out += converted;
        i = next;
      } else if (math && (char === '_' || char === '^')) {
        const [argument, next] = this.argument(i + 1, to, true, depth);
        out += argument === '' ? '' : `<${char === '_' ? 'sub' : 'sup'}>${argument}</${char === '_' ? 'sub' : 'sup'}>`;
        i = next;
      } else if (math && char === "'") {
        out += '′';
        i += 1;
      } else if (math && char === '-') {
        out += '−';
        i += 1;
      } else if (!math && char === '~') {
        out += ' ';
        i += 1;
      } else if (!math && char === '-' && text[i + 1] === '-') {
        const em = text[i + 2] === '-';
        out += em ? '—' : '–';
        i += em ? 3 : 2;
      } else {
        // A run of characters with no meaning in this mode, copied in one piece.
        const plain = math ? PLAIN_MATH : PLAIN_TEXT;
        plain.lastIndex = i + 1;
        const end = plain.test(text) ? Math.min(plain.lastIndex, to) : i + 1;
        out += text.slice(i, end);
        i = end;
      }
    }
    return out;
  }

  /** Where the `$` (or `$$`) closing the math opened at `start` is, or -1. */
  private mathEnd(start: number, to: number, display: boolean): number {
    const { text } = this;
    for (let j = start + (display ? 2 : 1); j < to; j++) {
      if (text[j] === '\\') j += 1;
      else if (text[j] === '$') {
        if (!display) return j > start + 1 ? j : -1;
        if (text[j + 1] === '$') return j;
      }
    }
    return -1;
  }

  /** The argument starting at `i` (after spaces): a group, a command, or one character; converted, and its end. */
  private argument(i: number, to: number, math: boolean, depth: number): [string, number] {
    const { text } = this;
    while (i < to && text[i] === ' ') i += 1;
    if (i >= to) return ['', i];
    if (text[i] === '{') {
      const end = this.partners.get(i) ?? -1;
      if (end !== -1 && end < to) {
        return [depth < MAX_DEPTH ? this.run(i + 1, end, math, depth + 1) : text.slice(i + 1, end), end + 1];
      }
      return ['', i + 1];
    }
    if (text[i] === '\\') return this.command(i, to, math, depth);
    if (text[i] === '}') return ['', i];
    const point = text.codePointAt(i)!;
    const char = String.fromCodePoint(point);
    return [math && char === '-' ? '−' : char, i + char.length];
  }

  /** The command at `i` (a backslash), converted, and where the text after it starts. */
  private command(i: number, to: number, math: boolean, depth: number): [string, number] {
    const { text } = this;
    CONTROL_WORD.lastIndex = i + 1;
    const name = CONTROL_WORD.exec(text)?.[0];
    if (name === undefined) {
      const symbol = text[i + 1];
      if (symbol === undefined || i + 1 >= to) return ['', to];
      if (ESCAPES.has(symbol)) return [symbol === '\\' ? ' ' : symbol, i + 2];
      const mark = TEXT_ACCENTS.get(symbol);
      if (mark !== undefined && !math) return this.accented(i + 2, to, mark, math, depth);
      // Spacing (`\,` `\;` `\ `), the italic correction and hyphenation hints.
      return [/[,;: ]/.test(symbol) ? ' ' : '', i + 2];
    }
    let next = Math.min(i + 1 + name.length, to);
    // A control word eats the spaces after it.
    const afterSpaces = (): number => {
      let j = next;
      while (j < to && text[j] === ' ') j += 1;
      return j;
    };
    const symbol = SYMBOLS.get(name);
    // In math the source's spacing is kept (`\epsilon \leq 1` → `ϵ ≤ 1`, as TeX spaces a relation).
    if (symbol !== undefined) return [symbol, math ? next : afterSpaces()];
    if (FUNCTIONS.has(name)) {
      const end = afterSpaces();
      return [/[\p{L}\p{N}\\]/u.test(text[end] ?? '') && end < to ? `${name} ` : name, end];
    }
    if (IGNORED.has(name)) return ['', afterSpaces()];
    const letter = TEXT_LETTERS.get(name) ?? TEXT_SYMBOLS.get(name);
    if (letter !== undefined) {
      next = afterSpaces();
      // `\ss{}`: the empty group only ends the command name.
      if (text[next] === '{' && this.partners.get(next) === next + 1) next += 2;
      return [letter, next];
    }
    const tag = TAGGED.get(name);
    if (tag !== undefined) {
      const [argument, end] = this.argument(next, to, math, depth + 1);
      return [argument === '' ? '' : `${open(tag)}${argument}${close(tag)}`, end];
    }
    const alphabet = ALPHABETS.get(ALPHABET_ALIASES.get(name) ?? name);
    if (alphabet !== undefined) {
      const [argument, end] = this.argument(next, to, math, depth + 1);
      return [[...argument].map((char) => alphabetLetter(alphabet, char)).join(''), end];
    }
    const mathAccent = MATH_ACCENTS.get(name);
    if (mathAccent !== undefined) {
      const [argument, end] = this.argument(next, to, math, depth + 1);
      return [[...argument].map((char) => (char === ' ' ? char : `${char}${mathAccent}`)).join(''), end];
    }
    const mark = TEXT_ACCENTS.get(name);
    if (mark !== undefined) return this.accented(next, to, mark, math, depth);
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
      const [top, middle] = this.argument(next, to, math, depth + 1);
      const [bottom, end] = this.argument(middle, to, math, depth + 1);
      return [`${wrap(top)}/${wrap(bottom)}`, end];
    }
    // Unknown, or a font a title needs no tag for (`\mathrm`, `\text`): the command goes, its arguments stay (read as
    // groups by run).
    return ['', afterSpaces()];
  }

  /** A text accent (`\"o`, `\v{s}`) over its argument's first character, composed. */
  private accented(i: number, to: number, mark: string, math: boolean, depth: number): [string, number] {
    const [argument, end] = this.argument(i, to, math, depth + 1);
    const chars = [...argument];
    if (chars.length === 0) return ['', end];
    return [`${chars[0]}${mark}${chars.slice(1).join('')}`.normalize('NFC'), end];
  }
}

/** A fraction's part, in parentheses when it is more than one symbol. */
function wrap(part: string): string {
  return [...part].length <= 1 || /^\p{N}+$/u.test(part) ? part : `(${part})`;
}

function alphabetLetter(alphabet: Alphabet, char: string): string {
  const hole = Object.hasOwn(alphabet.holes, char) ? alphabet.holes[char] : undefined;
  if (hole !== undefined) return hole;
  if (char >= 'A' && char <= 'Z') return String.fromCodePoint(alphabet.upper + char.charCodeAt(0) - 65);
  if (char >= 'a' && char <= 'z' && alphabet.lower !== undefined) {
    return String.fromCodePoint(alphabet.lower + char.charCodeAt(0) - 97);
  }
  return char;
}

/** Characters TeX reads specially, as texToCsl reads them back to themselves. */
const TEX_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  $: '\\$',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
};

const CSL_HINT = /[<\\${}~]|--/;

/**
 * TeX source rather than rich text: a control word (`\mathcal`) or a math span with TeX in it (`$n^2$`, `$x_{i}$`).
 * Zotero keeps arXiv titles as TeX in its CSL-JSON.
 */
const TEX_SOURCE = /\\[A-Za-z]|\$[^$]*(?:[\\^_{])[^$]*\$/;

/** Whether a CSL title from another tool is TeX source (Zotero's arXiv titles) rather than rich text. */
export function isTexSource(title: string): boolean {
  return TEX_SOURCE.test(title);
}

/**
 * A CSL rich-text title as TeX that texToCsl writes back to the same string: `<i>`/`<b>`/`<sub>`/`<sup>` and the
 * small-caps span become commands, `<span class="nocase">` a `{…}` group, `\ $ { } ~` are escaped, `--` is kept apart
 * (`-{}-`). Tags it does not know stay text; an unclosed tag stays text too.
 */
export function cslToTex(rich: string): string {
  if (!CSL_HINT.test(rich)) return rich;
  const pairs = tagPairs(rich);
  let out = '';
  let i = 0;
  while (i < rich.length) {
    const char = rich[i]!;
    const tag = pairs.get(i);
    if (tag !== undefined) {
      out += tag.tex;
      i += tag.length;
    } else if (char === '-' && rich[i + 1] === '-') {
      out += '-{}';
      i += 1;
    } else {
      out += TEX_ESCAPES[char] ?? char;
      i += 1;
    }
  }
  return out;
}

/** CSL rich-text tags and the TeX each opening one becomes (the closing one becomes `}`). */
const OPENING_TAGS = /<(?:(i|b|sub|sup)|span (?:(class="nocase")|style="font-variant:\s*small-caps;?"))>/iy;
const CLOSING_TAG = /<\/(i|b|sub|sup|span)>/iy;

/**
 * The tags of `rich` that form properly nested, non-empty elements, by position: what cslToTex converts. A tag without
 * its partner, or an empty element, stays text (texToCsl writes neither).
 */
function tagPairs(rich: string): Map<number, { tex: string; length: number }> {
  const pairs = new Map<number, { tex: string; length: number }>();
  const open: Array<{ at: number; name: string; tex: string; length: number }> = [];
  for (let i = rich.indexOf('<'); i !== -1; i = rich.indexOf('<', i + 1)) {
    OPENING_TAGS.lastIndex = i;
    const opening = OPENING_TAGS.exec(rich);
    if (opening) {
      const simple = opening[1]?.toLowerCase();
      const command = simple === undefined ? (opening[2] ? '' : 'textsc') : TAG_NAMES[simple]!;
      open.push({
        at: i,
        name: simple ?? 'span',
        tex: command === '' ? '{' : `\\${command}{`,
        length: opening[0].length,
      });
      continue;
    }
    CLOSING_TAG.lastIndex = i;
    const closing = CLOSING_TAG.exec(rich);
    if (!closing) continue;
    const name = closing[1]!.toLowerCase();
    const index = open.findLastIndex((element) => element.name === name);
    if (index !== -1) {
      // Elements opened inside it and never closed stay text.
      const top = open[index]!;
      open.length = index;
      if (top.at + top.length === i) continue;
      pairs.set(top.at, { tex: top.tex, length: top.length });
      pairs.set(i, { tex: '}', length: closing[0].length });
    }
  }
  return pairs;
}

const TAG_NAMES: Readonly<Record<string, string>> = {
  i: 'emph',
  b: 'textbf',
  sub: 'textsubscript',
  sup: 'textsuperscript',
};

const SUBSCRIPTS: Readonly<Record<string, string>> = Object.fromEntries(
  [...'0123456789+-=()aehijklmnoprstuvx'].map((char, index) => [char, [...'₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ'][index]!]),
);
const SUPERSCRIPTS: Readonly<Record<string, string>> = Object.fromEntries(
  [...'0123456789+-=()in'].map((char, index) => [char, [...'⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ'][index]!]),
);

/** `<sub>`/`<sup>` content as Unicode sub- or superscripts when every character has one, else as it is. */
function scripted(text: string, table: Readonly<Record<string, string>>): string {
  const chars = [...text.replace('−', '-')];
  return chars.every((char) => table[char] !== undefined) ? chars.map((char) => table[char]).join('') : text;
}

/**
 * A CSL rich-text title as plain text, for a paper whose title is not TeX (no arXiv id): `<sub>2</sub>` → `₂`,
 * `<sup>2</sup>` → `²` (the content as it is when a character has no such form), the other tags of CSL rich text
 * (`<i>`, `<b>`, small caps, `nocase`) dropped with their content kept. plainToCsl writes the same text back, its
 * protection decided again.
 */
export function cslToPlain(rich: string): string {
  if (!rich.includes('<')) return rich;
  return rich
    .replace(/<sub>([^<]*)<\/sub>/gi, (_, content: string) => scripted(content, SUBSCRIPTS))
    .replace(/<sup>([^<]*)<\/sup>/gi, (_, content: string) => scripted(content, SUPERSCRIPTS))
    .replace(/<\/?(?:i|b|sub|sup)>|<span (?:class="nocase"|style="font-variant:\s*small-caps;?")>|<\/span>/gi, '');
}
