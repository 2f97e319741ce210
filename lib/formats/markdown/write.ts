/**
 * Markdown exports: one document listing every paper (`toMarkdown`), and a zip of one Obsidian note per paper
 * (`toMarkdownZip`).
 *
 * Text from pages (titles, authors, abstracts, tags) is escaped so it renders as the same text everywhere: every
 * character CommonMark, GFM or Obsidian give a meaning (backslash, backtick, `* _ [ ] < > & $ ~ | # = ^ %`, and a
 * leading `-`, `+` or `1.` in a paragraph) gets a backslash. So a TeX title shows its source (`$\mathcal{L}$`) rather
 * than rendered math, and `#tag`, `==mark==` or `%%comment%%` in a title stay text in Obsidian.
 *
 * The user's note is Markdown and is kept as Markdown, with one change (`safeMarkdown`): raw HTML cannot survive.
 * Outside fenced code blocks, a `<` that would start a tag, comment or declaration gets a backslash, so `<img src=x
 * onerror=alert(1)>` shows as text in every renderer, whatever its HTML policy. `http(s)` autolinks are kept. The cost:
 * such a `<` inside inline code shows its backslash (inline code spans are not trusted, because telling them apart from
 * text needs a full CommonMark parser; fenced blocks are exact and untouched). A fence left open is closed, so a note
 * cannot swallow what follows it. Links to script schemes (`javascript:`, `vbscript:`, `data:`, in any case and through
 * entity, escape or white-space tricks) are made text (`inertLinks`), whatever the renderer's URL policy; only
 * `http(s)` autolinks escape the `<` rule. Invisible controls (bidi overrides, zero-width characters) are dropped. Link
 * targets Dogear writes itself have `(`, `)`, `<`, `>` and white space percent-encoded, so a DOI with `)` keeps its
 * whole link.
 *
 * Obsidian notes (`markdownNoteFiles`):
 *
 * - File name: the cite key (lib/paper/cite-keys.ts `citeKeysFor`, a persisted `citeKey` first, checked by `isCiteKey`,
 *   so at most 100 characters) + `.md`, so `[[vaswani2017attention]]` links and matches the BibTeX key. A persisted key
 *   may hold `:` (an imported `Vaswani:2017`), which Windows and macOS file names refuse: it becomes `-`; names are
 *   also kept unique ignoring case, as case-insensitive file systems need.
 * - YAML frontmatter with every string written by `JSON.stringify` (YAML 1.2 contains JSON, so no value can break the
 *   quoting), lists as block sequences of such strings, the year as a number. Fields: title, authors, year, arxiv, doi,
 *   the id of another kind under its name (`openreview`, `acl`, `pmid`, `s2`, `dblp`), url (the page the key names),
 *   tags, aliases (`arXiv:<id>`), added (`YYYY-MM-DD`, UTC, from when it was saved).
 * - Tags follow Obsidian's rules (`obsidianTag`): the user's tags, then the arXiv subjects.
 * - Body: the title as a heading, the abstract, then `## Notes` and the note.
 */
import { strToU8, type Zippable, zipSync } from 'fflate';
import type { Paper } from '../../paper/model.ts';
import { citeKeysFor, isCiteKey } from '../../paper/cite-keys.ts';
import { keyKind, keyValue } from '../../paper/ids.ts';
import { doiUrl, KEY_SOURCES } from '../../paper/links.ts';
import { arxivIdOf, doiOf, journalDoiOf, urlOf, utcDay } from '../common/paper.ts';
import { oneLine, wellFormed, withoutInvisibles } from '../common/text.ts';
import { knownDate } from '../../paper/dates.ts';

// ---------------------------------------------------------------------------------------------------------------
// Single document

/**
 * A Markdown document listing `papers` in their order: each a heading linking the title, a list of authors, year,
 * identifiers (the DOI linked) and tags, and the note as a block quote.
 */
export function toMarkdown(papers: readonly Paper[]): string {
  return `${['# Dogear papers', ...papers.map(sectionFor)].join('\n\n')}\n`;
}

