/**
 * A paper's addresses on the web, in one place: its arXiv abstract page, its Hugging Face and alphaXiv pages, the DOI
 * resolver, the page of every other key kind, and which of them is the paper's own page.
 */
import { keyKind, keyValue } from './ids.ts';

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
      return doiUrl(value);
  }
}
