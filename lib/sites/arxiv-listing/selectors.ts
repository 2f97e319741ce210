/**
 * Selectors for arXiv listing pages (`/list/…`, `/catchup/…`), rendered by arxiv-browse's `list_macros.item_list`. Each
 * comment ends with the selector's counts on these fixtures, which tests/unit/sites/selectors.test.ts checks:
 *
 * - `new`: tests/fixtures/arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html (2026 design, /new, 101 entries)
 * - `excerpt`: tests/fixtures/arxiv/list_new_cond-mat.mtrl-sci_2026-09-22_excerpt.html (38 of those entries)
 * - `month`: tests/fixtures/arxiv/list_month_cs_2301_show3_prettified.html (month, reformatted by a prettifier)
 * - `empty`: tests/fixtures/arxiv/list_month_cs_9101_empty_prettified.html (empty month)
 */

/**
 * The entry lists. /new and /recent emit one `<dl id='articles'>` per section or day, so the id repeats: always select
 * all of them. The empty month's one holds only `<p>No updates…</p>`. Counts: new 3, excerpt 3, month 1, empty 1.
 */
export const entryLists = '#dlpage dl';

/**
 * Id of the listing page body. The page-level announcement heading "Showing new listings for Tuesday, 22 September
 * 2026" is an `h3` of it outside every `dl` (found by walking it without entering the lists). Counts (such `h3`s): new
 * 1, excerpt 1, month 0, empty 0.
 */
export const pageId = 'dlpage';

/*
 * The links of a `dt` are told apart by their `title` (the adapter walks the `dt`'s `a` elements once, for the first
 * of each, as `a[title="…"]` would select them).
 */

/**
 * Title of the abstract link in a `dt`: `href ="/abs/ID"`, `id="ID"`, text "arXiv:ID". One per `dt`. Counts: new 101,
 * excerpt 38, month 3, empty 0.
 */
export const abstractLinkTitle = 'Abstract';

/**
 * Title of the LaTeXML HTML link in a `dt`, the only place the version shows (`/html/2510.01881v4`). Counts: new 76,
 * excerpt 28, month 0, empty 0.
 */
export const htmlLinkTitle = 'View HTML';

/** The field block of a `dd`: one per `dd`. Counts: new 101, excerpt 38, month 3, empty 0. */
export const meta = 'div.meta';

/**
 * Title line (`span.descriptor` "Title:" + raw TeX title), one per `div.meta`. Counts: new 101, excerpt 38, month 3,
 * empty 0.
 */
export const title = '.list-title';

/**
 * Author links. Loose text between them holds affiliations ("(1)", "(Technical University Vienna…)") and, on bad
 * metadata, name parts (`<a>Richard</a> (Yu)Liu`, /new item 70), so only link texts are authors. Counts: new 595,
 * excerpt 266, month 12, empty 0.
 */
export const authorLinks = '.list-authors a';

/** Optional comments line (`span.descriptor` "Comments:"). Counts: new 55, excerpt 20, month 2, empty 0. */
export const comments = '.list-comments';

/**
 * Subjects line: `span.primary-subject` "Name (code)" then "; Name (code)" …, one per `div.meta`. Counts: new 101,
 * excerpt 38, month 3, empty 0.
 */
export const subjects = '.list-subjects';

/** The primary category inside the subjects line, one per line. Counts: new 101, excerpt 38, month 3, empty 0. */
export const primarySubject = 'span.primary-subject';

/**
 * The abstract paragraph; only /new (and catchup with `abs=True`) render it. Counts: new 101, excerpt 38, month 0,
 * empty 0.
 */
export const abstract = 'p.mathjax';

/**
 * Field labels ("Title:", "Comments:", "Subjects:") to leave out of field text, on every labelled field. Counts: new
 * 270, excerpt 99, month 8, empty 0.
 */
export const descriptor = 'span.descriptor';
