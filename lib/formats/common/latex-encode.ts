/**
 * Unicode → LaTeX for ASCII BibTeX, derived from latex-table.ts: precomposed Latin letters through NFD plus the accent
 * commands (`ü` → `{\"u}`, `š` → `{\v{s}}`, `ș` → `{\textcommabelow{s}}`), letters NFD does not split through the
 * letter commands (`ø` → `{\o}`, `ß` → `{\ss}`), compatibility forms through NFKD (`ﬁ` → `{fi}`), `…` → `\ldots{}`,
 * typographic quotes and dashes as TeX's ligatures (`–` → `--`). Each letter is one brace group, which BibTeX styles
 * treat as one letter when they change case or sort. Greek letters and math symbols become math (`α` → `{$\alpha$}` in
 * text, `\alpha` inside a `$…$` span; `±` → `{$\pm$}`), since pdflatex's default fonts have no Greek text glyphs. Text
 * with no LaTeX form (CJK, Greek with accents, letters with marks LaTeX has no command for) stays UTF-8: it is never
 * dropped.
 */
import {
  ASCII_FALLBACKS,
  GREEK_LOOKALIKES,
  LATEX_ACCENTS,
  LATEX_GREEK,
  LATEX_LETTERS,
  LATEX_MATH_SYMBOLS,
  LATEX_SYMBOLS,
  TEX_LIGATURES,
} from './latex-table.ts';

const ACCENT_OF_MARK = new Map(LATEX_ACCENTS.map(({ mark, command }) => [mark, command]));
const COMMAND_OF_LETTER = new Map(LATEX_LETTERS.map(({ char, command }) => [char, `\\${command}`]));
const COMMAND_OF_SYMBOL = new Map(
  LATEX_SYMBOLS.filter((symbol) => symbol.written).map(({ char, commands }) => [char, `\\${commands[0]}{}`]),
);

/** The text command for an ASCII special with no backslash escape (`^` → `\textasciicircum{}`). */
export function symbolToTex(char: string): string {
  const command = COMMAND_OF_SYMBOL.get(char);
  if (command === undefined) throw new Error(`latex-table.ts writes no command for ${JSON.stringify(char)}`);
  return command;
}

const LIGATURES = new Map([
  ...TEX_LIGATURES.map(({ char, tex }) => [char, tex] as const),
  ...ASCII_FALLBACKS.map(({ char, ascii }) => [char, ascii] as const),
]);

/** Greek letter or math symbol → its math command (`\alpha`, `\mathrm{A}`, `\pm`); the micro sign is written as mu. */
const GREEK_MATH = new Map<string, string>([
  ...LATEX_GREEK.map(({ char, command }) => [char, `\\${command}`] as const),
  ...LATEX_MATH_SYMBOLS.map(({ char, command }) => [char, `\\${command}`] as const),
  ...GREEK_LOOKALIKES.map(({ char, latin }) => [char, `\\mathrm{${latin}}`] as const),
  ['\u00b5', '\\mu'],
]);

/** Tie: the one double mark in the table, whose argument is the letter before it and the letter after it. */
const TIE = '\u0361';

/**
 * A base character and the combining marks after it, or a run of marks with no base. A base whose marks end in a tie
 * takes the letter after it and its marks too (`t͡s`).
 */
const CLUSTER = /\P{M}(?:\p{M}*\u0361\p{L})?\p{M}*|\p{M}+/gu;

/**
 * `text` with every character that has a LaTeX form written as LaTeX; ASCII is returned as it is. `math` says the text
 * is inside a `$…$` span, where a Greek letter is its bare command (`\alpha`, with a space before a letter that would
 * join its name) rather than a braced math span.
 */
export function unicodeToTex(text: string, math = false): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  const clusters = withTies(text).match(CLUSTER) ?? [];
  let out = '';
  for (let i = 0; i < clusters.length; i++) {
    const cluster = clusters[i]!;
    const greek = GREEK_MATH.get(cluster);
    if (greek === undefined) out += clusterToTex(cluster);
    else if (!math) out += `{$${greek}$}`;
    else out += /^[A-Za-z]/.test(clusters[i + 1] ?? '') && !greek.endsWith('}') ? `${greek} ` : greek;
  }
  return out;
}

/**
 * The text with what TeX cannot print and need not: variation selectors dropped (they choose a glyph, and pdflatex has
 * one glyph per letter), and a tie written in two halves (`t︠s︡`, U+FE20 and U+FE21, as library catalogues
 * transliterate Russian) as the one tie (`t͡s`, U+0361) the table knows.
 */
