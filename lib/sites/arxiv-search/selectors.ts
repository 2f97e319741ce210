/**
 * Selectors for arXiv search results (`/search/?query=…`, `/search/<archive>?…`, `/search/advanced?…`), rendered by
 * arxiv-search's `search-macros.html` `search_results`. Each comment ends with the selector's count on this fixture,
 * which tests/unit/sites/selectors.test.ts checks:
 *
 * - `search`: tests/fixtures/arxiv/search_results_excerpt_2026-10-09.html (2 results; the repo author dropped tags,
 *   abstracts and dates, so those selectors follow the template only)
 */

/** One search result. Counts: search 2. */
export const result = 'li.arxiv-result';

/** The id line `p.list-title`: "arXiv:ID" link + "[pdf, ps, other]"; the controls go here. Counts: search 2. */
export const idLine = 'p.list-title';

/** The abstract link in the id line; `vN` in its href when the result is not the latest version. Counts: search 2. */
export const abstractLink = 'a[href*="/abs/"]';

/**
 * Title, possibly with `span.search-hit` highlights (read as text). The fixture's two read "Paper result N": its source
 * replaced the real titles. Counts: search 2.
 */
export const title = 'p.title';

/**
 * Author links; the "Authors:" label is a span and ", et al. (N additional authors not shown)" is loose text. The
 * fixture's results have 2 and 25. Counts: search 27.
 */
export const authorLinks = 'p.authors a';

/** Full abstract, ending in the "△ Less" toggle link. Template only. Counts: search 0. */
export const abstractFull = 'span.abstract-full';

/**
 * Category tags, primary first: text is the code (`cs.LG`), `data-tooltip` the name. DOI tags have no tooltip. Template
 * only. Counts: search 0.
 */
export const categoryTags = 'div.tags span.tag[data-tooltip]';

/**
 * Comment-style lines (`p.comments`): comments, report number / MSC / ACM classes, and journal ref all use this class;
 * the comments line is the one whose first span says "Comments:". Template only. Counts: search 0.
 */
export const commentLines = 'p.comments';
