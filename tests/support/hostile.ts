/**
 * The hostile-text corpus (tests/fixtures/hostile/payloads.json) and the real fixtures poisoned with it.
 *
 * Each payload is placed as _text_ where the sites put user text, escaped as they escape it: HTML-escaped inside the
 * existing title, author and abstract elements, attribute-escaped inside existing link hrefs, and JSON-escaped (then
 * attribute-escaped) in Hugging Face's `data-props` island, which the HF adapter reads titles, authors and summaries
 * from. Nothing else in the captured page changes, so the adapters parse it as they parse the real site.
 *
 * Then the tests ask what Dogear shows. `expected*` below give the text it must show for a payload: the characters the
 * browser's HTML parser hands to the page (its rules, not Dogear's), then Dogear's documented normalisation of page
 * text (lib/sites/parse-helpers.ts `collapse`: whitespace runs become one space, trimmed) and its documented shortening
 * of over-long fields (lib/paper/model.ts `clipText`, ending in SHORTENED_MARKER).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANDIDATE_LIMITS, clipText } from '../../lib/paper/model.ts';
import { collapse, decodeEntities } from '../../lib/sites/parse-helpers.ts';
import { FIXTURES, PAGES, type ServedPage } from './browser.ts';

/** What every payload that could run code sets (`window.__dogearPwned=1`); the tests read it in every page and frame. */
export const PWNED = '__dogearPwned';

export interface Payload {
  id: string;
  /**
   * script, event-handler, url, svg, css, template, markdown, bidi, zero-width, encoding, entities, clobbering,
   * formula, length
   */
  kind: string;
  text: string;
  note?: string;
}

interface PayloadFile {
  payloads: Payload[];
  /** Built here: `repeat` repeated and cut to exactly `length` characters. */
  generated: { id: string; kind: string; repeat: string; length: number; note?: string }[];
}

let corpus: Payload[] | undefined;

/** Every payload, the generated ones (the 100,000-character string) last. */
export function loadPayloads(): Payload[] {
  if (corpus) return corpus;
  const file = JSON.parse(readFileSync(join(FIXTURES, 'hostile/payloads.json'), 'utf8')) as PayloadFile;
  const generated = file.generated.map(({ repeat, length, ...rest }) => ({
    ...rest,
    text: repeat.repeat(Math.ceil(length / repeat.length)).slice(0, length),
  }));
  corpus = [...file.payloads, ...generated];
  return corpus;
}

/** The payloads of ordinary length: the ones placed one per field. */
export function ordinaryPayloads(): Payload[] {
  return loadPayloads().filter((payload) => payload.text.length <= 1000);
}

export function payload(id: string): Payload {
  const found = loadPayloads().find((entry) => entry.id === id);
  if (!found) throw new Error(`no payload ${id} in tests/fixtures/hostile/payloads.json`);
  return found;
}

/** As the sites' template engines escape text in element content and quoted attributes (markupsafe, Svelte). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The few entities the captured attributes use, and numeric references. */
function unescapeAttribute(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos);/gi, (_match, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" }[lower]!;
  });
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The text a page's DOM holds for `text` escaped into element content of a page served as UTF-8: unpaired surrogates
 * have no UTF-8 form and arrive as U+FFFD; the input stream turns CR LF and lone CR into LF; the tree builder drops
 * U+0000 in element content ("in body": "A character token that is U+0000 NULL: parse error, ignore the token").
 */
export function htmlText(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(/\r\n?/g, '\n').replaceAll('\0', '');
}

/** What Dogear stores and shows for page text that reached the adapter as `domText`, in a field capped at `limit`. */
export function expectedField(domText: string, limit: 'title' | 'author' | 'abstract' | 'comments'): string {
  return clipText(collapse(domText), CANDIDATE_LIMITS[limit]);
}

