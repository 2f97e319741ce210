/**
 * Selectors for Google Scholar: result pages (`/scholar?q=…`, `?cites=…`, `?cluster=…`) and an author profile's
 * publication rows (`/citations?user=…`). Scholar's class names (`gs_…`, `gsc_…`) have stayed the same across the 2020
 * and 2026 captures. Each comment ends with the selector's counts on these fixtures, which
 * tests/unit/sites/selectors.test.ts checks:
 *
 * - `microwave`: tests/fixtures/google-scholar/results_microwave-dielectric.html (10 results)
 * - `attention`: tests/fixtures/google-scholar/search-attention-mechanism-2026-03.html (10 results, 2026 markup)
 * - `geology`: tests/fixtures/google-scholar/search-geology-olympus-range-2020-11-15.html (10 results, 2020 markup)
 * - `profile`: tests/fixtures/google-scholar/profile-rows-aeinstein-2021_in-table.html (1114 profile rows)
 */

/**
 * One search result. `data-cid` is the result's cluster id (the 8 bytes of Scholar's numeric cluster id, little-endian,
 * then 0x09, in URL-safe base64). The "Create alert" box is also a `div.gs_r` but not `.gs_or`. Counts: microwave 10,
 * attention 10, geology 10, profile 0.
 */
export const result = 'div.gs_r.gs_or.gs_scl[data-cid]';

/**
 * The title heading: an optional type label (`span.gs_ctc` "[PDF]"/"[HTML]", or `span.gs_ctu` "[CITATION]"/"[BOOK]" for
 * entries without a link), then the title link, or a `span` for an entry without one. Counts: microwave 10, attention
 * 10, geology 10, profile 0.
 */
export const titleHeading = 'h3.gs_rt';

/**
 * The title link, to the publisher's page (or the PDF itself). Counts: microwave 10, attention 10, geology 9, profile
 * 0.
 */
export const titleLink = 'h3.gs_rt > a[href]';

/**
 * The type label before the title ("[PDF]", "[HTML]", "[CITATION]"…), with its short form beside it: not part of the
 * title. Counts: microwave 2, attention 2, geology 3, profile 0.
 */
export const typeLabel = 'span.gs_ctc, span.gs_ctu';

/**
 * The side links right of a result: the full text where Scholar found one ("[PDF] arxiv.org"), and a library's "Full
 * View" (a `/scholar?output=instlink…` link, which names no paper). Counts: microwave 5, attention 10, geology 5,
 * profile 0.
 */
export const sideLinks = 'div.gs_ggs a[href]';

/**
 * The byline "authors - venue, year - host", authors cut with "…" when long; profile authors are links. Counts:
 * microwave 10, attention 10, geology 10, profile 0.
 */
export const byline = 'div.gs_a';

/**
 * The links line (Save, Cite, "Cited by N", Related articles, versions): Dogear's controls go at its end. Not
 * `div.gs_fl` alone: the side links' box is a `div.gs_ggs.gs_fl`. Counts: microwave 10, attention 10, geology 10,
 * profile 0.
 */
export const linksLine = 'div.gs_ri > div.gs_fl';

/** One publication row of an author profile. Counts: microwave 0, attention 0, geology 0, profile 1114. */
export const profileRow = 'tr.gsc_a_tr';

/**
 * A row's title link to Scholar's own page of the article (`/citations?view_op=view_citation&…&citation_for_view=
 * USER:ID`); the row names no other target. Counts: microwave 0, attention 0, geology 0, profile 1114.
 */
export const profileTitle = 'td.gsc_a_t > a.gsc_a_at';

/**
 * The title cell: title, authors, venue; the controls go at its end. Counts: microwave 0, attention 0, geology 0,
 * profile 1114.
 */
export const profileTitleCell = 'td.gsc_a_t';

/**
 * The grey lines under a profile title: authors first, then the venue (whose `span.gs_oph` ", 1935" repeats the year
 * for narrow screens). Counts: microwave 0, attention 0, geology 0, profile 2228.
 */
export const profileGray = 'td.gsc_a_t > div.gs_gray';

/** The year repeated on narrow screens inside the venue line. Counts: microwave 0, attention 0, geology 0, profile 777. */
export const profileVenueYear = 'span.gs_oph';

/** The year column (empty for undated rows). Counts: microwave 0, attention 0, geology 0, profile 1114. */
export const profileYear = 'td.gsc_a_y';
