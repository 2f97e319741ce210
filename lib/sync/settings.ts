/**
 * Sync's settings: where the library syncs to, with which credentials, and how the last run went. Pure: the object
 * lives under `storage.local` key `sync` (never `storage.sync`, which the browser would copy to the user's browser
 * account), read and written through lib/app/sync/service.ts; the settings page and the popup show it.
 *
 * Also the rules a server address must pass (https, or http on this computer only), the host permission it needs, and
 * every sync failure and warning in plain words.
 */
import { z } from '../zod.ts';

/** The `storage.local` key holding the object. */
export const SYNC_KEY = 'sync';

/**
 * Why a run stopped: lib/app/sync/engine.ts SyncErrorKind (service.ts checks at compile time that both lists stay the
 * same; they are declared twice because lib/sync may not import from lib/app), plus `permission`, which the service
 * finds before calling the engine.
 */
export const SYNC_ERROR_KINDS = [
  'auth',
  'unreachable',
  'forbidden',
  'no-space',
  'server',
  'remote-missing',
  'remote-replaced',
  'remote-unreadable',
  'wrong-passphrase',
  'needs-passphrase',
  'needs-confirmation',
  'busy',
  'local',
  'permission',
] as const;
export type SyncErrorKind = (typeof SYNC_ERROR_KINDS)[number];

/**
 * What each failure means and what to do about it, for the settings page. The run's own message (technical: the request
 * and the status) is shown after it, smaller.
 */
export const SYNC_ERROR_WORDS: Record<SyncErrorKind, string> = {
  auth: 'The server refused the user name or app password. Check them, or create a new app password in your server’s security settings, then turn sync off and on again.',
  unreachable:
    'The server could not be reached: this computer may be offline, or the address may be wrong. Dogear will try again.',
  forbidden:
    'The server accepted the login but does not allow Dogear to write to this folder. Check the folder’s sharing or permissions on the server.',
  'no-space':
    'The server has no space left for your account. Free some space there; nothing was lost, and Dogear will try again.',
  server: 'The server answered with an error. This is often temporary; Dogear will try again.',
  'remote-missing':
    'The Dogear folder on the server is missing. Nothing was changed here; if you removed it on purpose, turn sync off and on again to start over from this library.',
  'remote-replaced':
    'The Dogear folder on the server was replaced by another library. Nothing was changed here; turn sync off and on again to join the new one.',
  'remote-unreadable':
    'The files on the server could not be read (damaged, or written by a newer Dogear). Nothing was changed here; update Dogear on every device, or turn sync off and on again.',
  'wrong-passphrase':
    'The encryption passphrase does not open the files on the server. Turn sync off and on again with the passphrase the other devices use.',
  'needs-passphrase':
    'The files on the server are encrypted. Turn sync off and on again with the passphrase the other devices use.',
  'needs-confirmation':
    'A change from another device would delete or unsave many papers. Nothing was applied yet: choose below.',
  busy: 'Another Dogear page is syncing right now.',
  local:
    'This browser could not read or write the library during sync. Nothing was uploaded; reload the page and try again.',
  permission:
    'Dogear no longer has your permission to connect to this server (it was taken back in the browser’s extension settings). Turn sync off and on again to grant it.',
};

/** Non-fatal findings, shown as warnings (the run still succeeds). */
export const SYNC_WARNING_WORDS = {
  /**
   * The probe at set-up found that the server ignores If-None-Match / If-Match (lib/sync/webdav.ts probe); the engine
   * then never replaces a shared file there (lib/app/sync/engine.ts).
   */
  'no-conditional':
    'This server ignores conditional requests (If-Match / If-None-Match), which keep two devices from overwriting each other. Sync still works, because each device only adds files of its own, but Dogear never compacts them, so the folder keeps growing.',
} as const;

