/**
 * BibTeX export in arXiv's own shape (`@misc` + `eprint`/`archivePrefix`/`primaryClass`), written for traditional
 * BibTeX: text is escaped by the rules of escape.ts, and letters with a LaTeX form become ASCII escapes, so the file is
 * ASCII except for text with no LaTeX form (CJK, Greek), which stays UTF-8 rather than being dropped.
 */
import { arxivAbsUrl, doiUrl } from '../../paper/links.ts';
import type { Paper } from '../../paper/model.ts';
import { arxivIdOf, dateOf } from '../common/paper.ts';
import { citeKeysFor } from '../../paper/cite-keys.ts';
import { escapeBibtexText, type TextEncoding, type TextSyntax } from './escape.ts';

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
 * The BibTeX file for `papers`, in their order: one `@misc` entry each, separated by blank lines, ending with a newline
 * (an empty list gives an empty string). Cite keys are unique within the file.
 *
 * @example
 *   toBibtex([paper]); // '@misc{vaswani2017attention,\n  title = {Attention Is All You Need},\n …}\n'
 */
export function toBibtex(papers: readonly Paper[], options: BibtexOptions = {}): string {
  const keys = citeKeysFor(papers);
  const entries = papers.map((paper, index) => entryFor(paper, keys[index]!, options));
  return entries.length === 0 ? '' : `${entries.join('\n\n')}\n`;
}

interface Field {
  name: string;
  value: string | undefined;
}

function entryFor(paper: Paper, key: string, options: BibtexOptions): string {
  const arxivId = arxivIdOf(paper);
  const doi = paper.key.startsWith('doi:') ? paper.key.slice('doi:'.length) : undefined;
  const syntax: TextSyntax =
    !options.syntax || options.syntax === 'auto' ? (arxivId ? 'tex' : 'plain') : options.syntax;
  // The v1 year (common/paper.ts dateOf says where it comes from).
  const year = dateOf(paper)?.year;
  const primaryClass = paper.primaryCategory ?? paper.subjects[0];
  const fields: Field[] = [
    { name: 'title', value: escapeBibtexText(paper.title, syntax) },
    { name: 'author', value: formatBibtexAuthors(paper.authors, syntax) },
    { name: 'year', value: year === undefined ? undefined : String(year) },
    { name: 'eprint', value: arxivId },
    { name: 'archivePrefix', value: arxivId ? 'arXiv' : undefined },
    { name: 'primaryClass', value: arxivId && primaryClass ? escapeBibtexText(primaryClass, 'plain') : undefined },
    // The DOI itself: arXiv's own export writes its resolver URL here, which reference managers do not read as a DOI.
    { name: 'doi', value: doi === undefined ? undefined : bibtexVerbatim(doi) },
    { name: 'url', value: doi === undefined ? (arxivId ? arxivAbsUrl(arxivId) : undefined) : doiUrl(doi) },
    {
      name: 'abstract',
      value: options.abstract && paper.abstract ? escapeBibtexText(paper.abstract, syntax) : undefined,
    },
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

/** A value written as is (DOI), except what would unbalance the entry or leave ASCII. */
export function bibtexVerbatim(value: string): string {
  return value.replace(/[{}\\\s]|[^\x20-\x7e]/gu, (char) => encodeURIComponent(char));
}
