/**
 * lib/app/settings.ts against WXT's fakeBrowser: the stored objects are read through the pure schemas (damaged values
 * fall back to defaults), updates from one context are serialized, and watchers see changes.
 */
import { fakeBrowser } from './fake-chrome.ts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  loadBackupSettings,
  loadSettings,
  updateBackupSettings,
  updateSettings,
  watchSettings,
} from '../../../lib/app/settings.ts';

beforeEach(() => fakeBrowser.reset());

describe('settings item', () => {
  it('reads defaults when nothing is stored, and repairs a damaged value field by field', async () => {
    expect(await loadSettings()).toMatchObject({ keyboard: true, seenThreshold: 0.5, viewMode: {} });
    await fakeBrowser.storage.local.set({
      settings: { keyboard: false, seenThreshold: 7, viewMode: { arxiv: 'bogus' } },
    });
    expect(await loadSettings()).toMatchObject({ keyboard: false, seenThreshold: 0.5, viewMode: { arxiv: 'all' } });
  });

  it('serializes updates made at once in one context: none is lost', async () => {
    await Promise.all([
      updateSettings((s) => ({ ...s, viewMode: { ...s.viewMode, arxiv: 'hide-seen' } })),
      updateSettings((s) => ({ ...s, barCollapsed: { ...s.barCollapsed, arxiv: true } })),
      updateSettings((s) => ({ ...s, keyboard: false })),
    ]);
    const stored = (await fakeBrowser.storage.local.get('settings')).settings;
    expect(stored).toMatchObject({ viewMode: { arxiv: 'hide-seen' }, barCollapsed: { arxiv: true }, keyboard: false });
  });

  it('watchers get the parsed settings', async () => {
    const seen = vi.fn();
    const unwatch = watchSettings(seen);
    await updateSettings((s) => ({ ...s, seenDwellMs: 2000 }));
    await vi.waitFor(() =>
      expect(seen).toHaveBeenCalledWith(expect.objectContaining({ seenDwellMs: 2000, keyboard: true })),
    );
    unwatch();
    await updateSettings((s) => ({ ...s, seenDwellMs: 3000 }));
    expect(seen).toHaveBeenCalledTimes(1); // unwatched
  });

  it('keeps the backup settings apart, with their own defaults', async () => {
    expect(await loadBackupSettings()).toMatchObject({ enabled: false, everyN: 25 });
    await updateBackupSettings((s) => ({ ...s, everyN: 10 }));
    expect((await fakeBrowser.storage.local.get('backup')).backup).toMatchObject({ everyN: 10 });
    expect(await loadSettings()).toMatchObject({ keyboard: true });
  });
});
