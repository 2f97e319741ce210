/**
 * The one table between Unicode and the LaTeX that BibTeX files carry. Both directions are derived from it:
 * latex-encode.ts writes letters as these commands for ASCII BibTeX (`ü` → `{\"u}`), latex-decode.ts reads every form
 * listed here back (`{\"u}`, `\"u`, `\"{u}` → `ü`). A character added here is written and read; the round trip over
 * every entry is tested in tests/unit/formats/common/latex.test.ts.
 *
 * Every command the writer uses is one the LaTeX kernel defines, so the file compiles with pdflatex and no extra
 * package; where one needs the T1 font encoding (`\dj`, `\dh`, `\th`, `\ng`), the entry says so. Symbols the writer
 * leaves as UTF-8 also list the commands other tools write for them (`\euro`, from the eurosym package), so that files
 * from elsewhere read well.
 */

/** An accent command and the combining mark it stands for. */
export interface LatexAccent {
  /** The combining mark, as NFD writes it after its letter. */
  mark: string;
  /** The command without its backslash: a symbol (`"`) takes a bare letter, a word (`v`) a group (`\v{s}`). */
  command: string;
}

export const LATEX_ACCENTS: readonly LatexAccent[] = [
  { mark: '\u0300', command: '`' }, // grave: è
  { mark: '\u0301', command: "'" }, // acute: é
  { mark: '\u0302', command: '^' }, // circumflex: ê
  { mark: '\u0303', command: '~' }, // tilde: ñ
  { mark: '\u0304', command: '=' }, // macron: ā
  { mark: '\u0306', command: 'u' }, // breve: ğ
  { mark: '\u0307', command: '.' }, // dot above: ż
  { mark: '\u0308', command: '"' }, // diaeresis: ü
  { mark: '\u030a', command: 'r' }, // ring above: ů
  { mark: '\u030b', command: 'H' }, // double acute: ő
  { mark: '\u030c', command: 'v' }, // caron: š
  { mark: '\u0323', command: 'd' }, // dot below: ṭ
  // Comma below (Romanian ș, ț). `\textcommabelow` is in the LaTeX kernel since its 2015/10/01 release, and
  // pdflatex's default UTF-8 input turns ș into it; the cedilla `\c` would read back as ş, another letter.
  { mark: '\u0326', command: 'textcommabelow' },
  { mark: '\u0327', command: 'c' }, // cedilla: ç (and Latvian ķ, which Unicode decomposes with a cedilla)
  { mark: '\u0328', command: 'k' }, // ogonek: ą
  { mark: '\u0331', command: 'b' }, // macron below: ḇ
  // Tie over two letters (t͡s): Unicode puts the mark between them, LaTeX takes both as the argument, `\t{ts}`.
  { mark: '\u0361', command: 't' },
];

/** A letter that is no base letter plus marks (NFD leaves it whole), and its letter command. */
export interface LatexLetter {
  char: string;
  /** The command without its backslash, written `{\o}` or `\o{}` so a following letter cannot join its name. */
  command: string;
}

export const LATEX_LETTERS: readonly LatexLetter[] = [
  { char: 'ø', command: 'o' },
  { char: 'Ø', command: 'O' },
  { char: 'æ', command: 'ae' },
  { char: 'Æ', command: 'AE' },
  { char: 'œ', command: 'oe' },
  { char: 'Œ', command: 'OE' },
  { char: 'ß', command: 'ss' },
  { char: 'ẞ', command: 'SS' },
  { char: 'ł', command: 'l' },
  { char: 'Ł', command: 'L' },
  { char: 'ı', command: 'i' },
  { char: 'ȷ', command: 'j' },
  // T1 only.
  { char: 'đ', command: 'dj' },
  { char: 'Đ', command: 'DJ' },
  { char: 'ð', command: 'dh' },
  { char: 'Ð', command: 'DH' },
  { char: 'þ', command: 'th' },
  { char: 'Þ', command: 'TH' },
  { char: 'ŋ', command: 'ng' },
  { char: 'Ŋ', command: 'NG' },
  // Both T1 and OT1.
  { char: 'ĳ', command: 'ij' },
  { char: 'Ĳ', command: 'IJ' },
  // NFD splits these into a + ring, but LaTeX spells them as letters, and so do BibTeX styles when they sort.
  { char: 'å', command: 'aa' },
  { char: 'Å', command: 'AA' },
];

