/**
 * Sync's browser side, shared by the library's settings page and the background: setting sync up (WebDAV folder or
 * Nextcloud's login flow), running it (lib/app/sync/engine.ts) under a lock and keeping the outcome in the settings,
 * turning it off, and what the settings page lists (conflicts, local backups).
 *
 * - The server's origin is an optional host permission, asked for at the click that sets sync up (the manifest declares
 *   `optional_host_permissions` for every http(s) origin, and grants none at install), and given back when sync is
 *   turned off, unless generic mode's "Always on this site" or the manifest itself holds it.
 * - One run at a time across the whole profile: `navigator.locks` is shared by the worker and every extension page, so an
 *   alarm firing while the settings page runs "Sync now" finds the lock taken and gives up quietly (`busy`).
 * - Credentials and the passphrase stay in this browser's `storage.local` (settings-store.ts).
 */
import { browser } from 'wxt/browser';
import type { AppDB } from '../../db/app-db.ts';
import { openConflictList, resetSyncState, resolveNoteConflict } from '../../db/sync-repo.ts';
import { backupFileName } from '../../backup-settings.ts';
import { nextcloudDavUrl, pollLogin, startLogin } from '../../sync/nextcloud.ts';
import {
  checkSyncUrl,
  forgetServer,
  recordRun,
  SETUP_ERROR_WORDS,
  SYNC_WARNING_WORDS,
  syncOrigin,
  type SetupErrorKind,
  type SyncErrorKind,
  type SyncKind,
  type SyncSettings,
} from '../../sync/settings.ts';
import { createWebDav, DavError, type DavErrorKind, type WebDav } from '../../sync/webdav.ts';
import { announceChanged } from '../announce.ts';
import { appDb } from '../db.ts';
import { alwaysOnOrigins, originPattern } from '../generic.ts';
import { syncOnce, type SyncErrorKind as EngineErrorKind, type SyncOutcome } from './engine.ts';
import { ensureSchedule, syncSoon } from './schedule.ts';
import { loadSyncSettings, updateSyncSettings, watchSyncSettings } from './settings-store.ts';

export { loadSyncSettings, watchSyncSettings };
export { syncCountsOf } from './status.ts';

// The stored error kinds are the engine's plus `permission`, and every WebDAV error has set-up words: checked here, at
// compile time, so a kind added on one side fails the typecheck until it has its words.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _kindsMatch: Same<Exclude<SyncErrorKind, 'permission'>, EngineErrorKind> = true;
const _davWords: Record<DavErrorKind, string> = SETUP_ERROR_WORDS;

/** The lock every context takes to sync: one run at a time in the whole profile. */
export const SYNC_LOCK = 'dogear-sync';

/** How often and how long the Nextcloud login is polled for the app password. */
export const LOGIN_POLL_MS = 2000;
export const LOGIN_TIMEOUT_MS = 10 * 60 * 1000;

/** A run's outcome: the engine's, `off` when sync is not set up, `permission` when the server's was taken back. */
export type RunOutcome = SyncOutcome | { ok: false; error: 'off' | 'permission'; message: string };

/** How setting sync up ended: the first run's outcome (and a warning about the server), or why it stopped. */
export type SetUpResult =
  | { ok: true; outcome: RunOutcome; warnings: string[] }
  | { ok: false; kind: SetupErrorKind | 'address'; message: string; detail?: string };

export interface SetUpInput {
  kind: SyncKind;
  /** The WebDAV folder URL (checkSyncUrl). */
  url: string;
  user: string;
  password: string;
  passphrase?: string;
}

/** globalThis.fetch called as a plain function fails ("Illegal invocation"): always call it on globalThis. */
const browserFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

function davOf(settings: Pick<SyncSettings, 'url' | 'user' | 'password'>): WebDav {
  return createWebDav({ url: settings.url, user: settings.user, password: settings.password, fetch: browserFetch });
}

function setupFailure(kind: SetupErrorKind, detail?: string): Extract<SetUpResult, { ok: false }> {
  return { ok: false, kind, message: SETUP_ERROR_WORDS[kind], ...(detail === undefined ? {} : { detail }) };
}

function failureOf(error: unknown): Extract<SetUpResult, { ok: false }> {
  if (error instanceof DavError) return setupFailure(error.kind, error.message);
  return setupFailure('unreachable', error instanceof Error ? error.message : String(error));
}

/**
 * Asks for the host permission of the server at `url`. Must be the first thing the click handler awaits: the browser
 * shows its prompt only during the user's gesture.
 */
export function requestServerPermission(url: string): Promise<boolean> {
  return browser.permissions.request({ origins: [syncOrigin(url)] });
}

/**
 * Gives the server's host permission back, unless something else holds it: a host the manifest declares (the listing
 * sites, a test build's loopback), or a site where generic mode is always on.
 */
async function dropServerPermission(url: string): Promise<void> {
  if (!checkSyncUrl(url).ok) return;
  const pattern = syncOrigin(url);
  const declared = browser.runtime.getManifest().host_permissions ?? [];
  if (declared.includes(pattern)) return;
  const generic = (await alwaysOnOrigins()).map((origin) => {
    const parsed = new URL(originPattern(origin).replace(/\*$/, ''));
    return `${parsed.protocol}//${parsed.hostname}/*`;
  });
  if (generic.includes(pattern)) return;
  await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
}

