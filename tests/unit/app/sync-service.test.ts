/**
 * Sync's browser side (lib/app/sync/service.ts, schedule.ts) against WXT's fakeBrowser and fake-indexeddb. The engine
 * and the WebDAV client are stand-ins here (they have their own tests against a real server, tests/unit/sync/); what is
 * checked is the wiring: the permission asked first and given back, the probe, what is stored where, the lock, the
 * outcome kept in the settings, the failsafe's answer passed on, the alarms, and the Nextcloud login's polling.
 *
 * Not here: the permission prompt itself and the real `navigator.locks` (the E2E drives those in Chromium).
 */
import { fakeBrowser } from './fake-chrome.ts';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppDB } from '../../../lib/db/app-db.ts';
import { loadSyncState, makeLocalBackup } from '../../../lib/db/sync-repo.ts';
import { SETUP_ERROR_WORDS, SYNC_WARNING_WORDS, type SyncSettings } from '../../../lib/sync/settings.ts';
import { DavError } from '../../../lib/sync/webdav.ts';
import { makeCandidate } from '../../support/papers.ts';

const mocks = vi.hoisted(() => ({
  syncOnce: vi.fn(),
  probe: vi.fn(),
  createWebDav: vi.fn(),
  startLogin: vi.fn(),
  pollLogin: vi.fn(),
}));
vi.mock('../../../lib/app/sync/engine.ts', () => ({ syncOnce: mocks.syncOnce }));
vi.mock('../../../lib/sync/webdav.ts', async (original) => ({
  ...(await original<typeof import('../../../lib/sync/webdav.ts')>()),
  createWebDav: mocks.createWebDav,
}));
vi.mock('../../../lib/sync/nextcloud.ts', async (original) => ({
  ...(await original<typeof import('../../../lib/sync/nextcloud.ts')>()),
  startLogin: mocks.startLogin,
  pollLogin: mocks.pollLogin,
}));

const { localBackupFile, localBackups, runSync, setUpSync, startNextcloudLogin, turnOffSync } =
  await import('../../../lib/app/sync/service.ts');
const { ensureSchedule, SYNC_ALARM, SYNC_SOON_ALARM, SYNC_SOON_MS, syncSoon } =
  await import('../../../lib/app/sync/schedule.ts');

const FOLDER = 'https://dav.example.org/files/me/';
const OK = { ok: true, pushed: 1, pulled: 2, changed: 3, changedKeys: [], conflicts: 0, skipped: [], warnings: [] };
const INPUT = { kind: 'webdav' as const, url: FOLDER, user: 'me', password: 'app-pass' };

let db: AppDB;
let request: ReturnType<typeof vi.fn>;
let contains: ReturnType<typeof vi.fn>;
let remove: ReturnType<typeof vi.fn>;

