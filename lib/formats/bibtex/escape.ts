/**
 * Escaping one text field of a BibTeX or BibLaTeX entry, by one of two rules:
 *
 * - **`tex`** (default for papers with an arXiv id: arXiv titles are TeX source, and arXiv's own exporter passes them
 *   through). Passed through unchanged: `$…$` math spans whose braces balance; control words (`\mathcal`, `\emph`,
 *   `\ss`); control symbols (`\"`, `\'`, `\%`, `\&`, `\{`, `\\`, …); `{…}` groups such as `{BERT}`; `~` (a tie).
 *   Escaped: `# % & _` → `\#` …; a `$` that opens no balanced span → `\$`; `^ < > |` → `\textasciicircum{}`,
 *   `\textless{}`, `\textgreater{}`, `\textbar{}`; a backslash that starts no command → `\textbackslash{}`.
 * - **`plain`** (default for other papers: page text is not TeX). Every special is escaped as Zotero does: `# $ % & _`
 *   get a backslash, `\ ~ ^ < > |` become `\text…{}` commands.
 *
 * In both rules an unmatched brace becomes `\{\vphantom{\}}` or `\vphantom{\{}\}` (Zotero's trick: BibTeX counts every
 * brace, escaped or not, so only a pair keeps the entry parseable), and whitespace runs and control characters collapse
 * to one space. With the `'ascii'` encoding, letters with a LaTeX form become escapes (common/latex-encode.ts); with
 * `'utf8'` (BibLaTeX, read by Biber) they stay as they are.
 *
 * Safety, in both rules: bidi and zero-width controls are dropped (common/text.ts withoutInvisibles), and commands that
 * read or write files, run programs or redefine TeX (`\input`, `\write18`, `\catcode`, `\def`, `\csname`…, the list is
 * DANGEROUS) are written so they print as text and cannot run: `\textbackslash{}input` outside math,
 * `\backslash{}input` inside it. Inside math `%`, `#` and `&` get a backslash too (a `%` would comment out the rest of
 * the bibliography line), and a span holding `^^` (TeX's notation for any character, a backslash included) is not
 * math.
 *
 * Titles (escapeBibtexTitle) are also case-protected, as Zotero and Better BibTeX do it: sentence-case styles (BibTeX's
 * `change.case$`, biblatex's `\MakeSentenceCase`) lowercase every letter outside braces, so each word that must keep
 * its capitals is braced.
 */
import { decodeLatex } from '../common/latex-decode.ts';
import { symbolToTex, unicodeToTex } from '../common/latex-encode.ts';
import { nfc, SPACES_TO_COLLAPSE, withoutInvisibles } from '../common/text.ts';

export type TextSyntax = 'tex' | 'plain';

/**
 * What letters with a LaTeX form become: `'ascii'` writes escapes (`ü` → `{\"u}`) for traditional BibTeX, `'utf8'`
 * keeps every letter as UTF-8 for Biber. Escaping of specials and braces is the same in both.
 */
export type TextEncoding = 'ascii' | 'utf8';

/**
 * Escapes one text field value by the rule of the module comment. The result has balanced braces and leaves no `# % &
 * _` outside math unescaped. With `'ascii'` (the default) it is ASCII except for text with no LaTeX form; with `'utf8'`
 * letters stay as they are, in math spans too.
 *
 * @example
 *   escapeBibtexText('$\\mathcal{L}$-Lipschitz: 100% & Müller', 'tex'); // '$\\mathcal{L}$-Lipschitz: 100\\% \\& M{\\"u}ller'
 *
 * @example
 *   escapeBibtexText('100% & Müller', 'tex', 'utf8'); // '100\\% \\& Müller'
 */
export function escapeBibtexText(value: string, syntax: TextSyntax, encoding: TextEncoding = 'ascii'): string {
  const text = normalizeSpace(value);
  if (!NEEDS_ESCAPING.test(text)) return text;
  const tokens = syntax === 'tex' ? tokenizeTex(text, encoding) : tokenizePlain(text);
  return renderTokens(tokens, encoding);
}

/**
 * Any character either rule changes: TeX's specials, and anything outside printable ASCII. Most names and many titles
 * have none, and are returned as they are without being tokenised.
 */
