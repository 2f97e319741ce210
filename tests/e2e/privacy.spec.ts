/**
 * What the site's own scripts (or any script it loads) can learn from Dogear, and what they can make it do, on the real
 * captured pages with default settings (`pageStateAttributes` off). A site script is played by `page.evaluate` in the
 * page's main world: it can read and change the DOM, dispatch events and call `click()`, nothing more.
 *
 * - It injects 2,000 made-up entries carrying ids of saved, seen and unknown papers: Dogear marks them for the reader
 *   (checked inside the closed roots), but their DOM, Dogear's hosts' computed style and size are identical whatever
 *   the paper's state, the roots are closed, and no state attribute is written.
 * - Synthetic keys, `click()`s and events at the buttons' coordinates change nothing in the library and open no tab; real
 *   keys right after do (which also shows the synthetic ones had had time to act).
 * - A 10,000-entry page is looked up in batches of at most 2,000 keys, every entry marked.
 * - Entries added after the first load are looked up within a budget (entrypoints/papers.content/lookups.ts: 2,000 at
 *   once, then 100 a second), so made-up entries cannot scan the library quickly.
 */
import type { Page, Worker } from '@playwright/test';
import type { Paper, Sighting } from '../../lib/paper/model.ts';
import { buildBigListing } from '../support/big-listing.ts';
import { PAGES, serviceWorker, type ServedPage } from '../support/browser.ts';
import type { ClosedUi } from '../support/closed-ui.ts';
import { expect, test, type Dogear } from './fixtures.ts';
import { dump, seed } from './seed.ts';
import { openLibrary } from './transfer-helpers.ts';

/** The limits of entrypoints/papers.content/lookups.ts (LOOKUP_LIMITS), restated: this spec checks them from outside. */
const BATCH = 2000;
const BURST = 2000;
const PER_SECOND = 100;

test.use({ served: { pages: [PAGES.arxivNew, PAGES.hfDaily] } });

// ---- the made-up entries ----------------------------------------------------------------------------------------------

const range = (count: number, from: number): string[] => Array.from({ length: count }, (_, i) => `2611.${from + i}`);
/** Ids the library has saved, has only seen, and has never met: the same length, so the entries lay out alike. */
const SAVED_IDS = range(200, 10_000);
const SEEN_IDS = range(200, 20_000);
const UNKNOWN_IDS = range(1600, 30_000);
/** 2,000 entries: every tenth a saved paper, every tenth (the next) a seen one, the rest unknown. */
const FAKE_IDS = Array.from({ length: 2000 }, (_, i) =>
  i % 10 === 0
    ? SAVED_IDS[i / 10]!
    : i % 10 === 1
      ? SEEN_IDS[(i - 1) / 10]!
      : UNKNOWN_IDS[i - 2 * Math.floor(i / 10) - 2]!,
);

function libraryPapers(now: number): Paper[] {
  const paper = (id: string, fields: Partial<Paper>): Paper => ({
    key: `arxiv:${id}`,
    arxivId: id,
    title: `Paper ${id}`,
    authors: ['Ada Lovelace'],
    subjects: ['cond-mat.mtrl-sci'],
    firstSeenAt: now - 86_400_000,
    lastSeenAt: now - 86_400_000,
    createdAt: now - 86_400_000,
    updatedAt: now - 86_400_000,
    ...fields,
  });
  return [
    ...SAVED_IDS.map((id) =>
      paper(id, { savedAt: now - 3_600_000, savedFrom: { site: 'arxiv-listing', url: PAGES.arxivNew.url } }),
    ),
    ...SEEN_IDS.map((id) => paper(id, {})),
  ];
}

/** Seeds the library (raw IndexedDB with the row-state index the background's lookups read: seed.ts). */
async function seedLibrary(dogear: Dogear, papers: readonly Paper[]): Promise<Page> {
  const library = await openLibrary(dogear, 'papers');
  await seed(library, papers, [], { reload: false });
  return library;
}

interface Site {
  name: string;
  served: ServedPage;
  /** The element of an entry that carries its mark host (arXiv: the dt; Hugging Face: the card). */
  root: string;
  kind: 'arxiv' | 'huggingface';
}