/** What went wrong while setting sync up, before any run (lib/sync/webdav.ts DavErrorKind, and the set-up's own). */
export const SETUP_ERROR_WORDS = {
  auth: 'The server refused the user name or app password. Check them; for Nextcloud and most servers an app password (created in the server’s security settings) is needed, not your login password.',
  forbidden: 'The server does not allow this user to write to that folder.',
  unreachable: 'The server could not be reached. Check the address and that this computer is online.',
  'not-found': 'There is no WebDAV folder at that address. Check the URL (for Nextcloud: Files → Settings → WebDAV).',
  'no-space': 'The server has no space left for this account.',
  server: 'The server answered with an error. Try again later.',
  'bad-response':
    'The address answered, but not as a WebDAV server does. Check that the URL is the WebDAV folder, not the web page.',
  permission: 'Dogear needs your permission to connect to that server. Sync stays off.',
  'login-timeout': 'The Nextcloud login was not completed within 10 minutes. Sync stays off; try again.',
  'login-cancelled': 'The Nextcloud login was stopped. Sync stays off.',
  local: 'This browser could not keep a backup of the library before the first sync, so sync stays off.',
} as const;
export type SetupErrorKind = keyof typeof SETUP_ERROR_WORDS;

export const SYNC_KINDS = ['webdav', 'nextcloud'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

const LastRunSchema = z.object({
  /** Epoch ms the run ended. */
  at: z.number(),
  ok: z.boolean(),
  pushed: z.int().min(0),
  pulled: z.int().min(0),
  changed: z.int().min(0),
  /** Remote files skipped as damaged, with why. */
  skipped: z.array(z.string().max(2000)).max(1000).catch([]).default([]),
  warnings: z.array(z.string().max(2000)).max(100).catch([]).default([]),
});

export const SyncSettingsSchema = z.object({
  /** The user set sync up and it has not been turned off. @default false */
  enabled: z.boolean().catch(false).default(false),
  /** How it was set up: Nextcloud's login flow, or a WebDAV folder URL with user and app password. @default 'webdav' */
  kind: z.enum(SYNC_KINDS).catch('webdav').default('webdav'),
  /** The WebDAV folder Dogear writes `Dogear/v1/` into (checkSyncUrl). */
  url: z.string().max(2000).catch('').default(''),
  user: z.string().max(500).catch('').default(''),
  /** The app password (Nextcloud's login flow makes one). Only in this browser's local storage. */
  password: z.string().max(2000).catch('').default(''),
  /** End-to-end encryption of the server's files, when set. */
  passphrase: z.string().min(1).max(2000).optional().catch(undefined),
  /** The last successful run. */
  lastRun: LastRunSchema.optional().catch(undefined),
  /** The last failed run, shown until a run succeeds. */
  lastError: z
    .object({ at: z.number(), kind: z.enum(SYNC_ERROR_KINDS), message: z.string().max(2000) })
    .optional()
    .catch(undefined),
  /** A remote change waits for the user (the failsafe): how many papers it would delete or unsave, of how many. */
  confirmation: z
    .object({ deletions: z.int().min(0), library: z.int().min(0) })
    .optional()
    .catch(undefined),
});
export type SyncSettings = z.infer<typeof SyncSettingsSchema>;
export type SyncLastRun = z.infer<typeof LastRunSchema>;

/**
 * The stored value, or the defaults for anything missing or damaged. Sync stays on only with a usable address: a
 * damaged URL turns it off rather than sending the password somewhere unexpected.
 */
export function parseSyncSettings(raw: unknown): SyncSettings {
  const parsed = SyncSettingsSchema.safeParse(raw ?? {});
  const settings = parsed.success ? parsed.data : SyncSettingsSchema.parse({});
  if (settings.enabled && !checkSyncUrl(settings.url).ok) return { ...settings, enabled: false };
  return settings;
}

/** The settings with the server and credentials forgotten (turning sync off); the run history goes too. */
export function forgetServer(settings: SyncSettings): SyncSettings {
  return { enabled: false, kind: settings.kind, url: '', user: '', password: '' };
}

/** A run's outcome as the settings keep it (lib/app/sync/engine.ts SyncOutcome fits it). */
export type RunRecord =
  | {
      ok: true;
      pushed: number;
      pulled: number;
      changed: number;
      skipped: readonly string[];
      warnings: readonly string[];
    }
  | { ok: false; error: SyncErrorKind; message: string; confirmation?: { deletions: number; library: number } };

/**
 * The settings after a run ended at `at`: a success replaces lastRun and clears the error and any waiting confirmation;
 * a failure is kept as lastError (the last success stays, for "Synced 2 h ago"), and the failsafe's question as
 * `confirmation`. `busy` (another context was syncing) changes nothing, and neither does any run once sync was turned
 * off meanwhile.
 */
export function recordRun(settings: SyncSettings, outcome: RunRecord, at: number): SyncSettings {
  if (!settings.enabled || (!outcome.ok && outcome.error === 'busy')) return settings;
  const { lastError: _error, confirmation: _confirmation, ...rest } = settings;
  if (outcome.ok) {
    const cap = (items: readonly string[], max: number): string[] =>
      items.slice(0, max).map((item) => item.slice(0, 2000));
    return {
      ...rest,
      lastRun: {
        at,
        ok: true,
        pushed: outcome.pushed,
        pulled: outcome.pulled,
        changed: outcome.changed,
        skipped: cap(outcome.skipped, 1000),
        warnings: cap(outcome.warnings, 100),
      },
    };
  }
  return {
    ...rest,
    lastError: { at, kind: outcome.error, message: outcome.message.slice(0, 2000) },
    ...(outcome.error === 'needs-confirmation' && outcome.confirmation !== undefined
      ? { confirmation: { ...outcome.confirmation } }
      : {}),
  };
}

/** Loopback hosts: plain http to them never leaves this computer. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Whether an address may receive the library and the app password: https anywhere, plain http only on this computer
 * (localhost, 127.0.0.1, [::1]), where nothing crosses a network. No user name or password inside the address (they
 * have their own fields, and would end up in logs). An address without a scheme is taken as https.
 *
 * @param folder a WebDAV folder: the result ends in '/'. Otherwise a server address (Nextcloud): no trailing '/'.
 */
export function checkSyncUrl(raw: string, folder = true): UrlCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'Enter the server’s address.' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, reason: 'That is not a web address (it should look like https://cloud.example.org/…).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'The address must start with https://.' };
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    return {
      ok: false,
      reason:
        'Use an https:// address: over plain http the app password and your library would cross the network unencrypted. (http is accepted only for a server on this computer: localhost, 127.0.0.1 or [::1].)',
    };
  if (url.username !== '' || url.password !== '')
    return { ok: false, reason: 'Put the user name and password in their own fields, not in the address.' };
  if (url.search !== '' || url.hash !== '')
    return { ok: false, reason: 'The address must not contain “?” or “#”: use the folder’s plain address.' };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}${folder ? '/' : ''}` };
}

/**
 * The host permission a server address needs, as a match pattern: `https://host/*`. Without the port: a match pattern
 * with no port covers every port, in Chromium and Firefox alike.
 *
 * @throws Error for an address checkSyncUrl refuses.
 */
