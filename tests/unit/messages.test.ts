import { describe, expect, it, vi } from 'vitest';
import {
  describeError,
  dispatch,
  isExtensionPage,
  MAX_LOOKUP_KEYS,
  openPaperUrl,
  PRIVILEGED,
  SOURCED,
  sendRequest,
  sourceFromSender,
  type Handlers,
  type Origin,
  type RequestType,
} from '../../lib/messages.ts';
import type { PaperState } from '../../lib/paper/state.ts';

const ID = 'dogear-extension-id';
const SELF = { id: ID, host: ID };
const TAB = { id: 4, index: 2, windowId: 1, url: 'https://arxiv.org/list/cs/new' };
const fromTab = { id: ID, tab: TAB, url: 'https://arxiv.org/list/cs/new' };
const fromPopup = { id: ID, url: `chrome-extension://${ID}/popup.html` };
/** The note editor runs in a frame on the listing, so its sender has `tab` set, yet it is our own page. */
const fromNoteFrame = { id: ID, tab: TAB, url: `chrome-extension://${ID}/note.html#k=arxiv%3A2401.12345` };
const paper = { key: 'arxiv:2401.12345', title: 'A title', authors: ['A. Author'], subjects: ['cs.LG'] };
/** What dispatch derives from fromTab. */
const ORIGIN: Origin = { source: { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs/new' }, tab: TAB };
const MARK = 'c0ffee00-1234-4abc-8def-0123456789ab';
const SEEN: PaperState = { saved: false, seen: true, opened: false, noted: false };

/** Handlers that answer SEEN for the key(s) of the request. */
function handlers() {
  const answer = (...keys: string[]) => Object.fromEntries(keys.map((key) => [key, SEEN]));
  return {
    lookup: vi.fn(async ({ keys }: { keys: string[] }) => answer(...keys)),
    save: vi.fn(async ({ paper }: { paper: { key: string } }, _origin: Origin) => answer(paper.key)),
    saveMany: vi.fn(async ({ papers }: { papers: Array<{ key: string }> }, _origin: Origin) =>
      answer(...papers.map((p) => p.key)),
    ),
    unsave: vi.fn(async ({ key }: { key: string }) => answer(key)),
    markSeen: vi.fn(async ({ papers }: { papers: Array<{ key: string }> }, _origin: Origin) =>
      answer(...papers.map((p) => p.key)),
    ),
    undo: vi.fn(async () => answer(paper.key)),
    markOpened: vi.fn(async ({ paper }: { paper: { key: string } }, _origin: Origin) => answer(paper.key)),
    openPaper: vi.fn(async ({ paper }: { paper: { key: string } }, _origin: Origin) => answer(paper.key)),
    sendToZotero: vi.fn(async ({ paper }: { paper: { key: string } }, _origin: Origin) => ({
      states: answer(paper.key),
      zotero: { ok: true, message: 'Sent to Zotero (My Library)' },
    })),
    getNote: vi.fn(async ({ key }: { key: string }) => ({ key, title: 'A title', note: 'secret', tags: ['x'] })),
    setNote: vi.fn(async ({ key }: { key: string }) => answer(key)),
    setTags: vi.fn(async ({ key }: { key: string }) => answer(key)),
  } satisfies Handlers;
}

function expectNoHandlerCalled(h: ReturnType<typeof handlers>): void {
  for (const [type, handler] of Object.entries(h)) expect(handler, type).not.toHaveBeenCalled();
}

/** One valid request of every type. */
const VALID: { [T in RequestType]: { type: T } & Record<string, unknown> } = {
  lookup: { type: 'lookup', keys: ['arxiv:2401.12345', 'doi:10.1101/x'] },
  save: { type: 'save', paper },
  saveMany: { type: 'saveMany', papers: [paper, { ...paper, key: 'arxiv:2401.12346' }], markId: MARK },
  unsave: { type: 'unsave', key: paper.key },
  markSeen: { type: 'markSeen', papers: [paper], markId: MARK },
  undo: { type: 'undo', markId: MARK },
  markOpened: { type: 'markOpened', paper: { ...paper, version: 2 } },
  openPaper: { type: 'openPaper', paper: { ...paper, version: 2 } },
  sendToZotero: { type: 'sendToZotero', paper },
  getNote: { type: 'getNote', key: paper.key },
  setNote: { type: 'setNote', key: paper.key, note: '# Notes\n\n**Idea**: try $\\alpha$.' },
  setTags: { type: 'setTags', key: paper.key, tags: ['GNN', 'to read'] },
};
const CONTENT_SCRIPT_TYPES = (Object.keys(VALID) as RequestType[]).filter((type) => !PRIVILEGED.has(type));
const SOURCED_TYPES = [...SOURCED];

describe('dispatch', () => {
  it('marks exactly getNote, setNote and setTags as privileged', () => {
    expect([...PRIVILEGED].sort()).toEqual(['getNote', 'setNote', 'setTags']);
  });

  it('gives the note editor frame the note, and a content script nothing', async () => {
    const h = handlers();
    expect(await dispatch(VALID.getNote, fromNoteFrame, SELF, h)).toEqual({
      ok: true,
      states: {},
      note: { key: paper.key, title: 'A title', note: 'secret', tags: ['x'] },
    });
    const refused = await dispatch(VALID.getNote, fromTab, SELF, handlers());
    expect(refused).toEqual({ ok: false, error: "getNote is only accepted from Dogear's own pages" });
  });

  it("accepts Firefox's per-install page host, which differs from runtime.id", async () => {
    const firefox = { id: '{dogear@example}', host: '7f3c2d1e-aaaa-4bbb-8ccc-123456789abc' };
    const sender = { id: firefox.id, url: `moz-extension://${firefox.host}/note.html` };
    expect((await dispatch(VALID.setNote, sender, firefox, handlers())).ok).toBe(true);
    expect(
      (await dispatch(VALID.setNote, { ...sender, url: 'moz-extension://other-uuid/note.html' }, firefox, handlers()))
        .ok,
    ).toBe(false);
  });

  it.each(SOURCED_TYPES)(
    'takes the source of %s from the digest page, and refuses one from anywhere else',
    async (type) => {
      const from = { site: 'arxiv-email', url: 'https://arxiv.org/list/cs/new' };
      const fromDigest = { id: ID, url: `chrome-extension://${ID}/digest.html` };
      const h = handlers();
      expect((await dispatch({ ...VALID[type], from }, fromDigest, SELF, h)).ok).toBe(true);
      expect(h[type]).toHaveBeenCalledWith(VALID[type], { source: from });
      const refusals = [
        // A content script may not name a source, not even a listing's own.
        [{ ...VALID[type], from }, fromTab, "only Dogear's digest page may name where papers were met"],
        // The popup is our own page, but not the digest page.
        [{ ...VALID[type], from }, fromPopup, "only Dogear's digest page may name where papers were met"],
        [VALID[type], fromDigest, 'the digest page must say which digest'],
        [{ ...VALID[type], from: { ...from, site: 'arxiv-listing' } }, fromDigest, 'not a digest source'],
        [{ ...VALID[type], from: { ...from, url: 'javascript:alert(1)' } }, fromDigest, 'invalid message'],
      ] as const;
      for (const [request, sender, reason] of refusals) {
        const refused = await dispatch(request, sender, SELF, handlers());
        expect(refused.ok, reason).toBe(false);
        expect(refused.ok ? '' : refused.error).toContain(reason);
      }
    },
  );

  it('gives exactly the requests that record where a paper was met a source', () => {
    expect(SOURCED_TYPES.sort()).toEqual(['markOpened', 'markSeen', 'openPaper', 'save', 'saveMany', 'sendToZotero']);
  });

  it.each(CONTENT_SCRIPT_TYPES)(
    'passes a valid %s from a content script to its handler and replies with the states',
    async (type) => {
      const h = handlers();
      const response = await dispatch(VALID[type], fromTab, SELF, h);
      expect(response.ok).toBe(true);
      expect(h[type]).toHaveBeenCalledTimes(1);
      if (SOURCED.has(type)) expect(h[type]).toHaveBeenCalledWith(VALID[type], ORIGIN);
      else expect(h[type]).toHaveBeenCalledWith(VALID[type]);
      const result = await h[type].mock.results[0]!.value;
      // sendToZotero answers what happened in words besides the states.
      expect(response).toEqual(type === 'sendToZotero' ? { ok: true, ...result } : { ok: true, states: result });
      for (const [other, handler] of Object.entries(h))
        if (other !== type) expect(handler, other).not.toHaveBeenCalled();
    },
  );

  it('answers a batched lookup with state flags', async () => {
    const h = handlers();
    expect(await dispatch(VALID.lookup, fromTab, SELF, h)).toEqual({
      ok: true,
      states: { 'arxiv:2401.12345': SEEN, 'doi:10.1101/x': SEEN },
    });
    expect(h.lookup).toHaveBeenCalledTimes(1);
  });

  it('accepts a markSeen without markId (a dwell sighting)', async () => {
    const h = handlers();
    expect((await dispatch({ type: 'markSeen', papers: [paper] }, fromTab, SELF, h)).ok).toBe(true);
    expect(h.markSeen).toHaveBeenCalledWith({ type: 'markSeen', papers: [paper] }, ORIGIN);
  });

  it.each(SOURCED_TYPES)('refuses a %s that names its own source', async (type) => {
    const h = handlers();
    const forged = { ...VALID[type], source: { site: 'zotero', url: 'https://evil.example/' } };
    const response = await dispatch(forged, fromTab, SELF, h);
    expect(response.ok).toBe(false);
    expect(response.ok ? '' : response.error).toContain('invalid message');
    expectNoHandlerCalled(h);
  });

  it('takes the source from the sender: the frame URL, else the tab URL, with the adapter that matches it', async () => {
    const h = handlers();
    const hfTab = { id: 7, index: 0, url: 'https://huggingface.co/papers/date/2026-09-28' };
    await dispatch(VALID.save, { id: ID, tab: hfTab, url: 'https://huggingface.co/papers/date/2026-09-28' }, SELF, h);
    await dispatch(
      VALID.save,
      { id: ID, tab: { ...TAB, url: 'https://arxiv.org/search/?query=x&searchtype=all' } },
      SELF,
      h,
    );
    expect(h.save.mock.calls.map(([, origin]) => origin)).toEqual([
      { source: { site: 'huggingface', url: 'https://huggingface.co/papers/date/2026-09-28' }, tab: hfTab },
      {
        source: { site: 'arxiv-search', url: 'https://arxiv.org/search/?query=x&searchtype=all' },
        tab: { ...TAB, url: 'https://arxiv.org/search/?query=x&searchtype=all' },
      },
    ]);
  });

  it.each([
    ['a site no adapter handles', 'https://evil.example/list/cs/new', 'is not a listing Dogear annotates'],
    [
      "a listing site's paper page (not a listing)",
      'https://arxiv.org/abs/2401.12345',
      'is not a listing Dogear annotates',
    ],
    ['a file: page', 'file:///home/user/arxiv.org/list/cs/new', 'file: pages are not listings'],
    ['an extension page (popup)', fromPopup.url, 'chrome-extension: pages are not listings'],
    ['the note editor frame (tab on a listing)', fromNoteFrame.url, 'chrome-extension: pages are not listings'],
  ])('refuses every sourced request from %s', async (_name, url, error) => {
    const h = handlers();
    for (const type of SOURCED_TYPES) {
      const response = await dispatch(VALID[type], { id: ID, tab: { ...TAB, url }, url }, SELF, h);
      expect(response).toEqual({ ok: false, error: expect.stringContaining(error) });
    }
    expectNoHandlerCalled(h);
  });

  it('refuses a sourced request from a sender without any page address', async () => {
    const h = handlers();
    expect(await dispatch(VALID.save, { id: ID, tab: { id: 4 } }, SELF, h)).toEqual({
      ok: false,
      error: 'refused: the sender has no page address',
    });
    expectNoHandlerCalled(h);
  });

  it.each(['setNote', 'setTags'] as const)('refuses %s from a content script', async (type) => {
    const h = handlers();
    const response = await dispatch(VALID[type], fromTab, SELF, h);
    expect(response).toEqual({ ok: false, error: `${type} is only accepted from Dogear's own pages` });
    expectNoHandlerCalled(h);
  });

  it.each([
    ['the note frame (tab set)', fromNoteFrame],
    ['the popup', fromPopup],
  ])('accepts setNote and setTags from %s', async (_name, sender) => {
    const h = handlers();
    expect(await dispatch(VALID.setNote, sender, SELF, h)).toEqual({ ok: true, states: { [paper.key]: SEEN } });
    expect(await dispatch(VALID.setTags, sender, SELF, h)).toEqual({ ok: true, states: { [paper.key]: SEEN } });
    expect(h.setNote).toHaveBeenCalledWith(VALID.setNote);
    expect(h.setTags).toHaveBeenCalledWith(VALID.setTags);
  });

  it.each([
    ['another extension id', { id: 'evil', url: `chrome-extension://evil/note.html` }, 'another extension'],
    [
      'our id on another extension page',
      { id: ID, url: 'chrome-extension://evil/note.html' },
      "only accepted from Dogear's own pages",
    ],
    [
      'our id claimed by a web page',
      { id: ID, tab: { id: 4 }, url: `https://arxiv.org/?chrome-extension://${ID}/` },
      "only accepted from Dogear's own pages",
    ],
    ['no url', { id: ID }, "only accepted from Dogear's own pages"],
    ['a malformed url', { id: ID, url: 'not a url' }, "only accepted from Dogear's own pages"],
    ['no id', { url: `chrome-extension://${ID}/note.html` }, 'another extension'],
  ])('refuses a privileged request from a forged sender: %s', async (_name, sender, error) => {
    const h = handlers();
    for (const type of ['setNote', 'setTags'] as const) {
      const response = await dispatch(VALID[type], sender, SELF, h);
      expect(response.ok).toBe(false);
      expect(response.ok ? '' : response.error).toContain(error);
    }
    expectNoHandlerCalled(h);
  });

  it('refuses every request from another extension', async () => {
    const h = handlers();
    for (const request of Object.values(VALID)) {
      expect(await dispatch(request, { ...fromTab, id: 'evil' }, SELF, h)).toEqual({
        ok: false,
        error: 'message from another extension refused',
      });
    }
    expectNoHandlerCalled(h);
  });

  it('trims tags before they reach the handler', async () => {
    const h = handlers();
    await dispatch({ type: 'setTags', key: paper.key, tags: ['  GNN ', 'x'] }, fromNoteFrame, SELF, h);
    expect(h.setTags).toHaveBeenCalledWith({ type: 'setTags', key: paper.key, tags: ['GNN', 'x'] });
  });

  it.each([
    ['an unknown type', { type: 'export' }, fromTab],
    ['the retired unmarkSeen', { type: 'unmarkSeen', markId: MARK }, fromTab],
    ['a versioned key', { type: 'lookup', keys: ['arxiv:2401.12345v2'] }, fromTab],
    ['too many keys', { type: 'lookup', keys: Array.from({ length: MAX_LOOKUP_KEYS + 1 }, () => paper.key) }, fromTab],
    ['an extra field', { type: 'save', paper, note: 'x' }, fromTab],
    ['an extra paper field', { type: 'save', paper: { ...paper, savedAt: 1 } }, fromTab],
    ['a stored field smuggled into markSeen', { type: 'markSeen', papers: [{ ...paper, firstSeenAt: 1 }] }, fromTab],
    ['a huge title', { type: 'save', paper: { ...paper, title: 'x'.repeat(2001) } }, fromTab],
    ['an empty saveMany', { type: 'saveMany', papers: [], markId: MARK }, fromTab],
    ['a saveMany without markId (it could not be undone)', { type: 'saveMany', papers: [paper] }, fromTab],
    [
      'too many papers to mark',
      { type: 'markSeen', papers: Array.from({ length: MAX_LOOKUP_KEYS + 1 }, () => paper) },
      fromTab,
    ],
    ['a markId with odd characters', { type: 'markSeen', papers: [paper], markId: 'mark id<script>' }, fromTab],
    ['a too-short markId', { type: 'undo', markId: 'abc' }, fromTab],
    ['undo without markId', { type: 'undo' }, fromTab],
    ['markOpened with two papers', { type: 'markOpened', papers: [paper] }, fromTab],
    ['openPaper with a URL of its own', { type: 'openPaper', paper, url: 'https://evil.example/' }, fromTab],
    ['an over-long note', { type: 'setNote', key: paper.key, note: 'x'.repeat(100_001) }, fromNoteFrame],
    ['a note that is not a string', { type: 'setNote', key: paper.key, note: 42 }, fromNoteFrame],
    ['a blank tag', { type: 'setTags', key: paper.key, tags: ['ok', '   '] }, fromNoteFrame],
    ['an over-long tag', { type: 'setTags', key: paper.key, tags: ['x'.repeat(101)] }, fromNoteFrame],
    [
      'too many tags',
      { type: 'setTags', key: paper.key, tags: Array.from({ length: 201 }, (_, i) => `t${i}`) },
      fromNoteFrame,
    ],
    ['setNote on a non-key', { type: 'setNote', key: 'https://arxiv.org/abs/2401.12345', note: 'x' }, fromNoteFrame],
    ['not an object', 'lookup', fromTab],
  ])('refuses %s as an invalid message', async (_name, raw, sender) => {
    const h = handlers();
    const response = await dispatch(raw, sender, SELF, h);
    expect(response.ok).toBe(false);
    expect(response.ok ? '' : response.error).toContain('invalid message');
    expectNoHandlerCalled(h);
  });

  it('accepts a note of exactly the maximum length', async () => {
    const h = handlers();
    expect(
      (await dispatch({ type: 'setNote', key: paper.key, note: 'x'.repeat(100_000) }, fromNoteFrame, SELF, h)).ok,
    ).toBe(true);
  });

  it('reports a storage failure without throwing', async () => {
    const h = handlers();
    h.save.mockImplementation(async () => {
      throw Object.assign(new Error('AbortError'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } });
    });
    expect(await dispatch(VALID.save, fromTab, SELF, h)).toEqual({
      ok: false,
      error: 'The browser refused to store more data (storage quota exceeded). Nothing was changed.',
    });
  });

  it("reports the repository's errors, such as a note on an unknown paper", async () => {
    const h = handlers();
    h.setNote.mockImplementation(async () => {
      throw new Error(`Unknown paper: ${paper.key}`);
    });
    expect(await dispatch(VALID.setNote, fromNoteFrame, SELF, h)).toEqual({
      ok: false,
      error: `Unknown paper: ${paper.key}`,
    });
  });
});

describe('sourceFromSender', () => {
  it('keeps the whole address when it fits 2,000 characters, else origin and path only', async () => {
    const long = `https://arxiv.org/list/cs/new?${'q=x&'.repeat(600)}`;
    await expect(sourceFromSender({ url: long })).resolves.toEqual({
      site: 'arxiv-listing',
      url: 'https://arxiv.org/list/cs/new',
    });
    const fits = `https://arxiv.org/search/?query=${'x'.repeat(1950)}&searchtype=all`;
    await expect(sourceFromSender({ url: fits })).resolves.toEqual({ site: 'arxiv-search', url: fits });
  });

  it('prefers the frame URL to the tab URL', async () => {
    await expect(
      sourceFromSender({ url: 'https://evil.example/', tab: { url: 'https://arxiv.org/list/cs/new' } }),
    ).rejects.toThrow('refused: https://evil.example/ is not a listing Dogear annotates');
  });

  it('takes a page no adapter knows as generic only when generic mode is on for it, asked with the tab', async () => {
    const asked: Array<[string, number | undefined]> = [];
    const allowed = (url: URL, tabId: number | undefined) => {
      asked.push([url.href, tabId]);
      return Promise.resolve(url.hostname === 'lab.example');
    };
    await expect(sourceFromSender({ url: 'https://lab.example/reading', tab: { id: 7 } }, allowed)).resolves.toEqual({
      site: 'generic',
      url: 'https://lab.example/reading',
    });
    await expect(sourceFromSender({ url: 'https://other.example/' }, allowed)).rejects.toThrow('is not a listing');
    await expect(sourceFromSender({ url: 'https://lab.example/reading' })).rejects.toThrow('is not a listing');
    // A known listing never asks.
    await sourceFromSender({ url: 'https://arxiv.org/list/cs/new' }, allowed);
    expect(asked).toEqual([
      ['https://lab.example/reading', 7],
      ['https://other.example/', undefined],
    ]);
  });
});

describe('openPaperUrl', () => {
  it('opens on the site of the listing: Hugging Face for new-style ids, else arXiv, DOI keys on the resolver', () => {
    expect(openPaperUrl('arxiv:2606.28322', 'huggingface')).toBe('https://huggingface.co/papers/2606.28322');
    expect(openPaperUrl('arxiv:hep-th/9711200', 'huggingface')).toBe('https://arxiv.org/abs/hep-th/9711200');
    expect(openPaperUrl('arxiv:2606.28322', 'arxiv-listing')).toBe('https://arxiv.org/abs/2606.28322');
    expect(openPaperUrl('arxiv:2606.28322', 'arxiv-search')).toBe('https://arxiv.org/abs/2606.28322');
    expect(openPaperUrl('doi:10.1101/2024.01.01.123456', 'huggingface')).toBe(
      'https://doi.org/10.1101/2024.01.01.123456',
    );
  });
});

describe('isExtensionPage', () => {
  it('is true only for our own extension origin', () => {
    expect(isExtensionPage(fromNoteFrame, SELF)).toBe(true);
    expect(isExtensionPage(fromTab, SELF)).toBe(false);
    expect(isExtensionPage({ id: ID, url: `chrome-extension://${ID}.evil.example/note.html` }, SELF)).toBe(false);
    expect(isExtensionPage({ id: 'evil', url: `chrome-extension://${ID}/note.html` }, SELF)).toBe(false);
  });
});

describe('describeError', () => {
  it('names a direct QuotaExceededError', () => {
    expect(describeError(Object.assign(new Error('q'), { name: 'QuotaExceededError' }))).toContain('quota exceeded');
  });
});

describe('sendRequest', () => {
  const lookup = { type: 'lookup' as const, keys: ['arxiv:2401.12345'] };

  it('passes the answer through', async () => {
    const answer = { ok: true, states: {} };
    expect(await sendRequest(async () => answer, lookup)).toBe(answer);
  });

  it.each([
    ['no answer', async () => undefined, 'Dogear did not answer.'],
    [
      'an invalidated context',
      async () => Promise.reject(new Error('Extension context invalidated.')),
      'Extension context invalidated.',
    ],
  ])('turns %s into an error reply instead of rejecting', async (_name, transport, error) => {
    expect(await sendRequest(transport, lookup)).toEqual({ ok: false, error });
  });
});
