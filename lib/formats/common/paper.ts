/**
 * What every writer reads off a paper the same way: its arXiv id, DOIs, link, primary category and time stamps. Dates
 * (lib/paper/dates.ts knownDate) and names (lib/paper/names.ts) have their own homes. Keeping these in one place keeps
 * the formats in agreement.
 */
import type { PaperDate } from '../../paper/dates.ts';
import { arxivIdOf, keyKind, keyValue } from '../../paper/ids.ts';
import { paperPageUrl } from '../../paper/links.ts';
import type { Paper } from '../../paper/model.ts';

export { arxivIdOf, type PaperDate };

/** The DOI of a `doi:` key (lowercased, as the key stores it). */
export function keyDoiOf(paper: Paper): string | undefined {
  return keyKind(paper.key) === 'doi' ? keyValue(paper.key) : undefined;
}

/** The paper's own published DOI: the key's, else the journal DOI of an arXiv paper (arXiv's `doi` field). */
export function journalDoiOf(paper: Paper): string | undefined {
  return keyDoiOf(paper) ?? paper.doi;
}

/**
 * The DOI to cite: journalDoiOf, else the DOI arXiv registers with DataCite for every paper, `10.48550/arXiv.<id>`
 * (old-style ids keep their slash, `10.48550/arXiv.hep-th/9901001`).
 */
export function doiOf(paper: Paper): string | undefined {
  const arxivId = arxivIdOf(paper);
  return journalDoiOf(paper) ?? (arxivId === undefined ? undefined : `10.48550/arXiv.${arxivId}`);
}

/**
 * The paper's landing page, the page its key names (lib/paper/links.ts paperPageUrl): the unversioned arXiv abstract,
 * the DOI resolver, the OpenReview forum, the Anthology, PubMed, Semantic Scholar or dblp page, or a `url:` paper's
 * address. Every reader keys an entry by this address when it has no stronger id (common/entry.ts), so it is how a
 * paper of every kind comes back with its key.
 */
export function urlOf(paper: Paper): string {
  return paperPageUrl(paper.key);
}

/** The PubMed id of a `pmid:` key, for the formats that have a field for it (BibLaTeX eprint, CSL `PMID`, RIS `AN`). */
export function pmidOf(paper: Paper): string | undefined {
  return keyKind(paper.key) === 'pmid' ? keyValue(paper.key) : undefined;
}

/** `YYYY-MM-DD` of an epoch-ms time in UTC, or undefined for a time `Date` cannot hold. */
export function utcDay(time: number): string | undefined {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

/** The full ISO 8601 UTC form of an epoch-ms time, or undefined for a time `Date` cannot hold. */
export function utcTimestamp(time: number): string | undefined {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The primary category: the stored one, else the first listed subject (listings put the primary first). */
export function primaryCategoryOf(paper: Paper): string | undefined {
  return paper.primaryCategory ?? paper.subjects[0];
}
