/**
 * Selectors for Hugging Face Papers listings. Tailwind class lists change between deploys, so these key on structure
 * (`article`, `h3 a`, the checkbox of the vote box) and on the hydration island's `data-target`, not on classes. Each
 * comment ends with the selector's counts on these fixtures, which tests/unit/sites/selectors.test.ts checks:
 *
 * - `server`: tests/fixtures/huggingface/daily_papers_2026-07-02_server.html (server HTML)
 * - `rendered`: tests/fixtures/huggingface/daily_papers_2026-09-28_rendered.html (post-hydration DOM)
 */

/**
 * The paper cards, one `article` each, in page order, all inside the DailyPapers island. Counts: server 31, rendered
 * 28.
 */
export const card = 'article';

/**
 * The title link inside a card; its href `/papers/<arxivId>` is the card's id. Only the title sits in an `h3`: the
 * thumbnail and the GitHub-stars chip link to the same href, so `a[href^="/papers/"]` alone would be ambiguous. Exactly
 * one per card. Counts: server 31, rendered 28.
 */
export const titleLink = 'h3 a[href^="/papers/"]';

/**
 * The upvote count: the `div.leading-none` after the hidden checkbox of the vote box. The "Submitted by" badge also has
 * `leading-none`, hence the checkbox anchor. One per card; the rendered page shows `-` for 0 votes. Counts: server 31,
 * rendered 28.
 */
export const upvoteCount = 'input[type="checkbox"] ~ .leading-none';

/**
 * The Svelte island whose `data-props` JSON holds `dailyPapers[]` (and `searchResults[]` on search pages), with
 * authors, summary and dates that the cards no longer show. Its props JSON holds 31 and 28 papers. Counts: server 1,
 * rendered 1.
 */
export const papersIsland = '[data-target="DailyPapers"]';
