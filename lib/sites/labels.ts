/**
 * Every site adapter's human label, in one dependency-free table: the adapters take their `label` from it, and the
 * popup and library show saved-from sites with it without loading the adapters (their parsers and zod schemas). The
 * registry meta-test checks each registered adapter has its entry here.
 */
export const SITE_LABELS = {
  huggingface: 'Hugging Face Papers',
  'arxiv-listing': 'arXiv listings',
  'arxiv-search': 'arXiv search',
} as const satisfies Record<string, string>;

export type LabelledSiteId = keyof typeof SITE_LABELS;

/** The label of a site id ("arXiv listings"); the id itself for a site no adapter knows (e.g. an imported `manual`). */
export function siteLabel(site: string | undefined): string {
  if (site === undefined) return '';
  return Object.hasOwn(SITE_LABELS, site) ? SITE_LABELS[site as LabelledSiteId] : site;
}
