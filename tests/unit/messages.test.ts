import { describe, expect, it, vi } from 'vitest';
import { describeError, dispatch, MAX_LOOKUP_KEYS, type Handlers } from '../../lib/messages.ts';

const ID = 'dogear-extension-id';
const fromTab = { id: ID, tab: { id: 4 }, url: 'https://arxiv.org/list/cs/new' };
const fromPopup = { id: ID, url: `chrome-extension://${ID}/popup.html` };
const paper = { key: 'arxiv:2401.12345', title: 'A title', authors: ['A. Author'], subjects: ['cs.LG'] };
const source = { site: 'arxiv-listing', url: 'https://arxiv.org/list/cs/new' };

function handlers(): Handlers {
  return {
    lookup: vi.fn(async (keys: string[]) => Object.fromEntries(keys.map((key) => [key, { saved: true }]))),
    save: vi.fn(async () => ({ saved: true })),
    unsave: vi.fn(async () => ({ saved: false })),
  };
}

describe('dispatch', () => {
  it('answers a batched lookup with state flags', async () => {
    const h = handlers();
    const response = await dispatch({ type: 'lookup', keys: ['arxiv:2401.12345', 'doi:10.1101/x'] }, fromTab, ID, h);
    expect(response).toEqual({ ok: true, states: { 'arxiv:2401.12345': { saved: true }, 'doi:10.1101/x': { saved: true } } });
    expect(h.lookup).toHaveBeenCalledTimes(1);
  });

  it('saves and unsaves for content scripts and extension pages', async () => {
    const h = handlers();
    expect(await dispatch({ type: 'save', paper, source }, fromTab, ID, h)).toEqual({ ok: true, states: { [paper.key]: { saved: true } } });
    expect(await dispatch({ type: 'unsave', key: paper.key }, fromPopup, ID, h)).toEqual({ ok: true, states: { [paper.key]: { saved: false } } });
  });

  it.each([
    ['another extension', { type: 'lookup', keys: [] }, { id: 'evil' }, 'another extension'],
    ['an unknown type', { type: 'export' }, fromTab, 'invalid message'],
    ['a versioned key', { type: 'lookup', keys: ['arxiv:2401.12345v2'] }, fromTab, 'canonical paper key'],
    ['too many keys', { type: 'lookup', keys: Array.from({ length: MAX_LOOKUP_KEYS + 1 }, () => 'arxiv:2401.12345') }, fromTab, 'invalid message'],
    ['an extra field', { type: 'save', paper, source, note: 'x' }, fromTab, 'invalid message'],
    ['an extra paper field', { type: 'save', paper: { ...paper, savedAt: 1 }, source }, fromTab, 'invalid message'],
    ['a huge title', { type: 'save', paper: { ...paper, title: 'x'.repeat(2001) }, source }, fromTab, 'invalid message'],
    ['a javascript: source', { type: 'save', paper, source: { ...source, url: 'javascript:alert(1)' } }, fromTab, 'invalid message'],
    ['not an object', 'lookup', fromTab, 'invalid message'],
  ])('refuses %s', async (_name, raw, sender, error) => {
    const h = handlers();
    const response = await dispatch(raw, sender, ID, h);
    expect(response.ok).toBe(false);
    expect(response.ok ? '' : response.error).toContain(error);
    expect(h.lookup).not.toHaveBeenCalled();
    expect(h.save).not.toHaveBeenCalled();
  });

  it('reports a storage failure without throwing', async () => {
    const h = handlers();
    h.save = async () => {
      throw Object.assign(new Error('AbortError'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } });
    };
    expect(await dispatch({ type: 'save', paper, source }, fromTab, ID, h)).toEqual({
      ok: false,
      error: 'The browser refused to store more data (storage quota exceeded). Nothing was changed.',
    });
  });
});

describe('describeError', () => {
  it('names a direct QuotaExceededError', () => {
    expect(describeError(Object.assign(new Error('q'), { name: 'QuotaExceededError' }))).toContain('quota exceeded');
  });
});