function sectionFor(paper: Paper): string {
  const arxivId = arxivIdOf(paper);
  const doi = journalDoiOf(paper);
  const authors = paper.authors.map(escapeMarkdownText).filter((name) => name !== '');
  const tags = (paper.tags ?? []).map(escapeMarkdownText).filter((tag) => tag !== '');
  const year = knownDate(paper)?.year;
  const url = urlOf(paper);
  const otherId = otherIdOf(paper);
  const title = escapeMarkdownText(paper.title) || 'Untitled';
  const facts = [
    authors.length > 0 ? `- Authors: ${authors.join(', ')}` : undefined,
    year === undefined ? undefined : `- Year: ${year}`,
    arxivId === undefined ? undefined : `- arXiv: ${escapeMarkdownText(arxivId)}`,
    doi === undefined ? undefined : `- DOI: [${escapeMarkdownText(doi)}](${markdownUrl(doiUrl(doi))})`,
    otherId === undefined ? undefined : `- ${KEY_SOURCES[otherId.kind]}: ${escapeMarkdownText(otherId.value)}`,
    tags.length > 0 ? `- Tags: ${tags.join(', ')}` : undefined,
  ].filter((line) => line !== undefined);
  const note = paper.note === undefined ? '' : safeMarkdown(paper.note.trim());
  const blocks = [
    url === undefined ? `## ${title}` : `## [${title}](${markdownUrl(url)})`,
    facts.join('\n'),
    note
      .split('\n')
      .map((line) => (line === '' ? '>' : `> ${line}`))
      .join('\n'),
  ];
  return blocks.filter((block) => block !== '' && block !== '>').join('\n\n');
}

/**
 * The key of a paper keyed by neither an arXiv id nor a DOI nor its address: an OpenReview, ACL Anthology, PubMed,
 * Semantic Scholar or dblp id, listed beside the arXiv id and DOI (a `url:` paper's address is its title's link).
 */
function otherIdOf(paper: Paper): { kind: 'openreview' | 'acl' | 'pmid' | 's2' | 'dblp'; value: string } | undefined {
  const kind = keyKind(paper.key);
  if (kind === undefined || kind === 'arxiv' || kind === 'doi' || kind === 'url') return undefined;
  return { kind, value: keyValue(paper.key) };
}

// ---------------------------------------------------------------------------------------------------------------
// Obsidian notes

export interface MarkdownNoteFile {
  /** `<cite key>.md`, unique within the export. */
  name: string;
  text: string;
  /** Epoch ms used as the file's time in the zip: when the paper was saved, else created. */
  time: number;
}

/** One Obsidian note per paper, in their order. */
export function markdownNoteFiles(papers: readonly Paper[]): MarkdownNoteFile[] {
  const keys = citeKeysFor(papers);
  const names = new Set<string>();
  return papers.map((paper, index) => {
    const base = fileBase(keys[index]!, paper);
    let name = base;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    names.add(name.toLowerCase());
    const time = paper.savedAt ?? paper.createdAt;
    return { name: `${name}.md`, text: noteFor(paper, time), time };
  });
}

/**
 * A file name (without `.md`) from a cite key: only a key isCiteKey accepts (at most 100 characters of
 * `[A-Za-z0-9_:.-]`, so every system and `unzip` take the name), else Dogear's key cut to the same length; `:` (Windows
 * and macOS refuse it) becomes `-`, and a leading `.` (a hidden file) `_`.
 */
function fileBase(citeKey: string, paper: Paper): string {
  const key = isCiteKey(citeKey) ? citeKey : paper.key.slice(0, 100);
  return key.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^\./, '_');
}

/** A zip of `markdownNoteFiles(papers)`, for unpacking into an Obsidian vault. */
export function toMarkdownZip(papers: readonly Paper[]): Uint8Array {
  const files: Zippable = {};
  for (const file of markdownNoteFiles(papers)) files[file.name] = [strToU8(file.text), { mtime: zipTime(file.time) }];
  return zipSync(files, { level: 6 });
}

/** Zip stores local DOS times from 1980 to 2107 and fflate throws outside 1980–2099: clamp to its start. */
function zipTime(time: number): Date {
  const date = new Date(time);
  const year = date.getFullYear();
  return Number.isNaN(year) || year < 1980 || year > 2099 ? new Date(1980, 0, 1) : date;
}

