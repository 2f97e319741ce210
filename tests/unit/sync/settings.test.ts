/**
 * lib/sync/settings.ts: the stored object's defaults and repairs, the address rules (https, or http on this computer
 * only), the host permission an address needs, the words of every failure, what a run leaves in the settings, and the
 * popup's line.
 */
import { describe, expect, it } from 'vitest';
import {
  checkSyncUrl,
  failingNow,
  forgetServer,
  parseSyncSettings,
  recordRun,
  SETUP_ERROR_WORDS,
  SYNC_ERROR_KINDS,
  SYNC_ERROR_WORDS,
  syncOrigin,
  syncSummary,
  timeAgo,
  type SyncSettings,
} from '../../../lib/sync/settings.ts';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);
const ON: SyncSettings = {
  ...parseSyncSettings({}),
  enabled: true,
  url: 'https://dav.example.org/files/me/',
  user: 'me',
  password: 'app-pass',
};
const OK_RUN = { ok: true as const, pushed: 2, pulled: 3, changed: 1, skipped: [], warnings: [] };

describe('parseSyncSettings', () => {
  it('defaults: off, WebDAV, no server, no history', () => {
    expect(parseSyncSettings(undefined)).toEqual({ enabled: false, kind: 'webdav', url: '', user: '', password: '' });
    expect(parseSyncSettings(null)).toEqual(parseSyncSettings({}));
  });

  it('keeps a valid object whole', () => {
    const stored: SyncSettings = {
      ...ON,
      kind: 'nextcloud',
      passphrase: 'correct horse',
      lastRun: { at: T, ok: true, pushed: 1, pulled: 2, changed: 3, skipped: ['a: bad hash'], warnings: ['w'] },
      lastError: { at: T + 1, kind: 'needs-confirmation', message: 'm' },
      confirmation: { deletions: 40, library: 100 },
    };
    expect(parseSyncSettings(structuredClone(stored))).toEqual(stored);
  });

  it('replaces damaged fields one by one, keeping the rest', () => {
    const parsed = parseSyncSettings({
      ...ON,
      kind: 'dropbox',
      user: 42,
      passphrase: '',
      lastRun: { at: 'yesterday' },
      lastError: { at: T, kind: 'gremlins', message: 'x' },
      confirmation: { deletions: -1, library: 3 },
    });
    expect(parsed).toEqual({ ...ON, kind: 'webdav', user: '' });
  });

  it('a damaged skipped or warnings list empties that list only', () => {
    const parsed = parseSyncSettings({
      ...ON,
      lastRun: { at: T, ok: true, pushed: 0, pulled: 0, changed: 0, skipped: 'nope', warnings: [1, 2] },
    });
    expect(parsed.lastRun).toEqual({ at: T, ok: true, pushed: 0, pulled: 0, changed: 0, skipped: [], warnings: [] });
  });

  it('turns sync off when the stored address is not one a password may go to', () => {
    expect(parseSyncSettings({ ...ON, url: 'http://dav.example.org/' }).enabled).toBe(false);
    expect(parseSyncSettings({ ...ON, url: 'javascript:alert(1)' }).enabled).toBe(false);
    expect(parseSyncSettings({ ...ON, url: 'http://127.0.0.1:8080/dav/' }).enabled).toBe(true);
  });

  it('forgetServer drops the address, the credentials, the passphrase and the history', () => {
    const forgotten = forgetServer({ ...ON, kind: 'nextcloud', passphrase: 'p', lastRun: { ...OK_RUN, at: T } });
    expect(forgotten).toEqual({ enabled: false, kind: 'nextcloud', url: '', user: '', password: '' });
  });
});