/** ASCII characters TeX reserves, written with a backslash in front (`\&`). */
export const LATEX_ESCAPED = ['&', '%', '#', '_', '$', '{', '}'] as const;

/** A symbol and the text commands that stand for it. */
export interface LatexSymbol {
  char: string;
  /** Commands without their backslash, the one a writer uses first; the others are read as well. */
  commands: readonly [string, ...string[]];
  /**
   * True when the ASCII BibTeX writer spells the symbol with `commands[0]` (`\textless{}`). Other symbols stay UTF-8:
   * unlike letters they take no part in the case changes and sorting BibTeX styles do, and pdflatex's UTF-8 input turns
   * them into the same commands.
   */
  written?: boolean;
}

export const LATEX_SYMBOLS: readonly LatexSymbol[] = [
  // The ASCII specials that have no backslash escape: written as commands (Zotero writes them the same way).
  { char: '\\', commands: ['textbackslash'], written: true },
  { char: '~', commands: ['textasciitilde'], written: true },
  { char: '^', commands: ['textasciicircum'], written: true },
  { char: '<', commands: ['textless'], written: true },
  { char: '>', commands: ['textgreater'], written: true },
  { char: '|', commands: ['textbar'], written: true },
  // Read only: the writer escapes these with a backslash (LATEX_ESCAPED), or they are plain ASCII.
  { char: '$', commands: ['textdollar'] },
  { char: '_', commands: ['textunderscore'] },
  { char: '{', commands: ['textbraceleft'] },
  { char: '}', commands: ['textbraceright'] },
  { char: '%', commands: ['textpercent'] },
  { char: '&', commands: ['textampersand'] },
  { char: "'", commands: ['textquotesingle'] },
  { char: '"', commands: ['textquotedbl'] },
  { char: '…', commands: ['ldots', 'dots', 'textellipsis'], written: true },
  // Written as TEX_LIGATURES.
  { char: '–', commands: ['textendash'] },
  { char: '—', commands: ['textemdash'] },
  { char: '‘', commands: ['textquoteleft'] },
  { char: '’', commands: ['textquoteright'] },
  { char: '“', commands: ['textquotedblleft'] },
  { char: '”', commands: ['textquotedblright'] },
  { char: '§', commands: ['S'] },
  { char: '¶', commands: ['P'] },
  { char: '©', commands: ['copyright', 'textcopyright'] },
  { char: '®', commands: ['textregistered'] },
  { char: '™', commands: ['texttrademark'] },
  { char: '€', commands: ['euro', 'texteuro'] },
  { char: '£', commands: ['pounds', 'textsterling'] },
  { char: '°', commands: ['textdegree'] },
  { char: '«', commands: ['guillemotleft'] },
  { char: '»', commands: ['guillemotright'] },
  { char: '‹', commands: ['guilsinglleft'] },
  { char: '›', commands: ['guilsinglright'] },
  { char: '„', commands: ['quotedblbase'] },
  { char: '‚', commands: ['quotesinglbase'] },
  { char: '¿', commands: ['textquestiondown'] },
  { char: '¡', commands: ['textexclamdown'] },
  { char: '•', commands: ['textbullet'] },
  { char: '·', commands: ['textperiodcentered'] },
];

/**
 * Typographic punctuation the writer spells as TeX's input ligatures, which read as plain text in any style and which
 * arXiv authors type themselves. One way only: a reader keeps `--` and `'` as the TeX they are, since `'` is both ’ and
 * the ASCII apostrophe; it reads `\textendash` and the other commands of LATEX_SYMBOLS as the character.
 */
export const TEX_LIGATURES: readonly { char: string; tex: string }[] = [
  { char: '‘', tex: '`' },
  { char: '’', tex: "'" },
  { char: '“', tex: '``' },
  { char: '”', tex: "''" },
  { char: '–', tex: '--' },
  { char: '—', tex: '---' },
];

/**
 * Characters pdflatex's fonts have no glyph for that the ASCII BibTeX writer spells as the ASCII character they stand
 * for, one way only: the hyphens Unicode has besides `-`, and the modifier letters that write an apostrophe or a soft
 * sign in transliterations (`Sushchnostʹ`, `Linkeʼ`).
 */
