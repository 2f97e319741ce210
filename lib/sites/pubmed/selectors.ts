/**
 * Selectors for PubMed search results (`pubmed.ncbi.nlm.nih.gov/?term=…`, the default "Summary" format). Each comment
 * ends with the selector's count on these fixtures, which tests/unit/sites/selectors.test.ts checks:
 *
 * - `p1`: tests/fixtures/pubmed/search_hypertension-food_p1_prettified.html (page 1 of 1,835 results, 10 rows; saved from
 *   a browser and reformatted by an HTML formatter)
 * - `p2`: tests/fixtures/pubmed/search_hypertension-food_p2.html (page 2 of 1,827 results, 10 rows; saved from a browser
 *   as served)
 *
 * Both captures come from a browser with a reading extension that adds its own links and badges inside the rows
 * (`a.easyScholarDOI` inside the journal citation, `span.easyscholar-ranking` after the title): nothing here relies on
 * a row having no foreign elements.
 */

/** One result row; `data-rel-pos` is its position on the page. Counts: p1 10, p2 10. */
export const result = 'article.full-docsum';

/**
 * The title link: href `/<PMID>/`, `data-article-id` the PMID, the title as text with `b` around query words. Counts:
 * p1 10, p2 10.
 */
export const titleLink = 'a.docsum-title';

/** Every author as "Surname Initials", comma-separated, ending in ".". Counts: p1 10, p2 10. */
export const fullAuthors = '.docsum-authors.full-authors';

/**
 * The journal citation: "Journal. 2021 Nov;78(5):1185-1196. doi: 10.…. Epub 2021 Oct 4." (the DOI and the Epub date
 * only when the record has them). Counts: p1 10, p2 10.
 */
export const fullCitation = '.docsum-journal-citation.full-journal-citation';

/** The citation block (authors, journal, PMID, free-text and type badges): the controls go here. Counts: p1 10, p2 10. */
export const citationBlock = '.docsum-citation.full-citation';

/** Elements inside a citation that are not PubMed's text (links and icons other extensions add). Counts: p1 8, p2 10. */
export const foreignInCitation = '.docsum-journal-citation.full-journal-citation a';
