/**
 * The first-run page (welcome.html, opened by the background on install): what the marks on a listing mean, the keys,
 * the page bar, where the library lives, what stays private, and where to try it. Static text only: nothing here comes
 * from a page or from the library. The marks' colours (marks.ts, as mark-styles.ts's variables) and the key list
 * (KeyList.tsx) are the listing UI's own, so this page cannot drift from what a listing shows.
 */
import type { MarkKind } from './marks.ts';
import { KeyList } from './KeyList.tsx';

/** The two listings the demo serves from bundled captures (tests/support/browser.ts PAGES), live sites otherwise. */
const TRY_LINKS = [
  { href: 'https://huggingface.co/papers', label: 'Hugging Face Daily Papers' },
  {
    href: 'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    label: 'arXiv, new in Materials Science (cond-mat.mtrl-sci)',
  },
] as const;

interface MarkRow {
  /** The bar's colour; `opened` has no bar of its own and is shown on a seen entry. */
  bar: MarkKind;
  /** The chips of the sample entry; a `context` chip is only there to look real and is not read out. */
  chips: { kind: MarkKind; glyph?: string; label: string; context?: true }[];
  text: string;
}

const MARK_ROWS: MarkRow[] = [
  {
    bar: 'new',
    chips: [{ kind: 'new', label: 'New' }],
    text:
      'Never seen before this visit, on either site. It stays new for the whole visit, even after you have read it, ' +
      'so nothing loses its mark while you look at it; from your next visit (a reload, another tab, tomorrow) it shows ' +
      'as seen.',
  },
  {
    bar: 'seen',
    chips: [{ kind: 'seen', label: 'Seen' }],
    text:
      'You have met it before: it was on your screen on an earlier visit. The thin grey bar keeps it quiet. A paper ' +
      'seen on Hugging Face counts as seen on arXiv too, and the other way round.',
  },
  {
    bar: 'saved',
    chips: [{ kind: 'saved', glyph: '★', label: 'Saved' }],
    text: 'In your library. The Save button beside the entry (or s) saves it, and unsaves it.',
  },
  {
    bar: 'noted',
    chips: [{ kind: 'noted', glyph: '✎', label: 'Noted' }],
    text: 'You wrote a note or tags for it, with the Note button (or n). Notes are Markdown text.',
  },
  {
    bar: 'updated',
    chips: [{ kind: 'updated', label: 'New version' }],
    text:
      'The listing shows a newer arXiv version (v2, v3, …) than the one you saw or saved, as in the Replacements ' +
      'part of an arXiv listing.',
  },
  {
    bar: 'seen',
    chips: [
      { kind: 'seen', label: 'Seen', context: true },
      { kind: 'opened', label: 'Opened' },
    ],
    text: 'You opened the paper from a listing. This chip sits beside the others.',
  },
];

function MarkSample({ row }: { row: MarkRow }) {
  return (
    <div class={`sample bar-${row.bar}`}>
      {/* Stand-ins for an entry's title and authors: shape only, nothing to read. */}
      <span class="sample-lines" aria-hidden="true">
        <span />
        <span />
      </span>
      <span class="sample-chips">
        {row.chips.map((chip) => (
          <span class={`chip chip-${chip.kind}`} aria-hidden={chip.context}>
            {chip.glyph === undefined ? null : <span aria-hidden="true">{chip.glyph} </span>}
            {chip.label}
          </span>
        ))}
      </span>
    </div>
  );
}

