/**
 * A Dogear paper as a Zotero item: the JSON both Zotero's connector server (`/connector/saveItems`) and the Web API
 * (`POST /users/<id>/items`) take. Field names and item types are Zotero's schema (zotero/zotero-schema `schema.json`
 *
 * @5eedf44, version 41); conventions follow Zotero's own translators (zotero/translators @2814370: `arXiv.org.js`
 * `parseSingleEntry`, `PubMed.js`, `ACLWeb.js`, `DBLP Computer Science Bibliography.js`).
 *
 * - arXiv papers are `preprint` items as the arXiv translator saves them: `repository: "arXiv"`, `archiveID:
 *   "arXiv:<id>"`, DOI `10.48550/arXiv.<id>` (the DataCite DOI arXiv registers for every paper), the unversioned
 *   abstract page as `url`, and `extra: "arXiv:<id> [<primary category>]"` (the translator writes the category only for
 *   new-style ids).
 * - An arXiv paper with a journal DOI is a `journalArticle` with that DOI, as the arXiv translator makes it when arXiv
 *   lists a DOI: the journal DOI is the published version's identity (Zotero's duplicate detection and the publisher's
 *   page match on it), so it must not be hidden behind the preprint's DataCite DOI; `journalArticle` has no
 *   `archiveID`/`repository`, so the arXiv id stays in `extra` and the abstract page in `url`.
 * - A PubMed id goes in `extra` as `PMID: <n>`, as the PubMed translator writes it: the `PMID` field is new (schema
 *   41), and an older Zotero or the Web API would refuse an unknown field, while every Zotero reads (and migrates)
 *   `Key: value` lines in Extra.
 * - Names are split as every export splits them (lib/paper/names.ts splitName): particle with the family name in
 *   `lastName` (`van Beethoven`), a suffix after the given names (`William T., Jr.`, the form Zotero's citation
 *   processor reads), a name with no parts (`ATLAS Collaboration`, `李华`) in single-field form `{name}`.
 * - Text is the text the exports write (lib/formats/common/text.ts): titles and names on one line, invisible controls
 *   dropped. Nothing here is HTML except the note (noteHtml), which escapes everything.
 */
import { knownDate, publishedOf } from '../paper/dates.ts';
import { keyKind, keyValue } from '../paper/ids.ts';
import type { Paper } from '../paper/model.ts';
import { familyPart, type PersonName, splitName } from '../paper/names.ts';
import { arxivIdOf, journalDoiOf, pmidOf, primaryCategoryOf, urlOf } from '../formats/common/paper.ts';
import { oneLine, wellFormed, withoutInvisibles } from '../formats/common/text.ts';

/** The item types Dogear writes. */
export type ZoteroItemType = 'preprint' | 'journalArticle' | 'conferencePaper' | 'webpage';

export type ZoteroCreator =
  { creatorType: 'author'; firstName: string; lastName: string } | { creatorType: 'author'; name: string };

export interface ZoteroTag {
  tag: string;
}

/** One item as Dogear sends it: only fields the item type has (checked by the tests against Zotero's schema). */
export interface ZoteroItem {
  itemType: ZoteroItemType;
  title: string;
  creators: ZoteroCreator[];
  abstractNote?: string;
  date?: string;
  DOI?: string;
  url: string;
  /** `preprint` only (schema base field `number`). */
  archiveID?: string;
  /** `preprint` only (schema base field `publisher`). */
  repository?: string;
  extra?: string;
  tags: ZoteroTag[];
}

/** A child note for the Web API, which creates notes as items of their own (`parentItem` is the parent's key). */
export interface ZoteroNoteItem {
  itemType: 'note';
  note: string;
  parentItem: string;
}

export interface ZoteroItemOptions {
  /**
   * Whether the user's tags go in the item (default true). The connector path sends them through `updateSession`
   * instead: tags in `saveItems` become automatic tags (Zotero's connector session saves with `forceTagType: 1`), tags
   * from `updateSession` are the user's own.
   */
  tags?: boolean;
}

