/**
 * Canonical paper keys: one record per paper across sites and versions.
 *
 * - `arxiv:<id>`: arXiv id without version. New style `YYMM.NNNN(N)`; old style `archive/YYMMNNN`, archive lowercased and
 *   the subject class dropped (`math.GT/0309136` → `math/0309136`), as arXiv's own normaliser does (arxiv-base's
 *   `identifier` module).
 * - `doi:<doi lowercased>`: DOI names are case-insensitive. arXiv's DataCite DOI `10.48550/arXiv.<id>` is the arXiv paper
 *   itself, so it maps to the `arxiv:` key.
 *
 * Hugging Face, alphaXiv and ar5iv paper ids are arXiv ids. A title match never produces a key: it only suggests a
 * merge (later, in the library).
 */

export type PaperKey = `arxiv:${string}` | `doi:${string}`;

export interface ArxivId {
  /** Id without version, e.g. `2401.12345` or `hep-th/9901001`. */
  id: string;
  /** Version number when the input named one (`v2` → 2). */
  version?: number;
}

/** Archives of old-style ids (before April 2007), from arXiv's identifier docs. */
// prettier-ignore -- a word list reads better packed than one per line
const OLD_ARCHIVES = [
  'acc-phys',
  'adap-org',
  'alg-geom',
  'ao-sci',
  'astro-ph',
  'atom-ph',
  'bayes-an',
  'chao-dyn',
  'chem-ph',
  'cmp-lg',
  'comp-gas',
  'cond-mat',
  'cs',
  'dg-ga',
  'funct-an',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'mtrl-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'patt-sol',
  'physics',
  'plasm-ph',
  'q-alg',
  'q-bio',
  'quant-ph',
  'solv-int',
  'supr-con',
];
/** `hepth` → `hep-th`: arXiv's normaliser repairs archives written without their hyphen. */
const ARCHIVE_BY_LOOSE_NAME = new Map(OLD_ARCHIVES.map((archive) => [archive.replaceAll('-', ''), archive]));

const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE = /^([a-z-]+)(?:\.[a-z-]{2})?\/(\d{2})(\d{2})(\d{3})(?:v(\d+))?$/i;

function parseVersion(digits: string | undefined): number | undefined | false {
  if (digits === undefined) return undefined;
  const version = Number(digits);
  return version >= 1 && !digits.startsWith('0') ? version : false;
}

/**
 * Parses a bare arXiv identifier, with or without `arXiv:` prefix and version. Returns undefined for anything arXiv
 * itself would reject (month 13, sequence 0, 5 digits before 2015…).
 *
 * @example
 *   parseArxivId('arXiv:2401.12345v2'); // {id: '2401.12345', version: 2}
 *
 * @example
 *   parseArxivId('math.GT/0309136'); // {id: 'math/0309136'}
 */
export function parseArxivId(input: string): ArxivId | undefined {
  const text = input
    .trim()
    .replace(/^arxiv:/i, '')
    .replace(/\.pdf$/i, '');
  const modern = NEW_STYLE.exec(text);
  if (modern) {
    const [, yy, mm, seq, v] = modern as unknown as [string, string, string, string, string | undefined];
    const year = Number(yy);
    const month = Number(mm);
    if (month < 1 || month > 12 || (year === 7 && month < 4) || year < 7) return undefined;
    if (Number(seq) === 0) return undefined;
    // Four-digit sequence numbers until 2014-12, five from 2015-01.
    if (year < 15 !== (seq.length === 4)) return undefined;
    const version = parseVersion(v);
    if (version === false) return undefined;
    const id = `${yy}${mm}.${seq}`;
    return version === undefined ? { id } : { id, version };
  }
  const legacy = OLD_STYLE.exec(text);
  if (legacy) {
    const [, rawArchive, yy, mm, num, v] = legacy as unknown as [
      string,
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    const archive = ARCHIVE_BY_LOOSE_NAME.get(rawArchive.toLowerCase().replaceAll('-', ''));
    if (!archive) return undefined;
    const year = Number(yy);
    const month = Number(mm);
    // Old-style ids run from 1991-08 to 2007-03.
    const inRange = year >= 91 ? !(year === 91 && month < 8) : year < 7 || (year === 7 && month <= 3);
    if (month < 1 || month > 12 || !inRange || Number(num) === 0) return undefined;
    const version = parseVersion(v);
    if (version === false) return undefined;
    const id = `${archive}/${yy}${mm}${num}`;
    return version === undefined ? { id } : { id, version };
  }
  return undefined;
}

export function arxivKey(id: string): PaperKey {
  return `arxiv:${id}`;
}

const ARXIV_DOI_PREFIX = /^10\.48550\//;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

/**
 * The key of a DOI in any common form (`10.x/…`, `doi:10.x/…`, `https://doi.org/10.x/…`, URL-escaped). arXiv's DataCite
 * DOIs map to the arXiv key.
 */
export function keyFromDoi(input: string): PaperKey | undefined {
  return keyFromBareDoi(safeDecode(input.trim()));
}

/**
 * `keyFromDoi` without the URL-unescaping step. Unescaping is not idempotent (`%2541` → `%41` → `A`), so checking a
 * stored key must not unescape again, or a key this module produced could fail `isPaperKey`.
 */
function keyFromBareDoi(input: string): PaperKey | undefined {
  const text = input
    .trim()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '')
    .replace(/[.,;]+$/, '');
  if (!/^10\.\d{4,9}\/\S+$/.test(text)) return undefined;
  // Everything under arXiv's DataCite prefix is an arXiv paper: `10.48550/arXiv.` with no valid id names nothing.
  if (ARXIV_DOI_PREFIX.test(text)) {
    const arxiv = ARXIV_DOI.exec(text);
    const parsed = arxiv ? parseArxivId(arxiv[1]!) : undefined;
    return parsed ? arxivKey(parsed.id) : undefined;
  }
  return `doi:${text.toLowerCase()}`;
}

