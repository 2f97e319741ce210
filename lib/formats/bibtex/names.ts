/**
 * BibTeX names, both ways, by BibTeX's own grammar (Patashnik's "BibTeXing" and `bibtex.web`): a name is "First von
 * Last", "von Last, First" or "von Last, Jr, First"; tokens are separated by white space and `~` outside braces, a
 * brace group is part of its token, and the von part is the run of tokens that start with a lowercase letter (the first
 * letter outside braces, or the letter of a special character such as `{\"u}`).
 *
 * Reading gives lib/paper/names.ts PersonName parts, which the reader stores as nameText. Writing puts a stored name's
 * parts (splitName) back in the shortest form BibTeX reads back as the same parts: "First von Last" when it does
 * (`Ashish Vaswani`, `Ludwig van Beethoven`, as arXiv writes names), else "von Last, Jr, First" (`Reynolds, Jr.,
 * William T.`, `García Márquez, Gabriel`, `李, 华`: East Asian names keep their family name first in the file). A name
 * with no family part, or one holding a top-level "and" or comma, is braced whole (`{ATLAS Collaboration}`).
 */
import { familyPart, type PersonName, splitName } from '../../paper/names.ts';
import { decodeLatex } from '../common/latex-decode.ts';
import { escapeBibtexText, type TextEncoding, type TextSyntax } from './escape.ts';

/** Scripts whose names are written family name first. */
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Control words that are letters, and whether each is lowercase (`\o` ø) or not (`\O` Ø): bibtex.web's list. */
const LETTER_COMMANDS = new Map([
  ...['i', 'j', 'oe', 'ae', 'aa', 'o', 'l', 'ss'].map((name) => [name, true] as const),
  ...['OE', 'AE', 'AA', 'O', 'L'].map((name) => [name, false] as const),
]);