/**
 * JSON text that is ASCII only: every other character, lone surrogates and NUL included, as a `\uXXXX` escape. Strings
 * sent through the DevTools protocol this way reach the page exactly (a raw lone surrogate would not survive UTF-8).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export type Field = 'title' | 'author' | 'abstract' | 'comments' | 'href';

/** One listing entry the poisoning changed: which payload went where, and what Dogear must store for it. */
export interface PoisonedEntry {
  key: string;
  placed: Partial<Record<Field, Payload>>;
  /** The paper fields the adapter must read from the poisoned entry (after the site's escaping and Dogear's rules). */
  expected: { title: string; firstAuthor?: string; abstractIncludes?: string; abstract?: string };
}

export interface HostilePage {
  page: ServedPage;
  entries: PoisonedEntry[];
}

/** `payloads[(index + offset) % length]`: each field walks the corpus from its own offset, so fields get different ones. */
const pick = (payloads: readonly Payload[], index: number, offset: number): Payload =>
  payloads[(index + offset) % payloads.length]!;

const URL_KINDS = new Set(['url', 'markdown']);

export interface PoisonOptions {
  /** Instead of one payload per field: the 100,000-character payload in the first entries' title, author and abstract. */
  oversized?: boolean;
}

/**
 * The arXiv /new capture (101 entries) with payloads in every entry: the title (replaced), the first author's name and
 * link, the abstract (appended as a last sentence) and the comments line (replaced, where there is one). URL-like
 * payloads go into the author link's href as they are; the others into its `query=` value (arXiv's own shape).
 */
export function poisonArxivListing(
  html: string,
  options: PoisonOptions = {},
): { html: string; entries: PoisonedEntry[] } {
  const payloads = ordinaryPayloads();
  const long = payload('long-100k');
  const entries: PoisonedEntry[] = [];
  let index = -1;
  const out = html.replace(
    /<dt>([\s\S]*?)<\/dt>(\s*)<dd>([\s\S]*?)<\/dd>/g,
    (whole, dt: string, gap: string, dd: string) => {
      index += 1;
      const id = /href ?="\/abs\/([^"]+)" title="Abstract"/.exec(dt)?.[1];
      if (id === undefined) return whole;
      let title: Payload;
      let author: Payload;
      let abstract: Payload;
      let comments: Payload | undefined = pick(payloads, index, 53);
      if (options.oversized) {
        // Entry 0: long title; 1: long first author; 2: long abstract. The rest stay as captured.
        if (index > 2) return whole;
        title = index === 0 ? long : pick(payloads, index, 0);
        author = index === 1 ? long : pick(payloads, index, 37);
        abstract = index === 2 ? long : pick(payloads, index, 71);
        comments = undefined;
      } else {
        title = pick(payloads, index, 0);
        author = pick(payloads, index, 37);
        abstract = pick(payloads, index, 71);
      }
      const placed: PoisonedEntry['placed'] = { title, author, abstract };
      let body = dd.replace(
        /(<span class='descriptor'>Title:<\/span>)[\s\S]*?(<\/div>)/,
        (_m, open: string, close: string) => `${open}\n          ${escapeHtml(title.text)}\n        ${close}`,
      );
      let abstractText = '';
      body = body.replace(
        /(<div class='list-authors'><a href=")([^"]*)(">)([^<]*)(<\/a>)/,
        (_m, open: string, href: string, mid: string, _name, close: string) => {
          const link = URL_KINDS.has(author.kind)
            ? author.text
            : `${unescapeAttribute(href).replace(/query=[^&]*$/, 'query=')}${author.text}`;
          placed.href = author;
          return `${open}${escapeHtml(link)}${mid}${escapeHtml(author.text)}${close}`;
        },
      );
      body = body.replace(/(<p class='mathjax'>)([\s\S]*?)(<\/p>)/, (_m, open: string, text: string, close: string) => {
        abstractText = `${text.trimEnd()} ${escapeHtml(abstract.text)}\n        `;
        return `${open}${abstractText}${close}`;
      });
      if (comments !== undefined) {
        const withComments = body.replace(
          /(<span class='descriptor'>Comments:<\/span>)[\s\S]*?(<\/div>)/,
          (_m, open: string, close: string) => `${open}\n          ${escapeHtml(comments!.text)}\n        ${close}`,
        );
        if (withComments !== body) placed.comments = comments;
        body = withComments;
      }
      const domAbstract = htmlText(abstract.text);
      entries.push({
        key: `arxiv:${id}`,
        placed,
        expected: {
          title: expectedField(htmlText(title.text), 'title'),
          firstAuthor: expectedField(htmlText(author.text), 'author'),
          // A long abstract is cut: only its start is on record. A short one is the last sentence of the abstract.
          ...(abstract === long
            ? { abstractIncludes: collapse(domAbstract).slice(0, 1000) }
            : { abstractIncludes: collapse(domAbstract) }),
        },
      });
      return `<dt>${dt}</dt>${gap}<dd>${body}</dd>`;
    },
  );
  return { html: out, entries };
}