const SITES: Site[] = [
  { name: 'arXiv /new', served: PAGES.arxivNew, root: 'dt', kind: 'arxiv' },
  { name: 'Hugging Face daily', served: PAGES.hfDaily, root: 'article', kind: 'huggingface' },
];

/**
 * Page world, as a site script: clones the listing's first real entry once per id (arXiv: its dt and dd, appended to
 * the first list; Hugging Face: the card, after the last one), with the id rewritten everywhere (links, text, image
 * URLs), Dogear's own hosts and attributes removed from the copy.
 */
function injectEntries({ kind, ids }: { kind: 'arxiv' | 'huggingface'; ids: string[] }): void {
  const first = document.querySelector(kind === 'arxiv' ? '#dlpage dl > dt' : 'article')!;
  const parts = kind === 'arxiv' ? [first, first.nextElementSibling!] : [first];
  const id =
    kind === 'arxiv'
      ? first.querySelector('a[title="Abstract"]')!.id
      : /\/papers\/([^/?#]+)/.exec(first.querySelector('h3 a')!.getAttribute('href')!)![1]!;
  const template = parts
    .map((element) => {
      const copy = element.cloneNode(true) as Element;
      for (const own of copy.querySelectorAll('[data-dogear-ui], [data-dogear-mark]')) own.remove();
      for (const node of [copy, ...copy.querySelectorAll('*')]) {
        for (const name of node.getAttributeNames()) if (name.startsWith('data-dogear-')) node.removeAttribute(name);
      }
      return copy.outerHTML;
    })
    .join('\n');
  const html = ids.map((fresh) => template.split(id).join(fresh)).join('\n');
  if (kind === 'arxiv') first.parentElement!.insertAdjacentHTML('beforeend', html);
  else [...document.querySelectorAll('article')].at(-1)!.insertAdjacentHTML('afterend', html);
}

interface EntrySnapshot {
  roots: string[];
  hosts: {
    attributes: string[];
    shadowRoot: null | object;
    style: Record<string, string>;
    box: Record<'x' | 'y' | 'width' | 'height', number>;
  }[];
}

/** Computed insets of a positioned element: where the entry sits on the page, not what it is (compared as `box`). */
const PLACEMENT = /^(top|right|bottom|left|inset-(block|inline)-(start|end))$/;

/**
 * Page world, as a site script: everything it can read about each entry: the outerHTML of each of its roots (its id
 * replaced by `<id>`), and, for each Dogear host in them, its attributes, `shadowRoot`, computed style (every property
 * but the insets, which follow the entry's place on the page) and its box relative to the entry's first root.
 */
function snapshotEntries({ keys, placement }: { keys: string[]; placement: string }): EntrySnapshot[] {
  const positional = new RegExp(placement);
  return keys.map((key) => {
    const id = key.replace(/^arxiv:/, '');
    const roots = [...document.querySelectorAll(`[data-dogear-id="${key}"]`)];
    const hosts = roots.flatMap((root) => [...root.querySelectorAll('[data-dogear-ui], [data-dogear-mark]')]);
    return {
      roots: roots.map((root) => root.outerHTML.split(id).join('<id>')),
      hosts: hosts.map((host) => {
        const computed = getComputedStyle(host);
        const style: Record<string, string> = {};
        for (let i = 0; i < computed.length; i += 1) {
          const name = computed.item(i);
          if (!positional.test(name)) style[name] = computed.getPropertyValue(name);
        }
        const rect = host.getBoundingClientRect();
        const entry = roots[0]!.getBoundingClientRect();
        const box = { x: rect.x - entry.x, y: rect.y - entry.y, width: rect.width, height: rect.height };
        return { attributes: host.getAttributeNames(), shadowRoot: host.shadowRoot, style, box };
      }),
    };
  });
}

/** Page world: the first id of each group whose entry has the same left edge and width as the first group's first. */
function alike({ root, groups }: { root: string; groups: string[][] }): string[] {
  const box = (id: string): string => {
    const rect = document.querySelector(`${root}[data-dogear-id="arxiv:${id}"]`)!.getBoundingClientRect();
    return `${rect.x} ${rect.width}`;
  };
  const wanted = box(groups[0]![0]!);
  return groups.map((ids) => ids.find((id) => box(id) === wanted)!);
}

const STATE_ATTRIBUTES = '[data-dogear-state], [data-dogear-fresh], [data-dogear-selected], [data-dogear-current]';

/** What the reader sees on an entry: its bar's kind and its Save button, inside the closed roots. */
async function seenByReader(ui: ClosedUi, root: string, id: string): Promise<string | undefined> {
  const entry = `${root}[data-dogear-id="arxiv:${id}"]`;
  const [mark] = await ui.query(`${entry} > [data-dogear-mark]`, '.mark');
  const [save] = await ui.query(`${entry} [data-dogear-ui]`, 'button.save');
  return mark && save && `${mark.attributes.class?.split(' ')[1]} ${save.text}`;
}

for (const site of SITES) {
  test(`${site.name}: 2,000 injected entries look the same to the page whatever the paper's state`, async ({
    dogear,
  }) => {
    test.setTimeout(120_000); // a seeded library and 2,000 more entries: over a minute on a loaded 2-core machine
    await seedLibrary(dogear, libraryPapers(Date.now()));
    const page = await dogear.open(site.served);
    const ui = await dogear.ui(page);
    await page.evaluate(injectEntries, { kind: site.kind, ids: FAKE_IDS });
    // Dogear found them in the listing's structure (the id is written on every entry, whatever the settings, once the
    // library has answered: on a loaded machine that lookup takes seconds).
    await expect(page.locator(`${site.root}[data-dogear-id^="arxiv:2611."]`)).toHaveCount(2000, { timeout: 30_000 });

    // Three entries laid out alike (on Hugging Face's grid: in the same column, whose width is fractional): a saved
    // paper's, a seen one's, an unknown one's. The reader sees the difference.
    const compared = await page.evaluate(alike, {
      root: site.root,
      groups: [SAVED_IDS, SEEN_IDS, UNKNOWN_IDS].map((ids) => ids.slice(0, 30)),
    });
    for (const id of compared)
      await page.locator(`${site.root}[data-dogear-id="arxiv:${id}"]`).scrollIntoViewIfNeeded();
    const reader = (): Promise<(string | undefined)[]> =>
      Promise.all(compared.map((id) => seenByReader(ui, site.root, id)));
    await expect.poll(reader, { timeout: 15_000 }).toEqual(['saved ★ Saved', 'seen ☆ Save', 'new ☆ Save']);

    // The page does not.
    const [saved, seen, unknown] = await page.evaluate(snapshotEntries, {
      keys: compared.map((id) => `arxiv:${id}`),
      placement: PLACEMENT.source,
    });
    expect(saved!.roots).toHaveLength(site.kind === 'arxiv' ? 2 : 1);
    // Its two hosts: the controls and the mark (whose inline style places it over the entry, measured from the entry).
    expect(
      saved!.hosts.map((host) => host.attributes.filter((name) => name.startsWith('data-dogear-'))).sort(),
    ).toEqual([['data-dogear-mark'], ['data-dogear-ui']]);
    for (const host of saved!.hosts) {
      expect(host.shadowRoot).toBeNull();
      expect(host.box.width * host.box.height).toBeGreaterThan(0);
    }
    expect(seen).toEqual(saved);
    expect(unknown).toEqual(saved);
    expect(await page.locator(STATE_ATTRIBUTES).count()).toBe(0);

    // Real keys make an entry current and selected: the reader sees it, the page still reads no state attribute.
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    expect(await ui.query('[data-dogear-mark]', '.mark > .outline')).toHaveLength(1);
    await expect.poll(async () => (await ui.query('[data-dogear-mark]', '.mark > .tint')).length).toBe(1);
    expect(await page.locator(STATE_ATTRIBUTES).count()).toBe(0);
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll('[data-dogear-ui], [data-dogear-mark], [data-dogear-bar]')].every(
          (host) => host.shadowRoot === null,
        ),
      ),
    ).toBe(true);
  });
}

