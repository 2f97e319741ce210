/**
 * BibTeX export in arXiv's own shape (`@misc` + `eprint`/`archivePrefix`/`primaryClass`,
 * reference/identity-and-export.md §2.1), written for traditional BibTeX: the file is ASCII (§2.3).
 *
 * Text fields (title, author names, abstract) are escaped by one of two rules:
 *
 * - **`tex`** (default for papers with an arXiv id: arXiv titles are TeX source, and arXiv's own exporter passes them
 *   through, §2.3). Passed through unchanged: `$…$` math spans whose braces balance; control words (`\mathcal`,
 *   `\emph`, `\ss`); control symbols (`\"`, `\'`, `\%`, `\&`, `\{`, `\\`, …); `{…}` groups such as `{BERT}`; `~` (a
 *   tie). Escaped: `# % & _` → `\#` …; a `$` that opens no balanced span → `\$`; `^ < > |` → `\textasciicircum{}`,
 *   `\textless{}`, `\textgreater{}`, `\textbar{}`; a backslash that starts no command → `\textbackslash{}`.
 * - **`plain`** (default for other papers: page text is not TeX). Every special is escaped as Zotero does (§2.3):
 *   `# $ % & _` get a backslash, `\ ~ ^ < > |` become `\text…{}` commands.
 *
 * In both rules an unmatched brace becomes `\{\vphantom{\}}` or `\vphantom{\{}\}` (Zotero's trick: BibTeX counts
 * every brace, escaped or not, so only a pair keeps the entry parseable). Letters with a LaTeX form become escapes:
 * precomposed Latin letters through NFD plus a table of accent commands (`ü` → `{\"u}`, `š` → `{\v{s}}`), letters NFD
 * does not split through a second table (`ø` → `{\o}`, `ß` → `{\ss}`), compatibility forms through NFKD (`ﬁ` →
 * `{fi}`). Text with no LaTeX form (CJK, Greek, letters with marks LaTeX has no command for) stays UTF-8: it is never
 * dropped. Whitespace runs and control characters collapse to one space.
 */
import { arxivIdOfKey } from '../ids.ts';
import type { Paper } from '../model.ts';
import { arxivIdOf, dateOf, doiUrl, nfc, SPACES_TO_COLLAPSE } from './common.ts';

export type TextSyntax = 'tex' | 'plain';

/**
 * What letters with a LaTeX form become: `'ascii'` writes escapes (`ü` → `{\"u}`) for traditional BibTeX, `'utf8'`
 * keeps every letter as UTF-8 for Biber (reference §2.3). Escaping of specials and braces is the same in both.
 */
export type TextEncoding = 'ascii' | 'utf8';

export interface BibtexOptions {
  /**
   * How text fields are read. `'auto'` reads papers with an arXiv id as TeX and other papers as plain text.
   *
   * @default 'auto'
   */
  syntax?: 'auto' | TextSyntax;
  /**
   * Also write `abstract = {…}` (arXiv's export has no abstract).
   *
   * @default false
   */
  abstract?: boolean;
}

/**
 * The BibTeX file for `papers`, in their order: one `@misc` entry each, separated by blank lines, ending with a
 * newline (an empty list gives an empty string). Cite keys are unique within the file.
 *
 * @example toBibtex([paper]) // '@misc{vaswani2017attention,\n  title = {Attention Is All You Need},\n …}\n'
 */
export function toBibtex(papers: readonly Paper[], options: BibtexOptions = {}): string {
  const keys = citeKeysFor(papers);
  const entries = papers.map((paper, index) => entryFor(paper, keys[index]!, options));
  return entries.length === 0 ? '' : `${entries.join('\n\n')}\n`;
}

/**
 * The cite keys of `papers`, in their order, unique within the list: a paper's persisted `citeKey` as it is (it was
 * given out before, so it must not change), else citeKeyFor. Generated keys avoid every persisted key of the list and
 * every key in `reserved` (the library's, when ensureCiteKeys assigns new ones), so they never take a key another
 * paper owns. A persisted key repeated by a second paper (two records that came in with the same key) gets a suffix
 * there, as a clash would.
 */