function noteFor(paper: Paper, time: number): string {
  const arxivId = arxivIdOf(paper);
  const otherId = otherIdOf(paper);
  const title = oneLine(paper.title);
  const frontmatter = yamlFrontmatter([
    ['title', title],
    ['authors', paper.authors.map(oneLine).filter((name) => name !== '')],
    ['year', knownDate(paper)?.year],
    ['arxiv', arxivId],
    ['doi', doiOf(paper)],
    // The id of an OpenReview, ACL Anthology, PubMed, Semantic Scholar or dblp paper, under its kind's name.
    ...(otherId === undefined ? [] : [[otherId.kind, otherId.value] as [string, string]]),
    ['url', urlOf(paper)],
    ['tags', obsidianTags(paper)],
    ['aliases', arxivId === undefined ? [] : [`arXiv:${arxivId}`]],
    ['added', utcDay(time)],
  ]);
  const abstract = paper.abstract === undefined ? '' : escapeMarkdownParagraph(paper.abstract);
  const note = paper.note === undefined ? '' : safeMarkdown(paper.note.trim());
  const body = [
    `# ${escapeMarkdownText(title) || 'Untitled'}`,
    abstract,
    note === '' ? '## Notes' : `## Notes\n\n${note}`,
  ];
  return `${frontmatter}\n\n${body.filter((block) => block !== '').join('\n\n')}\n`;
}

type YamlValue = string | number | readonly string[] | undefined;

/** `---`-fenced YAML: strings as JSON strings, lists as block sequences; undefined values and empty lists left out. */
function yamlFrontmatter(fields: readonly [name: string, value: YamlValue][]): string {
  const lines = ['---'];
  for (const [name, value] of fields) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (typeof value === 'number') lines.push(`${name}: ${value}`);
    else if (typeof value === 'string') lines.push(`${name}: ${yamlString(value)}`);
    else lines.push(`${name}:`, ...value.map((item) => `  - ${yamlString(item)}`));
  }
  lines.push('---');
  return lines.join('\n');
}

/**
 * A YAML double-quoted scalar that is also a JSON string. `JSON.stringify` leaves DEL, C1 controls, U+2028/U+2029,
 * U+FEFF and the noncharacters U+FFFE/U+FFFF raw; YAML forbids some of them raw and YAML 1.1 readers break lines at
 * others, so they are written as `\u` escapes, which both languages read.
 */
export function yamlString(value: string): string {
  return JSON.stringify(wellFormed(value)).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The user's tags, then the arXiv subjects, as Obsidian tags; duplicates (case-insensitive, as Obsidian) dropped. */
function obsidianTags(paper: Paper): string[] {
  const subjects = paper.subjects.length > 0 ? paper.subjects : paper.primaryCategory ? [paper.primaryCategory] : [];
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const tag of [...(paper.tags ?? []), ...subjects]) {
    const mapped = obsidianTag(tag);
    if (mapped === undefined || seen.has(mapped.toLowerCase())) continue;
    seen.add(mapped.toLowerCase());
    tags.push(mapped);
  }
  return tags;
}

/**
 * A tag as Obsidian accepts it: letters, digits, `_`, `-` and `/` only, no spaces, and not digits alone. `.` becomes
 * the nesting `/` (`cs.LG` → `cs/LG`, so subjects group under their archive), other characters are dropped, white space
 * runs left between words become `-`, and empty or repeated `/` levels are removed.
 *
 * @example
 *   obsidianTag('to read'); // 'to-read'
 *
 * @returns undefined when nothing usable is left (`2017`, `!!!`).
 */
export function obsidianTag(tag: string): string | undefined {
  const mapped = oneLine(tag)
    .replace(/\./g, '/')
    .replace(/[^\p{L}\p{M}\p{N}_\-/\s]/gu, '')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/^\/|\/$/g, '');
  return /[^\p{N}/]/u.test(mapped) ? mapped : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Escaping

/** Characters with a meaning in CommonMark, GFM (tables, strikethrough, math) or Obsidian (tags, highlights, comments). */
const MARKDOWN_SPECIALS = /[\\`*_[\]<>&$~|#=^%]/g;

/**
 * Plain text as inline Markdown that renders as the same text: folded onto one line, every special character
 * backslashed. For use after other text on a line; a paragraph of its own needs `escapeMarkdownParagraph`.
 *
 * @example
 *   escapeMarkdownText('100% & Fast_Attention'); // '100\\% \\& Fast\\_Attention'
 */
export function escapeMarkdownText(text: string): string {
  return oneLine(text).replace(MARKDOWN_SPECIALS, '\\$&');
}

/**
 * `escapeMarkdownText` for text that starts a line: a leading `-`, `+` or `1.`/`1)` is also kept from starting a list
 * or a thematic break (`#`, `>`, `=` and backticks are already escaped).
 */
