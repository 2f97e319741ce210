/**
 * A digest as a listing: its title, how many papers it lists and which entries could not be read (with why), then one
 * block per entry: the title linking where the digest links it, the byline, the id, and the abstract or snippet folded.
 * arXiv mails keep their sections (new, cross-lists, replacements).
 *
 * Each entry's element carries its index in the digest (`data-digest-entry`) and an empty slot for Dogear's controls
 * (`data-digest-anchor`): the page's adapter finds them there, and the annotator marks them as it marks a site's
 * entries. Render it once per digest: the annotator adds its own elements inside the entries, which a re-render must
 * not disturb. Every string is text.
 */
import { keyLabel } from '../../lib/paper/links.ts';
import type { Section } from '../../lib/paper/model.ts';
import type { Digest, DigestEntry } from '../../lib/digests/types.ts';
import { plural } from '../plural.ts';

export interface DigestListingProps {
  digest: Digest;
  /** The file's name, or `pasted text`. */
  name: string;
  /** Called with the heading once it is on screen, for the page to move the focus there. */
  headingRef?: (heading: HTMLHeadingElement | null) => void;
}

const SECTION_HEADINGS: Record<Section, string> = {
  new: 'New submissions',
  'cross-list': 'Cross-lists',
  replacement: 'Replacements',
};
const SECTION_ORDER: readonly Section[] = ['new', 'cross-list', 'replacement'];

/** Only web links are followed; anything else (a `javascript:` target a parser let through) shows the title alone. */
const isWebLink = (link: string): boolean => /^https?:\/\//i.test(link);

function Entry({ entry, index, heading }: { entry: DigestEntry; index: number; heading: 'h3' | 'h4' }) {
  const { paper } = entry;
  const Heading = heading;
  const byline = entry.byline ?? paper.authors.join(', ');
  const more = paper.abstract ?? entry.snippet;
  return (
    <li class="entry" data-digest-entry={index}>
      <Heading class="entry-title">
        {isWebLink(entry.link) ? (
          <a href={entry.link} target="_blank" rel="noopener noreferrer">
            {paper.title}
          </a>
        ) : (
          paper.title
        )}
      </Heading>
      {byline === '' ? null : <p class="byline">{byline}</p>}
      <p class="entry-meta">
        <span class="entry-id">{keyLabel(paper.key).text}</span>
        {paper.subjects.length > 0 ? <span class="subjects"> · {paper.subjects.join(' ')}</span> : null}
        {paper.comments === undefined ? null : <span class="comments"> · {paper.comments}</span>}
      </p>
      <div class="entry-actions" data-digest-anchor />
      {more === undefined ? null : (
        <details class="entry-more">
          <summary>{paper.abstract === undefined ? 'Snippet' : 'Abstract'}</summary>
          <p>{more}</p>
        </details>
      )}
    </li>
  );
}

function Entries({ items, heading }: { items: { entry: DigestEntry; index: number }[]; heading: 'h3' | 'h4' }) {
  return (
    <ol class="entries">
      {items.map(({ entry, index }) => (
        <Entry key={index} entry={entry} index={index} heading={heading} />
      ))}
    </ol>
  );
}

export function DigestListing({ digest, name, headingRef }: DigestListingProps) {
  const items = digest.entries.map((entry, index) => ({ entry, index }));
  const sectioned = items.some(({ entry }) => entry.section !== undefined);
  const { skipped } = digest;
  return (
    <section class="digest" aria-labelledby="digest-title">
      <h2 id="digest-title" tabIndex={-1} ref={headingRef}>
        {digest.title}
      </h2>
      <p class="digest-counts" data-digest-counts>
        {plural(digest.entries.length, 'paper')}
        {skipped.length > 0 ? ` · ${skipped.length} could not be read` : ''}
        <span class="digest-name"> · from {name}</span>
      </p>
      {skipped.length > 0 ? (
        <ul class="skipped" aria-label="Entries that could not be read">
          {skipped.map((skip) => (
            <li key={skip.index}>
              Entry {skip.index + 1}
              {skip.id === undefined ? '' : ` (${skip.id})`}: {skip.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {digest.entries.length === 0 ? <p class="empty">This digest lists no paper Dogear can read.</p> : null}
      {sectioned ? (
        SECTION_ORDER.map((section) => {
          const inSection = items.filter(({ entry }) => (entry.section ?? 'new') === section);
          if (inSection.length === 0) return null;
          return (
            <section key={section} class="digest-section" aria-labelledby={`section-${section}`}>
              <h3 id={`section-${section}`}>
                {SECTION_HEADINGS[section]} <span class="section-count">({inSection.length})</span>
              </h3>
              <Entries items={inSection} heading="h4" />
            </section>
          );
        })
      ) : (
        <Entries items={items} heading="h3" />
      )}
    </section>
  );
}
