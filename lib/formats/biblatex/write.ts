/**
 * BibLaTeX export for Biber: UTF-8, arXiv papers as `@misc` with `eprint` / `eprinttype = {arxiv}` / `eprintclass`.
 * BibLaTeX files have BibTeX's grammar, so they are read by bibtex/read.ts.
 *
 * ```bibtex
 * @misc{vaswani2017attention,
 *   title = {Attention Is All You Need},
 *   author = {Ashish Vaswani and Noam Shazeer},
 *   date = {2017-06-12},
 *   eprint = {1706.03762},
 *   eprinttype = {arxiv},
 *   eprintclass = {cs.CL},
 *   url = {https://arxiv.org/abs/1706.03762},
 *   keywords = {transformers, to read},
 *   annote = {Read section 3.2 again.},
 * }
 * ```
 *
 * Choices:
 *
 * - **`@misc`, not `@online`.** Both carry the eprint fields and both standard drivers print them. `@misc` is the type
 *   arXiv's own BibTeX and our BibTeX export use, so switching between the two files changes no entry type; `@online`
 *   is meant for "intrinsically online" sources, is printed with a URL date by many styles (biblatex-apa treats it as a
 *   web page), and Zotero imports it as a Web Page where `@misc` becomes a Document.
 * - **The note goes in `annote`.** It is Biber's alias of `annotation` (user annotations, which standard styles do not
 *   print), and it is the field Zotero's BibTeX import turns into a child note. `note` would be printed in the
 *   bibliography and lands in Zotero's Extra field. The note is the user's Markdown, read as plain text and folded onto
 *   one line (Biber collapses white space anyway); the full note is in the RIS, CSV, Markdown and JSON exports.
 * - **Text** is escaped as in BibTeX (bibtex/escape.ts: same `tex`/`plain` rule, math spans kept, `# % & _` escaped,
 *   braces balanced, dangerous commands written as text) but stays UTF-8: no `{\"u}` escapes, since Biber reads UTF-8.
 *   The title is case-protected as in BibTeX (`{BERT}`, `{$\Delta$}`), for styles that sentence-case it.
 * - **`author`**: each name in the form BibTeX's grammar reads back to the same parts (bibtex/names.ts), which Biber
 *   shares: `Reynolds, Jr., William T.`, `李, 华`, `{ATLAS Collaboration}`.
 * - **`date`** is as precise as the v1 date is known (lib/paper/dates.ts `knownDate`): `YYYY-MM-DD` from `published`, the
 *   arXiv id's `YYYY-MM` (v1 month), a year alone from an imported file; a paper with no known date has none.
 * - **`eprint` / `eprinttype = {pubmed}`** for a PubMed paper (`pmid:`): BibLaTeX's own eprint type for PubMed ids,
 *   printed `PMID: <n>` by the standard styles.
 * - **`url`** is the page the paper's key names, for every kind (common/paper.ts urlOf): how a paper without an arXiv id
 *   or DOI (OpenReview, ACL Anthology, Semantic Scholar, dblp, a `url:` paper) is read back with its key.
 * - **`doi`** is the paper's own published DOI, plain (BibLaTeX adds the resolver): the key's, or the journal DOI of an
 *   arXiv paper (common/paper.ts journalDoiOf). arXiv's DataCite DOI is not written: the eprint fields already identify
 *   the preprint, as in arXiv's own export.
 * - **`keywords`** are the tags, joined with `, ` (Biber's separator). A tag that contains a comma or a semicolon is
 *   braced, so a reader that respects groups (Biber, Dogear's) keeps it whole (Zotero's import splits it regardless).
 * - Cite keys come from lib/paper/cite-keys.ts citeKeysFor (a valid persisted `citeKey` first), so a paper has the same
 *   key in both files.
 * - Options are BibTeX's (`abstract` off by default here too: standard styles never print it).
 */
import type { Paper } from '../../paper/model.ts';
import { escapeBibtexText, escapeBibtexTitle, type TextSyntax } from '../bibtex/escape.ts';
import { citeKeysFor } from '../../paper/cite-keys.ts';
import { bibtexVerbatim, formatBibtexAuthors, type BibtexOptions } from '../bibtex/write.ts';
import { arxivIdOf, journalDoiOf, pmidOf, primaryCategoryOf, urlOf } from '../common/paper.ts';
import { knownDate, publishedOf } from '../../paper/dates.ts';

/**
 * The BibLaTeX file for `papers`, in their order: one `@misc` entry each, separated by blank lines, ending with a
 * newline (an empty list gives an empty string). Cite keys are unique within the file.
 */
export function toBiblatex(papers: readonly Paper[], options: BibtexOptions = {}): string {
  const keys = citeKeysFor(papers);
  const names = new Map<string, string>();
  const entries = papers.map((paper, index) => entryFor(paper, keys[index]!, options, names));
  return entries.length === 0 ? '' : `${entries.join('\n\n')}\n`;
}

function entryFor(paper: Paper, key: string, options: BibtexOptions, names: Map<string, string>): string {
  const arxivId = arxivIdOf(paper);
  const pmid = arxivId === undefined ? pmidOf(paper) : undefined;
  const doi = journalDoiOf(paper);
  const syntax: TextSyntax =
    !options.syntax || options.syntax === 'auto' ? (arxivId ? 'tex' : 'plain') : options.syntax;
  const date = knownDate(paper);
  const primaryClass = primaryCategoryOf(paper);
  const text = (value: string | undefined, as: TextSyntax = syntax) =>
    value === undefined ? undefined : escapeBibtexText(value, as, 'utf8');
  const fields: [name: string, value: string | undefined][] = [
    ['title', escapeBibtexTitle(paper.title, syntax, 'utf8')],
    ['author', formatBibtexAuthors(paper.authors, syntax, 'utf8', names)],
    ['date', date === undefined ? undefined : publishedOf(date)],
    ['eprint', arxivId ?? pmid],
    ['eprinttype', arxivId ? 'arxiv' : pmid === undefined ? undefined : 'pubmed'],
    ['eprintclass', arxivId ? text(primaryClass, 'plain') : undefined],
    ['doi', doi === undefined ? undefined : bibtexVerbatim(doi)],
    ['url', bibtexVerbatim(urlOf(paper))],
    ['keywords', keywordsOf(paper.tags ?? [])],
    ['abstract', options.abstract ? text(paper.abstract) : undefined],
    // The note is the user's Markdown, never TeX.
    ['annote', text(paper.note, 'plain')],
  ];
  const lines = fields.filter(([, value]) => value).map(([name, value]) => `  ${name} = {${value}},`);
  return [`@misc{${key},`, ...lines, '}'].join('\n');
}

function keywordsOf(tags: readonly string[]): string | undefined {
  const keywords = tags
    .map((tag) => escapeBibtexText(tag, 'plain', 'utf8'))
    .filter((tag) => tag !== '')
    .map((tag) => (/[,;]/.test(tag) ? `{${tag}}` : tag));
  return keywords.length > 0 ? keywords.join(', ') : undefined;
}