// ---- synthetic events ---------------------------------------------------------------------------------------------------

/** What user actions leave in the library: saves, opens, notes, tags and explicit marks (not dwell-based sightings). */
function userActions({ papers, sightings }: { papers: Paper[]; sightings: Sighting[] }): {
  papers: Record<string, { saved: boolean; opened: boolean; note?: string; tags?: string[]; firstSeenMark?: string }>;
  marked: number;
} {
  const acted = papers.filter(
    (p) =>
      p.savedAt !== undefined ||
      p.openedAt !== undefined ||
      p.note !== undefined ||
      (p.tags?.length ?? 0) > 0 ||
      p.firstSeenMark !== undefined,
  );
  return {
    papers: Object.fromEntries(
      acted.map((p) => [
        p.key,
        {
          saved: p.savedAt !== undefined,
          opened: p.openedAt !== undefined,
          ...(p.note === undefined ? {} : { note: p.note }),
          ...(p.tags === undefined ? {} : { tags: p.tags }),
          ...(p.firstSeenMark === undefined ? {} : { firstSeenMark: p.firstSeenMark }),
        },
      ]),
    ),
    marked: sightings.filter((sighting) => sighting.markId !== undefined).length,
  };
}

/** Every tab of the browser, as the extension API lists them (the URL it was asked to load, even if that failed). */
async function tabs(worker: Worker): Promise<{ id: number; url: string; active: boolean }[]> {
  return worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: {
        tabs: { query(q: object): Promise<{ id?: number; url?: string; pendingUrl?: string; active: boolean }[]> };
      };
    };
    return (await chrome.tabs.query({})).map((tab) => ({
      id: tab.id ?? -1,
      url: tab.pendingUrl ?? tab.url ?? '',
      active: tab.active,
    }));
  });
}

