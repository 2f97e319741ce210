/**
 * The Zotero hand-off for the extension's contexts (background, popup, library page): sendPapers and refreshIndex
 * (send.ts, refresh.ts) given the browser's fetch, the host-permission check, the stored settings, and the change
 * notice to open listings (their Zotero marks follow within a second).
 *
 * Host permissions are optional (wxt.config.ts `optional_host_permissions`) and asked for at first use, in the click's
 * gesture (requestZoteroPermission): `http://127.0.0.1/*` for Zotero desktop (match patterns have no port), and the Web
 * API's origin for zotero.org.
 */
import { browser } from 'wxt/browser';
import type { AppDB } from '../../db/app-db.ts';
import { clearZoteroIndex, zoteroCounts as countZotero } from '../../db/zotero-repo.ts';
import { zoteroConnector, ZoteroConnectorError } from '../../zotero/connector.ts';
import { permissionPattern } from '../../zotero/settings.ts';
import { zoteroWebApi } from '../../zotero/web-api.ts';
import { announceChanged } from '../announce.ts';
import { refreshIndex } from './refresh.ts';
import { ensureZoteroSchedule } from './schedule.ts';
import { NOT_RUNNING_MESSAGE, sendPapers, type SendOutcome, type ZoteroDeps, type ZoteroError } from './send.ts';
import { loadZoteroSettings, updateZoteroSettings } from './settings-store.ts';

export type { SendOutcome, ZoteroError };
export { loadZoteroSettings, updateZoteroSettings } from './settings-store.ts';

function deps(): ZoteroDeps {
  return {
    fetch: (url, init) => fetch(url, init),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    clientVersion: browser.runtime.getManifest().version,
    permitted: (url) => browser.permissions.contains({ origins: [permissionPattern(url)] }),
  };
}

function announce(keys: readonly string[]): void {
  announceChanged(keys).catch((error: unknown) => console.warn('Dogear: could not notify tabs', error));
}

/** Sends the papers with these keys to the user's Zotero (see send.ts for the order of things). Never rejects. */
export async function sendToZotero(
  db: AppDB,
  keys: readonly string[],
  options?: { via?: 'desktop' | 'web'; resend?: boolean },
): Promise<SendOutcome> {
  try {
    const outcome = await sendPapers(db, await loadZoteroSettings(), keys, deps(), options);
    if (outcome.ok && outcome.sent + outcome.already > 0) announce(keys);
    return outcome;
  } catch (error) {
    return { ok: false, error: 'desktop-failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** Where Zotero desktop would save now: the library or collection selected in its window. */
export async function zoteroTarget(): Promise<
  { ok: true; name: string; editable: boolean } | { ok: false; error: ZoteroError; message: string }
> {
  const settings = await loadZoteroSettings();
  const { fetch: fetchLike, clientVersion, permitted } = deps();
  if (!(await permitted(settings.desktopUrl))) {
    return {
      ok: false,
      error: 'no-permission',
      message: 'Dogear may not connect to Zotero yet. Allow it in Settings › Zotero, then try again.',
    };
  }
  try {
    const target = await zoteroConnector({
      fetch: fetchLike,
      clientVersion,
      baseUrl: settings.desktopUrl,
    }).selectedCollection();
    const name = target.id === null ? target.libraryName : `${target.libraryName} › ${target.name}`;
    return { ok: true, name, editable: target.editable };
  } catch (error) {
    if (error instanceof ZoteroConnectorError) {
      if (error.kind === 'not-running') return { ok: false, error: 'not-running', message: NOT_RUNNING_MESSAGE };
      if (error.kind === 'not-zotero') return { ok: false, error: 'not-zotero', message: error.message };
    }
    return { ok: false, error: 'desktop-failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** Asks for the host permission of Zotero desktop or of the Web API; call it in the click's handler (a user gesture). */
export async function requestZoteroPermission(via: 'desktop' | 'web'): Promise<boolean> {
  const settings = await loadZoteroSettings();
  const url = via === 'desktop' ? settings.desktopUrl : settings.webUrl;
  return browser.permissions.request({ origins: [permissionPattern(url)] });
}

/** Checks an API key with zotero.org (`/keys/current`) and stores it with its user id when it may write. */
export async function connectWebApi(
  apiKey: string,
): Promise<{ ok: true; userId: number } | { ok: false; message: string }> {
  const key = apiKey.trim();
  if (!/^[A-Za-z0-9]{8,64}$/.test(key)) {
    return {
      ok: false,
      message: 'That does not look like a Zotero API key (letters and digits, from zotero.org/settings/keys).',
    };
  }
  const settings = await loadZoteroSettings();
  const { fetch: fetchLike, sleep } = deps();
  try {
    const info = await zoteroWebApi({ fetch: fetchLike, sleep, baseUrl: settings.webUrl }).keyInfo(key);
    if (!info.canWrite) {
      return {
        ok: false,
        message: 'This key may not write to your library: allow “Write access” for it at zotero.org/settings/keys.',
      };
    }
    await updateZoteroSettings((current) => ({ ...current, apiKey: key, userId: info.userId }));
    return { ok: true, userId: info.userId };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Forgets the API key (the index, if it read the Web API, starts again with the next key). */
export async function disconnectWebApi(): Promise<void> {
  await updateZoteroSettings(({ apiKey: _key, userId: _user, ...rest }) => rest);
}

/** Reads what changed in the user's Zotero library since the last run into the index. Never rejects. */
export async function refreshZoteroIndex(
  db: AppDB,
): Promise<{ ok: true; items: number; matched: number } | { ok: false; message: string }> {
  try {
    const settings = await loadZoteroSettings();
    const result = await refreshIndex(db, settings, deps());
    await updateZoteroSettings((current) => ({ ...current, index: { ...current.index, ...result.index } }));
    if (result.changed.length > 0) announce(result.changed);
    return result.outcome;
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Turns the index on (reading the library at once) or off (emptying it, so no mark stays from a library no longer
 * read), and keeps the background's alarm in step.
 */
export async function setZoteroIndexEnabled(
  db: AppDB,
  enabled: boolean,
  source?: 'local' | 'web',
): Promise<{ ok: true; items: number; matched: number } | { ok: false; message: string } | undefined> {
  await updateZoteroSettings((current) => ({
    ...current,
    index: { ...current.index, enabled, ...(source === undefined ? {} : { source }) },
  }));
  await ensureZoteroSchedule(enabled);
  if (enabled) return refreshZoteroIndex(db);
  announce(await clearZoteroIndex(db));
  await updateZoteroSettings((current) => {
    const { version: _version, library: _library, ...index } = current.index;
    return { ...current, index: { ...index, enabled: false } };
  });
  return undefined;
}

export async function zoteroCounts(db: AppDB): Promise<{ sent: number; indexed: number }> {
  return countZotero(db);
}