export function citeKeysFor(papers: readonly Paper[], reserved: ReadonlySet<string> = new Set()): string[] {
  const taken = new Set(reserved);
  for (const paper of papers) if (paper.citeKey !== undefined) taken.add(paper.citeKey);
  const owner = new Map<string, string>();
  return papers.map((paper) => {
    if (paper.citeKey !== undefined) {
      const first = owner.get(paper.citeKey);
      if (first === undefined) {
        owner.set(paper.citeKey, paper.key);
        return paper.citeKey;
      }
      return freeKey(paper.citeKey, taken);
    }
    return citeKeyFor(paper, taken);
  });
}

/**
 * A cite key for `paper` that is not in `taken`, which it is added to: first author's family name + year + first
 * title word that is not a stop word, lowercase `[a-z0-9]` (`vaswani2017attention`). Clashes get `a`, `b`, … `z`,
 * `aa`… in call order. When the family name has no Latin letters (`李华`), the key is `arxiv` + the id's digits (or
 * `doi` + the DOI's letters and digits).
 */
export function citeKeyFor(paper: Paper, taken: Set<string>): string {
  return freeKey(baseCiteKey(paper), taken);
}

/**
 * Per `taken` set, the first suffix of each base not yet tried. Keys only ever join a set, so a suffix found taken
 * stays taken: resuming there gives the same key as counting from `a` again, without the quadratic walk when
 * thousands of papers share a base (`smith2024deep`). Measured: 100k keys went from minutes to well under a second.
 */
const nextSuffix = new WeakMap<Set<string>, Map<string, number>>();

/** `base`, or `base` + the first free suffix (`a`, `b`, … `z`, `aa`…), added to `taken`. */
function freeKey(base: string, taken: Set<string>): string {
  let memo = nextSuffix.get(taken);
  if (memo === undefined) nextSuffix.set(taken, (memo = new Map()));
  let key = base;
  let n = taken.has(key) ? (memo.get(base) ?? 0) : 0;
  if (n > 0 || taken.has(key)) {
    for (key = base + letterSuffix(n); taken.has(key); key = base + letterSuffix(++n));
    memo.set(base, n + 1);
  }
  taken.add(key);
  return key;
}

/**
 * Escapes one text field value by the rule of the module comment. The result has balanced braces and leaves no
 * `# % & _` outside math unescaped. With `'ascii'` (the default) it is ASCII except for text with no LaTeX form; with
 * `'utf8'` letters stay as they are, in math spans too.
 *
 * @example escapeBibtexText('$\\mathcal{L}$-Lipschitz: 100% & Müller', 'tex') // '$\\mathcal{L}$-Lipschitz: 100\\% \\& M{\\"u}ller'
 * @example escapeBibtexText('100% & Müller', 'tex', 'utf8') // '100\\% \\& Müller'
 */
export function escapeBibtexText(value: string, syntax: TextSyntax, encoding: TextEncoding = 'ascii'): string {
  const text = normalizeSpace(value);
  const tokens = syntax === 'tex' ? tokenizeTex(text, encoding) : tokenizePlain(text);
  return renderTokens(tokens, encoding);
}

// ---------------------------------------------------------------------------------------------------------------
// Entries

interface Field {
  name: string;
  value: string | undefined;
}