async function storedSettings(worker: Worker): Promise<unknown> {
  return worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
    };
    return (await chrome.storage.local.get('settings')).settings;
  });
}

/**
 * Page world, as a site script: every key Dogear binds, on the document, the body and the focused element; `click()` on
 * every Dogear host; pointer and mouse events at the given points (the page sees only the hosts there:
 * `elementFromPoint` is retargeted); clicks on every entry's abstract link (their navigation prevented). Returns what
 * `elementFromPoint` found at each point.
 */
function syntheticAttack(points: { x: number; y: number }[]): string[][] {
  const fire = (target: EventTarget | null, type: string, init: MouseEventInit & KeyboardEventInit = {}): void => {
    if (!target) return;
    const options = { bubbles: true, cancelable: true, composed: true, view: window, ...init };
    const event = type.startsWith('key')
      ? new KeyboardEvent(type, options)
      : type.startsWith('pointer')
        ? new PointerEvent(type, { pointerId: 1, pointerType: 'mouse', isPrimary: true, ...options })
        : new MouseEvent(type, options);
    target.dispatchEvent(event);
  };
  // Keep the page where it is whatever gets clicked (links would navigate).
  document.addEventListener('click', (event) => event.preventDefault());
  document.addEventListener('auxclick', (event) => event.preventDefault());
  for (const key of ['j', 'j', 'j', 's', 'x', 'o', 'n', 't', 'h', '?']) {
    for (const target of [document, document.body, document.activeElement]) {
      fire(target, 'keydown', { key, code: `Key${key.toUpperCase()}` });
      fire(target, 'keyup', { key, code: `Key${key.toUpperCase()}` });
    }
  }
  for (const host of document.querySelectorAll<HTMLElement>('[data-dogear-ui], [data-dogear-mark], [data-dogear-bar]'))
    host.click();
  const found: string[][] = [];
  for (const { x, y } of points) {
    const target = document.elementFromPoint(x, y);
    found.push(target?.getAttributeNames() ?? []);
    for (const type of [
      'pointerover',
      'pointerenter',
      'pointerdown',
      'mousedown',
      'focus',
      'pointerup',
      'mouseup',
      'click',
    ]) {
      fire(target, type, { clientX: x, clientY: y, button: 0, buttons: type.endsWith('down') ? 1 : 0 });
    }
    (target as HTMLElement | null)?.click();
  }
  for (const link of document.querySelectorAll('a[title="Abstract"]')) {
    fire(link, 'click', { button: 0 });
    fire(link, 'auxclick', { button: 1 });
  }
  return found;
}

