/**
 * A client of Zotero desktop's connector server (`http://127.0.0.1:23119/connector/…`) over a given fetch, speaking as
 * the Zotero Connector does. What it relies on, from zotero/zotero @f2a42be:
 *
 * - `chrome/content/zotero/xpcom/server/server.js`: the Host must be 127.0.0.1, [::1] or localhost (else 400); a request
 *   with a browser User-Agent (`Mozilla/…`) or an `Origin` header is cut off without a reply unless it carries
 *   `X-Zotero-Connector-API-Version` (so a refused request looks exactly like Zotero not running); JSON bodies need
 *   `Content-Type: application/json`; every reply carries `X-Zotero-Version`.
 * - `server_connector.js`: `/connector/ping`; `/connector/getSelectedCollection`; `/connector/saveItems` → 201, 409
 *   `{"error":"SESSION_EXISTS"}` for a session id already used, 500 `{"libraryEditable":false}` for a read-only
 *   library; `/connector/updateSession` → 200, 400 `SESSION_NOT_FOUND` / `COLLECTION_NOT_FOUND`.
 * - `saveSession.js`: updateSession applies its tags (as the user's own tags) and its note (a child note, HTML) to every
 *   item of the session, so a paper with its own note is saved in a session of its own (savePaper).
 *
 * Headers are those zotero/zotero-connectors @c279ccc `src/common/connector.js` `callMethod` sends, and like it a reply
 * without `X-Zotero-Version` is not Zotero's. `findExistingItems` is zotero/zotero PR #5988, not in any release yet: a
 * Zotero without it answers 404 ("No endpoint found"), and the client then says it cannot tell.
 */
import type { ZoteroItem } from './item.ts';

export const CONNECTOR_URL = 'http://127.0.0.1:23119';
/** The connector API version Zotero 7 to 10 speak (server_connector.js `CONNECTOR_API_VERSION`). */
export const CONNECTOR_API_VERSION = 3;

/** The part of fetch this client uses: the extension passes the real one, tests a fake's. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<Response>;

export type ConnectorErrorKind =
  | 'not-running'
  | 'not-zotero'
  | 'read-only'
  | 'session-exists'
  | 'session-not-found'
  | 'collection-not-found'
  | 'failed';

const MESSAGES: Readonly<Record<ConnectorErrorKind, string>> = {
  'not-running': 'Zotero is not running (start Zotero desktop and try again).',
  'not-zotero': 'Something other than Zotero answers on port 23119.',
  'read-only': 'The library selected in Zotero is read-only: select one you can edit.',
  'session-exists': 'Zotero is already saving this (the same save was sent twice).',
  'session-not-found': 'Zotero no longer knows this save (it forgets them after 10 minutes).',
  'collection-not-found': 'That collection no longer exists in Zotero.',
  failed: 'Zotero could not save.',
};

export class ZoteroConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly status: number | undefined;
  constructor(kind: ConnectorErrorKind, status?: number, detail?: string) {
    super(detail === undefined ? MESSAGES[kind] : `${MESSAGES[kind]} (${detail})`);
    this.name = 'ZoteroConnectorError';
    this.kind = kind;
    this.status = status;
  }
}

/** Where Zotero will save: the library or collection selected in its window. */
export interface SaveTarget {
  libraryID: number;
  libraryName: string;
  /** Whether the selected library or collection can take items. */
  editable: boolean;
  /** The selected collection's id, null for the library itself. */
  id: number | null;
  /** The collection's name, or the library's. */
  name: string;
  /** The target id updateSession takes: `C<collection id>` or `L<library id>` (Zotero's treeViewID). */
  target: string;
  /** Every editable library and collection, in tree order (`level` 0 is a library). */
  targets: Array<{ id: string; name: string; level: number }>;
}

/** One item a Zotero with findExistingItems says it has. */
export interface ExistingItem {
  key: string;
  title: string;
  matchedFields: string[];
}

export interface ConnectorOptions {
  fetch: FetchLike;
  /** Sent as `X-Zotero-Version`, as the Connector sends its own version. */
  clientVersion: string;
  baseUrl?: string;
}

export interface ZoteroConnector {
  /** Zotero's version when it runs; throws ZoteroConnectorError otherwise. */
  ping(): Promise<{ version: string }>;
  selectedCollection(): Promise<SaveTarget>;
  /** Saves items (each with an `id` unique in the session) into the target selected in Zotero. */
  saveItems(items: ReadonlyArray<ZoteroItem & { id: string }>, sessionId: string, uri?: string): Promise<void>;
  /** Moves the session's items to `target` and gives them `tags` and the child note `note` (HTML, noteHtml). */
  updateSession(sessionId: string, target: string, tags: readonly string[], note: string): Promise<void>;
  /**
   * The items Zotero has with this DOI or exact URL; undefined when this Zotero cannot tell (no findExistingItems:
   * every release so far). Fails open: callers show no mark rather than a wrong one.
   */
  findExistingItems(query: { doi?: readonly string[]; url?: readonly string[] }): Promise<ExistingItem[] | undefined>;
  /**
   * One paper in a session of its own: saveItems (without tags: they would become automatic tags), then updateSession
   * with the user's tags and note when there are any.
   */
  savePaper(
    item: ZoteroItem,
    options: { sessionId: string; target: string; note: string; uri?: string },
  ): Promise<void>;
}

