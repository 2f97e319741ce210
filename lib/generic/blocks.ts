/**
 * Finding the entries of a listing no adapter knows, from its links alone:
 *
 * 1. Every `a[href]` whose address names a paper (paperKeyOfUrl: arXiv and its mirrors, DOIs and publisher pages,
 *    OpenReview, the ACL Anthology, PubMed, Semantic Scholar, dblp) is a keyed link. A link to any other page becomes a
 *    `url:` key (urlKey) only as the title link of a block in a run (5 below), never on its own.
 * 2. Each keyed link's block is its largest ancestor that holds links to one paper only, i.e. the child of the lowest
 *    ancestor holding links to two papers (the container). Keys of different kinds in one block (the title's DOI, the
 *    PDF link's arXiv id) are one paper, keyed by the strongest (bestKey); two keys of one kind are two papers.
 * 3. Blocks of the same shape (tag and classes) in containers of the same shape form a run; a run of at least MIN_ENTRIES
 *    different papers is a listing. A lone paper, a pair of "previous / next" links, a single featured paper do not
 *    make a run.
 * 4. Precision over recall: a page that describes one paper (Highwire `citation_*` or Dublin Core identifier metas, as
 *    arXiv, OpenReview, PubMed and publishers write them) has no listing, so its references and "related papers" are
 *    never taken for one; nor is any run inside navigation, a header, a footer or a sidebar, or under a section named
 *    references, bibliography, citations, related or similar papers.
 * 5. Entries whose links name no paper id (a Scholar result on a publisher's page, a Scholar profile row) are found by
 *    shape: in a run of step 3, the same-shaped siblings of its blocks that hold one title link (titleLinkOf) are
 *    entries too, keyed by that link's page. Without any keyed block, a run needs shape alone: at least
 *    MIN_SHAPE_ENTRIES same-shaped siblings, nearly all with one title link to a different page and more text than the
 *    title (a byline, a venue: what a menu's or a footer's links lack), in the content, on a page about no one paper.
 *
 * A block whose text names one DOI as such ("doi: 10.1161/…", as PubMed's citation line does) and whose links give no
 * DOI is keyed by that DOI too, so the entry gets the key the site's own adapter gives it (one key per paper: the
 * strongest).
 *
 * An entry split over sibling elements in a fixed pattern (arXiv's `dt` with the links, then its `dd` with the title)
 * gets the siblings between its block and the next as further roots.
 *
 * Reads the document only; never writes to it.
 */
import {
  arxivIdFromUrl,
  bestKey,
  keyFromDoi,
  keyKind,
  type KeyKind,
  type PaperKey,
  paperKeyOfUrl,
  urlKey,
} from '../paper/ids.ts';
import { isTitleText } from './entry.ts';
import { collapse } from '../sites/parse-helpers.ts';

/** Fewest different papers a run of blocks must list to be taken for a listing. */
export const MIN_ENTRIES = 3;

/**
 * Fewest entries a run found by shape alone must have (no link of it names a paper id): more than a page's handful of
 * featured items, "previous / next" or a card row.
 */
export const MIN_SHAPE_ENTRIES = 5;

/** Share of a shape-alone run's same-shaped siblings that must hold a title link (a Scholar "[CITATION]" has none). */
const SHAPE_SHARE = 0.75;

/** Characters of text a block found by shape alone must hold beyond its title: a byline, a venue, a year. */
const MIN_OTHER_TEXT = 10;

/** One entry found on the page: its key, the block(s) it occupies and its keyed links (page order). */
export interface Block {
  key: PaperKey;
  /** Highest arXiv version a link of the entry names, when one does. */
  version?: number;
  /** The block itself first, then the siblings that belong to it (an arXiv `dd`). */
  roots: Element[];
  /** The block's links that name its paper (by any of its keys), in page order. */
  links: Element[];
}

interface KeyedLink {
  link: Element;
  key: PaperKey;
  version?: number;
}