/** `decodeURIComponent`, or the text unchanged when it has a malformed escape (a lone `%` is legal in a DOI). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org', 'browse.arxiv.org']);
const AR5IV_HOSTS = new Set(['ar5iv.org', 'www.ar5iv.org', 'ar5iv.labs.arxiv.org']);
const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const ALPHAXIV_HOSTS = new Set(['alphaxiv.org', 'www.alphaxiv.org']);

/** The id part of a path after a known prefix: old-style ids span two path segments. */
function arxivIdFromPath(rest: string): ArxivId | undefined {
  const [first = '', second] = rest.split('/');
  const candidate = second !== undefined && !/^\d{4}\./.test(first) ? `${first}/${second}` : first;
  return parseArxivId(candidate.replace(/\.md$/, ''));
}

/**
 * The arXiv id a paper URL points at: arxiv.org `/abs|pdf|html|format/…`, export.arxiv.org, ar5iv, Hugging Face
 * `/papers/<id>` and `/api/papers/<id>`, alphaXiv `/abs|overview/<id>`. Listing and search URLs give undefined.
 */
export function arxivIdFromUrl(input: string | URL): ArxivId | undefined {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  // A malformed escape (`/abs/%E0%A4%A`) must give undefined, not throw.
  const path = safeDecode(url.pathname).replace(/\/+$/, '');
  let match: RegExpExecArray | null = null;
  if (ARXIV_HOSTS.has(host)) {
    if (/^\/abs$/.test(path) && url.searchParams.has('papernum')) return undefined;
    match = /^\/(?:abs|pdf|html|format)\/(.+)$/.exec(path);
  } else if (AR5IV_HOSTS.has(host)) {
    match = /^\/(?:abs|html|papers)\/(.+)$/.exec(path);
  } else if (HF_HOSTS.has(host)) {
    match = /^\/(?:api\/)?papers\/([^/]+)$/.exec(path);
  } else if (ALPHAXIV_HOSTS.has(host)) {
    match = /^\/(?:abs|overview|pdf)\/(.+)$/.exec(path);
  }
  if (!match) return undefined;
  // `/html/2401.12345v2/figure1.png` and similar trailing paths name the same paper.
  const rest = match[1]!;
  return arxivIdFromPath(rest) ?? arxivIdFromPath(rest.split('/')[0]!);
}

/** The canonical key for any identifier we understand: arXiv id, DOI, or a paper URL. */
export function paperKeyOf(input: string): PaperKey | undefined {
  const text = input.trim();
  const arxiv = parseArxivId(text);
  if (arxiv) return arxivKey(arxiv.id);
  if (/^https?:\/\//i.test(text)) {
    const fromUrl = arxivIdFromUrl(text);
    if (fromUrl) return arxivKey(fromUrl.id);
    if (/^https?:\/\/(?:dx\.)?doi\.org\//i.test(text)) return keyFromDoi(text);
    return undefined;
  }
  return keyFromDoi(text);
}

/** The arXiv id inside an `arxiv:` key, for links and exports. */
export function arxivIdOfKey(key: string): string | undefined {
  return key.startsWith('arxiv:') ? key.slice('arxiv:'.length) : undefined;
}

/** A paper's arXiv id: from its key, else its `arxivId` field when that is a valid id (it is page text). */
export function arxivIdOf(paper: { key: string; arxivId?: string | undefined }): string | undefined {
  return arxivIdOfKey(paper.key) ?? (paper.arxivId === undefined ? undefined : parseArxivId(paper.arxivId)?.id);
}

/** Checks the shape of a stored or received key (the message boundary validates with this). */
export function isPaperKey(value: string): value is PaperKey {
  if (value.startsWith('arxiv:')) {
    const parsed = parseArxivId(value.slice(6));
    return parsed !== undefined && parsed.version === undefined && parsed.id === value.slice(6);
  }
  if (value.startsWith('doi:')) return keyFromBareDoi(value.slice(4)) === value;
  return false;
}