function entryFor(paper: Paper, key: string, options: BibtexOptions): string {
  const arxivId = arxivIdOf(paper);
  const doi = paper.key.startsWith('doi:') ? paper.key.slice('doi:'.length) : undefined;
  const syntax: TextSyntax = !options.syntax || options.syntax === 'auto' ? (arxivId ? 'tex' : 'plain') : options.syntax;
  const year = yearOf(paper);
  const primaryClass = paper.primaryCategory ?? paper.subjects[0];
  const fields: Field[] = [
    { name: 'title', value: escapeBibtexText(paper.title, syntax) },
    { name: 'author', value: formatBibtexAuthors(paper.authors, syntax) },
    { name: 'year', value: year === undefined ? undefined : String(year) },
    { name: 'eprint', value: arxivId },
    { name: 'archivePrefix', value: arxivId ? 'arXiv' : undefined },
    { name: 'primaryClass', value: arxivId && primaryClass ? escapeBibtexText(primaryClass, 'plain') : undefined },
    // The DOI itself, not arXiv's resolver URL (§2.1 "quirk not to copy").
    { name: 'doi', value: doi === undefined ? undefined : bibtexVerbatim(doi) },
    { name: 'url', value: doi === undefined ? (arxivId ? `https://arxiv.org/abs/${arxivId}` : undefined) : doiUrl(doi) },
    { name: 'abstract', value: options.abstract && paper.abstract ? escapeBibtexText(paper.abstract, syntax) : undefined },
  ];
  const lines = fields.filter((field) => field.value).map((field) => `  ${field.name} = {${field.value}},`);
  return [`@misc{${key},`, ...lines, '}'].join('\n');
}

/** "First Last and First Last". A name BibTeX would split or reorder (`and`, a comma) is braced as one unit. */
export function formatBibtexAuthors(
  authors: readonly string[],
  syntax: TextSyntax,
  encoding: TextEncoding = 'ascii',
): string | undefined {
  const names = authors
    .map((author) => escapeBibtexText(author, syntax, encoding))
    .filter((name) => name !== '')
    .map((name) => (/,|(?:^|\s)and(?:\s|$)/i.test(name) ? `{${name}}` : name));
  return names.length > 0 ? names.join(' and ') : undefined;
}

/** The v1 year (`dateOf` in common.ts says where it comes from). */
function yearOf(paper: Paper): number | undefined {
  return dateOf(paper)?.year;
}

/** A value written as is (DOI), except what would unbalance the entry or leave ASCII. */
export function bibtexVerbatim(value: string): string {
  return value.replace(/[{}\\\s]|[^\x20-\x7e]/gu, (char) => encodeURIComponent(char));
}

// ---------------------------------------------------------------------------------------------------------------
// Cite keys

/** Words a cite key skips (arXiv's key builder skips stop words too, §2.4). */
const STOP_WORDS = new Set([
  'a', 'about', 'an', 'and', 'are', 'as', 'at', 'be', 'beyond', 'by', 'can', 'do', 'does', 'for', 'from', 'how',
  'in', 'into', 'is', 'it', 'its', 'not', 'of', 'on', 'or', 'our', 'over', 'than', 'that', 'the', 'their', 'this',
  'to', 'toward', 'towards', 'under', 'via', 'vs', 'we', 'what', 'when', 'where', 'which', 'who', 'why', 'with',
  'without', 'you', 'your',
]);

function baseCiteKey(paper: Paper): string {
  const arxivId = arxivIdOfKey(paper.key);
  const syntax: TextSyntax = arxivIdOf(paper) ? 'tex' : 'plain';
  const firstAuthor = paper.authors.find((author) => author.trim() !== '') ?? '';
  // The family name is the last word, kept whole (O'Neil → oneil); title words split at any non-alphanumeric.
  const family = toKeyAscii(keyWords(firstAuthor, syntax).at(-1) ?? '').replace(/[^a-z0-9]/g, '');
  if (family === '') {
    const fallback = arxivId ? `arxiv${arxivId.replace(/\D/g, '')}` : `doi${paper.key.slice('doi:'.length)}`;
    return toKeyAscii(fallback).replace(/[^a-z0-9]/g, '').slice(0, 40);
  }
  const word = toKeyAscii(keyWords(paper.title, syntax).join(' '))
    .split(/[^a-z0-9]+/)
    .find((candidate) => candidate !== '' && !STOP_WORDS.has(candidate));
  return `${family}${yearOf(paper) ?? ''}${word ?? ''}`;
}