test('synthetic keys, clicks and pointer events change nothing; real keys do', async ({ dogear }) => {
  const library = await openLibrary(dogear, 'papers');
  // The welcome tab opens at install: let it come, so counting tabs counts only what Dogear opens from now on.
  await expect.poll(() => dogear.context.pages().some((tab) => tab.url().endsWith('/welcome.html'))).toBe(true);
  const worker = await serviceWorker(dogear.context);

  const page = await dogear.open(PAGES.arxivNew);
  const ui = await dogear.ui(page);
  const BAR = '[data-dogear-bar]';
  await expect.poll(() => ui.text(BAR, '.summary')).toBe('101 new · 0 seen · 0 saved');
  const before = userActions(await dump(library));
  const settingsBefore = await storedSettings(worker);
  const tabsBefore = await tabs(worker);

  // Where the bar's controls and the first entries' buttons are on screen (the page only sees the hosts there).
  const targets = [
    ...(await ui.query(BAR, 'button, select')),
    ...(await ui.query('[data-dogear-ui]', 'button.save, button.note, input.select')),
  ].filter((element) => element.visible && element.box.y >= 0 && element.box.y + element.box.height <= 900);
  expect(targets.length).toBeGreaterThan(10);
  const points = targets.map(({ box }) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 }));
  const found = await page.evaluate(syntheticAttack, points);
  expect(found.every((names) => names.includes('data-dogear-bar') || names.includes('data-dogear-ui'))).toBe(true);

  // Nothing moved on the page: no current or selected entry, no editor, the view unchanged, no bar action done.
  expect(await ui.query('[data-dogear-mark]', '.outline, .tint')).toEqual([]);
  expect(await ui.text(BAR, 'button.save-selected')).toBe('Save selected (0)');
  expect(await ui.query(BAR, '.undo-row, .keys, .error')).toEqual([]);
  expect((await ui.query('[data-dogear-ui]', 'button.save')).map((save) => save.text)).not.toContain('★ Saved');
  await expect(page.locator('[data-dogear-note-host]')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-dogear-view', 'all');

  // Then the user's own keys: j makes the first entry current, s saves it, o opens it in a background tab. Messages
  // reach the background in order, so once these show, whatever the synthetic events had sent would show too.
  await page.keyboard.press('j');
  await page.keyboard.press('s');
  await page.keyboard.press('o');
  const first = 'arxiv:2609.22268';
  await expect
    .poll(async () => userActions(await dump(library)).papers[first], { timeout: 10_000 })
    .toEqual({ saved: true, opened: true });
  // The one new tab is the real `o`'s: in the background, on arXiv (where the listing is).
  await expect
    .poll(async () => (await tabs(worker)).filter((tab) => !tabsBefore.some((old) => old.id === tab.id)))
    .toEqual([{ id: expect.any(Number), url: 'https://arxiv.org/abs/2609.22268', active: false }]);

  const after = userActions(await dump(library));
  expect(after).toEqual({
    papers: { ...before.papers, [first]: { saved: true, opened: true } },
    marked: before.marked,
  });
  expect(await storedSettings(worker)).toEqual(settingsBefore);
  expect(await ui.query('[data-dogear-mark]', '.outline')).toHaveLength(1);
});

// ---- lookups in batches, and within a budget -------------------------------------------------------------------------