export function Welcome() {
  return (
    <>
      <header class="intro">
        <img class="logo" src="/icon/128.png" width={64} height={64} alt="" />
        <div>
          <h1>Welcome to Dogear</h1>
          <p class="lede">
            On Hugging Face Daily Papers, arXiv listings, Google Scholar, papers.cool and PubMed, in your arXiv and
            Scholar e-mail digests, and on any page of papers you point it at, Dogear marks every paper you have already
            met, so what is new stands out; one click saves a paper to a library that stays in this browser.
          </p>
        </div>
      </header>
      <nav class="toc" aria-label="On this page">
        <ul>
          <li>
            <a href="#marks">The marks</a>
          </li>
          <li>
            <a href="#keys">Keys</a>
          </li>
          <li>
            <a href="#page-bar">The page bar</a>
          </li>
          <li>
            <a href="#library">Your library</a>
          </li>
          <li>
            <a href="#privacy">Privacy</a>
          </li>
          <li>
            <a href="#try">Try it</a>
          </li>
        </ul>
      </nav>
      <main>
        <section id="marks" aria-labelledby="marks-heading">
          <h2 id="marks-heading">What the marks mean</h2>
          <p>
            On a listing, each entry gets a coloured bar down its left side, and chips beside Dogear's Save and Note
            buttons. When several apply, every chip shows and the bar takes the colour of the first one in this order:
            new version, saved, noted, new, seen.
          </p>
          <dl class="marks">
            {MARK_ROWS.map((row) => (
              <div class="mark">
                <dt>
                  <MarkSample row={row} />
                </dt>
                <dd>{row.text}</dd>
              </div>
            ))}
          </dl>
        </section>

        <section id="keys" aria-labelledby="keys-heading">
          <h2 id="keys-heading">Keys</h2>
          <p>On a listing page. They do nothing while you type in a field, and Dogear's settings can turn them off.</p>
          <KeyList class="keys" />
        </section>

        <section id="page-bar" aria-labelledby="page-bar-heading">
          <h2 id="page-bar-heading">The page bar</h2>
          <p>A small bar at the bottom right of each listing; collapse it to one line when you want the room.</p>
          <ul>
            <li>
              <strong>Counts</strong>: how many entries are new, seen and saved on this page.
            </li>
            <li>
              <strong>View</strong>: show all, dim seen, hide seen, or only new, remembered per site. Hide seen keeps
              saved and noted entries, and the ones you read during this visit, so the page does not jump under you.
            </li>
            <li>
              <strong>Mark all seen</strong>: everything on the page counts as met from now on.
            </li>
            <li>
              <strong>Save N new</strong> saves every new entry on the page (the button says how many);{' '}
              <strong>Save selected</strong> saves the entries you ticked.
            </li>
            <li>
              Each of these actions offers <strong>Undo</strong>, which puts back exactly what it changed.
            </li>
          </ul>
        </section>

        <section id="library" aria-labelledby="library-heading">
          <h2 id="library-heading">Where your library lives</h2>
          <p>
            In this browser's storage for Dogear, on this computer, and nowhere else. Open it from Dogear's toolbar
            button (the popup: your saved papers, search, quick export) or in a full page,{' '}
            <a href="/library.html">the library</a>, with every paper you have seen, notes and tags, duplicates, import
            and export.
          </p>
          <p class="warning">
            <strong>Uninstalling Dogear deletes the library</strong>: the browser removes an extension's data with it.
            Keep backups: <a href="/library.html#settings">the library's settings</a> can write one to your Downloads
            folder after every few saves, and Import &amp; export restores it.
          </p>
        </section>

        <section id="privacy" aria-labelledby="privacy-heading">
          <h2 id="privacy-heading">Nothing leaves this browser</h2>
          <ul>
            <li>
              No account and no server: Dogear makes no network request of its own, unless you turn on sync through your
              own WebDAV server in <a href="/library.html#settings">the library's settings</a>.
            </li>
            <li>
              The listing sites' own scripts cannot read what you saved, noted or have seen: Dogear draws its marks and
              buttons where the page cannot look, and you edit notes in a Dogear page of their own.
            </li>
            <li>
              One exception you choose: with the view set to dim seen or hide seen, the site can tell which entries are
              dimmed or hidden.
            </li>
          </ul>
        </section>

        <section id="try" aria-labelledby="try-heading">
          <h2 id="try-heading">Try it</h2>
          <p>Open a listing and look for the bars and the page bar:</p>
          <ul class="try">
            {TRY_LINKS.map((link) => (
              <li>
                <a href={link.href}>{link.label}</a> <span class="url">{link.href}</span>
              </li>
            ))}
          </ul>
          <p>
            In the demo (<code>npm run demo</code>), these two addresses show the real pages captured and bundled with
            Dogear, so they work without a network. In a normal install they open the live sites.
          </p>
        </section>
      </main>
    </>
  );
}