const NEEDS_ESCAPING = /[#$%&_{}~^\\<>|]|[^\x20-\x7e]/;

/**
 * Escapes a title like escapeBibtexText and braces every word sentence-casing must not touch:
 *
 * - a word with a capital after its first letter (`{LLMs}`, `{BERT}`, `{InternW0}`), the first word included;
 * - a capitalised word after the first (`Large {N} limits`, `Attention {Is} {All} {You} {Need}`);
 * - a word holding math (`{$Li_7$}`: `change.case$` lowercases unbraced math, `$\Delta$` → `$\delta$`).
 *
 * A word is a run of text between spaces outside braces (`{Human-Level}`, `{Li$_7$La$_3$}` are one word each). A TeX
 * title is first read the way the BibTeX reader reads it (common/latex-decode.ts with `groups: 'strip'`:
 * case-protection braces dropped, accents as letters), so its braces are decided here alone and a title written, read
 * back and written again comes out byte for byte the same.
 *
 * @example
 *   escapeBibtexTitle('BERT for Large N', 'tex'); // '{BERT} for {Large} {N}'
 */
export function escapeBibtexTitle(value: string, syntax: TextSyntax, encoding: TextEncoding = 'ascii'): string {
  let text = normalizeSpace(value);
  if (!NEEDS_ESCAPING.test(text)) return protectPlainWords(text);
  // Only text with TeX outside math, or a Greek letter alone in math, changes when read as the reader reads it.
  if (syntax === 'tex' && readsDifferently(text)) {
    text = normalizeSpace(decodeLatex(text, 'tex', { groups: 'strip', escapes: 'keep' }));
  }
  const tokens = syntax === 'tex' ? tokenizeTex(text, encoding) : tokenizePlain(text);
  return protectWords(tokens, encoding);
}

/**
 * False when the reader's TeX decoding (groups stripped, escapes kept) gives `text` back unchanged: no braces, no
 * backslash outside math, no math span of one letter (`$\alpha$`, `$α$`). A quick scan instead of the decoder for the
 * titles with math only.
 */
function readsDifferently(text: string): boolean {
  if (text.includes('{') || text.includes('}')) return true;
  if (!text.includes('\\') && !text.includes('$')) return false;
  let mathStart = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      if (mathStart === -1) return true;
      i += 1;
    } else if (char === '$') {
      if (mathStart === -1) mathStart = i;
      else if (i - mathStart <= 16 && /^\$\s*(?:\\[A-Za-z]+|\S)\s*\$$/u.test(text.slice(mathStart, i + 1))) return true;
      else mathStart = -1;
    }
  }
  return false;
}

/** protectWords for text that needs no escaping: words split at spaces. */
function protectPlainWords(text: string): string {
  if (!ASCII_UPPER.test(text)) return text;
  const words = text.split(' ');
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if ((index === 0 ? ASCII_UPPER_AFTER_FIRST : ASCII_UPPER).test(word)) words[index] = `{${word}}`;
  }
  return words.join(' ');
}

/** Printable ASCII only (protectPlainWords): a capital after the first letter. */
const ASCII_UPPER_AFTER_FIRST = /^[^A-Za-z]*[A-Za-z].*[A-Z]/;

type Token =
  /** Emitted as is: commands, escapes already made. */
  | { kind: 'raw'; text: string }
  /** A `$…$` span, made safe (safeMath), emitted as is. */
  | { kind: 'math'; text: string }
  /** Unicode text still to be turned into ASCII escapes. */
  | { kind: 'text'; text: string }
  /** A brace BibTeX counts (`{` or `\{`), emitted as is only when it has a partner. */
  | { kind: 'open' | 'close'; text: string };

const CONTROL_WORD = /\\[A-Za-z]+/y;

/** Control symbols passed through in TeX: accents, escaped specials, spacing and `\\`. */
const CONTROL_SYMBOLS = new Set([...'"\'`^~=.%&#_$\\,;:!@/- ']);

/** Specials escaped in both syntaxes: `# % & _` get a backslash, `^ < > |` become text commands. */
const SPECIALS = new Map<string, string>([
  ...[...'#%&_'].map((char) => [char, `\\${char}`] as const),
  ...[...'^<>|'].map((char) => [char, symbolToTex(char)] as const),
]);

/** In plain text, `$`, `~` and `\` are literal characters too. */
const PLAIN_SPECIALS = new Map<string, string>([
  ...SPECIALS,
  ['$', '\\$'],
  ['~', symbolToTex('~')],
  ['\\', symbolToTex('\\')],
]);

/**
 * Commands that read or write files, run programs, or change how TeX reads what follows: written as text, never run.
 * (`\write18` is `\write` followed by 18.)
 */