/** Splits `text` at `separator` characters outside braces (BibTeX ignores those inside groups). Linear in the text. */
export function splitOutsideBraces(text: string, separators: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\') i += 1;
    else if (char === '{') depth += 1;
    else if (char === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && separators.includes(char)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The white-space (and `~`) separated tokens of a name part, outside braces. */
function tokensOf(part: string): string[] {
  return splitOutsideBraces(part, ' \t\n\r~').filter((token) => token !== '');
}

/**
 * True when a token starts with a lowercase letter as BibTeX decides it (bibtex.web `von_token_found`): the first
 * letter outside braces; a special character `{\…}` counts by its letter command or the first letter after its command;
 * any other group is skipped.
 */
export function isLowercaseToken(token: string): boolean {
  let depth = 0;
  for (let i = 0; i < token.length; i++) {
    const char = token[i]!;
    if (char === '{') {
      if (depth === 0 && token[i + 1] === '\\') return specialIsLowercase(token, i + 1);
      depth += 1;
    } else if (char === '}') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && /\p{L}/u.test(char)) {
      return char !== char.toUpperCase();
    }
  }
  return false;
}

/** The case of the special character whose backslash is at `at` (`{\"u}` lowercase, `{\O}` not, `{\v{S}}` not). */
function specialIsLowercase(token: string, at: number): boolean {
  const name = /^\\([A-Za-z]+)/.exec(token.slice(at, at + 40))?.[1];
  const letter = name === undefined ? undefined : LETTER_COMMANDS.get(name);
  if (letter !== undefined) return letter;
  let i = at + 1 + (name?.length ?? 1);
  for (let depth = 1; i < token.length && depth > 0; i++) {
    const char = token[i]!;
    if (char === '{') depth += 1;
    else if (char === '}') depth -= 1;
    else if (char === '\\') {
      const skip = /^\\[A-Za-z]*/.exec(token.slice(i, i + 40))![0].length;
      i += Math.max(skip, 2) - 1;
    } else if (/\p{L}/u.test(char)) return char !== char.toUpperCase();
  }
  return false;
}

/** Raw (still TeX) parts of one BibTeX name. */
interface RawName {
  first: string[];
  von: string[];
  last: string[];
  jr: string[];
}

/**
 * One name by BibTeX's grammar, its parts still TeX. With no comma: First von Last (von from the first lowercase token
 * to the last lowercase one, never the last token); with commas: von Last, [Jr,] First (von up to the last lowercase
 * token but one). Extra commas are read as BibTeX does after its warning: the parts after the third join First.
 */
export function parseRawName(name: string): RawName | undefined {
  const parts = splitOutsideBraces(name.trim(), ',').map((part) => tokensOf(part));
  if (parts.length === 1) {
    const tokens = parts[0]!;
    if (tokens.length === 0) return undefined;
    const lower = tokens.map((token, index) => index < tokens.length - 1 && isLowercaseToken(token));
    const start = lower.indexOf(true);
    if (start === -1) return { first: tokens.slice(0, -1), von: [], last: tokens.slice(-1), jr: [] };
    const end = lower.lastIndexOf(true) + 1;
    return { first: tokens.slice(0, start), von: tokens.slice(start, end), last: tokens.slice(end), jr: [] };
  }
  const [head = [], ...rest] = parts;
  const jr = parts.length >= 3 ? rest[0]! : [];
  const first = parts.length >= 3 ? rest.slice(1).flat() : rest[0]!;
  let end = 0;
  for (let i = 0; i < head.length - 1; i++) if (isLowercaseToken(head[i]!)) end = i + 1;
  const last = head.slice(end);
  if (last.length === 0 && first.length === 0) return undefined;
  return { first, von: head.slice(0, end), last, jr };
}

/** The parts of a BibTeX name, decoded to Unicode: what lib/paper/names.ts nameText stores. */
export function readBibtexName(name: string): PersonName | undefined {
  const raw = parseRawName(name);
  if (raw === undefined) return undefined;
  const text = (tokens: string[]) => decodeLatex(tokens.join(' '), 'plain').replace(/\s+/g, ' ').trim();
  const family = text(raw.last);
  const given = text(raw.first);
  const particle = text(raw.von);
  const suffix = text(raw.jr);
  if (family === '' && given === '') return undefined;
  // One braced token and nothing else (`{ATLAS Collaboration}`, `{Google DeepMind}`): a name kept whole.
  if (given === '' && particle === '' && suffix === '' && raw.last.length === 1 && /^\{[^]*\}$/.test(raw.last[0]!)) {
    return { literal: family };
  }
  const person: PersonName = { family: family === '' ? given : family, given: family === '' ? '' : given };
  if (particle !== '') person.particle = particle;
  if (suffix !== '') person.suffix = suffix;
  return person;
}

/**
 * In an ASCII file, each given-name word that starts with a character left as UTF-8 (CJK, Cyrillic) is wrapped as a
 * special character, `{\relax 华}`: abbreviating styles (abbrv, `{f.}`) keep a special character whole, where they would
 * cut the word's first byte out of its UTF-8 sequence. Readers drop the `\relax`.
 */
function protectInitials(given: string, encoding: TextEncoding): string {
  if (encoding !== 'ascii' || !/(?:^| )[^\x00-\x7f]/.test(given)) return given;
  return given
    .split(' ')
    .map((word) => (/^[^\x00-\x7f]/.test(word) ? `{\\relax ${word}}` : word))
    .join(' ');
}

/** True when `text` holds `and` (any case) or a comma outside braces: BibTeX would split the name there. */
function splitsName(text: string): boolean {
  return /(?:^|\s)and(?:\s|$)/i.test(text) || splitOutsideBraces(text, ',').length > 1;
}

/**
 * A stored author name as BibTeX writes it (module comment): parts escaped with `syntax`/`encoding`, natural order when
 * BibTeX reads it back the same, else the comma form. Empty for a blank name.
 */
export function bibtexName(stored: string, syntax: TextSyntax, encoding: TextEncoding): string {
  const name = splitName(stored);
  if (name === undefined) return '';
  const escape = (text: string) => escapeBibtexText(text, syntax, encoding);
  if ('literal' in name) {
    const literal = escape(name.literal);
    return literal === '' || !/\s|,/.test(literal) ? literal : `{${literal}}`;
  }
  // The common case, written without reading it back: capitalised given names and a one-word family name, no TeX.
  if (
    name.particle === undefined &&
    name.suffix === undefined &&
    name.given !== '' &&
    !/[\s,{}$\\~]/.test(name.family) &&
    !/[,{}$\\~]/.test(name.given) &&
    /^[A-Z]\S*(?: [A-Z]\S*)*$/.test(name.given) &&
    !EAST_ASIAN.test(name.family)
  ) {
    return escape(`${name.given} ${name.family}`);
  }
  const family = escape(name.family);
  const given = protectInitials(escape(name.given), encoding);
  const particle = name.particle === undefined ? '' : escape(name.particle);
  const suffix = name.suffix === undefined ? '' : escape(name.suffix);
  if (family === '' || [family, given, particle, suffix].some(splitsName)) {
    const whole = escape(stored);
    return whole === '' ? '' : `{${whole}}`;
  }
  if (given === '') return tokensOf(family).length > 1 ? `{${family}}` : family;
  // Pandoc misreads "First von Last" when the first name starts with a special character (`{\'E}lodie A. Silva` gets
  // the family name "A. Silva" there); the comma form reads right everywhere.
  if (suffix === '' && !EAST_ASIAN.test(familyPart(name)) && !given.startsWith('{')) {
    const natural = [given, particle, family].filter((part) => part !== '').join(' ');
    const read = parseRawName(natural);
    if (
      read !== undefined &&
      read.first.join(' ') === given &&
      read.von.join(' ') === particle &&
      read.last.join(' ') === family
    ) {
      return natural;
    }
  }
  // In the comma form the von part runs to the last lowercase token but one: a family name with a lowercase word of
  // its own (`Van den Berg`) would lose words to it, so it is braced.
  let head = [particle, family].filter((part) => part !== '').join(' ');
  const read = parseRawName(`${head}, x`);
  if (read === undefined || read.von.join(' ') !== particle || read.last.join(' ') !== family) {
    head = [particle, `{${family}}`].filter((part) => part !== '').join(' ');
  }
  return [head, suffix, given].filter((part) => part !== '').join(', ');
}
