/**
 * Finding the entries of a listing no adapter knows, from its links alone:
 *
 * 1. Every `a[href]` whose address names a paper (paperKeyOfUrl: arXiv and its mirrors, DOIs and publisher pages,
 *    OpenReview, the ACL Anthology, PubMed, Semantic Scholar, dblp) is a keyed link. Nothing else: a link to an
 *    arbitrary page never becomes a `url:` key here, since nothing says it is a paper's own page.
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
} from '../paper/ids.ts';

/** Fewest different papers a run of blocks must list to be taken for a listing. */
export const MIN_ENTRIES = 3;

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

/**
 * The entries of the page, in page order: every run of at least MIN_ENTRIES same-shaped blocks, each holding one
 * paper's links. Empty for a page about one paper. Never throws on odd markup; never writes to `doc`.
 */
export function findBlocks(doc: Document, url: URL): Block[] {
  if (isSinglePaperPage(doc)) return [];
  const links = keyedLinks(doc, baseOf(doc, url));
  if (links.length === 0) return [];
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
  const chosen = [...candidates.values()].filter((candidate) => kept.has(candidate));

  const byContainer = new Map<Element, Element[]>();
  for (const { container, block } of chosen) {
    const blocks = byContainer.get(container);
    if (blocks) blocks.push(block);
    else byContainer.set(container, [block]);
  }
  const extra = new Map<Element, Element[]>();
  for (const [container, blocks] of byContainer)
    for (const [block, more] of companions(container, blocks)) extra.set(block, more);

  return chosen.map((candidate) => {
    const key = bestKey(candidate.keys.values())!;
    const own = candidate.links.filter((keyed) => keyed.key === key);
    const versions = own.flatMap((keyed) => (keyed.version === undefined ? [] : [keyed.version]));
    const block: Block = {
      key,
      roots: [candidate.block, ...(extra.get(candidate.block) ?? [])],
      links: candidate.links.map((keyed) => keyed.link),
    };
    if (versions.length > 0) block.version = Math.max(...versions);
    return block;
  });
}

/**
 * The links of one block that name its paper `key`, checked again on the block alone (a lone read after the page
 * changed): undefined when the block no longer links `key`, or now links two papers.
 */
export function paperLinksIn(block: Element, key: PaperKey, doc: Document, url: URL): Element[] | undefined {
  const links = keyedLinks(block, baseOf(doc, url));
  const byKind = new Map<KeyKind, PaperKey>();
  for (const keyed of links) {
    const kind = keyKind(keyed.key)!;
    const known = byKind.get(kind);
    if (known !== undefined && known !== keyed.key) return undefined;
    byKind.set(kind, keyed.key);
  }
  return bestKey(withTextDoi(byKind, block).values()) === key ? links.map((keyed) => keyed.link) : undefined;
}