interface HfItem {
  paper: { id: string; title?: string; summary?: string; authors?: { name?: string }[] };
}

/**
 * A Hugging Face capture with payloads in every card: the card's title text (HTML-escaped) and, for the same paper in
 * the `data-props` JSON (JSON-escaped, then attribute-escaped as the page does), its title, first author's name and
 * summary; URL-like payloads also replace the card's organisation link href. The adapter prefers the JSON title, so the
 * card text and the JSON carry the same payload.
 */
export function poisonHuggingFace(
  html: string,
  options: PoisonOptions = {},
): { html: string; entries: PoisonedEntry[] } {
  const payloads = ordinaryPayloads();
  const long = payload('long-100k');
  const cards = [...html.matchAll(/(<h3\b[^>]*>\s*<a\b[^>]*href="\/papers\/([^"]+)"[^>]*>)([^<]*)(<\/a>)/g)].map(
    (match) => match[2]!,
  );
  const plan = new Map<string, { title: Payload; author: Payload; abstract: Payload }>();
  cards.forEach((id, index) => {
    if (options.oversized) {
      if (index > 1) return;
      plan.set(id, {
        title: index === 0 ? long : pick(payloads, index, 85),
        author: pick(payloads, index, 11),
        abstract: index === 1 ? long : pick(payloads, index, 23),
      });
    } else {
      plan.set(id, {
        title: pick(payloads, index, 85),
        author: pick(payloads, index, 11),
        abstract: pick(payloads, index, 23),
      });
    }
  });

  let out = html.replace(
    /(<h3\b[^>]*>\s*<a\b[^>]*href="\/papers\/([^"]+)"[^>]*>)([^<]*)(<\/a>)/g,
    (whole, open: string, id: string, _text, close: string) => {
      const placed = plan.get(id);
      return placed ? `${open}${escapeHtml(placed.title.text)}${close}` : whole;
    },
  );

  const island = /(data-target="DailyPapers"[^>]*?data-props=")([^"]*)(")/.exec(out);
  if (!island) throw new Error('no DailyPapers data-props in this Hugging Face fixture');
  const props = JSON.parse(unescapeAttribute(island[2]!)) as { dailyPapers: HfItem[] };
  const entries: PoisonedEntry[] = [];
  for (const item of props.dailyPapers) {
    const placed = plan.get(item.paper.id);
    if (!placed) continue;
    item.paper.title = placed.title.text;
    item.paper.summary = placed.abstract.text;
    const first = item.paper.authors?.[0];
    if (first) first.name = placed.author.text;
    entries.push({
      key: `arxiv:${item.paper.id}`,
      placed: { title: placed.title, author: placed.author, abstract: placed.abstract },
      expected: {
        // JSON strings reach the adapter exactly (no HTML parsing of their characters).
        title: expectedField(placed.title.text, 'title'),
        // Except author names: Hugging Face's data HTML-escapes them (`D&#39;Mello`), so the adapter decodes one layer
        // of character references there, as text (an entity-encoded `javascript:` becomes those letters, never a link).
        ...(first ? { firstAuthor: expectedField(decodeEntities(placed.author.text), 'author') } : {}),
        // The HF adapter trims the summary (no whitespace collapsing).
        abstract: clipText(placed.abstract.text.trim(), CANDIDATE_LIMITS.abstract),
      },
    });
  }
  // JSON.stringify escapes lone surrogates and control characters, as any JSON serializer must.
  out = `${out.slice(0, island.index)}${island[1]}${escapeHtml(JSON.stringify(props))}${island[3]}${out.slice(island.index + island[0].length)}`;

  // Organisation links (one per card that has one), in card order: URL-like payloads as the href.
  const urls = payloads.filter((entry) => URL_KINDS.has(entry.kind));
  let link = 0;
  out = out.replace(
    /(<a href=")(\/[A-Za-z][^"/]*)(" class="inline-flex)/g,
    (_m, open: string, _href, close: string) => {
      const chosen = urls[link++ % urls.length]!;
      return `${open}${escapeHtml(chosen.text)}${close}`;
    },
  );
  return { html: out, entries };
}

