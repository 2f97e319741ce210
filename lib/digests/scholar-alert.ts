/**
 * Google Scholar alert mails (HTML). Each paper is an `h3` whose `a.gse_alrt_title` links through Scholar's redirect
 * (`https://scholar.google.com/scholar_url?url=<target>&…`), then a plain `div` byline ("Z Chen, S Kommrusch, M
 * Monperrus - arXiv preprint arXiv:1912.02015, 2019") and a `div.gse_alrt_sni` snippet cut short by Scholar ("…").
 *
 * The key is the id the target's address names (arXiv, DOI, OpenReview…) or an arXiv id the byline names, else the
 * target's normalized URL: Scholar names no id of its own.
 */
import { arxivKey, bestKey, paperKeyOfUrl, parseArxivId, urlKey } from '../paper/ids.ts';
import { arxivYearMonth } from '../paper/dates.ts';
import type { Source } from '../paper/model.ts';
import { authorName, collapse, compact, nonEmpty, readText, textOf } from '../sites/parse-helpers.ts';
import { type DigestEntries, addEntry, addSkip } from './entry.ts';
import type { Digest } from './types.ts';

/** Each paper's title link. */
const TITLE_LINK = 'a.gse_alrt_title';
/** The snippet under the byline. */
const SNIPPET = 'div.gse_alrt_sni';

/** Where the mail's "List my alerts" link leads: the page of the user's alerts, which saves name as their source. */
const SOURCE: Source = { site: 'scholar-alert', url: 'https://scholar.google.com/scholar_alerts?view_op=list_alerts' };

/** Whether `doc` is a Scholar alert mail: it has Scholar's alert title links. */
export function isScholarAlert(doc: Document): boolean {
  return doc.querySelector(TITLE_LINK) !== null;
}

/** The target of a Scholar redirect link (`scholar_url?url=`), or the link itself when it is no redirect. */
function targetOf(href: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return undefined;
  }
  if (/(?:^|\.)google\.[a-z.]+$/i.test(url.hostname) && url.pathname === '/scholar_url') {
    const target = url.searchParams.get('url');
    if (target === null) return undefined;
    try {
      url = new URL(target);
    } catch {
      return undefined;
    }
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

/** The byline: the first element after the title's `h3` that is neither the snippet nor another title. */
function bylineOf(heading: Element): Element | undefined {
  const next = heading.nextElementSibling;
  if (!next || next.localName !== 'div' || next.matches(SNIPPET) || next.querySelector(TITLE_LINK)) return undefined;
  return next;
}

/**
 * The authors of a byline: its part before the first " - ", split at commas; Scholar ends a cut list with "…", which is
 * no name.
 */
function authorsOf(byline: string | undefined): string[] {
  if (byline === undefined) return [];
  const names = byline.split(' - ')[0] ?? '';
  return names
    .split(',')
    .map((name) => name.replace(/\s*…\s*$/, ''))
    .flatMap((name) => authorName(name) ?? []);
}

/** The year a byline ends its venue part with ("…, 2019"). */
function yearOf(byline: string | undefined): string | undefined {
  const venue = byline?.split(' - ')[1];
  const years = venue === undefined ? [] : [...venue.matchAll(/\b(1[89]\d{2}|20\d{2})\b/g)].map((match) => match[1]!);
  return years.at(-1);
}

/** An arXiv id the byline names ("arXiv preprint arXiv:1912.02015"). */
function arxivIdOfByline(byline: string | undefined): string | undefined {
  const match = byline === undefined ? null : /\barXiv:(\S+?)[,.;]?(?:\s|$)/.exec(byline);
  return match ? parseArxivId(match[1]!)?.id : undefined;
}

/**
 * The papers of a Scholar alert mail, in order. `subject` is the mail's Subject header when it came with its headers
 * ("new results for …"), the digest's title then.
 */
export function readScholarAlert(doc: Document, subject?: string): Digest {
  const out: DigestEntries = { entries: [], skipped: [] };
  Array.from(doc.querySelectorAll(TITLE_LINK)).forEach((link, index) => {
    const href = link.getAttribute('href') ?? '';
    const target = targetOf(href);
    if (target === undefined) {
      addSkip(out, index, 'the title link names no web address');
      return;
    }
    const heading = link.closest('h3') ?? link;
    const byline = textOf(bylineOf(heading));
    const bylineArxiv = arxivIdOfByline(byline);
    const key =
      bestKey([paperKeyOfUrl(target), bylineArxiv === undefined ? undefined : arxivKey(bylineArxiv)]) ?? urlKey(target);
    if (key === undefined) {
      addSkip(out, index, 'the title link’s address is too long to key the paper by');
      return;
    }
    const arxivId = key.startsWith('arxiv:') ? key.slice('arxiv:'.length) : undefined;
    const year = yearOf(byline);
    // An arXiv paper's date is its first version's: a year only when it is the year of its id.
    const published =
      arxivId === undefined || (year !== undefined && String(arxivYearMonth(arxivId)?.year) === year)
        ? year
        : undefined;
    addEntry(
      out,
      index,
      compact({
        paper: compact({
          key,
          arxivId,
          title: nonEmpty(readText(link)),
          authors: authorsOf(byline),
          subjects: [],
          published,
        }),
        link: target.href,
        byline,
        snippet: snippetText(snippetAfter(heading)),
      }),
      key,
    );
  });
  return {
    kind: 'scholar-alert',
    title: nonEmpty(subject === undefined ? undefined : collapse(subject)) ?? 'Google Scholar alert',
    source: SOURCE,
    entries: out.entries,
    skipped: out.skipped,
  };
}

/**
 * A snippet's text. Scholar breaks its lines with `<br>`, sometimes after a hyphen ("crowd-<br>based"): the hyphen
 * joins its word again.
 */
function snippetText(snippet: Element | undefined): string | undefined {
  return snippet === undefined ? undefined : nonEmpty(readText(snippet).replace(/-[^\S\n]*\n\s*/g, '-'));
}

/** The snippet of the paper whose title `heading` is: the next `div.gse_alrt_sni` before the next title. */
function snippetAfter(heading: Element): Element | undefined {
  for (let next = heading.nextElementSibling; next; next = next.nextElementSibling) {
    if (next.querySelector(TITLE_LINK) || next.matches(TITLE_LINK)) return undefined;
    if (next.matches(SNIPPET)) return next;
  }
  return undefined;
}
