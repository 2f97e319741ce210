/**
 * Every site adapter's human label, in one dependency-free table: the adapters take their `label` from it, and the
 * popup and library show saved-from sites with it without loading the adapters (their parsers and zod schemas). The
 * registry meta-test checks each registered adapter has its entry here.
 */
export const SITE_LABELS = {
  huggingface: 'Hugging Face Papers',
  'arxiv-listing': 'arXiv listings',
  'arxiv-search': 'arXiv search',
  'google-scholar': 'Google Scholar',
  'papers-cool': 'papers.cool',
  pubmed: 'PubMed',
} as const satisfies Record<string, string>;

/**
 * Where else a paper can be met: not a site adapter but Dogear's own digest page (mails, saved pages) and generic mode
 * on a page no adapter knows. `DIGEST_SITES` are the sources only the digest page may name (lib/messages.ts dispatch).
 */
export const OTHER_SOURCE_LABELS = {
  'arxiv-email': 'arXiv e-mail digest',
  'scholar-alert': 'Google Scholar alert',
  'digest-file': 'Saved page or e-mail',
  generic: 'Any listing (generic mode)',
} as const satisfies Record<string, string>;

export const DIGEST_SITES: ReadonlySet<string> = new Set(['arxiv-email', 'scholar-alert', 'digest-file']);
/** The source site of a page annotated in generic mode. */
export const GENERIC_SITE = 'generic';

export type LabelledSiteId = keyof typeof SITE_LABELS;

/** The label of a site id ("arXiv listings"); the id itself for a site no adapter knows (e.g. an imported `manual`). */
export function siteLabel(site: string | undefined): string {
  if (site === undefined) return '';
  if (Object.hasOwn(SITE_LABELS, site)) return SITE_LABELS[site as LabelledSiteId];
  if (Object.hasOwn(OTHER_SOURCE_LABELS, site)) return OTHER_SOURCE_LABELS[site as keyof typeof OTHER_SOURCE_LABELS];
  return site;
}
