/**
 * Where a saved paper can be opened. arXiv papers open on arXiv, Hugging Face Papers and alphaXiv (all three key on the
 * unversioned arXiv id); DOI papers open through the DOI resolver only. Pure: the popup shell opens the tabs.
 */
import { arxivIdOfKey } from '../../lib/paper/ids.ts';
import { alphaxivUrl, arxivAbsUrl, huggingFacePaperUrl, paperPageUrl } from '../../lib/paper/links.ts';

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
  if (id === undefined) return [{ label: 'DOI', name: 'Open via DOI', url: paperPageUrl(key) }];
  const links: PaperLink[] = [{ label: 'arXiv', name: 'Open on arXiv', url: arxivAbsUrl(id) }];
  const huggingFace = huggingFacePaperUrl(id);
  if (huggingFace !== undefined) links.push({ label: 'HF', name: 'HF: open on Hugging Face', url: huggingFace });
  links.push({ label: 'alphaXiv', name: 'Open on alphaXiv', url: alphaxivUrl(id) });
  return links;
}