const DANGEROUS = new Set([
  ...['input', 'include', 'includeonly', 'InputIfFileExists', 'IfFileExists', 'endinput', 'scantokens'],
  ...['openin', 'openout', 'read', 'readline', 'closein', 'closeout', 'newread', 'newwrite', 'write', 'immediate'],
  ...['catcode', 'lccode', 'uccode', 'mathcode', 'sfcode', 'delcode', 'endlinechar', 'escapechar', 'newlinechar'],
  ...['def', 'edef', 'gdef', 'xdef', 'let', 'futurelet', 'global', 'csname', 'endcsname', 'expandafter'],
  'afterassignment',
  ...['newcommand', 'renewcommand', 'providecommand', 'DeclareRobustCommand', 'newenvironment', 'renewenvironment'],
  ...['usepackage', 'RequirePackage', 'documentclass', 'makeatletter', 'special', 'shipout', 'output'],
  ...['everyeof', 'everypar', 'everymath', 'everydisplay', 'everyhbox', 'everyvbox', 'everyjob', 'everycr'],
  ...['directlua', 'latelua', 'luaexec', 'luadirect', 'ShellEscape', 'pdfobj', 'pdfannot', 'pdfliteral', 'pdfximage'],
]);

/** A DANGEROUS command anywhere in a text: the quick test before a math span is rewritten. */
const DANGEROUS_COMMAND = new RegExp(String.raw`\\(?:${[...DANGEROUS].join('|')})(?![A-Za-z])`);

/** NFC, invisible controls dropped, control characters as spaces, whitespace runs collapsed, ends trimmed. */
function normalizeSpace(value: string): string {
  return withoutInvisibles(nfc(value))
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(SPACES_TO_COLLAPSE, ' ')
    .trim();
}

function tokenizePlain(text: string): Token[] {
  const tokens: Token[] = [];
  for (const char of text) {
    if (char === '{') tokens.push({ kind: 'open', text: char });
    else if (char === '}') tokens.push({ kind: 'close', text: char });
    else if (PLAIN_SPECIALS.has(char)) tokens.push({ kind: 'raw', text: PLAIN_SPECIALS.get(char)! });
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
        // Verbatim, except for TeX's comment and table specials and dangerous commands, and in ASCII files non-ASCII
        // letters get escapes (Greek its math commands).
        const math = safeMath(text.slice(i, end));
        tokens.push({ kind: 'math', text: encoding === 'ascii' ? unicodeToTex(math, true) : math });
        i = end;
      }
    } else if (char === '\\') {
      const next = text[i + 1] ?? '';
      CONTROL_WORD.lastIndex = i;
      const word = CONTROL_WORD.exec(text);
      if (word && DANGEROUS.has(word[0].slice(1))) {
        tokens.push({ kind: 'raw', text: symbolToTex('\\') }, { kind: 'text', text: word[0].slice(1) });
        i += word[0].length;
        // Its argument is text too: escaped braces (pairBraces escapes the partner), read back as the braces they were.
        if (text[i] === '{') {
          tokens.push({ kind: 'open', text: '\\{' });
          i += 1;
        }
      } else if (word) {
        tokens.push({ kind: 'raw', text: word[0] });
        i += word[0].length;
      } else if (next === '{' || next === '}') {
        tokens.push({ kind: next === '{' ? 'open' : 'close', text: `\\${next}` });
        i += 2;
      } else if (CONTROL_SYMBOLS.has(next)) {
        tokens.push({ kind: 'raw', text: `\\${next}` });
        i += 2;
      } else {
        tokens.push({ kind: 'raw', text: symbolToTex('\\') });
        i += 1;
      }
    } else if (char === '{' || char === '}') {
      tokens.push({ kind: char === '{' ? 'open' : 'close', text: char });
      i += 1;
    } else if (char === '~') {
      tokens.push({ kind: 'raw', text: '~' });
      i += 1;
    } else if (SPECIALS.has(char)) {
      tokens.push({ kind: 'raw', text: SPECIALS.get(char)! });
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
 * empty span (`$$` would start display math), braces that do not balance, or `^^` in it (`^^5c` is a backslash to
 * TeX).
 */
function mathEnd(text: string, start: number): number | undefined {
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === '\\') {
      j += 1;
    } else if (text[j] === '$') {
      const span = text.slice(start, j + 1);
      return j > start + 1 && bracesBalance(span) && !span.includes('^^') ? j + 1 : undefined;
    }
  }
  return undefined;
}

