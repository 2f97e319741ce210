/**
 * What generic mode reads from one entry block (blocks.ts): its title, the place for Dogear's controls, and its authors
 * when the page marks them plainly. Titles come from the paper's own link when its text is a title, not a label ("pdf",
 * "[html]", "arXiv:2401.12345"); else from the block's most prominent text: a heading, an element the page calls a
 * title, bold text, or the longest link text. Reads the elements it is given, never writes to them.
 */
import { keyFromDoi, parseArxivId } from '../paper/ids.ts';
import { authorName, collapse, readText } from '../sites/parse-helpers.ts';

/** Elements Dogear adds to an entry (row-hosts.ts): their text is never the page's. */
const DOGEAR_HOST = '[data-dogear-ui], [data-dogear-mark]';

/** Texts that label a link or a field rather than name a paper. */
const LABEL =
  /^(?:pdf|html|abs|abstract|summary|paper|full[ -]?text|view|download|link|here|more|read more|details|bib|bibtex|cite|citation|code|github|project(?: page)?|website|home ?page|video|slides|poster|ps|source|other(?: formats)?|arxiv|doi|openreview|pubmed|pmc|semantic scholar|dblp|acl anthology|anthology|hugging ?face|alphaxiv|ar5iv|forum|preprint|published|journal|publisher|article|google scholar|scholar|web|page|url|authors?|subjects?|comments?|keywords?|title|reviews?|discussion|related(?: articles| papers)?|versions?|cached)$/i;

/** `Title:` and similar field labels in front of the text they name. */
const LEADING_LABEL = /^(?:title|paper)\s*:\s*/i;

/** The text of an element as the reader sees it, without anything Dogear added. */
export function visibleText(element: Element): string {
  return collapse(readText(element, DOGEAR_HOST));
}

/**
 * Whether `text` reads as a paper's title: not a label, an id, an address or a number. A single word passes only when
 * it is long (a title like "Transformers"), since short ones are labels ("Code", "Demo"), unless `singleWords` is `any`
 * (text the page marks as a title).
 */
export function isTitleText(raw: string, singleWords: 'long' | 'any' = 'long'): boolean {
  // Bracketed tags ("[PDF]", "[HTML]", Scholar's "[CITATION]") label the link; the rest may still be a title.
  const text = raw.replace(LEADING_LABEL, '').replace(/\[[^\]]{0,20}\]/g, ' ');
  const bare = text.replace(/^[[({<«\s]+|[\])}>»\s.:]+$/g, '');
  if (bare.length < 4 || !/\p{L}{2}/u.test(bare)) return false;
  if (LABEL.test(bare)) return false;
  if (/^(?:arxiv|doi|pmid|isbn|issn)\s*:/i.test(bare) || /^https?:\/\//i.test(bare) || /^www\./i.test(bare))
    return false;
  if (parseArxivId(bare) !== undefined || keyFromDoi(bare) !== undefined) return false;
  // A host name ("arxiv.org", Scholar's side link "[PDF] nature.com").
  if (/^[\w-]+(?:\.[\w-]+)+$/.test(bare)) return false;
  const words = bare.split(/\s+/);
  return words.length >= 2 || singleWords === 'any' || bare.length >= 8;
}

/** Where an entry's title is: the element, and whether it is one of the paper's own links. */
export interface TitlePlace {
  element: Element;
  fromLink: boolean;
}

/**
 * How prominent an element is, strongest first: a heading (0), what the page calls a title (1: a `title` in its class,
 * `itemprop` headline or name), bold text (2); undefined for anything else. Read from the element itself, so one walk
 * over an entry ranks all its elements (a selector per rank costs several times more on a 2,000-entry page).
 */
function prominence(element: Element): number | undefined {
  const tag = element.localName;
  if (/^h[1-6]$/.test(tag) || element.getAttribute('role') === 'heading') return 0;
  const itemprop = element.getAttribute('itemprop');
  if (itemprop === 'headline' || itemprop === 'name' || /title/i.test(element.getAttribute('class') ?? '')) return 1;
  if (tag === 'strong' || tag === 'b') return 2;
  return undefined;
}
const RANKS = 3;

function isDogear(element: Element): boolean {
  return element.closest(DOGEAR_HOST) !== null;
}

/**
 * An element's text for telling a title from a label, by the browser's own `textContent`: many times cheaper than
 * visibleText's walk, and `scan` asks it of every entry. Dogear's own hosts keep their text in closed shadow roots, so
 * none of it is here.
 */
