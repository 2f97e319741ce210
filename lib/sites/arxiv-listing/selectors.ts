/**
 * Selectors for arXiv listing pages (`/list/…`, `/catchup/…`), rendered by arxiv-browse's `list_macros.item_list`.
 * Checked on tests/fixtures/arxiv/list_new_cond-mat.mtrl-sci_2026-09-22{,_excerpt}.html (2026 design, /new),
 * list_month_cs_2301_show3_prettified.html (month, reformatted by a prettifier) and
 * list_month_cs_9101_empty_prettified.html (empty month).
 */

/**
 * The entry lists. /new and /recent emit one `<dl id='articles'>` per section or day, so the id repeats: always
 * select all of them. /new fixture: 3; month fixtures: 1 (the empty one holds only `<p>No updates…</p>`).
 */
export const entryLists = '#dlpage dl';

/**
 * Id of the listing page body. The page-level announcement heading "Showing new listings for Tuesday, 22 September
 * 2026" is an `h3` of it outside every `dl` (found by walking it without entering the lists). /new fixture: one such
 * `h3` (line 87); month fixtures: none.
 */
export const pageId = 'dlpage';

/*
 * The links of a `dt` are told apart by their `title` (the adapter walks the `dt`'s `a` elements once, for the first
 * of each, as `a[title="…"]` would select them).
 */

/** Title of the abstract link in a `dt`: `href ="/abs/ID"`, `id="ID"`, text "arXiv:ID". /new fixture: one per `dt`. */
export const abstractLinkTitle = 'Abstract';

/**
 * Title of the LaTeXML HTML link in a `dt`, the only place the version shows (`/html/2510.01881v4`).
 * /new full: 76 of 101.
 */
export const htmlLinkTitle = 'View HTML';

/** The field block of a `dd`. Every `dd` in all fixtures has one. */
export const meta = 'div.meta';

/** Title line (`span.descriptor` "Title:" + raw TeX title). One per `div.meta` in all fixtures. */
export const title = '.list-title';

/**
 * Author links. Loose text between them holds affiliations ("(1)", "(Technical University Vienna…)") and, on bad
 * metadata, name parts (`<a>Richard</a> (Yu)Liu`, /new item 70), so only link texts are authors.
 */
export const authorLinks = '.list-authors a';

/** Optional comments line (`span.descriptor` "Comments:"). /new full: 55 of 101; month fixture: 2 of 3. */
export const comments = '.list-comments';

/** Subjects line: `span.primary-subject` "Name (code)" then "; Name (code)" …. One per `div.meta` in all fixtures. */
export const subjects = '.list-subjects';

/** The primary category inside the subjects line. One per subjects line in all fixtures. */
export const primarySubject = 'span.primary-subject';

/** The abstract paragraph; only /new (and catchup with `abs=True`) render it. /new: 101 of 101; month: none. */
export const abstract = 'p.mathjax';

/** Field labels ("Title:", "Comments:", "Subjects:") to leave out of field text. Present on every labelled field. */
export const descriptor = 'span.descriptor';