/** Letter commands that stand for a letter, so `Stra\ss{}e` keys as `strasse`. */
const LETTER_COMMANDS: Record<string, string> = {
  aa: 'a', AA: 'A', ae: 'ae', AE: 'AE', i: 'i', j: 'j', l: 'l', L: 'L', o: 'o', O: 'O', oe: 'oe', OE: 'OE', ss: 'ss',
};

/** Whitespace-separated words of a text field with its TeX removed: math spans dropped, commands unwrapped. */
function keyWords(text: string, syntax: TextSyntax): string[] {
  let plain = normalizeSpace(text);
  if (syntax === 'tex') {
    plain = plain
      .replace(/(?<!\\)\$(?:[^$\\]|\\.)+\$/g, ' ')
      .replace(/\\([A-Za-z]+) ?/g, (_, name: string) => LETTER_COMMANDS[name] ?? '')
      .replace(/\\./g, '')
      .replace(/[{}]/g, '');
  }
  return plain.split(/[\s~]+/).filter((word) => word !== '');
}

/** Letters that neither NFKD nor mark stripping turn into ASCII. */
const KEY_FOLDS: Record<string, string> = {
  ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', ı: 'i', ȷ: 'j', đ: 'd', ð: 'd', þ: 'th', ŋ: 'ng', ħ: 'h', ŧ: 't',
};

/** Lowercase ASCII transliteration; what has no Latin reading is dropped (Müller → muller, Ødegaard → odegaard, 李华 → ''). */
function toKeyAscii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x00-\x7f]/gu, (char) => KEY_FOLDS[char] ?? '');
}

/** `a`…`z`, `aa`, `ab`…: bijective base 26. */
function letterSuffix(n: number): string {
  let suffix = '';
  for (let rest = n + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    suffix = String.fromCharCode(97 + ((rest - 1) % 26)) + suffix;
  }
  return suffix;
}

// ---------------------------------------------------------------------------------------------------------------
// Text escaping

type Token =
  /** Emitted as is: math, commands, escapes already made. */
  | { kind: 'raw'; text: string }
  /** Unicode text still to be turned into ASCII escapes. */
  | { kind: 'text'; text: string }
  /** A brace BibTeX counts (`{` or `\{`), emitted as is only when it has a partner. */
  | { kind: 'open' | 'close'; text: string };

const CONTROL_WORD = /\\[A-Za-z]+/y;

/** Control symbols passed through in TeX: accents, escaped specials, spacing and `\\`. */
const CONTROL_SYMBOLS = new Set([...'"\'`^~=.%&#_$\\,;:!@/- ']);