export function escapeMarkdownParagraph(text: string): string {
  return escapeMarkdownText(text)
    .replace(/^[-+]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A link destination with the characters that would end it or break it percent-encoded (`encodeURIComponent` leaves `(`
 * and `)` as they are, so they are spelled out).
 */
function markdownUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (char) => (char === '(' ? '%28' : char === ')' ? '%29' : encodeURIComponent(char)));
}

const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
/** Where a `<` would open raw HTML: a tag name, a closing tag, a comment or declaration, a processing instruction. */
const HTML_START = /<[A-Za-z/!?]/y;
/** An `http(s)` autolink, kept as one. */
const HTTP_AUTOLINK = /<https?:\/\/[^\s<>]*>/iy;

/**
 * The user's Markdown with raw HTML made inert (module comment): line endings normalised to LF, every `<` that could
 * start HTML backslashed unless it already is, except inside fenced code blocks, and a fence left open closed.
 *
 * Fences are recognised only at the start of a line, which CommonMark always reads as a fence whatever precedes it; an
 * indented fence is treated as text (its `<` gets a backslash, which is the safe direction).
 */
export function safeMarkdown(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  const lines = withoutInvisibles(wellFormed(markdown)).replace(/\r\n?/g, '\n').split('\n');
  for (const [index, line] of lines.entries()) {
    if (fence !== undefined) {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) fence = undefined;
      out.push(line);
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    // A backtick fence's info string cannot contain a backtick (then it is inline code).
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = open[1]!;
      out.push(line);
      continue;
    }
    out.push(inertLinks(inertHtml(line), lines[index + 1]));
  }
  if (fence !== undefined) out.push(fence);
  return out.join('\n');
}

/** Schemes that run code or carry a document of their own: a link to one is never made clickable. */
const SCRIPT_SCHEME = /^(?:javascript|vbscript|livescript|data):/;

const URL_ENTITIES: Readonly<Record<string, string>> = { colon: ':', tab: '\t', newline: '\n', nbsp: ' ', sol: '/' };

/**
 * Whether a link destination (the text after `](` or `]:`) names a script scheme, read the way renderers and browsers
 * do: entities decoded (`&#106;`, `&colon;`), backslash escapes and a `<` wrapper dropped, white space and control
 * characters removed (browsers strip tabs and line breaks from URLs), any case.
 */
function isScriptLink(destination: string): boolean {
  const head = destination
    .slice(0, 200)
    .replace(
      /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));?/gi,
      (entity, decimal?: string, hex?: string, name?: string) => {
        if (name !== undefined) return URL_ENTITIES[name.toLowerCase()] ?? entity;
        const point = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
        return point <= 0x10ffff ? String.fromCodePoint(point) : '';
      },
    )
    .replace(/[\\<\s\u0000-\u001f\u007f]/g, '')
    .toLowerCase();
  return SCRIPT_SCHEME.test(head);
}

/**
 * The line with links to script schemes made text: `[x](javascript:…)` gets a backslash before its `(` (the brackets
 * show as text), a reference definition `[x]: javascript:…` one before its `[`. A destination may start on the next
 * line (CommonMark allows one line break before it), so `next` is looked at when the line ends at `](`.
 */
function inertLinks(line: string, next: string | undefined): string {
  if (!line.includes(']')) return line;
  let out = line;
  const definition = /^( {0,3})\[[^\]]*\]:(.*)$/.exec(out);
  if (definition && isScriptLink(definition[2]!.trim() === '' ? (next ?? '') : definition[2]!)) {
    out = `${definition[1]}\\${out.slice(definition[1]!.length)}`;
  }
  for (let at = out.indexOf(']('); at !== -1; at = out.indexOf('](', at + 2)) {
    const rest = out.slice(at + 2);
    if (isScriptLink(rest.trim() === '' ? (next ?? '') : rest)) {
      out = `${out.slice(0, at + 1)}\\${out.slice(at + 1)}`;
      at += 1;
    }
  }
  return out;
}

function inertHtml(line: string): string {
  let out = '';
  let backslashes = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '<' && backslashes % 2 === 0 && startsAt(HTML_START, line, i) && !startsAt(HTTP_AUTOLINK, line, i)) {
      out += '\\';
    }
    out += char;
    backslashes = char === '\\' ? backslashes + 1 : 0;
  }
  return out;
}

function startsAt(pattern: RegExp, text: string, index: number): boolean {
  pattern.lastIndex = index;
  return pattern.test(text);
}