function withTies(text: string): string {
  return text.replace(/[\ufe00-\ufe0f]/g, '').replace(/(\p{L}\p{M}*)\ufe20(\p{L}\p{M}*)\ufe21/gu, '$1\u0361$2');
}

function clusterToTex(cluster: string): string {
  if (/^[\x00-\x7f]+$/.test(cluster)) return cluster;
  // The replacement character marks text already lost (a broken byte in a file read, a lone surrogate): it has no
  // LaTeX form and no glyph, so it is written as the question mark it stands for.
  if (cluster === '\ufffd') return '?';
  const punctuation = LIGATURES.get(cluster) ?? COMMAND_OF_SYMBOL.get(cluster);
  if (punctuation !== undefined) return punctuation;
  // Marks with no base, e.g. after a command (`\emph` + U+0301): a standalone accent, so they cannot combine with
  // the letter before them in the output.
  if (/^\p{M}/u.test(cluster)) {
    const standalone = accentedToTex(`{}${cluster}`);
    return standalone === undefined ? `{}${cluster}` : `{${standalone}}`;
  }
  const tie = cluster.indexOf(TIE);
  if (tie !== -1 && tie < cluster.length - 1 && !/^\p{M}/u.test(cluster.slice(tie + 1))) {
    // Two letters under one tie; when either has no LaTeX form, each is written on its own.
    const [first, second] = [cluster.slice(0, tie + 1), cluster.slice(tie + 1)];
    return tiedToTex(first.slice(0, -1), second) ?? clusterToTex(first) + clusterToTex(second);
  }
  const accented = COMMAND_OF_LETTER.get(cluster) ?? accentedToTex(cluster.normalize('NFD'));
  if (accented !== undefined) return `{${accented}}`;
  // Compatibility forms of Latin letters (ﬁ, ª, Ａ, ʰ): their NFKD is plain or accented Latin.
  if (/^\p{Script=Latin}/u.test(cluster)) {
    const compat = cluster.normalize('NFKD').match(CLUSTER) ?? [];
    const parts = compat.map((part) =>
      /^[A-Za-z0-9]$/.test(part) ? part : (COMMAND_OF_LETTER.get(part) ?? accentedToTex(part)),
    );
    // A ligature of plain letters (ﬁ → fi) is those letters: braces would only come back as a change when it is read
    // (the reader drops them, and `fi` is written bare).
    if (parts.length > 1 && parts.every((part) => /^[A-Za-z0-9]$/.test(part!))) return parts.join('');
    if (parts.length > 0 && parts.every((part) => part !== undefined)) return `{${parts.join('')}}`;
  }
  return cluster;
}

/**
 * `t`, `s` (the letters either side of a tie) → `{\t{ts}}`; each keeps its own accents (`{\t{{\'e}e}}`). Undefined when
 * a letter has no LaTeX form.
 */
function tiedToTex(first: string, second: string): string | undefined {
  const letters = [first, second].map((letter) => {
    if (/^[A-Za-z]$/.test(letter)) return letter;
    const tex = COMMAND_OF_LETTER.get(letter) ?? accentedToTex(letter.normalize('NFD'));
    return tex === undefined ? undefined : `{${tex}}`;
  });
  if (letters.some((letter) => letter === undefined)) return undefined;
  return `{\\${ACCENT_OF_MARK.get(TIE)}{${letters.join('')}}}`;
}

/**
 * `u` + U+0308 → `\"u`; `s` + U+030C → `\v{s}`; `ø` + U+0301 → `\'{\o}`; `{}` + U+0301 (no base) → `\'{}`. Undefined
 * when a part has no command.
 */
function accentedToTex(decomposed: string): string | undefined {
  const [base = '', ...marks] = decomposed.startsWith('{}') ? ['', ...decomposed.slice(2)] : [...decomposed];
  if (marks.length === 0) return undefined;
  let inner = /^[A-Za-z]?$/.test(base) ? base : COMMAND_OF_LETTER.get(base);
  if (inner === undefined) return undefined;
  for (const mark of marks) {
    const command = ACCENT_OF_MARK.get(mark);
    if (command === undefined) return undefined;
    // Symbol accents take a bare letter (`\"u`); word accents, and any accent on a command, a group (`\v{s}`).
    const bare: boolean = !/^[A-Za-z]+$/.test(command) && /^[A-Za-z]$/.test(inner);
    inner = bare ? `\\${command}${inner}` : `\\${command}{${inner}}`;
  }
  return inner;
}