function poisoned(
  base: ServedPage,
  poison: (html: string, options: PoisonOptions) => { html: string; entries: PoisonedEntry[] },
  options: PoisonOptions,
): HostilePage {
  const { entries } = poison(readFileSync(join(FIXTURES, base.fixture), 'utf8'), options);
  return { page: { ...base, rewrite: (html) => poison(html, options).html }, entries };
}

/** The arXiv /new capture, poisoned (poisonArxivListing), served at its real URL. */
export function hostileArxivListing(options: PoisonOptions = {}): HostilePage {
  return poisoned(PAGES.arxivNew, poisonArxivListing, options);
}

/** A Hugging Face capture (the server one unless told), poisoned (poisonHuggingFace), served at its real URL. */
export function hostileHuggingFace(base: ServedPage = PAGES.hfDaily, options: PoisonOptions = {}): HostilePage {
  return poisoned(base, poisonHuggingFace, options);
}

/** An element a payload would create if it were parsed as HTML: its tag, its plain attributes and, for a leaf, its text. */
export interface Signature {
  payload: string;
  tag: string;
  attributes: [string, string][];
  text?: string;
}

/**
 * The elements each payload would create if some code parsed it as HTML (an inert `<template>` parse in jsdom, which
 * follows the HTML parsing algorithm). Elements with neither a plain attribute nor text say nothing and are left out;
 * namespaced attributes (`xlink:href`) are left out of the selector.
 */
export async function payloadSignatures(payloads: readonly Payload[] = ordinaryPayloads()): Promise<Signature[]> {
  const { JSDOM } = await import('jsdom');
  const { document } = new JSDOM('').window;
  const signatures: Signature[] = [];
  for (const entry of payloads) {
    const template = document.createElement('template');
    template.innerHTML = entry.text; // jsdom, in node: the parse under test is the browser's, not this one
    for (const element of Array.from(template.content.querySelectorAll('*'))) {
      const attributes = Array.from(element.attributes)
        .filter((attribute) => !attribute.name.includes(':'))
        .map((attribute): [string, string] => [attribute.name, attribute.value]);
      const text = element.children.length === 0 ? (element.textContent ?? '') : '';
      if (attributes.length === 0 && text.trim() === '') continue;
      signatures.push({
        payload: entry.id,
        tag: element.localName,
        attributes,
        ...(text.trim() === '' ? {} : { text }),
      });
    }
  }
  return signatures;
}

/** What auditDom is told: the signatures, the extension's origin, and whether the document itself is Dogear's. */
export interface AuditInput {
  signatures: Signature[];
  /** `chrome-extension://<id>`: scripts, frames and styles from here are Dogear's own. */
  origin: string;
  /** True for extension pages (the whole document is Dogear's); false for a listing, where only the shadow roots are. */
  ownDocument: boolean;
}

/**
 * Evaluated in a page (or Dogear's content-script world, with `open` opening closed shadow roots): what in the DOM
 * could only have come from a payload parsed as markup. In every root: an element matching a payload's signature. In
 * Dogear's own roots (the extension page's document, or the shadow roots on a listing): any `on…` attribute, a
 * `javascript:`/`vbscript:`/`data:text/html` URL in a URL attribute, `srcdoc`, a script or frame not from the
 * extension, `object`/`embed`/`base`/`meta[http-equiv]`, and `expression(` / `javascript:` in CSS. Returns one line per
 * finding. Self-contained (it is sent as source text): takes its input as ASCII JSON (asciiJson).
 */