/** What the links under an element name: one key per kind, or CONFLICT once two papers meet. */
type Holding = Map<KeyKind, PaperKey> | typeof CONFLICT;
const CONFLICT = 'conflict';

/**
 * Pages about one paper: Google Scholar's inclusion guidelines ask for the Highwire `citation_*` tags on a paper's own
 * page only, and arXiv abstract pages, OpenReview forums, the ACL Anthology, PubMed and publishers write them; Dublin
 * Core identifiers and PRISM DOIs mark article pages too. A listing carries none of them.
 */
const SINGLE_PAPER_META = [
  'meta[name="citation_title" i]',
  'meta[name="citation_doi" i]',
  'meta[name="citation_arxiv_id" i]',
  'meta[name="citation_pmid" i]',
  'meta[name="dc.identifier" i]',
  'meta[name="prism.doi" i]',
].join(', ');

/** Regions that are not the page's content: site navigation, headers, footers, sidebars. */
const OUTSIDE_CONTENT =
  'nav, header, footer, aside, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], ' +
  '[role="menu"], [role="menubar"]';

/**
 * Words that name a section listing papers about another paper: its references, citations, related papers. Not
 * "recommended": a recommendation feed (Scholar Inbox, alphaXiv) is the very listing generic mode is for.
 */
const ABOUT_ANOTHER_PAPER =
  /(?:^|[^a-z])(?:references?|refs|bibliography|biblio|citations?|cited|citing|related|similar)(?:[^a-z]|$)/i;

/** Elements Dogear itself adds (row-hosts.ts): never part of the page's structure. */
const isDogearHost = (element: Element): boolean =>
  element.hasAttribute('data-dogear-ui') || element.hasAttribute('data-dogear-mark');

/** Whether `doc` is the page of one paper, whose links to other papers are its references, not a listing. */
export function isSinglePaperPage(doc: Document): boolean {
  return doc.querySelector(SINGLE_PAPER_META) !== null;
}

/** The address relative links resolve against: the page's `<base href>` when it has one, else its URL. */
function baseOf(doc: Document, url: URL): URL {
  const href = doc.querySelector('base[href]')?.getAttribute('href');
  if (href) {
    try {
      return new URL(href.trim(), url);
    } catch {
      // an unusable base: the browser falls back to the document's address too
    }
  }
  return url;
}

