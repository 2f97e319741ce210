/**
 * RIS export, shaped for Zotero's RIS import: the format that keeps notes and tags.
 *
 *     TY  - GEN
 *     TI  - Attention Is All You Need
 *     AU  - Vaswani, Ashish
 *     PY  - 2017
 *     DA  - 2017/06/12/
 *     AB  - The dominant sequence transduction models…
 *     UR  - https://arxiv.org/abs/1706.03762
 *     DO  - 10.48550/arXiv.1706.03762
 *     AN  - arXiv:1706.03762
 *     KW  - transformers
 *     N1  - <p>Read section 3.2 again.</p>
 *     ER  -
 *
 * - Lines end in CRLF, as the spec asks; records follow each other with no blank line. Every line is `XX - value`: no
 *   value contains a line break, so no reader has to guess how continuation lines join.
 * - `TY - GEN`: no RIS type imports as a Zotero Preprint, and GEN is what Zotero itself exports preprints as.
 * - `AU` is `Family, Given` (`Family, Given, Suffix`) when the name splits (common/paper.ts `splitName`), else the name
 *   as given (`李华`): Zotero reads a line without a comma as a single-field name.
 * - `PY` is the year and `DA` the date as `YYYY/MM/DD/`, with empty parts when only the month or year is known
 *   (`2024/02//`); both from common/paper.ts `dateOf`.
 * - `DO` is the DOI (arXiv's DataCite DOI for arXiv papers); `AN - arXiv:<id>` keeps the arXiv id, since RIS has no
 *   eprint tag; `UR` is the abstract page (or DOI link).
 * - `KW`: one tag per line. Zotero splits a keyword on `;`, and a lone keyword on `,`, so such tags arrive split.
 * - Text values (title, authors, abstract, tags) are folded onto one line and otherwise written as given: arXiv titles
 *   stay TeX (`$\mathcal{L}$`), as arXiv and Zotero's arXiv translator keep them.
 * - **`N1`, the note, is one line of HTML**: `<p>` per paragraph (blank-line separated), `<br/>` per line break, `& < >`
 *   escaped. Zotero stores notes as HTML: its RIS import takes an N1 value that contains a tag as HTML and wraps any
 *   other in `<p>` as it is, so a plain note containing `<img src=x onerror=…>` would become markup. Writing the HTML
 *   ourselves keeps the paragraphs and shows such text as text. Zotero's own RIS export writes N1 as note HTML too;
 *   other readers show the tags literally.
 */
import type { Paper } from '../../paper/model.ts';
import { arxivIdOf, dateOf, doiOf, type PaperDate, splitName, urlOf } from '../common/paper.ts';
import { oneLine, wellFormed } from '../common/text.ts';

const CRLF = '\r\n';

/** The RIS file for `papers`, in their order; an empty list gives an empty string. */
export function toRis(papers: readonly Paper[]): string {
  return papers
    .map((paper) =>
      recordFor(paper)
        .map(([tag, value]) => `${tag}  - ${value}${CRLF}`)
        .join(''),
    )
    .join('');
}

type Line = [tag: string, value: string];

function recordFor(paper: Paper): Line[] {
  const arxivId = arxivIdOf(paper);
  const date = dateOf(paper);
  const lines: [tag: string, value: string | undefined][] = [
    ['TI', oneLine(paper.title)],
    ...paper.authors.map((author): [string, string | undefined] => ['AU', risName(author)]),
    ['PY', date === undefined ? undefined : String(date.year).padStart(4, '0')],
    ['DA', date === undefined ? undefined : risDate(date)],
    ['AB', paper.abstract === undefined ? undefined : oneLine(paper.abstract)],
    ['UR', urlOf(paper)],
    ['DO', doiOf(paper)],
    ['AN', arxivId === undefined ? undefined : `arXiv:${arxivId}`],
    ...(paper.tags ?? []).map((tag): [string, string | undefined] => ['KW', oneLine(tag)]),
    ['N1', paper.note === undefined ? undefined : noteHtml(paper.note)],
  ];
  return [['TY', 'GEN'], ...lines.filter((line): line is Line => line[1] !== undefined && line[1] !== ''), ['ER', '']];
}

function risName(author: string): string | undefined {
  const name = splitName(author);
  if (name === undefined) return undefined;
  if ('literal' in name) return name.literal;
  return [name.family, name.given, ...(name.suffix === undefined ? [] : [name.suffix])].join(', ');
}

/** `YYYY/MM/DD/` with the unknown parts empty (the trailing slash ends the empty "other" part RIS dates have). */
function risDate(date: PaperDate): string {
  const two = (part: number | undefined) => (part === undefined ? '' : String(part).padStart(2, '0'));
  return `${String(date.year).padStart(4, '0')}/${two(date.month)}/${two(date.day)}/`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * The note as one line of HTML: paragraphs (split at blank lines) in `<p>`, line breaks as `<br/>`, each line folded
 * like other values and HTML-escaped. Undefined when the note is blank.
 */
export function noteHtml(note: string): string | undefined {
  const paragraphs = wellFormed(note)
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => oneLine(line).replace(/[&<>]/g, (char) => HTML_ESCAPES[char]!))
        .filter((line) => line !== '')
        .join('<br/>'),
    )
    .filter((paragraph) => paragraph !== '');
  return paragraphs.length === 0 ? undefined : paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('');
}
