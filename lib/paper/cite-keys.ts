/**
 * Cite keys: the name a paper is cited by (`vaswani2017attention`), the same in every format that writes one (BibTeX,
 * BibLaTeX, CSL-JSON, the Obsidian notes' file names). A key once given out is persisted on the paper (`citeKey`) and
 * never changes; new keys are unique within the list and avoid every key the library holds.
 */
import { knownDate } from './dates.ts';
import { arxivIdOf, arxivIdOfKey, keyKind, keyValue } from './ids.ts';
import { CITE_KEY_PATTERN, type Paper } from './model.ts';
import { splitName } from './names.ts';
import { LATIN_LETTER_FOLDS } from './fold.ts';

/** The longest base a generated key has (suffixes come on top): a key stays something a person can type. */
export const CITE_KEY_BASE_MAX = 40;

/**
 * Whether `key` can be a paper's cite key (lib/paper/model.ts CiteKeySchema): the one check for keys read from files,
 * written to BibTeX and BibLaTeX, and used as Obsidian file names.
 */
export function isCiteKey(key: string): boolean {
  return CITE_KEY_PATTERN.test(key);
}

/** The persisted key of a paper when isCiteKey accepts it: a key from before keys were checked never reaches a file. */
function persistedKey(paper: Paper): string | undefined {
  return paper.citeKey !== undefined && isCiteKey(paper.citeKey) ? paper.citeKey : undefined;
}

/**
 * The cite keys of `papers`, in their order, unique within the list: a paper's persisted `citeKey` as it is (it was
 * given out before, so it must not change; an invalid one counts as none), else citeKeyFor. Generated keys avoid every
 * persisted key of the list and every key in `reserved` (the library's, when ensureCiteKeys assigns new ones), so they
 * never take a key another paper owns. A persisted key repeated by a second paper (two records that came in with the
 * same key) gets a suffix there, as a clash would.
 */
export function citeKeysFor(papers: readonly Paper[], reserved: ReadonlySet<string> = new Set()): string[] {
  const taken = new Set(reserved);
  for (const paper of papers) {
    const persisted = persistedKey(paper);
    if (persisted !== undefined) taken.add(persisted);
  }
  const owner = new Map<string, string>();
  return papers.map((paper) => {
    const persisted = persistedKey(paper);
    if (persisted !== undefined) {
      const first = owner.get(persisted);
      if (first === undefined) {
        owner.set(persisted, paper.key);
        return persisted;
      }
      return freeKey(persisted, taken);
    }
    return citeKeyFor(paper, taken);
  });
}

/**
 * A cite key for `paper` that is not in `taken`, which it is added to: first author's family name + year + first title
 * word that is not a stop word, lowercase `[a-z0-9]` (`vaswani2017attention`). Clashes get `a`, `b`, … `z`, `aa`… in
 * call order. When the family name has no Latin letters (`李华`), the key is `arxiv` + the id's digits, else the key's
 * kind + its value's letters and digits (`doi101000xyz`, `pmid31452104`, `urlexampleorgpaper1`).
 */
export function citeKeyFor(paper: Paper, taken: Set<string>): string {
  return freeKey(baseCiteKey(paper), taken);
}

/**
 * Per `taken` set, the first suffix of each base not yet tried. Keys only ever join a set, so a suffix found taken
 * stays taken: resuming there gives the same key as counting from `a` again, without the quadratic walk when thousands
 * of papers share a base (`smith2024deep`).
 */
const nextSuffix = new WeakMap<Set<string>, Map<string, number>>();

/** `base`, or `base` + the first free suffix (`a`, `b`, … `z`, `aa`…), added to `taken`. */
function freeKey(base: string, taken: Set<string>): string {
  let memo = nextSuffix.get(taken);
  if (memo === undefined) nextSuffix.set(taken, (memo = new Map()));
  let key = base;
  let n = taken.has(key) ? (memo.get(base) ?? 0) : 0;
  if (n > 0 || taken.has(key)) {
    for (key = base + letterSuffix(n); taken.has(key); key = base + letterSuffix(++n));
    memo.set(base, n + 1);
  }
  taken.add(key);
  return key;
}

