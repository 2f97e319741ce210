/**
 * A client of the Zotero Web API v3 (`https://api.zotero.org`) over a given fetch, for sending papers when Zotero
 * desktop is not running and for reading the library's index. It also reads Zotero's local API
 * (`http://127.0.0.1:23119/api`, user 0, no key), which answers reads in the same shapes (zotero/zotero @f2a42be
 * `chrome/content/zotero/xpcom/server/server_localAPI.js`).
 *
 * The rules followed, from the Web API documentation (zotero.org/support/dev/web_api/v3: basics, write_requests,
 * syncing) and the local API's copy of the server's (server_localAPI.js `MAX_WRITE_OBJECTS`, `_checkWriteToken`,
 * `MultiWriteResults`):
 *
 * - At most 50 objects per write; the reply says per index which were `successful` (with the new key), `unchanged` or
 *   `failed` (`{key, code, message}`).
 * - Each write carries a `Zotero-Write-Token` (5–32 characters). The server remembers a token for 12 hours once its write
 *   succeeded and answers a repeat with 412. So a retry uses the same token: if the first attempt was written but its
 *   reply lost, the retry's 412 says so, and nothing is written twice.
 * - `Backoff: <seconds>` (on any reply) asks for no further request for that long; 429 and 503 may carry `Retry-After:
 *   <seconds>` and are retried after it. The waiting goes through the given `sleep`, so tests do not wait.
 * - Incremental reads: `GET /users/<id>/items?since=<version>&format=versions` gives `{key: version}` of what changed,
 *   `?itemKey=<k1,k2…>` (at most 50) the items, `/deleted?since=` the deleted keys; `Last-Modified-Version` is the
 *   library's version to ask from next time.
 */
import type { FetchLike } from './connector.ts';
import type { ZoteroItem, ZoteroNoteItem } from './item.ts';

export const WEB_API_URL = 'https://api.zotero.org';
/** Zotero's local API: the Web API's reads, on Zotero desktop, when the user turns it on in Zotero's settings. */
export const LOCAL_API_URL = 'http://127.0.0.1:23119/api';
/** The most objects one write or one `itemKey` read may name. */
export const MAX_BATCH = 50;

export type WebApiErrorKind = 'bad-key' | 'no-write-access' | 'rate-limited' | 'local-api-off' | 'failed';

const MESSAGES: Readonly<Record<WebApiErrorKind, string>> = {
  'bad-key': 'Zotero does not accept this API key (check it at zotero.org/settings/keys).',
  'no-write-access': 'This Zotero API key may not write to your library (allow “Write access” for the key).',
  'rate-limited': 'Zotero’s servers asked to wait, again and again: try again later.',
  'local-api-off': 'Zotero’s local API is off (Zotero settings → Advanced → “Allow other applications…”).',
  failed: 'The Zotero Web API did not answer as expected.',
};

export class ZoteroWebApiError extends Error {
  readonly kind: WebApiErrorKind;
  readonly status: number | undefined;
  constructor(kind: WebApiErrorKind, status?: number, detail?: string) {
    super(detail === undefined ? MESSAGES[kind] : `${MESSAGES[kind]} (${detail})`);
    this.name = 'ZoteroWebApiError';
    this.kind = kind;
    this.status = status;
  }
}

/** What happened to one item of createItems, by its index in the input. */
export type WriteResult =
  | { status: 'created'; key: string }
  | { status: 'unchanged'; key: string }
  | { status: 'failed'; code: number; message: string }
  /** Written by an earlier attempt whose reply was lost (the retry got 412 for its write token): key unknown. */
  | { status: 'written'; key: undefined };

/** An item as the API returns it (`format=json`): the editable fields are in `data`. */
export interface ZoteroApiItem {
  key: string;
  version: number;
  data: Record<string, unknown> & { itemType?: string; deleted?: boolean | number };
}

export interface WebApiOptions {
  fetch: FetchLike;
  /** Waits `ms` milliseconds (tests pass one that returns at once and records). */
  sleep: (ms: number) => Promise<void>;
  baseUrl?: string;
  /** Talking to Zotero desktop's local API (LOCAL_API_URL) rather than zotero.org: user 0, no key. */
  local?: boolean;
  /** A fresh write token: 32 random characters. */
  writeToken?: () => string;
  /** Attempts per request before giving up on 429/503/network errors (default 5). */
  attempts?: number;
}

