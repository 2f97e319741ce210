/**
 * BibTeX export in arXiv's own shape (`@misc` + `eprint`/`archivePrefix`/`primaryClass`), written for traditional
 * BibTeX: text is escaped by the rules of escape.ts, and letters with a LaTeX form become ASCII escapes (Greek as math:
 * `{$\alpha$}`), so the file compiles with pdflatex and no extra package. Text with no LaTeX form (CJK, accented Greek)
 * stays UTF-8 rather than being dropped: pdflatex needs the CJK package (or XeLaTeX/LuaLaTeX) to print it.
 *
 * Fields:
 *
 * - **title** is case-protected (escape.ts escapeBibtexTitle: `{BERT}`, `Attention {Is} {All}`), as Zotero and Better
 *   BibTeX do, so sentence-case styles keep acronyms, formulas and names.
 * - **author**: each name in the form BibTeX reads back to the same parts (names.ts): `Ashish Vaswani` as arXiv writes
 *   it, `Reynolds, Jr., William T.`, `李, 华`, `{ATLAS Collaboration}`.
 * - **year** and **month**: the v1 date (lib/paper/dates.ts knownDate) as precisely as BibTeX carries it. The month is
 *   the unbraced macro (`month = jun`), as Zotero and Better BibTeX write it and unlike arXiv, which writes the year
 *   only: the month is known for every arXiv paper, standard styles print it (`June 2017`) in the style's own language,
 *   and a file read back keeps the date's precision. A paper with no known date has neither.
 * - **doi**: the paper's own published DOI, bare (common/paper.ts journalDoiOf: the key's, or the journal DOI of an arXiv
 *   paper). arXiv's own export writes its resolver URL here, which reference managers do not read as a DOI.
 * - **eprint** / **eprinttype = {pubmed}** for a PubMed paper (`pmid:`), as BibLaTeX names PubMed ids and biber and
 *   JabRef read them; arXiv's `archivePrefix` stays arXiv's alone.
 * - **url**: the page the paper's key names, for every kind (common/paper.ts urlOf): the arXiv abstract, the DOI
 *   resolver, the OpenReview forum, the ACL Anthology, PubMed, Semantic Scholar, dblp, or a `url:` paper's address. It
 *   is how a paper without an arXiv id or DOI is read back with its key.
 * - Cite keys: lib/paper/cite-keys.ts citeKeysFor, a persisted key only when isCiteKey accepts it.
 */
import type { Paper } from '../../paper/model.ts';
import { arxivIdOf, journalDoiOf, pmidOf, urlOf } from '../common/paper.ts';
import { citeKeysFor } from '../../paper/cite-keys.ts';
import { escapeBibtexText, escapeBibtexTitle, type TextEncoding, type TextSyntax } from './escape.ts';
import { bibtexName } from './names.ts';
import { knownDate } from '../../paper/dates.ts';

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
  const names = new Map<string, string>();
  const entries = papers.map((paper, index) => entryFor(paper, keys[index]!, options, names));
  return entries.length === 0 ? '' : `${entries.join('\n\n')}\n`;
}

/** `jan`…`dec`: the month macros every BibTeX style defines. */
export const MONTH_MACROS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface Field {
  name: string;
  value: string | undefined;
  /** Written without braces: a macro name. */
  bare?: boolean;
}

function entryFor(paper: Paper, key: string, options: BibtexOptions, names: Map<string, string>): string {
  const arxivId = arxivIdOf(paper);
  const pmid = pmidOf(paper);
  const doi = journalDoiOf(paper);
  const syntax: TextSyntax =
    !options.syntax || options.syntax === 'auto' ? (arxivId ? 'tex' : 'plain') : options.syntax;
  const date = knownDate(paper);
  const primaryClass = paper.primaryCategory ?? paper.subjects[0];
  const fields: Field[] = [
    { name: 'title', value: escapeBibtexTitle(paper.title, syntax) },
    { name: 'author', value: formatBibtexAuthors(paper.authors, syntax, 'ascii', names) },
    { name: 'year', value: date === undefined ? undefined : String(date.year) },
    { name: 'month', value: date?.month === undefined ? undefined : MONTH_MACROS[date.month - 1], bare: true },
    { name: 'eprint', value: arxivId ?? pmid },
    { name: 'archivePrefix', value: arxivId ? 'arXiv' : undefined },
    { name: 'eprinttype', value: arxivId === undefined && pmid !== undefined ? 'pubmed' : undefined },
    { name: 'primaryClass', value: arxivId && primaryClass ? escapeBibtexText(primaryClass, 'plain') : undefined },
    { name: 'doi', value: doi === undefined ? undefined : bibtexVerbatim(doi) },
    { name: 'url', value: bibtexVerbatim(urlOf(paper)) },
    {
      name: 'abstract',
      value: options.abstract && paper.abstract ? escapeBibtexText(paper.abstract, syntax) : undefined,
    },
  ];
  const lines = fields
    .filter((field) => field.value)
    .map((field) => `  ${field.name} = ${field.bare ? field.value : `{${field.value}}`},`);
  return [`@misc{${key},`, ...lines, '}'].join('\n');
}

/**
 * The `author` value: each name as names.ts bibtexName writes it, joined with `and`; undefined when no name is left.
 * `written` remembers the names already written in this file (by syntax and stored name): the same authors come back
 * paper after paper, and each is split and escaped once.
 */
export function formatBibtexAuthors(
  authors: readonly string[],
  syntax: TextSyntax,
  encoding: TextEncoding = 'ascii',
  written: Map<string, string> = new Map(),
): string | undefined {
  let value = '';
  for (const author of authors) {
    const key = `${syntax} ${author}`;
    let name = written.get(key);
    if (name === undefined) {
      name = bibtexName(author, syntax, encoding);
      written.set(key, name);
    }
    if (name !== '') value += value === '' ? name : ` and ${name}`;
  }
  return value === '' ? undefined : value;
}

/** A value written as is (DOI), except what would unbalance the entry or leave ASCII. */
export function bibtexVerbatim(value: string): string {
  return value.replace(/[{}\\\s]|[^\x20-\x7e]/gu, (char) => encodeURIComponent(char));
}