/** Words a cite key skips, as arXiv's own key builder does. */
// prettier-ignore -- a word list reads better packed than one per line
const STOP_WORDS = new Set([
  'a',
  'about',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'beyond',
  'by',
  'can',
  'do',
  'does',
  'for',
  'from',
  'how',
  'in',
  'into',
  'is',
  'it',
  'its',
  'not',
  'of',
  'on',
  'or',
  'our',
  'over',
  'than',
  'that',
  'the',
  'their',
  'this',
  'to',
  'toward',
  'towards',
  'under',
  'via',
  'vs',
  'we',
  'what',
  'when',
  'where',
  'which',
  'who',
  'why',
  'with',
  'without',
  'you',
  'your',
]);

function baseCiteKey(paper: Paper): string {
  const arxivId = arxivIdOfKey(paper.key);
  const tex = arxivIdOf(paper) !== undefined;
  const firstAuthor = paper.authors.find((author) => author.trim() !== '') ?? '';
  // The family name without particle or suffix (lib/paper/names.ts: `William T. Reynolds Jr.` → reynolds, `García
  // Márquez, Gabriel` → garciamarquez), an organisation by its first word; kept whole (O'Neil → oneil). Title words
  // split at any non-alphanumeric.
  const name = splitName(keyWords(firstAuthor, tex).join(' '));
  const familyText = name === undefined ? '' : 'family' in name ? name.family : (name.literal.split(' ')[0] ?? '');
  const family = toKeyAscii(familyText).replace(/[^a-z0-9]/g, '');
  if (family === '') {
    // The key's kind and value (`pmid31452104`, `acl2020aclmain1`); an address without its `https://`, which every
    // `url:` key shares.
    const fallback = arxivId
      ? `arxiv${arxivId.replace(/\D/g, '')}`
      : `${keyKind(paper.key) ?? ''}${keyValue(paper.key).replace(/^https:\/\//, '')}`;
    return toKeyAscii(fallback)
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 40);
  }
  const word = toKeyAscii(keyWords(paper.title, tex).join(' '))
    .split(/[^a-z0-9]+/)
    .find((candidate) => candidate !== '' && !STOP_WORDS.has(candidate));
  // A 400-letter family name must not give a 400-letter key: family and word are cut so the base stays readable.
  const year = String(knownDate(paper)?.year ?? '');
  const head = family.slice(0, CITE_KEY_BASE_MAX - year.length - Math.min(word?.length ?? 0, 15));
  return `${head}${year}${word ?? ''}`.slice(0, CITE_KEY_BASE_MAX);
}

/**
 * The letter commands of LaTeX's text fonts (`\ss`, `\o`, `\aa`…) and the letters they stand for: the same pairs as
 * lib/formats/common/latex-table.ts LATEX_LETTERS (tests/unit/paper/cite-keys.test.ts checks that they agree).
 */
const TEX_LETTERS: Readonly<Record<string, string>> = {
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  ss: 'ß',
  SS: 'ẞ',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
  dj: 'đ',
  DJ: 'Đ',
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  ng: 'ŋ',
  NG: 'Ŋ',
  ij: 'ĳ',
  IJ: 'Ĳ',
  aa: 'å',
  AA: 'Å',
};

/**
 * Whitespace-separated words of a text field, with its TeX removed when `tex` (arXiv titles and names are TeX source):
 * math spans dropped, commands unwrapped, letter commands read as their letter (`Stra\ss{}e` → `Straße`, which
 * toKeyAscii folds to `strasse`).
 */
function keyWords(text: string, tex: boolean): string[] {
  let plain = text.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  if (tex) {
    plain = plain
      .replace(/(?<!\\)\$(?:[^$\\]|\\.)+\$/g, ' ')
      .replace(/\\([A-Za-z]+) ?/g, (_, name: string) => (Object.hasOwn(TEX_LETTERS, name) ? TEX_LETTERS[name]! : ''))
      .replace(/\\./g, '')
      .replace(/[{}]/g, '');
  }
  return plain.split(/[\s~]+/).filter((word) => word !== '');
}

/**
 * Lowercase ASCII transliteration; what has no Latin reading is dropped (Müller → muller, Ødegaard → odegaard, 李华 →
 * '').
 */
function toKeyAscii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x00-\x7f]/gu, (char) => LATIN_LETTER_FOLDS[char] ?? '');
}

/** `a`…`z`, `aa`, `ab`…: bijective base 26. */
function letterSuffix(n: number): string {
  let suffix = '';
  for (let rest = n + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    suffix = String.fromCharCode(97 + ((rest - 1) % 26)) + suffix;
  }
  return suffix;
}