/** Specials escaped in both syntaxes. */
const SPECIALS: Record<string, string> = {
  '#': '\\#',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

const PLAIN_SPECIALS: Record<string, string> = {
  ...SPECIALS,
  $: '\\$',
  '~': '\\textasciitilde{}',
  '\\': '\\textbackslash{}',
};

function normalizeSpace(value: string): string {
  return nfc(value)
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(SPACES_TO_COLLAPSE, ' ')
    .trim();
}

function tokenizePlain(text: string): Token[] {
  const tokens: Token[] = [];
  for (const char of text) {
    if (char === '{') tokens.push({ kind: 'open', text: char });
    else if (char === '}') tokens.push({ kind: 'close', text: char });
    else if (PLAIN_SPECIALS[char]) tokens.push({ kind: 'raw', text: PLAIN_SPECIALS[char] });
    else pushText(tokens, char);
  }
  // Plain text has no groups: every brace is literal, so none may pair up.
  return tokens.map((token) => (token.kind === 'open' || token.kind === 'close' ? literalBrace(token.kind) : token));
}

function tokenizeTex(text: string, encoding: TextEncoding): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '$') {
      const end = mathEnd(text, i);
      if (end === undefined) {
        tokens.push({ kind: 'raw', text: '\\$' });
        i += 1;
      } else {
        // Verbatim, except that in ASCII files non-ASCII letters still get escapes.
        const math = text.slice(i, end);
        tokens.push({ kind: 'raw', text: encoding === 'ascii' ? unicodeToTex(math) : math });
        i = end;
      }
    } else if (char === '\\') {
      const next = text[i + 1] ?? '';
      CONTROL_WORD.lastIndex = i;
      const word = CONTROL_WORD.exec(text);
      if (word) {
        tokens.push({ kind: 'raw', text: word[0] });
        i += word[0].length;
      } else if (next === '{' || next === '}') {
        tokens.push({ kind: next === '{' ? 'open' : 'close', text: `\\${next}` });
        i += 2;
      } else if (CONTROL_SYMBOLS.has(next)) {
        tokens.push({ kind: 'raw', text: `\\${next}` });
        i += 2;
      } else {
        tokens.push({ kind: 'raw', text: '\\textbackslash{}' });
        i += 1;
      }
    } else if (char === '{' || char === '}') {
      tokens.push({ kind: char === '{' ? 'open' : 'close', text: char });
      i += 1;
    } else if (char === '~') {
      tokens.push({ kind: 'raw', text: '~' });
      i += 1;
    } else if (SPECIALS[char]) {
      tokens.push({ kind: 'raw', text: SPECIALS[char] });
      i += 1;
    } else {
      pushText(tokens, char);
      i += 1;
    }
  }
  return pairBraces(tokens);
}

/**
 * Where the math span opening at `start` ends (exclusive), or undefined when this `$` opens none: no closing `$`, an
 * empty span (`$$` would start display math), or braces that do not balance.
 */
function mathEnd(text: string, start: number): number | undefined {
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === '\\') {
      j += 1;
    } else if (text[j] === '$') {
      return j > start + 1 && bracesBalance(text.slice(start, j + 1)) ? j + 1 : undefined;
    }
  }
  return undefined;
}

/** True when every brace (escaped or not: BibTeX counts both) closes one opened before it. */
function bracesBalance(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '{') depth += 1;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Keeps braces that pair up; an unmatched one becomes a literal brace that is balanced on its own. */
function pairBraces(tokens: Token[]): Token[] {
  const open: number[] = [];
  const unmatched = new Set<number>();
  tokens.forEach((token, index) => {
    if (token.kind === 'open') open.push(index);
    else if (token.kind === 'close' && open.pop() === undefined) unmatched.add(index);
  });
  for (const index of open) unmatched.add(index);
  return tokens.map((token, index) =>
    unmatched.has(index) && (token.kind === 'open' || token.kind === 'close') ? literalBrace(token.kind) : token,
  );
}

function literalBrace(kind: 'open' | 'close'): Token {
  return { kind: 'raw', text: kind === 'open' ? '\\{\\vphantom{\\}}' : '\\vphantom{\\{}\\}' };
}

function pushText(tokens: Token[], char: string): void {
  const last = tokens.at(-1);
  if (last?.kind === 'text') last.text += char;
  else tokens.push({ kind: 'text', text: char });
}

function renderTokens(tokens: readonly Token[], encoding: TextEncoding): string {
  const renderText = encoding === 'ascii' ? unicodeToTex : detachMarks;
  return tokens.map((token) => (token.kind === 'text' ? renderText(token.text) : token.text)).join('');
}

/**
 * UTF-8 text as is, except combining marks with no base letter (after a command, as in `\\emph` + U+0301): an empty
 * group keeps them from being read as part of the command name.
 */
