/**
 * Canonical paper keys: one record per paper across sites and versions. One key per paper, by the strongest id known:
 *
 * - `arxiv:<id>`: arXiv id without version. New style `YYMM.NNNN(N)`; old style `archive/YYMMNNN`, archive lowercased and
 *   the subject class dropped (`math.GT/0309136` → `math/0309136`), as arXiv's own normaliser does (arxiv-base's
 *   `identifier` module).
 * - `doi:<doi lowercased>`: DOI names are case-insensitive. arXiv's DataCite DOI `10.48550/arXiv.<id>` is the arXiv paper
 *   itself, so it maps to the `arxiv:` key. bioRxiv and medRxiv papers are their DOIs, without the `vN` their URLs
 *   append. An ACL Anthology DOI (`10.18653/v1/<id>`) stays a DOI key: libraries stored it so before `acl:` existed,
 *   and the Anthology advises citing the DOI it lists rather than one inferred from the id.
 * - `openreview:<forum id>`: case-sensitive (`LzPWWPAdY4`), never lowercased.
 * - `acl:<anthology id>`: `2020.acl-main.1`, legacy `P18-1024`, for Anthology links (many Anthology papers have no DOI).
 * - `pmid:<n>`: a PubMed id.
 * - `s2:<paperId>`: a Semantic Scholar paper id, 40 lowercase hex digits.
 * - `dblp:<key>`: a dblp record key (`conf/acl/SmithJ20`); dblp's `journals/corr/abs-YYMM-NNNNN` is the arXiv paper.
 * - `url:<normalized URL>`: the last resort, for a listing that links a paper by nothing but its page (a Google Scholar
 *   result on a publisher without a DOI in its address). Never made from an arbitrary link: only an adapter that knows
 *   the link is the paper's own asks for one (urlKey). The duplicate finder suggests merging it with a keyed record.
 *
 * Hugging Face, alphaXiv and ar5iv paper ids are arXiv ids. A title match never produces a key: it only suggests a
 * merge (in the library).
 */

export type PaperKey =
  | `arxiv:${string}`
  | `doi:${string}`
  | `openreview:${string}`
  | `acl:${string}`
  | `pmid:${string}`
  | `s2:${string}`
  | `dblp:${string}`
  | `url:${string}`;