describe('checkSyncUrl', () => {
  it('accepts https anywhere and normalizes a folder to end in one slash', () => {
    expect(checkSyncUrl('https://Cloud.Example.org/remote.php/dav/files/me')).toEqual({
      ok: true,
      url: 'https://cloud.example.org/remote.php/dav/files/me/',
    });
    expect(checkSyncUrl('  https://dav.example.org//  ')).toEqual({ ok: true, url: 'https://dav.example.org/' });
    expect(checkSyncUrl('https://dav.example.org:8443/x/')).toEqual({
      ok: true,
      url: 'https://dav.example.org:8443/x/',
    });
  });

  it('takes an address without a scheme as https', () => {
    expect(checkSyncUrl('cloud.example.org', false)).toEqual({ ok: true, url: 'https://cloud.example.org' });
  });

  it('a server address (Nextcloud) has no trailing slash', () => {
    expect(checkSyncUrl('https://cloud.example.org/nc/', false)).toEqual({
      ok: true,
      url: 'https://cloud.example.org/nc',
    });
  });

  it('accepts plain http only on this computer', () => {
    for (const url of ['http://localhost:8080/dav/', 'http://127.0.0.1/dav/', 'http://[::1]:9000/']) {
      expect(checkSyncUrl(url).ok, url).toBe(true);
    }
    for (const url of [
      'http://dav.example.org/',
      'http://192.168.1.10/dav/',
      'http://127.0.0.2/',
      'http://localhost.evil.org/',
    ]) {
      const checked = checkSyncUrl(url);
      expect(checked.ok, url).toBe(false);
      if (!checked.ok) expect(checked.reason).toMatch(/unencrypted/);
    }
  });

  it('refuses other schemes, credentials in the address, queries, fragments and nonsense', () => {
    const reasons = [
      'ftp://dav.example.org/',
      'https://me:pw@dav.example.org/',
      'https://dav.example.org/?a=1',
      'https://dav.example.org/#x',
      'https://',
      '',
    ].map((url) => checkSyncUrl(url));
    expect(reasons.every((checked) => !checked.ok)).toBe(true);
    expect(reasons.map((checked) => (checked.ok ? '' : checked.reason))).toEqual([
      expect.stringMatching(/https:\/\//),
      expect.stringMatching(/own fields/),
      expect.stringMatching(/“\?” or “#”/),
      expect.stringMatching(/“\?” or “#”/),
      expect.stringMatching(/not a web address/),
      expect.stringMatching(/Enter/),
    ]);
  });
});

describe('syncOrigin', () => {
  it('is the match pattern of the host, without port or path', () => {
    expect(syncOrigin('https://cloud.example.org/remote.php/dav/files/me/')).toBe('https://cloud.example.org/*');
    expect(syncOrigin('https://cloud.example.org:8443/dav/')).toBe('https://cloud.example.org/*');
    expect(syncOrigin('http://127.0.0.1:8080/dav/')).toBe('http://127.0.0.1/*');
    expect(syncOrigin('http://[::1]:8080/')).toBe('http://[::1]/*');
  });

  it('throws for an address that may not be used', () => {
    expect(() => syncOrigin('http://dav.example.org/')).toThrow(/https/);
  });
});

describe('words', () => {
  it('every failure a run can end with has a sentence of its own', () => {
    expect(Object.keys(SYNC_ERROR_WORDS).sort()).toEqual([...SYNC_ERROR_KINDS].sort());
    const sentences = Object.values(SYNC_ERROR_WORDS);
    expect(new Set(sentences).size).toBe(sentences.length);
    for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z].*\.$/);
  });

  it('names the fix for the failures the user must act on', () => {
    expect(SYNC_ERROR_WORDS.auth).toMatch(/^The server refused the user name or app password\. /);
    expect(SYNC_ERROR_WORDS['remote-missing']).toMatch(
      /^The Dogear folder on the server is missing\. Nothing was changed here; /,
    );
    expect(SYNC_ERROR_WORDS['wrong-passphrase']).toMatch(/passphrase/);
    expect(SETUP_ERROR_WORDS.auth).toMatch(/app password/);
  });
});

describe('recordRun', () => {
  it('a success replaces the last run and clears the error and the question', () => {
    const before: SyncSettings = {
      ...ON,
      lastError: { at: T - 10, kind: 'needs-confirmation', message: 'm' },
      confirmation: { deletions: 30, library: 100 },
    };
    const after = recordRun(before, { ...OK_RUN, warnings: ['no compaction'] }, T);
    expect(after).toEqual({ ...ON, lastRun: { ...OK_RUN, at: T, warnings: ['no compaction'] } });
  });

  it('a failure keeps the last success and records the error; the failsafe records its question', () => {
    const before: SyncSettings = { ...ON, lastRun: { ...OK_RUN, at: T - 60_000 } };
    const failed = recordRun(before, { ok: false, error: 'auth', message: 'PROPFIND: 401' }, T);
    expect(failed.lastRun).toEqual(before.lastRun);
    expect(failed.lastError).toEqual({ at: T, kind: 'auth', message: 'PROPFIND: 401' });
    expect(failed.confirmation).toBeUndefined();
    expect(failingNow(failed)).toBe(true);

    const asked = recordRun(
      failed,
      { ok: false, error: 'needs-confirmation', message: 'm', confirmation: { deletions: 30, library: 100 } },
      T + 1,
    );
    expect(asked.confirmation).toEqual({ deletions: 30, library: 100 });
    expect(asked.lastError?.kind).toBe('needs-confirmation');
  });

  it('a busy run, or any run once sync was turned off, changes nothing', () => {
    expect(recordRun(ON, { ok: false, error: 'busy', message: 'b' }, T)).toBe(ON);
    const off = { ...ON, enabled: false };
    expect(recordRun(off, OK_RUN, T)).toBe(off);
  });

  it('keeps what it stores within the schema’s limits, so a huge report never damages the settings', () => {
    const skipped = Array.from({ length: 1500 }, (_, i) => `file-${i}: ${'x'.repeat(3000)}`);
    const after = recordRun(ON, { ...OK_RUN, skipped }, T);
    expect(after.lastRun?.skipped).toHaveLength(1000);
    expect(parseSyncSettings(after)).toEqual(after);
  });
});

describe('the popup line', () => {
  it('says nothing while sync is off', () => {
    expect(syncSummary({ ...ON, enabled: false }, { pending: 3, conflicts: 0 }, T)).toBeUndefined();
  });

  it('puts the failsafe first, then an error, conflicts, waiting changes, the last sync', () => {
    const synced = { ...ON, lastRun: { ...OK_RUN, at: T - 3 * 60_000 } };
    expect(syncSummary(synced, { pending: 0, conflicts: 0 }, T)).toEqual({ text: 'Synced 3 min ago', problem: false });
    expect(syncSummary(synced, { pending: 2, conflicts: 0 }, T)).toEqual({ text: '2 changes waiting', problem: false });
    expect(syncSummary(synced, { pending: 1, conflicts: 0 }, T)?.text).toBe('1 change waiting');
    expect(syncSummary(synced, { pending: 2, conflicts: 1 }, T)).toEqual({
      text: '1 note conflict to resolve — see settings',
      problem: true,
    });
    const failing = { ...synced, lastError: { at: T, kind: 'unreachable' as const, message: '' } };
    expect(syncSummary(failing, { pending: 2, conflicts: 1 }, T)).toEqual({
      text: 'Sync error — see settings',
      problem: true,
    });
    // An old error, followed by a success, is over.
    expect(
      syncSummary({ ...failing, lastError: { ...failing.lastError, at: T - 3_600_000 } }, undefined, T)?.text,
    ).toBe('Synced 3 min ago');
    const asking = { ...failing, confirmation: { deletions: 9, library: 10 } };
    expect(syncSummary(asking, undefined, T)?.text).toBe('Sync waits for your answer — see settings');
    expect(syncSummary(ON, undefined, T)).toEqual({ text: 'Not synced yet', problem: false });
  });

  it('says how long ago in words', () => {
    expect(timeAgo(T - 10_000, T)).toBe('just now');
    expect(timeAgo(T + 5_000, T)).toBe('just now'); // a clock that moved back
    expect(timeAgo(T - 2 * 60_000, T)).toBe('2 min ago');
    expect(timeAgo(T - 5 * 3_600_000, T)).toBe('5 h ago');
    expect(timeAgo(T - 30 * 3_600_000, T)).toBe('yesterday');
    expect(timeAgo(T - 4 * 86_400_000, T)).toBe('4 days ago');
  });
});