export function zoteroConnector(options: ConnectorOptions): ZoteroConnector {
  const base = options.baseUrl ?? CONNECTOR_URL;
  const headers = {
    'Content-Type': 'application/json',
    'X-Zotero-Version': options.clientVersion,
    'X-Zotero-Connector-API-Version': String(CONNECTOR_API_VERSION),
  };

  /** POSTs `body` to `/connector/<method>`: the status and the JSON reply (or text), once Zotero's header is seen. */
  async function call(method: string, body: unknown): Promise<{ status: number; data: unknown; version: string }> {
    let response: Response;
    try {
      response = await options.fetch(`${base}/connector/${method}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
    } catch {
      // Connection refused, and also a request Zotero refused as a browser's: server.js closes it without a reply.
      throw new ZoteroConnectorError('not-running');
    }
    const version = response.headers.get('X-Zotero-Version');
    if (version === null) throw new ZoteroConnectorError('not-zotero', response.status);
    const text = await response.text();
    let data: unknown = text;
    if ((response.headers.get('Content-Type') ?? '').includes('application/json') && text !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        throw new ZoteroConnectorError('failed', response.status, 'unreadable reply');
      }
    }
    return { status: response.status, data, version };
  }

  function errorOf(status: number, data: unknown): ZoteroConnectorError {
    const code = typeof data === 'object' && data !== null ? (data as { error?: unknown }).error : undefined;
    if (code === 'SESSION_EXISTS') return new ZoteroConnectorError('session-exists', status);
    if (code === 'SESSION_NOT_FOUND') return new ZoteroConnectorError('session-not-found', status);
    if (code === 'COLLECTION_NOT_FOUND') return new ZoteroConnectorError('collection-not-found', status);
    if (
      typeof data === 'object' &&
      data !== null &&
      (data as { libraryEditable?: unknown }).libraryEditable === false
    ) {
      return new ZoteroConnectorError('read-only', status);
    }
    const detail = typeof code === 'string' ? code : `HTTP ${status}`;
    return new ZoteroConnectorError('failed', status, detail);
  }

  const connector: ZoteroConnector = {
    async ping() {
      const { status, data, version } = await call('ping', {});
      if (status !== 200) throw errorOf(status, data);
      return { version };
    },

    async selectedCollection() {
      const { status, data } = await call('getSelectedCollection', {});
      if (status !== 200 || typeof data !== 'object' || data === null) throw errorOf(status, data);
      const reply = data as Partial<Omit<SaveTarget, 'target'>>;
      if (typeof reply.libraryID !== 'number') throw new ZoteroConnectorError('failed', status, 'no library');
      const id = typeof reply.id === 'number' ? reply.id : null;
      const targets = Array.isArray(reply.targets) ? reply.targets : [];
      return {
        libraryID: reply.libraryID,
        libraryName: String(reply.libraryName ?? ''),
        editable: reply.editable !== false,
        id,
        name: String(reply.name ?? reply.libraryName ?? ''),
        target: id === null ? `L${reply.libraryID}` : `C${id}`,
        targets: targets.map((target) => ({
          id: String(target.id),
          name: String(target.name),
          level: Number(target.level) || 0,
        })),
      };
    },

    async saveItems(items, sessionId, uri) {
      const body = { sessionID: sessionId, uri: uri ?? '', items: items.map((item) => ({ ...item, attachments: [] })) };
      const { status, data } = await call('saveItems', body);
      if (status !== 201) throw errorOf(status, data);
    },

    async updateSession(sessionId, target, tags, note) {
      const { status, data } = await call('updateSession', { sessionID: sessionId, target, tags: [...tags], note });
      if (status !== 200) throw errorOf(status, data);
    },

    async findExistingItems(query) {
      const identifiers = { doi: [...(query.doi ?? [])], url: [...(query.url ?? [])] };
      const { status, data } = await call('findExistingItems', { identifiers });
      // 404: no such endpoint (every release so far); 400 and 501: a request this Zotero does not understand.
      if (status === 404 || status === 400 || status === 501) return undefined;
      if (status !== 200) throw errorOf(status, data);
      const matches = typeof data === 'object' && data !== null ? (data as { matches?: unknown }).matches : undefined;
      if (!Array.isArray(matches)) return undefined;
      return matches
        .filter((match): match is Record<string, unknown> => typeof match === 'object' && match !== null)
        .map((match) => ({
          key: String(match.key ?? ''),
          title: String(match.title ?? ''),
          matchedFields: Array.isArray(match.matchedFields) ? match.matchedFields.map(String) : [],
        }));
    },

    async savePaper(item, { sessionId, target, note, uri }) {
      const tags = item.tags.map((tag) => tag.tag);
      await connector.saveItems([{ ...item, tags: [], id: sessionId }], sessionId, uri ?? item.url);
      if (tags.length > 0 || note !== '') await connector.updateSession(sessionId, target, tags, note);
    },
  };
  return connector;
}