/**
 * Runs `task` holding the sync lock, or returns undefined at once when another context holds it. Where the Web Locks
 * API is missing (node tests), a flag keeps one run per context.
 */
let runningHere = false;
async function withLock<T>(wait: boolean, task: () => Promise<T>): Promise<T | undefined> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks !== undefined) {
    return locks.request(SYNC_LOCK, { ifAvailable: !wait }, (lock) => (lock === null ? undefined : task()));
  }
  if (runningHere && !wait) return undefined;
  runningHere = true;
  try {
    return await task();
  } finally {
    runningHere = false;
  }
}

/**
 * One sync run now, if sync is on: under the profile-wide lock, with the stored credentials, and its outcome kept in
 * the settings (lastRun, lastError, the failsafe's question). Never throws.
 *
 * @param trigger why it runs, for the log: 'alarm', 'soon', 'sync now', 'set-up'…
 * @param options.confirmDeletions the user answered "Apply it" to the failsafe's question.
 */
export async function runSync(
  trigger: string,
  options: { confirmDeletions?: boolean; db?: AppDB } = {},
): Promise<RunOutcome> {
  try {
    const outcome = await withLock(false, async (): Promise<RunOutcome> => {
      const settings = await loadSyncSettings();
      if (!settings.enabled) return { ok: false, error: 'off', message: 'Sync is off.' };
      let result: SyncOutcome | { ok: false; error: 'permission'; message: string };
      if (!(await browser.permissions.contains({ origins: [syncOrigin(settings.url)] }))) {
        result = { ok: false, error: 'permission', message: `no host permission for ${syncOrigin(settings.url)}` };
      } else {
        result = await syncOnce({
          db: options.db ?? appDb(),
          dav: davOf(settings),
          ...(settings.passphrase === undefined ? {} : { passphrase: settings.passphrase }),
          ...(options.confirmDeletions === true ? { confirmDeletions: true } : {}),
        });
      }
      const recorded = result;
      // Open listings and pages follow what another device changed, as they follow this device's own writes.
      if (result.ok && result.changedKeys.length > 0) {
        announceChanged(result.changedKeys).catch((error: unknown) =>
          console.warn('Dogear: could not notify tabs', error),
        );
      }
      await updateSyncSettings((current) => recordRun(current, recorded, Date.now()));
      return result;
    });
    if (outcome === undefined) return { ok: false, error: 'busy', message: 'Another Dogear page is syncing.' };
    if (!outcome.ok && outcome.error !== 'off') console.info(`Dogear sync (${trigger}): ${outcome.error}`);
    return outcome;
  } catch (error) {
    // The engine never throws; this is the settings storage or the lock failing.
    console.warn(`Dogear sync (${trigger}) failed`, error);
    return { ok: false, error: 'local', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Checks the server, saves the settings with sync on, schedules it and runs it once. The permission must be granted
 * already. The engine keeps a local backup of the library before the first run changes anything (lib/db/sync-repo.ts
 * makeLocalBackup, "before the first sync").
 */
async function connect(input: SetUpInput, db: AppDB): Promise<SetUpResult> {
  const checked = checkSyncUrl(input.url);
  if (!checked.ok) return { ok: false, kind: 'address', message: checked.reason };
  const url = checked.url;
  let conditional: boolean;
  try {
    ({ conditional } = await davOf({ url, user: input.user, password: input.password }).probe());
  } catch (error) {
    return failureOf(error);
  }
  const passphrase = input.passphrase?.trim() ? input.passphrase : undefined;
  await updateSyncSettings(() => ({
    enabled: true,
    kind: input.kind,
    url,
    user: input.user,
    password: input.password,
    ...(passphrase === undefined ? {} : { passphrase }),
  }));
  await ensureSchedule(true);
  const outcome = await runSync('set-up', { db });
  return { ok: true, outcome, warnings: conditional ? [] : [SYNC_WARNING_WORDS['no-conditional']] };
}

/**
 * Sets sync up with a WebDAV folder, user and app password, from the user's click: asks for the server's host
 * permission first (before anything else is awaited, so the prompt has the click's gesture), then checks the server and
 * runs the first sync. Never throws.
 */
export async function setUpSync(input: SetUpInput, db: AppDB = appDb()): Promise<SetUpResult> {
  const checked = checkSyncUrl(input.url);
  if (!checked.ok) return { ok: false, kind: 'address', message: checked.reason };
  try {
    if (!(await requestServerPermission(checked.url))) return setupFailure('permission');
    return await connect({ ...input, url: checked.url }, db);
  } catch (error) {
    return failureOf(error);
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Sets sync up through Nextcloud's Login Flow v2, from the user's click: asks for the server's host permission, opens
 * Nextcloud's login page in a new tab, then polls every 2 s (for up to 10 minutes, while the calling page is open and
 * `signal` is not aborted) for the app password Nextcloud creates once the user grants access, and sets up like a
 * WebDAV folder with it. Never throws.
 *
 * @param onWaiting called once the login tab is open, with its address (the page says what to do there).
 */
export async function startNextcloudLogin(
  server: string,
  options: {
    passphrase?: string;
    signal: AbortSignal;
    onWaiting?: (loginUrl: string) => void;
    db?: AppDB;
    pollMs?: number;
    timeoutMs?: number;
  },
): Promise<SetUpResult> {
  const checked = checkSyncUrl(server, false);
  if (!checked.ok) return { ok: false, kind: 'address', message: checked.reason };
  try {
    if (!(await requestServerPermission(checked.url))) return setupFailure('permission');
    const login = await startLogin(checked.url, browserFetch);
    await browser.tabs.create({ url: login.loginUrl });
    options.onWaiting?.(login.loginUrl);
    const deadline = Date.now() + (options.timeoutMs ?? LOGIN_TIMEOUT_MS);
    for (;;) {
      await pause(options.pollMs ?? LOGIN_POLL_MS, options.signal);
      if (options.signal.aborted) return setupFailure('login-cancelled');
      const granted = await pollLogin(login.poll, browserFetch).catch((error: unknown) => {
        // A dropped connection while the user types their password is no reason to give up: poll again.
        if (error instanceof DavError && error.kind === 'unreachable') return undefined;
        throw error;
      });
      if (granted !== undefined) {
        const url = nextcloudDavUrl(granted.server, granted.loginName);
        const dav = checkSyncUrl(url);
        if (!dav.ok) return { ok: false, kind: 'address', message: dav.reason };
        // Nextcloud may answer with another address than the one typed (a redirect to its canonical host): that origin
        // was never asked for, and no click is left to ask in.
        if (!(await browser.permissions.contains({ origins: [syncOrigin(dav.url)] }))) {
          return {
            ok: false,
            kind: 'permission',
            message: `Nextcloud gave its address as ${new URL(dav.url).origin}, not the one entered. Log in again with that address.`,
          };
        }
        return await connect(
          {
            kind: 'nextcloud',
            url: dav.url,
            user: granted.loginName,
            password: granted.appPassword,
            ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
          },
          options.db ?? appDb(),
        );
      }
      if (Date.now() >= deadline) return setupFailure('login-timeout');
    }
  } catch (error) {
    return failureOf(error);
  }
}

/**
 * Turns sync off: waits for a run in progress, forgets every sync record of this device (the library and the local
 * backups stay; so do the files on the server), stops the alarms, and with `forgetServer` gives the server's permission
 * back and removes the address, user, app password and passphrase from this browser.
 */
export async function turnOffSync(
  { forgetServer: forget }: { forgetServer: boolean },
  db: AppDB = appDb(),
): Promise<void> {
  let url = '';
  await withLock(true, async () => {
    const settings = await updateSyncSettings((current) => {
      url = current.url;
      return forget ? forgetServer(current) : { ...current, enabled: false };
    });
    await ensureSchedule(settings.enabled);
    await resetSyncState(db);
  });
  if (forget) await dropServerPermission(url);
}

export interface NoteConflict {
  key: string;
  title: string;
  id: string;
  /** The text that lost. */
  text: string;
  /** The paper's note now. */
  note: string;
}

/** The open note conflicts, oldest paper first as the database lists them (for a live query). */
export async function noteConflicts(db: AppDB): Promise<NoteConflict[]> {
  return (await openConflictList(db)).map(({ key, title, id, text, note }) => ({
    key,
    title,
    id,
    text,
    note: note ?? '',
  }));
}

/**
 * Resolves a note conflict: `append` adds the other device's text to the note, `discard` drops it. The change is synced
 * soon and open listings are told.
 *
 * @throws Error with a sentence for the user (the conflict stays open).
 */
export async function resolveConflict(
  db: AppDB,
  conflict: Pick<NoteConflict, 'key' | 'id'>,
  action: 'append' | 'discard',
): Promise<void> {
  await resolveNoteConflict(db, conflict.key, conflict.id, action, Date.now());
  announceChanged([conflict.key]).catch((error: unknown) => console.warn('Dogear: could not notify tabs', error));
  await syncSoon();
}

export interface LocalBackup {
  id: string;
  at: number;
  reason: string;
  papers: number;
}

/** The local backups sync took, newest first, without their text (for a live query). */
export async function localBackups(db: AppDB): Promise<LocalBackup[]> {
  const found: LocalBackup[] = [];
  await db.syncBackups
    .orderBy('at')
    .reverse()
    .each(({ id, at, reason, papers }) => {
      found.push({ id, at, reason, papers });
    });
  return found;
}

/** A local backup's JSON text and the file name to save it as; undefined when it is gone. */
export async function localBackupFile(db: AppDB, id: string): Promise<{ text: string; fileName: string } | undefined> {
  const backup = await db.syncBackups.get(id);
  if (backup === undefined) return undefined;
  return { text: backup.json, fileName: backupFileName(new Date(backup.at)).replace(/^.*\//, '') };
}
