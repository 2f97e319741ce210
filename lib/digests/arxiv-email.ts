/**
 * arXiv's listing mails (the daily subscription e-mail, plain text), in the format arXiv has sent for decades:
 *
 *     Send any comments regarding submissions directly to submitter.
 *     …
 *     To unsubscribe, e-mail To: cs@arXiv.org, Subject: cancel
 *     …
 *      received from  Thu 22 Jan 26 19:00:00 GMT  to  Fri 23 Jan 26 19:00:00 GMT
 *     ------------------------------------------------------------------------------
 *     \\
 *     arXiv:2601.16280
 *     Date: Thu, 22 Jan 2026 19:24:21 GMT   (415kb)
 *
 *     Title: When Agents Fail to Act: A Diagnostic Framework for Tool Invocation
 *       Reliability in Multi-Agent LLM Systems
 *     Authors: …
 *     Categories: cs.AI cs.MA
 *     \\
 *       The abstract, its first line indented …
 *     \\ ( https://arxiv.org/abs/2601.16280 ,  415kb)
 *     ------------------------------------------------------------------------------
 *
 * New submissions come first; a `%-%-%-…` line starts the cross-lists, `%%--%%--…` the replacements, and
 * `%%%---%%%---…` ends the listing. A cross-list's id line says `(*cross-listing*)`; a replacement's date line is
 * `replaced with revised version <date>` and it usually has no abstract. Fields wrap with 2-space continuation lines.
 * Names and titles are TeX source, decoded to text here; abstracts stay as arXiv's web pages show them (TeX kept).
 */
import { arxivKey, keyFromDoi, parseArxivId } from '../paper/ids.ts';
import { arxivAbsUrl } from '../paper/links.ts';
import type { Section, Source } from '../paper/model.ts';
import {
  CATEGORY_CODE,
  collapse,
  compact,
  dateInText,
  isFirstListing,
  nonEmpty,
  unique,
  withoutListConjunction,
} from '../sites/parse-helpers.ts';
import { type DigestEntries, addEntry, addSkip } from './entry.ts';
import { texName, texTitle } from './tex.ts';
import type { Digest, DigestEntry } from './types.ts';

/** The line between entries, and around the header: 78 dashes. */
const ENTRY_RULE = /^-{78}\s*$/;
const CROSS_LISTS = /^%-%-%-/;
const REPLACEMENTS = /^%%--%%--/;
const END = /^%%%---/;