export function syncOrigin(url: string): string {
  const checked = checkSyncUrl(url);
  if (!checked.ok) throw new Error(checked.reason);
  const parsed = new URL(checked.url);
  return `${parsed.protocol}//${parsed.hostname}/*`;
}

/** "just now", "2 min ago", "3 h ago", "yesterday", "5 days ago": how long ago a sync was, for people. */
export function timeAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** Whether the last failure is newer than the last success (so it is the current state). */
export function failingNow(settings: SyncSettings): boolean {
  return settings.lastError !== undefined && settings.lastError.at >= (settings.lastRun?.at ?? -Infinity);
}

/**
 * The popup's one line about sync, or undefined when sync is off.
 *
 * @param counts changes waiting to be uploaded and open note conflicts (lib/db/sync-repo.ts syncCounts).
 */
export function syncSummary(
  settings: SyncSettings,
  counts: { pending: number; conflicts: number } | undefined,
  now: number,
): { text: string; problem: boolean } | undefined {
  if (!settings.enabled) return undefined;
  if (settings.confirmation !== undefined) return { text: 'Sync waits for your answer — see settings', problem: true };
  if (failingNow(settings)) return { text: 'Sync error — see settings', problem: true };
  if (counts !== undefined && counts.conflicts > 0)
    return {
      text: `${counts.conflicts === 1 ? '1 note conflict' : `${counts.conflicts} note conflicts`} to resolve — see settings`,
      problem: true,
    };
  if (counts !== undefined && counts.pending > 0)
    return { text: `${counts.pending === 1 ? '1 change' : `${counts.pending} changes`} waiting`, problem: false };
  if (settings.lastRun === undefined) return { text: 'Not synced yet', problem: false };
  return { text: `Synced ${timeAgo(settings.lastRun.at, now)}`, problem: false };
}