/** A math span with `%`, `#`, `&` escaped and dangerous commands made text (`\backslash{}input`). */
function safeMath(math: string): string {
  if (!/[%#&]/.test(math) && !(math.includes('\\') && DANGEROUS_COMMAND.test(math))) return math;
  let out = '';
  for (let i = 0; i < math.length; i++) {
    const char = math[i]!;
    if (char === '\\') {
      CONTROL_WORD.lastIndex = i;
      const word = CONTROL_WORD.exec(math);
      if (word && DANGEROUS.has(word[0].slice(1))) {
        out += `\\backslash{}${word[0].slice(1)}`;
        i += word[0].length - 1;
      } else {
        const command = word?.[0] ?? math.slice(i, i + 2);
        out += command;
        i += command.length - 1;
      }
    } else {
      out += char === '%' || char === '#' || char === '&' ? `\\${char}` : char;
    }
  }
  return out;
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
  const escapedCloses = new Set<number>();
  const stack: number[] = [];
  tokens.forEach((token, index) => {
    if (unmatched.has(index) || (token.kind !== 'open' && token.kind !== 'close')) return;
    if (token.kind === 'open') stack.push(index);
    else if (token.kind === 'close' && tokens[stack.pop()!]!.text === '\\{') escapedCloses.add(index);
  });
  return tokens.map((token, index) => {
    if (unmatched.has(index) && (token.kind === 'open' || token.kind === 'close')) return literalBrace(token.kind);
    return escapedCloses.has(index) ? { kind: 'close', text: '\\}' } : token;
  });
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
  const renderText = encoding === 'ascii' ? (text: string) => unicodeToTex(text) : detachMarks;
  return tokens.map((token) => (token.kind === 'text' ? renderText(token.text) : token.text)).join('');
}

const UPPER = /\p{Lu}/u;

/**
 * Renders tokens with every word that needs it braced (escapeBibtexTitle says which). Words are split at spaces outside
 * groups; a group (a command's argument, `{\em x}`) stays inside its word. One pass, no word lists: a title is written
 * for every paper of an export.
 */
function protectWords(tokens: readonly Token[], encoding: TextEncoding): string {
  const renderText = encoding === 'ascii' ? (text: string) => unicodeToTex(text) : detachMarks;
  let out = '';
  let word = '';
  let first = true;
  // For the current word: whether it holds math or any capital, whether a letter was seen, a capital after it.
  let math = false;
  let upper = false;
  let letter = false;
  let upperAfterLetter = false;
  const flush = () => {
    if (word !== '') {
      const protect = math || (first ? upperAfterLetter : upper);
      if (!first) out += ' ';
      out += protect ? `{${word.startsWith('\\') ? `{${word}}` : word}}` : word;
      first = false;
    }
    word = '';
    math = upper = letter = upperAfterLetter = false;
  };
  const see = (source: string) => {
    if (upperAfterLetter || (upper && !first)) return;
    if (!hasUpper(source)) {
      if (first && !letter && LETTER.test(source)) letter = true;
      return;
    }
    upper = true;
    if (!first || letter) upperAfterLetter = true;
    else {
      // The first word may start with a capital (`Attention is…`): only a capital after its first letter counts.
      const at = LETTER_AT.exec(source);
      letter = true;
      if (at !== null && hasUpper(source.slice(at.index + at[0].length))) upperAfterLetter = true;
    }
  };
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'open') depth += 1;
    else if (token.kind === 'close') depth -= 1;
    if (token.kind === 'math') {
      math = true;
      word += token.text;
    } else if (token.kind !== 'text') {
      see(token.text);
      word += token.text;
    } else if (depth > 0 || !token.text.includes(' ')) {
      see(token.text);
      word += renderText(token.text);
    } else {
      const parts = token.text.split(' ');
      for (let index = 0; index < parts.length; index++) {
        if (index > 0) flush();
        const part = parts[index]!;
        if (part !== '') {
          see(part);
          word += renderText(part);
        }
      }
    }
  }
  flush();
  return out;
}

const LETTER = /\p{L}/u;
const ASCII_UPPER = /[A-Z]/;
const NON_ASCII = /[^\x00-\x7f]/;

/** An uppercase letter in `text`: the ASCII test first, the Unicode one only for text that needs it. */
function hasUpper(text: string): boolean {
  return ASCII_UPPER.test(text) || (NON_ASCII.test(text) && UPPER.test(text));
}
/** The first letter of a text and what comes before it. */
const LETTER_AT = /^[^\p{L}]*\p{L}/u;

/**
 * UTF-8 text as is, except combining marks with no base letter (after a command, as in `\\emph` + U+0301): an empty
 * group keeps them from being read as part of the command name.
 */
function detachMarks(text: string): string {
  return /^\p{M}/u.test(text) ? `{}${text}` : text;
}
