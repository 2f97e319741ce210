/**
 * A big arXiv listing for tests and benchmarks, built from the real captured /new page (tests/fixtures/arxiv/, see
 * PROVENANCE.md): arXiv's largest page has 2,000 entries (`show=2000`); the benchmark (tests/bench/annotate.ts) uses
 * that size, the E2E privacy spec a 10,000-entry page. Generated in node with jsdom, checked by re-parsing it with the
 * real adapter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { parseArxivListing } from '../../lib/sites/arxiv-listing/adapter.ts';
import { FIXTURES, PAGES } from './browser.ts';

/** What the seeded library stores about a listing row (as if an earlier visit had parsed it). */
export interface ListingRow {
  id: string;
  title: string;
  authors: string[];
  abstract: string;
  version: number;
}

/** Stand-ins for a copy's id, item number and a section's rows while the page is serialized (never in a capture). */
const ID_TOKEN = 'DOGEARBIGLISTINGID';
const N_TOKEN = 'DOGEARBIGLISTINGN';
const SECTION_TOKEN = 'dogear-big-listing-section-';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The real 101-entry arXiv /new capture (PAGES.arxivNew) grown to `total` entries: its dt/dd pairs repeated in order
 * (per section, in the capture's new / cross-list / replacement proportions, cycling), each copy with a fresh, unique
 * new-style id (`2609.<firstId>`, `2609.<firstId + 1>`, …) everywhere the original id appears, items renumbered, the
 * section links and entry totals updated. Returns the HTML and what each generated row shows.
 */
export function buildBigListing(total: number, firstId = 50_000): { html: string; rows: ListingRow[] } {
  if (firstId < 10_000 || firstId + total - 1 > 99_999)
    throw new Error('buildBigListing: ids must stay 5-digit (2609.NNNNN)');
  const source = readFileSync(join(FIXTURES, PAGES.arxivNew.fixture), 'utf8');
  const dom = new JSDOM(source);
  const { document: doc, NodeFilter } = dom.window;
  const lists = Array.from(doc.querySelectorAll('#dlpage dl'));
  const sections = lists.map((dl) => {
    const pairs = Array.from(dl.children)
      .filter((child) => child.localName === 'dt')
      .map((dt) => {
        const dd = dt.nextElementSibling;
        const id = dt.querySelector('a[title="Abstract"]')?.getAttribute('id');
        if (!dd || dd.localName !== 'dd' || !id) throw new Error('fixture: a dt without its dd or abstract link id');
        return { dt, dd, id };
      });
    return { dl, pairs };
  });
  const original = sections.reduce((sum, section) => sum + section.pairs.length, 0);

  // Rows per section in the fixture's proportions (largest remainder), so /new keeps its new / cross / replaced mix.
  const exact = sections.map((section) => (section.pairs.length * total) / original);
  const counts = exact.map(Math.floor);
  const byRemainder = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest);
  for (let i = 0; counts.reduce((a, b) => a + b, 0) < total; i += 1) counts[byRemainder[i]!.index]! += 1;

  // Each original pair, once: serialized with its id and item number as tokens, and what its copies show. The copies
  // are then strings (jsdom slows down more than linearly as thousands of nodes are added: 90 s for 10,000 rows).
  const templates = new Map<Element, { html: string; row: Omit<ListingRow, 'id'> }>();
  const templateOf = ({
    dt,
    dd,
    id: original,
  }: {
    dt: Element;
    dd: Element;
    id: string;
  }): { html: string; row: Omit<ListingRow, 'id'> } => {
    const known = templates.get(dt);
    if (known) return known;
    const pattern = new RegExp(`(?<!\\d)${escapeRegExp(original)}(?!\\d)`, 'g');
    const copies = [dt.cloneNode(true) as Element, dd.cloneNode(true) as Element];
    for (const copy of copies) {
      for (const element of [copy, ...Array.from(copy.querySelectorAll('*'))]) {
        for (const attribute of Array.from(element.attributes)) {
          if (attribute.value.includes(original))
            element.setAttribute(attribute.name, attribute.value.replace(pattern, ID_TOKEN));
        }
      }
      const walker = doc.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        if (text.nodeValue?.includes(original)) text.nodeValue = text.nodeValue.replace(pattern, ID_TOKEN);
      }
    }
    const item = copies[0]!.querySelector('a[name^="item"]');
    if (item) {
      item.setAttribute('name', `item${N_TOKEN}`);
      item.textContent = `[${N_TOKEN}]`;
    }
    const version = /\/html\/[^/]+v(\d+)$/.exec(
      dt.querySelector('a[title="View HTML"]')?.getAttribute('href') ?? '',
    )?.[1];
    const template = {
      html: `\n    ${copies[0]!.outerHTML}\n    ${copies[1]!.outerHTML}`,
      row: {
        title: (dd.querySelector('.list-title')?.textContent ?? '').replace('Title:', '').replace(/\s+/g, ' ').trim(),
        authors: Array.from(dd.querySelectorAll('.list-authors a')).map((a) => (a.textContent ?? '').trim()),
        abstract: (dd.querySelector('p.mathjax')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        version: version === undefined ? 1 : Number(version),
      },
    };
    templates.set(dt, template);
    return template;
  };
  for (const { pairs } of sections) for (const pair of pairs) templateOf(pair);

  const rows: ListingRow[] = [];
  const sectionHtml: string[] = [];
  const sectionStarts: number[] = [];
  let n = 0;
  sections.forEach(({ dl, pairs }, sectionIndex) => {
    const count = counts[sectionIndex]!;
    sectionStarts.push(n + 1);
    for (const { dt, dd } of pairs) {
      dt.remove();
      dd.remove();
    }
    const heading = dl.querySelector(':scope > h3');
    if (heading)
      heading.textContent = (heading.textContent ?? '').replace(
        /\(showing \d+ of \d+ entries\)/,
        `(showing ${count} of ${count} entries)`,
      );
    const parts: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const template = templateOf(pairs[i % pairs.length]!);
      n += 1;
      const id = `2609.${firstId + n - 1}`;
      parts.push(template.html.replaceAll(ID_TOKEN, id).replaceAll(N_TOKEN, String(n)));
      rows.push({ id, ...template.row });
    }
    sectionHtml.push(parts.join(''));
    dl.append(doc.createComment(`${SECTION_TOKEN}${sectionIndex}`), doc.createTextNode('\n'));
  });
  // The section jump links and the entry totals.
  Array.from(doc.querySelectorAll('#dlpage > ul a[href^="#item"]')).forEach((link, index) => {
    if (index > 0 && sectionStarts[index] !== undefined) link.setAttribute('href', `#item${sectionStarts[index]}`);
  });
  for (const paging of Array.from(doc.querySelectorAll('#dlpage .paging'))) {
    paging.textContent = (paging.textContent ?? '').replace(/Total of \d+ entries/, `Total of ${total} entries`);
  }
  const html = dom
    .serialize()
    .replace(new RegExp(`<!--${SECTION_TOKEN}(\\d+)-->`, 'g'), (_, index: string) => sectionHtml[Number(index)]!);
  return { html, rows };
}

