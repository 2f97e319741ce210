/**
 * RIS export, shaped for Zotero's RIS import and for every other reader (EndNote, Mendeley, bibutils):
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
 *     N1  - Read section 3.2 again.
 *       Second line of the note.
 *     ER  -
 *
 * - Lines end in CRLF, as the spec asks; records follow each other with no blank line.
 * - `TY - GEN`: no RIS type imports as a Zotero Preprint, and GEN is what Zotero itself exports preprints as.
 * - `AU` is the spec's `Family, Given` (`Family, Given, Suffix`), the particle with the family (`van Beethoven, Ludwig`),
 *   East Asian names family first (`李, 华`); a name kept whole (lib/paper/names.ts splitName's `literal`: `李华`, `Google
 *   Brain`) is written without a comma, which Zotero reads as a single-field name.
 * - `PY` is the year and `DA` the date as `YYYY/MM/DD/`, with empty parts when only the month or year is known
 *   (`2024/02//`); both from lib/paper/dates.ts `knownDate`. An undated paper has neither.
 * - `DO` is the paper's DOI (its own or journal DOI, else arXiv's DataCite DOI); `AN - arXiv:<id>` keeps the arXiv id,
 *   since RIS has no eprint tag; a PubMed paper's id is its accession number in `DB - PubMed` (`AN - 31452104`), as
 *   databases write it. `UR` is the page the paper's key names (the abstract page, the DOI link, the OpenReview forum,
 *   the Anthology, PubMed, Semantic Scholar, dblp, or a `url:` paper's address), so every kind reads back to its key.
 * - `KW`: one tag per line. Zotero splits a keyword on `;`, and a lone keyword on `,`, so such tags arrive split.
 * - Text values (title, authors, abstract, tags) are folded onto one line and otherwise written as given: arXiv titles
 *   stay TeX (`$\mathcal{L}$`), as arXiv and Zotero's arXiv translator keep them.
 * - **`N1`, the note, is plain text** (readers other than Zotero show HTML tags literally; Zotero wraps a plain N1 in
 *   `<p>` and shows it as a note). RIS values have no line breaks, so a note's later lines are continuation lines
 *   indented by two spaces (no line of the note can pass for a tag line, not even `ER - `), and a paragraph break is
 *   one blank line. ris/read.ts joins them back with their line breaks; Zotero joins a line that follows a short one
 *   with a line break, bibutils joins them with spaces.
 */
import type { Paper } from '../../paper/model.ts';
import { familyPart, splitName } from '../../paper/names.ts';
import { arxivIdOf, doiOf, type PaperDate, pmidOf, urlOf } from '../common/paper.ts';
import { nfc, oneLine, wellFormed, withoutInvisibles } from '../common/text.ts';
import { knownDate } from '../../paper/dates.ts';

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
  const date = knownDate(paper);
  const lines: [tag: string, value: string | undefined][] = [
    ['TI', oneLine(paper.title)],
    ...paper.authors.map((author): [string, string | undefined] => ['AU', risName(author)]),
    ['PY', date === undefined ? undefined : String(date.year).padStart(4, '0')],
    ['DA', date === undefined ? undefined : risDate(date)],
    ['AB', paper.abstract === undefined ? undefined : oneLine(paper.abstract)],
    ['UR', urlOf(paper)],
    ['DO', doiOf(paper)],
    ['AN', arxivId === undefined ? pmidOf(paper) : `arXiv:${arxivId}`],
    ['DB', arxivId === undefined && pmidOf(paper) !== undefined ? 'PubMed' : undefined],
    ...(paper.tags ?? []).map((tag): [string, string | undefined] => ['KW', oneLine(tag)]),
    ['N1', paper.note === undefined ? undefined : risNote(paper.note)],
  ];
  return [['TY', 'GEN'], ...lines.filter((line): line is Line => line[1] !== undefined && line[1] !== ''), ['ER', '']];
}

/**
 * `Family, Given[, Suffix]`, or a name kept whole. The name is split as stored (lib/paper/names.ts splitName reads it
 * the same way everywhere) and its parts are then folded onto one line, invisible controls dropped.
 */
function risName(author: string): string | undefined {
  const name = splitName(wellFormed(author));
  if (name === undefined) return undefined;
  if ('literal' in name) return oneLine(name.literal) || undefined;
  const parts = [familyPart(name), name.given, ...(name.suffix === undefined ? [] : [name.suffix])].map(oneLine);
  return parts.every((part) => part === '') ? undefined : parts.join(', ');
}

/** `YYYY/MM/DD/` with the unknown parts empty (the trailing slash ends the empty "other" part RIS dates have). */
function risDate(date: PaperDate): string {
  const two = (part: number | undefined) => (part === undefined ? '' : String(part).padStart(2, '0'));
  return `${String(date.year).padStart(4, '0')}/${two(date.month)}/${two(date.day)}/`;
}

/**
 * The note as an `N1` value: its lines (line breaks of any kind, U+2028 included, start a new line) with control
 * characters as spaces and their indentation kept (Markdown code blocks), the second and later as continuation lines
 * (CRLF, two spaces, the line), paragraphs (split at blank lines) separated by one empty line. Undefined when the note
 * is blank.
 */
export function risNote(note: string): string | undefined {
  const paragraphs = withoutInvisibles(nfc(wellFormed(note)))
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/^\s+/, '')
    .split(/\n[ \t]*\n(?:[ \t]*\n)*/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map(noteLine)
        .filter((line) => line.trim() !== '')
        .join(`${CRLF}  `),
    )
    .filter((paragraph) => paragraph !== '');
  return paragraphs.length === 0 ? undefined : paragraphs.join(`${CRLF}${CRLF}  `);
}

/** One line of a note: control characters as spaces, trailing white space dropped, indentation and inner spaces kept. */
function noteLine(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trimEnd();
}