/**
 * Every Dogear field that reaches Zotero, and where it goes: the README's mapping table is this list, and the tests
 * check toZoteroItem against it.
 */
export const ZOTERO_FIELD_MAP: ReadonlyArray<{
  /** The Dogear field (lib/paper/model.ts), or what is derived from it. */
  dogear: string;
  /** The Zotero item field. */
  zotero: keyof ZoteroItem | 'note (child note)';
  /** The item types the row applies to. */
  itemTypes: readonly ZoteroItemType[];
  /** What is written, in words. */
  value: string;
}> = [
  {
    dogear: 'key kind',
    zotero: 'itemType',
    itemTypes: allTypes(),
    value:
      'arxiv: preprint (journalArticle with a journal DOI); doi:, pmid:, s2: journalArticle; openreview:, acl: conferencePaper; dblp: conf/ conferencePaper, else journalArticle; url: journalArticle (webpage without authors)',
  },
  { dogear: 'title', zotero: 'title', itemTypes: allTypes(), value: 'the title, on one line' },
  {
    dogear: 'authors',
    zotero: 'creators',
    itemTypes: allTypes(),
    value: 'author creators: lastName (with particle) and firstName (with suffix), or name when the name has no parts',
  },
  { dogear: 'abstract', zotero: 'abstractNote', itemTypes: allTypes(), value: 'the abstract' },
  {
    dogear: 'published (else the arXiv id’s month)',
    zotero: 'date',
    itemTypes: allTypes(),
    value: 'YYYY, YYYY-MM or YYYY-MM-DD, as precise as known',
  },
  {
    dogear: 'key',
    zotero: 'url',
    itemTypes: allTypes(),
    value: 'the paper’s own page (arXiv abstract, doi.org link…)',
  },
  {
    dogear: 'arXiv id (key arxiv:)',
    zotero: 'archiveID',
    itemTypes: ['preprint'],
    value: 'arXiv:<id>',
  },
  { dogear: 'key arxiv:', zotero: 'repository', itemTypes: ['preprint'], value: 'arXiv' },
  {
    dogear: 'arXiv id (key arxiv:, no journal DOI)',
    zotero: 'DOI',
    itemTypes: ['preprint'],
    value: '10.48550/arXiv.<id>',
  },
  {
    dogear: 'doi (journal DOI) or the doi: key',
    zotero: 'DOI',
    itemTypes: ['journalArticle', 'conferencePaper'],
    value: 'the DOI',
  },
  {
    dogear: 'arXiv id, primaryCategory',
    zotero: 'extra',
    itemTypes: allTypes(),
    value: 'arXiv:<id> [<category>] line',
  },
  { dogear: 'key pmid:', zotero: 'extra', itemTypes: ['journalArticle'], value: 'PMID: <n> line' },
  { dogear: 'tags', zotero: 'tags', itemTypes: allTypes(), value: '{tag} each (connector: through updateSession)' },
  {
    dogear: 'note',
    zotero: 'note (child note)',
    itemTypes: allTypes(),
    value: 'HTML from noteHtml: the Markdown as escaped text in paragraphs',
  },
];

function allTypes(): ZoteroItemType[] {
  return ['preprint', 'journalArticle', 'conferencePaper', 'webpage'];
}

/** The item type of a paper, by its key kind (see the file comment). */
export function zoteroItemType(paper: Paper): ZoteroItemType {
  switch (keyKind(paper.key)) {
    case 'arxiv':
      return paper.doi === undefined ? 'preprint' : 'journalArticle';
    case 'openreview':
    case 'acl':
      // OpenReview forums are conference submissions; the ACL Anthology translator saves conference papers.
      return 'conferencePaper';
    case 'dblp':
      return keyValue(paper.key).startsWith('conf/') ? 'conferencePaper' : 'journalArticle';
    case 'url':
      // A url: key names a paper's own page (lib/paper/ids.ts urlKey); one without an author is a page, not a paper.
      return paper.authors.length > 0 ? 'journalArticle' : 'webpage';
    default:
      return 'journalArticle';
  }
}