/** Service worker: a second, record-only listener that keeps every lookup's keys and every markSeen's papers. */
async function recordLookups(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const scope = globalThis as unknown as {
      chrome: { runtime: { onMessage: { addListener(listener: (message: unknown) => undefined): void } } };
      dogearLookups: { at: number; keys: string[] }[];
      dogearSeen: string[];
    };
    scope.dogearLookups = [];
    scope.dogearSeen = [];
    scope.chrome.runtime.onMessage.addListener((message) => {
      const m = message as { type?: string; keys?: string[]; papers?: { key: string }[] };
      if (m.type === 'lookup' && Array.isArray(m.keys)) scope.dogearLookups.push({ at: Date.now(), keys: m.keys });
      if (m.type === 'markSeen' && Array.isArray(m.papers))
        scope.dogearSeen.push(...m.papers.map((paper) => paper.key));
      return undefined;
    });
  });
}

async function recordedLookups(worker: Worker): Promise<{ lookups: { at: number; keys: string[] }[]; seen: string[] }> {
  return worker.evaluate(() => {
    const scope = globalThis as unknown as { dogearLookups: { at: number; keys: string[] }[]; dogearSeen: string[] };
    return { lookups: scope.dogearLookups, seen: scope.dogearSeen };
  });
}

const BIG = 10_000;
const bigListing = (() => {
  let built: { served: ServedPage; keys: string[] } | undefined;
  return (): { served: ServedPage; keys: string[] } => {
    if (!built) {
      const { html, rows } = buildBigListing(BIG);
      built = {
        served: {
          ...PAGES.arxivNew,
          url: `https://arxiv.org/list/cond-mat.mtrl-sci/new?skip=0&show=${BIG}`,
          rewrite: () => html,
        },
        keys: rows.map((row) => `arxiv:${row.id}`),
      };
    }
    return built;
  };
})();

