/**
 * BibTeX / BibLaTeX reader: the entries parse.ts finds, mapped to Dogear papers (one entry → one ImportedPaper or one
 * Rejection).
 *
 * - key: `eprint` when `archivePrefix`/`eprinttype` is arXiv (or absent and `eprint` is an arXiv id), then an arXiv
 *   `url`, then an arXiv DataCite `doi`, then `arXiv:<id>` in `journal`/`journaltitle`/`note`/`howpublished`/
 *   `number`/`publisher`, then `doi`, then a doi.org `url`. The eprint's `vN` becomes the version.
 * - title and abstract stay TeX (`$…$`, `{BERT}`, `\mathcal` kept; accents and escaped specials decoded, see
 *   common/latex-decode.ts). Protective braces are stripped in two cases only, both added by exporters rather than by
 *   authors: braces around the whole title (`{{Title}}`, BibLaTeX/BBT style) and Zotero's per-word protection,
 *   recognised when every brace group is a single word and every capitalised word after the first is braced (`Attention
 *   {Is} {All} {You} {Need}` → `Attention Is All You Need`, `Graphs and {Things}` → `Graphs and Things`). A title with
 *   any capitalised word left unbraced keeps its groups: `Pre-training {BERT} Models`. Trade-off: a sentence-case title
 *   whose only capitals are braced (`{BERT}: pre-training of …`) is read as Zotero's and loses its braces, which are
 *   case protection only.
 * - authors: split on top-level `and`; `Last, First` → `First Last`; accents decoded to Unicode, braces dropped; `and
 *   others` dropped; a fully braced name (`{Google DeepMind}`) is kept whole.
 * - note: `annote`, `annotation`, `comment`, and `note` unless it only names the paper (`arXiv:1706.03762 [cs]`). tags:
 *   `keywords` split on `,`/`;`. primaryClass/eprintclass → primary category. A full `date` (BibLaTeX) → published;
 *   `year`/`month` alone are not a date and are not stored.
 */
import {
  collect,
  displayName,
  isIdentifierOnly,
  isoDateFromText,
  squash,
  toImported,
  type EntryFields,
} from '../common/entry.ts';
import { decodeLatex } from '../common/latex-decode.ts';
import { parseTags } from '../../paper/tags.ts';
import type { ImportedPaper, ParseResult, Rejection } from '../types.ts';
import { parseBibtexEntries, type BibtexEntry } from './parse.ts';

/** Reads a BibTeX file: every entry becomes a paper or a rejection. Throws ImportFileError on a syntax error. */
export function parseBibtex(text: string): ParseResult {
  return collect(parseBibtexEntries(text).map((entry, index) => entryToImported(entry, index)));
}

/** Free-text fields scanned for `arXiv:<id>` (Google Scholar's `journal`, Zotero's `note`, `howpublished`…). */
const TEXT_KEY_FIELDS = ['journal', 'journaltitle', 'note', 'howpublished', 'number', 'publisher', 'eprint'];

/** The ImportedPaper of one entry, or the reason it is rejected. */
function entryToImported(entry: BibtexEntry, index: number): ImportedPaper | Rejection {
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
    tags: parseTags(plain('keywords') ?? ''),
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
  return value
    ?.trim()
    .replace(/^\\url\{([^{}]*)\}$/, '$1')
    .trim();
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
 * `Attention {Is} {All} {You} {Need}` → `Attention Is All You Need` (Zotero's protection). Zotero's escapes
 * (`{\textbackslash}`, `{\"u}`, `{\v{s}}`, `\{`, `\$`) may sit between the groups; any other group means the braces are
 * the author's.
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
 * Splits at separators outside braces: `and` (any case, any whitespace around it) or `,`. Linear: the `and` pattern is
 * only tried where a whitespace run begins.
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