/** Hrefs that never name a page: fragments, scripts, mail. */
const NOT_A_PAGE = /^\s*(?:#|javascript:|mailto:|tel:|data:)/i;

function keyedLinks(scope: Document | Element, base: URL): KeyedLink[] {
  const found: KeyedLink[] = [];
  for (const link of scope.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href')!;
    if (NOT_A_PAGE.test(href)) continue;
    let target: URL;
    try {
      target = new URL(href.trim(), base);
    } catch {
      continue;
    }
    const key = paperKeyOfUrl(target);
    if (key === undefined) continue;
    const version = key.startsWith('arxiv:') ? arxivIdFromUrl(target)?.version : undefined;
    found.push(version === undefined ? { link, key } : { link, key, version });
  }
  return found;
}

/**
 * Records under every ancestor of each keyed link which papers its links name, stopping as soon as an ancestor already
 * knows the key (its ancestors do too) or already holds two papers (so do its ancestors). Linear in the links plus the
 * elements between them and their blocks.
 */
function holdings(links: readonly KeyedLink[]): Map<Element, Holding> {
  const held = new Map<Element, Holding>();
  for (const { link, key } of links) {
    const kind = keyKind(key)!;
    let element: Element | null = link;
    while (element) {
      const holding = held.get(element);
      if (holding === CONFLICT) break;
      if (holding === undefined) {
        held.set(element, new Map([[kind, key]]));
      } else {
        const known = holding.get(kind);
        if (known === key) break;
        if (known !== undefined) {
          // Two papers meet here: so they do in every ancestor.
          for (let up: Element | null = element; up && held.get(up) !== CONFLICT; up = up.parentElement)
            held.set(up, CONFLICT);
          break;
        }
        holding.set(kind, key);
      }
      element = element.parentElement;
    }
  }
  return held;
}

/** A DOI labelled as one in running text: "doi: 10.1161/HYPERTENSIONAHA.121.14519." (the full stop is the sentence's). */
const DOI_IN_TEXT = /\bdoi:\s*(10\.\d{4,9}\/\S+)/gi;

/**
 * The block's keys with the DOI its text names, when its links name none and its text names exactly one (two would be a
 * citation of another paper, or two papers).
 */
function withTextDoi(keys: Map<KeyKind, PaperKey>, block: Element): Map<KeyKind, PaperKey> {
  if (keys.has('doi')) return keys;
  const text = block.textContent ?? '';
  if (!/doi:/i.test(text)) return keys;
  const dois = new Set([...text.matchAll(DOI_IN_TEXT)].flatMap((match) => keyFromDoi(match[1]!) ?? []));
  const [doi] = dois;
  if (dois.size !== 1 || keyKind(doi!) !== 'doi') return keys;
  return new Map([...keys, ['doi', doi!]]);
}

/** Tag and classes: what makes sibling entries look alike. */
export function shapeOf(element: Element): string {
  const classes = [...element.classList].sort().join('.');
  return classes === '' ? element.localName : `${element.localName}.${classes}`;
}

/** Whether the run in `container` lists papers about another paper, or sits outside the page's content. */
function isExcludedRegion(container: Element): boolean {
  if (container.closest(OUTSIDE_CONTENT)) return true;
  let steps = 0;
  for (let element: Element | null = container; element && steps < 6; element = element.parentElement, steps += 1) {
    if (element.localName === 'body' || element.localName === 'html') break;
    const label = `${element.id} ${element.getAttribute('class') ?? ''} ${element.getAttribute('aria-label') ?? ''}`;
    if (ABOUT_ANOTHER_PAPER.test(label)) return true;
    if (ABOUT_ANOTHER_PAPER.test(headingBefore(element) ?? '')) return true;
  }
  return false;
}

const HEADING = /^h[1-6]$/;

/** The text of the heading right before `element` among its previous siblings (a section's title), if one is near. */
function headingBefore(element: Element): string | undefined {
  let sibling = element.previousElementSibling;
  for (let steps = 0; sibling && steps < 3; sibling = sibling.previousElementSibling, steps += 1) {
    if (HEADING.test(sibling.localName) || sibling.getAttribute('role') === 'heading')
      return (sibling.textContent ?? '').slice(0, 200);
    const inner = sibling.querySelector('h1, h2, h3, h4, h5, h6');
    if (inner && sibling.lastElementChild === inner) return (inner.textContent ?? '').slice(0, 200);
  }
  return undefined;
}

/** A candidate entry block before the runs are chosen. */
interface Candidate {
  block: Element;
  container: Element;
  keys: Map<KeyKind, PaperKey>;
  links: KeyedLink[];
}

/**
 * The siblings that belong to each block of one container when its entries span several siblings in a fixed pattern
 * (`dt` then `dd`): the same number of other siblings between every two blocks, with the same tags, and the same tags
 * after the last block (the block leads) or before the first (the block trails). Without such a pattern, none.
 */
function companions(container: Element, blocks: readonly Element[]): Map<Element, Element[]> {
  const result = new Map<Element, Element[]>();
  if (blocks.length < 2) return result;
  const children = [...container.children].filter((child) => !isDogearHost(child));
  const index = new Map(children.map((child, position) => [child, position]));
  const positions = blocks.map((block) => index.get(block)!);
  const gap = positions[1]! - positions[0]! - 1;
  if (gap < 1 || positions.some((position, i) => i > 0 && position - positions[i - 1]! - 1 !== gap)) return result;
  const tags = (from: number): string =>
    children
      .slice(from, from + gap)
      .map((child) => child.localName)
      .join(' ');
  const between = tags(positions[0]! + 1);
  const last = positions.at(-1)!;
  const first = positions[0]!;
  const leads = last + gap < children.length && tags(last + 1) === between;
  const trails = !leads && first - gap >= 0 && tags(first - gap) === between;
  if (!leads && !trails) return result;
  for (const position of positions) {
    const start = leads ? position + 1 : position - gap;
    result.set(children[position]!, children.slice(start, start + gap));
  }
  return result;
}

const HEADING_SELECTOR = 'h1, h2, h3, h4, h5, h6, [role="heading"]';

function isHeading(element: Element): boolean {
  return HEADING.test(element.localName) || element.getAttribute('role') === 'heading';
}

/** Link texts that name a result's tools, not its title: "Cited by 210", "All 5 versions", "Related articles". */
const TOOL_LINK =
  /^(?:cited by\b|all \d+ versions?\b|\d+ versions?\b|related\b|see all\b|view all\b|show all\b|more\b|next\b|prev(?:ious)?\b)/i;

/**
 * Words a title link has when no heading sets it apart (a Scholar profile row's); fewer reads as a name or a venue.
 * Single titles may be shorter ("Why war?"), but not a whole run's: its median title must have MIN_RUN_TITLE_WORDS
 * words, which a list of people's names or of venues does not reach.
 */
const MIN_PLAIN_TITLE_WORDS = 3;
const MIN_RUN_TITLE_WORDS = 4;

/** The one link a block gives as its title, to the page it keys the block by when no link names a paper id. */
export interface TitleLink {
  link: Element;
  key: PaperKey;
  text: string;
}

/** The http(s) page a link leads to, or undefined (a fragment, a script, mail, an unusable href). */
function pageOf(link: Element, base: URL): URL | undefined {
  const href = link.getAttribute('href');
  if (href === null || NOT_A_PAGE.test(href)) return undefined;
  try {
    const target = new URL(href.trim(), base);
    return target.protocol === 'https:' || target.protocol === 'http:' ? target : undefined;
  } catch {
    return undefined;
  }
}

const wordsOf = (text: string): number => text.split(' ').length;

function titleCandidate(link: Element, base: URL, minWords: number): TitleLink | undefined {
  const target = pageOf(link, base);
  if (target === undefined) return undefined;
  const text = collapse(link.textContent ?? '');
  if (TOOL_LINK.test(text) || !isTitleText(text) || wordsOf(text) < minWords) return undefined;
  const key = urlKey(target);
  return key === undefined ? undefined : { link, key, text };
}

/** The one page among `candidates` (the longest text of its links), or undefined when they lead to none or to two. */
function onePage(candidates: readonly TitleLink[]): TitleLink | undefined {
  const [first] = candidates;
  if (first === undefined || candidates.some((candidate) => candidate.key !== first.key)) return undefined;
  return candidates.reduce((best, candidate) => (candidate.text.length > best.text.length ? candidate : best));
}

/**
 * A block's title link: the link in (or around) its headings whose text reads as a title; without heading links, its
 * one link whose text reads as a title of several words, when the block's text starts with it. Links that are a
 * result's tools ("Cited by", "Related articles", "All 5 versions"), a host name ("[PDF] arxiv.org") or a label ("PDF")
 * are none. Undefined when the block has none, or has title links to two pages (two entries, or a block that is no
 * entry).
 */
export function titleLinkOf(block: Element, base: URL): TitleLink | undefined {
  const inHeadings: TitleLink[] = [];
  const plain: TitleLink[] = [];
  // One pass over the block's links, each placed by a walk up to the block: selectors cost several times more in a
  // 1,000-row profile.
  for (const link of block.querySelectorAll('a[href]')) {
    let inHeading = false;
    for (let up: Element | null = link; up && !inHeading; up = up === block ? null : up.parentElement)
      inHeading = isHeading(up);
    if (!inHeading && link.childElementCount > 0) inHeading = link.querySelector(HEADING_SELECTOR) !== null;
    const candidate = titleCandidate(link, base, 1);
    if (candidate) (inHeading ? inHeadings : plain).push(candidate);
  }
  if (block.localName === 'a' && block.hasAttribute('href')) {
    const candidate = titleCandidate(block, base, 1);
    if (candidate) plain.push(candidate);
  }
  if (inHeadings.length > 0) return onePage(inHeadings);
  // Titles of several words beside shorter link texts (names, venues); a short title when it is the only one.
  const long = plain.filter((candidate) => wordsOf(candidate.text) >= MIN_PLAIN_TITLE_WORDS);
  const only = onePage(long.length > 0 ? long : plain);
  // Without a heading, the title leads the block, as a profile row's does; a link further in is a tool's or an aside's
  // ("(What is CatalyzeX?)" after a toggle).
  return only && collapse(block.textContent ?? '').startsWith(only.text) ? only : undefined;
}

/**
 * What one block's links name: one key per kind, or undefined once it links two papers; with the DOI its text names
 * (withTextDoi) when `textDoi`.
 */
function keysIn(
  block: Element,
  base: URL,
  textDoi: boolean,
): { keys: Map<KeyKind, PaperKey>; links: KeyedLink[] } | undefined {
  const links = keyedLinks(block, base);
  const keys = new Map<KeyKind, PaperKey>();
  for (const keyed of links) {
    const kind = keyKind(keyed.key)!;
    const known = keys.get(kind);
    if (known !== undefined && known !== keyed.key) return undefined;
    keys.set(kind, keyed.key);
  }
  return { keys: textDoi ? withTextDoi(keys, block) : keys, links };
}

/** An entry as chosen, before its companions are added. */
interface Found {
  block: Element;
  container: Element;
  key: PaperKey;
  links: KeyedLink[];
  /** The title link, for an entry keyed by its page. */
  title?: Element;
}

/**
 * The entry of a block found by its shape: keyed by the strongest paper id its links name (as a site's adapter keys a
 * Scholar result by its arXiv side link), else by its title link's page; undefined without a title link or when its
 * links name two papers.
 */
function shapeEntry(block: Element, container: Element, base: URL): (Found & { titleText: string }) | undefined {
  const title = titleLinkOf(block, base);
  if (title === undefined) return undefined;
  // Not the DOI of its text: a venue line found by shape ("Bull. Amer. Math. Soc. 41, doi:10.1090/…") may cite another
  // work, or cut the DOI short.
  const named = keysIn(block, base, false);
  if (named === undefined) return undefined;
  const key = bestKey(named.keys.values());
  return key === undefined
    ? { block, container, key: title.key, links: [], title: title.link, titleText: title.text }
    : { block, container, key, links: named.links, titleText: title.text };
}

/**
 * `root` and every element under it, in page order, by their sibling links, but not under those `skip` says: iterating
 * jsdom's live collections (`getElementsByTagName('*')`) costs a second a pass on a 1,000-row page.
 */
function* elementsFrom(root: Element, skip: (element: Element) => boolean = () => false): Generator<Element> {
  let element: Element | null = root;
  while (element) {
    yield element;
    let next: Element | null = skip(element) ? null : element.firstElementChild;
    for (let up: Element | null = element; !next && up && up !== root; up = up.parentElement)
      next = up.nextElementSibling;
    element = next;
  }
}

/**
 * Runs found by shape alone (step 5), outside the containers and blocks already taken: every group of at least
 * MIN_SHAPE_ENTRIES same-shaped children of one element, nearly all of them entries (shapeEntry) with text beyond their
 * title, all to different pages, in the page's content.
 */
function shapeRuns(doc: Document, base: URL, taken: ReadonlySet<Element>, containers: ReadonlySet<Element>): Found[] {
  const root = doc.body ?? doc.documentElement;
  if (!root) return [];
  // Elements holding a taken block: a run of them would hold those entries again.
  const holding = new Set<Element>();
  for (const block of taken)
    for (let up = block.parentElement; up && !holding.has(up); up = up.parentElement) holding.add(up);
  const found: Found[] = [];
  // Not inside a run already found: its entries, their parts and their companions (an arXiv `dd`) are no new listing.
  for (const container of elementsFrom(root, (element) => containers.has(element) || taken.has(element))) {
    if (container.childElementCount < MIN_SHAPE_ENTRIES || containers.has(container)) continue;
    const groups = new Map<string, Element[]>();
    for (const child of container.children) {
      if (isDogearHost(child) || holding.has(child) || taken.has(child)) continue;
      const shape = shapeOf(child);
      const group = groups.get(shape);
      if (group) group.push(child);
      else groups.set(shape, [child]);
    }
    let excluded: boolean | undefined;
    for (const group of groups.values()) {
      if (group.length < MIN_SHAPE_ENTRIES) continue;
      excluded ??= isExcludedRegion(container);
      if (excluded) break;
      const needed = Math.max(MIN_SHAPE_ENTRIES, Math.ceil(SHAPE_SHARE * group.length));
      const entries: (Found & { titleText: string })[] = [];
      for (const [index, block] of group.entries()) {
        // Stop as soon as the rest cannot make the share.
        if (entries.length + group.length - index < needed) break;
        // Cheap refusals first: no link, or too little text for a title and more.
        if (block.localName !== 'a' && block.getElementsByTagName('a').length === 0) continue;
        if ((block.textContent ?? '').length < MIN_OTHER_TEXT + 4) continue;
        const entry = shapeEntry(block, container, base);
        if (entry === undefined) continue;
        if (collapse(block.textContent ?? '').length - entry.titleText.length < MIN_OTHER_TEXT) continue;
        entries.push(entry);
      }
      if (entries.length < needed) continue;
      if (new Set(entries.map((entry) => entry.key)).size !== entries.length) continue;
      const words = entries.map((entry) => wordsOf(entry.titleText)).sort((a, b) => a - b);
      if (words[Math.floor(words.length / 2)]! < MIN_RUN_TITLE_WORDS) continue;
      found.push(...entries);
    }
  }
  return found;
}

/**
 * Entries in page order, by one walk over the document: jsdom's compareDocumentPosition takes a millisecond a call on a
 * 1,000-row table, so a sort would take seconds.
 */
function inPageOrder(doc: Document, entries: readonly Found[]): Found[] {
  if (!doc.documentElement) return [...entries];
  const byBlock = new Map(entries.map((entry) => [entry.block, entry]));
  const ordered: Found[] = [];
  for (const element of elementsFrom(doc.documentElement)) {
    const entry = byBlock.get(element);
    if (entry) ordered.push(entry);
  }
  return ordered;
}

/**
 * The entries of the page, in page order: every run of at least MIN_ENTRIES same-shaped blocks, each holding one
 * paper's links, with their same-shaped siblings that hold a title link; and every run found by shape alone (step 5).
 * Empty for a page about one paper. Never throws on odd markup; never writes to `doc`.
 */
export function findBlocks(doc: Document, url: URL): Block[] {
  if (isSinglePaperPage(doc)) return [];
  const base = baseOf(doc, url);
  const links = keyedLinks(doc, base);
  const held = holdings(links);

  // Each link's block: its highest ancestor holding one paper, below the container that holds two.
  const candidates = new Map<Element, Candidate>();
  for (const keyed of links) {
    let block: Element = keyed.link;
    let parent = block.parentElement;
    while (parent && held.get(parent) !== CONFLICT) {
      block = parent;
      parent = block.parentElement;
    }
    if (!parent) continue; // the whole page names one paper: no listing
    const candidate = candidates.get(block);
    if (candidate) candidate.links.push(keyed);
    else
      candidates.set(block, {
        block,
        container: parent,
        keys: held.get(block) as Map<KeyKind, PaperKey>,
        links: [keyed],
      });
  }

  // Runs: same-shaped blocks in same-shaped containers, anywhere on the page (arXiv's /new has one list per section).
  const runs = new Map<string, Candidate[]>();
  for (const candidate of candidates.values()) {
    const shape = `${shapeOf(candidate.container)} > ${shapeOf(candidate.block)}`;
    const run = runs.get(shape);
    if (run) run.push(candidate);
    else runs.set(shape, [candidate]);
  }

  const kept = new Set<Candidate>();
  const excluded = new Map<Element, boolean>();
  for (const run of runs.values()) {
    const inContent = run.filter((candidate) => {
      let verdict = excluded.get(candidate.container);
      if (verdict === undefined) {
        verdict = isExcludedRegion(candidate.container);
        excluded.set(candidate.container, verdict);
      }
      return !verdict;
    });
    for (const candidate of inContent) candidate.keys = withTextDoi(candidate.keys, candidate.block);
    const papers = new Set(inContent.map((candidate) => bestKey(candidate.keys.values())));
    if (papers.size >= MIN_ENTRIES) for (const candidate of inContent) kept.add(candidate);
  }

  // Page order without sorting: the links come in document order, each block was met at its first link, and blocks are
  // disjoint, so the order blocks were met in is theirs.
  const chosen: Found[] = [...candidates.values()]
    .filter((candidate) => kept.has(candidate))
    .map(({ block, container, keys, links: own }) => ({ block, container, key: bestKey(keys.values())!, links: own }));

  // The runs' siblings of the same shape whose links name no paper: entries by their title link (step 5).
  const shapes = new Map<Element, Set<string>>();
  for (const { container, block } of chosen) {
    const known = shapes.get(container);
    if (known) known.add(shapeOf(block));
    else shapes.set(container, new Set([shapeOf(block)]));
  }
  const keys = new Set(chosen.map((entry) => entry.key));
  const added: Found[] = [];
  for (const [container, blockShapes] of shapes) {
    for (const child of container.children) {
      if (held.has(child) || isDogearHost(child) || !blockShapes.has(shapeOf(child))) continue;
      const title = titleLinkOf(child, base);
      if (title === undefined || keys.has(title.key)) continue;
      keys.add(title.key);
      added.push({ block: child, container, key: title.key, links: [], title: title.link });
    }
  }
  const taken = new Set(chosen.map((entry) => entry.block));
  for (const entry of shapeRuns(doc, base, taken, new Set(shapes.keys()))) {
    if (keys.has(entry.key)) continue;
    keys.add(entry.key);
    added.push(entry);
  }
  const all = added.length === 0 ? chosen : inPageOrder(doc, [...chosen, ...added]);

  const byContainer = new Map<Element, Element[]>();
  for (const { container, block } of all) {
    const blocks = byContainer.get(container);
    if (blocks) blocks.push(block);
    else byContainer.set(container, [block]);
  }
  const extra = new Map<Element, Element[]>();
  for (const [container, blocks] of byContainer)
    for (const [block, more] of companions(container, blocks)) extra.set(block, more);

  return all.map((entry) => {
    const own = entry.links.filter((keyed) => keyed.key === entry.key);
    const versions = own.flatMap((keyed) => (keyed.version === undefined ? [] : [keyed.version]));
    const block: Block = {
      key: entry.key,
      roots: [entry.block, ...(extra.get(entry.block) ?? [])],
      links: entry.title ? [entry.title] : entry.links.map((keyed) => keyed.link),
    };
    if (versions.length > 0) block.version = Math.max(...versions);
    return block;
  });
}

/**
 * The links of one block that name its paper `key`, checked again on the block alone (a lone read after the page
 * changed): undefined when the block no longer links `key`, or now links two papers. A block keyed by its title link's
 * page gives that link, while its links still name no paper id.
 */
export function paperLinksIn(block: Element, key: PaperKey, doc: Document, url: URL): Element[] | undefined {
  const base = baseOf(doc, url);
  const named = keysIn(block, base, false);
  if (named === undefined) return undefined;
  const links = named.links.map((keyed) => keyed.link);
  // Keyed by its links alone (found by shape), or with its text's DOI (found by its links).
  const strongest = bestKey(named.keys.values());
  if (strongest === key || bestKey(withTextDoi(named.keys, block).values()) === key) return links;
  if (strongest !== undefined || !key.startsWith('url:')) return undefined;
  const title = titleLinkOf(block, base);
  return title?.key === key ? [title.link] : undefined;
}
