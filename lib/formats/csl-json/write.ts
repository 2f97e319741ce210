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
 *   with either file; a key isCiteKey refuses is never written (`id` is then Dogear's key).
 * - `author`: `{family, given[, non-dropping-particle][, suffix]}` when the name splits (`李 华`: family 李), else
 *   `{literal}` (a one-word or CJK name written without a space, lib/paper/names.ts `splitName`).
 * - `issued.date-parts` is `[[y, m, d]]`, `[[y, m]]` or `[[y]]` by what is known (lib/paper/dates.ts `knownDate`).
 * - `publisher: "arXiv"` (Zotero: Repository) for arXiv papers, and `number: "arXiv:<id>"` (Zotero: Archive ID) for any
 *   paper with an arXiv id; `DOI` is the paper's own or journal DOI, else the arXiv DataCite DOI; `PMID` a PubMed
 *   paper's id; `URL` the page its key names (the abstract page, the DOI link, the OpenReview forum, the Anthology,
 *   PubMed, Semantic Scholar, dblp, or a `url:` paper's address), so every kind reads back to its key.
 * - `note` is the user's note, verbatim: CSL reserves `note` for user annotations and puts extra data in `custom` (Zotero
 *   puts `note` in Extra). `custom` holds the tags (CSL has no tag list; `keyword` is one string that Zotero ignores)
 *   and Dogear's key.
 * - The title of a paper with an arXiv id is TeX source; it is written as the rich text CSL processors read
 *   (csl-json/rich-text.ts: `Ga$_2$O$_3$` → `Ga<sub>2</sub>O<sub>3</sub>`, `$\mathcal{O}$` → `𝒪`, `{BERT}` → `BERT`),
 *   so no TeX reaches a bibliography. Other titles are plain text, folded onto one line. In both, words sentence case
 *   must not touch (acronyms, formulas, `{BERT}`) are in `<span class="nocase">`, the CSL form of BibTeX's braces. The
 *   abstract is folded onto one line and otherwise kept.
 */
import type { Paper } from '../../paper/model.ts';
import { citeKeysFor, isCiteKey } from '../../paper/cite-keys.ts';
import { type PersonName, splitName } from '../../paper/names.ts';
import { hasNote } from '../../paper/state.ts';
import { arxivIdOf, doiOf, pmidOf, urlOf } from '../common/paper.ts';
import { oneLine, wellFormed, withoutInvisibles } from '../common/text.ts';
import { plainToCsl, texToCsl } from './rich-text.ts';
import { knownDate } from '../../paper/dates.ts';

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
  PMID?: string;
  URL?: string;
  abstract?: string;
  'citation-key'?: string;
  note?: string;
  custom: { tags: string[]; dogearKey: string };
}

export type CslName =
  { family: string; given: string; 'non-dropping-particle'?: string; suffix?: string } | { literal: string };

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
  const date = knownDate(paper);
  const authors = paper.authors
    .map((author) => splitName(author))
    .filter((name) => name !== undefined)
    .map(cslName)
    .filter((name) => ('literal' in name ? name.literal : `${name.family}${name.given}`) !== '');
  const abstract = paper.abstract === undefined ? '' : oneLine(paper.abstract);
  const title = oneLine(paper.title);
  // Keys come from citeKeysFor, which gives valid keys; the check keeps a key no consumer takes out of `citation-key`.
  const citeKey = isCiteKey(key) ? key : undefined;
  const item: CslItem = {
    id: citeKey ?? paper.key,
    type: 'article',
    title: arxivId === undefined ? plainToCsl(title) : texToCsl(title),
    ...(authors.length > 0 ? { author: authors } : {}),
    ...(date
      ? { issued: { 'date-parts': [[date.year, date.month, date.day].filter((part) => part !== undefined)] } }
      : {}),
    ...(paper.key.startsWith('arxiv:') ? { publisher: 'arXiv' } : {}),
    ...(arxivId === undefined ? {} : { number: `arXiv:${arxivId}` }),
    ...optional('DOI', doiOf(paper)),
    ...optional('PMID', pmidOf(paper)),
    ...optional('URL', urlOf(paper)),
    ...(abstract === '' ? {} : { abstract }),
    ...(citeKey === undefined ? {} : { 'citation-key': citeKey }),
    ...(hasNote(paper) ? { note: withoutInvisibles(wellFormed(paper.note!)) } : {}),
    custom: { tags: (paper.tags ?? []).map((tag) => withoutInvisibles(wellFormed(tag))), dogearKey: paper.key },
  };
  return item;
}

/**
 * CSL's name object: the particle is `non-dropping-particle` (kept with the family name when sorting and citing). The
 * name was split as stored (lib/paper/names.ts splitName reads it the same way everywhere); its parts are then folded
 * onto one line, invisible controls dropped.
 */
function cslName(name: PersonName): CslName {
  if ('literal' in name) return { literal: oneLine(name.literal) };
  const particle = name.particle === undefined ? '' : oneLine(name.particle);
  const suffix = name.suffix === undefined ? '' : oneLine(name.suffix);
  return {
    family: oneLine(name.family),
    given: oneLine(name.given),
    ...(particle === '' ? {} : { 'non-dropping-particle': particle }),
    ...(suffix === '' ? {} : { suffix }),
  };
}

function optional<K extends string>(name: K, value: string | undefined): { [key in K]?: string } {
  return (value === undefined ? {} : { [name]: value }) as { [key in K]?: string };
}