export function auditDom(inputJson: string, open?: (host: Element) => ShadowRoot | null): string[] {
  const input = JSON.parse(inputJson) as AuditInput;
  const findings: string[] = [];
  const roots: (Document | ShadowRoot)[] = [document];
  for (let index = 0; index < roots.length; index += 1) {
    for (const element of Array.from(roots[index]!.querySelectorAll('*'))) {
      // Only HTML elements can host a shadow root (and openOrClosedShadowRoot accepts nothing else).
      const root = element instanceof HTMLElement ? (open ? open(element) : element.shadowRoot) : null;
      if (root) roots.push(root);
    }
  }
  const describe = (element: Element): string => {
    const html = element.outerHTML;
    return html.length > 160 ? `${html.slice(0, 160)}…` : html;
  };
  const cssString = (value: string): string =>
    `"${value
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/[\n\r\f]/g, ' ')}"`;
  const urlAttributes = new Set([
    'href',
    'src',
    'action',
    'formaction',
    'data',
    'poster',
    'background',
    'ping',
    'lowsrc',
    'dynsrc',
    'codebase',
    'cite',
  ]);
  const dangerous = /^(?:javascript:|vbscript:|data:text\/html|data:text\/javascript|data:image\/svg)/;
  roots.forEach((root, index) => {
    const own = index > 0 || input.ownDocument;
    for (const signature of input.signatures) {
      const selector = `${CSS.escape(signature.tag)}${signature.attributes.map(([name, value]) => `[${CSS.escape(name)}=${cssString(value)}]`).join('')}`;
      let found: Element[];
      try {
        found = Array.from(root.querySelectorAll(selector));
      } catch {
        findings.push(`bad selector for ${signature.payload}: ${selector}`);
        continue;
      }
      for (const element of found) {
        if (signature.text === undefined || element.textContent === signature.text) {
          findings.push(`payload ${signature.payload} became markup: ${describe(element)}`);
        }
      }
    }
    if (!own) return;
    for (const element of Array.from(root.querySelectorAll('*'))) {
      const tag = element.localName;
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.localName.toLowerCase();
        if (name.startsWith('on')) findings.push(`event handler attribute ${attribute.name}: ${describe(element)}`);
        if (name === 'srcdoc') findings.push(`srcdoc: ${describe(element)}`);
        if (urlAttributes.has(name)) {
          const url = attribute.value.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
          if (dangerous.test(url)) findings.push(`dangerous URL in ${attribute.name}: ${describe(element)}`);
        }
        if (name === 'style' && /expression\s*\(|javascript:|vbscript:/i.test(attribute.value))
          findings.push(`script in style: ${describe(element)}`);
      }
      const src = element.getAttribute('src') ?? '';
      const fromExtension =
        src.startsWith(`${input.origin}/`) ||
        (src.startsWith('/') && !src.startsWith('//') && location.origin === input.origin);
      if (tag === 'script' && !(fromExtension && index === 0))
        findings.push(`script not from the extension: ${describe(element)}`);
      // The note editor is web-accessible under a per-session host (use_dynamic_url), not the extension id.
      const noteFrame = /^chrome-extension:\/\/[^/]+\/note\.html(?:#|$)/.test(src);
      if ((tag === 'iframe' || tag === 'frame') && !fromExtension && !noteFrame)
        findings.push(`frame not from the extension: ${describe(element)}`);
      if (['object', 'embed', 'base', 'frameset', 'portal', 'applet'].includes(tag))
        findings.push(`${tag}: ${describe(element)}`);
      if (tag === 'meta' && element.hasAttribute('http-equiv')) findings.push(`meta http-equiv: ${describe(element)}`);
      if (tag === 'style' && /expression\s*\(|javascript:|vbscript:/i.test(element.textContent ?? ''))
        findings.push(`script in a style sheet: ${describe(element)}`);
    }
  });
  if ((window as unknown as Record<string, unknown>)['__dogearPwned'] !== undefined)
    findings.push('window.__dogearPwned is set');
  return findings;
}
