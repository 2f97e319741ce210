/**
 * Refreshing the opt-in index of the user's Zotero library, without extension APIs (service.ts wraps it). It reads
 * incrementally, as the Web API's syncing documentation describes (lib/zotero/web-api.ts): the keys of items changed
 * since the version the index is current to, those items, and the keys deleted since then; the index then maps every
 * paper key those items name to the item (lib/zotero/index.ts, lib/db/zotero-repo.ts applyIndexChanges).
 *
 * Source `local` reads Zotero desktop's local API (user 0, no key; only when the user turned it on in Zotero), `web`
 * the Web API with the user's key. Another library than the one the index holds starts it again from version 0.
 */
import type { AppDB } from '../../db/app-db.ts';
import { applyIndexChanges } from '../../db/zotero-repo.ts';
import { hasWebKey, indexLibrary, type ZoteroIndexSettings, type ZoteroSettings } from '../../zotero/settings.ts';
import { zoteroWebApi, ZoteroWebApiError } from '../../zotero/web-api.ts';
import type { ZoteroDeps } from './send.ts';

export type RefreshOutcome =
  | {
      ok: true;
      /** Items read in this run (changed since the last one). */
      items: number;
      /** Paper keys those items named. */
      matched: number;
    }
  | { ok: false; message: string };

export interface RefreshResult {
  outcome: RefreshOutcome;
  /** What to store in the settings' `index` afterwards. */
  index: Partial<ZoteroIndexSettings>;
  /** Paper keys whose Zotero flag changed: open listings look them up again. */
  changed: string[];
}

export async function refreshIndex(
  db: AppDB,
  settings: ZoteroSettings,
  deps: Pick<ZoteroDeps, 'fetch' | 'sleep' | 'permitted' | 'now'>,
): Promise<RefreshResult> {
  const now = (deps.now ?? Date.now)();
  const fail = (message: string): RefreshResult => ({
    outcome: { ok: false, message },
    index: { lastRun: now, lastError: message },
    changed: [],
  });
  const local = settings.index.source === 'local';
  if (!local && !hasWebKey(settings)) return fail('Add your Zotero API key first (Settings › Zotero).');
  const base = local ? `${settings.desktopUrl}/api` : settings.webUrl;
  if (!(await deps.permitted(base))) {
    return fail('Dogear may not connect to Zotero yet. Allow it in Settings › Zotero, then try again.');
  }
  const api = zoteroWebApi({
    fetch: deps.fetch,
    sleep: deps.sleep,
    baseUrl: base,
    local,
    // Zotero desktop is on this computer: when it does not answer, it is not running, and retrying will not start it.
    ...(local ? { attempts: 1 } : {}),
  });
  const userId = local ? 0 : settings.userId!;
  const apiKey = local ? undefined : settings.apiKey;
  const library = indexLibrary(settings);
  const fresh = settings.index.library !== library || settings.index.version === undefined;
  const since = fresh ? 0 : settings.index.version!;
  try {
    const { versions, libraryVersion } = await api.itemVersions(userId, apiKey, since);
    const deleted = fresh ? [] : (await api.deleted(userId, apiKey, since)).items;
    const items = await api.items(userId, apiKey, Object.keys(versions));
    const { index, changed } = await applyIndexChanges(
      db,
      since,
      {
        version: libraryVersion,
        items: items.map((item) => ({ key: item.key, data: item.data })),
        deleted,
      },
      fresh,
    );
    const read = new Set(items.map((item) => item.key));
    const matched = Object.values(index.keys).filter((itemKey) => read.has(itemKey)).length;
    return {
      outcome: { ok: true, items: items.length, matched },
      index: { lastRun: now, lastError: undefined, version: index.version, library },
      changed,
    };
  } catch (error) {
    if (error instanceof ZoteroWebApiError && local && error.kind === 'failed' && error.status === undefined) {
      return fail('Zotero is not running (start Zotero desktop and try again).');
    }
    return fail(error instanceof Error ? error.message : String(error));
  }
}