const stored = async (): Promise<SyncSettings | undefined> =>
  (await fakeBrowser.storage.local.get('sync')).sync as SyncSettings | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  db = new AppDB(`dogear-sync-service-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  // fakeBrowser has no permissions API: stand-ins that grant, and remember what was asked.
  request = vi.fn().mockResolvedValue(true);
  contains = vi.fn().mockResolvedValue(true);
  remove = vi.fn().mockResolvedValue(true);
  Object.assign(fakeBrowser.permissions, { request, contains, remove });
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ host_permissions: ['https://arxiv.org/*'] } as never);
  mocks.probe.mockReset().mockResolvedValue({ conditional: true });
  mocks.createWebDav.mockReset().mockImplementation(() => ({ probe: mocks.probe }));
  mocks.syncOnce.mockReset().mockResolvedValue(OK);
  mocks.startLogin.mockReset();
  mocks.pollLogin.mockReset();
});
afterEach(() => {
  vi.unstubAllGlobals();
  db.close();
});

describe('setUpSync', () => {
  it('asks for the server’s origin first, probes, stores the settings in storage.local, schedules and runs', async () => {
    const result = await setUpSync({ ...INPUT, passphrase: 'correct horse' }, db);
    expect(result).toEqual({ ok: true, outcome: OK, warnings: [] });
    expect(request).toHaveBeenCalledWith({ origins: ['https://dav.example.org/*'] });
    expect(request.mock.invocationCallOrder[0]).toBeLessThan(mocks.createWebDav.mock.invocationCallOrder[0]!);
    expect(mocks.createWebDav).toHaveBeenCalledWith(
      expect.objectContaining({ url: FOLDER, user: 'me', password: 'app-pass', fetch: expect.any(Function) }),
    );
    expect(await stored()).toMatchObject({
      enabled: true,
      kind: 'webdav',
      url: FOLDER,
      user: 'me',
      password: 'app-pass',
      passphrase: 'correct horse',
      lastRun: { ok: true, pushed: 1, pulled: 2, changed: 3 },
    });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({}); // never the browser account's storage
    expect(mocks.syncOnce).toHaveBeenCalledWith(expect.objectContaining({ db, passphrase: 'correct horse' }));
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toMatchObject({ periodInMinutes: 15 });
  });

  it('refuses an address a password may not go to, without asking for anything', async () => {
    const result = await setUpSync({ ...INPUT, url: 'http://dav.example.org/' }, db);
    expect(result).toMatchObject({ ok: false, kind: 'address', message: expect.stringMatching(/unencrypted/) });
    expect(request).not.toHaveBeenCalled();
    expect(await stored()).toBeUndefined();
  });

  it('stays off when the permission is refused, before touching the server', async () => {
    request.mockResolvedValue(false);
    const result = await setUpSync(INPUT, db);
    expect(result).toEqual({ ok: false, kind: 'permission', message: SETUP_ERROR_WORDS.permission });
    expect(mocks.createWebDav).not.toHaveBeenCalled();
    expect(await stored()).toBeUndefined();
  });

  it('stays off and says why when the server refuses the login', async () => {
    mocks.probe.mockRejectedValue(new DavError('auth', 'PROPFIND https://dav.example.org/files/me/: 401', 401));
    const result = await setUpSync(INPUT, db);
    expect(result).toEqual({
      ok: false,
      kind: 'auth',
      message: SETUP_ERROR_WORDS.auth,
      detail: 'PROPFIND https://dav.example.org/files/me/: 401',
    });
    expect(await stored()).toBeUndefined();
    expect(mocks.syncOnce).not.toHaveBeenCalled();
  });

  it('goes on with a server that ignores conditional requests, and says so', async () => {
    mocks.probe.mockResolvedValue({ conditional: false });
    const result = await setUpSync(INPUT, db);
    expect(result).toMatchObject({ ok: true, warnings: [SYNC_WARNING_WORDS['no-conditional']] });
    expect((await stored())?.enabled).toBe(true);
  });

  it('an empty passphrase is no passphrase', async () => {
    await setUpSync({ ...INPUT, passphrase: '  ' }, db);
    expect(await stored()).not.toHaveProperty('passphrase');
    expect(mocks.syncOnce.mock.calls[0]![0]).not.toHaveProperty('passphrase');
  });
});

describe('runSync', () => {
  beforeEach(async () => {
    await fakeBrowser.storage.local.set({
      sync: { enabled: true, kind: 'webdav', url: FOLDER, user: 'me', password: 'p' },
    });
  });

  it('does nothing while sync is off', async () => {
    await fakeBrowser.storage.local.set({ sync: {} });
    expect(await runSync('test', { db })).toMatchObject({ ok: false, error: 'off' });
    expect(mocks.syncOnce).not.toHaveBeenCalled();
  });

  it('keeps a failure, then the failsafe’s question, and passes the user’s yes on', async () => {
    mocks.syncOnce.mockResolvedValueOnce({ ok: false, error: 'unreachable', message: 'GET: no answer' });
    await runSync('test', { db });
    expect((await stored())?.lastError).toMatchObject({ kind: 'unreachable', message: 'GET: no answer' });

    mocks.syncOnce.mockResolvedValueOnce({
      ok: false,
      error: 'needs-confirmation',
      message: 'would delete 40 of 100',
      confirmation: { deletions: 40, library: 100 },
    });
    await runSync('test', { db });
    expect((await stored())?.confirmation).toEqual({ deletions: 40, library: 100 });
    expect(mocks.syncOnce.mock.calls[1]![0]).not.toHaveProperty('confirmDeletions');

    const applied = await runSync('apply', { db, confirmDeletions: true });
    expect(applied).toEqual(OK);
    expect(mocks.syncOnce.mock.calls[2]![0]).toMatchObject({ confirmDeletions: true });
    const after = await stored();
    expect(after?.confirmation).toBeUndefined();
    expect(after?.lastError).toBeUndefined();
    expect(after?.lastRun).toMatchObject({ pushed: 1, pulled: 2, changed: 3 });
  });

  it('gives up quietly when another context holds the lock', async () => {
    const locks = { request: vi.fn((_name: string, _options: object, task: (lock: null) => unknown) => task(null)) };
    vi.stubGlobal('navigator', { locks });
    const outcome = await runSync('alarm', { db });
    expect(outcome).toMatchObject({ ok: false, error: 'busy' });
    expect(locks.request).toHaveBeenCalledWith('dogear-sync', { ifAvailable: true }, expect.any(Function));
    expect(mocks.syncOnce).not.toHaveBeenCalled();
    expect((await stored())?.lastError).toBeUndefined(); // no error shown
  });

  it('runs inside the lock when it is free', async () => {
    let held = false;
    const locks = {
      request: vi.fn(async (_name: string, _options: object, task: (lock: object) => Promise<unknown>) => {
        held = true;
        try {
          return await task({ name: 'dogear-sync' });
        } finally {
          held = false;
        }
      }),
    };
    vi.stubGlobal('navigator', { locks });
    mocks.syncOnce.mockImplementation(async () => {
      expect(held).toBe(true);
      return OK;
    });
    expect(await runSync('alarm', { db })).toEqual(OK);
  });

  it('says so when the server’s permission was taken back, without calling the engine', async () => {
    contains.mockResolvedValue(false);
    expect(await runSync('alarm', { db })).toMatchObject({ ok: false, error: 'permission' });
    expect(mocks.syncOnce).not.toHaveBeenCalled();
    expect((await stored())?.lastError?.kind).toBe('permission');
  });
});

describe('turnOffSync', () => {
  beforeEach(async () => {
    await setUpSync({ ...INPUT, passphrase: 'pp' }, db);
    await loadSyncState(db); // the device's sync records exist
  });

  it('forgets the server, the credentials and this device’s sync records, stops the alarms, gives the origin back', async () => {
    await syncSoon();
    await turnOffSync({ forgetServer: true }, db);
    expect(await stored()).toEqual({ enabled: false, kind: 'webdav', url: '', user: '', password: '' });
    expect(await db.syncMeta.count()).toBe(0);
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    expect(remove).toHaveBeenCalledWith({ origins: ['https://dav.example.org/*'] });
  });

  it('keeps the origin when generic mode is always on there', async () => {
    await fakeBrowser.storage.local.set({ genericOrigins: ['https://dav.example.org'] });
    await turnOffSync({ forgetServer: true }, db);
    expect(remove).not.toHaveBeenCalled();
  });

  it('without forgetting, keeps the address for next time', async () => {
    await turnOffSync({ forgetServer: false }, db);
    expect(await stored()).toMatchObject({ enabled: false, url: FOLDER, user: 'me' });
    expect(remove).not.toHaveBeenCalled();
  });
});

describe('Nextcloud login', () => {
  const POLL = { token: 't', endpoint: 'https://cloud.example.org/login/v2/poll' };

  it('opens the login page, polls until access is granted, and sets up with the app password', async () => {
    mocks.startLogin.mockResolvedValue({ loginUrl: 'https://cloud.example.org/login/v2/flow/abc', poll: POLL });
    mocks.pollLogin
      .mockResolvedValueOnce(undefined)
      .mockRejectedValueOnce(new DavError('unreachable', 'dropped'))
      .mockResolvedValueOnce({ server: 'https://cloud.example.org', loginName: 'ann@x', appPassword: 'nc-app' });
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    const waiting = vi.fn();
    const result = await startNextcloudLogin('cloud.example.org', {
      signal: new AbortController().signal,
      onWaiting: waiting,
      db,
      pollMs: 0,
    });
    expect(result).toMatchObject({ ok: true });
    expect(request).toHaveBeenCalledWith({ origins: ['https://cloud.example.org/*'] });
    expect(mocks.startLogin).toHaveBeenCalledWith('https://cloud.example.org', expect.any(Function));
    expect(tabs).toHaveBeenCalledWith({ url: 'https://cloud.example.org/login/v2/flow/abc' });
    expect(waiting).toHaveBeenCalledWith('https://cloud.example.org/login/v2/flow/abc');
    expect(mocks.pollLogin).toHaveBeenCalledTimes(3);
    expect(await stored()).toMatchObject({
      enabled: true,
      kind: 'nextcloud',
      url: 'https://cloud.example.org/remote.php/dav/files/ann%40x/',
      user: 'ann@x',
      password: 'nc-app',
    });
  });

  it('gives up after the time limit, and when stopped', async () => {
    mocks.startLogin.mockResolvedValue({ loginUrl: 'https://cloud.example.org/login', poll: POLL });
    mocks.pollLogin.mockResolvedValue(undefined);
    const late = await startNextcloudLogin('https://cloud.example.org', {
      signal: new AbortController().signal,
      db,
      pollMs: 0,
      timeoutMs: 0,
    });
    expect(late).toMatchObject({ ok: false, kind: 'login-timeout' });

    const stop = new AbortController();
    const stopped = startNextcloudLogin('https://cloud.example.org', {
      signal: stop.signal,
      db,
      onWaiting: () => stop.abort(),
    });
    expect(await stopped).toMatchObject({ ok: false, kind: 'login-cancelled' });
    expect(await stored()).toBeUndefined();
  });

  it('refuses a grant for another server than the one permitted', async () => {
    mocks.startLogin.mockResolvedValue({ loginUrl: 'https://cloud.example.org/login', poll: POLL });
    mocks.pollLogin.mockResolvedValue({ server: 'https://other.example.org', loginName: 'ann', appPassword: 'x' });
    contains.mockImplementation(
      async ({ origins }: { origins: string[] }) => origins[0] === 'https://cloud.example.org/*',
    );
    const result = await startNextcloudLogin('https://cloud.example.org', {
      signal: new AbortController().signal,
      db,
      pollMs: 0,
    });
    expect(result).toMatchObject({
      ok: false,
      kind: 'permission',
      message: expect.stringMatching(/other\.example\.org/),
    });
    expect(await stored()).toBeUndefined();
  });
});

describe('schedule', () => {
  it('asks for a sync 30 s after an edit, only while sync is on, and keeps a pending one', async () => {
    await syncSoon(1_000);
    expect(await fakeBrowser.alarms.get(SYNC_SOON_ALARM)).toBeUndefined();

    await fakeBrowser.storage.local.set({ sync: { enabled: true, url: FOLDER, user: 'me', password: 'p' } });
    await syncSoon(1_000);
    expect((await fakeBrowser.alarms.get(SYNC_SOON_ALARM))?.scheduledTime).toBe(1_000 + SYNC_SOON_MS);
    await syncSoon(20_000);
    expect((await fakeBrowser.alarms.get(SYNC_SOON_ALARM))?.scheduledTime).toBe(1_000 + SYNC_SOON_MS);
  });

  it('keeps the periodic alarm’s schedule at a worker start, and clears both when sync is off', async () => {
    await fakeBrowser.storage.local.set({ sync: { enabled: true, url: FOLDER, user: 'me', password: 'p' } });
    await ensureSchedule();
    const first = await fakeBrowser.alarms.get(SYNC_ALARM);
    expect(first).toMatchObject({ periodInMinutes: 15 });
    await ensureSchedule();
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toEqual(first);

    await syncSoon();
    await fakeBrowser.storage.local.set({ sync: { enabled: false } });
    await ensureSchedule();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });
});

describe('local backups', () => {
  it('lists them newest first without their text, and gives one as a file', async () => {
    const T = Date.UTC(2026, 11, 6, 9, 30);
    const older = await makeLocalBackup(db, 'before the first sync', T);
    const newer = await makeLocalBackup(db, 'before a big change', T + 60_000);
    const listed = await localBackups(db);
    expect(listed).toEqual([
      { id: newer, at: T + 60_000, reason: 'before a big change', papers: 0 },
      { id: older, at: T, reason: 'before the first sync', papers: 0 },
    ]);
    const file = await localBackupFile(db, older);
    expect(file?.fileName).toMatch(/^dogear-backup-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
    expect(JSON.parse(file!.text)).toMatchObject({ format: 'dogear-backup', tables: { papers: [] } });
    expect(await localBackupFile(db, 'gone')).toBeUndefined();
  });
});

describe('the background’s sync wiring (entrypoints/background.ts)', () => {
  const LISTING = 'https://arxiv.org/list/cs.LG/new';
  const alarm = (name: string) => ({ name, scheduledTime: Date.now(), persistAcrossSessions: false });
  const contentScript = {
    id: fakeBrowser.runtime.id,
    url: LISTING,
    tab: { id: 7, index: 0, windowId: 1, url: LISTING },
  };

  beforeEach(async () => {
    // The background's own database handle (lib/app/db.ts) opens with Dexie's dependencies.
    Dexie.dependencies.indexedDB = new IDBFactory();
    Dexie.dependencies.IDBKeyRange = IDBKeyRange;
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
    Object.assign(fakeBrowser.permissions, { onAdded: { addListener: () => undefined } });
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('no receiver'));
    await fakeBrowser.storage.local.set({ sync: { enabled: true, url: FOLDER, user: 'me', password: 'p' } });
    const background = (await import('../../../entrypoints/background.ts')).default;
    background.main();
  });

  it('creates the periodic alarm at worker start, and runs sync when an alarm fires', async () => {
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeDefined());
    await fakeBrowser.alarms.onAlarm.trigger(alarm(SYNC_ALARM));
    await vi.waitFor(() => expect(mocks.syncOnce).toHaveBeenCalledTimes(1));
    await vi.waitFor(async () => expect((await stored())?.lastRun).toMatchObject({ pushed: 1 }));
    // Other extensions' alarms, or any other of Dogear's, are not sync's.
    await fakeBrowser.alarms.onAlarm.trigger(alarm('something-else'));
    expect(mocks.syncOnce).toHaveBeenCalledTimes(1);
  });

  it('asks for a sync soon after a committed save (syncSoon itself checks that sync is on: schedule, above)', async () => {
    let answer: (value: unknown) => void = () => undefined;
    const answered = new Promise((resolve) => (answer = resolve));
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'save', paper: makeCandidate('2401.00001') },
      contentScript as never,
      answer,
    );
    expect(await answered).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SYNC_SOON_ALARM)).toBeDefined());
  });
});