export const ASCII_FALLBACKS: readonly { char: string; ascii: string }[] = [
  { char: '\u2010', ascii: '-' },
  { char: '\u2011', ascii: '-' },
  { char: '\u02bc', ascii: "'" },
  { char: '\u02b9', ascii: "'" },
];

/**
 * Greek letters and the math commands that stand for them. pdflatex with its default fonts has no Greek text glyphs
 * (`α` in text is an error), so the ASCII BibTeX writer spells them in math: `{$\alpha$}` in text, `\alpha` inside a
 * `$…$` span, and the reader reads a math span holding one of these commands alone (`$\Delta$`) back as the letter.
 * Variant forms follow unicode-math: U+03B5 ε is `\varepsilon`, U+03F5 ϵ is `\epsilon`; U+03C6 φ is `\varphi`, U+03D5 ϕ
 * is `\phi`. Capitals LaTeX has no command for (those that look Latin: Α, Β, Ε…) are written as upright Latin capitals
 * (`\mathrm{A}`), one way only.
 */
export const LATEX_GREEK: readonly { char: string; command: string }[] = [
  ...(
    [
      ['α', 'alpha'],
      ['β', 'beta'],
      ['γ', 'gamma'],
      ['δ', 'delta'],
      ['ε', 'varepsilon'],
      ['ϵ', 'epsilon'],
      ['ζ', 'zeta'],
      ['η', 'eta'],
      ['θ', 'theta'],
      ['ϑ', 'vartheta'],
      ['ι', 'iota'],
      ['κ', 'kappa'],
      ['λ', 'lambda'],
      ['μ', 'mu'],
      ['ν', 'nu'],
      ['ξ', 'xi'],
      ['π', 'pi'],
      ['ϖ', 'varpi'],
      ['ρ', 'rho'],
      ['ϱ', 'varrho'],
      ['σ', 'sigma'],
      ['ς', 'varsigma'],
      ['τ', 'tau'],
      ['υ', 'upsilon'],
      ['φ', 'varphi'],
      ['ϕ', 'phi'],
      ['χ', 'chi'],
      ['ψ', 'psi'],
      ['ω', 'omega'],
      ['Γ', 'Gamma'],
      ['Δ', 'Delta'],
      ['Θ', 'Theta'],
      ['Λ', 'Lambda'],
      ['Ξ', 'Xi'],
      ['Π', 'Pi'],
      ['Σ', 'Sigma'],
      ['Υ', 'Upsilon'],
      ['Φ', 'Phi'],
      ['Ψ', 'Psi'],
      ['Ω', 'Omega'],
    ] as const
  ).map(([char, command]) => ({ char, command })),
];

/**
 * Math symbols that appear in titles as text (`±0.5 K`, `3×3`, `≤ 1`): pdflatex's text fonts have no glyph for them, so
 * the ASCII BibTeX writer spells them in math as it does Greek letters (`{$\pm$}` in text, `\pm` inside a `$…$` span),
 * and the reader reads a math span holding one of these commands alone back as the symbol.
 */
export const LATEX_MATH_SYMBOLS: readonly { char: string; command: string }[] = [
  ...(
    [
      ['±', 'pm'],
      ['∓', 'mp'],
      ['×', 'times'],
      ['÷', 'div'],
      ['≤', 'leq'],
      ['≥', 'geq'],
      ['≠', 'neq'],
      ['≈', 'approx'],
      ['≡', 'equiv'],
      ['∼', 'sim'],
      ['∝', 'propto'],
      ['∞', 'infty'],
      ['∂', 'partial'],
      ['∇', 'nabla'],
      ['√', 'surd'],
      ['∈', 'in'],
      ['∑', 'sum'],
      ['∫', 'int'],
      ['→', 'rightarrow'],
      ['←', 'leftarrow'],
      ['⇒', 'Rightarrow'],
    ] as const
  ).map(([char, command]) => ({ char, command })),
];

/** Greek letters with no LaTeX command, and the Latin letter that looks the same (written `\mathrm{A}`). */
export const GREEK_LOOKALIKES: readonly { char: string; latin: string }[] = [
  ...([...'ΑΒΕΖΗΙΚΜΝΟΡΤΧ'] as const).map((char, index) => ({ char, latin: 'ABEZHIKMNOPTX'[index]! })),
  { char: 'ο', latin: 'o' },
];