/** The Zotero item for a paper (see the file comment for every choice). */
export function toZoteroItem(paper: Paper, options: ZoteroItemOptions = {}): ZoteroItem {
  const itemType = zoteroItemType(paper);
  const arxivId = arxivIdOf(paper);
  const date = knownDate(paper);
  const abstract = paper.abstract === undefined ? '' : withoutInvisibles(wellFormed(paper.abstract)).trim();
  const doi = journalDoiOf(paper) ?? (itemType === 'preprint' ? `10.48550/arXiv.${arxivId!}` : undefined);
  const item: ZoteroItem = {
    itemType,
    title: oneLine(paper.title),
    creators: paper.authors.map(splitName).flatMap((name) => (name === undefined ? [] : creatorOf(name))),
    ...(abstract === '' ? {} : { abstractNote: abstract }),
    ...(date === undefined ? {} : { date: publishedOf(date) }),
    // `webpage` has a DOI field only from schema 41 on: an older Zotero would refuse it, and a page has none.
    ...(doi === undefined || itemType === 'webpage' ? {} : { DOI: doi }),
    url: urlOf(paper),
    ...(itemType === 'preprint' ? { archiveID: `arXiv:${arxivId!}`, repository: 'arXiv' } : {}),
    tags: options.tags === false ? [] : (paper.tags ?? []).map((tag) => ({ tag: oneLine(tag) })),
  };
  const extra = extraLines(paper, arxivId);
  if (extra !== '') item.extra = extra;
  return item;
}

/** What has no field of its own: the arXiv line (as the arXiv translator writes it) and the PubMed id. */
function extraLines(paper: Paper, arxivId: string | undefined): string {
  const lines: string[] = [];
  if (arxivId !== undefined) {
    const category = primaryCategoryOf(paper);
    // The translator omits the category for old-style ids, whose archive already names the subject.
    const withCategory =
      category !== undefined && !arxivId.includes('/') && /^[a-z-]+(?:\.[A-Za-z-]+)?$/.test(category);
    lines.push(withCategory ? `arXiv:${arxivId} [${category}]` : `arXiv:${arxivId}`);
  }
  const pmid = pmidOf(paper);
  if (pmid !== undefined) lines.push(`PMID: ${pmid}`);
  return lines.join('\n');
}

function creatorOf(name: PersonName): ZoteroCreator[] {
  if ('literal' in name) {
    const literal = oneLine(name.literal);
    return literal === '' ? [] : [{ creatorType: 'author', name: literal }];
  }
  const lastName = oneLine(familyPart(name));
  const given = oneLine(name.given);
  const suffix = name.suffix === undefined ? '' : oneLine(name.suffix);
  const firstName = suffix === '' ? given : given === '' ? suffix : `${given}, ${suffix}`;
  if (lastName === '') return firstName === '' ? [] : [{ creatorType: 'author', name: firstName }];
  return [{ creatorType: 'author', firstName, lastName }];
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The user's Markdown note as the HTML a Zotero note holds: every character escaped (the note is text, and a note on a
 * paper from a page may quote that page), blank lines between paragraphs (`<p>`), single line breaks as `<br>`. No
 * Markdown is rendered: Zotero shows what the user typed. An empty note gives ''.
 */
export function noteHtml(markdown: string): string {
  const text = withoutInvisibles(wellFormed(markdown)).replace(/\r\n?/g, '\n').trim();
  if (text === '') return '';
  return text
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** The Web API's child note for an item created before it (its key from createItems). */
export function zoteroNote(parentItem: string, markdown: string): ZoteroNoteItem {
  return { itemType: 'note', note: noteHtml(markdown), parentItem };
}
