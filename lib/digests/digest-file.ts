/**
 * Any other HTML the user drops (a saved listing page, an HTML mail that is no Scholar alert): read by generic mode's
 * detector, which finds entries by their links to paper ids, as it does on a page no adapter knows.
 */
import { genericAdapter } from '../generic/adapter.ts';
import { paperPageUrl } from '../paper/links.ts';
import { SOURCE_URL_MAX, type Source } from '../paper/model.ts';
import { collapse, nonEmpty } from '../sites/parse-helpers.ts';
import { type DigestEntries, addEntry } from './entry.ts';
import type { Digest } from './types.ts';

/** Where a saved page that names no address of its own is said to come from. */
export const LOCAL_DIGEST_URL = 'https://localhost/digest-file';

/** An http(s) address that fits a Source, or undefined. */
function webAddress(value: string | null | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= SOURCE_URL_MAX
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The address a saved page names for itself: its `<link rel=canonical>`, its `og:url`, or the `<!-- saved from
 * url=(0042)https://… -->` comment Chrome and Internet Explorer write at the top of a saved page.
 */
export function savedPageUrl(doc: Document, html: string): URL | undefined {
  const canonical = webAddress(doc.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href'));
  if (canonical) return canonical;
  const og = webAddress(doc.querySelector('meta[property="og:url" i][content]')?.getAttribute('content'));
  if (og) return og;
  const saved = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 4096));
  return webAddress(saved?.[1]);
}

/** The papers generic mode finds in a saved page, with its own address as their source when it names one. */
export function readDigestFile(doc: Document, html: string, subject?: string): Digest {
  const own = savedPageUrl(doc, html);
  const base = own ?? new URL(LOCAL_DIGEST_URL);
  const out: DigestEntries = { entries: [], skipped: [] };
  const found = genericAdapter.parse(doc, base);
  found.forEach((entry, index) => {
    addEntry(out, index, { paper: { ...entry.paper }, link: paperPageUrl(entry.paper.key) }, entry.paper.key);
  });
  const source: Source = { site: 'digest-file', url: own?.href ?? LOCAL_DIGEST_URL };
  const heading = nonEmpty(subject === undefined ? undefined : collapse(subject)) ?? nonEmpty(doc.title);
  return {
    kind: 'digest-file',
    title: heading ?? (own === undefined ? 'Saved page' : `Saved page: ${own.hostname}`),
    source,
    entries: out.entries,
    skipped: out.skipped,
  };
}
