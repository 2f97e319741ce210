/**
 * Selectors for papers.cool (Kimi) listings: arXiv pages (`/arxiv/<category>`) and venue pages (`/venue/<venue>`),
 * which share one template: `div.papers > div.panel.paper[id="<paper id>"]`, the title line an `h2.title`. Each comment
 * ends with the selector's count on this fixture, which tests/unit/sites/selectors.test.ts checks:
 *
 * - `venue`: tests/fixtures/papers-cool/venue_AAAI2026_excerpt.html (2 entries of AAAI.2026 "Application Domains")
 *
 * No arXiv page of papers.cool has been captured: the selectors are the venue page's, which the arXiv pages are
 * expected to share (their panel ids are arXiv ids, with or without an `@arXiv` suffix: both are read).
 */

/** One paper: its `id` is papers.cool's id of it (`36958@AAAI`). Counts: venue 2. */
export const paper = 'div.panel.paper';

/** The title line, `#N` index link first; the controls go at its end. Counts: venue 2. */
export const titleLine = 'h2.title';

/** The title, linking the paper's own papers.cool page (`https://papers.cool/venue/36958@AAAI`). Counts: venue 2. */
export const titleLink = 'a.title-link';

/**
 * The `#N` mark inside the index link, whose href is the paper at its source
 * (`https://ojs.aaai.org/index.php/AAAI/article/view/36958`): the link is this span's parent. Counts: venue 2.
 */
export const indexMark = 'h2.title a > span.index';

/** The `[PDF]` toggle: the PDF's address is in its `data` attribute, not an href. Counts: venue 2. */
export const pdfLink = 'a.title-pdf[data]';

/** Author links (text is the name; the href is a Google search for it). Counts: venue 15. */
export const authorLinks = 'p.metainfo.authors a.author';

/** The abstract. Counts: venue 2. */
export const summary = 'p.summary';

/**
 * Subject links: an arXiv category on arXiv pages, "AAAI.2026 - Application Domains" (a venue group) on venue pages.
 * Counts: venue 2.
 */
export const subjectLinks = 'p.metainfo.subjects a';