const ID_LINE = /^arXiv:(\S+)(\s+\(\*cross-listing\*\))?$/;
const LINK_LINE = /^\\\\ \(\s*https?:\/\/\S+\s*,/;
const FIELD = /^([A-Z][A-Za-z-]*):\s?(.*)$/;

/** Whether `text` reads as an arXiv listing mail: an `arXiv:<id>` line opened by `\\`, and arXiv's link or rule lines. */
export function isArxivEmail(text: string): boolean {
  return (
    /^\\\\\r?\n\s*arXiv:\S+/m.test(text) &&
    (/^\\\\ \( https?:\/\/arxiv\.org\/abs\//m.test(text) || /^-{78}/m.test(text))
  );
}

interface Header {
  /** `Thu 22 Jan 26` → `Fri 23 Jan 26`, as the mail writes the days. */
  received?: { from: string; to: string };
  /**
   * What may name the archive or category the mail is for, most specific first: the subject's first word (`math.OA
   * daily Subj-class mailing`), then the unsubscribe address (`math@arxiv.org`, the archive only).
   */
  lists: string[];
}

const isListCode = (code: string): boolean => CATEGORY_CODE.test(code) && code.length <= 40;

/** What the lines before the first entry say: the received window, and the list from the subject or unsubscribe line. */
function readHeader(lines: readonly string[], subject: string | undefined): Header {
  const header: Header = { lists: [] };
  let fromSubject: string | undefined;
  let fromAddress: string | undefined;
  for (const line of lines) {
    const received =
      /^\s*received from\s+(\w{3}\s+\d{1,2}\s+\w{3}\s+\d{2})\b.*?\bto\s+(\w{3}\s+\d{1,2}\s+\w{3}\s+\d{2})\b/.exec(line);
    if (received) header.received = { from: collapse(received[1]!), to: collapse(received[2]!) };
    const subjectLine = /^Subject:\s*(\S+)/.exec(line);
    if (subjectLine && fromSubject === undefined && isListCode(subjectLine[1]!)) fromSubject = subjectLine[1];
    const unsubscribe = /To unsubscribe, e-mail To:\s*([a-z][a-z.-]*)@arxiv\.org/i.exec(line);
    if (unsubscribe && isListCode(unsubscribe[1]!)) fromAddress = unsubscribe[1];
  }
  const mailSubject = subject === undefined ? undefined : /^\s*(\S+)/.exec(subject)?.[1];
  header.lists = [mailSubject, fromSubject, fromAddress].filter(
    (code): code is string => code !== undefined && isListCode(code),
  );
  return header;
}

/**
 * The list the mail is for: the first the header names that its papers are filed under (a forwarded mail's subject says
 * "Fwd:", a digest's may say "arxiv"), else the archive of the first paper's primary category.
 */
function listOf(header: Header, entries: readonly DigestEntry[]): string | undefined {
  const subjects = entries.flatMap((entry) => entry.paper.subjects);
  const files = (list: string): boolean => subjects.some((code) => code === list || code.startsWith(`${list}.`));
  return header.lists.find(files) ?? entries[0]?.paper.primaryCategory?.split('.')[0];
}

/** The fields of an entry's head (`Title:`, `Authors:`…), continuation lines joined. Keys as the mail writes them. */
function readFields(lines: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>();
  let current: string | undefined;
  for (const line of lines) {
    const field = FIELD.exec(line);
    if (field && !line.startsWith(' ')) {
      current = field[1]!;
      fields.set(current, field[2]!);
    } else if (current !== undefined && line.trim() !== '') {
      fields.set(current, `${fields.get(current)!} ${line.trim()}`);
    }
  }
  return fields;
}

/**
 * The names of an `Authors:` field: separated by commas and `and` outside parentheses, each without its affiliation
 * (`Jane Doe (MIT)`), without the trailing affiliation list (`((1) MIT, (2) ETH)`) or a closing "et al."; TeX decoded.
 */
export function splitAuthors(field: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const text = collapse(field);
  const push = (end: number): void => {
    parts.push(text.slice(start, end));
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth += 1;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && char === ',') {
      push(i);
      start = i + 1;
    } else if (depth === 0 && text.startsWith(' and ', i)) {
      push(i);
      start = i + ' and '.length;
      i += ' and '.length - 1;
    }
  }
  push(text.length);
  return parts.flatMap((part) => {
    const name = nonEmpty(withoutTrailingGroups(withoutListConjunction(part.trim())));
    // "…, Linsen Guo, et al." ends a list arXiv cut short: the rest of the list, not a name.
    if (name === undefined || name.startsWith('(') || /^et al\.?$/i.test(name)) return [];
    return nonEmpty(texName(name)) ?? [];
  });
}

/** `text` without the parenthesized groups it ends with (`John Roe (2) ((1) MIT, (2) ETH)` → `John Roe`). */
function withoutTrailingGroups(text: string): string {
  let rest = text.trimEnd();
  while (rest.endsWith(')')) {
    let depth = 0;
    let open = -1;
    for (let i = rest.length - 1; i >= 0; i--) {
      if (rest[i] === ')') depth += 1;
      else if (rest[i] === '(' && --depth === 0) {
        open = i;
        break;
      }
    }
    if (open <= 0) break;
    rest = rest.slice(0, open).trimEnd();
  }
  return rest;
}

interface RawEntry {
  section: Section;
  lines: string[];
}

/** The entries' line blocks with the section each stands in, up to the end marker. */
function entryBlocks(lines: readonly string[]): { header: string[]; blocks: RawEntry[] } {
  const blocks: RawEntry[] = [];
  const header: string[] = [];
  let section: Section = 'new';
  let current: RawEntry | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (END.test(line)) break;
    if (CROSS_LISTS.test(line) || REPLACEMENTS.test(line)) {
      section = CROSS_LISTS.test(line) ? 'cross-list' : 'replacement';
      current = undefined;
      continue;
    }
    // A `\\` line followed by an id line (at the start of the line) opens an entry; in an entry, `\\` opens its abstract.
    if (line === '\\\\' && ID_LINE.test(lines[i + 1]?.trimEnd() ?? '')) {
      current = { section, lines: [] };
      blocks.push(current);
      continue;
    }
    if (current === undefined) {
      if (blocks.length === 0) header.push(line);
      continue;
    }
    if (ENTRY_RULE.test(line)) {
      current = undefined;
      continue;
    }
    current.lines.push(line);
  }
  return { header, blocks };
}

/** What one entry block says: a candidate for the schema, or the reason it has none. */
type BlockRead = { skip: string; id?: string } | { id: string; section: Section; paper: Record<string, unknown> };

function readBlock(block: RawEntry): BlockRead {
  const [idLine = '', dateLine = '', ...rest] = block.lines;
  const idMatch = ID_LINE.exec(idLine.trimEnd());
  const parsed = idMatch ? parseArxivId(idMatch[1]!) : undefined;
  if (!parsed) return { skip: 'no arXiv id on the entry’s first line', id: idMatch?.[1] };
  const replaced = /^replaced with revised version\b/i.test(dateLine.trim());
  const section: Section = replaced
    ? 'replacement'
    : idMatch![2] !== undefined && block.section === 'new'
      ? 'cross-list'
      : block.section;

  const abstractStart = rest.indexOf('\\\\');
  // The closing `\\ ( https://arxiv.org/abs/<id> , 415kb)` line; a mail cut short may lack it.
  const linkIndex = rest.findIndex((line) => LINK_LINE.test(line));
  const headEnd = abstractStart === -1 ? (linkIndex === -1 ? rest.length : linkIndex) : abstractStart;
  const fields = readFields(rest.slice(0, headEnd));
  const abstractLines =
    abstractStart === -1 ? [] : rest.slice(abstractStart + 1, linkIndex === -1 ? undefined : linkIndex);

  const subjects = unique((fields.get('Categories') ?? '').split(/\s+/).filter((code) => CATEGORY_CODE.test(code)));
  const day = replaced ? undefined : dateInText(dateLine);
  const doiKey = fields.has('DOI') ? keyFromDoi(fields.get('DOI')!.split(/\s+/)[0]!) : undefined;
  const title = fields.get('Title');
  return {
    id: parsed.id,
    section,
    paper: compact({
      key: arxivKey(parsed.id),
      arxivId: parsed.id,
      title: title === undefined ? undefined : nonEmpty(texTitle(collapse(title))),
      authors: splitAuthors(fields.get('Authors') ?? ''),
      abstract: nonEmpty(abstractLines.join('\n')),
      primaryCategory: subjects[0],
      subjects,
      comments: nonEmpty(fields.get('Comments')),
      // A replacement's date is that of its new version; a date that cannot be the paper's first listing is not its own.
      published: day !== undefined && isFirstListing(parsed.id, day) ? day : undefined,
      doi: doiKey?.startsWith('doi:') ? doiKey.slice('doi:'.length) : undefined,
    }),
  };
}

/** The arXiv list page of the mail's archive or category, which its saves name as where they come from. */
function sourceOf(list: string | undefined): Source {
  return {
    site: 'arxiv-email',
    url: list === undefined ? 'https://arxiv.org/' : `https://arxiv.org/list/${encodeURIComponent(list)}/new`,
  };
}

function titleOf(header: Header, list: string | undefined): string {
  const name = list === undefined ? 'arXiv' : `arXiv ${list}`;
  return header.received === undefined ? name : `${name} — received ${header.received.from} → ${header.received.to}`;
}

/**
 * The papers of an arXiv listing mail, in the mail's order, each with its section. `subject` is the mail's Subject
 * header when the mail came with its headers (`math.OA daily Subj-class mailing`): its first word names the list.
 */
export function readArxivEmail(text: string, subject?: string): Digest {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { header: headerLines, blocks } = entryBlocks(lines);
  const header = readHeader(headerLines, subject);
  const out: DigestEntries = { entries: [], skipped: [] };
  blocks.forEach((block, index) => {
    const read = readBlock(block);
    if ('skip' in read) addSkip(out, index, read.skip, read.id);
    else addEntry(out, index, { paper: read.paper, section: read.section, link: arxivAbsUrl(read.id) }, read.id);
  });
  const list = listOf(header, out.entries);
  return {
    kind: 'arxiv-email',
    title: titleOf(header, list),
    source: sourceOf(list),
    entries: out.entries,
    skipped: out.skipped,
  };
}