test.describe('a 10,000-entry page', () => {
  // States are read from the DOM here: `pageStateAttributes` is the user's setting for that (off by default).
  test.use({ served: { pages: [bigListing().served] }, settings: { pageStateAttributes: true } });

  test('every entry is marked, looked up in batches of at most 2,000 keys', async ({ dogear }) => {
    test.setTimeout(240_000);
    const { served, keys } = bigListing();
    // The last ten entries saved: their states come from the last batch.
    const savedKeys = keys.slice(-10);
    const now = Date.now();
    await seedLibrary(
      dogear,
      savedKeys.map((key) => ({
        key,
        arxivId: key.slice(6),
        title: `Saved ${key}`,
        authors: ['Ada Lovelace'],
        subjects: [],
        firstSeenAt: now,
        savedAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const worker = await serviceWorker(dogear.context);
    await recordLookups(worker);

    const page = await dogear.context.newPage();
    await page.goto(served.url, { timeout: 120_000 });
    await page.locator('html[data-dogear-ready]').waitFor({ state: 'attached', timeout: 120_000 });
    await expect(page.locator('html')).toHaveAttribute('data-dogear-entries', String(BIG));
    await expect(page.locator('dt[data-dogear-state]')).toHaveCount(BIG);
    await expect(page.locator('dd[data-dogear-state]')).toHaveCount(BIG);
    await expect(page.locator('dt[data-dogear-state~="saved"]')).toHaveCount(10);
    for (const key of savedKeys)
      await expect(page.locator(`dt[data-dogear-id="${key}"]`)).toHaveAttribute('data-dogear-state', 'seen saved');

    const { lookups, seen } = await recordedLookups(worker);
    for (const lookup of lookups) expect(lookup.keys.length).toBeLessThanOrEqual(BATCH);
    // Each key looked up once, the 10,000 in at least five messages; a key asked again only after the library said
    // it changed (the rows the reader dwelt on were recorded as seen, and every tab refreshes them).
    const asked = new Set<string>();
    let firstTime = 0;
    let messagesWithNewKeys = 0;
    const changed = new Set(seen);
    for (const lookup of lookups) {
      const fresh = lookup.keys.filter((key) => !asked.has(key));
      if (fresh.length > 0) messagesWithNewKeys += 1;
      firstTime += fresh.length;
      for (const key of lookup.keys) {
        if (asked.has(key)) expect(changed.has(key), `${key} looked up twice without a change`).toBe(true);
        asked.add(key);
      }
    }
    expect(firstTime).toBe(BIG);
    expect([...asked].sort()).toEqual([...keys].sort());
    expect(messagesWithNewKeys).toBeGreaterThanOrEqual(BIG / BATCH);
  });
});

test.describe('entries added after the first load', () => {
  test.use({ settings: { pageStateAttributes: true } });

  test('are looked up at most 2,000 at once, then 100 a second', async ({ dogear }) => {
    test.setTimeout(120_000);
    const worker = await serviceWorker(dogear.context);
    await recordLookups(worker);
    const page = await dogear.open(PAGES.arxivNew);
    const ids = range(3000, 40_000);
    const { lookups: atLoad } = await recordedLookups(worker);

    // Page world: note when each injected entry gets its state, then inject 3,000 made-up entries at once.
    await page.evaluate(() => {
      const scope = window as unknown as { markedAt: Record<string, number>; injectedAt: number };
      scope.markedAt = {};
      new MutationObserver((records) => {
        const now = performance.now();
        for (const record of records) {
          const key = (record.target as Element).getAttribute('data-dogear-id') ?? '';
          if (key.startsWith('arxiv:2611.') && (record.target as Element).localName === 'dt')
            scope.markedAt[key] ??= now;
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-dogear-state'] });
      scope.injectedAt = performance.now();
    });
    await page.evaluate(injectEntries, { kind: 'arxiv' as const, ids });

    // The lookups of the injected entries, as the background received them: 2,000 keys at once, then the rest as the
    // budget refills. (Other lookups after the load refresh rows the reader dwelt on, once the library recorded them.)
    const injectedLookups = async (): Promise<{ at: number; keys: string[] }[]> =>
      (await recordedLookups(worker)).lookups
        .slice(atLoad.length)
        .map((lookup) => ({ at: lookup.at, keys: lookup.keys.filter((key) => key.startsWith('arxiv:2611.')) }))
        .filter((lookup) => lookup.keys.length > 0);
    await expect
      .poll(async () => (await injectedLookups()).reduce((sum, lookup) => sum + lookup.keys.length, 0), {
        timeout: 60_000,
      })
      .toBe(3000);
    const after = await injectedLookups();
    expect(new Set(after.flatMap((lookup) => lookup.keys)).size).toBe(3000);
    const start = after[0]!.at;
    let sent = 0;
    for (const lookup of after) {
      expect(lookup.keys.length).toBeLessThanOrEqual(BATCH);
      sent += lookup.keys.length;
      const budget = BURST + (PER_SECOND * (lookup.at - start)) / 1000;
      // Slack: one second's refill, for the time messages take to reach the background.
      expect(sent, `${sent} keys looked up ${lookup.at - start} ms after the first`).toBeLessThanOrEqual(
        budget + PER_SECOND,
      );
    }
    expect(after[0]!.keys.length).toBeGreaterThanOrEqual(BURST - PER_SECOND); // the burst, at once
    expect(after.at(-1)!.at - start).toBeGreaterThanOrEqual(8_000);

    const marked = (): Promise<number> =>
      page.evaluate(() => Object.keys((window as unknown as { markedAt: object }).markedAt).length);
    await expect.poll(marked, { timeout: 10_000 }).toBe(3000);

    // And on the page: an entry gets its state once Dogear knows it, so never more entries marked than the budget has
    // looked up, the burst at once, the last ones no sooner than ~10 s later. (The injected entries sit far below the
    // window, so none is read by the reader meanwhile: a state written before the lookup can only be a guess, "new".)
    const times = await page.evaluate(() => {
      const scope = window as unknown as { markedAt: Record<string, number>; injectedAt: number };
      return Object.values(scope.markedAt)
        .map((at) => at - scope.injectedAt)
        .sort((a, b) => a - b);
    });
    expect(times[BURST - 1]!).toBeLessThan(10_000); // the burst is at once
    times.forEach((ms, index) => {
      expect(index + 1, `${index + 1} entries marked ${Math.round(ms)} ms after the injection`).toBeLessThanOrEqual(
        BURST + (PER_SECOND * ms) / 1000 + PER_SECOND,
      );
    });
    expect(times.at(-1)!).toBeGreaterThanOrEqual(8_000);
  });
});