function detachMarks(text: string): string {
  return /^\p{M}/u.test(text) ? `{}${text}` : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Unicode → LaTeX

/** Combining marks (after NFD) → accent command. Symbol accents take a bare letter, letter accents a group. */
const ACCENTS: Record<string, string> = {
  '\u0300': '`',
  '\u0301': "'",
  '\u0302': '^',
  '\u0303': '~',
  '\u0304': '=',
  '\u0306': 'u',
  '\u0307': '.',
  '\u0308': '"',
  '\u030a': 'r',
  '\u030b': 'H',
  '\u030c': 'v',
  '\u0323': 'd',
  // Comma below (Romanian ș, ț) has no command in base LaTeX; the cedilla is the customary BibTeX stand-in.
  '\u0326': 'c',
  '\u0327': 'c',
  '\u0328': 'k',
  '\u0331': 'b',
};

/** Letters NFD leaves whole, and the two ring letters LaTeX spells as letters. `\dj`, `\dh`, `\th`, `\ng` need T1. */
const LETTERS: Record<string, string> = {
  ø: '\\o', Ø: '\\O', æ: '\\ae', Æ: '\\AE', œ: '\\oe', Œ: '\\OE', ß: '\\ss', ẞ: '\\SS', ł: '\\l', Ł: '\\L',
  ı: '\\i', ȷ: '\\j', đ: '\\dj', Đ: '\\DJ', ð: '\\dh', Ð: '\\DH', þ: '\\th', Þ: '\\TH', ŋ: '\\ng', Ŋ: '\\NG',
  ĳ: '\\ij', Ĳ: '\\IJ', å: '\\aa', Å: '\\AA',
};

/** Typographic punctuation with an ASCII TeX spelling. */
const PUNCTUATION: Record<string, string> = {
  '\u2018': '`',
  '\u2019': "'",
  '\u201c': '``',
  '\u201d': "''",
  '\u2013': '--',
  '\u2014': '---',
  '\u2026': '\\ldots{}',
};

/** A base character and the combining marks after it, or a run of marks with no base. */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

function unicodeToTex(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return (text.match(CLUSTER) ?? []).map(clusterToTex).join('');
}

function clusterToTex(cluster: string): string {
  if (/^[\x00-\x7f]+$/.test(cluster)) return cluster;
  const punctuation = PUNCTUATION[cluster];
  if (punctuation) return punctuation;
  // Marks with no base, e.g. after a command (`\emph` + U+0301): a standalone accent, so they cannot combine with
  // the letter before them in the output.
  if (/^\p{M}/u.test(cluster)) {
    const standalone = accentedToTex(`{}${cluster}`);
    return standalone === undefined ? `{}${cluster}` : `{${standalone}}`;
  }
  const accented = LETTERS[cluster] ?? accentedToTex(cluster.normalize('NFD'));
  if (accented !== undefined) return `{${accented}}`;
  // Compatibility forms of Latin letters (ﬁ, ª, Ａ, ʰ): their NFKD is plain or accented Latin.
  if (/^\p{Script=Latin}/u.test(cluster)) {
    const compat = cluster.normalize('NFKD').match(CLUSTER) ?? [];
    const parts = compat.map((part) => (/^[A-Za-z0-9]$/.test(part) ? part : (LETTERS[part] ?? accentedToTex(part))));
    if (parts.length > 0 && parts.every((part) => part !== undefined)) return `{${parts.join('')}}`;
  }
  return cluster;
}

/**
 * `u` + U+0308 → `\"u`; `s` + U+030C → `\v{s}`; `ø` + U+0301 → `\'{\o}`; `{}` + U+0301 (no base) → `\'{}`.
 * Undefined when a part has no command.
 */
function accentedToTex(decomposed: string): string | undefined {
  const [base = '', ...marks] = decomposed.startsWith('{}') ? ['', ...decomposed.slice(2)] : [...decomposed];
  if (marks.length === 0) return undefined;
  let inner = /^[A-Za-z]?$/.test(base) ? base : LETTERS[base];
  if (inner === undefined) return undefined;
  for (const mark of marks) {
    const command = ACCENTS[mark];
    if (command === undefined) return undefined;
    const bare: boolean = /^[A-Za-z]$/.test(command) ? false : /^[A-Za-z]$/.test(inner);
    inner = bare ? `\\${command}${inner}` : `\\${command}{${inner}}`;
  }
  return inner;
}