function roughText(element: Element): string {
  return collapse(element.textContent ?? '');
}

/** The longest title-like text among `elements`. */
function longestTitle(elements: Iterable<Element>): Element | undefined {
  let best: Element | undefined;
  let bestLength = 0;
  for (const element of elements) {
    if (isDogear(element)) continue;
    const text = roughText(element);
    if (text.length > bestLength && isTitleText(text)) [best, bestLength] = [element, text.length];
  }
  return best;
}

/**
 * Where the title of an entry is: the paper link with the longest title-like text; else the first prominent element
 * (prominence order) with title-like text; else the longest title-like text of any link of the entry.
 *
 * @param roots the entry's elements (blocks.ts Block.roots)
 * @param paperLinks the links that name the entry's paper
 */
export function findTitle(roots: readonly Element[], paperLinks: readonly Element[]): TitlePlace | undefined {
  const link = longestTitle(paperLinks);
  if (link) return { element: link, fromLink: true };
  const ranked: Element[][] = Array.from({ length: RANKS }, () => []);
  for (const root of roots) {
    for (const element of [root, ...root.getElementsByTagName('*')]) {
      const rank = prominence(element);
      if (rank !== undefined) ranked[rank]!.push(element);
    }
  }
  for (const candidates of ranked) {
    for (const element of candidates) {
      if (isDogear(element)) continue;
      // What the page sets apart as a title may be one short word ("NFTrig"), unlike a link's text.
      if (isTitleText(roughText(element), 'any')) return { element, fromLink: element.localName === 'a' };
    }
  }
  const anyLink = longestTitle(roots.flatMap((root) => [...root.querySelectorAll('a')]));
  return anyLink ? { element: anyLink, fromLink: true } : undefined;
}

/**
 * The title text at a place found by findTitle, without a `Title:` label or the full stop some listings end titles with
 * (PubMed's "Hypertension in childhood."); an ellipsis stays.
 */
export function titleAt(place: TitlePlace): string {
  return visibleText(place.element)
    .replace(LEADING_LABEL, '')
    .replace(/(?<!\.)\.$/, '');
}

/**
 * Where Dogear's controls go: right after the title link (appended to the link's parent, never inside the link, whose
 * clicks would follow it), or at the end of the title element; the block itself when the title is the block.
 */
export function anchorFor(roots: readonly Element[], place: TitlePlace | undefined): Element {
  const first = roots[0]!;
  if (!place) return first;
  const { element } = place;
  const target = place.fromLink || element.closest('a') ? (element.closest('a') ?? element).parentElement : element;
  return target && roots.some((root) => root.contains(target)) ? target : first;
}

/** Names that are no author: "et al.", ellipses, counts of more authors. */
const NOT_A_NAME = /^(?:et al\.?|…|\.\.\.|and others|others|\d+ (?:more|additional).*|\(.*\))$/i;
const AUTHOR_LABEL = /^(?:authors?|by)\s*:?\s*/i;
const MAX_AUTHOR = 100;
const AUTHOR = '[class*="author" i]';

/**
 * The authors of an entry when the page marks them (an element whose class or itemprop says author): the texts of its
 * links, or its text split at commas and semicolons. Empty when nothing is marked or the text does not read as names.
 */
export function findAuthors(roots: readonly Element[], title: Element | undefined): string[] {
  for (const root of roots) {
    for (const element of root.querySelectorAll(`${AUTHOR}, [itemprop="author"]`)) {
      if (isDogear(element) || (title && (element.contains(title) || title.contains(element)))) continue;
      // Author links marked one by one (papers.cool's `a.author`): all of them, not the first alone.
      const links = element.localName === 'a' ? root.querySelectorAll(`a${AUTHOR}`) : element.querySelectorAll('a');
      const linked = [...links].filter((link) => !isDogear(link)).map((link) => visibleText(link));
      const raw =
        linked.length > 0
          ? linked
          : visibleText(element)
              .replace(AUTHOR_LABEL, '')
              .split(/\s*[,;]\s*|\s+and\s+/);
      const names = raw
        .flatMap((text) => authorName(text.replace(AUTHOR_LABEL, '')) ?? [])
        .filter((name) => !NOT_A_NAME.test(name));
      if (names.length === 0) continue;
      if (names.some((name) => name.length > MAX_AUTHOR || /\d{3}/.test(name))) return [];
      return names;
    }
  }
  return [];
}
