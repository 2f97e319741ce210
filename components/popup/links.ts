/**
 * Where a saved paper can be opened. arXiv papers open on arXiv, Hugging Face Papers and alphaXiv (all three key on the
 * unversioned arXiv id); every other paper opens on the page its key names (lib/paper/links.ts paperPageUrl: the DOI
 * resolver, OpenReview, the ACL Anthology, PubMed, Semantic Scholar, dblp, or the page a `url:` key is). Pure: the
 * popup shell opens the tabs.
 */
import { arxivIdOfKey, keyKind } from '../../lib/paper/ids.ts';
import { alphaxivUrl, arxivAbsUrl, huggingFacePaperUrl, keyLabel } from '../../lib/paper/links.ts';

export interface PaperLink {
  /** Button text, short enough for a 380 px row. */
  label: string;
  /**
   * Accessible name: what the link does. It contains the visible label (WCAG 2.5.3, label in name: a voice-control user
   * says what they see), so an abbreviated label comes first and is spelled out after it.
   */
  name: string;
  url: string;
}

/** The links of `key`, the paper's own page first (what Enter opens). */
export function paperLinks(key: string): PaperLink[] {
  const id = arxivIdOfKey(key);
  if (id === undefined) return [ownPage(key)];
  const links: PaperLink[] = [{ label: 'arXiv', name: 'Open on arXiv', url: arxivAbsUrl(id) }];
  const huggingFace = huggingFacePaperUrl(id);
  if (huggingFace !== undefined) links.push({ label: 'HF', name: 'HF: open on Hugging Face', url: huggingFace });
  links.push({ label: 'alphaXiv', name: 'Open on alphaXiv', url: alphaxivUrl(id) });
  return links;
}

/** The one link of a paper without an arXiv id: its key's page, labelled by where it is. */
function ownPage(key: string): PaperLink {
  const { source, id, url } = keyLabel(key);
  switch (keyKind(key)) {
    case 'doi':
      return { label: 'DOI', name: 'Open via DOI', url };
    case 'acl':
      return { label: 'ACL', name: 'ACL: open in the ACL Anthology', url };
    case 's2':
      return { label: 'S2', name: 'S2: open on Semantic Scholar', url };
    case 'url':
      // The host says where the link goes; a long one is cut so the row keeps its buttons.
      return { label: id.length > 24 ? `${id.slice(0, 23)}…` : id, name: `${id}: open the paper's page`, url };
    default:
      return { label: source, name: `Open on ${source}`, url };
  }
}