/** Every kind of key, strongest first: the order an entry with several ids picks its key in (bestKey). */
export const KEY_KINDS = ['arxiv', 'doi', 'acl', 'openreview', 'pmid', 's2', 'dblp', 'url'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** Longest key any kind may have: what the message schema accepts. */
export const MAX_KEY_LENGTH = 300;

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
    // Sentence punctuation after a DOI, and the `/` a resolver link may end with, are not part of it.
    .replace(/[.,;/]+$/, '');
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

/**
 * The canonical key for any identifier we understand: a key itself (`openreview:…`), an arXiv id, a DOI, or the URL of
 * a paper's page on a site whose addresses name the paper (paperKeyOfUrl). Never a `url:` key for a URL: ask urlKey.
 */
export function paperKeyOf(input: string): PaperKey | undefined {
  const text = input.trim();
  if (isPaperKey(text) && !text.startsWith('url:')) return text;
  const arxiv = parseArxivId(text);
  if (arxiv) return arxivKey(arxiv.id);
  if (/^https?:\/\//i.test(text)) return paperKeyOfUrl(text);
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

/** The kind of a key (`arxiv`, `doi`…), or undefined for a string that names none. */
export function keyKind(key: string): KeyKind | undefined {
  const colon = key.indexOf(':');
  const kind = colon > 0 ? key.slice(0, colon) : '';
  return (KEY_KINDS as readonly string[]).includes(kind) ? (kind as KeyKind) : undefined;
}

/** The part of a key after its kind: the arXiv id, the DOI, the forum id, the URL… */
export function keyValue(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

/**
 * Checks the shape of a stored or received key (the message boundary validates with this): the key is exactly what this
 * module makes of its own value.
 */
export function isPaperKey(value: string): value is PaperKey {
  if (value.length > MAX_KEY_LENGTH) return false;
  const body = keyValue(value);
  switch (keyKind(value)) {
    case 'arxiv': {
      const parsed = parseArxivId(body);
      return parsed !== undefined && parsed.version === undefined && parsed.id === body;
    }
    case 'doi':
      return keyFromBareDoi(body) === value;
    case 'openreview':
      return OPENREVIEW_ID.test(body);
    case 'acl':
      return parseAclId(body) === body;
    case 'pmid':
      return PMID.test(body);
    case 's2':
      return S2_ID.test(body);
    case 'dblp':
      // dblp's record of an arXiv preprint is keyed by its arXiv id (keyFromDblp), never as `dblp:`.
      return keyFromDblp(body) === value;
    case 'url':
      // A URL that names an id, or a Google redirect to one, is keyed by that id (urlKey), never as `url:`.
      return urlKey(body) === value;
    default:
      return false;
  }
}

// ---- Ids of other venues

/** OpenReview note ids: letters, digits, `_` and `-`, about 10 characters (older ones longer). Case matters. */
const OPENREVIEW_ID = /^[A-Za-z0-9_-]{6,40}$/;
/** Anthology ids since 2020 (`2020.acl-main.1`, `2024.findings-emnlp.12`) and before (`P18-1024`, `W19-4801`). */
const ACL_NEW = /^(\d{4})\.([a-z0-9]+(?:-[a-z0-9]+)*)\.(\d{1,4})$/i;
const ACL_OLD = /^([A-Z])(\d{2})-(\d{4})$/i;
const PMID = /^[1-9]\d{0,8}$/;
const S2_ID = /^[0-9a-f]{40}$/;
/**
 * dblp record keys: a type, then path segments of letters, digits and `-_.` (`conf/acl/SmithJ20`,
 * `journals/tacl/Li22`). Person records (`homepages/…`, `persons/…`, `www/…`) are people, not papers.
 */
const DBLP_KEY =
  /^(?:conf|journals|books|phd|series|reference|tr|ms|informal)\/[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.:'-]+)+$/;
/** dblp's record of an arXiv preprint. */
const DBLP_CORR = /^journals\/corr\/abs-(\d{4})-(\d{4,5})$/;

/**
 * An Anthology id as the Anthology writes it (`2020.acl-main.1`, `P18-1024`), or undefined. A revised PDF's version
 * (`P18-1024v2.pdf`) names the same paper.
 */
export function parseAclId(input: string): string | undefined {
  const text = input
    .trim()
    .replace(/\.(?:pdf|bib|xml)$/i, '')
    .replace(/v\d{1,2}$/, '');
  const modern = ACL_NEW.exec(text);
  if (modern) return `${modern[1]}.${modern[2]!.toLowerCase()}.${Number(modern[3])}`;
  const legacy = ACL_OLD.exec(text);
  if (legacy) return `${legacy[1]!.toUpperCase()}${legacy[2]}-${legacy[3]}`;
  return undefined;
}

/** A dblp key without the `.html`/`.bib`/`.xml` of its record URLs, or undefined. */
function parseDblpKey(input: string): string | undefined {
  const text = input.trim().replace(/\.(?:html|bib|xml|ris|nt|ttl|rdf)$/i, '');
  return DBLP_KEY.test(text) && !text.includes('..') ? text : undefined;
}

/** The key of a dblp record: its arXiv key for a CoRR record, else `dblp:<key>`. */
export function keyFromDblp(input: string): PaperKey | undefined {
  const key = parseDblpKey(input);
  if (key === undefined) return undefined;
  const corr = DBLP_CORR.exec(key);
  const arxiv = corr ? parseArxivId(`${corr[1]}.${corr[2]}`) : undefined;
  if (arxiv) return arxivKey(arxiv.id);
  return `dblp:${key}`;
}

// ---- Keys from links

/** Publisher pages whose path carries the DOI: `<prefix>10.…`. */
const DOI_PATH_HOSTS: ReadonlyArray<[RegExp, RegExp]> = [
  [
    /^link\.springer\.com$/,
    /^\/(?:article|chapter|content\/pdf|book|referenceworkentry|protocol)\/(10\..+?)(?:\.pdf)?$/,
  ],
  [/^dl\.acm\.org$/, /^\/doi\/(?:abs\/|pdf\/|full\/|epdf\/|fullHtml\/|proceedings\/)?(10\..+)$/],
  [/^(?:onlinelibrary|[a-z]+)\.wiley\.com$/, /^\/doi\/(?:abs\/|full\/|pdf\/|epdf\/|pdfdirect\/|book\/)?(10\..+)$/],
  [/^pubs\.acs\.org$/, /^\/doi\/(?:abs\/|full\/|pdf\/|epdf\/|suppl\/)?(10\..+)$/],
  [/^(?:www\.)?tandfonline\.com$/, /^\/doi\/(?:abs\/|full\/|pdf\/|epdf\/)?(10\..+)$/],
  [/^journals\.sagepub\.com$/, /^\/doi\/(?:abs\/|full\/|pdf\/|epdf\/)?(10\..+)$/],
  [/^(?:www\.)?science\.org$/, /^\/doi\/(?:abs\/|full\/|pdf\/|epdf\/)?(10\..+)$/],
  [/^pubs\.rsc\.org$/, /^\/en\/content\/article(?:landing|html|pdf)\/\d{4}\/[a-z]+\/([a-z0-9]+)$/],
  [/^journals\.aps\.org$/, /^\/[a-z]+\/(?:abstract|pdf)\/(10\..+)$/],
  [/^iopscience\.iop\.org$/, /^\/article\/(10\..+?)(?:\/pdf|\/meta)?$/],
  [
    /^(?:www\.)?(?:bio|med)rxiv\.org$/,
    /^\/content\/(10\.\d{4,9}\/.+?)(?:v\d+)?(?:\.full|\.abstract|\.full\.pdf|\.full-text|\.supplementary-material)?$/,
  ],
];

/** The DOI a publisher or resolver URL names, or undefined. */
export function doiFromUrl(url: URL): string | undefined {
  const host = url.hostname.toLowerCase();
  const path = safeDecode(url.pathname).replace(/\/+$/, '');
  if (/^(?:dx\.)?doi\.org$/.test(host)) return bareDoi(path.slice(1));
  // nature.com articles are `10.1038/<suffix>`; the suffix is the last path segment.
  if (/^(?:www\.)?nature\.com$/.test(host)) {
    const nature = /^\/articles\/([a-z0-9][a-z0-9.-]*?)(?:\.pdf)?$/i.exec(path);
    return nature ? bareDoi(`10.1038/${nature[1]!}`) : undefined;
  }
  for (const [hostPattern, pathPattern] of DOI_PATH_HOSTS) {
    if (!hostPattern.test(host)) continue;
    const match = pathPattern.exec(path);
    if (!match) return undefined;
    // RSC's article pages name only the suffix of its `10.1039/<id>` DOIs.
    return bareDoi(host === 'pubs.rsc.org' ? `10.1039/${match[1]!}` : match[1]!);
  }
  return undefined;
}

function bareDoi(text: string): string | undefined {
  const key = keyFromBareDoi(text);
  return key === undefined ? undefined : text.replace(/[.,;/]+$/, '');
}

/** `input` as a URL of its own (a copy: callers change it), or undefined when it is not an http(s) address. */
function webUrl(input: string | URL): URL | undefined {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

/**
 * The key a link to a paper's page names, or undefined for any other link (listings, search pages, home pages): arXiv
 * and its mirrors, doi.org and the publishers above, OpenReview forums and PDFs, the ACL Anthology, PubMed, Semantic
 * Scholar, dblp records, and Google's redirect links (`scholar_url?url=`, `/url?q=`) to any of these.
 */
export function paperKeyOfUrl(input: string | URL): PaperKey | undefined {
  const url = webUrl(input);
  if (url === undefined) return undefined;
  const redirect = redirectTarget(url);
  if (redirect !== undefined) return paperKeyOfUrl(redirect);
  const arxiv = arxivIdFromUrl(url);
  if (arxiv) return arxivKey(arxiv.id);
  const doi = doiFromUrl(url);
  // doiFromUrl has unescaped the path once already: a DOI with a `%` (`10.1000/x%41`) must not be unescaped again.
  if (doi !== undefined) return keyFromBareDoi(doi);
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const path = safeDecode(url.pathname).replace(/\/+$/, '');
  switch (host) {
    case 'openreview.net': {
      if (!/^\/(?:forum|pdf|attachment)$/.test(path)) return undefined;
      const id = url.searchParams.get('id') ?? url.searchParams.get('noteId');
      return id !== null && OPENREVIEW_ID.test(id) ? `openreview:${id}` : undefined;
    }
    case 'aclanthology.org':
    case 'aclweb.org': {
      const match = /^(?:\/anthology)?\/([^/]+)$/.exec(path);
      const id = match ? parseAclId(match[1]!) : undefined;
      return id === undefined ? undefined : `acl:${id}`;
    }
    case 'pubmed.ncbi.nlm.nih.gov':
    case 'ncbi.nlm.nih.gov': {
      // PubMed's own host, or NCBI's older `/pubmed/<n>` (the rest of ncbi.nlm.nih.gov is other databases).
      const match = (host === 'ncbi.nlm.nih.gov' ? /^\/pubmed\/(\d+)$/ : /^\/(\d+)$/).exec(path);
      return match && PMID.test(match[1]!) ? `pmid:${match[1]!}` : undefined;
    }
    case 'semanticscholar.org':
    case 'api.semanticscholar.org': {
      const match = /^\/(?:paper|graph\/v1\/paper)\/(?:[^/]+\/)?([0-9a-fA-F]{40})$/.exec(path);
      return match ? `s2:${match[1]!.toLowerCase()}` : undefined;
    }
    case 'dblp.org':
    case 'dblp.uni-trier.de': {
      const match = /^\/rec\/(?:(?:bibtex|xml|html)\/)?(.+)$/.exec(path);
      return match ? keyFromDblp(match[1]!) : undefined;
    }
    default:
      return undefined;
  }
}

/** The target of a Google redirect link (Scholar alerts' `scholar_url?url=`, search's `/url?q=`), or undefined. */
function redirectTarget(url: URL): string | undefined {
  const host = url.hostname.toLowerCase();
  // Google's country domains (`google.de`, `google.co.uk`, `google.com.au`), not `google.example.com`.
  if (!/^(?:[a-z]+\.)?google\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/.test(host)) return undefined;
  if (url.pathname === '/scholar_url') return url.searchParams.get('url') ?? undefined;
  if (url.pathname === '/url') return url.searchParams.get('q') ?? url.searchParams.get('url') ?? undefined;
  return undefined;
}

/** Query parameters that track a click and never name a page. */
const TRACKING_PARAM =
  /^(?:utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_[ce]id|_hs(?:enc|mi)|ref_?src|trk|sessionid|jsessionid)$/i;

/**
 * A URL as a `url:` key stores it: https, host lowercased without `www.`, no fragment, no default port, no tracking
 * parameters, no trailing slash; or undefined when it is not an http(s) address or too long to be a key.
 */
export function normalizeUrl(input: string | URL): string | undefined {
  const url = webUrl(input);
  if (url === undefined) return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  // Switching to https drops a port that is https's default (`http://x:443`); any other port names another server.
  url.protocol = 'https:';
  url.hash = '';
  url.hostname = url.hostname.toLowerCase().replace(/^www\./, '');
  // The query is filtered as written, not re-serialized (URLSearchParams would turn `%20` into `+`), so a link with
  // and without a tracking parameter gives the same key. An empty query goes, `?` and all.
  const query = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !TRACKING_PARAM.test(safeDecode(pair.split('=')[0]!)))
    .join('&');
  // The setter drops one leading `?`: given the bare query, it would drop the query's own (`??x`).
  url.search = query === '' ? '' : `?${query}`;
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  const text = url.href;
  return text.length + 'url:'.length <= MAX_KEY_LENGTH ? text : undefined;
}

/**
 * The key of a link known to be a paper's own page: the id its address names (paperKeyOfUrl), else `url:<normalized
 * URL>`. Only for links an adapter knows are the paper's (a Scholar result's title link), never for any link on a
 * page.
 */
export function urlKey(input: string | URL): PaperKey | undefined {
  const named = paperKeyOfUrl(input);
  if (named) return named;
  const url = webUrl(input);
  if (url === undefined) return undefined;
  // A Scholar alert links its results through `scholar_url?url=`: the key is the target's, not Google's address.
  const redirect = redirectTarget(url);
  if (redirect !== undefined) return urlKey(redirect);
  const article = scholarArticle(url);
  if (article !== undefined) return `url:${article}`;
  const normalized = normalizeUrl(url);
  return normalized === undefined ? undefined : `url:${normalized}`;
}

/**
 * A Google Scholar article page (`/citations?view_op=view_citation&hl=…&user=…&citation_for_view=USER:ID`, on any
 * Scholar country domain) as the one address that names the article: the canonical host and `citation_for_view` alone,
 * so a profile row read by the Scholar adapter and by generic mode gets one key.
 */
function scholarArticle(url: URL): string | undefined {
  const host = url.hostname.toLowerCase();
  if (!/^scholar\.google\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/.test(host) || url.pathname !== '/citations')
    return undefined;
  if (url.searchParams.get('view_op') !== 'view_citation') return undefined;
  const id = url.searchParams.get('citation_for_view') ?? '';
  return /^[\w-]{4,40}:[\w-]{4,40}$/.test(id)
    ? `https://scholar.google.com/citations?view_op=view_citation&citation_for_view=${id}`
    : undefined;
}

/** The strongest of several keys of one paper (KEY_KINDS order), so a row that links its arXiv id and DOI keys by arXiv. */
export function bestKey(keys: Iterable<PaperKey | undefined>): PaperKey | undefined {
  let best: PaperKey | undefined;
  let bestRank: number = KEY_KINDS.length;
  for (const key of keys) {
    if (key === undefined) continue;
    const rank = KEY_KINDS.indexOf(keyKind(key)!);
    if (rank < bestRank) [best, bestRank] = [key, rank];
  }
  return best;
}
