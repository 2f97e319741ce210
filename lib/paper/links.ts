/**
 * A paper's addresses on the web, in one place: its arXiv abstract page, its Hugging Face and alphaXiv pages, the DOI
 * resolver, and which of them is the paper's own page. All key on the unversioned arXiv id (or the DOI).
 */
import { arxivIdOfKey } from './ids.ts';

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

/** A paper's own page: the unversioned arXiv abstract for `arxiv:` keys, the DOI resolver for `doi:` keys. */
export function paperPageUrl(key: string): string {
  const arxivId = arxivIdOfKey(key);
  return arxivId === undefined ? doiUrl(key.slice('doi:'.length)) : arxivAbsUrl(arxivId);
}
