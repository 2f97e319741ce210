/**
 * A paper's addresses on the web, in one place: its arXiv abstract page, its Hugging Face and alphaXiv pages, the DOI
 * resolver, the page of every other key kind, and which of them is the paper's own page; and how a key is named to a
 * reader (keyLabel).
 */
import { type KeyKind, keyKind, keyValue } from './ids.ts';

/** The unversioned arXiv abstract page. */
export function arxivAbsUrl(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}

/** The paper's Hugging Face page: only new-style ids (`2401.12345`) have one, not `hep-th/9901001`. */
export function huggingFacePaperUrl(arxivId: string): string | undefined {
  return arxivId.includes('/') ? undefined : `https://huggingface.co/papers/${arxivId}`;
}

export function alphaxivUrl(arxivId: string): string {
  return `https://www.alphaxiv.org/abs/${arxivId}`;
}

/** `https://doi.org/<doi>`, escaping what Crossref's DOI character set does not cover. */
export function doiUrl(doi: string): string {
  return `https://doi.org/${doi.replace(/[^-._;()/:a-zA-Z0-9]/gu, (char) => encodeURIComponent(char))}`;
}

/** A paper's own page, for every key kind (lib/paper/ids.ts): the unversioned arXiv abstract, the DOI resolver… */
export function paperPageUrl(key: string): string {
  const value = keyValue(key);
  switch (keyKind(key)) {
    case 'arxiv':
      return arxivAbsUrl(value);
    case 'doi':
      return doiUrl(value);
    case 'openreview':
      return `https://openreview.net/forum?id=${encodeURIComponent(value)}`;
    case 'acl':
      return `https://aclanthology.org/${value}/`;
    case 'pmid':
      return `https://pubmed.ncbi.nlm.nih.gov/${value}/`;
    case 's2':
      return `https://www.semanticscholar.org/paper/${value}`;
    case 'dblp':
      return `https://dblp.org/rec/${value}.html`;
    case 'url':
      return value;
    default:
      // Not a key (isPaperKey refuses it): the DOI resolver is the one page that takes any name.
      return doiUrl(value);
  }
}

/** What each kind of key is called where the UI names a paper's id. */
export const KEY_SOURCES: Readonly<Record<KeyKind, string>> = {
  arxiv: 'arXiv',
  doi: 'DOI',
  openreview: 'OpenReview',
  acl: 'ACL',
  pmid: 'PubMed',
  s2: 'Semantic Scholar',
  dblp: 'dblp',
  url: 'Web page',
};

export interface KeyLabel {
  /** Where the id comes from: `arXiv`, `DOI`, `OpenReview`, `PubMed`…; `Web page` for a `url:` key. */
  source: string;
  /**
   * The id as the source writes it (`2401.12345`, `10.1038/nature14539`, `LzPWWPAdY4`), a Semantic Scholar id cut to
   * its first 10 digits (40 hex digits say nothing more to a reader; the link holds all of them), the host of a `url:`
   * key (`dl.acm.org`).
   */
  id: string;
  /** `source id`, e.g. `OpenReview LzPWWPAdY4`, `PubMed 31452104`; a `url:` key is its host alone. */
  text: string;
  /** The paper's own page (paperPageUrl). */
  url: string;
}

/**
 * How the UI names a paper's key: one label for every kind, so the library, the popup and the digest page say the same.
 *
 * @example
 *   keyLabel('openreview:LzPWWPAdY4').text; // 'OpenReview LzPWWPAdY4'
 */
export function keyLabel(key: string): KeyLabel {
  const kind = keyKind(key);
  const value = keyValue(key);
  const url = paperPageUrl(key);
  if (kind === undefined) return { source: '', id: key, text: key, url };
  if (kind === 'url') {
    let host = value;
    try {
      host = new URL(value).host;
    } catch {
      // A stored url: key is always a valid URL (isPaperKey); the raw value is the fallback for anything else.
    }
    return { source: KEY_SOURCES.url, id: host, text: host, url };
  }
  const id = kind === 's2' ? `${value.slice(0, 10)}…` : value;
  return { source: KEY_SOURCES[kind], id, text: `${KEY_SOURCES[kind]} ${id}`, url };
}