export interface ZoteroWebApi {
  keyInfo(apiKey: string): Promise<{ userId: number; username: string; canWrite: boolean }>;
  /** Creates items in batches of at most 50; one result per input item, in order. */
  createItems(
    userId: number,
    apiKey: string | undefined,
    items: ReadonlyArray<ZoteroItem | ZoteroNoteItem>,
  ): Promise<WriteResult[]>;
  /** `{itemKey: version}` of the items changed since `since`, and the library's version now. */
  itemVersions(
    userId: number,
    apiKey: string | undefined,
    since: number,
  ): Promise<{ versions: Record<string, number>; libraryVersion: number }>;
  /** The items with these keys, fetched 50 at a time. */
  items(userId: number, apiKey: string | undefined, keys: readonly string[]): Promise<ZoteroApiItem[]>;
  /** The keys of items deleted since `since`. */
  deleted(
    userId: number,
    apiKey: string | undefined,
    since: number,
  ): Promise<{ items: string[]; libraryVersion: number }>;
}

function defaultWriteToken(): string {
  return globalThis.crypto.randomUUID().replaceAll('-', '');
}

/** Seconds from a `Backoff` or `Retry-After` header (delta-seconds only, as the API sends), or undefined. */
function seconds(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

export function zoteroWebApi(options: WebApiOptions): ZoteroWebApi {
  const local = options.local === true;
  const base = options.baseUrl ?? (local ? LOCAL_API_URL : WEB_API_URL);
  const attempts = options.attempts ?? 5;
  const newToken = options.writeToken ?? defaultWriteToken;
  /** Milliseconds of Backoff still owed before the next request (waited for just before sending it). */
  let owedBackoff = 0;

  async function request(
    method: 'GET' | 'POST',
    path: string,
    apiKey: string | undefined,
    extra: { body?: string; writeToken?: string } = {},
  ): Promise<{ response: Response; retried: boolean }> {
    const headers: Record<string, string> = { 'Zotero-API-Version': '3' };
    if (apiKey !== undefined) headers['Zotero-API-Key'] = apiKey;
    // The local API shares the connector server's rules: a browser's request needs this header (server.js).
    if (local) headers['Zotero-Allowed-Request'] = '1';
    if (extra.body !== undefined) headers['Content-Type'] = 'application/json';
    if (extra.writeToken !== undefined) headers['Zotero-Write-Token'] = extra.writeToken;
    let retried = false;
    for (let attempt = 1; ; attempt += 1) {
      if (owedBackoff > 0) {
        const wait = owedBackoff;
        owedBackoff = 0;
        await options.sleep(wait);
      }
      let response: Response | undefined;
      try {
        response = await options.fetch(`${base}${path}`, {
          method,
          headers,
          ...(extra.body === undefined ? {} : { body: extra.body }),
        });
      } catch (error) {
        if (attempt >= attempts) {
          throw new ZoteroWebApiError('failed', undefined, error instanceof Error ? error.message : 'network error');
        }
        retried = true;
        await options.sleep(1000 * 2 ** (attempt - 1));
        continue;
      }
      const backoff = seconds(response.headers.get('Backoff'));
      if (backoff !== undefined) owedBackoff = Math.max(owedBackoff, backoff * 1000);
      if (response.status === 429 || response.status === 503) {
        if (attempt >= attempts) throw new ZoteroWebApiError('rate-limited', response.status);
        const retryAfter = seconds(response.headers.get('Retry-After'));
        retried = true;
        await response.body?.cancel();
        await options.sleep(retryAfter === undefined ? 1000 * 2 ** (attempt - 1) : retryAfter * 1000);
        continue;
      }
      return { response, retried };
    }
  }

  function failure(response: Response, what: string): ZoteroWebApiError {
    if (response.status === 403 && local) return new ZoteroWebApiError('local-api-off', 403);
    if (response.status === 403 && what === 'write') return new ZoteroWebApiError('no-write-access', 403);
    if (response.status === 403 || response.status === 401) return new ZoteroWebApiError('bad-key', response.status);
    return new ZoteroWebApiError('failed', response.status, `${what}: HTTP ${response.status}`);
  }

  async function json(response: Response): Promise<unknown> {
    try {
      return await response.json();
    } catch {
      throw new ZoteroWebApiError('failed', response.status, 'unreadable reply');
    }
  }

  function libraryVersion(response: Response): number {
    return Number(response.headers.get('Last-Modified-Version') ?? 0) || 0;
  }

  async function writeBatch(
    userId: number,
    apiKey: string | undefined,
    batch: ReadonlyArray<ZoteroItem | ZoteroNoteItem>,
  ): Promise<WriteResult[]> {
    // One token per batch, kept across its retries.
    const token = newToken();
    const { response, retried } = await request('POST', `/users/${userId}/items`, apiKey, {
      body: JSON.stringify(batch),
      writeToken: token,
    });
    if (response.status === 412 && retried) {
      // The token was already used: an earlier attempt of this very batch was written.
      await response.body?.cancel();
      return batch.map(() => ({ status: 'written', key: undefined }));
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw failure(response, 'write');
    }
    const reply = (await json(response)) as {
      successful?: Record<string, { key?: string }>;
      success?: Record<string, string>;
      unchanged?: Record<string, string>;
      failed?: Record<string, { code?: number; message?: string }>;
    };
    return batch.map((_item, index): WriteResult => {
      const at = String(index);
      const created = reply.successful?.[at]?.key ?? reply.success?.[at];
      if (created !== undefined) return { status: 'created', key: created };
      const unchanged = reply.unchanged?.[at];
      if (unchanged !== undefined) return { status: 'unchanged', key: unchanged };
      const failed = reply.failed?.[at];
      return {
        status: 'failed',
        code: failed?.code ?? 0,
        message: failed?.message ?? 'Zotero did not report on this item',
      };
    });
  }

  return {
    async keyInfo(apiKey) {
      const { response } = await request('GET', '/keys/current', apiKey);
      if (response.status !== 200) {
        await response.body?.cancel();
        throw failure(response, 'key');
      }
      const reply = (await json(response)) as {
        userID?: unknown;
        username?: unknown;
        access?: { user?: { write?: unknown } };
      };
      if (typeof reply.userID !== 'number') throw new ZoteroWebApiError('failed', 200, 'no user id');
      return {
        userId: reply.userID,
        username: String(reply.username ?? ''),
        canWrite: reply.access?.user?.write === true,
      };
    },

    async createItems(userId, apiKey, items) {
      const results: WriteResult[] = [];
      for (let start = 0; start < items.length; start += MAX_BATCH) {
        results.push(...(await writeBatch(userId, apiKey, items.slice(start, start + MAX_BATCH))));
      }
      return results;
    },

    async itemVersions(userId, apiKey, since) {
      const { response } = await request(
        'GET',
        `/users/${userId}/items?since=${since}&format=versions&includeTrashed=1`,
        apiKey,
      );
      if (response.status !== 200) {
        await response.body?.cancel();
        throw failure(response, 'versions');
      }
      const reply = await json(response);
      const versions: Record<string, number> = {};
      if (typeof reply === 'object' && reply !== null) {
        for (const [key, version] of Object.entries(reply)) if (typeof version === 'number') versions[key] = version;
      }
      return { versions, libraryVersion: libraryVersion(response) };
    },

    async items(userId, apiKey, keys) {
      const found: ZoteroApiItem[] = [];
      for (let start = 0; start < keys.length; start += MAX_BATCH) {
        const batch = keys
          .slice(start, start + MAX_BATCH)
          .map(encodeURIComponent)
          .join(',');
        const { response } = await request(
          'GET',
          `/users/${userId}/items?itemKey=${batch}&includeTrashed=1&format=json`,
          apiKey,
        );
        if (response.status !== 200) {
          await response.body?.cancel();
          throw failure(response, 'items');
        }
        const reply = await json(response);
        if (Array.isArray(reply)) found.push(...(reply as ZoteroApiItem[]));
      }
      return found;
    },

    async deleted(userId, apiKey, since) {
      const { response } = await request('GET', `/users/${userId}/deleted?since=${since}`, apiKey);
      if (response.status !== 200) {
        await response.body?.cancel();
        throw failure(response, 'deleted');
      }
      const reply = (await json(response)) as { items?: unknown };
      const items = Array.isArray(reply.items) ? reply.items.map(String) : [];
      return { items, libraryVersion: libraryVersion(response) };
    },
  };
}
