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
 */
import { symbolToTex, unicodeToTex } from '../common/latex-encode.ts';
import { nfc, SPACES_TO_COLLAPSE } from '../common/text.ts';

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
  const tokens = syntax === 'tex' ? tokenizeTex(text, encoding) : tokenizePlain(text);
  return renderTokens(tokens, encoding);
}

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

/** NFC, control characters as spaces, whitespace runs collapsed, ends trimmed. */
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
