/**
 * CSL-JSON export: the one plain format Zotero imports as a **Preprint**, and what Pandoc and citeproc read.
 *
 * ```json
 * [{ "id": "vaswani2017attention", "type": "article", "title": "Attention Is All You Need",
 *    "author": [{ "family": "Vaswani", "given": "Ashish" }], "issued": { "date-parts": [[2017, 6, 12]] },
 *    "publisher": "arXiv", "number": "arXiv:1706.03762", "DOI": "10.48550/arXiv.1706.03762",
 *    "URL": "https://arxiv.org/abs/1706.03762", "abstract": "…", "citation-key": "vaswani2017attention",
 *    "note": "Read section 3.2 again.", "custom": { "tags": ["transformers"], "dogearKey": "arxiv:1706.03762" } }]
 * ```
 *
 * - `type: "article"`: CSL's type for preprints on a persistent platform such as arXiv (Zotero maps it to Preprint).
 * - `id` and `citation-key` are the BibTeX cite key (lib/paper/cite-keys.ts `citeKeysFor`), so a Pandoc `[@key]` works
 *   with either file.
 * - `author`: `{family, given[, suffix]}` when the name splits, else `{literal}` (a one-word or CJK name written without
 *   a space, common/paper.ts `splitName`).
 * - `issued.date-parts` is `[[y, m, d]]`, `[[y, m]]` or `[[y]]` by what is known (common/paper.ts `dateOf`).
 * - `publisher: "arXiv"` (Zotero: Repository) for arXiv papers, and `number: "arXiv:<id>"` (Zotero: Archive ID) for any
 *   paper with an arXiv id; `DOI` is the arXiv DataCite DOI unless the paper is keyed by its own DOI.
 * - `note` is the user's note, verbatim: CSL reserves `note` for user annotations and puts extra data in `custom` (Zotero
 *   puts `note` in Extra). `custom` holds the tags (CSL has no tag list; `keyword` is one string that Zotero ignores)
 *   and Dogear's key.
 * - Title and abstract are folded onto one line and otherwise kept (arXiv TeX included), as Zotero's arXiv translator
 *   keeps them.
 */
import type { Paper } from '../../paper/model.ts';
import { citeKeysFor } from '../../paper/cite-keys.ts';
import { hasNote } from '../../paper/state.ts';
import { arxivIdOf, dateOf, doiOf, splitName, urlOf } from '../common/paper.ts';
import { oneLine, wellFormed } from '../common/text.ts';

/** One CSL-JSON item as this exporter writes it (a subset of CSL 1.0.2's schema). */
export interface CslItem {
  id: string;
  type: 'article';
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': [number[]] };
  publisher?: string;
  number?: string;
  DOI?: string;
  URL?: string;
  abstract?: string;
  'citation-key': string;
  note?: string;
  custom: { tags: string[]; dogearKey: string };
}

export type CslName = { family: string; given: string; suffix?: string } | { literal: string };

/** The CSL items for `papers`, in their order, with unique ids. */
export function toCslItems(papers: readonly Paper[]): CslItem[] {
  const keys = citeKeysFor(papers);
  return papers.map((paper, index) => itemFor(paper, keys[index]!));
}

/** The CSL-JSON file: the items as a JSON array, indented with 2 spaces, ending with a newline. */
export function toCslJson(papers: readonly Paper[]): string {
  return `${JSON.stringify(toCslItems(papers), null, 2)}\n`;
}

function itemFor(paper: Paper, key: string): CslItem {
  const arxivId = arxivIdOf(paper);
  const date = dateOf(paper);
  const authors = paper.authors.map(splitName).filter((name) => name !== undefined);
  const abstract = paper.abstract === undefined ? '' : oneLine(paper.abstract);
  const item: CslItem = {
    id: key,
    type: 'article',
    title: oneLine(paper.title),
    ...(authors.length > 0 ? { author: authors } : {}),
    ...(date
      ? { issued: { 'date-parts': [[date.year, date.month, date.day].filter((part) => part !== undefined)] } }
      : {}),
    ...(paper.key.startsWith('arxiv:') ? { publisher: 'arXiv' } : {}),
    ...(arxivId === undefined ? {} : { number: `arXiv:${arxivId}` }),
    ...optional('DOI', doiOf(paper)),
    ...optional('URL', urlOf(paper)),
    ...(abstract === '' ? {} : { abstract }),
    'citation-key': key,
    ...(hasNote(paper) ? { note: wellFormed(paper.note!) } : {}),
    custom: { tags: (paper.tags ?? []).map(wellFormed), dogearKey: paper.key },
  };
  return item;
}

function optional<K extends string>(name: K, value: string | undefined): { [key in K]?: string } {
  return (value === undefined ? {} : { [name]: value }) as { [key in K]?: string };
}