/**
 * Re-parses generated HTML (buildBigListing) with the real adapter, as served at `url`: one entry per row, distinct
 * keys, the generated ids in page order, and no link left pointing at an original id. Throws saying what is wrong.
 */
export function verifyBigListing(html: string, rows: readonly ListingRow[], url: string): void {
  const count = rows.length;
  const { document: doc } = new JSDOM(html).window;
  const dts = doc.querySelectorAll('#dlpage dl > dt').length;
  const entries = parseArxivListing(doc, new URL(url));
  const keys = new Set(entries.map((entry) => entry.paper.key));
  const expected = rows.map((row) => `arxiv:${row.id}`);
  const problems: string[] = [];
  if (dts !== count) problems.push(`${dts} dt, expected ${count}`);
  if (entries.length !== count) problems.push(`the adapter parsed ${entries.length} entries, expected ${count}`);
  if (keys.size !== count) problems.push(`${keys.size} distinct keys, expected ${count}`);
  if (expected.some((key, index) => entries[index]?.paper.key !== key))
    problems.push('keys are not the generated ids in page order');
  for (const dt of Array.from(doc.querySelectorAll('#dlpage dl > dt'))) {
    const id = dt.querySelector('a[title="Abstract"]')?.getAttribute('id') ?? '';
    const stale = Array.from(dt.querySelectorAll('a[href]')).find(
      (a) =>
        /\/(abs|pdf|format|html)\//.test(a.getAttribute('href') ?? '') && !(a.getAttribute('href') ?? '').includes(id),
    );
    if (stale) {
      problems.push(`row ${id}: link ${stale.getAttribute('href')} kept an old id`);
      break;
    }
  }
  if (problems.length > 0) throw new Error(`generated listing is wrong: ${problems.join('; ')}`);
}
